"""The member's part of "download my data" and "delete my account" for the fitheidscan (AVG).

A member's scans (answers as they read them, scores, phase) are exported, and deleted with the
account: the answers say something about their business, so nothing is kept anonymously.
"""

from loket.accounts.privacy import iso

from .models import ScanResult
from .services import phase_label, theme_scores


def answers_as_read(result):
    """Every question of the result's version with the answer the member chose, as they read it."""
    rows = []
    for question in result.version.questions:
        chosen = result.answers.get(question["id"])
        option = next((o for o in question["options"] if o["id"] == chosen), None)
        rows.append({"vraag": question["text"], "antwoord": option["label"] if option else None})
    return rows


def export_scans(user):
    results = ScanResult.objects.filter(user=user).select_related("version", "site")
    return [
        {
            "ingevuld_op": iso(result.created_at),
            "regio": result.site.site_name if result.site else None,
            "versie": result.version.number,
            "fase": phase_label(result.phase),
            "scores": {row["name"]: row["score"] for row in theme_scores(result)},
            "antwoorden": answers_as_read(result),
            "toestemming_profiel_op": iso(result.profile_consent_at),
        }
        for result in results.order_by("created_at")
    ]


def erase_scans(user, keep_content):
    ScanResult.objects.filter(user=user).delete()
