"""The member's credits page: balance, history, rewards, expiring credits; redeeming."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from loket.core import registry

from . import services
from .models import Redemption


@login_required
def overview(request):
    member = request.user
    balance = services.balance(member)
    page = Paginator(services.history(member), 25).get_page(request.GET.get("pagina"))
    rewards = list(services.offered_to(member))
    context = {
        "balance": balance,
        "page_obj": page,
        "history": page.object_list,
        "rewards": rewards,
        # The rewards the member chose, with where each stands (open ones first).
        "redemptions": list(
            Redemption.objects.filter(member=member)
            .select_related("reward__host")
            .order_by("-created_at", "-pk")[:20]
        ),
        "expiring": services.expiring_soon(member),
        # The referrals the member made, offered by Tip een ander through the registry.
        "panels": registry.collect("for_member", names={"tip-een-ander"}, user=member, limit=10),
    }
    return render(request, "credits/overview.html", context)


@login_required
@require_POST
def redeem(request, pk):
    reward = services.offered_to(request.user).filter(pk=pk).first()
    if reward is None:
        raise Http404(_("Deze beloning bestaat niet (meer)."))
    if services.paid_at_registration(reward):
        messages.error(
            request,
            _(
                "Een plek bij een bijeenkomst betaal je bij het aanmelden: kies een bijeenkomst "
                "in de agenda en vink ‘Betaal met credits’ aan."
            ),
        )
        response = overview(request)
        response.status_code = 400
        return response
    try:
        services.redeem(request.user, reward)
    except services.CreditError as error:
        messages.error(request, error.message)
        response = overview(request)
        response.status_code = 409 if error.code == "out_of_stock" else 400
        return response
    messages.success(
        request,
        _("Gelukt! Je hebt %(title)s gekozen. We nemen snel contact met je op.")
        % {"title": reward.title},
    )
    return redirect("credits:overview")
