"""GIN indexes on the stored search vectors, on PostgreSQL only (SQLite searches with LIKE)."""
from django.db import migrations

INDEXES = [
    ("reports_report", "report_search_vector_gin"),
    ("reports_writeup", "writeup_search_vector_gin"),
]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, name in INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (search_vector)")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _, name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("reports", "0002_editorial_roles")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
