"""The member account (an e-mail address is the log-in name) and the entrepreneur profile."""

import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .validators import (
    PHOTO_EXTENSIONS,
    validate_bio_length,
    validate_kvk_number,
    validate_photo_size,
)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        extra_fields.setdefault("email_verified", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)


class User(AbstractUser):
    username = None
    email = models.EmailField(_("e-mailadres"), unique=True)
    email_verified = models.BooleanField(_("e-mailadres bevestigd"), default=False)
    deleted_at = models.DateTimeField(
        _("account verwijderd op"),
        null=True,
        blank=True,
        help_text=_(
            "Gezet wanneer het lid zijn account verwijdert; de persoonsgegevens zijn dan gewist."
        ),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        ordering = ["email"]

    def __str__(self):
        return self.display_name if self.is_deleted else self.get_full_name() or self.email

    @property
    def is_deleted(self):
        return self.deleted_at is not None

    @property
    def display_name(self):
        """The name other members see: never the e-mail address."""
        if self.is_deleted:
            return str(_("Oud-lid"))
        return self.get_full_name() or str(_("Ondernemer"))


class Sector(models.TextChoices):
    """The main sections (secties) of the Standaard Bedrijfsindeling (SBI 2008) of the CBS."""

    A = "A", _("Landbouw, bosbouw en visserij")
    B = "B", _("Delfstoffenwinning")
    C = "C", _("Industrie")
    D = "D", _("Energievoorziening")
    E = "E", _("Waterbedrijven en afvalbeheer")
    F = "F", _("Bouwnijverheid")
    G = "G", _("Handel")
    H = "H", _("Vervoer en opslag")
    I = "I", _("Logies-, maaltijd- en drankverstrekking")  # noqa: E741 - the SBI letter
    J = "J", _("Informatie en communicatie")
    K = "K", _("Financiële dienstverlening")
    L = "L", _("Verhuur van en handel in onroerend goed")
    M = "M", _("Advisering, onderzoek en overige specialistische zakelijke dienstverlening")
    N = "N", _("Verhuur van roerende goederen en overige zakelijke dienstverlening")
    O = "O", _("Openbaar bestuur, overheidsdiensten en verplichte sociale verzekeringen")  # noqa: E741
    P = "P", _("Onderwijs")
    Q = "Q", _("Gezondheids- en welzijnszorg")
    R = "R", _("Cultuur, sport en recreatie")
    S = "S", _("Overige dienstverlening")
    T = "T", _("Huishoudens als werkgever")
    U = "U", _("Extraterritoriale organisaties en lichamen")


class CompanySize(models.TextChoices):
    NONE = "0", _("Geen medewerkers (alleen ikzelf)")
    ONE = "1", _("1 medewerker")
    TWO_TO_FOUR = "2-4", _("2–4 medewerkers")
    FIVE_TO_NINE = "5-9", _("5–9 medewerkers")
    TEN_TO_FORTYNINE = "10-49", _("10–49 medewerkers")
    FIFTY_PLUS = "50+", _("50 of meer medewerkers")


class Province(models.TextChoices):
    DRENTHE = "drenthe", _("Drenthe")
    FLEVOLAND = "flevoland", _("Flevoland")
    FRIESLAND = "friesland", _("Fryslân")
    GELDERLAND = "gelderland", _("Gelderland")
    GRONINGEN = "groningen", _("Groningen")
    LIMBURG = "limburg", _("Limburg")
    NOORD_BRABANT = "noord-brabant", _("Noord-Brabant")
    NOORD_HOLLAND = "noord-holland", _("Noord-Holland")
    OVERIJSSEL = "overijssel", _("Overijssel")
    UTRECHT = "utrecht", _("Utrecht")
    ZEELAND = "zeeland", _("Zeeland")
    ZUID_HOLLAND = "zuid-holland", _("Zuid-Holland")


class DigestFrequency(models.TextChoices):
    NEVER = "geen", _("Geen samenvatting")
    DAILY = "dagelijks", _("Dagelijks")
    WEEKLY = "wekelijks", _("Wekelijks")


class VisibleField(models.TextChoices):
    """Parts of a profile a member can show to other signed-in members."""

    NAME = "name", _("Naam")
    COMPANY_NAME = "company_name", _("Bedrijfsnaam")
    SECTOR = "sector", _("Sector")
    COMPANY_SIZE = "company_size", _("Bedrijfsgrootte")
    REGION = "region", _("Provincie en gemeente")
    THEMES = "themes", _("Thema's")
    BIO = "bio", _("Over mij")
    PHOTO = "photo", _("Foto")
    KVK_NUMBER = "kvk_number", _("KvK-nummer")


DEFAULT_VISIBLE_FIELDS = (VisibleField.NAME, VisibleField.COMPANY_NAME, VisibleField.SECTOR)


def default_visible_fields():
    return [str(field) for field in DEFAULT_VISIBLE_FIELDS]


def photo_upload_path(instance, filename):
    # A random name: the member's name or the original file name never ends up in a URL.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "jpg"
    return f"profielfoto/{uuid.uuid4().hex}.{extension}"


class Profile(models.Model):
    """What an entrepreneur tells about themselves and their company, and what others may see."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gebruiker"),
        on_delete=models.CASCADE,
        related_name="profile",
    )
    company_name = models.CharField(_("bedrijfsnaam"), max_length=150, blank=True)
    kvk_number = models.CharField(
        _("KvK-nummer"),
        max_length=8,
        blank=True,
        validators=[validate_kvk_number],
        help_text=_("Acht cijfers, zoals op je uittreksel van de KvK."),
    )
    sector = models.CharField(_("sector"), max_length=1, choices=Sector.choices, blank=True)
    company_size = models.CharField(
        _("aantal medewerkers"), max_length=5, choices=CompanySize.choices, blank=True
    )
    province = models.CharField(_("provincie"), max_length=20, choices=Province.choices, blank=True)
    municipality = models.CharField(_("gemeente"), max_length=100, blank=True)
    themes = models.ManyToManyField(
        "themes.Theme",
        verbose_name=_("thema's"),
        blank=True,
        related_name="interested_profiles",
        help_text=_("Waar wil je meer over weten of mee verder?"),
    )
    bio = models.TextField(
        _("over mij"),
        blank=True,
        validators=[validate_bio_length],
        help_text=_("Een paar zinnen over jou en je bedrijf."),
    )
    photo = models.ImageField(
        _("foto"),
        upload_to=photo_upload_path,
        blank=True,
        validators=[FileExtensionValidator(PHOTO_EXTENSIONS), validate_photo_size],
    )
    visible_fields = models.JSONField(
        _("zichtbaar voor andere leden"), default=default_visible_fields, blank=True
    )
    home_site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("je loket"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Het regionale loket waar je bij hoort: je ziet vooral zijn bijeenkomsten, "
            "communities en mail. Bijeenkomsten van andere regio's kun je altijd bezoeken."
        ),
    )
    newsletter = models.BooleanField(_("nieuwsbrief"), default=False)
    digest_frequency = models.CharField(
        _("samenvatting van je communities"),
        max_length=10,
        choices=DigestFrequency.choices,
        default=DigestFrequency.NEVER,
    )
    privacy_consent_at = models.DateTimeField(
        _("akkoord met privacyverklaring op"), null=True, blank=True
    )
    privacy_consent_version = models.CharField(
        _("versie van de privacyverklaring"), max_length=40, blank=True
    )
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("bijgewerkt"), auto_now=True)

    # The one list of what a member tells us. The profile form, the admin, the data export and
    # account deletion all derive from these, so a new field cannot escape the AVG export or
    # erasure (a test checks every field is exported or listed in NOT_EXPORTED).
    ABOUT_FIELDS = (
        "company_name",
        "kvk_number",
        "sector",
        "company_size",
        "province",
        "municipality",
        "themes",
        "bio",
        "photo",
    )
    PREFERENCE_FIELDS = ("home_site", "visible_fields", "newsletter", "digest_frequency")
    MEMBER_FIELDS = ABOUT_FIELDS + PREFERENCE_FIELDS
    # Set by the site when the member agrees; kept after deletion as proof of what they agreed to.
    CONSENT_FIELDS = ("privacy_consent_at", "privacy_consent_version")
    RECORD_FIELDS = ("created_at", "updated_at")
    EXPORTED_FIELDS = MEMBER_FIELDS + CONSENT_FIELDS + RECORD_FIELDS
    # Deliberately not in the profile part of the export: the row's key, and the account, which
    # the export has a part of its own for.
    NOT_EXPORTED = ("id", "user")
    # The parts that count towards "profile completeness" on the account overview.
    COMPLETENESS_FIELDS = tuple(name for name in ABOUT_FIELDS if name != "kvk_number")

    class Meta:
        verbose_name = _("profiel")
        verbose_name_plural = _("profielen")
        ordering = ["user__last_name", "user__first_name", "pk"]

    def __str__(self):
        return str(self.user)

    @property
    def region(self):
        parts = [self.municipality, self.get_province_display()]
        return ", ".join(part for part in parts if part)

    def shows(self, field):
        return field in (self.visible_fields or [])

    def _is_filled(self, field):
        if field == "themes":
            return self.themes.exists()
        return bool(getattr(self, field))

    def completeness(self):
        """Return ``(percentage, labels of what is still empty)``."""
        missing = [
            self._meta.get_field(field).verbose_name
            for field in self.COMPLETENESS_FIELDS
            if not self._is_filled(field)
        ]
        total = len(self.COMPLETENESS_FIELDS)
        return round(100 * (total - len(missing)) / total), missing

    def public_card(self):
        """What another signed-in member may see, as a dict; hidden parts are left out.

        Prefetch ``themes`` and select ``user`` when showing many cards.
        """
        if self.user.is_deleted:
            return {"name": self.user.display_name}
        shows_name = self.shows(VisibleField.NAME)
        card = {"name": self.user.display_name if shows_name else str(_("Ondernemer"))}
        if self.shows(VisibleField.COMPANY_NAME) and self.company_name:
            card["company_name"] = self.company_name
        if self.shows(VisibleField.SECTOR) and self.sector:
            card["sector"] = self.get_sector_display()
        if self.shows(VisibleField.COMPANY_SIZE) and self.company_size:
            card["company_size"] = self.get_company_size_display()
        if self.shows(VisibleField.REGION) and self.region:
            card["region"] = self.region
        if self.shows(VisibleField.THEMES):
            themes = [theme.name for theme in self.themes.all()]
            if themes:
                card["themes"] = themes
        if self.shows(VisibleField.BIO) and self.bio:
            card["bio"] = self.bio
        if self.shows(VisibleField.PHOTO) and self.photo:
            card["photo_url"] = self.photo.url
        if self.shows(VisibleField.KVK_NUMBER) and self.kvk_number:
            card["kvk_number"] = self.kvk_number
        return card
