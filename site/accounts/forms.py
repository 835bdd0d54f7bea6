"""Forms of the accounts app: they validate; the services in ``services.py`` act."""

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from wagtail.models import Site
from wagtail.users.forms import UserCreationForm, UserEditForm

from loket.core import hooks as loket_hooks
from loket.core.formfields import ModelMultipleChoiceField
from loket.core.uploads import clean_image
from loket.themes.models import Theme

from . import services
from .models import (
    CompanySize,
    DigestFrequency,
    Profile,
    Province,
    Sector,
    VisibleField,
)
from .throttling import lift_lockout
from .validators import (
    normalise_kvk_number,
    validate_bio_length,
    validate_kvk_number,
    validate_photo_size,
)

PASSWORD_HELP = _("Minstens 8 tekens. Een korte zin die je makkelijk onthoudt werkt goed.")

# The sign-up form's fields that belong to later apps (the tip code of Tip een ander) are
# checked by validators those apps contribute to the SIGNUP_VALIDATORS hook (loket.core.hooks);
# the site package imports none of them. A validator is called as ``validator(value,
# cleaned_data)`` for a filled-in field, returns the (normalised) value, or raises
# ``ValidationError`` with a Dutch message: the form then shows it and no account is made.

# A later app that knows a value for a sign-up field before the visitor types it (campaigns:
# the code of the referral link they arrived by) stores it in the session under this key, as
# ``{field name: value}``; the sign-up page shows it in the field.
SIGNUP_PREFILL_SESSION_KEY = "accounts_signup_prefill"


def normalise_code(value):
    """A code as people type it: spaces and dashes dropped, upper case."""
    return "".join((value or "").split()).replace("-", "").upper()


def _email_field(**kwargs):
    return forms.EmailField(
        label=_("E-mailadres"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        **kwargs,
    )


def _name_field(label, autocomplete):
    return forms.CharField(
        label=label,
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": autocomplete}),
    )


class SignUpForm(forms.Form):
    first_name = _name_field(_("Voornaam"), "given-name")
    last_name = _name_field(_("Achternaam"), "family-name")
    email = _email_field(
        help_text=_("Hier sturen we de link naartoe om je aanmelding te bevestigen.")
    )
    password = forms.CharField(
        label=_("Wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=PASSWORD_HELP,
    )
    municipality = forms.CharField(
        label=_("Gemeente van je bedrijf"),
        required=False,
        max_length=100,
        help_text=_("Dan hoor je bij het Ondernemersloket van jouw regio."),
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
        error_messages={"max_length": _("Zo lang is de naam van een gemeente niet.")},
    )
    tip_code = forms.CharField(
        label=_("Tipcode"),
        required=False,
        max_length=40,
        help_text=_("Tipte een andere ondernemer je? Vul dan zijn of haar code in."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
        error_messages={"max_length": _("Zo lang is een tipcode niet; kijk je hem even na?")},
    )
    privacy_consent = forms.BooleanField(
        label=_("Ik ga akkoord met de privacyverklaring."),
        error_messages={
            "required": _("Je kunt je aanmelden zodra je akkoord gaat met de privacyverklaring.")
        },
    )

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean_tip_code(self):
        return normalise_code(self.cleaned_data.get("tip_code"))

    def clean(self):
        cleaned = super().clean()
        for name, validators in loket_hooks.signup_validators().items():
            value = cleaned.get(name)
            if not value or name in self.errors:
                continue
            try:
                for validator in validators:
                    value = validator(value, cleaned)
            except ValidationError as error:
                self.add_error(name, error)
            else:
                cleaned[name] = value
        password = cleaned.get("password")
        if password:
            candidate = get_user_model()(
                email=cleaned.get("email", ""),
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
            )
            try:
                password_validation.validate_password(password, user=candidate)
            except ValidationError as error:
                self.add_error("password", error)
        return cleaned


class ResendVerificationForm(forms.Form):
    email = _email_field()


class LoginForm(auth_forms.AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mailadres"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    password = forms.CharField(
        label=_("Wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        "invalid_login": _(
            "Dit e-mailadres en wachtwoord horen niet bij elkaar. Probeer het nog eens, of vraag "
            "een nieuw wachtwoord aan."
        ),
        "inactive": _(
            "Dit e-mailadres en wachtwoord horen niet bij elkaar. Probeer het nog eens, of vraag "
            "een nieuw wachtwoord aan."
        ),
        "unverified": _(
            "Je hebt je e-mailadres nog niet bevestigd. Klik op de link in de mail die we je "
            "stuurden, of vraag hieronder een nieuwe link aan."
        ),
    }

    unverified_email = ""

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not user.email_verified:
            self.unverified_email = user.email
            raise ValidationError(self.error_messages["unverified"], code="unverified")


class PasswordResetForm(auth_forms.PasswordResetForm):
    email = _email_field()

    def save(self, **kwargs):
        # A few requests per address per hour; beyond that nothing is sent, and the page says
        # the same as always, so it reveals nothing about the address.
        if services.password_reset_allowed(self.cleaned_data["email"]):
            super().save(**kwargs)

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        services.send_password_reset(
            context["user"],
            uidb64=context["uid"],
            token=context["token"],
            base_url=f"{context['protocol']}://{context['domain']}",
        )


class SetPasswordForm(auth_forms.SetPasswordForm):
    """Choosing a new password through the mailed link also proves the address is theirs, and
    lifts a log-in lock-out of the address (whoever caused it no longer knows the password)."""

    def save(self, commit=True):
        self.user.email_verified = True
        user = super().save(commit=commit)
        if commit:
            lift_lockout(user.email)
        return user


class ProfilePhotoField(forms.ImageField):
    default_error_messages = {
        "invalid_image": _(
            "Dit bestand is geen foto die we kunnen lezen. Kies een JPG-, PNG-, GIF- of "
            "WebP-bestand."
        ),
    }

    def to_python(self, data):
        if data and getattr(data, "size", 0) > settings.MAX_PHOTO_BYTES:
            # Checked before the image is opened: an oversized upload is refused as it is.
            validate_photo_size(data)
        if data in self.empty_values:
            return None
        # Size, pixel count (before decoding), real image, then re-encoded without metadata.
        return clean_image(data)


class ProfileForm(forms.ModelForm):
    first_name = _name_field(_("Voornaam"), "given-name")
    last_name = _name_field(_("Achternaam"), "family-name")
    kvk_number = forms.CharField(
        label=_("KvK-nummer"),
        required=False,
        max_length=20,
        help_text=_("Acht cijfers, zoals op je uittreksel van de KvK."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    photo = ProfilePhotoField(
        label=_("Foto"),
        required=False,
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/gif,image/webp"}
        ),
    )
    themes = ModelMultipleChoiceField(
        label=_("Thema's"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Waar wil je meer over weten of mee verder?"),
    )
    visible_fields = forms.MultipleChoiceField(
        label=_("Wat mogen andere leden van je zien?"),
        choices=VisibleField.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Alleen ingelogde leden zien je profiel, en alleen de delen die je hier aanvinkt."
        ),
    )
    newsletter = forms.BooleanField(
        label=_("Stuur me de nieuwsbrief"),
        required=False,
        help_text=_(
            "Af en toe nieuws over bijeenkomsten en ondernemers in je regio. Afmelden kan altijd."
        ),
    )
    digest_frequency = forms.ChoiceField(
        label=_("Samenvatting van je communities per mail"),
        choices=DigestFrequency.choices,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Profile
        fields = list(Profile.MEMBER_FIELDS)
        widgets = {
            "company_name": forms.TextInput(attrs={"autocomplete": "organization"}),
            "bio": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["first_name"].initial = user.first_name
        self.fields["last_name"].initial = user.last_name
        self.fields["sector"].choices = [("", _("Kies je sector")), *Sector.choices]
        self.fields["company_size"].choices = [("", _("Kies het aantal")), *CompanySize.choices]
        self.fields["province"].choices = [("", _("Kies je provincie")), *Province.choices]
        self.fields["home_site"].queryset = Site.objects.order_by("site_name", "hostname")
        self.fields["home_site"].empty_label = _("Kies je loket")
        self.fields["home_site"].label_from_instance = lambda site: site.site_name or site.hostname
        self.fields["bio"].widget.attrs["maxlength"] = settings.MAX_BIO_CHARS
        self.fields["bio"].help_text = _(
            "Een paar zinnen over jou en je bedrijf, maximaal %(limit)d tekens."
        ) % {"limit": settings.MAX_BIO_CHARS}

    def clean_kvk_number(self):
        value = normalise_kvk_number(self.cleaned_data["kvk_number"])
        validate_kvk_number(value)
        return value

    def clean_bio(self):
        value = self.cleaned_data["bio"]
        validate_bio_length(value)
        return value

    def profile_changes(self):
        """The cleaned data in the shape ``services.update_profile`` takes."""
        data = dict(self.cleaned_data)
        if data.get("photo") is not False and not isinstance(data.get("photo"), UploadedFile):
            data["photo"] = None  # no new upload and not cleared: leave it as it is
        return data


class DeleteAccountForm(forms.Form):
    KEEP = "bewaren"
    REMOVE = "verwijderen"

    content = forms.ChoiceField(
        label=_("Wat doen we met wat je schreef?"),
        choices=[
            (KEEP, _("Bewaar mijn bijdragen anoniem")),
            (REMOVE, _("Verwijder ook wat ik schreef")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies wat we doen met wat je schreef.")},
    )
    password = forms.CharField(
        label=_("Je wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Zo weten we zeker dat jij het bent."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("Dit wachtwoord klopt niet. Probeer het nog eens."))
        return password

    @property
    def keep_content(self):
        return self.cleaned_data["content"] == self.KEEP


# Wagtail admin: the user has no username; the e-mail address is the log-in name.


class _AdminUserFormMixin:
    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def save(self, commit=True):
        user = super().save(commit=commit)
        if commit:
            services.ensure_profile(user)
        return user


class AdminUserEditForm(_AdminUserFormMixin, UserEditForm):
    email_verified = forms.BooleanField(
        label=_("E-mailadres bevestigd"),
        required=False,
        help_text=_("Alleen leden met een bevestigd e-mailadres kunnen inloggen op de site."),
    )

    class Meta(UserEditForm.Meta):
        fields = UserEditForm.Meta.fields | {"email_verified"}


class AdminUserCreationForm(_AdminUserFormMixin, UserCreationForm):
    email_verified = forms.BooleanField(
        label=_("E-mailadres bevestigd"),
        required=False,
        initial=True,
        help_text=_("Vink uit als de gebruiker het adres zelf nog moet bevestigen."),
    )

    class Meta(UserCreationForm.Meta):
        fields = UserCreationForm.Meta.fields | {"email_verified"}
