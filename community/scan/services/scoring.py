"""Reading answers and scoring them: a score 0-100 per theme, the phase, strengths and
attention points. Everything is computed from the result's own version."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from ..blocks import MAX_SCORE
from ..choices import Phase
from ..models import ScanResult, ScanVersion
from .base import ScanError

STRONG_FROM = 60  # a theme scores "sterk" from here
FIELD_PREFIX = "q-"


def field_name(question: dict[str, Any]) -> str:
    return f"{FIELD_PREFIX}{question['id']}"


def read_answers(version: ScanVersion, data: Any) -> tuple[dict[str, str], list[str]]:
    """``({question id: option id}, [ids of unanswered questions])`` from posted ``data``.

    An option id that is not one of the question's own is no mistake a person makes with the
    form: it raises ``ScanError``.
    """
    answers: dict[str, str] = {}
    missing: list[str] = []
    for question in version.questions:
        chosen = data.get(field_name(question), "")
        if not chosen:
            missing.append(question["id"])
            continue
        if chosen not in {option["id"] for option in question["options"]}:
            raise ScanError(
                _("Dit antwoord hoort niet bij de vraag. Vul de scan opnieuw in."),
                "unknown_option",
            )
        answers[question["id"]] = chosen
    return answers, missing


def score(version: ScanVersion, answers: dict[str, str]) -> tuple[dict[str, int], str]:
    """``({theme id: 0-100}, phase)``: per theme the weighted share of the maximum."""
    earned: dict[str, int] = {}
    possible: dict[str, int] = {}
    phase = ""
    for question in version.questions:
        option = next(o for o in question["options"] if o["id"] == answers[question["id"]])
        if question["kind"] == "phase":
            phase = option["phase"]
            continue
        key = str(question["theme"]["id"])
        weight = question.get("weight", 1)
        earned[key] = earned.get(key, 0) + weight * option["score"]
        possible[key] = possible.get(key, 0) + weight * MAX_SCORE
    scores = {key: round(100 * earned[key] / possible[key]) for key in possible}
    return scores, phase


def themes_of(version: ScanVersion) -> dict[str, dict[str, Any]]:
    """``{theme id: {id, slug, name}}`` in the order the version first asks about them."""
    found: dict[str, dict[str, Any]] = {}
    for question in version.theme_questions:
        found.setdefault(str(question["theme"]["id"]), question["theme"])
    return found


def theme_scores(result: ScanResult) -> list[dict[str, Any]]:
    """Every theme of the result with its name and score, in the order of the questions."""
    themes = themes_of(result.version)
    return [{**themes[key], "score": result.scores[key]} for key in themes if key in result.scores]


def _pick_count(total: int) -> int:
    return 3 if total >= 6 else 2 if total >= 3 else 1


def strengths_and_attention(result: ScanResult) -> tuple[list[dict], list[dict]]:
    """Two or three strengths (the best themes that score well) and attention points (the
    weakest themes), each with the advice text of the result's version."""
    rows = sorted(theme_scores(result), key=lambda row: (-row["score"], row["name"]))
    count = _pick_count(len(rows))
    advice = result.version.content.get("advice", {})
    strengths = [row for row in rows[:count] if row["score"] >= STRONG_FROM]
    attention = [row for row in reversed(rows) if row not in strengths][:count]
    for row in strengths:
        text = advice.get(str(row["id"]), {}).get("strength")
        row["text"] = text or _("Hier heb je het goed voor elkaar. Deel gerust hoe je dat doet.")
    for row in attention:
        text = advice.get(str(row["id"]), {}).get("attention")
        row["text"] = text or _("Hier valt het meest te winnen. Praat erover met ondernemers.")
    return strengths, attention


def weakest_theme_ids(result: ScanResult, count: int = 2) -> list[int]:
    rows = sorted(theme_scores(result), key=lambda row: (row["score"], row["name"]))
    return [row["id"] for row in rows[:count]]


def phase_label(value: str) -> str:
    return Phase(value).label if value in Phase.values else ""
