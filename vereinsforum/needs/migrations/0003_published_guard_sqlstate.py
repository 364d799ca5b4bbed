"""PostgreSQL: the guard raises SQLSTATE 23000, so Django reports an IntegrityError, as on SQLite."""

from django.db import migrations

from vereinsforum.needs.migrations import _published_sql as sql


def forwards(apps, schema_editor):
    for statement in sql.functions(schema_editor.connection.vendor):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("needs", "0002_published_immutable")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
