"""One seeded demo database for the tests that start from ``seed_demo``: it runs once per session.

The seed is written inside an outer transaction that stays open while the tests that ask for the
``seeded_demo`` fixture run; each of them runs in its own savepoint (pytest-django's ``django_db``),
so whatever a test changes (a second seed, an edit) is rolled back before the next one, and the
outer transaction is rolled back after the last of them. ``tests/conftest.py`` runs those tests
one after another, where the first of them stood, so nothing else ever sees the seed.
"""

from __future__ import annotations

from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any

import pytest

from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

FIXTURE = "seeded_demo"


@dataclass
class SeededDemo:
    """What the one ``seed_demo`` run left: its output (passwords included) and its media."""

    output: str
    media_root: Path


class SharedSeed:
    """The outer transaction that holds the seed, opened on first use and rolled back at the end."""

    def __init__(self) -> None:
        self.atomic: Any = None
        self.blocker: Any = None
        self.demo: SeededDemo | None = None
        self.closed = False

    def open(self, blocker: Any, media_root: Path) -> SeededDemo:
        if self.demo is None:
            self.blocker = blocker
            out = StringIO()
            with blocker.unblock():
                self.atomic = transaction.atomic()
                self.atomic.__enter__()
                with override_settings(MEDIA_ROOT=media_root):
                    call_command("seed_demo", "--no-progress", stdout=out)
            self.demo = SeededDemo(out.getvalue(), media_root)
        return self.demo

    def close(self) -> None:
        if self.atomic is None:
            return
        with self.blocker.unblock():
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)
        self.atomic = None
        self.closed = True


SHARED = SharedSeed()


def uses_seed(item: pytest.Item | None) -> bool:
    return item is not None and FIXTURE in getattr(item, "fixturenames", ())


def group_seed_users(items: list[pytest.Item]) -> None:
    """Move every test that uses the seed next to the first of them (so the seed's transaction
    is open for them alone, among the non-transactional tests pytest-django runs first)."""
    users = [item for item in items if uses_seed(item)]
    if len(users) < 2:
        return
    first = items.index(users[0])
    rest = [item for item in items if not uses_seed(item)]
    items[:] = rest[:first] + users + rest[first:]
