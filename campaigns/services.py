"""Tip een ander: codes and links, tipping by mail, attribution, qualifying, risk, erasure.

Qualifying is the money moment: a conditional update moves a referral from aangemeld to
gekwalificeerd exactly once, and the credits ledger's unique reference refuses a second award
for the same referral even if two signals race past each other.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.accounts.services import absolute_url
from loket.credits import services as credits
from loket.credits.models import CreditTransaction, Kind
from loket.mail.models import Category, address_hash, normalise_email
from loket.mail.services import is_opted_out, queue_mail
from loket.sanitize import clean_text

from .models import Referral, ReferralCode, ReferralProgramme

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
TIP_SALT = "campaigns.tip"
COOKIE_NAME = "loket_tip"
COOKIE_SALT = "campaigns.tip-cookie"
COOKIE_DAYS = 90
# A new account counts as new for attribution this long after it was made.
NEW_ACCOUNT_DAYS = 30
DISPOSABLE_DOMAINS = frozenset(
    {
        "mailinator.com",
        "guerrillamail.com",
        "10minutemail.com",
        "tempmail.com",
        "temp-mail.org",
        "yopmail.com",
        "trashmail.com",
        "sharklasers.com",
        "getnada.com",
        "dispostable.com",
    }
)

Status = Referral.Status


class TipError(Exception):
    def __init__(self, message, code="invalid"):
        super().__init__(message)
        self.message = message
        self.code = code


def programme():
    return ReferralProgramme.load()


def suggested_note(member):
    name = member.first_name or member.display_name
    return _(
        "Hoi! Ik haal veel uit het Ondernemersloket: eerlijke feedback op mijn bedrijf en "
        "gesprekken met ondernemers die hetzelfde meemaken. Ik denk dat jij er ook veel aan "
        "hebt. Kom eens naar een bijeenkomst, dan zie ik je daar! Groet, %(name)s"
    ) % {"name": name}


# Codes and links ------------------------------------------------------------------------------


def _new_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(8))


def code_for(member):
    existing = ReferralCode.objects.filter(member=member).first()
    if existing is not None:
        return existing.code
    for _attempt in range(5):
        code = _new_code()
        try:
            with transaction.atomic():
                return ReferralCode.objects.create(member=member, code=code).code
        except IntegrityError:
            existing = ReferralCode.objects.filter(member=member).first()
            if existing is not None:
                return existing.code
    raise RuntimeError("no free referral code")


def referrer_for_code(code):
    code = (code or "").strip().upper()
    if not code or len(code) > 16:
        return None
    row = ReferralCode.objects.select_related("member").filter(code=code).first()
    if row is None or not row.member.is_active or row.member.is_deleted:
        return None
    return row.member


def check_signup_code(code, data):
    """The sign-up form's validator of the tip code (registered with accounts in signals.py).

    An unknown or forged code is refused before any account exists. A member's own code is not
    refused here: saying so would tell whoever tries an address whether it belongs to the
    code's owner. ``attribute`` records such a sign-up as "Zelf getipt", which never earns credits.
    """
    if referrer_for_code(code) is None:
        raise ValidationError(
            _("Deze tipcode kennen we niet. Kijk je hem even na? Je kunt het veld ook leeg laten."),
            code="unknown_tip_code",
        )
    return code.strip().upper()


def attribute_at_sign_up(user, *, typed_code="", cookie_code="", cookie_tip=""):
    """Attribute a new account at sign-up, from the code typed in the form and the link cookie.

    Which wins, in order: a tip by mail to this very address (that member tipped first; the
    post_save receiver has usually matched it already), then the typed code (the person's own
    statement), then the link they arrived by. A typed code that equals the link's code counts
    as arriving by the link, and keeps the link's tip token.

    A sign-up that takes over an unconfirmed one (see ``loket.accounts.services.sign_up``) drops
    what the earlier submission's code or link attributed: only the mailbox owner confirms, and
    they confirm the latest submission, so its attribution is theirs. Otherwise anyone could
    sign up first in somebody else's name with their own code and earn on them.
    """
    if not user.email_verified:
        Referral.objects.filter(
            referred=user,
            status__in=[Status.SIGNED_UP, Status.REJECTED],
            channel__in=[Referral.Channel.CODE, Referral.Channel.LINK],
            email_hash="",
        ).delete()
    if typed_code:
        by_link = typed_code == cookie_code
        return attribute(
            user,
            code=typed_code,
            tip_token=cookie_tip if by_link else "",
            channel=Referral.Channel.LINK if by_link else Referral.Channel.CODE,
        )
    if cookie_code or cookie_tip:
        return attribute(user, code=cookie_code, tip_token=cookie_tip)
    return None


def codes_for(members):
    """``{member id: code}`` for many members at once, making the missing codes in one go.

    A mailing to thousands of members would otherwise look up (and on their first mailing
    create) each code on its own. A rare clash of random codes falls back to ``code_for``.
    """
    ids = [member.pk for member in members]
    codes = dict(ReferralCode.objects.filter(member_id__in=ids).values_list("member_id", "code"))
    missing = [pk for pk in ids if pk not in codes]
    if missing:
        ReferralCode.objects.bulk_create(
            [ReferralCode(member_id=pk, code=_new_code()) for pk in missing],
            ignore_conflicts=True,
        )
        codes.update(
            ReferralCode.objects.filter(member_id__in=missing).values_list("member_id", "code")
        )
    for member in members:
        if member.pk not in codes:
            codes[member.pk] = code_for(member)
    return codes


def referral_url(member, code=None):
    return absolute_url(reverse("campaigns:referral_link", args=[code or code_for(member)]))


# The "household" of an address: the same mailbox under + aliases and (Gmail) dots.


def household(email):
    local, _at, domain = normalise_email(email).partition("@")
    local = local.split("+", 1)[0]
    if domain in {"gmail.com", "googlemail.com"}:
        local, domain = local.replace(".", ""), "gmail.com"
    return f"{local}@{domain}"


def same_household(a, b):
    return bool(a and b) and household(a) == household(b)


# Tipping by mail ------------------------------------------------------------------------------


def tips_today(member):
    since = timezone.now() - timedelta(days=1)
    return Referral.objects.filter(
        referrer=member, channel=Referral.Channel.MAIL, created_at__gte=since
    ).count()


def _existing_member(email):
    User = get_user_model()
    if User.objects.filter(email__iexact=normalise_email(email)).exists():
        return True
    local_part = household(email).split("@")[0]
    candidates = User.objects.filter(email__istartswith=local_part).values_list("email", flat=True)
    return any(same_household(email, other) for other in candidates[:50])


def tip_by_mail(member, *, email, name="", note=""):
    """Tip someone by mail; they get exactly one mail, in ``member``'s name, through the outbox."""
    email = normalise_email(email)
    try:
        validate_email(email)
    except ValidationError as error:
        raise TipError(_("Dit e-mailadres klopt niet. Kijk je het even na?"), "email") from error
    if same_household(email, member.email):
        raise TipError(_("Jezelf tippen kan niet, hoe enthousiast je ook bent!"), "self")
    if _existing_member(email):
        raise TipError(_("Deze ondernemer is al lid van het Ondernemersloket. Mooi!"), "member")
    if is_opted_out(email, Category.BULK):
        raise TipError(
            _("Deze ondernemer wil geen mail van ons ontvangen. Vertel het gerust zelf!"),
            "opted_out",
        )
    rules = programme()
    if tips_today(member) >= rules.tips_per_day:
        raise TipError(
            _("Je hebt vandaag al %(n)s ondernemers getipt. Morgen kun je weer verder!")
            % {"n": rules.tips_per_day},
            "limit",
        )
    digest = address_hash(household(email))
    if Referral.objects.filter(email_hash=digest).exists():
        raise TipError(_("Deze ondernemer is al getipt. Dank je wel!"), "already")
    note = clean_text(note or "")[:1000] or str(suggested_note(member))
    name = clean_text(name or "")[:150]
    try:
        with transaction.atomic():
            referral = Referral.objects.create(
                referrer=member,
                channel=Referral.Channel.MAIL,
                email=email,
                email_hash=digest,
                name=name,
                note=note,
            )
            link = referral_url(member) + "?tip=" + signing.dumps(referral.pk, salt=TIP_SALT)
            queue_mail(
                to=email,
                template="referrals_tip",
                context={
                    "referrer_name": member.display_name,
                    "name": name,
                    "note": note,
                    "link": link,
                    "site_url": settings.SITE_URL,
                },
                idempotency_key=f"referral-tip:{referral.pk}",
                category=Category.BULK,
                reply_to=member.email,
            )
    except IntegrityError as error:
        raise TipError(_("Deze ondernemer is al getipt. Dank je wel!"), "already") from error
    return referral


def tips_of(member):
    return Referral.objects.filter(referrer=member).select_related("referred")


# Attribution ----------------------------------------------------------------------------------


def cookie_value(code, tip=""):
    return signing.dumps({"c": code, "t": tip}, salt=COOKIE_SALT, compress=True)


def read_cookie(value):
    try:
        data = signing.loads(value or "", salt=COOKIE_SALT, max_age=COOKIE_DAYS * 86400)
        return str(data.get("c", "")), str(data.get("t", ""))
    except (signing.BadSignature, AttributeError, TypeError):
        return "", ""


def _tip_from_token(token):
    try:
        pk = signing.loads(token, salt=TIP_SALT, max_age=settings.REFERRAL_ADDRESS_DAYS * 86400)
    except (signing.BadSignature, TypeError):
        return None
    return Referral.objects.filter(pk=pk).first()


def _is_new(user):
    return user.date_joined >= timezone.now() - timedelta(days=NEW_ACCOUNT_DAYS)


def _risk(referral, referrer, user):
    score, reasons = 0, []
    since = timezone.now() - timedelta(days=1)
    recent = Referral.objects.filter(referrer=referrer, signed_up_at__gte=since).count()
    if recent >= 3:
        score += 40
        reasons.append(_("veel aanmeldingen van dezelfde tipgever in korte tijd"))
    if user.email.rsplit("@", 1)[-1].lower() in DISPOSABLE_DOMAINS:
        score += 50
        reasons.append(_("wegwerp-e-mailadres"))
    if user.last_name and user.last_name.strip().lower() == referrer.last_name.strip().lower():
        score += 20
        reasons.append(_("zelfde achternaam als de tipgever"))
    local = household(user.email).split("@")[0]
    referrer_local = household(referrer.email).split("@")[0]
    if local and (local in referrer_local or referrer_local in local):
        score += 30
        reasons.append(_("e-mailadres lijkt op dat van de tipgever"))
    return score, [str(r) for r in reasons]


def attribute(user, *, code="", tip_token="", channel=Referral.Channel.LINK):
    """Attribute the new account ``user`` to a referrer; return the Referral or None.

    Stored on a row keyed by the new account, so it survives verification and any later log-in.
    """
    existing = Referral.objects.filter(referred=user).first()
    if existing is not None or not _is_new(user):
        return existing
    referral = _tip_from_token(tip_token) if tip_token else None
    if referral is None:
        referral = Referral.objects.filter(
            status=Status.TIPPED,
            referred__isnull=True,
            email_hash=address_hash(household(user.email)),
        ).first()
    if referral is not None and (referral.referred_id or referral.status != Status.TIPPED):
        referral = None
    referrer = referral.referrer if referral else referrer_for_code(code)
    if referrer is None or referrer.pk == user.pk:
        return None
    now = timezone.now()
    if referral is None:
        referral = Referral(referrer=referrer, channel=channel)
    referral.referred = user
    referral.signed_up_at = now
    referral.status = Status.SIGNED_UP
    # The address served to find them; from now on the account is the reference.
    if referral.email:
        referral.email = ""
        referral.address_erased_at = now
    if same_household(user.email, referrer.email):
        referral.status = Status.REJECTED
        referral.rejection_reason = str(_("Zelf getipt"))
    referral.risk_score, referral.risk_reasons = _risk(referral, referrer, user)
    try:
        with transaction.atomic():
            referral.save()
    except IntegrityError:
        return Referral.objects.filter(referred=user).first()
    return referral


# Qualifying -----------------------------------------------------------------------------------


def _awarded_this_year(referrer):
    since = timezone.now() - timedelta(days=365)
    return (
        CreditTransaction.objects.filter(
            member=referrer,
            kind=Kind.AWARD,
            reference__startswith="referral:",
            reference__endswith=":tipgever",
            created_at__gte=since,
        )
        .exclude(status="afgewezen")
        .aggregate(total=Sum("amount", default=0))["total"]
    )


def event_qualifies(event, rules=None):
    rules = rules or programme()
    if not rules.qualify_on_attendance:
        return False
    types = rules.qualifying_event_types or []
    return not types or getattr(event, "event_type", None) in types


def qualify(user, *, source, reference):
    """``user`` took part (``source``: attendance, intervision, intake); award once.

    Returns the referral when this call qualified it, else None.
    """
    rules = programme()
    allowed = {
        "attendance": rules.qualify_on_attendance,
        "intervision": rules.qualify_on_intervision,
        "intake": rules.qualify_on_intake,
    }
    if not allowed.get(source):
        return None
    with transaction.atomic():
        now = timezone.now()
        won = Referral.objects.filter(referred=user, status=Status.SIGNED_UP).update(
            status=Status.QUALIFIED, qualified_at=now, qualification=reference[:60]
        )
        if not won:
            return None
        referral = Referral.objects.select_related("referrer", "referred").get(referred=user)
        if source != "attendance":
            referral.risk_score += 10
            referral.risk_reasons = [*referral.risk_reasons, str(_("geen bijeenkomst bezocht"))]
            Referral.objects.filter(pk=referral.pk).update(
                risk_score=referral.risk_score, risk_reasons=referral.risk_reasons
            )
        review = referral.risk_score >= rules.risk_threshold
        referrer_amount = min(
            rules.referrer_credits, max(0, rules.yearly_cap - _awarded_this_year(referral.referrer))
        )
        if referrer_amount:
            credits.award_credits(
                referral.referrer,
                referrer_amount,
                # No name here: the ledger outlives a deleted account of the person tipped.
                reason=_("Tip een ander: een ondernemer die je tipte doet mee"),
                reference=f"referral:{referral.pk}:tipgever",
                review_days=rules.review_days,
                needs_review=review,
            )
        if rules.welcome_credits:
            credits.award_credits(
                user,
                rules.welcome_credits,
                reason=_("Welkom bij het Ondernemersloket"),
                reference=f"referral:{referral.pk}:welkom",
                review_days=rules.review_days,
                needs_review=review,
            )
    return referral


# Privacy --------------------------------------------------------------------------------------


def erase_addresses(*, now=None):
    """Erase tipped addresses that can no longer qualify; the hash stays. Safe to run twice."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.REFERRAL_ADDRESS_DAYS)
    return (
        Referral.objects.filter(created_at__lt=cutoff, referred__isnull=True)
        .exclude(email="")
        .update(email="", name="", note="", address_erased_at=now)
    )


# Ambassadeurs van de maand ---------------------------------------------------------------------


def set_leaderboard(member, show):
    """The member's own choice to appear on the leaderboard (off by default)."""
    code_for(member)
    ReferralCode.objects.filter(member=member).update(
        on_leaderboard_since=timezone.now() if show else None
    )


def shows_on_leaderboard(member):
    return ReferralCode.objects.filter(member=member, on_leaderboard_since__isnull=False).exists()


def ambassadors_of_the_month(*, limit=5, now=None):
    """Top tippers by referrals qualified in the last 30 days, only members who agreed."""
    since = (now or timezone.now()) - timedelta(days=30)
    User = get_user_model()
    return list(
        User.objects.filter(
            is_active=True,
            deleted_at__isnull=True,
            referral_code__on_leaderboard_since__isnull=False,
        )
        .annotate(
            qualified=Count(
                "referrals_made",
                filter=Q(
                    referrals_made__status=Status.QUALIFIED,
                    referrals_made__qualified_at__gte=since,
                ),
            )
        )
        .filter(qualified__gt=0)
        .order_by("-qualified", "first_name", "pk")[:limit]
    )
