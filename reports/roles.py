"""The two editorial roles as Django groups and the permissions each holds.

Contributor: writes reports, their sections, the sessions also attended and who else was there;
adds sessions and speakers on the spot; uploads images; marks their own follow-ups done.
Which reports a contributor may see and change is narrowed further in ReportAdmin.
Editor: everything in the reports app, publishing included, and the tags.

`ensure_roles` takes an app registry so the data migration can run it on historical models.
"""

CONTRIBUTOR_PERMISSIONS = [
    ("reports", "add_report"), ("reports", "change_report"), ("reports", "view_report"),
    ("reports", "delete_report"),
    ("reports", "add_writeup"), ("reports", "change_writeup"), ("reports", "view_writeup"),
    ("reports", "delete_writeup"),
    ("reports", "add_reportauthor"), ("reports", "change_reportauthor"),
    ("reports", "view_reportauthor"), ("reports", "delete_reportauthor"),
    ("reports", "add_session"), ("reports", "view_session"),
    ("reports", "add_sessionspeaker"), ("reports", "change_sessionspeaker"), ("reports", "view_sessionspeaker"),
    ("reports", "delete_sessionspeaker"),
    ("reports", "add_speaker"), ("reports", "view_speaker"),
    ("reports", "add_attendance"), ("reports", "change_attendance"), ("reports", "view_attendance"),
    ("reports", "delete_attendance"),
    ("reports", "add_attendee"), ("reports", "change_attendee"), ("reports", "view_attendee"),
    ("reports", "delete_attendee"),
    ("reports", "add_image"), ("reports", "change_image"), ("reports", "view_image"),
    ("reports", "view_followup"), ("reports", "change_followup"),
    ("reports", "view_summit"), ("reports", "view_track"), ("reports", "view_project"),
    ("reports", "view_author"),
    ("taggit", "view_tag"),
]  # fmt: skip
EDITOR_EXTRA_PERMISSIONS = [
    ("taggit", "add_tag"), ("taggit", "change_tag"), ("taggit", "delete_tag"), ("taggit", "view_tag"),
    ("auth", "view_user"),
]  # fmt: skip


def ensure_roles(apps):
    """Create (or bring back to their definition) the Contributor and Editor groups."""
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        had_models = getattr(app_config, "models_module", None)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = had_models

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def permissions(pairs):
        # Those that exist yet: an early migration runs this before later models (and their
        # permissions) exist, and a later migration runs it again.
        return [
            permission
            for app, codename in pairs
            for permission in Permission.objects.filter(content_type__app_label=app, codename=codename)
        ]

    contributor, _ = Group.objects.get_or_create(name="Contributor")
    contributor.permissions.set(permissions(CONTRIBUTOR_PERMISSIONS))
    editor, _ = Group.objects.get_or_create(name="Editor")
    editor.permissions.set(
        [*Permission.objects.filter(content_type__app_label="reports"), *permissions(EDITOR_EXTRA_PERMISSIONS)]
    )
