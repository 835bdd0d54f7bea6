from celery import shared_task

from . import services
from .services import booking


@shared_task
def erase_expired_intake_requests():
    """Daily: erase requests of non-members past INTAKE_RETENTION_DAYS. Safe to run twice."""
    return services.erase_expired()


@shared_task
def send_booking_reminders():
    """Daily: remind whoever has a booked conversation tomorrow. Safe to run twice (one
    reminder per booking and time, by its idempotency key)."""
    return booking.send_reminders()


@shared_task
def materialise_booking_slots():
    """Daily: weekly availability becomes bookable slots for the coming weeks. Safe to run
    twice (a slot per adviser and start exists once)."""
    return booking.materialise_slots()
