"""Admin views for communications staff: one "Beoordelen" page per experience (approve, ask a
question, reject, propose a shorter quote, follow up private feedback, record a withdrawal made
by phone) and a dashboard panel. Every change goes through ``testimonials.services``."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin.ui.components import Component

from loket.accounts.services.roles import for_staff

from . import services
from .models import Channel, Experience, Status
from .services import ExperienceError


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Toelichting"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class QuoteForm(forms.Form):
    quote = forms.CharField(
        label=gettext_lazy("Aangepast citaat"),
        max_length=280,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


ACTIONS = ("approve", "ask", "reject", "propose_quote", "follow_up", "withdraw")


def _run(action, experience, request):
    reason = request.POST.get("reason", "")
    user = request.user
    if action == "approve":
        services.approve(experience, by=user, reason=reason)
        return _("Goedgekeurd. De inzender krijgt een mail.")
    if action == "ask":
        services.ask_question(experience, by=user, question=reason)
        return _("Je vraag is naar de inzender gemaild.")
    if action == "reject":
        services.reject(experience, by=user, reason=reason)
        return _("Afgewezen. De inzender krijgt de reden per mail.")
    if action == "propose_quote":
        services.propose_quote_edit(
            experience, request.POST.get("quote", ""), by=user, reason=reason
        )
        return _("Het aangepaste citaat is ter goedkeuring naar de inzender gemaild.")
    if action == "follow_up":
        services.mark_followed_up(experience, by=user, note=reason)
        return _("Gemarkeerd als opgevolgd.")
    if action == "withdraw":
        channel = request.POST.get("channel", "")
        channels = None if channel == "all" else [channel]
        if channels and channel not in Channel.values:
            raise ExperienceError(_("Kies het kanaal."))
        if not reason.strip():
            raise ExperienceError(_("Noteer hoe de inzender het liet weten (bijv. telefoon)."))
        services.withdraw_consent(experience, channels, by=user, reason=reason)
        return _("De toestemming is ingetrokken en de ervaring is overal offline.")
    raise ExperienceError(_("Deze stap kennen we niet."))


def moderate(request, pk):
    if not request.user.has_perm("testimonials.change_experience"):
        raise PermissionDenied
    experience = get_object_or_404(
        for_staff(Experience.objects.select_related("theme", "event", "contributor"), request.user),
        pk=pk,
    )
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            message = _run(action, experience, request)
        except ExperienceError as error:
            messages.error(request, error.message)
            status = 409 if error.code in ("private", "state", "unchanged") else 400
        else:
            messages.success(request, message)
            return redirect(request.path)
    consents = list(experience.consents.select_related("recorded_by"))
    return TemplateResponse(
        request,
        "testimonials/admin/moderate.html",
        {
            "experience": experience,
            "consents": consents,
            "current": services.current_channels(experience),
            "channels": Channel,
            "log": list(experience.log.select_related("actor")),
            "reason_form": ReasonForm(),
            "quote_form": QuoteForm(
                initial={"quote": experience.proposed_quote or experience.quote}
            ),
            "is_private": experience.is_private_feedback,
            "manage_url": services.manage_url(experience),
        },
        status=status,
    )


class ModerationPanel(Component):
    name = "testimonials_moderation"
    order = 95
    template_name = "testimonials/admin/dashboard_panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        experiences = for_staff(Experience.objects.all(), self.request.user)
        counts = experiences.aggregate(
            new=Count("pk", filter=Q(status=Status.NEW)),
            question=Count("pk", filter=Q(status=Status.QUESTION)),
            private_open=Count("pk", filter=Q(status=Status.PRIVATE, followed_up_at__isnull=True)),
            quote_open=Count("pk", filter=~Q(proposed_quote="")),
        )
        recent_private = list(
            experiences.filter(status=Status.PRIVATE, followed_up_at__isnull=True)
            .select_related("event")
            .order_by("-created_at")[:5]
        )
        return {"counts": counts, "recent_private": recent_private, "request": self.request}
