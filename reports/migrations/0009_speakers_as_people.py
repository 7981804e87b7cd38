"""Speakers as people: the comma-separated `speakers` text of each session becomes Speaker records
in programme order, shared between sessions (the same name is the same speaker).

The text is split on commas, semicolons and " and "; a part that reads like a role or a company
("Principal Architect", "Rackspace") cannot be told from a name by a migration, which is why the
text is gone now: editors correct what the split got wrong in the session admin.
"""

import re

import django.db.models.deletion
from django.db import migrations, models
from django.utils.text import slugify

SEPARATORS = re.compile(r"\s*(?:,|;|\band\b|&)\s*")


def speaker_names(text):
    names = []
    for part in SEPARATORS.split(text or ""):
        name = " ".join(part.split())
        if name and name.casefold() not in {known.casefold() for known in names}:
            names.append(name)
    return names


def split_speakers(apps, schema_editor):
    Session = apps.get_model("reports", "Session")
    Speaker = apps.get_model("reports", "Speaker")
    SessionSpeaker = apps.get_model("reports", "SessionSpeaker")
    speakers = {}
    for session in Session.objects.exclude(speakers_text="").only("pk", "speakers_text").iterator():
        for order, name in enumerate(speaker_names(session.speakers_text)):
            key = name.casefold()
            if key not in speakers:
                speakers[key] = Speaker.objects.create(name=name, slug=free_slug(Speaker, name))
            SessionSpeaker.objects.create(session_id=session.pk, speaker=speakers[key], order=order)


def free_slug(Speaker, name):
    base = slugify(name)[:140] or "speaker"
    slug, number = base, 2
    while Speaker.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def join_speakers(apps, schema_editor):
    Session = apps.get_model("reports", "Session")
    for session in Session.objects.all():
        links = session.session_speakers.select_related("speaker").order_by("order", "pk")
        session.speakers_text = ", ".join(link.speaker.name for link in links)[:500]
        session.save(update_fields=["speakers_text"])


def drop_speakers_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS session_speakers_trgm")


class Migration(migrations.Migration):
    dependencies = [("reports", "0008_markdown_limits")]

    operations = [
        migrations.RunPython(drop_speakers_index, migrations.RunPython.noop),
        migrations.RenameField(model_name="session", old_name="speakers", new_name="speakers_text"),
        migrations.CreateModel(
            name="Speaker",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=150)),
                ("slug", models.SlugField(max_length=150, unique=True)),
                ("role", models.CharField(blank=True, help_text="e.g. Principal Architect", max_length=150)),
                ("affiliation", models.CharField(blank=True, help_text="e.g. Rackspace", max_length=150)),
                ("website", models.URLField(blank=True)),
            ],
            options={"ordering": ["name"]},
        ),
        migrations.CreateModel(
            name="SessionSpeaker",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("order", models.PositiveSmallIntegerField(default=0)),
                (
                    "session",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="session_speakers",
                        to="reports.session",
                    ),
                ),
                (
                    "speaker",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="session_speakers",
                        to="reports.speaker",
                    ),
                ),
            ],
            options={"verbose_name": "speaker", "ordering": ["order", "pk"]},
        ),
        migrations.AddConstraint(
            model_name="sessionspeaker",
            constraint=models.UniqueConstraint(fields=("session", "speaker"), name="speaker_once_per_session"),
        ),
        migrations.AddField(
            model_name="session",
            name="speakers",
            field=models.ManyToManyField(
                blank=True, related_name="sessions", through="reports.SessionSpeaker", to="reports.speaker"
            ),
        ),
        migrations.RunPython(split_speakers, join_speakers),
        migrations.RemoveField(model_name="session", name="speakers_text"),
    ]
