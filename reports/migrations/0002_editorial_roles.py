"""The two editorial roles as Django groups.

Contributor: writes reports and session write-ups, adds sessions on the spot, uploads images.
Which reports a contributor may see and change is narrowed further in ReportAdmin.
Editor: everything in the reports app, publishing included, and the tags.
"""
from django.db import migrations

CONTRIBUTOR_PERMISSIONS = [
    ("reports", "add_report"), ("reports", "change_report"), ("reports", "view_report"),
    ("reports", "delete_report"),
    ("reports", "add_writeup"), ("reports", "change_writeup"), ("reports", "view_writeup"),
    ("reports", "delete_writeup"),
    ("reports", "add_reportauthor"), ("reports", "change_reportauthor"),
    ("reports", "view_reportauthor"), ("reports", "delete_reportauthor"),
    ("reports", "add_session"), ("reports", "view_session"),
    ("reports", "add_image"), ("reports", "change_image"), ("reports", "view_image"),
    ("reports", "view_summit"), ("reports", "view_track"), ("reports", "view_project"),
    ("reports", "view_author"),
    ("taggit", "view_tag"),
]
EDITOR_EXTRA_PERMISSIONS = [
    ("taggit", "add_tag"), ("taggit", "change_tag"), ("taggit", "delete_tag"), ("taggit", "view_tag"),
    ("auth", "view_user"),
]


def create_roles(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def permissions(pairs):
        found = []
        for app_label, codename in pairs:
            found.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        return found

    contributor, _ = Group.objects.get_or_create(name="Contributor")
    contributor.permissions.set(permissions(CONTRIBUTOR_PERMISSIONS))

    editor, _ = Group.objects.get_or_create(name="Editor")
    reports_permissions = Permission.objects.filter(content_type__app_label="reports")
    editor.permissions.set([*reports_permissions, *permissions(EDITOR_EXTRA_PERMISSIONS)])


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Contributor", "Editor"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
