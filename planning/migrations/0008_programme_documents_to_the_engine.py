"""The programme documents move to the documents engine (documents.Document, kind "programme"):
every row with its status, file, SHA-256, pages, timings and error, the files where they are;
then the old table goes. Going back moves them back."""

from django.core.management.color import no_style
from django.db import migrations

FIELDS = (
    "id",
    "language",
    "status",
    "requested_by_id",
    "requested_at",
    "started_at",
    "finished_at",
    "attempts",
    "file",
    "size",
    "sha256",
    "pages",
    "duration_ms",
    "error",
    "content_hash",
)


def forwards(apps, schema_editor):
    old = apps.get_model("planning", "ProgrammeDocument")
    new = apps.get_model("documents", "Document")
    rows = [
        new(kind="programme", object_id=row["programme_id"], **{f: row[f] for f in FIELDS})
        for row in old.objects.values("programme_id", *FIELDS)
    ]
    new.objects.bulk_create(rows, batch_size=500)
    _reset_sequence(schema_editor, new)


def backwards(apps, schema_editor):
    old = apps.get_model("planning", "ProgrammeDocument")
    new = apps.get_model("documents", "Document")
    rows = [
        old(programme_id=row["object_id"], **{f: row[f] for f in FIELDS})
        for row in new.objects.filter(kind="programme").values("object_id", *FIELDS)
    ]
    old.objects.bulk_create(rows, batch_size=500)
    new.objects.filter(kind="programme").delete()
    _reset_sequence(schema_editor, old)


def _reset_sequence(schema_editor, model):
    """Rows were inserted with their ids: the next id must come after them (PostgreSQL keeps a
    sequence of its own; SQLite takes the largest id)."""
    connection = schema_editor.connection
    statements = connection.ops.sequence_reset_sql(no_style(), [model])
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0007_people_are_deactivated"),
        ("documents", "0001_documents"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.DeleteModel(name="ProgrammeDocument"),
    ]
