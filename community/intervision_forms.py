"""Forms of intervision: the member's application and a case for the next session."""

from django import forms
from django.utils.translation import gettext_lazy as _

from loket.accounts.models import CompanySize, Province, Sector
from loket.themes.models import Theme

from .models.intervision import DAY_PARTS, GroupStatus, IntervisionGroup


class ApplicationForm(forms.Form):
    group = forms.ModelChoiceField(
        label=_("Groep"),
        queryset=IntervisionGroup.objects.none(),
        required=False,
        empty_label=_("Match mij met een passende groep"),
        help_text=_("Weet je het nog niet? Laat ons een groep zoeken die bij je past."),
    )
    theme = forms.ModelChoiceField(
        label=_("Thema waar je mee aan de slag wilt"), queryset=Theme.objects.none()
    )
    sector = forms.ChoiceField(label=_("Sector"), choices=[("", "—"), *Sector.choices])
    size_band = forms.ChoiceField(
        label=_("Aantal medewerkers"), choices=[("", "—"), *CompanySize.choices]
    )
    province = forms.ChoiceField(label=_("Provincie"), choices=[("", "—"), *Province.choices])
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
