"""The day-before reminder of a session, with the session in iCal: when and where, nothing of
the group's content.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _

from events import scheduling
from loket.mail.services import queue_mail

from ..models.sessions import IntervisionSession
from .base import LEADING

if TYPE_CHECKING:
    from datetime import datetime

    from icalendar import Calendar


def session_summary(session: IntervisionSession) -> str:
    return _("Intervisie: %(group)s") % {"group": session.group.title}


def session_calendar(session: IntervisionSession, *, url: str = "") -> Calendar:
    """The iCal of one session (when, where, the group's name): nothing of its content."""
    component = scheduling.appointment_component(
        uid=scheduling.appointment_uid("intervisie-sessie", session.pk),
        summary=session_summary(session),
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        location=session.online_url or session.location or session.group.location,
        url=url,
    )
    return scheduling.appointment_calendar(
        session_summary(session), [component], [(session.starts_at, session.ends_at)]
    )


def _remind(session, index_url):
    when = timezone.localtime(session.starts_at)
    group_url = f"{index_url}groep/{session.group_id}/" if index_url else ""
    ics = session_calendar(session, url=group_url).to_ical().decode()
    sent = 0
    seats = session.group.participants.filter(left_at__isnull=True).select_related("member")
    for seat in seats:
        member = seat.member
        if member.is_deleted or not member.is_active:
            continue
        queue_mail(
            to=member.email,
            template="notification",
            context={
                "subject": _("Morgen: intervisie met %(group)s") % {"group": session.group.title},
                "heading": _("Tot morgen!"),
                "first_name": member.first_name,
                "paragraphs": [
                    _("Morgen om %(time)s is de volgende sessie van je groep, %(place)s.")
                    % {
                        "time": when.strftime("%H:%M"),
                        "place": session.location or _("online"),
                    },
                    _(
                        "Heb je een casus? Breng hem vooraf in via je groepspagina, "
                        "dan kan de groep zich voorbereiden."
                    ),
                ],
                "button_label": _("Naar je groep"),
                "button_url": group_url,
            },
            idempotency_key=f"intervision-reminder-{session.pk}-{seat.pk}",
            attachments=[(f"intervisie-{session.pk}.ics", ics, "text/calendar")],
        )
        sent += 1
    return sent


def send_session_reminders(now: datetime | None = None, *, index_url: str = "") -> int:
    """Mail every active participant the day before a session: when, where, the session in
    iCal and an invitation to bring a case. Nothing of the group's content goes into the mail.
    Safe to run twice, also at the same moment: each session is claimed once through the events
    machinery (``events.scheduling.claim_and_send``), and each mail's key is per participant."""
    now = now or timezone.now()
    due = IntervisionSession.objects.filter(
        starts_at__gte=now + timedelta(hours=12),
        starts_at__lt=now + timedelta(hours=36),
        group__status__in=LEADING,
        reminder_sent_at__isnull=True,
    ).select_related("group")
    return scheduling.claim_and_send(
        due, "reminder_sent_at", lambda session: _remind(session, index_url), now=now
    )
