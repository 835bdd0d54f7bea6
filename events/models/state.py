"""What an event page derives from its fields and its registration rows: status, seats, the
registration window, the schedule fingerprint, and the checks an editor's input must pass."""

import hashlib
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.models import PageManager

from .choices import RESERVED_SLUGS, EventFormat, EventStatus
from .registration import Registration


class EventPageManager(PageManager):
    def with_seats(self):
        """Annotate ``seats_taken``: seats held by confirmed and offered registrations."""
        return self.get_queryset().annotate(seats_taken_total=seats_taken_subquery())


def seats_taken_subquery():
    taken = (
        Registration.objects.filter(event=models.OuterRef("pk"), status__in=Registration.HOLDING)
        .order_by()
        .values("event")
        .annotate(total=Sum("seats"))
        .values("total")
    )
    return Coalesce(models.Subquery(taken, output_field=models.IntegerField()), 0)


class EventStateMixin:
    """Derived state and validation of ``EventPage``; seats are recounted, never stored."""

    def clean(self):
        super().clean()
        errors = {}
        if self.slug in RESERVED_SLUGS:
            errors["slug"] = _("Deze naam is gereserveerd; kies een andere slug.")
        if self.start and self.end and self.end <= self.start:
            errors["end"] = _("Het einde ligt na de start.")
        if (
            self.registration_opens_at
            and self.registration_closes_at
            and self.registration_closes_at <= self.registration_opens_at
        ):
            errors["registration_closes_at"] = _("Aanmelden sluit na het openen.")
        if self.format in (EventFormat.ONLINE, EventFormat.HYBRID) and not self.online_url:
            errors["online_url"] = _("Een online bijeenkomst heeft een link nodig.")
        if self.format in (EventFormat.PHYSICAL, EventFormat.HYBRID) and not self.venue_name:
            errors["venue_name"] = _("Waar vindt het plaats? Vul de locatie in.")
        if self.reduced_price is not None and self.reduced_price >= self.price:
            errors["reduced_price"] = _("Het verlaagde tarief is lager dan de gewone prijs.")
        if self.reduced_price is not None and not self.reduced_price_condition:
            errors["reduced_price_condition"] = _("Voor wie geldt het verlaagde tarief?")
        if self.cancelled and not self.cancellation_reason:
            errors["cancellation_reason"] = _("Vertel kort waarom; de reden gaat mee in de mail.")
        if errors:
            raise ValidationError(errors)

    @property
    def closes_at(self):
        return self.registration_closes_at or self.start

    @cached_property
    def seats_taken(self):
        annotated = getattr(self, "seats_taken_total", None)
        if annotated is not None:
            return annotated
        return self.registrations.filter(status__in=Registration.HOLDING).aggregate(
            total=Coalesce(Sum("seats"), 0)
        )["total"]

    @property
    def seats_left(self):
        return max(self.capacity - self.seats_taken, 0)

    def get_status(self, now=None):
        now = now or timezone.now()
        if self.cancelled:
            return EventStatus.CANCELLED
        if self.end <= now:
            return EventStatus.PAST
        if self.seats_left <= 0:
            return EventStatus.FULL
        return EventStatus.PLANNED

    @property
    def status(self):
        return self.get_status()

    def registration_state(self, now=None):
        """Why registering is (not) possible now: ``open``, ``not_yet``, ``closed``, ``cancelled``,
        ``past``."""
        now = now or timezone.now()
        if self.cancelled:
            return "cancelled"
        if self.start <= now:
            return "past"
        if self.registration_opens_at and now < self.registration_opens_at:
            return "not_yet"
        if now >= self.closes_at:
            return "closed"
        return "open"

    @property
    def is_free(self):
        return not self.price

    @property
    def payable_with_credits(self):
        return self.credits_price > 0

    @property
    def credits_refund_deadline(self):
        """Until when cancelling gives credits paid for a seat back."""
        return self.start - timedelta(hours=self.credits_refund_hours)

    @property
    def is_online(self):
        return self.format in (EventFormat.ONLINE, EventFormat.HYBRID)

    @property
    def has_venue(self):
        return self.format in (EventFormat.PHYSICAL, EventFormat.HYBRID)

    def schedule_fingerprint(self):
        """A short hash of what registrants plan around: time, place and the online link."""
        parts = [
            self.start.isoformat() if self.start else "",
            self.end.isoformat() if self.end else "",
            self.format,
            self.venue_name,
            self.venue_address,
            self.municipality,
            self.online_url,
        ]
        return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]
