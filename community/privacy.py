"""The member's part of "download my data" and "delete my account" for communities (AVG)."""

from django.db.models import Q
from django.utils.html import escape
from django.utils.translation import gettext as _

from loket.accounts.privacy import iso

from .models import (
    ContactMessage,
    Flag,
    Membership,
    PostRevision,
    ProposalVote,
    QuestionMark,
    Reply,
    Thread,
    ThreadFollow,
    TopicProposal,
)


def export_communities(user):
    return {
        "lidmaatschappen": [
            {
                "community": m.community.title,
                "status": m.get_status_display(),
                "rol": m.get_role_display(),
                "motivatie": m.motivation,
                "reden": m.reason,
                "aangemeld_op": iso(m.requested_at),
                "lid_sinds": iso(m.joined_at),
                "laatst_bekeken": iso(m.last_visit_at),
            }
            for m in Membership.objects.filter(member=user).select_related("community")
        ],
        "discussies": [
            {
                "community": t.community.title,
                "soort": t.get_kind_display(),
                "titel": t.title,
                "tekst": t.body,
                "geplaatst_op": iso(t.created_at),
                "verborgen": t.is_hidden,
            }
            for t in Thread.objects.filter(author=user).select_related("community")
        ],
        "reacties": [
            {
                "discussie": r.thread.title,
                "tekst": r.body,
                "geplaatst_op": iso(r.created_at),
                "verborgen": r.is_hidden,
            }
            for r in Reply.objects.filter(author=user).select_related("thread")
        ],
        "gevolgde_discussies": [
            f.thread.title for f in ThreadFollow.objects.filter(user=user).select_related("thread")
        ],
        "onderwerpvoorstellen": [
            {
                "community": p.community.title,
                "onderwerp": p.title,
                "toelichting": p.description,
                "status": p.get_status_display(),
                "voorgesteld_op": iso(p.created_at),
            }
            for p in TopicProposal.objects.filter(author=user).select_related("community")
        ],
        "stemmen": [
            {"onderwerp": v.proposal.title, "gestemd_op": iso(v.created_at)}
            for v in ProposalVote.objects.filter(voter=user).select_related("proposal")
        ],
        "ik_ook": [
            {"vraag": m.thread.title, "gemarkeerd_op": iso(m.created_at)}
            for m in QuestionMark.objects.filter(member=user).select_related("thread")
        ],
        "meldingen": [
            {
                "discussie": f.thread.title,
                "reden": f.get_reason_display(),
                "toelichting": f.explanation,
                "gemeld_op": iso(f.created_at),
            }
            for f in Flag.objects.filter(reporter=user).select_related("thread")
        ],
        "berichten_aan_leden": [
            {
                "aan": m.recipient.display_name,
                "community": m.community.title,
                "e_mailadres_gedeeld": m.shared_email,
                "verstuurd_op": iso(m.created_at),
            }
            for m in ContactMessage.objects.filter(sender=user).select_related(
                "recipient", "community"
            )
        ],
    }


def erase_communities(user, keep_content):
    """Memberships, follows, votes, "ik ook" marks, flags and message records go. What the
    member wrote stays anonymous (``keep_content``) or is deleted; a thread others answered
    keeps their answers with its own text replaced, so their help is not lost."""
    Membership.objects.filter(member=user).delete()
    ThreadFollow.objects.filter(user=user).delete()
    ProposalVote.objects.filter(voter=user).delete()
    QuestionMark.objects.filter(member=user).delete()
    Flag.objects.filter(reporter=user).update(reporter=None, explanation="")
    ContactMessage.objects.filter(Q(sender=user) | Q(recipient=user)).delete()
    if keep_content:
        Thread.objects.filter(author=user).update(author=None)
        Reply.objects.filter(author=user).update(author=None)
        TopicProposal.objects.filter(author=user).update(author=None)
        return
    Reply.objects.filter(author=user).delete()
    answered = Thread.objects.filter(author=user, replies__isnull=False).distinct()
    answered_ids = list(answered.values_list("pk", flat=True))
    # The typed text and the earlier versions go with the shown text.
    PostRevision.objects.filter(thread__in=answered_ids, reply=None).delete()
    Thread.objects.filter(pk__in=answered_ids).update(
        author=None,
        body=f"<p>{escape(_('Deze tekst is verwijderd door wie hem schreef.'))}</p>",
        source="",
    )
    Thread.objects.filter(author=user).exclude(pk__in=answered_ids).delete()
    TopicProposal.objects.filter(author=user, status=TopicProposal.Status.OPEN).delete()
    TopicProposal.objects.filter(author=user).update(author=None, description="")
