"""Forms of the community pages. They check shape and size; the rules live in the services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from loket.accounts.models import CompanySize, Province, Sector
from loket.themes.models import Theme

from .models.discussions import FlagReason, ThreadKind
from .services.directory import MAX_MESSAGE_CHARS
from .services.discussions import MAX_BODY_CHARS, MAX_TITLE_CHARS
from .services.membership import MAX_MOTIVATION_CHARS, MAX_REASON_CHARS


def _blank(label):
    return [("", label)]


class CommunityFilterForm(forms.Form):
    """GET filters of ``/communities/``; unknown values are skipped with a message."""

    FIELDS = ("thema", "regio", "sector")

    thema = forms.ChoiceField(label=_("Thema"), required=False)
    regio = forms.ChoiceField(
        label=_("Regio"), required=False, choices=_blank(_("Alle regio's")) + Province.choices
    )
    sector = forms.ChoiceField(
        label=_("Sector"), required=False, choices=_blank(_("Alle sectoren")) + Sector.choices
    )

    def __init__(self, *args, themes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["thema"].choices = _blank(_("Alle thema's")) + [
            (t.slug, t.name) for t in themes
        ]

    def filters(self):
        """``(valid values, names of fields with an unknown value)``."""
        values, invalid = {}, []
        for name in self.FIELDS:
            raw = (self.data.get(name) or "").strip()
            if not raw:
                continue
            if raw in {str(value) for value, _label in self.fields[name].choices}:
                values[name] = raw
            else:
                invalid.append(name)
        return values, invalid


class JoinForm(forms.Form):
    motivation = forms.CharField(
        label=_("Waarom wil je lid worden?"),
        required=False,
        max_length=MAX_MOTIVATION_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Een paar zinnen over jou en je bedrijf helpen de communitymanager."),
    )


FORMATTING_HELP = _(
    "Opmaak mag: **vet**, *schuin*, een opsomming met - aan het begin van de regel, een "
    "genummerde lijst met 1. en een link als [tekst](https://…). Een lege regel begint een nieuwe "
    "alinea. Afbeeldingen en HTML worden niet getoond."
)


class ThreadForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Wat wil je delen?"),
        choices=ThreadKind.choices,
        initial=ThreadKind.QUESTION,
        widget=forms.RadioSelect,
    )
    title = forms.CharField(
        label=_("Titel"),
        max_length=MAX_TITLE_CHARS,
        help_text=_("Bijvoorbeeld: Hoe vinden jullie goede vakmensen?"),
    )
    body = forms.CharField(
        label=_("Je bericht"),
        max_length=MAX_BODY_CHARS,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=FORMATTING_HELP,
    )


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Je reactie"),
        max_length=MAX_BODY_CHARS,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=FORMATTING_HELP,
    )


class EditPostForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=MAX_TITLE_CHARS)
    body = forms.CharField(
        label=_("Je bericht"),
        max_length=MAX_BODY_CHARS,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=FORMATTING_HELP,
    )

    def __init__(self, *args, with_title=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_title:
            del self.fields["title"]


class FlagForm(forms.Form):
    reason = forms.ChoiceField(label=_("Waarom meld je dit?"), choices=FlagReason.choices)
    explanation = forms.CharField(label=_("Toelichting (mag leeg)"), required=False, max_length=300)


class ProposalForm(forms.Form):
    title = forms.CharField(
        label=_("Onderwerp"),
        max_length=160,
        help_text=_("Bijvoorbeeld: Hoe financier ik een overname?"),
    )
    description = forms.CharField(
        label=_("Toelichting"),
        required=False,
        max_length=1500,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    theme = forms.ModelChoiceField(
        label=_("Thema"),
        queryset=Theme.objects.all(),
        required=False,
        empty_label=_("Kies een thema"),
    )


class DirectoryFilterForm(forms.Form):
    sector = forms.ChoiceField(
        label=_("Sector"), required=False, choices=_blank(_("Alle sectoren")) + Sector.choices
    )
    grootte = forms.ChoiceField(
        label=_("Aantal medewerkers"),
        required=False,
        choices=_blank(_("Alle groottes")) + CompanySize.choices,
    )
    gemeente = forms.CharField(label=_("Gemeente"), required=False, max_length=100)
    thema = forms.ModelChoiceField(
        label=_("Thema"),
        required=False,
        queryset=Theme.objects.all(),
        to_field_name="slug",
        empty_label=_("Alle thema's"),
    )


class ContactForm(forms.Form):
    message = forms.CharField(
        label=_("Je bericht"),
        max_length=MAX_MESSAGE_CHARS,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    share_email = forms.BooleanField(
        label=_("Deel mijn e-mailadres, zodat de ander mij rechtstreeks kan antwoorden"),
        required=False,
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reden"), required=False, max_length=MAX_REASON_CHARS, widget=forms.TextInput
    )
