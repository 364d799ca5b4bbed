"""The audit log is append-only at the database: UPDATE and DELETE are refused by triggers,
on SQLite and on PostgreSQL (run the suite with DATABASE_URL=postgres://... for the latter)."""

import pytest
from django.db import DatabaseError, connection, transaction

from vereinsforum.audit.models import AuditEntry
from vereinsforum.audit.services import REDACTED, audit_record, diff, snapshot
from vereinsforum.lib.actors import SystemActor

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(programme, coordinator):
    return audit_record(actor=coordinator, action="test.write", target=programme)


def _triggers() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                ["audit_auditentry"],
            )
        else:
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_auditentry'::regclass "
                "AND NOT tgisinternal"
            )
        return {row[0] for row in cursor.fetchall()}


def test_the_triggers_exist_on_this_database():
    expected = {
        "sqlite": {"audit_auditentry_no_update", "audit_auditentry_no_delete"},
        "postgresql": {"audit_auditentry_append_only", "audit_auditentry_no_truncate"},
    }[connection.vendor]
    assert expected <= _triggers()


def test_orm_update_is_refused(entry):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(action="tampered")
    entry.refresh_from_db()
    assert entry.action == "test.write"


def test_save_of_an_existing_entry_is_refused(entry):
    entry.action = "tampered"
    with pytest.raises(DatabaseError), transaction.atomic():
        entry.save()


def test_orm_delete_is_refused(entry):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        entry.delete()
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_raw_sql_update_and_delete_are_refused(entry):
    for sql in (
        "UPDATE audit_auditentry SET action = 'x' WHERE id = %s",
        "DELETE FROM audit_auditentry WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).action == "test.write"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE exists on PostgreSQL")
def test_truncate_is_refused_on_postgresql(entry):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE audit_auditentry")
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_inserting_stays_possible(entry, programme):
    audit_record(actor=None, action="test.again", target=programme)
    assert AuditEntry.objects.count() == 2


def test_actor_labels_of_commands_visitors_and_users(programme, coordinator):
    from django.contrib.auth.models import AnonymousUser

    by_user = audit_record(actor=coordinator, action="a", target=programme)
    by_visitor = audit_record(actor=AnonymousUser(), action="a", target=programme)
    by_command = audit_record(actor=SystemActor("load_demo"), action="a", target=programme)
    by_nobody = audit_record(actor=None, action="a", target=programme)
    assert by_user.actor == coordinator and by_user.actor_name == "coordinator"
    assert "coordinator" not in by_user.actor_label  # the username is not stored
    assert (by_visitor.actor_label, by_command.actor_label, by_nobody.actor_label) == (
        "anonymous",
        "load_demo",
        "system",
    )


def test_diff_redacts_personal_fields_and_skips_unchanged():
    before = {"email": "a@example.org", "language": "de", "name": "A"}
    after = {"email": "b@example.org", "language": "tr", "name": "A"}
    assert diff(before, after, personal=["email"]) == {
        "email": [REDACTED, REDACTED],
        "language": ["de", "tr"],
    }


def test_snapshot_stores_foreign_keys_by_id(programme):
    assert snapshot(programme, ["lead_department", "start"]) == {
        "lead_department": programme.lead_department_id,
        "start": "2007-05-09",
    }
