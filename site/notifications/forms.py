"""The mail preferences form: one choice per kind of notification."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Delivery
from .services import choosable_kinds


class MailPreferencesForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in choosable_kinds():
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label,
                choices=Delivery.choices,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Kies hoe je hierover mail wilt krijgen."),
                    "invalid_choice": _("Kies direct, in de dagelijkse samenvatting of niet."),
                },
            )
