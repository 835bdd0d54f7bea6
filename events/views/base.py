"""What the views of the event pages share: the HTTP status of a refused step, and the
personal invitation a link carries."""

from events.models.registration import Invitation

# A state conflict (closed, full, already registered) is 409; a malformed request 400.
ERROR_STATUS = {"bad_token": 400, "invalid": 400}


def status_for(error):
    return ERROR_STATUS.get(error.code, 409)


def invitation_for(event, token):
    invitation = Invitation.from_token(token) if token else None
    return invitation if invitation is not None and invitation.event_id == event.pk else None
