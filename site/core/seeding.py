"""The steps of ``manage.py seed_demo``: the ``SEED_STEPS`` hook and the context steps share.

A step is a callable taking a :class:`SeedContext`. Every step must be idempotent: it looks
up what it would create (by slug, e-mail address, ...) and creates only what is missing, so
running the command twice changes nothing. Apps contribute steps in their ``wagtail_hooks.py``::

    @hooks.register(loket_hooks.SEED_STEPS)
    def seed_steps():
        return SeedStep("events", demo.seed_events, label="Bijeenkomsten", order=200)

Core steps use orders below 100; the home page (``ctx.home``) and site exist after order 20.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from loket.core import hooks
from loket.core.hooks import SeedStep as Step

__all__ = ["SeedContext", "Step", "register", "steps", "unregister"]


@dataclass
class SeedContext:
    """What the steps share: options, the site being built and lines for the final report."""

    options: dict[str, Any]
    site: Any = None
    home: Any = None
    report: list[str] = field(default_factory=list)
    created: dict[str, int] = field(default_factory=dict)
    # (site, role, e-mail, password or None when unchanged): the demo log-ins for the last block.
    logins: list[tuple[Any, str, str, str | None]] = field(default_factory=list)

    def note(self, line: str) -> None:
        self.report.append(line)

    def count(self, what: str, n: int = 1) -> None:
        self.created[what] = self.created.get(what, 0) + n


def register(
    name: str, func: Callable[[SeedContext], None], *, label: str, order: int = 100
) -> None:
    """Add (or replace) step ``name`` at run time, until ``unregister``."""
    hooks.contribute(hooks.SEED_STEPS, name, Step(name, func, label, order))


def unregister(name: str) -> None:
    hooks.withdraw(hooks.SEED_STEPS, name)


def steps() -> list[Step]:
    """Every app's steps (loading their ``wagtail_hooks``), in the order they run."""
    return hooks.seed_steps()
