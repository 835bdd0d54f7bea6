"""Views behind the routes of the agenda and event pages. They read input, call a service, render.

Every refusal is a Dutch message with a 4xx status; nothing is stored then.
"""

import io
import json

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch, Q
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.images import get_image_model

from loket.accounts.models import User
from loket.accounts.privacy import PRIVACY_STATEMENT_VERSION
from loket.accounts.services import EmailAlreadyRegistered, create_member
from loket.core import registry
from loket.themes.models import Theme

from . import services
from .forms import (
    AgendaFilterForm,
    FeedbackForm,
    InviteForm,
    RegistrationForm,
    VisitorRegistrationForm,
)
from .ical import event_calendar, feed_calendar
from .models import EventFormat, EventPage, EventStatus, Feedback, Invitation, Registration
from .scheduling import ics_response
from .services import RegistrationError

PAGE_SIZE = 12
FEED_LIMIT = 500
LISTING_IMAGE = "fill-640x360-c50"

# A state conflict (closed, full, already registered) is 409; a malformed request 400.
ERROR_STATUS = {"bad_token": 400, "invalid": 400}


def _status_for(error):
    return ERROR_STATUS.get(error.code, 409)


# Listing helpers ------------------------------------------------------------------------------


def listing_queryset():
    """Event pages as the agenda and the registry show them, in a fixed number of queries."""
    images = get_image_model().objects.prefetch_renditions(LISTING_IMAGE)
    return (
        EventPage.objects.with_seats()
        .live()
        .defer_streamfields()
        .prefetch_related(Prefetch("image", queryset=images), "themes")
    )


def upcoming_events(now=None):
    now = now or timezone.now()
    return listing_queryset().filter(end__gt=now).order_by("start", "pk")


def past_events(now=None):
    now = now or timezone.now()
    return listing_queryset().filter(end__lte=now).order_by("-start", "-pk")


def _listed_upcoming(site=None):
    """Upcoming, not cancelled, public events of ``site`` (a region), for registry listings."""
    events = upcoming_events().filter(cancelled=False).public()
    events = registry.in_site(events, site)
    return events


def upcoming_for_theme(theme, limit=6, site=None, **kwargs):
    """Registry provider: the next events of a theme."""
    return list(_listed_upcoming(site).filter(themes=theme)[:limit])


def upcoming_for_tag(tag, limit=6, site=None, **kwargs):
    """Registry provider: the next events with a free tag."""
    return list(_listed_upcoming(site).filter(tags=tag)[:limit])


def latest_upcoming(limit=3, site=None, **kwargs):
    """Registry provider: the next events of the agenda."""
    return list(_listed_upcoming(site)[:limit])


# The agenda -----------------------------------------------------------------------------------


def agenda(index, request, *, archive):
    form = AgendaFilterForm(request.GET)
    values, invalid = form.filters()
    if invalid:
        labels = ", ".join(str(form.fields[name].label).lower() for name in invalid)
        messages.warning(
            request,
            _("We hebben het filter op %(fields)s overgeslagen: die waarde kennen we niet.")
            % {"fields": labels},
        )
    base = past_events() if archive else upcoming_events()
    events = form.apply(base.child_of(index), values)
    if "thema" in values:
        events = events.distinct()
    paginator = Paginator(events, PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("pagina"))
    active_filters = {name: form.data[name] for name in AgendaFilterForm.FIELDS if name in values}
    return index.render(
        request,
        template="events/event_index_page.html",
        context_overrides={
            "filter_form": form,
            "events": page_obj.object_list,
            "page_obj": page_obj,
            "is_archive": archive,
            "active_filters": active_filters,
            "feed_url": index.get_url(request) + index.reverse_subpage("feed").lstrip("/"),
            "archive_url": index.get_url(request) + index.reverse_subpage("archive").lstrip("/"),
            "agenda_url": index.get_url(request),
        },
    )


def agenda_feed(index, request):
    events = upcoming_events().child_of(index).filter(cancelled=False)
    name = str(_("Bijeenkomsten van het Ondernemersloket"))
    slug = request.GET.get("thema", "").strip()
    if slug:
        theme = Theme.objects.filter(slug=slug).first()
        if theme is None:
            raise Http404(_("Dit thema kennen we niet."))
        events = events.filter(themes=theme).distinct()
        name = f"{name}: {theme.name}"
    calendar = feed_calendar(events[:FEED_LIMIT], name=name, base_url=index.get_full_url(request))
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="bijeenkomsten.ics"'
    response["Cache-Control"] = "public, max-age=900"
    return response


def qr_code(event, request, token):
    """The QR code of a confirmation mail: it opens the check-in of this registration."""
    import segno

    try:
        registration = services.registration_from_token(token, event)
    except RegistrationError:
        raise Http404(_("Deze code kennen we niet.")) from None
    buffer = io.BytesIO()
    segno.make(registration.check_in_url(), error="m").save(buffer, kind="png", scale=6, border=2)
    response = HttpResponse(buffer.getvalue(), content_type="image/png")
    response["Cache-Control"] = "private, max-age=86400"
    return response


def event_ical(event, request):
    return ics_response(event_calendar(event), f"{event.slug}.ics")


# The event page -------------------------------------------------------------------------------


def _json_ld(event, request):
    url = event.get_full_url(request)
    mode = {
        EventFormat.PHYSICAL: "https://schema.org/OfflineEventAttendanceMode",
        EventFormat.ONLINE: "https://schema.org/OnlineEventAttendanceMode",
        EventFormat.HYBRID: "https://schema.org/MixedEventAttendanceMode",
    }[event.format]
    locations = []
    if event.has_venue:
        locations.append(
            {
                "@type": "Place",
                "name": event.venue_name,
                "address": {
                    "@type": "PostalAddress",
                    "streetAddress": event.venue_address,
                    "addressLocality": event.municipality,
                    "addressCountry": "NL",
                },
            }
        )
    if event.is_online:
        # The meeting link itself is for registered attendees only.
        locations.append({"@type": "VirtualLocation", "url": url})
    status = event.status
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.intro,
        "startDate": timezone.localtime(event.start).isoformat(),
        "endDate": timezone.localtime(event.end).isoformat(),
        "eventStatus": "https://schema.org/EventCancelled"
        if event.cancelled
        else "https://schema.org/EventScheduled",
        "eventAttendanceMode": mode,
        "location": locations[0] if len(locations) == 1 else locations,
        "url": url,
        "inLanguage": "nl",
        "organizer": {
            "@type": "Organization",
            "name": "Ondernemersloket",
            "url": settings.SITE_URL,
        },
        "offers": {
            "@type": "Offer",
            "price": f"{event.price:.2f}",
            "priceCurrency": "EUR",
            "url": url,
            "availability": "https://schema.org/SoldOut"
            if status == EventStatus.FULL
            else "https://schema.org/InStock",
            "validFrom": timezone.localtime(
                event.registration_opens_at or event.first_published_at or event.start
            ).isoformat(),
        },
    }
    performers = [
        {"@type": "Person", "name": s.name, **({"jobTitle": s.title} if s.title else {})}
        for s in event.speakers.all()
    ]
    if performers:
        data["performer"] = performers
    if event.image:
        data["image"] = [event.image.get_rendition("fill-1200x630").full_url]
    # Escape <, > and & so the JSON cannot close the script element it sits in.
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _invitation(event, token):
    invitation = Invitation.from_token(token) if token else None
    return invitation if invitation is not None and invitation.event_id == event.pk else None


def event_page_context(event, request, *, form=None, invite_form=None):
    user = request.user
    registration = services.active_registration(event, user) if user.is_authenticated else None
    if registration is not None:
        registration.event = event  # its credits deadline is shown without another query
    state = event.registration_state()
    if form is None and state == "open" and registration is None:
        if user.is_authenticated:
            form = RegistrationForm(event=event, member=user)
        else:
            form = VisitorRegistrationForm(event=event)
    waiting_position = None
    if registration is not None and registration.status == Registration.Status.WAITING:
        ahead = Q(created_at__lt=registration.created_at) | Q(
            created_at=registration.created_at, pk__lte=registration.pk
        )
        waiting_position = Registration.objects.filter(
            ahead, event=event, status=Registration.Status.WAITING
        ).count()
    links = {}
    if registration is not None:
        token = registration.token
        links = {
            name: event.url_for(route, request, token=token)
            for name, route in (
                ("cancel", "cancel"),
                ("offer", "offer"),
                ("leave", "leave_waiting_list"),
            )
        }
    speakers = event.speakers.select_related("photo")
    return {
        "registration": registration,
        "registration_links": links,
        "waiting_position": waiting_position,
        "registration_state": state,
        "event_status": event.status,
        "registration_form": form,
        "speakers": speakers,
        "themes": event.themes.all(),
        "tags": event.tags.all(),
        "json_ld": _json_ld(event, request),
        "register_url": event.url_for("register", request),
        "ical_url": event.url_for("ical", request),
        "show_online_link": bool(
            registration is not None
            and registration.status == Registration.Status.CONFIRMED
            and event.is_online
            and event.online_url
        ),
        "other_dates": list(event.other_occurrences()[:6]),
        "invitation": _invitation(
            event, request.POST.get("uitnodiging") or request.GET.get("uitnodiging")
        ),
        "invite_form": invite_form
        or (InviteForm() if user.is_authenticated and state in ("open", "not_yet") else None),
        "invite_url": event.url_for("invite", request),
    }


def _render_event(event, request, *, form=None, invite_form=None, status=200):
    context = event.get_context(request, registration_form=form, invite_form=invite_form)
    return TemplateResponse(request, event.get_template(request), context, status=status)


def register(event, request):
    if request.method != "POST":
        return HttpResponseRedirect(event.get_url(request))
    user = request.user if request.user.is_authenticated else None
    if user is not None:
        form = RegistrationForm(request.POST, event=event, member=user)
    else:
        form = VisitorRegistrationForm(request.POST, event=event)
    if not form.is_valid():
        messages.error(
            request, _("Er ging iets mis met je aanmelding; kijk even naar het formulier.")
        )
        return _render_event(event, request, form=form, status=400)
    token = request.POST.get("uitnodiging", "")
    invitation = _invitation(event, token)
    email = user.email if user else form.cleaned_data["email"]
    if invitation is not None and invitation.email == email.lower():
        source = Registration.Source.INVITE
    elif user is not None:
        source = Registration.Source.MEMBER
    else:
        source = Registration.Source.VISITOR
    try:
        with transaction.atomic():
            if user is None:
                user = _visitor_account(form)
            registration = services.register_for_event(
                event,
                user,
                colleagues=form.colleagues(),
                answer=form.cleaned_data.get("answer", ""),
                source=source,
                pay_with_credits=form.pays_with_credits(),
            )
            if source == Registration.Source.INVITE:
                services.accept_invitation(token, registration)
    except RegistrationError as error:
        messages.error(request, error.message)
        return _render_event(event, request, form=form, status=_status_for(error))
    if registration.paid_credits:
        messages.success(
            request,
            _(
                "Je bent aangemeld en betaalde met %(n)s credits. De bevestiging met een "
                "agenda-uitnodiging staat in je mail."
            )
            % {"n": registration.paid_credits},
        )
    elif registration.status == Registration.Status.CONFIRMED:
        messages.success(
            request,
            _("Je bent aangemeld! De bevestiging met een agenda-uitnodiging staat in je mail."),
        )
    else:
        messages.success(
            request,
            _(
                "De bijeenkomst zit vol, dus je staat op de wachtlijst. Komt er een plek vrij, "
                "dan mailen we je meteen."
            ),
        )
    return HttpResponseRedirect(event.get_url(request), status=303)


def invite(event, request):
    if request.method != "POST":
        return HttpResponseRedirect(event.get_url(request))
    if not request.user.is_authenticated:
        messages.error(request, _("Log in om een collega-ondernemer uit te nodigen."))
        return _render_event(event, request, status=403)
    form = InviteForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("Je uitnodiging is nog niet verstuurd; kijk even naar het formulier.")
        )
        return _render_event(event, request, invite_form=form, status=400)
    try:
        invitation = services.invite_to_event(event, request.user, **form.cleaned_data)
    except RegistrationError as error:
        messages.error(request, error.message)
        return _render_event(event, request, invite_form=form, status=_status_for(error))
    messages.success(
        request,
        _("Je uitnodiging aan %(email)s is verstuurd. Leuk als jullie samen komen!")
        % {"email": invitation.email},
    )
    return HttpResponseRedirect(event.get_url(request), status=303)


def _visitor_account(form):
    """The light account of a visitor, created on the spot, or their earlier light account.

    An address that belongs to an account with a password must log in first: registering in
    someone's name without them is not possible.
    """
    data = form.cleaned_data
    existing = User.objects.filter(email__iexact=data["email"]).first()
    if existing is not None:
        if existing.has_usable_password() or not existing.is_active:
            raise RegistrationError(
                _("Er is al een account met dit e-mailadres. Log in en meld je met één klik aan."),
                "account_exists",
            )
        return existing
    try:
        return create_member(
            email=data["email"],
            password=None,
            first_name=data["first_name"],
            last_name=data["last_name"],
            verified=False,
            company_name=data["company_name"],
            company_size=data["size_band"],
            privacy_consent_version=PRIVACY_STATEMENT_VERSION,
        )
    except EmailAlreadyRegistered:
        raise RegistrationError(
            _("Er is al een account met dit e-mailadres. Log in en meld je met één klik aan."),
            "account_exists",
        ) from None


# Signed links from the mails ------------------------------------------------------------------


def _link_page(event, request, *, action, registration=None, error=None, done=False, status=200):
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


def _link_view(event, request, token, *, action, service):
    try:
        registration = services.registration_from_token(token, event)
    except RegistrationError as error:
        return _link_page(event, request, action=action, error=error.message, status=400)
    if request.method != "POST":
        return _link_page(event, request, action=action, registration=registration)
    try:
        registration = service(token, event=event)
    except RegistrationError as error:
        return _link_page(
            event,
            request,
            action=action,
            registration=registration,
            error=error.message,
            status=_status_for(error),
        )
    return _link_page(event, request, action=action, registration=registration, done=True)


def cancel(event, request, token):
    return _link_view(event, request, token, action="cancel", service=services.cancel_registration)


def leave_waiting_list(event, request, token):
    return _link_view(event, request, token, action="leave", service=services.leave_waiting_list)


def feedback(event, request, token):
    """The short form of the follow-up mail: rapportcijfer, a step further, effort, a sentence."""
    try:
        registration = services.registration_from_token(token, event)
    except RegistrationError as error:
        return _link_page(event, request, action="feedback", error=error.message, status=400)
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
                error, status = exc.message, _status_for(exc)
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


def offer(event, request, token):
    if request.method == "POST" and request.POST.get("keuze") == "afslaan":
        return _link_view(
            event, request, token, action="leave", service=services.leave_waiting_list
        )
    return _link_view(event, request, token, action="claim", service=services.claim_offer)
