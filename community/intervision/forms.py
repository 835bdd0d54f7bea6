"""Forms of intervision: the application, a case for the next session, session notes and
actions, and the rating at the end of a cycle."""

from django import forms
from django.utils.translation import gettext_lazy as _

from loket.accounts.models import CompanySize, Province, Sector
from loket.themes.models import Theme

from .models.groups import DAY_PARTS, GroupStatus, IntervisionGroup
from .models.members import ExperienceDisplay


class ApplicationForm(forms.Form):
    group = forms.ModelChoiceField(
        label=_("Groep"),
        queryset=IntervisionGroup.objects.none(),
        required=False,
        empty_label=_("Match mij met een passende groep"),
        help_text=_("Weet je het nog niet? Laat ons een groep zoeken die bij je past."),
    )
    theme = forms.ModelChoiceField(
        label=_("Thema waar je mee aan de slag wilt"),
        queryset=Theme.objects.none(),
        empty_label=_("Kies een thema"),
    )
    sector = forms.ChoiceField(
        label=_("Sector"), choices=[("", _("Kies je sector")), *Sector.choices]
    )
    size_band = forms.ChoiceField(
        label=_("Aantal medewerkers"), choices=[("", _("Kies het aantal")), *CompanySize.choices]
    )
    province = forms.ChoiceField(
        label=_("Provincie"), choices=[("", _("Kies je provincie")), *Province.choices]
    )
    municipality = forms.CharField(label=_("Gemeente"), max_length=100)
    company_name = forms.CharField(
        label=_("Je bedrijfsnaam"),
        max_length=150,
        required=False,
        help_text=_("Zo voorkomen we dat je bij iemand terechtkomt die jou liever niet treft."),
    )
    question = forms.CharField(
        label=_("Je vraag"),
        min_length=10,
        max_length=1500,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Waar loop je tegenaan? Een paar zinnen is genoeg."),
    )
    availability = forms.MultipleChoiceField(
        label=_("Wanneer kun je?"),
        choices=DAY_PARTS,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Kies alle dagdelen die je meestal vrij kunt maken."),
        error_messages={"required": _("Kies minstens één dagdeel waarop je kunt.")},
    )
    avoid_companies = forms.CharField(
        label=_("Liever niet in een groep met"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bijvoorbeeld een concurrent in je eigen plaats. Eén bedrijfsnaam per regel."),
    )
    consent = forms.BooleanField(
        label=_(
            "De communitymanager en de begeleider mogen mijn antwoorden lezen om mij in een "
            "passende groep te plaatsen."
        ),
        error_messages={
            "required": _("Zonder je toestemming kunnen we je niet aan een groep koppelen.")
        },
    )

    def __init__(self, *args, profile=None, **kwargs):
        if profile is not None and "initial" not in kwargs and not args:
            kwargs["initial"] = {
                "sector": profile.sector,
                "size_band": profile.company_size,
                "province": profile.province,
                "municipality": profile.municipality,
                "company_name": profile.company_name,
            }
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = IntervisionGroup.objects.filter(
            status=GroupStatus.FORMING
        ).order_by("title")
        self.fields["theme"].queryset = Theme.objects.order_by("name")


class CaseForm(forms.Form):
    title = forms.CharField(label=_("Titel van je casus"), min_length=3, max_length=120)
    body = forms.CharField(
        label=_("Wat speelt er?"),
        min_length=20,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Beschrijf de situatie en je vraag aan de groep. Alleen je groep leest mee."),
    )


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Hoe waardeer je de groep?"),
        coerce=int,
        choices=[(n, str(n)) for n in range(5, 0, -1)],
        widget=forms.RadioSelect,
        help_text=_("5 is uitstekend, 1 is slecht."),
    )
    experience = forms.CharField(
        label=_("Wil je je ervaring delen?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Niet verplicht. We gebruiken je ervaring pas na jouw toestemming, "
            "en nooit met wat in de groep besproken is."
        ),
    )
    share_consent = forms.BooleanField(
        label=_(
            "Het Ondernemersloket mag mijn ervaring, na controle door de redactie, op de website "
            "laten zien. Wat in de groep besproken is, blijft erbuiten."
        ),
        required=False,
    )
    display = forms.TypedChoiceField(
        label=_("Zo mogen we je tonen"),
        choices=ExperienceDisplay.choices,
        initial=ExperienceDisplay.ANONYMOUS,
        required=False,
        empty_value=ExperienceDisplay.ANONYMOUS,
        widget=forms.RadioSelect,
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("share_consent") and not (cleaned.get("experience") or "").strip():
            self.add_error("experience", _("Schrijf eerst je ervaring op; dan kun je hem delen."))
        return cleaned


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Aantekening"),
        min_length=3,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kort en voor de groep: wat nemen we mee? Alleen de groep leest mee."),
    )


class ActionForm(forms.Form):
    description = forms.CharField(label=_("Actie"), min_length=3, max_length=300)
    owner = forms.TypedChoiceField(
        label=_("Wie"), coerce=int, empty_value=None, required=False, choices=()
    )

    def __init__(self, *args, owners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", _("De hele groep")), *owners]
