"""The two staff roles as Wagtail groups, with their permissions.

- Communicatie: publishes pages (add, change, publish from the root down) and manages images
  and documents.
- Communitymanagers: admin access, images and documents, and a read-only look at member
  profiles; the apps for communities and events add their own permissions in their migrations.

Permissions are made here when missing (Django only creates them after all migrations ran), the
way Wagtail's own data migrations do. Reversing removes both groups and what hangs off them.
"""

from django.db import migrations

from loket.accounts.grants import permission as _permission

COMMUNICATIE = "Communicatie"
COMMUNITYMANAGERS = "Communitymanagers"

PAGE_PERMISSIONS = {COMMUNICATIE: ["add_page", "change_page", "publish_page"]}
COLLECTION_PERMISSIONS = {
    COMMUNICATIE: [
        ("wagtailimages", "image", ["add_image", "change_image", "choose_image"]),
        ("wagtaildocs", "document", ["add_document", "change_document", "choose_document"]),
    ],
    COMMUNITYMANAGERS: [
        ("wagtailimages", "image", ["add_image", "choose_image"]),
        ("wagtaildocs", "document", ["add_document", "choose_document"]),
    ],
}
MODEL_PERMISSIONS = {
    COMMUNICATIE: [("wagtailadmin", "admin", "access_admin")],
    COMMUNITYMANAGERS: [
        ("wagtailadmin", "admin", "access_admin"),
        ("accounts", "profile", "view_profile"),
    ],
}


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    root_page = Page.objects.filter(depth=1).order_by("path").first()
    root_collection = Collection.objects.filter(depth=1).order_by("path").first()

    for name in (COMMUNICATIE, COMMUNITYMANAGERS):
        group, _created = Group.objects.get_or_create(name=name)
        for app_label, model, codename in MODEL_PERMISSIONS.get(name, []):
            group.permissions.add(_permission(apps, app_label, model, codename))
        if root_page is not None:
            for codename in PAGE_PERMISSIONS.get(name, []):
                GroupPagePermission.objects.get_or_create(
                    group=group,
                    page=root_page,
                    permission=_permission(apps, "wagtailcore", "page", codename),
                )
        if root_collection is not None:
            for app_label, model, codenames in COLLECTION_PERMISSIONS.get(name, []):
                for codename in codenames:
                    GroupCollectionPermission.objects.get_or_create(
                        group=group,
                        collection=root_collection,
                        permission=_permission(apps, app_label, model, codename),
                    )


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    # Page and collection permissions of the groups cascade.
    Group.objects.filter(name__in=[COMMUNICATIE, COMMUNITYMANAGERS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
