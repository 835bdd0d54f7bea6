"""Intervision: applying, matching rounds, confirming placements, sessions, cases and leaving.

Views, the admin and tests call these functions; refusals raise :class:`CommunityError` with a
Dutch message. Matching itself is pure (``community.services.matching``); this module turns rows
into its dataclasses and its proposal back into rows and mails.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events import scheduling
from loket.accounts.models import CompanySize, Province, Sector
from loket.mail.services import queue_mail
from loket.sanitize import clean_text

from ..models.intervision import (
    DAY_PART_CODES,
    ApplicationStatus,
    ExperienceDisplay,
    Facilitator,
    GroupStatus,
    IntervisionApplication,
    IntervisionCase,
    IntervisionGroup,
    IntervisionParticipant,
    IntervisionSession,
    SessionAction,
    SessionAttendance,
    SessionNote,
)
from . import CommunityError, matching

MANAGE_PERMISSION = "community.change_intervisiongroup"
CONSENT_TEXT = gettext_lazy(
    "Ik geef toestemming dat de communitymanager en de begeleider van de intervisiegroep mijn "
    "antwoorden lezen om mij in een passende groep te plaatsen."
)


EXPERIENCE_CONSENT_TEXT = gettext_lazy(
    "Het Ondernemersloket mag mijn ervaring met intervisie, na controle door de redactie, op de "
    "eigen website laten zien zoals ik hierboven koos. Wat in de groep besproken is, blijft "
    "erbuiten."
)


def consent_text():
    return str(CONSENT_TEXT)


def experience_consent_text():
    return str(EXPERIENCE_CONSENT_TEXT)


def size_limits():
    """The default (minimum, maximum) of a group, from the settings (checked at start-up)."""
    return settings.INTERVISION_GROUP_MIN_SIZE, settings.INTERVISION_GROUP_MAX_SIZE


# --- who sees what ---------------------------------------------------------------------------


def is_manager(user):
    if not user or not user.is_authenticated or not user.is_active:
        return False
    return user.has_perm(MANAGE_PERMISSION)


def active_participant(user, group):
    if not user or not user.is_authenticated:
        return None
    return IntervisionParticipant.objects.filter(
        group=group, member=user, left_at__isnull=True
    ).first()


def can_see_group(user, group):
    """Participants, the group's facilitator and intervision managers; nobody else."""
    if not user or not user.is_authenticated or not user.is_active:
        return False
    if is_manager(user) or (group.facilitator_id and group.facilitator_id == user.pk):
        return True
    return active_participant(user, group) is not None


def open_groups():
    """Forming groups that still take people, with their seat count, for the public page."""
    return (
        IntervisionGroup.objects.filter(status=GroupStatus.FORMING)
        .select_related("theme")
        .annotate(seats_taken=Count("participants", filter=Q(participants__left_at__isnull=True)))
        .order_by("title", "pk")
    )


def groups_of(user):
    if not user or not user.is_authenticated:
        return IntervisionGroup.objects.none()
    return (
        IntervisionGroup.objects.filter(
            Q(participants__member=user, participants__left_at__isnull=True) | Q(facilitator=user)
        )
        .select_related("theme")
        .distinct()
    )


# --- applying --------------------------------------------------------------------------------


def apply(
    member,
    *,
    theme,
    sector,
    size_band,
    province,
    municipality,
    question,
    availability,
    consent,
    group=None,
    company_name="",
    avoid_companies="",
):
    if not member or not member.is_authenticated:
        raise CommunityError(_("Log in om je aan te melden voor intervisie."), "login")
    if not consent:
        raise CommunityError(
            _("Zonder je toestemming kunnen we je niet aan een groep koppelen."), "invalid"
        )
    availability = sorted(set(availability or ()))
    if not availability or not set(availability) <= DAY_PART_CODES:
        raise CommunityError(_("Kies minstens één dagdeel waarop je kunt."), "invalid")
    if sector not in Sector.values or size_band not in CompanySize.values:
        raise CommunityError(_("Kies je sector en het aantal medewerkers."), "invalid")
    if province not in Province.values:
        raise CommunityError(_("Kies je provincie."), "invalid")
    question = clean_text(question).strip()
    if len(question) < 10:
        raise CommunityError(_("Vertel in een paar zinnen met welke vraag je aan de slag wilt."))
    if group is not None:
        if group.status != GroupStatus.FORMING:
            raise CommunityError(
                _(
                    "Deze groep neemt geen aanmeldingen meer aan. "
                    "Kies 'Match mij' of een andere groep."
                ),
                "conflict",
            )
        taken = group.participants.filter(left_at__isnull=True).count()
        if taken >= group.max_size:
            raise CommunityError(
                _("Deze groep is vol. Kies 'Match mij', dan zoeken we een andere groep voor je."),
                "conflict",
            )
        if group.participants.filter(member=member, left_at__isnull=True).exists():
            raise CommunityError(_("Je zit al in deze groep."), "conflict")
    avoid = "\n".join(
        line for line in (clean_text(x).strip()[:150] for x in avoid_companies.splitlines()) if line
    )[:2000]
    with transaction.atomic():
        if (
            IntervisionApplication.objects.select_for_update()
            .filter(member=member, status=ApplicationStatus.WAITING)
            .exists()
        ):
            raise CommunityError(
                _("Je bent al aangemeld. We laten je weten zodra er een passende groep is."),
                "conflict",
            )
        try:
            with transaction.atomic():
                return _create_application(
                    member,
                    group=group,
                    theme=theme,
                    sector=sector,
                    size_band=size_band,
                    province=province,
                    municipality=municipality,
                    company_name=company_name,
                    question=question,
                    availability=availability,
                    avoid=avoid,
                )
        except IntegrityError as exc:
            raise CommunityError(
                _("Je bent al aangemeld. We laten je weten zodra er een passende groep is."),
                "conflict",
            ) from exc


def _create_application(
    member,
    *,
    group,
    theme,
    sector,
    size_band,
    province,
    municipality,
    company_name,
    question,
    availability,
    avoid,
):
    return IntervisionApplication.objects.create(
        member=member,
        group=group,
        theme=theme,
        sector=sector,
        size_band=size_band,
        province=province,
        municipality=clean_text(municipality).strip()[:100],
        company_name=clean_text(company_name).strip()[:150],
        question=question[:1500],
        availability=availability,
        avoid_companies=avoid,
        consent_text=consent_text(),
        consent_at=timezone.now(),
    )


def withdraw(member, application):
    if application.member_id != member.pk or application.status != ApplicationStatus.WAITING:
        raise CommunityError(_("Deze aanmelding kun je niet meer intrekken."), "not_found")
    application.status = ApplicationStatus.WITHDRAWN
    application.save(update_fields=["status"])


# --- matching rounds -------------------------------------------------------------------------


def _company_of(user, application=None):
    if application is not None and application.company_name:
        return application.company_name
    profile = getattr(user, "profile", None)
    return getattr(profile, "company_name", "") or ""


def to_applicant(application):
    return matching.Applicant(
        id=application.pk,
        theme=application.theme.slug,
        sector=application.sector,
        size_band=application.size_band,
        province=application.province,
        municipality=application.municipality,
        availability=frozenset(application.availability),
        company=_company_of(application.member, application),
        avoid=frozenset(application.avoid_list),
        group_id=application.group_id,
        theme_label=application.theme.name,
        sector_label=str(application.get_sector_display()),
        size_label=str(application.get_size_band_display()),
        province_label=str(application.get_province_display()),
    )


def _member_record(participant):
    app = participant.application
    if app is not None:
        return to_applicant(app)
    profile = getattr(participant.member, "profile", None)
    return matching.Applicant(
        id=-participant.pk,
        theme=participant.group.theme.slug,
        sector=getattr(profile, "sector", "") or "",
        size_band=getattr(profile, "company_size", "") or "",
        province=getattr(profile, "province", "") or "",
        availability=frozenset(DAY_PART_CODES),
        company=_company_of(participant.member),
    )


def to_group(group):
    members = tuple(_member_record(p) for p in group.participants.all() if p.left_at is None)
    return matching.Group(
        id=group.pk,
        theme=group.theme.slug,
        title=group.title,
        sectors=frozenset(group.sectors or ()),
        size_bands=frozenset(group.size_bands or ()),
        province=group.province,
        day_part=group.day_part,
        min_size=group.min_size,
        max_size=group.max_size,
        members=members,
    )


@dataclass
class Round:
    proposal: matching.Proposal
    applications: dict  # id -> IntervisionApplication
    groups: dict  # id -> IntervisionGroup (forming)
    facilitators: dict = field(default_factory=dict)  # id -> Facilitator (active pool)
    # new group key -> matching.FacilitatorProposal
    facilitator_proposals: dict = field(default_factory=dict)


def waiting_applications():
    return (
        IntervisionApplication.objects.filter(status=ApplicationStatus.WAITING)
        .select_related("member__profile", "theme", "group")
        .order_by("pk")
    )


def forming_groups():
    return (
        IntervisionGroup.objects.filter(status=GroupStatus.FORMING)
        .select_related("theme")
        .prefetch_related(
            Prefetch(
                "participants",
                queryset=IntervisionParticipant.objects.select_related(
                    "member__profile", "application__theme", "application__member__profile"
                ),
            )
        )
        .order_by("pk")
    )


LEADING = [GroupStatus.FORMING, GroupStatus.ACTIVE]


def facilitator_pool():
    """Available facilitators with ``load``: the forming and active groups they lead now."""
    return (
        Facilitator.objects.filter(active=True, user__is_active=True)
        .select_related("user")
        .prefetch_related("themes")
        .annotate(
            load=Count(
                "user__facilitated_intervision_groups",
                filter=Q(user__facilitated_intervision_groups__status__in=LEADING),
            )
        )
        .order_by("pk")
    )


def to_facilitator(facilitator):
    return matching.FacilitatorOption(
        id=facilitator.pk,
        name=facilitator.name,
        themes=frozenset(t.slug for t in facilitator.themes.all()),
        theme_labels=tuple(sorted(t.name for t in facilitator.themes.all())),
        provinces=frozenset(facilitator.provinces or ()),
        max_groups=facilitator.max_groups,
        load=facilitator.load,
    )


def run_round():
    """The proposal for everyone waiting, with a facilitator per new group; nothing is stored."""
    applications = {a.pk: a for a in waiting_applications()}
    groups = {g.pk: g for g in forming_groups()}
    low, high = size_limits()
    proposal = matching.propose(
        [to_applicant(a) for a in applications.values()],
        [to_group(g) for g in groups.values()],
        new_min_size=low,
        new_max_size=high,
    )
    facilitators = {f.pk: f for f in facilitator_pool()}
    proposals = matching.propose_facilitators(
        proposal.new_groups, [to_facilitator(f) for f in facilitators.values()]
    )
    return Round(proposal, applications, groups, facilitators, proposals)


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
            pass
        elif key not in new_keys:
            raise CommunityError(_("Kies voor iedereen een bestaande of voorgestelde groep."))
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


def _first_session(group):
    return group.sessions.filter(starts_at__gte=timezone.now()).order_by("starts_at").first()


def proposed_facilitators(round_):
    """The facilitator id proposed per new group key (None when nobody fits)."""
    return {key: p.facilitator_id for key, p in round_.facilitator_proposals.items()}


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


def confirm_round(manager, round_, assignments, *, facilitators=None, index_url=""):
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
            seated = group.participants.filter(left_at__isnull=True).count() if group else None
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
                IntervisionParticipant.objects.update_or_create(
                    group=group,
                    member=app.member,
                    defaults={"application": app, "left_at": None, "explanation": why[:300]},
                )
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


def _mail_round(placed, waiting, index_url):
    for app, group in placed:
        session = _first_session(group)
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


def explanation_for(app, group):
    participant = IntervisionParticipant.objects.filter(group=group, member=app.member).first()
    return participant.explanation if participant and participant.explanation else group.theme.name


# --- the group space -------------------------------------------------------------------------


def next_session(group):
    return _first_session(group)


def submit_case(user, group, *, title, body):
    if active_participant(user, group) is None:
        raise CommunityError(_("Alleen deelnemers brengen een casus in."), "not_found")
    session = _first_session(group)
    if session is None:
        raise CommunityError(
            _("Er staat nog geen volgende sessie gepland. Breng je casus in zodra die er is."),
            "conflict",
        )
    title = clean_text(title).strip()[:120]
    body = clean_text(body).strip()[:3000]
    if len(title) < 3 or len(body) < 20:
        raise CommunityError(
            _("Geef je casus een titel en beschrijf in een paar zinnen wat er speelt.")
        )
    return IntervisionCase.objects.create(session=session, author=user, title=title, body=body)


def _mark_first_presence(attendance):
    """Send ``session_attended`` the first time this participant is recorded present. The
    conditional update makes it once, even when the list is saved twice at the same moment."""
    if not attendance.present or attendance.first_present_at is not None:
        return
    now = timezone.now()
    claimed = SessionAttendance.objects.filter(
        pk=attendance.pk, first_present_at__isnull=True
    ).update(first_present_at=now)
    if claimed != 1:
        return
    attendance.first_present_at = now
    from ..intervision_signals import session_attended

    participant, session = attendance.participant, attendance.session
    transaction.on_commit(
        lambda: session_attended.send(
            sender=SessionAttendance, participant=participant, session=session
        )
    )


def record_attendance(manager, session, participant, present=True):
    if not (is_manager(manager) or session.group.facilitator_id == manager.pk):
        raise CommunityError(
            _("Alleen de begeleider of een communitymanager doet dit."), "forbidden"
        )
    if participant.group_id != session.group_id:
        raise CommunityError(_("Deze deelnemer zit niet in deze groep."), "not_found")
    with transaction.atomic():
        attendance, _created = SessionAttendance.objects.update_or_create(
            session=session, participant=participant, defaults={"present": present}
        )
        _mark_first_presence(attendance)
    return attendance


def leave(user, group):
    participant = active_participant(user, group)
    if participant is None:
        raise CommunityError(_("Je zit niet in deze groep."), "not_found")
    participant.left_at = timezone.now()
    participant.save(update_fields=["left_at"])
    return participant


def schedule_session(group, *, starts_at, ends_at, location="", online_url="", method=None):
    if ends_at <= starts_at:
        raise CommunityError(_("Een sessie eindigt na het begin."))
    return IntervisionSession.objects.create(
        group=group,
        starts_at=starts_at,
        ends_at=ends_at,
        location=location,
        online_url=online_url,
        method=method or group.method,
    )


def can_take_attendance(user, group):
    return bool(
        user
        and user.is_authenticated
        and (is_manager(user) or (group.facilitator_id and group.facilitator_id == user.pk))
    )


def record_session_attendance(user, session, present_ids):
    """Set who was there for every active participant of the session's group at once."""
    if not can_take_attendance(user, session.group):
        raise CommunityError(
            _("Alleen de begeleider of een communitymanager doet dit."), "forbidden"
        )
    present_ids = {int(i) for i in present_ids}
    seats = list(session.group.participants.filter(left_at__isnull=True))
    if present_ids - {s.pk for s in seats}:
        raise CommunityError(_("Deze deelnemer zit niet in deze groep."))
    with transaction.atomic():
        for seat in seats:
            attendance, _created = SessionAttendance.objects.update_or_create(
                session=session, participant=seat, defaults={"present": seat.pk in present_ids}
            )
            _mark_first_presence(attendance)
    return len(present_ids)


def rate_group(
    user, group, *, rating, experience="", share_consent=False, display=ExperienceDisplay.ANONYMOUS
):
    """At the end of a cycle a participant rates the group and may share an experience.

    ``share_consent`` records, with its text and time, that the experience may be used outside
    the group (after moderation, shown as ``display``); without it the experience stays with the
    desk. Rating again may give consent later, never takes a recorded one back silently.
    """
    participant = IntervisionParticipant.objects.filter(group=group, member=user).first()
    if participant is None:
        raise CommunityError(_("Je zit niet in deze groep."), "not_found")
    if group.status != GroupStatus.FINISHED:
        raise CommunityError(
            _("Je kunt de groep waarderen zodra de laatste sessie achter de rug is."), "conflict"
        )
    if rating not in range(1, 6):
        raise CommunityError(_("Geef een waardering van 1 tot 5."))
    if display not in ExperienceDisplay.values:
        raise CommunityError(_("Kies hoe we je mogen tonen."))
    experience = clean_text(experience).strip()[:2000]
    if share_consent and not experience:
        raise CommunityError(_("Schrijf eerst je ervaring op; dan kun je hem delen."))
    participant.rating = rating
    participant.experience = experience
    fields = ["rating", "experience"]
    if share_consent:
        participant.experience_consent_text = experience_consent_text()
        participant.experience_consent_at = timezone.now()
        participant.experience_display = display
        fields += ["experience_consent_text", "experience_consent_at", "experience_display"]
    participant.save(update_fields=fields)
    if participant.experience:
        from ..intervision_signals import experience_shared

        transaction.on_commit(
            lambda: experience_shared.send(sender=IntervisionParticipant, participant=participant)
        )
    return participant


# --- notes and agreed actions in the group space ----------------------------------------------


def can_write_notes(user, group):
    """Participants and the group's facilitator write notes and actions; managers read them."""
    if not user or not user.is_authenticated or not user.is_active:
        return False
    if group.facilitator_id and group.facilitator_id == user.pk:
        return True
    return active_participant(user, group) is not None


def _writer_or_refuse(user, session):
    if not can_see_group(user, session.group):
        raise CommunityError(_("Deze pagina bestaat niet."), "not_found")
    if not can_write_notes(user, session.group):
        raise CommunityError(
            _("Alleen de deelnemers en de begeleider schrijven aantekeningen en acties."),
            "forbidden",
        )


def add_note(user, session, *, body):
    _writer_or_refuse(user, session)
    body = clean_text(body).strip()
    if len(body) < 3:
        raise CommunityError(_("Schrijf een korte aantekening van minstens een paar woorden."))
    if len(body) > 1000:
        raise CommunityError(_("Houd de aantekening kort: hooguit 1000 tekens."))
    return SessionNote.objects.create(session=session, author=user, body=body)


def delete_note(user, note):
    """The author or the facilitator removes a note."""
    _writer_or_refuse(user, note.session)
    group = note.session.group
    if note.author_id != user.pk and group.facilitator_id != user.pk:
        raise CommunityError(
            _("Alleen wie de aantekening schreef of de begeleider haalt hem weg."), "forbidden"
        )
    note.delete()


def action_owners(group):
    """Who can own an action: the active participants and the facilitator, as (id, name)."""
    seats = group.participants.filter(left_at__isnull=True).select_related("member")
    owners = [(seat.member_id, seat.member.display_name) for seat in seats]
    if group.facilitator_id and group.facilitator_id not in {pk for pk, _name in owners}:
        owners.append((group.facilitator_id, group.facilitator_name or _("begeleider")))
    return owners


def add_action(user, session, *, description, owner_id=None):
    _writer_or_refuse(user, session)
    description = clean_text(description).strip()
    if len(description) < 3:
        raise CommunityError(_("Beschrijf de actie in een paar woorden."))
    if len(description) > 300:
        raise CommunityError(_("Houd de actie kort: hooguit 300 tekens."))
    owner = None
    if owner_id:
        owners = dict(action_owners(session.group))
        if owner_id not in owners:
            raise CommunityError(_("Kies iemand uit de groep, of laat het open."))
        owner = get_user_model().objects.get(pk=owner_id)
    return SessionAction.objects.create(
        session=session, description=description, owner=owner, created_by=user
    )


def set_action_done(user, action, done=True):
    _writer_or_refuse(user, action.session)
    action.done = bool(done)
    action.done_at = timezone.now() if action.done else None
    action.save(update_fields=["done", "done_at"])
    return action


# --- reminders --------------------------------------------------------------------------------


def session_summary(session):
    return _("Intervisie: %(group)s") % {"group": session.group.title}


def session_calendar(session, *, url=""):
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


def send_session_reminders(now=None, *, index_url=""):
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
