"""`flush` that can empty the append-only audit log.

Wiping the whole database is the one sanctioned way to remove audit entries (a demo reset,
the test runner between transactional tests). Django's own flush would be stopped by the
triggers, so this one lifts them for the wipe and puts them back afterwards, even if the
wipe fails.
"""

from django.core.management.commands import flush
from django.db import DEFAULT_DB_ALIAS, connections

from vereinsforum.audit.migrations import _append_only_sql as sql


def _execute(connection, statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


class Command(flush.Command):
    def handle(self, **options):
        connection = connections[options.get("database") or DEFAULT_DB_ALIAS]
        tables = connection.introspection.table_names()
        if "audit_auditentry" not in tables:
            return super().handle(**options)
        _execute(connection, sql.lift(connection.vendor))
        try:
            return super().handle(**options)
        finally:
            _execute(connection, sql.restore(connection.vendor))
