"""Topic proposals: the list with votes, proposing a topic, voting and retracting."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _

from ..forms import ProposalForm
from ..models.proposals import TopicProposal
from ..permissions import request_access
from ..services import CommunityError
from ..services import proposals as proposal_services
from .common import error, login_url, render


def _list(page, request, form=None, status=200):
    access = request_access(request, page)
    proposals = list(proposal_services.proposals_for(page, request.user))
    return render(
        page,
        request,
        "community/proposals.html",
        {
            "open_proposals": [p for p in proposals if p.status == TopicProposal.Status.OPEN],
            "decided_proposals": [p for p in proposals if p.status != TopicProposal.Status.OPEN],
            "form": form or (ProposalForm() if access.is_member else None),
        },
        status=status,
    )


def proposal_list(page, request):
    access = request_access(request, page)
    if not access.can_read:
        return error(
            page,
            request,
            CommunityError(
                _("De onderwerpen zijn alleen voor leden van de community."), "not_member"
            ),
        )
    if request.method != "POST":
        return _list(page, request)
    if not request.user.is_authenticated:
        return HttpResponseRedirect(login_url(request))
    form = ProposalForm(request.POST)
    if not form.is_valid():
        return _list(page, request, form, status=400)
    try:
        proposal_services.propose_topic(page, request.user, **form.cleaned_data)
    except CommunityError as exc:
        if exc.status in (400, 429):
            form.add_error(None, exc.message)
            return _list(page, request, form, status=exc.status)
        return error(page, request, exc)
    messages.success(request, _("Je voorstel staat erbij. Vraag anderen om erop te stemmen!"))
    return HttpResponseRedirect(page.url_for("proposals", request), status=303)


def vote(page, request, proposal_id):
    back = page.url_for("proposals", request)
    if request.method != "POST":
        return HttpResponseRedirect(back)
    proposal = TopicProposal.objects.filter(pk=proposal_id, community=page).first()
    if proposal is None:
        return error(page, request, CommunityError(_("Dit voorstel bestaat niet."), "not_found"))
    try:
        if request.POST.get("actie") == "intrekken":
            proposal_services.retract_vote(proposal, request.user)
            messages.success(request, _("Je stem is ingetrokken."))
        else:
            proposal_services.vote_for(proposal, request.user)
            messages.success(request, _("Dank je wel voor je stem!"))
    except CommunityError as exc:
        return error(page, request, exc, back_url=back)
    return HttpResponseRedirect(f"{back}#voorstel-{proposal.pk}", status=303)
