"""Django's password validators with short, personal Dutch messages.

Django's own Dutch catalogue addresses people formally and misses the 5.2 message for a short
password; these say the same thing the way the rest of the site talks. Listed in
AUTH_PASSWORD_VALIDATORS.
"""

from django.contrib.auth import password_validation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self):
        return ngettext(
            "Je wachtwoord is te kort: gebruik minstens %(min_length)d teken.",
            "Je wachtwoord is te kort: gebruik minstens %(min_length)d tekens.",
            self.min_length,
        ) % {"min_length": self.min_length}

    def get_help_text(self):
        return ngettext(
            "Minstens %(min_length)d teken.", "Minstens %(min_length)d tekens.", self.min_length
        ) % {"min_length": self.min_length}


class UserAttributeSimilarityValidator(password_validation.UserAttributeSimilarityValidator):
    def get_error_message(self):
        return _("Je wachtwoord lijkt te veel op je %(verbose_name)s. Kies iets anders.")

    def get_help_text(self):
        return _("Niet te veel lijkend op je naam of e-mailadres.")


class CommonPasswordValidator(password_validation.CommonPasswordValidator):
    def get_error_message(self):
        return _("Dit wachtwoord wordt te vaak gebruikt. Kies iets dat minder voor de hand ligt.")

    def get_help_text(self):
        return _("Geen veelgebruikt wachtwoord.")


class NumericPasswordValidator(password_validation.NumericPasswordValidator):
    def get_error_message(self):
        return _("Je wachtwoord bestaat alleen uit cijfers. Zet er ook letters in.")

    def get_help_text(self):
        return _("Niet alleen cijfers.")
