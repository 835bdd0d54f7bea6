"""Communicatie makes limited offers and sees the claims; Communitymanagers see both."""

from django.db import migrations

PERMISSIONS = {
    "Communicatie": {
        "limitedoffer": ["add", "change", "delete", "view"],
        "offerclaim": ["view"],
    },
    "Communitymanagers": {"limitedoffer": ["view"], "offerclaim": ["view"]},
}


def _permissions(apps, wanted):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    found = []
    for model, actions in wanted.items():
        content_type, _created = ContentType.objects.get_or_create(
            app_label="campaigns", model=model
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
    for group in Group.objects.filter(name__in=PERMISSIONS):
        group.permissions.add(*_permissions(apps, PERMISSIONS[group.name]))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=PERMISSIONS):
        group.permissions.remove(*_permissions(apps, PERMISSIONS[group.name]))


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0005_campaign_blocks_and_limited_offers"),
        ("accounts", "0003_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
