"""A published instrument version is immutable at the database, not just in the services."""

from django.db import migrations

from vereinsforum.needs.migrations import _published_sql as sql


def forwards(apps, schema_editor):
    for statement in sql.forward(schema_editor.connection.vendor):
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    for statement in sql.reverse(schema_editor.connection.vendor):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("needs", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
