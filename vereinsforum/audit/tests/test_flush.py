"""The project's flush empties the audit log (a sanctioned wipe) and restores the triggers."""

import pytest
from django.core.management import call_command
from django.db import DatabaseError, transaction

from vereinsforum.audit.models import AuditEntry
from vereinsforum.audit.services import audit_record


@pytest.mark.django_db(transaction=True)
def test_flush_empties_the_log_and_puts_the_triggers_back(programme):
    audit_record(actor=None, action="test.write", target=programme)
    call_command("flush", interactive=False, verbosity=0)
    assert AuditEntry.objects.count() == 0

    entry = audit_record(actor=None, action="test.write", target=programme)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_a_second_transactional_test_starts_with_an_empty_log(programme):
    # Runs after the one above: the runner's flush between them must have worked.
    assert AuditEntry.objects.count() == 0
