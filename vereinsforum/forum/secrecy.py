"""Secret ballots and the physical order of the database.

A secret ballot (`Ballot`) has no association, no time stamp and a random UUID4 key, and the
record that an association voted (`Voter`) has no reference to it. What remained was the
database itself: rows are stored in the order they were written, so anyone who can read the
tables directly could line the ballots up with the voter rows or the audit log:

- SQLite: the hidden ``rowid`` of each row grows with every insert;
- PostgreSQL: the physical position ``ctid`` (heap order), and the system column ``xmin``,
  the id of the transaction that wrote the row. Voter row, audit entry and ballot of one
  cast are written by the same transaction, so before this module ``xmin`` linked them
  exactly, visible to any SQL user with ``SELECT`` on the tables.

What this module does: every transaction that writes a secret poll's ballots (a cast, a
paper ballot, a change, and the close) ends by deleting all of that poll's ballots and
inserting them again in an order drawn with ``secrets.SystemRandom``, with new random keys.
Afterwards, in a snapshot of the live rows, all ballots of the poll carry the ``xmin`` of the
same (latest) transaction, and their ``rowid``/``ctid`` order is a uniformly random
permutation, so neither says which ballot came when. After the close the rewrite is done by
the closing transaction, which belongs to no voter. The choices are copied unchanged, so
the count and its explanation are the same as without the rewrite. On SQLite the rewrite
switches on ``PRAGMA secure_delete`` for the connection, so the deleted rows are overwritten
with zeros in the database file.

Nothing else links the two tables: `Voter` and `Ballot` have no time stamps; `Voter.id` is
sequential, but it only repeats the order of voting that the audit log records anyway; audit
entries point at the voter row and never hold a ballot key or, in a secret poll, choices;
ballots are listed and counted in the order of their random key, never in insertion order.
The change-code hash (changeable polls) is an HMAC keyed with the code over poll and
association: it binds the code to the association it was issued to, so another member's
delegate who learns the code cannot open the ballot with it, and without the code (held only
in the voter's browser) it says nothing about the association.

Limits that remain (the app cannot close them; the rules page says so too):

- While a poll is open, someone who can read the ballot table repeatedly (or compare two
  backups) sees which ballot appeared after each cast, and can tell from the audit log or the
  projector which association cast it. Secrecy against a database reader therefore holds for
  a single snapshot, not for someone watching the table during the vote.
- PostgreSQL keeps deleted row versions ("dead tuples", with their old ``xmin`` and
  position) in the table files until VACUUM removes them, which autovacuum does at its own
  pace; the app runs no VACUUM. Even then, freed space is not necessarily overwritten. The
  write-ahead log, WAL archives, replicas and backups made while the poll was open keep the
  inserts in their original order. Reading any of these needs superuser or file-system
  access, not ordinary SQL.
- SQLite's rollback journal or WAL file may hold page images from before the rewrite until
  they are overwritten; the free space of the file system is outside SQLite's control.
- Index pages (primary key, change-code hash) are ordered by random values; their page
  layout may carry faint traces of the insertion history until they are rebuilt.
"""

from __future__ import annotations

import secrets

from django.db import connection

from vereinsforum.forum.models import Ballot, Poll

#: The source of the order. Tests may replace it; production uses the operating system's
#: cryptographically secure generator, so the order cannot be predicted or reproduced.
_random = secrets.SystemRandom()


def ballots_shuffle(*, poll: Poll) -> int:
    """Rewrite the poll's ballots in a random order with new random keys; return how many.

    Call it inside the transaction that changed the ballots (with the poll row locked), so
    the rewrite commits together with the change and no one sees the ordered state.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("ballots_shuffle must run inside the transaction that wrote them")
    rows = list(
        Ballot.objects.filter(poll=poll).values_list("choices", "change_key_hash", "organisation")
    )
    _random.shuffle(rows)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA secure_delete = ON")
    Ballot.objects.filter(poll=poll).delete()
    # Inserted in list order, so rowid and heap position follow the shuffled order.
    Ballot.objects.bulk_create(
        [
            Ballot(poll=poll, choices=choices, change_key_hash=key_hash, organisation_id=org)
            for choices, key_hash, org in rows
        ]
    )
    return len(rows)
