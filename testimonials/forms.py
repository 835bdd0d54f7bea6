"""Forms of "Deel mijn ervaring", the index filters, and the contributor's own page."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import EventPage
from loket.accounts.forms import ProfilePhotoField
from loket.accounts.models import Sector
from loket.core.formfields import ModelChoiceField
from loket.themes.models import Theme

from .models.choices import (
    PRIVATE_FEEDBACK_MAX_SCORE,
    Channel,
    DisplayMode,
    SubjectKind,
    validate_video_url,
)
from .services import CONSENT_TEXTS

REQUIRED = {"required": _("Dit hebben we nog van je nodig.")}


class ShareForm(forms.Form):
    name = forms.CharField(
        label=_("Je naam"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Je e-mailadres"),
        required=False,
        help_text=_("Alleen om je te laten weten wanneer je ervaring online staat."),
        error_messages={"invalid": _("Vul een geldig e-mailadres in.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    company_name = forms.CharField(
        label=_("Je bedrijf"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    sector = forms.ChoiceField(
        label=_("Sector"), choices=[("", _("Kies je sector")), *Sector.choices], required=False
    )
    subject_kind = forms.ChoiceField(
        label=_("Waar gaat je ervaring over?"),
        choices=SubjectKind.choices,
        initial=SubjectKind.EVENT,
        widget=forms.RadioSelect,
        error_messages=REQUIRED,
    )
    event = ModelChoiceField(
        label=_("Welke bijeenkomst?"),
        queryset=None,
        required=False,
        empty_label=_("Kies een bijeenkomst"),
        error_messages={"invalid_choice": _("Die bijeenkomst kennen we niet.")},
    )
    subject_label = forms.CharField(
        label=_("Naam van je intervisiegroep"),
        max_length=200,
        required=False,
    )
    score = forms.TypedChoiceField(
        label=_("Welk rapportcijfer geef je?"),
        choices=[(n, str(n)) for n in range(1, 11)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            **REQUIRED,
            "invalid_choice": _("Geef een rapportcijfer van 1 tot en met 10."),
        },
    )
    quote = forms.CharField(
        label=_("In één of twee zinnen: wat leverde het je op?"),
        max_length=280,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            **REQUIRED,
            "max_length": _("Houd het kort: maximaal %(limit_value)d tekens."),
        },
    )
    story = forms.CharField(
        label=_("Je verhaal"),
        required=False,
        max_length=5000,
        help_text=_("Wat speelde er, wat deed je en wat veranderde er? Zo lang als je wilt."),
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"max_length": _("Dat is een heel verhaal! Maximaal 5000 tekens.")},
    )
    theme = forms.ModelChoiceField(
        label=_("Thema"),
        queryset=Theme.objects.all(),
        required=False,
        empty_label=_("Kies een thema"),
        error_messages={"invalid_choice": _("Dat thema kennen we niet.")},
    )
    photo = ProfilePhotoField(
        label=_("Foto van jou of je bedrijf"),
        required=False,
        help_text=_("JPG, PNG, GIF of WebP, maximaal 2 MB. We tonen hem alleen bij je volle naam."),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/gif,image/webp"}
        ),
    )
    video_url = forms.URLField(
        label=_("Link naar een video"),
        required=False,
        assume_scheme="https",
        validators=[validate_video_url],
        help_text=_("Van YouTube of Vimeo."),
        error_messages={"invalid": _("Dit is geen geldige link.")},
    )
    display_mode = forms.ChoiceField(
        label=_("Hoe mogen we je tonen?"),
        choices=DisplayMode.choices,
        initial=DisplayMode.FULL,
        widget=forms.RadioSelect,
        error_messages=REQUIRED,
    )
    channels = forms.MultipleChoiceField(
        label=_("Waar mogen we je ervaring laten zien?"),
        choices=[(channel, CONSENT_TEXTS[channel]) for channel in Channel],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    private_only = forms.BooleanField(
        label=_("Ik deel mijn ervaring alleen met het loket; niet publiceren."),
        required=False,
    )

    def __init__(self, *args, user=None, link=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.link = link
        self.fields["event"].queryset = self._events()
        if user is not None:
            for name in ("name", "email"):
                del self.fields[name]
        else:
            self.fields["name"].required = True
            self.fields["name"].error_messages["required"] = _("Vul je naam in.")
            if link is not None and link.email:
                del self.fields["email"]
            else:
                self.fields["email"].required = True
                self.fields["email"].error_messages["required"] = _("Vul je e-mailadres in.")
        if link is not None and link.subject_kind:
            for name in ("subject_kind", "event", "subject_label"):
                del self.fields[name]

    def _events(self):
        since = timezone.now() - timedelta(days=365)
        events = (
            EventPage.objects.live()
            .filter(start__lte=timezone.now(), start__gte=since)
            .defer_streamfields()
            .order_by("-start")
        )
        if self.user is not None:
            mine = events.filter(registrations__user=self.user).distinct()
            if mine.exists():
                return mine
        return events

    def clean(self):
        data = super().clean()
        score = data.get("score")
        channels = data.get("channels") or []
        if score is not None and score > PRIVATE_FEEDBACK_MAX_SCORE:
            if not channels and not data.get("private_only"):
                self.add_error(
                    "channels",
                    _(
                        "Kies waar we je ervaring mogen laten zien, of vink aan dat je hem alleen "
                        "met het loket deelt."
                    ),
                )
            elif channels and data.get("private_only"):
                self.add_error(
                    "private_only",
                    _("Je koos kanalen én 'alleen met het loket'. Kies één van beide."),
                )
        if "subject_kind" in self.fields:
            kind = data.get("subject_kind")
            if kind == SubjectKind.EVENT and not data.get("event"):
                self.add_error("event", _("Kies de bijeenkomst waar je ervaring over gaat."))
            if kind == SubjectKind.GROUP and not data.get("subject_label", "").strip():
                self.add_error("subject_label", _("Welke intervisiegroep was het?"))
        return data

    @property
    def is_private_feedback(self):
        score = self.cleaned_data.get("score")
        return score is not None and score <= PRIVATE_FEEDBACK_MAX_SCORE


class IndexFilterForm(forms.Form):
    """The GET filters of ``/ervaringen/``; unknown values are reported and ignored."""

    FIELDS = ("thema", "soort")

    thema = forms.ModelChoiceField(
        label=_("Thema"),
        queryset=Theme.objects.all(),
        required=False,
        to_field_name="slug",
        empty_label=_("Alle thema's"),
    )
    soort = forms.ChoiceField(
        label=_("Over"),
        choices=[("", _("Alles")), *SubjectKind.choices],
        required=False,
    )

    def filters(self):
        """``(values, invalid field names)``: valid filters and the ones we had to skip."""
        values, invalid = {}, []
        self.is_valid()
        for name in self.FIELDS:
            raw = self.data.get(name, "")
            if not raw:
                continue
            if name in self.errors:
                invalid.append(name)
            elif self.cleaned_data.get(name):
                values[name] = self.cleaned_data[name]
        return values, invalid


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Je antwoord"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Schrijf je antwoord in het vak.")},
    )


class AmbassadorRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Waarover wil je praten?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Vertel in een paar zinnen waarover je wilt praten."),
            "max_length": _("Houd het kort: maximaal %(limit_value)d tekens."),
        },
    )
