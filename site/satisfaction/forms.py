"""The short question after a contact, and the consent step for a high score with a sentence."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import CES_MAX, CES_MIN, SCORE_MAX, SCORE_MIN, SENTENCE_MAX_LENGTH, Resolved

SCORE_MESSAGE = _("Kies een rapportcijfer van 1 tot en met 10.")
CES_MESSAGE = _("Kies bij moeite een getal van 1 tot en met 5.")
RESOLVED_MESSAGE = _("Laat weten of je vraag is opgelost: ja, deels of nee.")


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Welk rapportcijfer geef je ons?"),
        choices=[(n, str(n)) for n in range(SCORE_MIN, SCORE_MAX + 1)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": SCORE_MESSAGE, "invalid_choice": SCORE_MESSAGE},
    )
    ces = forms.TypedChoiceField(
        label=_("Hoeveel moeite kostte het om geholpen te worden?"),
        help_text=_("1 is heel weinig moeite, 5 is heel veel moeite."),
        choices=[(n, str(n)) for n in range(CES_MIN, CES_MAX + 1)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": CES_MESSAGE, "invalid_choice": CES_MESSAGE},
    )
    resolved = forms.ChoiceField(
        label=_("Is je vraag opgelost?"),
        choices=Resolved.choices,
        widget=forms.RadioSelect,
        error_messages={"required": RESOLVED_MESSAGE, "invalid_choice": RESOLVED_MESSAGE},
    )
    sentence = forms.CharField(
        label=_("Wil je er één zin over kwijt?"),
        required=False,
        max_length=SENTENCE_MAX_LENGTH,
        error_messages={"max_length": _("Houd het kort: hooguit 300 tekens.")},
    )


class ExperienceConsentForm(forms.Form):
    """Channels and display mode come from the app that takes the experience (the hook)."""

    channels = forms.MultipleChoiceField(
        label=_("Waar mogen we je ervaring laten zien?"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Kies minstens één plek, of laat het bij je cijfer."),
            "invalid_choice": _("Kies uit de plekken hieronder."),
        },
    )
    display_mode = forms.ChoiceField(
        label=_("Hoe mogen we je noemen?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies hoe we je mogen noemen."),
            "invalid_choice": _("Kies hoe we je mogen noemen."),
        },
    )

    def __init__(self, *args, offer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channels"].choices = [
            (value, text) for value, _label, text in offer.channels()
        ]
        self.fields["display_mode"].choices = offer.display_modes()
