"""Follow-ups already written become data, and contributors may mark their own done (the rows
themselves are narrowed in the admin)."""

from django.db import migrations

from reports.followups import marked_items, project_named
from reports.roles import ensure_roles


def bring_roles_up_to_date(apps, schema_editor):
    ensure_roles(apps)


def extract_written_follow_ups(apps, schema_editor):
    WriteUp = apps.get_model("reports", "WriteUp")
    FollowUp = apps.get_model("reports", "FollowUp")
    Project = apps.get_model("reports", "Project")
    projects = sorted(Project.objects.values_list("pk", "name"), key=lambda pair: -len(pair[1]))
    rows = []
    for section in WriteUp.objects.filter(body__iregex=r"follow[- ]?up|\[[ xX]\]").iterator():
        for position, item in enumerate(marked_items(section.body)):
            rows.append(
                FollowUp(
                    report_id=section.report_id,
                    section_id=section.pk,
                    text=item.text,
                    person=item.person,
                    done=item.done,
                    position=position,
                    project_id=project_named(item.text, projects),
                )
            )
    FollowUp.objects.bulk_create(rows, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("reports", "0017_summit_week")]

    operations = [
        migrations.RunPython(bring_roles_up_to_date, migrations.RunPython.noop),
        migrations.RunPython(extract_written_follow_ups, migrations.RunPython.noop),
    ]
