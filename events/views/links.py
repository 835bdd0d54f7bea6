"""The signed links from the mails: cancel, leave the waiting list, claim an offered seat, and
the short feedback form after the event."""

from django.template.response import TemplateResponse

from events import services
from events.forms import FeedbackForm
from events.models.registration import Feedback
from events.services import RegistrationError

from .base import status_for


def _link_page(request, event, *, action, registration=None, error=None, done=False, status=200):
    return TemplateResponse(
        request,
        "events/registration_link.html",
        {
            "page": event,
            "event": event,
            "action": action,
            "registration": registration,
            "error": error,
            "done": done,
        },
        status=status,
    )


def _link_view(request, event, token, *, action, service):
    try:
        registration = services.registration_from_token(token, event)
    except RegistrationError as error:
        return _link_page(request, event, action=action, error=error.message, status=400)
    if request.method != "POST":
        return _link_page(request, event, action=action, registration=registration)
    try:
        registration = service(token, event=event)
    except RegistrationError as error:
        return _link_page(
            request,
            event,
            action=action,
            registration=registration,
            error=error.message,
            status=status_for(error),
        )
    return _link_page(request, event, action=action, registration=registration, done=True)


def cancel(request, event, token):
    return _link_view(request, event, token, action="cancel", service=services.cancel_registration)


def leave_waiting_list(request, event, token):
    return _link_view(request, event, token, action="leave", service=services.leave_waiting_list)


def feedback(request, event, token):
    """The short form of the follow-up mail: rapportcijfer, a step further, effort, a sentence."""
    try:
        registration = services.registration_from_token(token, event)
    except RegistrationError as error:
        return _link_page(request, event, action="feedback", error=error.message, status=400)
    existing = Feedback.objects.filter(registration=registration).first()
    initial = (
        {
            "score": existing.score,
            "progressed": existing.progressed,
            "effort": existing.effort,
            "sentence": existing.sentence,
        }
        if existing
        else None
    )
    form = FeedbackForm(request.POST or None, initial=initial)
    status, done, error = 200, False, None
    if request.method == "POST":
        if form.is_valid():
            try:
                services.submit_feedback(token, event=event, **form.cleaned_data)
                done = True
            except RegistrationError as exc:
                error, status = exc.message, status_for(exc)
        else:
            status = 400
    return TemplateResponse(
        request,
        "events/feedback.html",
        {
            "page": event,
            "event": event,
            "registration": registration,
            "form": form,
            "done": done,
            "error": error,
        },
        status=status,
    )


def offer(request, event, token):
    if request.method == "POST" and request.POST.get("keuze") == "afslaan":
        return _link_view(
            request, event, token, action="leave", service=services.leave_waiting_list
        )
    return _link_view(request, event, token, action="claim", service=services.claim_offer)
