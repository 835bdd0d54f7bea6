"""Forms of the fitheidscan's result page: mail it once, keep it on the account."""

from django import forms
from django.utils.translation import gettext_lazy as _


class MailResultForm(forms.Form):
    email = forms.EmailField(
        label=_("Je e-mailadres"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Vul je e-mailadres in."),
            "invalid": _("Dit lijkt geen e-mailadres; kijk je het even na?"),
        },
    )
    consent = forms.BooleanField(
        label=_("Stuur mij dit resultaat één keer per mail. Mijn adres komt op geen enkele lijst."),
        error_messages={"required": _("We mailen je resultaat alleen als je dat aanvinkt.")},
    )


class SaveResultForm(forms.Form):
    use_for_profile = forms.BooleanField(
        label=_(
            "Gebruik de thema's waar ik het meest te winnen heb voor suggesties en berichten "
            "voor mij."
        ),
        required=False,
    )
