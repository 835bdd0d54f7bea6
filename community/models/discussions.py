"""Discussions in a community: threads (question, experience, tip), replies, follows, flags and
the moderation log.

Bodies are stored already sanitised (``loket.sanitize.clean_html``); titles as plain text. A post
hidden by a manager, or by enough flags pending review, stays in the database with its reason.
Only threads of public communities are in the search index (see ``Thread.get_indexed_objects``).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from wagtail.search import index


class ThreadKind(models.TextChoices):
    QUESTION = "vraag", _("Vraag")
    EXPERIENCE = "ervaring", _("Ervaring")
    TIP = "tip", _("Tip")


class PostQuerySet(models.QuerySet):
    def visible(self):
        return self.filter(is_hidden=False)


class Post(models.Model):
    """What threads and replies share: an author, a sanitised body and the moderation state."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("schrijver"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = models.TextField(_("tekst"))
    created_at = models.DateTimeField(_("geplaatst op"), default=timezone.now, db_index=True)
    source = models.TextField(
        _("tekst zoals geschreven"),
        blank=True,
        help_text=_("De Markdown van de schrijver; leeg bij berichten van voor Markdown."),
    )
    edited_at = models.DateTimeField(_("bewerkt op"), null=True, blank=True)
    deleted_at = models.DateTimeField(
        _("verwijderd op"),
        null=True,
        blank=True,
        help_text=_("Door de schrijver verwijderd; de discussie houdt de reacties erop."),
    )
    is_hidden = models.BooleanField(_("verborgen"), default=False)
    pending_review = models.BooleanField(
        _("wacht op beoordeling"),
        default=False,
        help_text=_("Automatisch verborgen na meldingen, tot een manager ernaar kijkt."),
    )
    hidden_reason = models.CharField(_("reden van verbergen"), max_length=300, blank=True)
    hidden_at = models.DateTimeField(_("verborgen op"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verborgen door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = PostQuerySet.as_manager()

    wagtail_reference_index_ignore = True

    class Meta:
        abstract = True

    @property
    def author_name(self):
        if self.author is None:
            return str(_("Oud-lid"))
        return self.author.display_name


class Thread(index.Indexed, Post):
    community = models.ForeignKey(
        "community.CommunityPage",
        verbose_name=_("community"),
        on_delete=models.CASCADE,
        related_name="threads",
    )
    kind = models.CharField(
        _("soort"), max_length=10, choices=ThreadKind.choices, default=ThreadKind.QUESTION
    )
    title = models.CharField(_("titel"), max_length=160)
    last_activity_at = models.DateTimeField(_("laatste activiteit"), default=timezone.now)
    is_locked = models.BooleanField(
        _("gesloten"),
        default=False,
        help_text=_("Gesloten: er kan niet meer op gereageerd worden."),
    )
    helpful_reply = models.ForeignKey(
        "community.Reply",
        verbose_name=_("nuttigste antwoord"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    search_fields = [
        index.SearchField("title", boost=2),
        index.SearchField("body"),
        index.AutocompleteField("title"),
        index.FilterField("community_id"),
        index.FilterField("is_hidden"),
    ]

    class Meta:
        verbose_name = _("discussie")
        verbose_name_plural = _("discussies")
        ordering = ["-last_activity_at", "-pk"]
        indexes = [
            models.Index(
                fields=["community", "is_hidden", "-last_activity_at"],
                name="community_thread_list_idx",
            )
        ]

    def __str__(self):
        return self.title

    @classmethod
    def get_indexed_objects(cls):
        # Members-only discussions never enter the search index; hidden posts neither.
        return (
            super()
            .get_indexed_objects()
            .filter(community__is_public=True, community__live=True, is_hidden=False)
        )

    @property
    def is_publicly_indexable(self):
        return self.community.is_public and self.community.live and not self.is_hidden

    def get_url(self, request=None):
        return self.community.url_for("thread", request, thread_id=self.pk)

    def get_full_url(self):
        return self.community.full_url_for("thread", thread_id=self.pk)

    @property
    def url(self):
        return self.get_url()

    @property
    def summary(self):
        return Truncator(strip_tags(self.body)).chars(160)


class Reply(Post):
    thread = models.ForeignKey(
        Thread, verbose_name=_("discussie"), on_delete=models.CASCADE, related_name="replies"
    )
    from_desk = models.BooleanField(
        _("namens het loket"),
        default=False,
        help_text=_("Een antwoord dat een medewerker namens het ondernemersloket gaf."),
    )

    class Meta:
        verbose_name = _("reactie")
        verbose_name_plural = _("reacties")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["thread", "created_at"], name="community_reply_order_idx")]

    def __str__(self):
        return f"{self.author_name} · {self.thread}"


class PostRevision(models.Model):
    """An earlier version of an edited thread or reply: what moderators read in the history.

    Our own small table rather than Wagtail's log: the versions belong to one post, are read per
    post on the thread page, and go when the post goes (a member who deletes a post takes its
    text with it). The moderation log says who edited someone else's post.
    """

    thread = models.ForeignKey(
        Thread, verbose_name=_("discussie"), on_delete=models.CASCADE, related_name="revisions"
    )
    reply = models.ForeignKey(
        Reply,
        verbose_name=_("reactie"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="revisions",
    )
    title = models.CharField(_("titel"), max_length=160, blank=True)
    body = models.TextField(_("tekst"))
    written_at = models.DateTimeField(_("geschreven op"))
    replaced_at = models.DateTimeField(_("vervangen op"), default=timezone.now)
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bewerkt door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("eerdere versie")
        verbose_name_plural = _("eerdere versies")
        ordering = ["-replaced_at", "-pk"]

    def __str__(self):
        return f"{self.thread} · {self.written_at:%Y-%m-%d %H:%M}"


class ThreadFollow(models.Model):
    """A member follows a thread: they get a mail for every new reply."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lid"),
        on_delete=models.CASCADE,
        related_name="followed_threads",
    )
    thread = models.ForeignKey(
        Thread, verbose_name=_("discussie"), on_delete=models.CASCADE, related_name="follows"
    )
    created_at = models.DateTimeField(_("volgt sinds"), default=timezone.now)

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("gevolgde discussie")
        verbose_name_plural = _("gevolgde discussies")
        constraints = [
            models.UniqueConstraint(fields=["user", "thread"], name="community_follow_once")
        ]

    def __str__(self):
        return f"{self.user} · {self.thread}"


class FlagReason(models.TextChoices):
    SPAM = "spam", _("Reclame of spam")
    RUDE = "onbeleefd", _("Onbeleefd of kwetsend")
    PRIVACY = "privacy", _("Deelt gegevens van iemand anders")
    OFF_TOPIC = "off-topic", _("Hoort hier niet thuis")
    OTHER = "anders", _("Iets anders")


class Flag(models.Model):
    """A member reports a thread or a reply; at the threshold the post is hidden for review."""

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gemeld door"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="community_flags",
    )
    thread = models.ForeignKey(
        Thread, verbose_name=_("discussie"), on_delete=models.CASCADE, related_name="flags"
    )
    reply = models.ForeignKey(
        Reply,
        verbose_name=_("reactie"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="flags",
    )
    reason = models.CharField(_("reden"), max_length=12, choices=FlagReason.choices)
    explanation = models.CharField(_("toelichting"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("gemeld op"), default=timezone.now)
    resolved_at = models.DateTimeField(_("afgehandeld op"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("afgehandeld door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["reporter", "thread"],
                condition=Q(reply__isnull=True),
                name="community_flag_thread_once",
            ),
            models.UniqueConstraint(
                fields=["reporter", "reply"],
                condition=Q(reply__isnull=False),
                name="community_flag_reply_once",
            ),
        ]

    def __str__(self):
        return f"{self.get_reason_display()} · {self.post}"

    @property
    def post(self):
        return self.reply if self.reply_id else self.thread

    @property
    def is_open(self):
        return self.resolved_at is None


class ModerationAction(models.Model):
    """Every moderation step, with who took it and why: the log managers and staff can read."""

    class Action(models.TextChoices):
        HIDE = "verbergen", _("Verborgen")
        AUTO_HIDE = "auto-verborgen", _("Automatisch verborgen na meldingen")
        RESTORE = "terugzetten", _("Teruggezet")
        WARN = "waarschuwen", _("Gewaarschuwd")
        BLOCK = "blokkeren", _("Geblokkeerd")
        REMOVE = "verwijderen", _("Uit de community verwijderd")
        UNBLOCK = "deblokkeren", _("Blokkade opgeheven")
        APPROVE = "goedkeuren", _("Aanvraag goedgekeurd")
        DECLINE = "afwijzen", _("Aanvraag afgewezen")
        DISMISS = "meldingen-afgehandeld", _("Meldingen afgehandeld zonder actie")
        LOCK = "sluiten", _("Discussie gesloten")
        UNLOCK = "heropenen", _("Discussie heropend")
        EDIT = "bericht-bewerkt", _("Bericht van een lid bewerkt")
        DELETE = "bericht-verwijderd", _("Bericht verwijderd door de schrijver")
        PLAN_PROPOSAL = "voorstel-gepland", _("Voorstel wordt een bijeenkomst")
        REJECT_PROPOSAL = "voorstel-afgewezen", _("Voorstel afgewezen")
        DESK_ANSWER = "loket-antwoord", _("Beantwoord namens het loket")
        INVITE_EXPERT = "expert-uitgenodigd", _("Expert of partner uitgenodigd")
        QUESTION_PROPOSAL = "vraag-wordt-voorstel", _("Vraag wordt een onderwerpvoorstel")
        ADD_TO_FAQ = "vraag-in-faq", _("Vraag toegevoegd aan veelgestelde vragen")

    community = models.ForeignKey(
        "community.CommunityPage",
        verbose_name=_("community"),
        on_delete=models.CASCADE,
        related_name="moderation_actions",
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("actie"), max_length=24, choices=Action.choices)
    thread = models.ForeignKey(
        Thread, verbose_name=_("discussie"), null=True, blank=True, on_delete=models.SET_NULL
    )
    reply = models.ForeignKey(
        Reply, verbose_name=_("reactie"), null=True, blank=True, on_delete=models.SET_NULL
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lid"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField(_("reden"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("op"), default=timezone.now, db_index=True)

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("moderatie-actie")
        verbose_name_plural = _("moderatielogboek")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_action_display()} · {self.community}"


class QuestionMark(models.Model):
    """A member marks a question as theirs too ("ik ook"): one row per member and question.

    A row, never a counter, so two clicks at once make one mark (the unique constraint) and the
    count shown is always recounted. The radar ranks questions by these marks.
    """

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lid"),
        on_delete=models.CASCADE,
        related_name="question_marks",
    )
    thread = models.ForeignKey(
        Thread, verbose_name=_("vraag"), on_delete=models.CASCADE, related_name="marks"
    )
    created_at = models.DateTimeField(_("gemarkeerd op"), default=timezone.now)

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("ik ook")
        verbose_name_plural = _("ik ook-markeringen")
        constraints = [
            models.UniqueConstraint(fields=["member", "thread"], name="community_mark_once")
        ]
        indexes = [models.Index(fields=["thread", "member"], name="community_mark_thread_idx")]

    def __str__(self):
        return f"{self.member} · {self.thread}"
