"""Admin views of a mailing: the "Verzenden" page (audience size, test, schedule, progress) and
the preview of the mail itself. Every step goes through ``campaigns.mailings.services``."""

from datetime import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin

from loket.accounts.services.roles import for_staff

from . import segments, services
from .models import Mailing, MailingRecipient, MailingStatus
from .services import MailingError

ACTIONS = ("test", "schedule", "send_now", "unschedule", "cancel")


def _forbidden():
    # Plainly 403: Wagtail would turn PermissionDenied into a redirect to the dashboard.
    return HttpResponseForbidden(
        _("Alleen de afdeling Communicatie beheert mailings."),
        content_type="text/plain; charset=utf-8",
    )


def _mailing(request, pk, permission):
    if not request.user.has_perm(f"mailings.{permission}_mailing"):
        raise PermissionDenied
    mailings = Mailing.objects.select_related("campaign", "community", "attendance_event", "site")
    return get_object_or_404(for_staff(mailings, request.user), pk=pk)


def _parse_moment(value):
    try:
        moment = datetime.fromisoformat((value or "").strip())
    except ValueError:
        raise MailingError(_("Vul een geldige datum en tijd in.")) from None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _run(action, mailing, request):
    if action == "test":
        services.send_test(mailing, request.user)
        return _("De testmail is onderweg naar %(email)s.") % {"email": request.user.email}
    if action == "send_now":
        services.schedule(mailing)
        return _("Het verzenden is begonnen. De voortgang zie je hieronder.")
    if action == "schedule":
        moment = _parse_moment(request.POST.get("scheduled_at"))
        services.schedule(mailing, moment)
        return _("Ingepland voor %(when)s.") % {
            "when": timezone.localtime(moment).strftime("%d-%m-%Y %H:%M")
        }
    if action == "unschedule":
        services.unschedule(mailing)
        return _("De mailing is weer een concept.")
    if action == "cancel":
        services.cancel(mailing)
        return _("De mailing is geannuleerd.")
    raise MailingError(_("Deze stap kennen we niet."))


def send(request, pk):
    try:
        mailing = _mailing(request, pk, "view")
    except PermissionDenied:
        return _forbidden()
    status = 200
    if request.method == "POST":
        if not request.user.has_perm("mailings.change_mailing"):
            return _forbidden()
        try:
            message = _run(request.POST.get("action", ""), mailing, request)
        except MailingError as error:
            messages.error(request, error.message)
            status = 409 if error.code in ("state", "empty_segment") else 400
            mailing.refresh_from_db()
        else:
            messages.success(request, message)
            return redirect(request.path)
    count = services.recipient_count(mailing) if mailing.is_editable else None
    skipped = (
        mailing.recipients.filter(status=MailingRecipient.Status.SKIPPED)
        .values("skip_reason")
        .order_by("skip_reason")
        .distinct()
        if mailing.status in (MailingStatus.SENDING, MailingStatus.SENT, MailingStatus.CANCELLED)
        else []
    )
    return TemplateResponse(
        request,
        "mailings/admin/send.html",
        {
            "mailing": mailing,
            "recipient_count": count,
            "criteria": segments.describe(mailing),
            "can_change": request.user.has_perm("mailings.change_mailing"),
            "percent": (
                round(100 * (mailing.sent_count + mailing.skipped_count) / mailing.recipient_count)
                if mailing.recipient_count
                else 0
            ),
            "skip_reasons": [
                MailingRecipient.SkipReason(row["skip_reason"]).label for row in skipped
            ],
            "default_moment": timezone.localtime().replace(second=0, microsecond=0),
        },
        status=status,
    )


@xframe_options_sameorigin
def preview(request, pk):
    try:
        mailing = _mailing(request, pk, "view")
    except PermissionDenied:
        return _forbidden()
    try:
        html = services.preview_html(mailing, request.user)
    except MailingError as error:
        return HttpResponse(error.message, status=400, content_type="text/plain; charset=utf-8")
    return HttpResponse(html)
