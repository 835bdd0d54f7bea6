"""The admin form of a mailing: audience choices as tick boxes; criteria that go together."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm

from loket.accounts.models import CompanySize, Province
from loket.sanitize import clean_text


class MailingAdminForm(WagtailAdminModelForm):
    provinces = forms.MultipleChoiceField(
        label=_("Provincies"),
        choices=Province.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leeg: alle provincies."),
    )
    size_bands = forms.MultipleChoiceField(
        label=_("Bedrijfsgrootte"),
        choices=CompanySize.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leeg: elke grootte."),
    )

    def clean_subject(self):
        return clean_text(self.cleaned_data.get("subject", "")).strip()

    def clean_preheader(self):
        return clean_text(self.cleaned_data.get("preheader", "")).strip()

    def clean(self):
        cleaned = super().clean()
        attendance = cleaned.get("attendance")
        event = cleaned.get("attendance_event")
        start, until = cleaned.get("attendance_from"), cleaned.get("attendance_until")
        if attendance:
            if event is None and not (start and until):
                self.add_error(
                    "attendance_event",
                    ValidationError(_("Kies een bijeenkomst, of vul een periode in (van en tot).")),
                )
            if event is not None and (start or until):
                self.add_error(
                    "attendance_from",
                    ValidationError(_("Kies óf een bijeenkomst óf een periode, niet allebei.")),
                )
        elif event is not None or start or until:
            self.add_error(
                "attendance",
                ValidationError(_("Kies of het om aanwezigen of afwezigen gaat.")),
            )
        if start and until and start > until:
            self.add_error(
                "attendance_until", ValidationError(_("De einddatum ligt vóór de begindatum."))
            )
        return cleaned
