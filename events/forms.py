"""Forms of the event pages: registering (member and visitor), and the agenda filters."""

from datetime import datetime, time

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.accounts.models import CompanySize, Province
from loket.credits import services as credits
from loket.themes.models import Theme

from .models.choices import EventFormat, EventType
from .models.registration import Feedback
from .services.registration import MAX_ANSWER_CHARS


class RegistrationForm(forms.Form):
    """A member's one-click registration, with optional colleagues and the event's question."""

    answer = forms.CharField(
        required=False,
        max_length=MAX_ANSWER_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, event, member=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["answer"].label = event.question or _("Wil je de organisatie iets meegeven?")
        # A member may pay with credits when the event allows it. The balance here only decides
        # whether to offer the choice; a submitted choice always reaches the service, which
        # checks again under a lock and refuses too few credits rather than register unpaid.
        self.credits_available = None
        if member is not None and event.payable_with_credits:
            self.credits_available = credits.balance(member).available
            if self.is_bound or self.credits_available >= event.credits_price:
                help_text = _("Je hebt %(available)s credits.") % {
                    "available": self.credits_available
                }
                if event.max_colleagues:
                    help_text += " " + _(
                        "Met collega's erbij betaal je %(n)s credits per plek."
                    ) % {"n": event.credits_price}
                self.fields["pay_with_credits"] = forms.BooleanField(
                    required=False,
                    label=_("Betaal met %(n)s credits") % {"n": event.credits_price},
                    help_text=help_text,
                )
        self.colleague_fields = []
        for i in range(1, event.max_colleagues + 1):
            name = forms.CharField(
                label=_("Naam collega %(n)s") % {"n": i}, required=False, max_length=120
            )
            email = forms.EmailField(
                label=_("E-mailadres collega %(n)s (mag leeg)") % {"n": i},
                required=False,
                error_messages={"invalid": _("Vul een geldig e-mailadres in.")},
            )
            self.fields[f"colleague_{i}_name"] = name
            self.fields[f"colleague_{i}_email"] = email
            self.colleague_fields.append((f"colleague_{i}_name", f"colleague_{i}_email"))

    def clean(self):
        cleaned = super().clean()
        for name_field, email_field in self.colleague_fields:
            if cleaned.get(email_field) and not cleaned.get(name_field):
                self.add_error(name_field, _("Vul ook de naam van je collega in."))
        return cleaned

    def pays_with_credits(self):
        return bool(self.cleaned_data.get("pay_with_credits"))

    def colleagues(self):
        return [
            {"name": self.cleaned_data.get(n, ""), "email": self.cleaned_data.get(e, "")}
            for n, e in self.colleague_fields
            if self.cleaned_data.get(n)
        ]

    def colleague_rows(self):
        return [(self[n], self[e]) for n, e in self.colleague_fields]

    def show_colleagues(self):
        """Keep the colleagues part open when the visitor filled it in or made a mistake there."""
        names = [name for pair in self.colleague_fields for name in pair]
        return self.is_bound and any(self.data.get(n) or n in self.errors for n in names)

    def visitor_fields(self):
        return []


class VisitorRegistrationForm(RegistrationForm):
    """Registering without an account: creates a light account the visitor can claim later."""

    first_name = forms.CharField(label=_("Voornaam"), max_length=150)
    last_name = forms.CharField(label=_("Achternaam"), max_length=150)
    email = forms.EmailField(
        label=_("E-mailadres"),
        error_messages={
            "invalid": _("Dit e-mailadres klopt niet; controleer het even."),
            "required": _("Vul je e-mailadres in; daar sturen we de bevestiging naartoe."),
        },
    )
    company_name = forms.CharField(label=_("Bedrijfsnaam"), max_length=200)
    size_band = forms.ChoiceField(
        label=_("Aantal medewerkers"),
        choices=[("", _("Kies…")), *CompanySize.choices],
    )
    consent = forms.BooleanField(
        label=_(
            "Het Ondernemersloket mag mijn gegevens gebruiken voor deze aanmelding en maakt er "
            "een account voor aan dat ik later kan activeren."
        ),
        error_messages={"required": _("Zonder jouw akkoord kunnen we je niet aanmelden.")},
    )

    field_order = ["first_name", "last_name", "email", "company_name", "size_band"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("first_name", "last_name"):
            self.fields[name].error_messages["required"] = _("Vul je naam in.")
        self.fields["company_name"].error_messages["required"] = _("Vul je bedrijfsnaam in.")
        self.fields["size_band"].error_messages["required"] = _("Kies hoeveel mensen er werken.")
        self.fields["size_band"].error_messages["invalid_choice"] = _("Kies een van de opties.")

    def visitor_fields(self):
        return [
            self[name] for name in ("first_name", "last_name", "email", "company_name", "size_band")
        ]

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mailadres van je collega-ondernemer"),
        error_messages={
            "invalid": _("Dit e-mailadres klopt niet; controleer het even."),
            "required": _("Vul het e-mailadres in van wie je wilt meenemen."),
        },
    )
    note = forms.CharField(
        label=_("Persoonlijke noot"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Bijvoorbeeld: dit is precies waar we het laatst over hadden!"),
        error_messages={"max_length": _("Houd je noot onder de 500 tekens.")},
    )


class FeedbackForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Welk rapportcijfer geef je de bijeenkomst?"),
        choices=[(n, str(n)) for n in range(1, 11)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies een cijfer van 1 tot en met 10.")},
    )
    progressed = forms.ChoiceField(
        label=_("Kwam je een stap verder?"),
        choices=Feedback.Progress.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Laat even weten of je een stap verder kwam.")},
    )
    effort = forms.TypedChoiceField(
        label=_("Hoe makkelijk was het om mee te doen?"),
        help_text=_("1 is heel moeilijk, 5 is heel makkelijk."),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies een getal van 1 tot en met 5.")},
    )
    sentence = forms.CharField(
        label=_("Wat neem je mee, in één zin?"),
        required=False,
        max_length=300,
        error_messages={"max_length": _("Houd het kort: hooguit 300 tekens.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("score", "effort"):
            self.fields[name].error_messages["invalid_choice"] = self.fields[name].error_messages[
                "required"
            ]
        self.fields["progressed"].error_messages["invalid_choice"] = _(
            "Kies ja, een beetje of nee."
        )


class AgendaFilterForm(forms.Form):
    """Filters of the agenda, read from the query string. Invalid values are dropped, not fatal."""

    thema = forms.ModelChoiceField(
        label=_("Thema"),
        queryset=Theme.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("Alle thema's"),
    )
    regio = forms.ChoiceField(
        label=_("Regio"), required=False, choices=[("", _("Alle regio's")), *Province.choices]
    )
    vorm = forms.ChoiceField(
        label=_("Vorm"), required=False, choices=[("", _("Alle vormen")), *EventFormat.choices]
    )
    soort = forms.ChoiceField(
        label=_("Soort"), required=False, choices=[("", _("Alle soorten")), *EventType.choices]
    )
    van = forms.DateField(
        label=_("Vanaf"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    tot = forms.DateField(
        label=_("Tot en met"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    FIELDS = ("thema", "regio", "vorm", "soort", "van", "tot")

    def __init__(self, data, *args, **kwargs):
        # Only our own keys: page numbers and tracking parameters are no filter.
        data = {key: data.get(key, "") for key in self.FIELDS if data.get(key, "").strip()}
        super().__init__(data, *args, **kwargs)

    def filters(self):
        """The valid filters as a dict, and the names of the invalid ones."""
        self.is_valid()
        invalid = [name for name in self.errors if name != "__all__"]
        values = {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
        van, tot = values.get("van"), values.get("tot")
        if van and tot and tot < van:
            invalid.append("tot")
            values.pop("tot")
        return values, invalid

    def apply(self, queryset, values):
        if "thema" in values:
            queryset = queryset.filter(themes=values["thema"])
        if "regio" in values:
            queryset = queryset.filter(region=values["regio"])
        if "vorm" in values:
            queryset = queryset.filter(format=values["vorm"])
        if "soort" in values:
            queryset = queryset.filter(event_type=values["soort"])
        if "van" in values:
            start = timezone.make_aware(datetime.combine(values["van"], time.min))
            queryset = queryset.filter(end__gte=start)
        if "tot" in values:
            end = timezone.make_aware(datetime.combine(values["tot"], time.max))
            queryset = queryset.filter(start__lte=end)
        return queryset
