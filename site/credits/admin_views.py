"""Admin views for staff: the review list of awards (approve, reject, reverse) and manual
corrections. Every change is a new ledger row or the one-way review decision, with who did it."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from wagtail import hooks

from loket.core.hooks import CREDIT_REVIEW_NOTES

from . import services
from .models import CreditTransaction, Kind, Status


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


def review(request):
    _require(request, "view")
    pending = CreditTransaction.objects.filter(kind=Kind.AWARD, status=Status.PENDING)
    recent = CreditTransaction.objects.filter(kind=Kind.AWARD).exclude(status=Status.PENDING)
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
    award = get_object_or_404(CreditTransaction, pk=pk, kind=Kind.AWARD)
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
