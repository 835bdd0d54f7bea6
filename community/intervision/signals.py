"""Signals of intervision that later layers (testimonials) receive; never import them here."""

from django.dispatch import Signal

# Sent after commit when a participant of a finished group leaves a written experience, with
# ``participant`` (an IntervisionParticipant: member, group, rating, experience and the consent
# recorded with it). A receiver uses the experience outside the group only with that consent.
experience_shared = Signal()

# Sent after commit the first time a participant is recorded present at a session, with
# ``participant`` and ``session``. Events' ``attendance_recorded`` is not sent: its receivers
# expect a Registration of a public event, and a session of a confidential group is neither.
# Kept on purpose although nothing in this tree receives it yet: it is the one "this person took
# part in this session" event (once per participant and session, after commit), which the
# satisfaction rating after every contact needs for intervision sessions. It carries dates and
# names only, never the group's content.
session_attended = Signal()

# Sent after commit when a member is newly placed in a group (a confirmed matching round), with
# ``participant``, ``actor`` (the member placed) and ``request`` (None: a manager places them,
# by a matching round or by hand in the admin). Referral qualifying receives it
# (``campaigns.signals``); attribution counts the referral from ``referral_qualified``.
participant_added = Signal()
