"""Booking a conversation at ``/gesprek-aanvragen/``: the free slots of the request's region by
theme (step 1 and 2), your details (step 3), and the signed link to move or cancel.

Views read input, call ``loket.intake.services.booking`` and render; a refused booking answers
with the error's status (forged 404, past 410, taken 409) and stores nothing.
"""

from __future__ import annotations

from itertools import groupby

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from wagtail.models import Site

from loket.accounts.privacy import current_statement
from loket.core.guards import MAX_ID
from loket.themes.models import Theme

from . import services
from .forms import BookingForm
from .models import Kind, Slot
from .services import booking as bookings

ERROR_STATUS = {"unknown": 404, "past": 410, "taken": 409, "state": 409, "rate_limited": 429}
# The page lists this many slots at most; the rest are a filter away.
LISTED_SLOTS = 60


def _days(slots):
    """The slots grouped per local day, for the page's list."""
    return [
        (day, list(items))
        for day, items in groupby(slots, key=lambda s: timezone.localtime(s.starts_at).date())
    ]


def slot_listing(request) -> dict:
    """Context of the slot list: the region's free slots, filtered by theme and kind."""
    site = Site.find_for_request(request)
    if site is None:
        return {"slot_days": [], "booking_themes": []}
    theme = Theme.objects.filter(slug=request.GET.get("thema", "")[:80]).first()
    kind = request.GET.get("soort", "")
    kind = kind if kind in Kind.values else ""
    slots = list(bookings.free_slots(site, theme=theme, kind=kind)[:LISTED_SLOTS])
    advisers = Slot.objects.free().filter(site=site).values("adviser")
    themes = Theme.objects.filter(advisers__in=advisers).distinct()
    return {
        "slot_days": _days(slots),
        "booking_themes": list(themes.order_by("sort_order", "name")),
        "chosen_theme": theme,
        "chosen_kind": kind,
        "kinds": Kind.choices,
        "has_slots": bool(slots) or theme is not None or bool(kind),
    }


def _invalid(request, message, status):
    return render(request, "intake/booking_invalid.html", {"message": message}, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def book(request, slot_id):
    """Step 3: your details for the chosen slot, then the booking."""
    site = Site.find_for_request(request)
    if site is None or slot_id > MAX_ID:
        message = _("Dit moment bestaat niet. Kies een moment uit de lijst.")
        return _invalid(request, message, 404)
    slot = Slot.objects.free().filter(pk=slot_id, site=site).select_related("adviser").first()
    if slot is None:
        taken = Slot.objects.filter(pk=slot_id, site=site).select_related("adviser").first()
        if taken is None or taken.withdrawn or not taken.adviser.active:
            return _invalid(
                request, _("Dit moment bestaat niet. Kies een moment uit de lijst."), 404
            )
        if taken.starts_at <= timezone.now():
            return _invalid(request, _("Dit moment is al voorbij. Kies een ander moment."), 410)
        return _invalid(
            request, _("Dit moment is al geboekt. Kies een ander moment uit de lijst."), 409
        )
    user = request.user if request.user.is_authenticated else None
    status = 200
    if request.method == "POST":
        form = BookingForm(request.POST, user=user, slot=slot)
        if form.is_bot:
            return redirect("intake:request")
        if form.is_valid():
            try:
                booking = bookings.book_slot(
                    slot.pk, form.cleaned_data, site=site, user=user, request=request
                )
            except services.IntakeError as error:
                if error.code in ("unknown", "past", "taken"):
                    return _invalid(request, error.message, ERROR_STATUS[error.code])
                form.add_error(None, error.message)
                status = ERROR_STATUS.get(error.code, 400)
            else:
                return redirect(reverse("intake:booking", args=[booking.token]) + "?geboekt=1")
        else:
            status = 400
    else:
        form = BookingForm(user=user, slot=slot)
    context = {
        "slot": slot,
        "form": form,
        "privacy_url": current_statement(request).url,
        "retention_days": services.retention_days(),
    }
    return render(request, "intake/book.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def booking_detail(request, token):
    """The signed link of the mail: see the appointment, cancel it or go on to move it."""
    booking = bookings.booking_for_token(token)
    if booking is None:
        return _invalid(request, _("Deze link klopt niet of is niet meer geldig."), 404)
    status = 200
    error = ""
    if request.method == "POST":
        if request.POST.get("action") != "cancel":
            return _invalid(request, _("Deze stap kennen we niet."), 400)
        try:
            booking = bookings.cancel_booking(booking)
        except services.IntakeError as exc:
            error, status = exc.message, ERROR_STATUS.get(exc.code, 400)
        else:
            return redirect(reverse("intake:booking", args=[booking.token]) + "?geannuleerd=1")
    return render(
        request,
        "intake/booking.html",
        {
            "booking": booking,
            "slot": booking.slot,
            "intake": booking.intake,
            "active": booking.released_at is None and booking.intake.status == "ingepland",
            "just_booked": "geboekt" in request.GET,
            "error": error,
        },
        status=status,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def booking_move(request, token):
    """Move by the signed link: pick another free slot of the same kind in the region."""
    booking = bookings.booking_for_token(token)
    if booking is None:
        return _invalid(request, _("Deze link klopt niet of is niet meer geldig."), 404)
    status = 200
    error = ""
    if request.method == "POST":
        try:
            booking = bookings.move_booking(booking, request.POST.get("slot", ""))
        except services.IntakeError as exc:
            error, status = exc.message, ERROR_STATUS.get(exc.code, 400)
        else:
            return redirect(reverse("intake:booking", args=[booking.token]) + "?verzet=1")
    slots = list(
        bookings.free_slots(booking.site, kind=booking.intake.kind).exclude(pk=booking.slot_id)[
            :LISTED_SLOTS
        ]
    )
    return render(
        request,
        "intake/booking_move.html",
        {"booking": booking, "slot": booking.slot, "slot_days": _days(slots), "error": error},
        status=status,
    )
