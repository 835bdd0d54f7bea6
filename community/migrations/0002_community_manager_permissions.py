"""Community managers moderate every community and manage memberships, posts and proposals.

Permissions are made here when missing (Django creates them only after all migrations ran).
Reversing takes them off the group again.
"""

from django.db import migrations

GROUP = "Communitymanagers"
PERMISSIONS = {
    "membership": ["view", "add", "change", "delete", "manage_all_communities"],
    "thread": ["view", "change"],
    "reply": ["view", "change"],
    "flag": ["view", "change"],
    "moderationaction": ["view"],
    "topicproposal": ["view", "change"],
    "proposalvote": ["view"],
    "communityevent": ["view", "add", "change", "delete"],
}


def _permissions(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    result = []
    for model, actions in PERMISSIONS.items():
        content_type, _created = ContentType.objects.get_or_create(
            app_label="community", model=model
        )
        for action in actions:
            codename = action if action == "manage_all_communities" else f"{action}_{model}"
            result.append(
                Permission.objects.get_or_create(
                    content_type=content_type,
                    codename=codename,
                    defaults={"name": f"Can {codename.replace('_', ' ')}"},
                )[0]
            )
    return result


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
        ("community", "0001_initial"),
        ("accounts", "0003_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
