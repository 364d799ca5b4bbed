"""The audit log refuses UPDATE and DELETE at the database, not just in Python."""

from django.db import migrations

from vereinsforum.audit.migrations import _append_only_sql as sql


def forwards(apps, schema_editor):
    for statement in sql.forward(schema_editor.connection.vendor):
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    for statement in sql.reverse(schema_editor.connection.vendor):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
