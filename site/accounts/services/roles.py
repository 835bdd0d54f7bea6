"""The staff roles of a region, as Wagtail groups: one function makes them and keeps them right.

A region is a Wagtail ``Site``; its pages are the tree under the site's root page. Each region
has three groups, named after it ("Communitymanager — Regio Utrecht"):

- **Communitymanager**: adds, changes and publishes pages under the region's agenda,
  communities and intervision index (the ``REGION_SECTIONS`` hook says which sections a role
  works in), and the model permissions the apps' migrations give the platform-wide group
  *Communitymanagers* (registrations, memberships, moderation, intervision, intake, credits).
- **Communicatie**: adds, changes and publishes every page of the region (standard pages,
  cases, campaigns) and has the model permissions of the platform-wide group *Communicatie*
  (experiences, ambassadors, mailings, campaign results, intake, credits).
- **Regiobeheer**: the region's site settings, and nothing of another region's.

All three reach the Wagtail admin, and the first two upload and choose images and documents
in the region's own collection. Model permissions are not per region yet (a snippet has no
region); the platform-wide groups stay as they were, for the national staff.

:func:`sync_region_roles` is safe to run again: it adds what is missing and takes away page,
collection and site permissions of the region's groups that are no longer part of the role.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import QuerySet

from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    GroupSitePermission,
    Page,
    Site,
)

ROLE_COMMUNITYMANAGER = "communitymanager"
ROLE_COMMUNICATIE = "communicatie"
ROLE_REGIOBEHEER = "regiobeheer"

# Role: (group name prefix, the platform-wide group whose model permissions the role has).
ROLES: dict[str, tuple[str, str | None]] = {
    ROLE_COMMUNITYMANAGER: ("Communitymanager", "Communitymanagers"),
    ROLE_COMMUNICATIE: ("Communicatie", "Communicatie"),
    ROLE_REGIOBEHEER: ("Regiobeheer", None),
}
SEPARATOR = " — "
REGION_PREFIX = "Ondernemersloket "

PAGE_ACTIONS = ("add_page", "change_page", "publish_page")
COLLECTION_ACTIONS = {
    "wagtailimages": ("add_image", "change_image", "choose_image"),
    "wagtaildocs": ("add_document", "change_document", "choose_document"),
}


@dataclass
class RegionRoles:
    """What :func:`sync_region_roles` made for a region: its groups and its collection."""

    site: Site
    groups: dict[str, Group]
    collection: Collection
    # Platform-wide groups that should lend a role its model permissions but do not exist.
    missing_templates: list[str]

    def group(self, role: str) -> Group:
        return self.groups[role]


def region_name(site: Site) -> str:
    """The region's short name: the site's name without "Ondernemersloket" ("Regio Utrecht")."""
    name = (site.site_name or site.hostname).strip()
    if name.startswith(REGION_PREFIX) and len(name) > len(REGION_PREFIX):
        name = name[len(REGION_PREFIX) :]
    return name


def group_name(site: Site, role: str) -> str:
    return f"{ROLES[role][0]}{SEPARATOR}{region_name(site)}"


def region_groups(site: Site) -> dict[str, Group]:
    """The region's groups that exist, by role."""
    names = {group_name(site, role): role for role in ROLES}
    return {names[g.name]: g for g in Group.objects.filter(name__in=list(names))}


def _permission(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _admin_access() -> Permission:
    return _permission("wagtailadmin", "access_admin")


def _model_permissions(role: str) -> list[Permission]:
    template = ROLES[role][1]
    found = [_admin_access()]
    if template:
        found += list(Permission.objects.filter(group__name=template))
    return found


def region_collection(site: Site) -> Collection:
    """The region's own collection of images and documents, under the root collection."""
    name = region_name(site)
    root = Collection.get_first_root_node() or Collection.add_root(name="Root")
    collection = root.get_children().filter(name=name).first()
    if collection is None:
        collection = root.add_child(instance=Collection(name=name))
    return collection


def _section_pages(site: Site, role: str) -> list[Page]:
    """The pages under which ``role`` adds, changes and publishes in the region."""
    from loket.core.hooks import region_sections

    home = site.root_page
    if role == ROLE_COMMUNICATIE:
        return [home]
    pages = []
    for section in region_sections():
        if role not in section.roles:
            continue
        app_label, model_name = section.page_type.split(".")
        page = (
            Page.objects.child_of(home)
            .filter(content_type__app_label=app_label, content_type__model=model_name.lower())
            .first()
        )
        if page is not None:
            pages.append(page)
    return pages


def _site_setting_permissions() -> list[Permission]:
    """``change`` of every per-site setting model (``BaseSiteSetting``): the site settings."""
    from wagtail.contrib.settings.models import BaseSiteSetting
    from wagtail.contrib.settings.registry import registry

    models = [model for model in registry if issubclass(model, BaseSiteSetting)]
    return [
        Permission.objects.get(
            content_type=ContentType.objects.get_for_model(model),
            codename=f"change_{model._meta.model_name}",
        )
        for model in models
    ]


def _sync_pages(group: Group, pages: list[Page]) -> None:
    permissions = [_permission("wagtailcore", codename) for codename in PAGE_ACTIONS]
    wanted = {(page.pk, permission.pk) for page in pages for permission in permissions}
    rows = GroupPagePermission.objects.filter(group=group)
    have = {(row.page_id, row.permission_id): row.pk for row in rows}
    rows.filter(pk__in=[pk for key, pk in have.items() if key not in wanted]).delete()
    GroupPagePermission.objects.bulk_create(
        [
            GroupPagePermission(group=group, page_id=page, permission_id=perm)
            for page, perm in sorted(wanted - set(have))
        ]
    )


def _sync_collection(group: Group, collection: Collection | None) -> None:
    wanted = set()
    if collection is not None:
        wanted = {
            (collection.pk, _permission(app, codename).pk)
            for app, codenames in COLLECTION_ACTIONS.items()
            for codename in codenames
        }
    rows = GroupCollectionPermission.objects.filter(group=group)
    have = {(row.collection_id, row.permission_id): row.pk for row in rows}
    rows.filter(pk__in=[pk for key, pk in have.items() if key not in wanted]).delete()
    GroupCollectionPermission.objects.bulk_create(
        [
            GroupCollectionPermission(group=group, collection_id=coll, permission_id=perm)
            for coll, perm in sorted(wanted - set(have))
        ]
    )


def _sync_site(group: Group, site: Site, permissions: list[Permission]) -> None:
    rows = GroupSitePermission.objects.filter(group=group)
    wanted = {(site.pk, permission.pk) for permission in permissions}
    have = {(row.site_id, row.permission_id): row.pk for row in rows}
    rows.filter(pk__in=[pk for key, pk in have.items() if key not in wanted]).delete()
    GroupSitePermission.objects.bulk_create(
        [
            GroupSitePermission(group=group, site_id=site_pk, permission_id=perm)
            for site_pk, perm in sorted(wanted - set(have))
        ]
    )


@transaction.atomic
def sync_region_roles(site: Site) -> RegionRoles:
    """Make (or put right) the region's three groups, with exactly the role's permissions."""
    collection = region_collection(site)
    templates = [template for _prefix, template in ROLES.values() if template]
    present = set(Group.objects.filter(name__in=templates).values_list("name", flat=True))
    groups: dict[str, Group] = {}
    for role in ROLES:
        group, _created = Group.objects.get_or_create(name=group_name(site, role))
        group.permissions.set(_model_permissions(role))
        if role == ROLE_REGIOBEHEER:
            _sync_pages(group, [])
            _sync_collection(group, None)
            _sync_site(group, site, _site_setting_permissions())
        else:
            _sync_pages(group, _section_pages(site, role))
            _sync_collection(group, collection)
            _sync_site(group, site, [])
        groups[role] = group
    missing = [template for template in templates if template not in present]
    return RegionRoles(site=site, groups=groups, collection=collection, missing_templates=missing)


# --- Which regions a staff member works in ----------------------------------------------------

ALL_REGIONS = None


def site_of_path(path: str, roots: dict[int, str]) -> int | None:
    """The id of the site whose root page is ``path`` or its closest ancestor (the longest
    matching root); ``roots`` is ``{site id: the path of its root page}``."""
    best: tuple[int, int] | None = None
    for site_id, root in roots.items():
        if path.startswith(root) and (best is None or len(root) > best[1]):
            best = (site_id, len(root))
    return best[0] if best else None


def staff_site_ids(user: Any, role: str | None = None) -> frozenset[int] | None:
    """The ids of the regions (sites) whose non-page data ``user`` may see and change in the
    admin; ``None`` means every region (superusers and the platform-wide staff groups).

    A region group's reach is read from what :func:`sync_region_roles` gave it (page permissions
    under the region's pages, the region's site permissions), so renaming a group keeps its
    region; and from the group's name, for a region whose tree has no sections yet. ``role``
    counts only that role's groups (the radar is the community managers' own: a Regiobeheer of
    another region does not widen it). Worked out once per user object and role.
    """
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cache: dict[str | None, frozenset[int] | None] = user.__dict__.setdefault(
        "_loket_staff_sites", {}
    )
    if role not in cache:
        cache[role] = _staff_site_ids(user, role)
    return cache[role]


def _staff_site_ids(user: Any, role: str | None) -> frozenset[int] | None:
    if user.is_superuser:
        return ALL_REGIONS
    roles = [role] if role else list(ROLES)
    national = {ROLES[r][1] for r in roles if ROLES[r][1]}
    if national and user.groups.filter(name__in=national).exists():
        return ALL_REGIONS
    groups = Group.objects.filter(user=user)
    if role:
        groups = groups.filter(name__startswith=ROLES[role][0] + SEPARATOR)
    ids = set(
        GroupSitePermission.objects.filter(group__in=groups).values_list("site_id", flat=True)
    )
    paths = set(
        GroupPagePermission.objects.filter(group__in=groups).values_list("page__path", flat=True)
    )
    sites = list(Site.objects.select_related("root_page"))
    if paths:
        roots = {site.pk: site.root_page.path for site in sites}
        ids.update(s for s in (site_of_path(p, roots) for p in paths) if s is not None)
    # A region whose tree has no sections yet gives its groups no page permissions: its groups'
    # names still say which region they are for.
    names = set(groups.values_list("name", flat=True))
    ids.update(site.pk for site in sites if any(group_name(site, r) in names for r in roles))
    return frozenset(ids)


def staff_root_paths(user: Any, role: str | None = None) -> list[str] | None:
    """The tree paths of the root pages of the regions ``user`` works in (``None``: every
    region); a page belongs to them when its path starts with one of these."""
    ids = staff_site_ids(user, role)
    if ids is ALL_REGIONS:
        return None
    cache: dict[frozenset[int], list[str]] = user.__dict__.setdefault("_loket_staff_roots", {})
    if ids not in cache:
        cache[ids] = list(Site.objects.filter(id__in=ids).values_list("root_page__path", flat=True))
    return cache[ids]


def covers_page_path(user: Any, path: str, role: str | None = None) -> bool:
    """Whether the page at tree ``path`` lies in a region ``user`` works in."""
    roots = staff_root_paths(user, role)
    return roots is None or any(path.startswith(root) for root in roots)


def staff_sites(user: Any, role: str | None = None) -> QuerySet[Site]:
    """The regions ``user`` works in, as a queryset of sites (every site for national staff)."""
    ids = staff_site_ids(user, role)
    sites = Site.objects.order_by("site_name", "hostname")
    return sites if ids is ALL_REGIONS else sites.filter(id__in=ids)


def for_staff(queryset: QuerySet[Any], user: Any, field: str = "site") -> QuerySet[Any]:
    """``queryset`` kept to the regions ``user`` works in; ``field`` is the path to the site."""
    ids = staff_site_ids(user)
    if ids is ALL_REGIONS:
        return queryset
    return queryset.filter(**{f"{field}__in": ids})
