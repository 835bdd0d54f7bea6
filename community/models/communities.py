"""Who belongs to a community: memberships, the community's events and members' messages.

The community pages themselves live in ``community.models.pages``; the models here refer to them
by name (``"community.CommunityPage"``). What members may do is decided in
``community.permissions`` and changed only through ``community.services``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MembershipPolicy(models.TextChoices):
    OPEN = "open", _("Open: iedereen kan meteen lid worden")
    APPROVAL = "goedkeuring", _("Op aanvraag: een communitymanager keurt goed")


class CommunityEvent(models.Model):
    """An event the community organises (or co-organises): it shows on the community page.

    The link lives here, not on the event, because events come before communities. It is a plain
    row rather than part of the page's revisions, so turning a proposal into an event can never
    be undone by publishing an older revision of the community page.
    """

    community = models.ForeignKey(
        "community.CommunityPage",
        verbose_name=_("community"),
        on_delete=models.CASCADE,
        related_name="community_events",
    )
    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("bijeenkomst"),
        on_delete=models.CASCADE,
        related_name="organising_communities",
    )

    created_at = models.DateTimeField(_("gekoppeld op"), default=timezone.now)

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("bijeenkomst van de community")
        verbose_name_plural = _("bijeenkomsten van de community")
        constraints = [
            models.UniqueConstraint(
                fields=["community", "event"], name="community_event_once_per_community"
            )
        ]

    def __str__(self):
        return f"{self.community} · {self.event}"


class Membership(models.Model):
    """One member's place in one community: a request, a membership, or a removal with a reason."""

    class Status(models.TextChoices):
        MEMBER = "lid", _("Lid")
        REQUESTED = "aangevraagd", _("Aangevraagd")
        DECLINED = "afgewezen", _("Aanvraag afgewezen")
        REMOVED = "verwijderd", _("Verwijderd")
        BLOCKED = "geblokkeerd", _("Geblokkeerd")

    class Role(models.TextChoices):
        MEMBER = "lid", _("Lid")
        MANAGER = "beheerder", _("Communitymanager")

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lid"),
        on_delete=models.CASCADE,
        related_name="community_memberships",
    )
    community = models.ForeignKey(
        "community.CommunityPage",
        verbose_name=_("community"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    role = models.CharField(_("rol"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    motivation = models.TextField(
        _("motivatie"),
        max_length=500,
        blank=True,
        help_text=_("Waarom het lid zich aanmeldde; alleen voor de communitymanagers."),
    )
    reason = models.TextField(
        _("reden"),
        max_length=500,
        blank=True,
        help_text=_("Bij afwijzen, verwijderen of blokkeren: het lid ziet deze reden."),
    )
    requested_at = models.DateTimeField(_("aangemeld op"), default=timezone.now)
    joined_at = models.DateTimeField(_("lid sinds"), null=True, blank=True)
    decided_at = models.DateTimeField(_("besluit op"), null=True, blank=True)
    # The member's last look at the community: what moved since counts as unread on their home.
    last_visit_at = models.DateTimeField(_("laatst bekeken"), null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("besluit door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        ordering = ["community", "-joined_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "community"], name="community_one_membership_per_member"
            ),
            models.CheckConstraint(
                condition=~Q(status="lid") | Q(joined_at__isnull=False),
                name="community_member_has_joined_at",
            ),
        ]
        indexes = [models.Index(fields=["community", "status"], name="community_member_status_idx")]
        permissions = [
            ("manage_all_communities", _("Kan elke community beheren en modereren")),
            ("view_question_radar", _("Kan de vragen uit de communities bekijken")),
        ]

    def __str__(self):
        return f"{self.member} · {self.community}"

    @property
    def is_active(self):
        return self.status == self.Status.MEMBER

    @property
    def is_manager(self):
        return self.is_active and self.role == self.Role.MANAGER


class ContactMessage(models.Model):
    """That one member wrote another through the platform (the text itself went by mail).

    Kept to count towards the rate limit and for the AVG export; the addresses never show.
    """

    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("afzender"),
        on_delete=models.CASCADE,
        related_name="community_messages_sent",
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ontvanger"),
        on_delete=models.CASCADE,
        related_name="community_messages_received",
    )
    community = models.ForeignKey(
        "community.CommunityPage",
        verbose_name=_("community"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    shared_email = models.BooleanField(_("e-mailadres gedeeld"), default=False)
    created_at = models.DateTimeField(_("verstuurd op"), default=timezone.now, db_index=True)

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("bericht tussen leden")
        verbose_name_plural = _("berichten tussen leden")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.sender} → {self.recipient}"
