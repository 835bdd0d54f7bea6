from django import forms
from django.utils.translation import gettext_lazy as _


class TipForm(forms.Form):
    name = forms.CharField(
        label=_("Voornaam van je collega-ondernemer"), max_length=150, required=False
    )
    email = forms.EmailField(
        label=_("E-mailadres"),
        max_length=254,
        error_messages={"invalid": _("Dit e-mailadres klopt niet. Kijk je het even na?")},
    )
    note = forms.CharField(
        label=_("Je persoonlijke boodschap"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Pas hem gerust aan: in je eigen woorden werkt het best."),
    )
