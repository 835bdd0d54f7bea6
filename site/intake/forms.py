"""The intake request form (also rendered by the campaign block) and the staff's status forms.

The form validates; ``loket.intake.services`` stores. Free text is cleaned with
``loket.sanitize.clean_text``: a question that is nothing but markup is refused.
"""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from loket.accounts.models import CompanySize
from loket.sanitize import clean_text
from loket.themes.models import Theme

from .models import QUESTION_MAX_LENGTH, Channel

QUESTION_MIN_LENGTH = 15
HONEYPOT = "website"
CONSENT_TEXT = _(
    "Ik ga ermee akkoord dat het Ondernemersloket mijn gegevens gebruikt om het intakegesprek "
    "te plannen en te houden."
)
SCAN_SHARE_TEXT = _(
    "De adviseur mag mijn laatst bewaarde fitheidscan (uitslag en antwoorden) zien bij dit gesprek."
)
# A campaign code as campaign links carry it (utm_campaign); anything else is dropped quietly.
CAMPAIGN_CODE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,79}$")
PHONE = re.compile(r"^\+?[0-9 ()-]{8,20}$")
REQUIRED = _("Dit hebben we nog van je nodig.")


def clean_campaign_code(value):
    value = (value or "").strip().lower()
    return value if CAMPAIGN_CODE.match(value) else ""


class IntakeRequestForm(forms.Form):
    name = forms.CharField(
        label=_("Je naam"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={
            "required": _("Vul je naam in."),
            "max_length": _("Je naam mag maximaal %(limit_value)d tekens zijn."),
        },
    )
    email = forms.EmailField(
        label=_("Je e-mailadres"),
        max_length=254,
        help_text=_("Hier sturen we de bevestiging en de afspraak naartoe."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Vul je e-mailadres in."),
            "invalid": _("Vul een geldig e-mailadres in."),
        },
    )
    company = forms.CharField(
        label=_("Je bedrijf"),
        max_length=150,
        required=False,
        help_text=_("Nog geen bedrijf, want je start net? Laat het dan leeg."),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
        error_messages={"max_length": _("Maximaal %(limit_value)d tekens.")},
    )
    company_size = forms.ChoiceField(
        label=_("Hoeveel mensen werken er?"),
        choices=[("", _("Kies het aantal")), *CompanySize.choices],
        error_messages={
            "required": _("Kies hoeveel mensen er in je bedrijf werken."),
            "invalid_choice": _("Kies een van de aantallen uit de lijst."),
        },
    )
    theme = forms.ModelChoiceField(
        label=_("Waar gaat je vraag vooral over?"),
        queryset=Theme.objects.all(),
        required=False,
        empty_label=_("Weet ik nog niet"),
        error_messages={"invalid_choice": _("Dat thema kennen we niet. Kies er een uit de lijst.")},
    )
    question = forms.CharField(
        label=_("Je vraag, in een paar zinnen"),
        max_length=QUESTION_MAX_LENGTH,
        help_text=_("Waar loop je tegenaan, en wat wil je uit het gesprek halen?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": _("Vertel in een paar zinnen waar je vraag over gaat."),
            "max_length": _(
                "Houd het kort: maximaal %(limit_value)d tekens. De rest bespreken we graag "
                "in het gesprek."
            ),
        },
    )
    channel = forms.ChoiceField(
        label=_("Hoe wil je het gesprek voeren?"),
        choices=Channel.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies hoe je het gesprek wilt voeren."),
            "invalid_choice": _("Kies bezoek, telefoon of video."),
        },
    )
    phone = forms.CharField(
        label=_("Je telefoonnummer"),
        max_length=20,
        required=False,
        help_text=_("Nodig als je liever belt; anders handig als we iets willen afstemmen."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        error_messages={"max_length": _("Dit telefoonnummer is te lang.")},
    )
    privacy_consent = forms.BooleanField(
        label=CONSENT_TEXT,
        error_messages={
            "required": _(
                "We kunnen je aanvraag pas in behandeling nemen als je hiermee akkoord gaat."
            )
        },
    )
    share_scan = forms.BooleanField(
        label=SCAN_SHARE_TEXT,
        required=False,
        help_text=_(
            "Alleen als je de scan in je account bewaarde. Niemand anders bij het loket ziet je "
            "antwoorden; zonder vinkje ook de adviseur niet."
        ),
    )
    campaign = forms.CharField(required=False, widget=forms.HiddenInput)
    # Hidden from people by the template; a bot that fills every field fills this one too.
    website = forms.CharField(
        label=_("Laat dit veld leeg"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # A forged campaign code (null characters included) is dropped in clean_campaign, never
        # a reason to refuse an entrepreneur's request.
        self.fields["campaign"].validators = []
        # Only a member has a fitheidscan in their account to share.
        if user is None or not user.is_authenticated:
            del self.fields["share_scan"]
        if not self.is_bound and user is not None and user.is_authenticated:
            self.initial = {**self._member_initial(user), **self.initial}

    @staticmethod
    def _member_initial(user):
        initial = {"name": user.get_full_name(), "email": user.email}
        profile = getattr(user, "profile", None)
        if profile is not None:
            initial["company"] = profile.company_name
            initial["company_size"] = profile.company_size
            theme = profile.themes.order_by("sort_order", "name").first()
            if theme is not None:
                initial["theme"] = theme.pk
        return {key: value for key, value in initial.items() if value}

    @property
    def is_bot(self):
        """The honeypot was filled in: store nothing, but don't tell the bot."""
        return bool((self.data.get(HONEYPOT) or "").strip()) if self.is_bound else False

    def visible_fields_for_people(self):
        return [field for field in self.visible_fields() if field.name != HONEYPOT]

    def clean_name(self):
        name = clean_text(self.cleaned_data["name"])
        if not name:
            raise forms.ValidationError(_("Vul je naam in."))
        return name

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean_company(self):
        return clean_text(self.cleaned_data.get("company", ""))

    def clean_question(self):
        question = clean_text(self.cleaned_data["question"])
        if len(question) < QUESTION_MIN_LENGTH:
            raise forms.ValidationError(
                _("Vertel iets meer: een paar zinnen helpen de adviseur zich voor te bereiden.")
            )
        return question

    def clean_phone(self):
        phone = (self.cleaned_data.get("phone") or "").strip()
        if phone and not PHONE.match(phone):
            raise forms.ValidationError(
                _("Dit telefoonnummer klopt niet. Gebruik alleen cijfers, spaties en een +.")
            )
        return phone

    def clean_campaign(self):
        return clean_campaign_code(self.cleaned_data.get("campaign"))

    def clean(self):
        data = super().clean()
        if data.get("channel") == Channel.PHONE and not data.get("phone"):
            self.add_error("phone", _("Je wilt bellen: op welk nummer kunnen we je bereiken?"))
        return data


class BookingForm(IntakeRequestForm):
    """Step 3 of booking a slot: who you are and what you want to ask. The slot sets the form
    and the kind, the adviser's themes the theme; a phone conversation needs a number."""

    def __init__(self, *args, slot=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.slot = slot
        for name in ("channel", "campaign"):
            del self.fields[name]
        self.fields["theme"].label = _("Waar gaat je vraag vooral over?")
        self.fields["question"].help_text = _(
            "Zo kan de adviseur zich voorbereiden. Bij een speedconsult: je vraag in het kort."
        )
        if slot is not None and slot.format == Channel.PHONE:
            self.fields["phone"].help_text = _("De adviseur belt je op dit nummer.")

    def clean(self):
        data = forms.Form.clean(self)
        if self.slot is not None and self.slot.format == Channel.PHONE and not data.get("phone"):
            self.add_error("phone", _("Op welk nummer kan de adviseur je bellen?"))
        return data


# Staff: the status steps in the admin ------------------------------------------------------


class PlanForm(forms.Form):
    planned_at = forms.DateTimeField(
        label=_("Datum en tijd"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={
            "required": _("Kies de datum en tijd van het gesprek."),
            "invalid": _("Kies een geldige datum en tijd."),
        },
    )
    channel = forms.ChoiceField(
        label=_("Hoe"),
        choices=Channel.choices,
        error_messages={"invalid_choice": _("Kies bezoek, telefoon of video.")},
    )


class ReferForm(forms.Form):
    referred_to = forms.CharField(
        label=_("Doorverwezen naar"),
        max_length=200,
        error_messages={"required": _("Noteer naar wie of welke organisatie je doorverwijst.")},
    )


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Toelichting"), max_length=300, required=False, widget=forms.TextInput
    )
