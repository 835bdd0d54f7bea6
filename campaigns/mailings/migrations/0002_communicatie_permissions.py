"""Communicatie composes, tests, schedules and sends mailings.

Permissions are made here when missing (Django creates them only after all migrations ran).
Reversing takes them off the group again.
"""

from django.db import migrations

GROUP = "Communicatie"
PERMISSIONS = {
    "mailing": ["view", "add", "change", "delete"],
}


def _permissions(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    found = []
    for model, actions in PERMISSIONS.items():
        content_type, _created = ContentType.objects.get_or_create(
            app_label="mailings", model=model
        )
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
    group = Group.objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.add(*_permissions(apps))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.remove(*_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("mailings", "0001_mailings"),
        ("accounts", "0003_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
