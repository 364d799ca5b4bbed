"""PostgreSQL: TRUNCATE does not fire row triggers, so refuse it with a statement trigger."""

from django.db import migrations

from vereinsforum.audit.migrations import _append_only_sql as sql


def forwards(apps, schema_editor):
    for statement in sql.truncate_forward(schema_editor.connection.vendor):
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    for statement in sql.truncate_reverse(schema_editor.connection.vendor):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only")]
    operations = [migrations.RunPython(forwards, backwards)]
