"""Topic proposals that set the meetup agenda, and the votes on them.

Votes are rows, one per member per proposal (a database constraint), never a counter: the count
shown is always recounted, so simultaneous votes can neither be lost nor doubled.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TopicProposal(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        PLANNED = "gepland", _("Gepland")
        REJECTED = "afgewezen", _("Afgewezen")

    community = models.ForeignKey(
        "community.CommunityPage",
        verbose_name=_("community"),
        on_delete=models.CASCADE,
        related_name="proposals",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("voorgesteld door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="community_proposals",
    )
    title = models.CharField(
        _("onderwerp"),
        max_length=160,
        help_text=_("Bijvoorbeeld: Hoe financier ik een overname?"),
    )
    description = models.TextField(_("toelichting"), max_length=1500, blank=True)
    theme = models.ForeignKey(
        "themes.Theme",
        verbose_name=_("thema"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="community_proposals",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    rejection_reason = models.CharField(_("reden van afwijzen"), max_length=500, blank=True)
    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("bijeenkomst"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="community_proposals",
    )
    source_thread = models.ForeignKey(
        "community.Thread",
        verbose_name=_("uit de vraag"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
        help_text=_("De vraag uit de community waar een manager dit voorstel van maakte."),
    )
    created_at = models.DateTimeField(_("voorgesteld op"), default=timezone.now)
    decided_at = models.DateTimeField(_("besluit op"), null=True, blank=True)
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
        verbose_name = _("onderwerpvoorstel")
        verbose_name_plural = _("onderwerpvoorstellen")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="afgewezen") | ~Q(rejection_reason=""),
                name="community_rejected_proposal_has_reason",
            ),
            # One proposal per question: a second click on "maak er een voorstel van" finds it.
            models.UniqueConstraint(
                fields=["source_thread"],
                condition=Q(source_thread__isnull=False),
                name="community_one_proposal_per_question",
            ),
        ]

    def __str__(self):
        return self.title

    def vote_count(self):
        annotated = getattr(self, "vote_total", None)
        if annotated is not None:
            return annotated
        return self.votes.count()


class ProposalVote(models.Model):
    proposal = models.ForeignKey(
        TopicProposal, verbose_name=_("voorstel"), on_delete=models.CASCADE, related_name="votes"
    )
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("stemmer"),
        on_delete=models.CASCADE,
        related_name="community_votes",
    )
    created_at = models.DateTimeField(_("gestemd op"), default=timezone.now)

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("stem")
        verbose_name_plural = _("stemmen")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "voter"], name="community_one_vote_each")
        ]

    def __str__(self):
        return f"{self.voter} · {self.proposal}"
