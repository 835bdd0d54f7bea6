"""Regiobeheer: who is on a region's staff. A region's Regiobeheer adds a colleague to one of the
region's three groups by e-mail address or takes one out (``/admin/regioteam/``), never a
platform-wide group and never superuser status; each change is logged in Wagtail's log."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from wagtail.models import Site

from .roles import ROLE_REGIOBEHEER, ROLES, SEPARATOR, group_name, staff_sites

ACTION_MEMBER_ADDED = "loket.roles.member_added"
ACTION_MEMBER_REMOVED = "loket.roles.member_removed"


class RoleError(Exception):
    """A staff change that cannot be made; ``message`` is Dutch, for the person who tried."""

    def __init__(self, message: str, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass
class RegionTeam:
    """A region's groups, each with its members, as Regiobeheer sees them."""

    site: Site
    groups: list[Group]


def managed_groups(user: Any) -> QuerySet[Group]:
    """The groups whose members ``user`` may change: the three groups of every region where
    they are Regiobeheer (every region for a superuser). Never a platform-wide group."""
    names = [
        group_name(site, role) for site in staff_sites(user, ROLE_REGIOBEHEER) for role in ROLES
    ]
    return Group.objects.filter(name__in=names)


def region_teams(user: Any) -> list[RegionTeam]:
    """The regions ``user`` is Regiobeheer of, each with its groups and their members, in a
    fixed number of queries however many regions and members there are."""
    from django.contrib.auth import get_user_model
    from django.db.models import Prefetch

    members = get_user_model().objects.order_by("first_name", "last_name", "email")
    sites = list(staff_sites(user, ROLE_REGIOBEHEER))
    by_name = {
        group.name: group
        for group in managed_groups(user).prefetch_related(Prefetch("user_set", queryset=members))
    }
    teams = []
    for site in sites:
        groups = [by_name[n] for n in (group_name(site, role) for role in ROLES) if n in by_name]
        teams.append(RegionTeam(site=site, groups=groups))
    return teams


def staff_changes(user: Any, limit: int = 20) -> list[Any]:
    """The latest changes to the groups ``user`` manages, newest first, with who made them (the
    log of :func:`add_to_region_group` and :func:`remove_from_region_group`)."""
    from wagtail.models import ModelLogEntry

    ids = [str(pk) for pk in managed_groups(user).values_list("pk", flat=True)]
    return list(
        ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Group),
            object_id__in=ids,
            action__in=(ACTION_MEMBER_ADDED, ACTION_MEMBER_REMOVED),
        )
        .select_related("user")
        .order_by("-timestamp", "-pk")[:limit]
    )


@transaction.atomic
def add_to_region_group(group: Group, email: str, by: Any) -> Any:
    """Put the account with ``email`` into ``group`` (one of ``by``'s managed groups), and log
    it. Only the group changes: never superuser status, never another group."""
    from django.contrib.auth import get_user_model

    from wagtail.log_actions import log

    member = get_user_model().objects.filter(email__iexact=email.strip()).first()
    if member is None or not member.is_active or member.is_deleted:
        raise RoleError(
            _(
                "Er is geen actief account met dit e-mailadres. Vraag de collega eerst een "
                "account aan te maken op de website, en voeg het daarna toe."
            ),
            "unknown",
        )
    if member.groups.filter(pk=group.pk).exists():
        raise RoleError(
            _("%(email)s zit al in de groep “%(group)s”.")
            % {"email": member.email, "group": group.name},
            "present",
        )
    member.groups.add(group)
    log(
        group,
        ACTION_MEMBER_ADDED,
        user=by,
        data={"member": member.email, "member_id": member.pk, "group": group.name},
    )
    return member


@transaction.atomic
def remove_from_region_group(group: Group, member: Any, by: Any) -> None:
    """Take ``member`` out of ``group`` and log it. Regiobeheer cannot take themselves out of
    their own Regiobeheer group: the region would be left without anyone to undo it."""
    from wagtail.log_actions import log

    if member.pk == by.pk and group.name.startswith(ROLES[ROLE_REGIOBEHEER][0] + SEPARATOR):
        raise RoleError(
            _("Je kunt jezelf niet uit Regiobeheer halen; vraag dat aan een collega."), "self"
        )
    if not member.groups.filter(pk=group.pk).exists():
        raise RoleError(
            _("%(email)s zit niet (meer) in de groep “%(group)s”.")
            % {"email": member.email, "group": group.name},
            "absent",
        )
    member.groups.remove(group)
    log(
        group,
        ACTION_MEMBER_REMOVED,
        user=by,
        data={"member": member.email, "member_id": member.pk, "group": group.name},
    )
