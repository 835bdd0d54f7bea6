"""The manager's matching round in the Wagtail admin: see the proposal, move people, confirm.

The proposal is computed again on every request (matching is deterministic and fast), so the
form carries only "applicant → group key" choices; the service validates every choice, the sizes
and the avoid-lists again before anything is stored.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from community.services import CommunityError
from loket.accounts.services.roles import staff_site_ids

from . import services
from .models import IntervisionIndexPage


def _index_url(request):
    index = IntervisionIndexPage.objects.live().first()
    return index.get_full_url(request) if index else ""


def _options(round_):
    options = [
        (f"g{g.pk}", _("%(title)s (bestaande groep)") % {"title": g.title})
        for g in round_.groups.values()
    ]
    options += [
        (
            g.key,
            _("Nieuwe groep %(n)s: %(theme)s, %(region)s")
            % {
                "n": g.key[1:],
                "theme": g.theme_label,
                "region": g.province_label or _("landelijk"),
            },
        )
        for g in round_.proposal.new_groups
    ]
    options.append(("", _("Deze ronde niet plaatsen")))
    return options


def matching_round(request):
    if not services.is_manager(request.user):
        raise PermissionDenied
    round_ = services.run_round(site_ids=staff_site_ids(request.user))
    proposal = round_.proposal
    chosen = {p.applicant_id: p.group_key for p in proposal.placements}
    status = 200
    if request.method == "POST":
        valid_keys = {key for key, _label in _options(round_)}
        assignments = {}
        tampered = False
        for app_id in round_.applications:
            value = request.POST.get(f"plaats_{app_id}")
            if value is None or value not in valid_keys:
                tampered = True
                continue
            assignments[app_id] = value
        expected = {f"plaats_{app_id}" for app_id in round_.applications}
        unknown = [k for k in request.POST if k.startswith("plaats_") and k not in expected]
        new_keys = {g.key for g in proposal.new_groups}
        facilitators = {}
        for name, value in request.POST.items():
            if not name.startswith("begeleider_"):
                continue
            key = name.removeprefix("begeleider_")
            if key not in new_keys or not (value == "" or (value.isascii() and value.isdigit())):
                tampered = True
                continue
            facilitators[key] = int(value) if value else None
        if tampered or unknown:
            messages.error(
                request,
                _(
                    "De aanmeldingen zijn intussen veranderd of de keuze klopt niet. "
                    "Bekijk het voorstel opnieuw."
                ),
            )
            status = 409
        else:
            chosen = assignments
            try:
                placed, waiting = services.confirm_round(
                    request.user,
                    round_,
                    assignments,
                    facilitators={**services.proposed_facilitators(round_), **facilitators},
                    index_url=_index_url(request),
                )
            except CommunityError as exc:
                messages.error(request, exc.message)
                status = exc.status
            else:
                messages.success(
                    request,
                    _(
                        "Indeling bevestigd: %(placed)s geplaatst, "
                        "%(waiting)s wachten op een volgende ronde."
                    )
                    % {"placed": len(placed), "waiting": len(waiting)},
                )
                return redirect(reverse("intervision_admin:matching"))
    explanations = {p.applicant_id: p.explanation for p in proposal.placements}
    reasons = {u.applicant_id: u.reason for u in proposal.unplaced}
    rows = [
        {
            "application": app,
            "choice": chosen.get(app.pk, ""),
            "explanation": explanations.get(app.pk, ""),
            "reason": reasons.get(app.pk, ""),
        }
        for app in round_.applications.values()
    ]
    rows.sort(key=lambda r: (r["choice"] == "", r["choice"], r["application"].pk))
    labels = dict(_options(round_))
    chosen_facilitators = services.proposed_facilitators(round_)
    if request.method == "POST" and status != 200:
        chosen_facilitators.update(facilitators)
    pool = [(f.pk, f"{f.name} ({f.load}/{f.max_groups})") for f in round_.facilitators.values()]
    summary = []
    for key in sorted({r["choice"] for r in rows if r["choice"]}):
        newcomers = sum(1 for r in rows if r["choice"] == key)
        group = round_.groups.get(int(key[1:])) if key.startswith("g") else None
        seated = len([p for p in group.participants.all() if p.left_at is None]) if group else 0
        proposal_of = round_.facilitator_proposals.get(key)
        summary.append(
            {
                "key": key,
                "is_new": group is None,
                "facilitator": chosen_facilitators.get(key),
                "facilitator_why": proposal_of.explanation if proposal_of else "",
                "current_facilitator": group.facilitator_name if group else "",
                "label": labels.get(key, key),
                "seated": seated,
                "newcomers": newcomers,
                "total": seated + newcomers,
                "max": group.max_size if group else services.size_limits()[1],
            }
        )
    return TemplateResponse(
        request,
        "intervision/admin/matching.html",
        {
            "rows": rows,
            "summary": summary,
            "options": _options(round_),
            "proposal": proposal,
            "groups": round_.groups,
            "pool": pool,
        },
        status=status,
    )
