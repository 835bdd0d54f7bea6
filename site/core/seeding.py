"""The steps of ``manage.py seed_demo``, in a registry other apps add their own steps to.

A step is a callable taking a :class:`SeedContext`. Every step must be idempotent: it looks
up what it would create (by slug, e-mail address, ...) and creates only what is missing, so
running the command twice changes nothing. Apps register steps in ``AppConfig.ready()``::

    from loket.core import seeding
    seeding.register("events", seed_events, label="Bijeenkomsten", order=200)

Core steps use orders below 100; the home page (``ctx.home``) and site exist after order 20.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Step:
    name: str
    func: Callable[["SeedContext"], None]
    label: str
    order: int


@dataclass
class SeedContext:
    """What the steps share: options, the site being built and lines for the final report."""

    options: dict[str, Any]
    site: Any = None
    home: Any = None
    report: list[str] = field(default_factory=list)
    created: dict[str, int] = field(default_factory=dict)

    def note(self, line):
        self.report.append(line)

    def count(self, what, n=1):
        self.created[what] = self.created.get(what, 0) + n


_steps: dict[str, Step] = {}


def register(name, func, *, label, order=100):
    """Add (or replace) step ``name``; steps run in ``order``, then by name."""
    _steps[name] = Step(name, func, label, order)


def unregister(name):
    _steps.pop(name, None)


def steps():
    return sorted(_steps.values(), key=lambda step: (step.order, step.name))
