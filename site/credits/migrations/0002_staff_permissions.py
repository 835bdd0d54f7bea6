"""Communitymanagers and Communicatie read the ledger, decide on awards, book corrections and
manage the rewards catalogue. Permissions are made here when missing (Django creates them only
after all migrations ran). Reversing takes them off the groups again."""

from django.db import migrations

GROUPS = ["Communitymanagers", "Communicatie"]
PERMISSIONS = {
    "credittransaction": ["view", "add"],
    "reward": ["view", "add", "change", "delete"],
    "redemption": ["view", "change"],
}


def _permissions(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    found = []
    for model, actions in PERMISSIONS.items():
        content_type, _created = ContentType.objects.get_or_create(app_label="credits", model=model)
        for action in actions:
            found.append(
                Permission.objects.get_or_create(
                    content_type=content_type,
                    codename=f"{action}_{model}",
                    defaults={"name": f"Can {action} {model}"},
                )[0]
            )
    return found


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    permissions = _permissions(apps)
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    permissions = _permissions(apps)
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("credits", "0001_initial"),
        ("accounts", "0003_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
