"""The member directory of a community and contact between members through the platform.

A member is shown, and can be found, only by what they chose to share (``Profile.visible_fields``):
searching on a field someone keeps hidden never finds them, so a search cannot reveal it. A mail
to another member is relayed by the platform; the sender's address goes along only when they tick
that box.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _

from loket.accounts.models import VisibleField
from loket.mail.services import queue_mail
from loket.sanitize import clean_text
from loket.themes.models import Theme

from ..models import ContactMessage, Membership
from ..permissions import access_for
from . import CommunityError
from .limits import check_rate_limit
from .suggestions import shown

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from loket.accounts.models import User

    from ..models import CommunityPage

MAX_MESSAGE_CHARS = 2000


@dataclass
class DirectoryEntry:
    membership: Membership
    card: dict

    @property
    def user(self) -> User:
        return self.membership.member

    @property
    def is_manager(self) -> bool:
        return self.membership.role == Membership.Role.MANAGER


def active_memberships(community: CommunityPage) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(
            community=community,
            status=Membership.Status.MEMBER,
            member__is_active=True,
            member__deleted_at=None,
        )
        .select_related("member__profile")
        .prefetch_related(
            Prefetch("member__profile__themes", queryset=Theme.objects.only("id", "name", "slug"))
        )
        .order_by("member__first_name", "member__last_name", "pk")
    )


def _filters(
    *, sector: str = "", size: str = "", municipality: str = "", theme: Theme | None = None
) -> Q:
    """The directory's filters as ``Q`` on memberships: only what a member chose to share."""
    profile = "member__profile__"
    query = Q()
    if sector:
        query &= Q(member__profile__sector=sector) & shown(VisibleField.SECTOR, profile)
    if size:
        query &= Q(member__profile__company_size=size) & shown(VisibleField.COMPANY_SIZE, profile)
    if municipality:
        query &= Q(member__profile__municipality__icontains=municipality) & shown(
            VisibleField.REGION, profile
        )
    if theme is not None:
        query &= Q(member__profile__themes=theme) & shown(VisibleField.THEMES, profile)
    return query


class DirectoryListing:
    """The matching members as a lazy sequence for ``Paginator``: counting is one query, and a
    page loads only its own members (with their themes), so a page of 24 costs the same in a
    community of 50 or 10,000."""

    def __init__(self, memberships: QuerySet[Membership]):
        self.memberships = memberships

    def count(self) -> int:
        return self.memberships.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: int | slice) -> DirectoryEntry | list[DirectoryEntry]:
        if isinstance(index, slice):
            return [self._entry(m) for m in self.memberships[index]]
        return self._entry(self.memberships[index])

    @staticmethod
    def _entry(membership: Membership) -> DirectoryEntry:
        profile = getattr(membership.member, "profile", None)
        card = profile.public_card() if profile else {"name": membership.member.display_name}
        return DirectoryEntry(membership, card)


def member_directory(
    community: CommunityPage,
    viewer: User,
    *,
    sector: str = "",
    size: str = "",
    municipality: str = "",
    theme: Theme | None = None,
) -> DirectoryListing:
    """Cards of the community's members matching the filters, for a member of the community.

    Filtered in the database; slice the result (or give it to ``Paginator``) to load a page.
    """
    if not access_for(viewer, community).is_member and not access_for(viewer, community).is_manager:
        raise CommunityError(
            _("De ledenlijst is alleen voor leden van de community."), "not_member"
        )
    filters = _filters(sector=sector, size=size, municipality=municipality, theme=theme)
    return DirectoryListing(active_memberships(community).filter(filters))


def contact_member(
    community: CommunityPage,
    sender: User,
    recipient: User,
    *,
    message: str,
    share_email: bool = False,
) -> ContactMessage:
    """Relay ``message`` from ``sender`` to ``recipient``; both must be members of ``community``."""
    access = access_for(sender, community)
    if not access.is_member:
        raise CommunityError(
            _("Alleen leden van de community kunnen elkaar een bericht sturen."), "not_member"
        )
    if recipient.pk == sender.pk:
        raise CommunityError(_("Jezelf een bericht sturen kan niet."))
    if not Membership.objects.filter(
        community=community,
        member=recipient,
        status=Membership.Status.MEMBER,
        member__is_active=True,
        member__deleted_at=None,
    ).exists():
        raise CommunityError(_("Dit lid is niet (meer) te vinden in deze community."), "not_found")
    text = clean_text(message or "")
    if len(text) < 10:
        raise CommunityError(_("Schrijf een bericht van minstens 10 tekens."))
    if len(text) > MAX_MESSAGE_CHARS:
        raise CommunityError(
            _("Houd je bericht kort: hooguit %(max)s tekens.") % {"max": MAX_MESSAGE_CHARS}
        )
    check_rate_limit(sender, "message")
    contact = ContactMessage.objects.create(
        sender=sender, recipient=recipient, community=community, shared_email=bool(share_email)
    )
    if share_email:
        closing = _(
            "Antwoorden kan rechtstreeks: beantwoord deze mail en je bericht gaat naar %(name)s."
        ) % {"name": sender.display_name}
    else:
        closing = _(
            "%(name)s deelde het e-mailadres niet. Wil je reageren? Stuur een bericht terug via "
            "de ledenlijst van de community."
        ) % {"name": sender.display_name}
    queue_mail(
        to=recipient.email,
        template="notification",
        context={
            "subject": _("%(name)s stuurde je een bericht via %(community)s")
            % {"name": sender.display_name, "community": community.title},
            "heading": _("Een bericht van %(name)s") % {"name": sender.display_name},
            "first_name": recipient.first_name,
            "paragraphs": [*[p for p in text.split("\n") if p.strip()], closing],
            "button_label": _("Naar de ledenlijst"),
            "button_url": community.full_url_for("members"),
        },
        idempotency_key=f"community-contact:{contact.pk}",
        reply_to=sender.email if share_email else None,
    )
    return contact
