"""Versions: the published questions frozen into a snapshot, made when the content changes."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db import IntegrityError, transaction

from ..models import ScanVersion


def snapshot(page: Any) -> dict[str, Any]:
    """The page's questions, answers, weights and advice as plain JSON, with the block ids."""
    questions = []
    for child in page.questions:
        value = child.value
        item = {
            "id": child.id,
            "kind": "theme" if child.block_type == "theme_question" else "phase",
            "text": value["question"],
            "help": value.get("help") or "",
            "options": [],
        }
        if item["kind"] == "theme":
            theme = value["theme"]
            item["theme"] = {"id": theme.pk, "slug": theme.slug, "name": theme.name}
            item["weight"] = value["weight"] or 1
        for option in value["options"].bound_blocks:
            entry = {"id": option.id, "label": option.value["label"]}
            if item["kind"] == "theme":
                entry["score"] = option.value["score"]
            else:
                entry["phase"] = option.value["phase"]
            item["options"].append(entry)
        questions.append(item)
    advice = {}
    for child in page.advice:
        theme = child.value["theme"]
        advice[str(theme.pk)] = {
            "strength": child.value["strength"],
            "attention": child.value["attention"],
        }
    return {"title": page.title, "questions": questions, "advice": advice}


def _digest(content: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


def current_version(page: Any) -> ScanVersion:
    """The version of what ``page`` shows now: the latest one, or a new one when the content
    changed since. Safe to run twice and in parallel: the same content gives the same version,
    and the number is unique per page (a parallel maker's row is read back)."""
    content = snapshot(page)
    digest = _digest(content)
    latest = ScanVersion.objects.filter(page=page).order_by("-number").first()
    if latest is not None and latest.digest == digest:
        return latest
    number = (latest.number if latest else 0) + 1
    try:
        with transaction.atomic():
            return ScanVersion.objects.create(
                page=page, number=number, content=content, digest=digest
            )
    except IntegrityError:
        return ScanVersion.objects.get(page=page, number=number)
