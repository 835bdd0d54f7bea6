"""The member's part of "download my data" and "delete my account" for intervision (AVG).

What is said in a group is confidential and personal, so on deletion it goes entirely, whether
or not the member keeps other content anonymously: applications, seats, attendance, cases, the
notes they wrote, the actions they own and their place in the facilitator pool.
"""

from loket.accounts.privacy import iso

from .models import (
    Facilitator,
    IntervisionApplication,
    IntervisionCase,
    IntervisionGroup,
    IntervisionParticipant,
    SessionAction,
    SessionAttendance,
    SessionNote,
)


def export_intervision(user):
    return {
        "aanmeldingen": [
            {
                "thema": a.theme.name,
                "groep": a.group.title if a.group else None,
                "sector": a.get_sector_display(),
                "aantal_medewerkers": a.get_size_band_display(),
                "provincie": a.get_province_display(),
                "gemeente": a.municipality,
                "bedrijfsnaam": a.company_name,
                "vraag": a.question,
                "beschikbaarheid": a.availability,
                "liever_niet_met": a.avoid_list,
                "toestemming": a.consent_text,
                "toestemming_op": iso(a.consent_at),
                "status": a.get_status_display(),
                "laatste_uitkomst": a.last_reason,
                "aangemeld_op": iso(a.created_at),
            }
            for a in IntervisionApplication.objects.filter(member=user).select_related(
                "theme", "group"
            )
        ],
        "groepen": [
            {
                "groep": p.group.title,
                "waarom": p.explanation,
                "deelnemer_sinds": iso(p.joined_at),
                "vertrokken_op": iso(p.left_at),
                "waardering": p.rating,
                "ervaring": p.experience,
                "aanwezig": [
                    {"sessie": iso(s.session.starts_at), "aanwezig": s.present}
                    for s in p.attendance.all()
                ],
            }
            for p in IntervisionParticipant.objects.filter(member=user)
            .select_related("group")
            .prefetch_related("attendance__session")
        ],
        "casussen": [
            {"titel": c.title, "tekst": c.body, "ingebracht_op": iso(c.created_at)}
            for c in IntervisionCase.objects.filter(author=user)
        ],
        "aantekeningen": [
            {
                "sessie": iso(n.session.starts_at),
                "tekst": n.body,
                "geschreven_op": iso(n.created_at),
            }
            for n in SessionNote.objects.filter(author=user).select_related("session")
        ],
        "acties": [
            {"sessie": iso(a.session.starts_at), "actie": a.description, "gedaan": a.done}
            for a in SessionAction.objects.filter(owner=user).select_related("session")
        ],
        "begeleider_in_pool": [
            {"naam": f.name, "over": f.profile, "maximaal_groepen": f.max_groups}
            for f in Facilitator.objects.filter(user=user)
        ],
        "begeleider_van": [
            g.title for g in IntervisionGroup.objects.filter(facilitator=user).order_by("title")
        ],
    }


def erase_intervision(user, keep_content):
    IntervisionCase.objects.filter(author=user).delete()
    SessionNote.objects.filter(author=user).delete()
    SessionAction.objects.filter(owner=user).delete()
    Facilitator.objects.filter(user=user).delete()
    SessionAttendance.objects.filter(participant__member=user).delete()
    IntervisionParticipant.objects.filter(member=user).delete()
    IntervisionApplication.objects.filter(member=user).delete()
    IntervisionGroup.objects.filter(facilitator=user).update(facilitator=None)
