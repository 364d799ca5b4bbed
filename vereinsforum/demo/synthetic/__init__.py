"""A state-scale data set on top of the demo, for the benchmarks (`generate_synthetic`).

The demo tells one city's story with 60 associations; the same software has to carry a
whole federal state. `generate(associations=N, seed=S)` adds N fictional associations in
NRW cities and everything that scales with them, in the demo's proportions: at N = 3,000
about 30,000 people, 3,000 representative accounts, 2,000 events with 100,000 registrations
and their invitations, the funnel steps (60 : 30 : 25), 100,000 outbox messages, 6,000
interviews over two waves, a forum seat per enrolled association and 200 polls with their
ballots, publication bases for OParl and the audit entries of it all.

It writes with `bulk_create` in batches, one transaction per part, keeping the models'
invariants itself (see each part's module). The same seed gives the same data: every choice
comes from one `random.Random(seed)`, every date is fixed relative to the demo's programme;
only the rows' own `created`/`modified` stamps and the audit entries' times are the time of
writing. The demo's accounts keep the lowest ids, and Anadolu e.V. (the demo's `verein`)
is invited to and registers for a share of the new events, so its lists grow with N.

The parts: base (what they share), names (word lists), organisations, events with
registrations, outbox, needs, forum (with OParl).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection, transaction

from vereinsforum.demo.synthetic import events, forum, needs, organisations, outbox
from vereinsforum.demo.synthetic.base import World, flush_audit, load_world

PARTS: tuple[tuple[str, Callable[[World], None]], ...] = (
    ("organisations, people and accounts", organisations.build),
    ("events, invitations, registrations and funnel", events.build),
    ("outbox", outbox.build),
    ("needs analysis", needs.build),
    ("forum and polls", forum.build),
    ("OParl publication bases", forum.publication_bases),
)


@dataclass
class Report:
    """What was built: rows per model (label) and seconds per part."""

    counts: dict[str, int] = field(default_factory=dict)
    timings: list[tuple[str, float]] = field(default_factory=list)

    @property
    def seconds(self) -> float:
        return sum(seconds for _name, seconds in self.timings)


def generate(
    *, associations: int, seed: int = 1, say: Callable[[str], None] | None = None
) -> Report:
    """Add `associations` synthetic associations and what scales with them to the demo."""
    report = Report()
    started = time.perf_counter()
    world = load_world(associations, seed)
    report.timings.append(("reading the demo", time.perf_counter() - started))
    for name, build in PARTS:
        started = time.perf_counter()
        before = dict(world.counts)
        with transaction.atomic():
            build(world)
            flush_audit(world)
        seconds = time.perf_counter() - started
        report.timings.append((name, seconds))
        if say is not None:
            made = sum(world.counts.values()) - sum(before.values())
            say(f"{name}: {made:,} rows in {seconds:.1f} s")
    # A bulk load leaves the planner's statistics at the demo's size until autovacuum comes
    # round: it then plans a join over 850 published persons as if there were one (22 ms
    # instead of 6 for one OParl query). What a restore or an import does, so does this; on
    # PostgreSQL VACUUM too, so that counts over an index need not visit the table (the
    # dashboard's failed messages: 5 ms, not 0.3).
    started = time.perf_counter()
    with connection.cursor() as cursor:
        # (VACUUM cannot run inside a transaction: a caller's, e.g. a test's, keeps ANALYZE.)
        vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
        cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
    report.timings.append(("updating the planner's statistics", time.perf_counter() - started))
    report.counts = dict(sorted(world.counts.items()))
    return report
