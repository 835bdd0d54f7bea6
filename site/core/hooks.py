"""Extending an earlier app: the one way a later app contributes to earlier pages and flows.

Imports point one way (site package <- events <- community <- testimonials <- campaigns), so an
earlier app cannot call a later one. Where an earlier page or flow needs something from later
apps, it asks a Wagtail hook named here, and each later app answers in its own
``wagtail_hooks.py``::

    from wagtail import hooks
    from loket.core import hooks as loket_hooks

    @hooks.register(loket_hooks.LISTINGS)
    def listings():
        return [loket_hooks.ListingProvider("by_theme", "events", label=..., provider=..., ...)]

Wagtail imports every app's ``wagtail_hooks`` module the first time a hook is asked for; the
helpers below ask, so a management command, a Celery task or a page view that calls them gets
every app's contributions without importing those apps. Domain events (an attendance recorded,
an intake held) stay Django signals: hooks are for "contribute X to this page or flow".
Page placement is no hook either: a later app's page names its parent in ``parent_page_types``.

The hooks (functions registered for a hook take no arguments unless said otherwise; each may
return one item or a list of them; a later item with the same name replaces an earlier one):

``LISTINGS`` -> :class:`ListingProvider`
    What an app can list on a theme, tag or event page, the home page or an account page
    (``kind``, see ``LISTING_KINDS``). ``provider(**kwargs)`` returns the items, each rendered
    with ``template``; it gets ``site`` (or None) and lists only what is public on that site.
    Read with :func:`listing_providers` and :func:`collect_listings`.
``MEMBER_DATA`` -> :class:`MemberData`
    An app's part of "download my data" and "delete my account" (AVG). ``export(user)`` returns
    plain JSON types; ``erase(user, keep_content)`` runs inside the deletion's transaction before
    the account is anonymised, and with ``keep_content`` detaches (rather than deletes) what the
    member wrote. Read with :func:`export_member_data` and :func:`erase_member_data`.
``SEED_STEPS`` -> :class:`SeedStep`
    A step of ``manage.py seed_demo``: ``func(ctx)`` gets the shared ``SeedContext`` and must be
    idempotent. Core steps use orders below 100. Read with :func:`seed_steps`.
``REGION_SECTIONS`` -> :class:`RegionSection`
    An app's index page in every region's page tree (the agenda, communities, ...):
    ``build(ctx)`` finds or makes it under ``ctx.home`` (a ``SeedContext``) and returns it;
    ``page_type`` ("app_label.ModelName") finds it again; ``roles`` are the staff roles of the
    region (``loket.accounts.services.roles``) that may add, change and publish pages beneath it.
    ``create_region`` and ``seed_demo`` build them. Read with :func:`region_sections`.
``SIGNUP_VALIDATORS`` -> :class:`SignupValidator`
    Checks a sign-up form field that belongs to a later app (the tip code): ``validate(value,
    cleaned_data)`` returns the normalised value or raises ``ValidationError``. Read with
    :func:`signup_validators`.
``FOLLOW_UP_CONTEXT``: ``fn(sender, *, registration, context) -> None``
    Called while the follow-up mail of an event ``registration`` is built (``sender`` is its
    model class); the function adds template variables to the dict ``context``. Read with
    :func:`follow_up_context`.
``SEARCH_SOURCES`` -> :class:`SearchSource`
    What the site search at ``/zoeken/`` finds of an app (events, discussions, cases, ...).
    ``queryset(site=..., theme=...)`` returns only what anyone may see on that site (live,
    public, approved), narrowed to ``theme`` when one is given (``None`` when the kind has no
    themes); the search runs on it, so nothing private can be found, whatever the index holds.
    ``describe(obj, request)`` turns a found object into a :class:`SearchItem` without queries.
    ``find(site=..., theme=..., terms=..., operator=...)`` (operator "and" or "or") replaces
    the full-text search for a kind that is not in the index (the few themes).
    ``upcoming_first`` orders a kind by ``SearchItem.when``: what is still to come first
    (soonest first), then the past (latest first). Read with :func:`search_sources`;
    ``loket.core.sitesearch`` runs them.
``CREDIT_REVIEW_NOTES``: ``fn(awards) -> {award.pk: [note, ...]}``
    Notes beside the awards on the staff's credits review list, from the app that booked them
    (Tip een ander: the referral's risk score and signals). ``awards`` is the list shown; answer
    in a constant number of queries. Read by ``loket.credits.admin_views.with_review_notes``.
``RATING_EXPERIENCE`` -> :class:`RatingExperience`
    Where a high rating with a sentence (``loket.satisfaction``) may go as an experience:
    ``channels()`` gives ``[(value, label, consent text), ...]``, ``display_modes()`` gives
    ``[(value, label), ...]``, and ``submit(rating, channels=, display_mode=)`` stores it for
    moderation, tied to the rating's theme, raising ``ValueError`` with a Dutch message on bad
    input. The last one registered is used. Read by ``loket.satisfaction.services``.

``REGION_FIGURES`` -> :class:`RegionFigure`
    A column of the admin's regions overview (events this quarter, active communities ...):
    ``count(roots)`` gets ``{site id: the path of its root page}`` for the regions shown and
    returns ``{site id: number}``, in a constant number of queries (match a page's ``path``
    against the roots with :func:`loket.accounts.services.roles.site_of_path`, or count a
    queryset of pages with :func:`loket.core.regions_overview.count_pages_by_region`). Read with
    :func:`region_figures`.
``INTAKE_HANDLE_PANELS``: ``fn(request, intake) -> IntakePanel | None``
    A part of the staff's "Behandelen" page of an intake request from an app built on it (the
    warm handover of ``loket.partners``): ``html`` is shown under the request's next steps; a
    panel with ``replaces_refer`` takes the place of the page's own free-text "Doorverwijzen".
    Read with :func:`intake_handle_panels`.

``MEMBER_HOME_PANELS``: ``fn(*, user, site) -> MemberPanel | [MemberPanel, ...] | None``
    The member's home (``/account/``) is built from panels of the apps that own the data, shown
    by section in ``MEMBER_HOME_SECTIONS`` order (what's next, my groups, waiting for me, tips
    and credits, experiences, past meetups), then by ``order``. ``site`` is the request's Site.
    Return None for "nothing to say"; return a panel with ``empty=True`` for the Dutch line the
    section shows only when none of its panels has items. Each function answers in a constant
    number of queries, whatever the member has. ``template`` is rendered with ``context`` plus
    ``panel`` and ``request``. Read with :func:`member_home`.

Tests and one-off scripts may add a contribution at run time with :func:`contribute` and take it
back with :func:`withdraw` (the thin ``registry``, ``privacy`` and ``seeding`` modules do so).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from wagtail import hooks

LISTINGS = "loket_listings"
MEMBER_DATA = "loket_member_data"
SEED_STEPS = "loket_seed_steps"
REGION_SECTIONS = "loket_region_sections"
SIGNUP_VALIDATORS = "loket_signup_validators"
FOLLOW_UP_CONTEXT = "loket_follow_up_context"
CREDIT_REVIEW_NOTES = "loket_credit_review_notes"
REGION_FIGURES = "loket_region_figures"
SEARCH_SOURCES = "loket_search_sources"
RATING_EXPERIENCE = "loket_rating_experience"
INTAKE_HANDLE_PANELS = "loket_intake_handle_panels"
MEMBER_HOME_PANELS = "loket_member_home_panels"

# by_theme, by_tag, by_event: what belongs to a theme, tag or event; latest: for the home page;
# for_member: what an app lists for a signed-in member on an account page other than the home
# (``user`` and ``site``; the credits page shows the member's tips); the home (``/account/``)
# is built from ``MEMBER_HOME_PANELS`` alone.
LISTING_KINDS = ("by_theme", "by_tag", "by_event", "latest", "for_member")


@dataclass(frozen=True)
class ListingProvider:
    kind: str
    name: str
    label: str
    provider: Callable[..., Iterable[Any]]
    template: str
    order: int = 100

    def __post_init__(self) -> None:
        if self.kind not in LISTING_KINDS:
            raise ValueError(f"Unknown listing kind {self.kind!r}; choose from {LISTING_KINDS}.")


@dataclass
class Listing:
    name: str
    label: str
    template: str
    items: list = field(default_factory=list)


@dataclass(frozen=True)
class MemberData:
    name: str
    export: Callable[[Any], Any] | None = None
    erase: Callable[[Any, bool], None] | None = None


@dataclass(frozen=True)
class SeedStep:
    name: str
    func: Callable[[Any], None]
    label: str
    order: int = 100


@dataclass(frozen=True)
class RegionSection:
    name: str
    page_type: str
    build: Callable[[Any], Any]
    roles: tuple[str, ...] = ()
    order: int = 100


@dataclass(frozen=True)
class RegionFigure:
    name: str
    label: str
    count: Callable[[dict[int, str]], dict[int, int]]
    order: int = 100


@dataclass(frozen=True)
class RatingExperience:
    channels: Callable[[], list[tuple[str, str, str]]]
    display_modes: Callable[[], list[tuple[str, str]]]
    submit: Callable[..., Any]


@dataclass(frozen=True)
class IntakePanel:
    name: str
    html: str
    replaces_refer: bool = False


@dataclass(frozen=True)
class SignupValidator:
    field: str
    validate: Callable[[Any, dict], Any]


@dataclass(frozen=True)
class SearchItem:
    """One search result as the results page shows it; ``text`` is plain text for the snippet."""

    title: str
    url: str
    text: str = ""
    when: Any = None  # a datetime: the date shown, and the order of an ``upcoming_first`` kind
    is_past: bool = False
    meta: str = ""
    group: Any = None  # items of one kind with the same group are one result (a series' dates)


@dataclass(frozen=True)
class SearchSource:
    kind: str  # the value of ``?soort=``, e.g. "bijeenkomst"
    label: str  # the filter's label (plural)
    singular: str  # the type beside each result
    describe: Callable[[Any, Any], SearchItem]
    queryset: Callable[..., Any] | None = None
    find: Callable[..., Iterable[Any]] | None = None
    order: int = 100
    upcoming_first: bool = False


# The sections of the member's home, in page order: (key, heading).
MEMBER_HOME_SECTIONS = (
    ("next", "Wat komt eraan"),
    ("groups", "Mijn groepen en communities"),
    ("waiting", "Wacht op jou"),
    ("credits", "Mijn tips en credits"),
    ("experiences", "Mijn ervaringen"),
    ("past", "Eerdere bijeenkomsten"),
)


@dataclass
class MemberPanel:
    """One app's part of the member's home (see ``MEMBER_HOME_PANELS``)."""

    name: str
    section: str
    title: str
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100
    empty: bool = False
    html: str = field(default="", repr=False)  # filled by the overview when rendered

    def __post_init__(self) -> None:
        if self.section not in dict(MEMBER_HOME_SECTIONS):
            raise ValueError(f"Unknown home section {self.section!r}.")


@dataclass
class MemberHomeSection:
    key: str
    title: str
    panels: list[MemberPanel]

    @property
    def empty(self) -> bool:
        return all(p.empty for p in self.panels)


def contributions(hook_name: str) -> list:
    """Everything the functions registered for ``hook_name`` return, in hook order (``order``,
    then registration)."""
    items: list = []
    for fn in hooks.get_hooks(hook_name):  # imports every app's wagtail_hooks the first time
        result = fn()
        if isinstance(result, list | tuple):
            items.extend(result)
        elif result is not None:
            items.append(result)
    return items


def _by_name(items: Iterable[Any], key: str = "name") -> dict[str, Any]:
    """The items keyed by name; a later one replaces an earlier one of the same name."""
    return {getattr(item, key): item for item in items}


def listing_providers(kind: str) -> list[ListingProvider]:
    providers = [p for p in contributions(LISTINGS) if p.kind == kind]
    return sorted(_by_name(providers).values(), key=lambda p: (p.order, p.name))


def collect_listings(
    kind: str, *, names: Iterable[str] | None = None, **kwargs: Any
) -> list[Listing]:
    """Ask every provider of ``kind`` (only those in ``names`` when given); listings without
    items are left out."""
    listings = []
    for p in listing_providers(kind):
        if names is not None and p.name not in names:
            continue
        items = list(p.provider(**kwargs))
        if items:
            listings.append(Listing(p.name, p.label, p.template, items))
    return listings


def member_exporters() -> dict[str, Callable[[Any], Any]]:
    """``{name: export}``, sorted by name."""
    found = {d.name: d.export for d in contributions(MEMBER_DATA) if d.export is not None}
    return dict(sorted(found.items()))


def member_erasers() -> dict[str, Callable[[Any, bool], None]]:
    """``{name: erase}``, sorted by name."""
    found = {d.name: d.erase for d in contributions(MEMBER_DATA) if d.erase is not None}
    return dict(sorted(found.items()))


def export_member_data(user: Any) -> dict[str, Any]:
    """Everything the apps hold about ``user``, keyed by name."""
    return {name: export(user) for name, export in member_exporters().items()}


def erase_member_data(user: Any, keep_content: bool) -> None:
    for erase in member_erasers().values():
        erase(user, keep_content)


def seed_steps() -> list[SeedStep]:
    """The steps of ``seed_demo`` in the order they run (by ``order``, then by name)."""
    return sorted(_by_name(contributions(SEED_STEPS)).values(), key=lambda s: (s.order, s.name))


def region_sections() -> list[RegionSection]:
    """The index pages every region has, in the order they are built (``order``, then name)."""
    return sorted(
        _by_name(contributions(REGION_SECTIONS)).values(), key=lambda s: (s.order, s.name)
    )


def signup_validators() -> dict[str, list[Callable[[Any, dict], Any]]]:
    """``{field name: [validate, ...]}`` for the sign-up form's fields of later apps."""
    found: dict[str, list[Callable[[Any, dict], Any]]] = {}
    for validator in contributions(SIGNUP_VALIDATORS):
        validators = found.setdefault(validator.field, [])
        if validator.validate not in validators:
            validators.append(validator.validate)
    return found


def search_sources() -> list[SearchSource]:
    """The kinds the site search finds, in the order of its type filter (``order``, then kind)."""
    found = _by_name(contributions(SEARCH_SOURCES), key="kind").values()
    return sorted(found, key=lambda s: (s.order, s.kind))


def follow_up_context(registration: Any) -> dict[str, Any]:
    """The template variables later apps add to the follow-up mail of ``registration``."""
    context: dict[str, Any] = {}
    for fn in hooks.get_hooks(FOLLOW_UP_CONTEXT):
        fn(type(registration), registration=registration, context=context)
    return context


def intake_handle_panels(request: Any, intake: Any) -> list[IntakePanel]:
    """The panels later apps add to the "Behandelen" page of ``intake``."""
    found = [fn(request, intake) for fn in hooks.get_hooks(INTAKE_HANDLE_PANELS)]
    return [panel for panel in found if panel is not None]


def member_home(user: Any, site: Any) -> list[MemberHomeSection]:
    """The sections of ``user``'s home that have panels, in page order. A section whose panels
    are all empty keeps only those (their useful Dutch line); otherwise the empty ones go."""
    found: dict[str, MemberPanel] = {}
    for fn in hooks.get_hooks(MEMBER_HOME_PANELS):
        result = fn(user=user, site=site)
        for panel in result if isinstance(result, list | tuple) else [result]:
            if panel is not None:
                found[panel.name] = panel
    sections = []
    for key, title in MEMBER_HOME_SECTIONS:
        panels = sorted(
            (p for p in found.values() if p.section == key), key=lambda p: (p.order, p.name)
        )
        if not panels:
            continue
        if not all(p.empty for p in panels):
            panels = [p for p in panels if not p.empty]
        sections.append(MemberHomeSection(key, _(title), panels))
    return sections


# Run-time contributions, keyed by (hook name, key). Wagtail has no public "unregister": its
# register_temporarily() context manager is the way to add a hook function and take it back.
_added: dict[tuple[str, str], Any] = {}
_RUN_TIME_ORDER = 1  # after the apps' own (order 0), so the same name replaces theirs


def contribute(hook_name: str, key: str, item: Any) -> None:
    """Add ``item`` to ``hook_name`` until :func:`withdraw` (replacing an earlier ``key``)."""
    withdraw(hook_name, key)
    added = hooks.register_temporarily(hook_name, lambda: item, order=_RUN_TIME_ORDER)
    added.__enter__()
    _added[(hook_name, key)] = added


def withdraw(hook_name: str, key: str) -> None:
    added = _added.pop((hook_name, key), None)
    if added is not None:
        added.__exit__(None, None, None)


def region_figures() -> list[RegionFigure]:
    """The columns of the regions overview, in order."""
    figures = _by_name(contributions(REGION_FIGURES)).values()
    return sorted(figures, key=lambda figure: (figure.order, figure.name))
