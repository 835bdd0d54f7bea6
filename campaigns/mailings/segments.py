"""Who a mailing goes to: its audience criteria as one queryset of members.

Always: an active account, a confirmed address, not deleted, and consent for mailings
(``Profile.newsletter``). On top of that every filled-in criterion must hold. Each criterion is
an ``EXISTS`` or a plain filter, so the queryset has no duplicates and counts in one query.
One-click opt-outs are stored as address hashes and are checked per batch when sending.
"""

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q

from community.models import Membership
from events.models import Registration
from loket.accounts.models import Profile

from .models import Attendance


def eligible_members():
    """Members who may get a mailing at all."""
    return get_user_model().objects.filter(
        is_active=True,
        email_verified=True,
        deleted_at__isnull=True,
        profile__newsletter=True,
    )


def _attendance_rows(mailing):
    rows = Registration.objects.filter(user=OuterRef("pk"))
    if mailing.attendance_event_id:
        return rows.filter(event_id=mailing.attendance_event_id)
    return rows.filter(
        event__start__date__gte=mailing.attendance_from,
        event__start__date__lte=mailing.attendance_until,
    )


def _home_region(site):
    """Members whose home region is ``site``; members who never chose one (accounts from before
    regions) count as members of the default site."""
    here = Q(profile__home_site=site)
    return here | Q(profile__home_site__isnull=True) if site.is_default_site else here


def members_for(mailing):
    """The members ``mailing`` goes to (a queryset of users, ordered by id)."""
    members = eligible_members()
    if mailing.site_id:
        members = members.filter(_home_region(mailing.site))
    theme_ids = list(mailing.themes.values_list("pk", flat=True)) if mailing.pk else []
    if theme_ids:
        follows = Profile.themes.through.objects.filter(
            profile__user=OuterRef("pk"), theme_id__in=theme_ids
        )
        members = members.filter(Exists(follows))
    if mailing.provinces:
        members = members.filter(profile__province__in=mailing.provinces)
    if mailing.size_bands:
        members = members.filter(profile__company_size__in=mailing.size_bands)
    if mailing.community_id:
        members = members.filter(
            Exists(
                Membership.objects.filter(
                    member=OuterRef("pk"),
                    community_id=mailing.community_id,
                    status=Membership.Status.MEMBER,
                )
            )
        )
    has_target = mailing.attendance_event_id or (
        mailing.attendance_from and mailing.attendance_until
    )
    if mailing.attendance and has_target:
        rows = _attendance_rows(mailing)
        came = rows.filter(checked_in_at__isnull=False)
        if mailing.attendance == Attendance.ATTENDED:
            members = members.filter(Exists(came))
        elif mailing.attendance == Attendance.NO_SHOW:
            registered = rows.filter(status=Registration.Status.CONFIRMED)
            members = members.filter(Exists(registered) & ~Exists(came))
        elif mailing.attendance == Attendance.NOT_ATTENDED:
            members = members.filter(~Exists(came))
    return members.order_by("pk")


def count_for(mailing):
    return members_for(mailing).count()


def describe(mailing):
    """The criteria in words, for the send page."""
    parts = []
    if mailing.site_id and mailing.site:
        parts.append(f"leden van {mailing.site.site_name or mailing.site.hostname}")
    themes = [theme.name for theme in mailing.themes.all()] if mailing.pk else []
    if themes:
        parts.append("thema's: " + ", ".join(themes))
    if mailing.provinces:
        parts.append("provincie: " + ", ".join(_labels(Profile, "province", mailing.provinces)))
    if mailing.size_bands:
        parts.append(
            "bedrijfsgrootte: " + ", ".join(_labels(Profile, "company_size", mailing.size_bands))
        )
    if mailing.community_id and mailing.community:
        parts.append(f"leden van {mailing.community.title}")
    if mailing.attendance:
        target = (
            mailing.attendance_event.title
            if mailing.attendance_event_id and mailing.attendance_event
            else f"een bijeenkomst van {mailing.attendance_from:%d-%m-%Y} "
            f"tot en met {mailing.attendance_until:%d-%m-%Y}"
        )
        parts.append(f"{mailing.get_attendance_display().lower()} bij {target}")
    return parts


def _labels(model, field, values):
    choices = dict(model._meta.get_field(field).choices)
    return [str(choices.get(value, value)) for value in values]
