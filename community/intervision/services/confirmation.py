"""Confirming a matching round: the manager's assignment and facilitators checked (under a lock),
placements and new groups stored, and everyone mailed whether placed or still waiting.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community.services import CommunityError
from loket.mail.services import queue_mail

from ..models.groups import Facilitator, GroupStatus, IntervisionGroup
from ..models.members import ApplicationStatus, IntervisionApplication, IntervisionParticipant
from ..signals import participant_added
from . import matching
from .base import LEADING, is_manager, next_session, size_limits
from .rounds import proposed_facilitators, to_applicant, to_group

if TYPE_CHECKING:
    from .base import Visitor
    from .rounds import Round


def _validate(round_, assignments):
    """Check a manager's (adjusted) assignment: known keys, sizes and avoid-lists."""
    proposal = round_.proposal
    new_keys = {g.key: g for g in proposal.new_groups}
    members = {}
    for app_id, key in assignments.items():
        if app_id not in round_.applications:
            raise CommunityError(_("Deze indeling hoort niet bij de huidige ronde."), "conflict")
        if not key:
            continue
        if key.startswith("g") and key[1:].isdigit() and int(key[1:]) in round_.groups:
            if round_.groups[int(key[1:])].site_id != round_.applications[app_id].site_id:
                raise CommunityError(_("Een groep neemt alleen ondernemers van de eigen regio."))
        elif key not in new_keys:
            raise CommunityError(_("Kies voor iedereen een bestaande of voorgestelde groep."))
        elif key in new_keys and new_keys[key].region != round_.applications[app_id].site_id:
            raise CommunityError(_("Een groep neemt alleen ondernemers van de eigen regio."))
        members.setdefault(key, []).append(round_.applications[app_id])
    for key, apps in members.items():
        records = [to_applicant(a) for a in apps]
        if key.startswith("g"):
            group = round_.groups[int(key[1:])]
            existing = to_group(group)
            records = list(existing.members) + records
            limit, minimum, title = group.max_size, 0, group.title
        else:
            minimum, limit = size_limits()
            title = _("nieuwe groep %(key)s") % {"key": key[1:]}
        if len(records) > limit:
            raise CommunityError(
                _("%(group)s krijgt zo meer dan %(max)s deelnemers.")
                % {"group": title, "max": limit}
            )
        if len(records) < minimum:
            raise CommunityError(
                _("%(group)s heeft minstens %(min)s deelnemers nodig om te starten.")
                % {"group": title, "min": minimum}
            )
        for i, a in enumerate(records):
            for b in records[i + 1 :]:
                if matching.conflicts(a, b):
                    raise CommunityError(
                        _(
                            "In %(group)s komen twee ondernemers samen die liever niet bij "
                            "elkaar in de groep zitten. Verplaats een van hen."
                        )
                        % {"group": title}
                    )
    return members


def _validate_facilitators(round_, members, choices):
    """Check the manager's facilitator per new group: from the pool, and nobody over their
    maximum. Returns {new group key: Facilitator or None}."""
    new_keys = {key for key in members if not key.startswith("g")}
    unknown = set(choices) - {g.key for g in round_.proposal.new_groups}
    if unknown:
        raise CommunityError(_("Deze indeling hoort niet bij de huidige ronde."), "conflict")
    chosen = {}
    for key in sorted(new_keys):
        facilitator_id = choices.get(key)
        if facilitator_id in (None, ""):
            chosen[key] = None
            continue
        facilitator = round_.facilitators.get(facilitator_id)
        if facilitator is None:
            raise CommunityError(_("Kies een begeleider uit de lijst van beschikbare begeleiders."))
        region = next(g.region for g in round_.proposal.new_groups if g.key == key)
        if facilitator.site_id not in (None, region):
            raise CommunityError(_("Deze begeleider werkt voor een ander Ondernemersloket."))
        chosen[key] = facilitator
    per_person = {}
    for facilitator in chosen.values():
        if facilitator is not None:
            per_person[facilitator.pk] = per_person.get(facilitator.pk, 0) + 1
    for facilitator_id, extra in per_person.items():
        facilitator = round_.facilitators[facilitator_id]
        if facilitator.load + extra > facilitator.max_groups:
            raise CommunityError(
                _(
                    "%(name)s begeleidt dan meer dan %(max)s groepen tegelijk. "
                    "Kies voor een van de groepen een andere begeleider."
                )
                % {"name": facilitator.name, "max": facilitator.max_groups}
            )
    return chosen


def _lock_facilitator_load(chosen):
    """Recount each chosen facilitator's groups under a lock: two rounds confirmed at once
    cannot both give the last free place to a new group."""
    ids = sorted({f.pk for f in chosen.values() if f is not None})
    if not ids:
        return
    locked = {f.pk: f for f in Facilitator.objects.select_for_update().filter(pk__in=ids)}
    for facilitator_id in ids:
        facilitator = locked.get(facilitator_id)
        extra = sum(1 for f in chosen.values() if f is not None and f.pk == facilitator_id)
        if facilitator is None or not facilitator.active:
            raise CommunityError(
                _("Een begeleider is intussen niet meer beschikbaar. Draai de matching opnieuw."),
                "conflict",
            )
        load = IntervisionGroup.objects.filter(
            facilitator_id=facilitator.user_id, status__in=LEADING
        ).count()
        if load + extra > facilitator.max_groups:
            raise CommunityError(
                _(
                    "%(name)s heeft intussen geen plek meer voor nog een groep. "
                    "Kies een andere begeleider."
                )
                % {"name": facilitator.name},
                "conflict",
            )


def confirm_round(
    manager: Visitor,
    round_: Round,
    assignments: dict[int, str],
    *,
    facilitators: dict[str, int | None] | None = None,
    index_url: str = "",
) -> tuple[list[tuple[IntervisionApplication, IntervisionGroup]], list[IntervisionApplication]]:
    """Store the placements, create the new groups with their facilitator and mail everyone.

    ``assignments`` maps application id to a group key (``g<id>`` or a new group's key) or ""
    for "not this round". ``facilitators`` maps a new group's key to a Facilitator id (or None
    for "later"); by default the proposed one. Applicants not placed stay waiting, with the
    reason, for the next round.
    """
    if not is_manager(manager):
        raise CommunityError(_("Alleen communitymanagers bevestigen een indeling."), "forbidden")
    members = _validate(round_, assignments)
    if facilitators is None:
        facilitators = proposed_facilitators(round_)
    chosen_facilitators = _validate_facilitators(round_, members, facilitators)
    reasons = {u.applicant_id: u.reason for u in round_.proposal.unplaced}
    explanations = {p.applicant_id: p.explanation for p in round_.proposal.placements}
    new_groups = {g.key: g for g in round_.proposal.new_groups}
    placed, waiting = [], []
    with transaction.atomic():
        locked = set(
            IntervisionApplication.objects.select_for_update()
            .filter(pk__in=list(assignments), status=ApplicationStatus.WAITING)
            .values_list("pk", flat=True)
        )
        if locked != set(assignments):
            raise CommunityError(
                _("De aanmeldingen zijn intussen veranderd. Draai de matching opnieuw."),
                "conflict",
            )
        existing_ids = sorted(int(key[1:]) for key in members if key.startswith("g"))
        locked_groups = {
            g.pk: g
            for g in IntervisionGroup.objects.select_for_update().filter(
                pk__in=existing_ids, status=GroupStatus.FORMING
            )
        }
        for group_id in existing_ids:
            group = locked_groups.get(group_id)
            seated = group.participants.filter(left_at__isnull=True).count() if group else 0
            if group is None or seated + len(members[f"g{group_id}"]) > group.max_size:
                raise CommunityError(
                    _("Een groep is intussen vol of gestart. Draai de matching opnieuw."),
                    "conflict",
                )
        _lock_facilitator_load(chosen_facilitators)
        low, high = size_limits()
        for key in sorted(members):
            apps = members[key]
            if key.startswith("g"):
                group = locked_groups[int(key[1:])]
            else:
                spec = new_groups[key]
                facilitator = chosen_facilitators.get(key)
                group = IntervisionGroup.objects.create(
                    site=apps[0].site,
                    title=_("%(theme)s – %(region)s")
                    % {
                        "theme": spec.theme_label,
                        "region": spec.province_label or _("landelijk"),
                    },
                    theme=apps[0].theme,
                    sectors=sorted({a.sector for a in apps}),
                    size_bands=sorted({a.size_band for a in apps}),
                    province=spec.province,
                    day_part=spec.day_parts[0] if spec.day_parts else "",
                    min_size=low,
                    max_size=high,
                    status=GroupStatus.FORMING,
                    facilitator=facilitator.user if facilitator else None,
                    facilitator_name=facilitator.name if facilitator else "",
                    facilitator_profile=facilitator.profile if facilitator else "",
                )
            for app in apps:
                why = explanations.get(app.pk) or _("door de communitymanager ingedeeld")
                participant, created = IntervisionParticipant.objects.update_or_create(
                    group=group,
                    member=app.member,
                    defaults={"application": app, "left_at": None, "explanation": why[:300]},
                )
                if created:
                    announce_participant(participant)
                app.status = ApplicationStatus.PLACED
                app.group = group
                app.rounds += 1
                app.last_reason = ""
                app.save(update_fields=["status", "group", "rounds", "last_reason"])
                placed.append((app, group))
        for app_id, key in assignments.items():
            if key:
                continue
            app = round_.applications[app_id]
            app.rounds += 1
            app.last_reason = (
                reasons.get(app_id)
                or _("de communitymanager hield je plek aan voor een volgende ronde")
            )[:300]
            app.save(update_fields=["rounds", "last_reason"])
            waiting.append(app)
        _mail_round(placed, waiting, index_url)
    return placed, waiting


def announce_participant(participant: IntervisionParticipant) -> None:
    """Send ``participant_added`` once the placing commits (a round, or a manager in the admin)."""
    transaction.on_commit(
        lambda: participant_added.send(
            sender=IntervisionParticipant,
            participant=participant,
            actor=participant.member,
            request=None,
        )
    )


def _mail_round(placed, waiting, index_url):
    for app, group in placed:
        session = next_session(group)
        paragraphs = [
            _("Goed nieuws: je zit in de intervisiegroep ‘%(group)s’.") % {"group": group.title},
            _("Waarom deze groep: %(why)s.") % {"why": explanation_for(app, group)},
        ]
        if group.facilitator_name:
            paragraphs.append(
                _("Je begeleider is %(name)s. %(profile)s")
                % {"name": group.facilitator_name, "profile": group.facilitator_profile}
            )
        else:
            paragraphs.append(_("We stellen je begeleider binnenkort aan je voor."))
        if session is not None:
            when = timezone.localtime(session.starts_at)
            paragraphs.append(
                _("De eerste sessie is op %(date)s om %(time)s, %(place)s.")
                % {
                    "date": when.strftime("%d-%m-%Y"),
                    "time": when.strftime("%H:%M"),
                    "place": session.location or _("online"),
                }
            )
        else:
            paragraphs.append(
                _(
                    "Zodra de groep compleet is, plannen we samen de eerste sessie. "
                    "Je hoort het van ons."
                )
            )
        queue_mail(
            to=app.member.email,
            template="notification",
            context={
                "subject": _("Je intervisiegroep: %(group)s") % {"group": group.title},
                "heading": _("Welkom in je intervisiegroep"),
                "first_name": app.member.first_name,
                "paragraphs": paragraphs,
                "button_label": _("Naar je groep"),
                "button_url": f"{index_url}groep/{group.pk}/" if index_url else "",
            },
            idempotency_key=f"intervision-placed-{app.pk}-{group.pk}",
        )
    for app in waiting:
        queue_mail(
            to=app.member.email,
            template="notification",
            context={
                "subject": _("Je aanmelding voor intervisie"),
                "heading": _("Nog geen groep, wel een plek in de rij"),
                "first_name": app.member.first_name,
                "paragraphs": [
                    _("We hebben deze ronde nog geen passende groep voor je gevonden: %(reason)s.")
                    % {"reason": app.last_reason},
                    _(
                        "Je aanmelding blijft staan. Bij de volgende matchingronde kijken we "
                        "opnieuw, en je hoort het meteen als er een plek is."
                    ),
                ],
            },
            idempotency_key=f"intervision-waiting-{app.pk}-{app.rounds}",
        )


def explanation_for(app: IntervisionApplication, group: IntervisionGroup) -> str:
    participant = IntervisionParticipant.objects.filter(group=group, member=app.member).first()
    return participant.explanation if participant and participant.explanation else group.theme.name
