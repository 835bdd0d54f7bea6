"""The staff's pages: the warm handover of an intake request, and the Nabellen list.

Both go through ``loket.partners.services``; a refused step answers 400 (bad input) or 409 (the
request or follow-up moved on meanwhile) with the reason on the page, and stores nothing.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from loket.intake.admin_views import in_staff_regions
from loket.intake.models import IntakeRequest

from . import services
from .models import FollowUp, Outcome
from .services import follow_up

STATE_CODES = ("state", "erased")


def _status(error):
    return 409 if error.code in STATE_CODES else 400


def _contact(user, value):
    if not str(value or "").isdigit():
        return None
    return services.contacts_for(user).filter(pk=int(value)).first()


def handover(request, intake_pk):
    """Step 1: choose a contact (themes of the request first); step 2: read the consent text
    to the entrepreneur, tick that they agreed, and hand over."""
    user = request.user
    if not (
        user.has_perm("partners.add_handover") and user.has_perm("intake.change_intakerequest")
    ):
        raise PermissionDenied
    intake = get_object_or_404(
        IntakeRequest.objects.select_related("theme").not_erased(), pk=intake_pk
    )
    if not in_staff_regions(user, intake):
        raise Http404(_("Deze aanvraag hoort bij een andere regio."))
    existing = intake.handovers.first()
    status = 200
    data = request.POST if request.method == "POST" else request.GET
    contact = _contact(user, data.get("contact"))
    if request.method == "POST":
        try:
            services.hand_over(
                intake,
                contact=contact,
                consent_given=data.get("consent") == "ja",
                consent_shown=data.get("consent_text", ""),
                by=user,
            )
        except services.PartnerError as error:
            messages.error(request, error.message)
            status = _status(error)
        else:
            messages.success(
                request,
                _("Overgedragen. De introductiemail gaat naar de ondernemer en %(name)s.")
                % {"name": contact.name},
            )
            return redirect("wagtailsnippets_intake_intakerequest:handle", intake.pk)
    elif data.get("contact") and contact is None:
        messages.error(request, _("Kies een contactpersoon uit de lijst."))
        status = 400
    return TemplateResponse(
        request,
        "partners/admin/handover.html",
        {
            "intake": intake,
            "existing": existing,
            "contacts": list(services.contacts_for(user, intake.theme)),
            "contact": contact,
            "consent_text": services.consent_text(contact) if contact else "",
        },
        status=status,
    )


def _visible_follow_ups(user):
    sites = services.staff_sites(user)
    rows = FollowUp.objects.all()
    if sites is not None:
        rows = rows.filter(site__in=sites)
    return rows


def follow_ups(request):
    """Nabellen: the staff member's open follow-ups, or (``?alle=1``) those of their region."""
    user = request.user
    if not user.has_perm("partners.change_followup"):
        raise PermissionDenied
    status = 200
    if request.method == "POST":
        pk = str(request.POST.get("follow_up", ""))
        found = get_object_or_404(
            _visible_follow_ups(user), pk=int(pk) if pk.isascii() and pk.isdigit() else 0
        )
        try:
            services.record_outcome(
                found,
                outcome=request.POST.get("outcome", ""),
                note=request.POST.get("note", ""),
                by=user,
            )
        except services.PartnerError as error:
            messages.error(request, error.message)
            status = _status(error)
        else:
            messages.success(
                request,
                _("Vastgelegd. %(name)s staat niet meer op de lijst.") % {"name": found.name},
            )
            return redirect(request.get_full_path())
    everyone = request.GET.get("alle") == "1"
    rows = list(
        services.follow_ups_for(
            user, sites=services.staff_sites(user) if everyone else None, everyone=everyone
        )
    )
    today = follow_up.today()
    due = [row for row in rows if row.due_on <= today]
    return TemplateResponse(
        request,
        "partners/admin/follow_ups.html",
        {
            "rows": due,
            "upcoming": [row for row in rows if row.due_on > today],
            "everyone": everyone,
            "today": today,
            "overdue": sum(1 for row in due if row.due_on < today),
            "outcomes": Outcome.choices,
        },
        status=status,
    )
