"""Admin views for staff: the review list of awards (approve, reject, reverse), manual
corrections, and delivering redeemed rewards (plan, deliver, cancel). Every change is a new
ledger row, the one-way review decision or a checked step of a request, with who did it."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from wagtail import hooks

from loket.accounts.services.roles import for_staff
from loket.core.hooks import CREDIT_REVIEW_NOTES
from loket.core.region_admin import in_regions

from . import services
from .models import CreditTransaction, Kind, Redemption, Status


def _require(request, action):
    if not request.user.has_perm(f"credits.{action}_credittransaction"):
        raise PermissionDenied


class CorrectionForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("E-mailadres van het lid"))
    amount = forms.IntegerField(
        label=gettext_lazy("Credits"),
        help_text=gettext_lazy("Positief om bij te boeken, negatief om af te boeken."),
        min_value=-10000,
        max_value=10000,
    )
    reason = forms.CharField(label=gettext_lazy("Reden"), max_length=255)

    def clean_email(self):
        member = get_user_model().objects.filter(email__iexact=self.cleaned_data["email"]).first()
        if member is None:
            raise forms.ValidationError(_("Geen lid met dit e-mailadres."))
        return member


def with_review_notes(awards):
    """The awards, each with ``review_notes``: what the apps that booked them tell the reviewer
    (the ``CREDIT_REVIEW_NOTES`` hook)."""
    awards = list(awards)
    notes = {}
    for collect in hooks.get_hooks(CREDIT_REVIEW_NOTES):
        for pk, lines in collect(awards).items():
            notes.setdefault(pk, []).extend(lines)
    for award in awards:
        award.review_notes = notes.get(award.pk, [])
    return awards


def _awards(request):
    """The awards ``request.user`` reviews: those of members of the staff member's regions."""
    awards = CreditTransaction.objects.filter(kind=Kind.AWARD)
    # the member's home region; a member without one is the default site's
    return in_regions(awards, request.user, "member__profile__home_site", no_region_is_default=True)


def review(request):
    _require(request, "view")
    awards = _awards(request)
    pending = awards.filter(status=Status.PENDING)
    recent = awards.exclude(status=Status.PENDING)
    context = {
        "pending": with_review_notes(pending.select_related("member").order_by("created_at", "pk")),
        "recent": with_review_notes(recent.select_related("member", "decided_by")[:50]),
        "can_decide": request.user.has_perm("credits.add_credittransaction"),
        "form": CorrectionForm(),
    }
    return TemplateResponse(request, "credits/admin/review.html", context)


@require_POST
def decide(request, pk, decision):
    _require(request, "add")
    award = get_object_or_404(_awards(request), pk=pk)
    actions = {
        "goedkeuren": lambda: services.approve_award(award, staff=request.user),
        "afwijzen": lambda: services.reject_award(award, staff=request.user),
        "terugdraaien": lambda: services.reverse_award(
            award,
            staff=request.user,
            reason=_("Toekenning teruggedraaid: %(reason)s") % {"reason": award.reason},
        ),
    }
    if decision not in actions:
        raise PermissionDenied
    try:
        actions[decision]()
    except services.CreditError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Verwerkt; het grootboek is bijgewerkt."))
    return redirect("credits_admin:review")


@require_POST
def correct(request):
    _require(request, "add")
    form = CorrectionForm(request.POST)
    if form.is_valid():
        try:
            services.correct(
                form.cleaned_data["email"],
                form.cleaned_data["amount"],
                reason=form.cleaned_data["reason"],
                staff=request.user,
            )
        except services.CreditError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("De correctie is geboekt."))
            return redirect("credits_admin:review")
    else:
        messages.error(request, _("De correctie is niet geboekt: kijk de velden na."))
    return TemplateResponse(
        request,
        "credits/admin/review.html",
        {
            "pending": CreditTransaction.objects.none(),
            "recent": [],
            "can_decide": True,
            "form": form,
        },
        status=400,
    )


# Delivering rewards: the list of requests (overdue ones first) and the staff steps.


class ScheduleForm(forms.Form):
    scheduled_for = forms.DateTimeField(
        label=gettext_lazy("Datum en tijd"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={
            "required": gettext_lazy("Kies de datum en tijd waarop de beloning geleverd wordt."),
            "invalid": gettext_lazy("Vul een geldige datum en tijd in."),
        },
    )
    note = forms.CharField(
        label=gettext_lazy("Toelichting voor het lid"),
        required=False,
        max_length=services.rewards.NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


REDEMPTIONS_PER_PAGE = 50


def redemptions(request, *, form=None, form_pk=None, status=200):
    """Every request with its state; filter by state or on ``te laat``. One query per page."""
    if not request.user.has_perm("credits.view_redemption"):
        raise PermissionDenied
    rows = Redemption.objects.with_overdue().select_related("reward__host", "member")
    rows = for_staff(rows, request.user)  # the requests of the regions they deliver for
    state = request.GET.get("status", "")
    if state == "te_laat":
        rows = rows.filter(is_overdue=True)
    elif state in Redemption.State.values:
        rows = rows.filter(state=state)
    else:
        state = ""
    rows = rows.order_by("-is_overdue", "created_at", "pk")
    page = Paginator(rows, REDEMPTIONS_PER_PAGE).get_page(request.GET.get("p"))
    context = {
        "page_obj": page,
        "rows": page.object_list,
        "status": state,
        "states": [("te_laat", _("Te laat")), *Redemption.State.choices],
        "can_change": request.user.has_perm("credits.change_redemption"),
        "transitions": services.TRANSITIONS,
        "form": form or ScheduleForm(),
        "form_pk": form_pk,
        "overdue_days": getattr(settings, "REWARD_OVERDUE_DAYS", 14),
    }
    return TemplateResponse(request, "credits/admin/redemptions.html", context, status=status)


@require_POST
def redemption_step(request, pk, step):
    """One staff step on a request; a refused step answers 409 with the Dutch reason."""
    if not request.user.has_perm("credits.change_redemption"):
        raise PermissionDenied
    redemption = get_object_or_404(for_staff(Redemption.objects.all(), request.user), pk=pk)
    form = None
    try:
        if step == "inplannen":
            form = ScheduleForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("Niet ingepland: kijk de velden na."))
                return redemptions(request, form=form, form_pk=pk, status=400)
            services.schedule_redemption(
                redemption,
                when=form.cleaned_data["scheduled_for"],
                note=form.cleaned_data["note"],
                staff=request.user,
            )
            done = _("Ingepland; het lid krijgt een mail.")
        elif step == "geleverd":
            services.fulfil_redemption(redemption, staff=request.user)
            done = _("Als geleverd gemarkeerd; het lid krijgt een mail.")
        elif step == "annuleren":
            services.cancel_redemption(redemption, staff=request.user)
            done = _("Geannuleerd en de credits zijn teruggeboekt; het lid krijgt een mail.")
        else:
            raise Http404(_("Deze stap bestaat niet."))
    except services.CreditError as error:
        messages.error(request, error.message)
        status = 409 if error.code == "wrong_transition" else 400
        return redemptions(request, form=form, form_pk=pk, status=status)
    messages.success(request, done)
    return redirect("credits_admin:redemptions")
