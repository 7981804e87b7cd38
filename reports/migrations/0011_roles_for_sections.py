"""The Contributor and Editor groups gain the permissions of the new report parts: speakers of a
session added on the spot, sessions also attended, and attendees."""

from django.db import migrations

from reports.roles import ensure_roles


def bring_roles_up_to_date(apps, schema_editor):
    ensure_roles(apps)


class Migration(migrations.Migration):
    dependencies = [("reports", "0010_sections_attendance_attendees")]

    operations = [migrations.RunPython(bring_roles_up_to_date, migrations.RunPython.noop)]
