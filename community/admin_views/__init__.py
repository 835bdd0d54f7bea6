"""Admin views for community managers: review a flagged post, and turn a proposal into an event.

Every change goes through ``community.services``; the services check that the user manages the
community (staff with ``community.manage_all_communities`` manage every one).
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from loket.accounts.services.roles import pages_for_staff

from ..models import Flag, Membership, Reply, Thread, TopicProposal
from ..permissions import is_staff_manager
from ..services import CommunityError, membership, moderation
from ..services import proposals as proposal_services


class ReviewForm(forms.Form):
    ACTIONS = [
        ("verbergen", gettext_lazy("Verberg het bericht")),
        ("terugzetten", gettext_lazy("Zet het bericht terug")),
        ("afhandelen", gettext_lazy("Niets aan de hand: sluit de meldingen")),
        ("waarschuwen", gettext_lazy("Waarschuw de schrijver")),
        ("blokkeren", gettext_lazy("Blokkeer de schrijver in deze community")),
    ]
    action = forms.ChoiceField(
        label=gettext_lazy("Wat doe je?"), choices=ACTIONS, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=gettext_lazy("Reden"),
        required=False,
        max_length=300,
        help_text=gettext_lazy(
            "Komt in het logboek; bij waarschuwen en blokkeren ziet de schrijver hem."
        ),
    )


def _require_manager(request):
    if not is_staff_manager(request.user):
        raise PermissionDenied


def review_post(request, kind, post_id):
    """One flagged post with its flags, and what a manager can do about it."""
    _require_manager(request)
    if kind == "vraag":
        threads = Thread.objects.select_related("community", "author")
        post = get_object_or_404(pages_for_staff(threads, request.user, "community"), pk=post_id)
        thread = post
    else:
        replies = Reply.objects.select_related("thread__community", "author")
        post = get_object_or_404(
            pages_for_staff(replies, request.user, "thread__community"), pk=post_id
        )
        thread = post.thread
    community = thread.community
    flags = Flag.objects.filter(
        thread=thread, reply=post if kind == "reactie" else None
    ).select_related("reporter", "resolved_by")
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        action, reason = form.cleaned_data["action"], form.cleaned_data["reason"]
        try:
            if action == "verbergen":
                moderation.hide_post(post, request.user, reason)
            elif action == "terugzetten":
                moderation.restore_post(post, request.user, reason)
            elif action == "afhandelen":
                moderation.dismiss_flags(post, request.user, reason)
            elif action == "waarschuwen":
                moderation.warn_member(community, post.author, request.user, reason, post=post)
            else:
                target = Membership.objects.filter(community=community, member=post.author).first()
                if target is None:
                    raise CommunityError(_("De schrijver is geen lid (meer) van deze community."))
                membership.block_member(target, request.user, reason)
        except CommunityError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Gedaan; het staat in het logboek."))
            return redirect(reverse("wagtailsnippets_community_flag:list"))
    return TemplateResponse(
        request,
        "community/admin/review.html",
        {
            "post": post,
            "thread": thread,
            "community": community,
            "kind": kind,
            "flags": flags,
            "form": form,
            "header_title": thread.title,
        },
        status=400 if request.method == "POST" else 200,
    )


def plan_proposal(request, proposal_id):
    """Confirm, then turn the proposal into a draft event under the agenda."""
    _require_manager(request)
    proposals = TopicProposal.objects.select_related("community", "theme", "event")
    proposal = get_object_or_404(
        pages_for_staff(proposals, request.user, "community"), pk=proposal_id
    )
    if request.method == "POST":
        try:
            event = proposal_services.plan_as_event(proposal, request.user)
        except CommunityError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _(
                    "‘%(title)s’ staat als concept in de agenda. Vul datum en locatie aan en "
                    "publiceer: "
                    "dan krijgen de stemmers een mail."
                )
                % {"title": event.title},
            )
            return redirect(reverse("wagtailadmin_pages:edit", args=[event.pk]))
    return TemplateResponse(
        request,
        "community/admin/plan_proposal.html",
        {"proposal": proposal, "votes": proposal.votes.count(), "header_title": proposal.title},
    )
