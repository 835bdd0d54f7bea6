"""Community managers keep the partner directory, hand intake requests over and call back:
the platform-wide group, and the regional groups that exist already (new regions copy the
platform-wide group's permissions when their roles are made)."""

from django.db import migrations

from loket.accounts.grants import grant_permissions, permission

GRANTS = {
    "organisation": ["view", "add", "change", "delete"],
    "contact": ["view", "add", "change", "delete"],
    "handover": ["view", "add"],
    "followup": ["view", "change"],
}
REGIONAL_PREFIX = "Communitymanager — "


def _permissions(apps):
    return [
        permission(apps, "partners", model, f"{action}_{model}")
        for model, actions in GRANTS.items()
        for action in actions
    ]


def grant_regional(apps, schema_editor):
    group_model = apps.get_model("auth", "Group")
    found = list(group_model.objects.filter(name__startswith=REGIONAL_PREFIX))
    if found:
        permissions = _permissions(apps)
        for group in found:
            group.permissions.add(*permissions)


def revoke_regional(apps, schema_editor):
    group_model = apps.get_model("auth", "Group")
    permissions = _permissions(apps)
    for group in group_model.objects.filter(name__startswith=REGIONAL_PREFIX):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0001_initial"),
        ("accounts", "0002_roles"),
    ]

    operations = [
        grant_permissions("partners", {"Communitymanagers": GRANTS}),
        migrations.RunPython(grant_regional, revoke_regional),
    ]
