"""Trigram indexes for the editors' session search (the autocomplete of every write-up's session),
on PostgreSQL only. Django's icontains is UPPER(column) LIKE UPPER(pattern): the indexes are on
those expressions, so a search over tens of thousands of sessions reads the index, not the table.
pg_trgm ships with PostgreSQL and is a trusted extension: the database's owner may create it."""

from django.db import migrations

INDEXES = [
    ("session_title_trgm", "title"),
    ("session_speakers_trgm", "speakers"),
]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, column in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON reports_session USING gin (UPPER({column}::text) gin_trgm_ops)"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _ in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("reports", "0005_reencoded_images")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
