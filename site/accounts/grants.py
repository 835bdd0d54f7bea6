"""Gives a staff group its permissions from a data migration: the one way every app does it.

Django creates permissions only after all migrations ran, so they are made here when missing,
the way Wagtail's own data migrations do. Reversing takes them off the groups again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.db import migrations

# {group name: {model name: [actions or codenames]}}. "view", "add", "change" and "delete"
# become "<action>_<model>"; anything else is a codename of its own ("manage_all_communities").
Grants = Mapping[str, Mapping[str, Iterable[str]]]

DEFAULT_ACTIONS = ("view", "add", "change", "delete")


def codename(model: str, action: str) -> str:
    return f"{action}_{model}" if action in DEFAULT_ACTIONS else action


def permission(apps, app_label: str, model: str, code: str):
    """The permission ``app_label.code`` on ``model``, made when it does not exist yet."""
    content_type_model = apps.get_model("contenttypes", "ContentType")
    permission_model = apps.get_model("auth", "Permission")
    content_type, _created = content_type_model.objects.get_or_create(
        app_label=app_label, model=model
    )
    found, _created = permission_model.objects.get_or_create(
        content_type=content_type,
        codename=code,
        defaults={"name": f"Can {code.replace('_', ' ')}"},
    )
    return found


def _permissions(apps, app_label: str, models: Mapping[str, Iterable[str]]) -> list:
    return [
        permission(apps, app_label, model, codename(model, action))
        for model, actions in models.items()
        for action in actions
    ]


def grant_permissions(app_label: str, grants: Grants) -> migrations.RunPython:
    """A migration operation that adds ``grants`` on ``app_label``'s models to existing groups.

    Safe to run twice: adding a permission a group already has changes nothing. A group that
    does not exist (the roles migration was reversed) is left alone.
    """

    def grant(apps, schema_editor):
        group_model = apps.get_model("auth", "Group")
        for group in group_model.objects.filter(name__in=list(grants)):
            group.permissions.add(*_permissions(apps, app_label, grants[group.name]))

    def revoke(apps, schema_editor):
        group_model = apps.get_model("auth", "Group")
        for group in group_model.objects.filter(name__in=list(grants)):
            group.permissions.remove(*_permissions(apps, app_label, grants[group.name]))

    return migrations.RunPython(grant, revoke)
