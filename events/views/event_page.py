"""The event page itself: what its template shows (registration state, links, JSON-LD), its
iCal file and the QR code of a confirmation mail."""

import io
import json

import segno

from django.conf import settings
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from events import services
from events.forms import InviteForm, RegistrationForm, VisitorRegistrationForm
from events.ical import event_calendar
from events.models.choices import EventFormat, EventStatus
from events.models.registration import Registration
from events.scheduling import ics_response
from events.services import RegistrationError

from .base import invitation_for


def qr_code(request, event, token):
    """The QR code of a confirmation mail: it opens the check-in of this registration."""
    try:
        registration = services.registration_from_token(token, event)
    except RegistrationError:
        raise Http404(_("Deze code kennen we niet.")) from None
    buffer = io.BytesIO()
    segno.make(registration.check_in_url(), error="m").save(buffer, kind="png", scale=6, border=2)
    response = HttpResponse(buffer.getvalue(), content_type="image/png")
    response["Cache-Control"] = "private, max-age=86400"
    return response


def event_ical(request, event):
    return ics_response(event_calendar(event), f"{event.slug}.ics")


# The event page -------------------------------------------------------------------------------


def _json_ld(request, event):
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


def event_page_context(request, event, *, form=None, invite_form=None):
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
        "json_ld": _json_ld(request, event),
        "register_url": event.url_for("register", request),
        "ical_url": event.url_for("ical", request),
        "show_online_link": bool(
            registration is not None
            and registration.status == Registration.Status.CONFIRMED
            and event.is_online
            and event.online_url
        ),
        "other_dates": list(event.other_occurrences()[:6]),
        "invitation": invitation_for(
            event, request.POST.get("uitnodiging") or request.GET.get("uitnodiging")
        ),
        "invite_form": invite_form
        or (InviteForm() if user.is_authenticated and state in ("open", "not_yet") else None),
        "invite_url": event.url_for("invite", request),
    }
