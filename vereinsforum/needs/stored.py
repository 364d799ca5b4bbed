"""The stored evaluation of a wave: computed once per change of its data, not per request.

The bootstraps, the clustering and the charts take seconds at a state's size, and the answers
change rarely. So the evaluation is kept in Django's cache (files under var/ by default,
Redis with REDIS_URL) under the wave and its `data_version`, which every write that changes
what the evaluation reads replaces inside its own transaction (`bump`: interviews submitted,
validated or returned, the wave's settings, the instrument). A reader sees the new version
only once the change is committed, and data at least as new, so a stale result is never
served. Whoever misses computes once under a lock (`cache.add`); the others wait for it.

What is stored knows no language: the field and association names are put in on every read
(`_relabel`, two queries), so the page shows today's names in the reader's language. The
charts carry words, so each is stored per language and per the labels it shows.
"""

from __future__ import annotations

import hashlib
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.db.models import QuerySet
from django.utils import timezone, translation

from vereinsforum.needs.evaluation import Evaluation, evaluate_wave
from vereinsforum.needs.models import Wave
from vereinsforum.organisations.models import Organisation

if TYPE_CHECKING:
    from vereinsforum.lib.charts import Chart

#: Part of every key: raise it when the stored classes change shape.
PREFIX = "needs:evaluation:1"
#: Results stay until their version is replaced (then they are never asked for again and
#: age out); a month bounds what a cache without eviction keeps.
TIMEOUT = 30 * 24 * 3600
#: How long one computation may hold the lock, and how long the others wait for it.
LOCK_SECONDS = 300
WAIT_SECONDS = 60.0
POLL_SECONDS = 0.1


def bump(waves: QuerySet[Wave]) -> None:
    """A new data version for `waves`; call it inside the transaction of the change."""
    waves.update(data_version=uuid.uuid4())


@dataclass
class Stored:
    """An evaluation (None below two complete interviews) and when it was computed."""

    evaluation: Evaluation | None
    computed_at: datetime
    version: str


def _key(wave: Wave) -> str:
    return f"{PREFIX}:{wave.pk}:{wave.data_version}"


def _compute(wave: Wave, key: str) -> Stored:
    stored = Stored(evaluate_wave(wave), timezone.now(), str(wave.data_version))
    cache.set(key, stored, TIMEOUT)
    return stored


#: The results this thread read last, by key: a key names one data version, so what it holds
#: never changes, and reading it from the cache again costs more than the rest of a page (a
#: state's wave is a megabyte of pickled objects). Per thread, because `_relabel` writes the
#: names of the reader's language into the object.
_read = threading.local()
MEMO_SIZE = 4


def forget() -> None:
    """Drop this thread's copies (for tests that clear the cache)."""
    _read.__dict__.pop("results", None)


def _load(wave: Wave) -> Stored:
    key = _key(wave)
    memo: OrderedDict[str, Stored] = _read.__dict__.setdefault("results", OrderedDict())
    if key in memo:
        memo.move_to_end(key)
        return memo[key]
    stored = _fetch(wave, key)
    memo[key] = stored
    while len(memo) > MEMO_SIZE:
        memo.popitem(last=False)
    return stored


def _fetch(wave: Wave, key: str) -> Stored:
    stored: Stored | None = cache.get(key)
    if stored is not None:
        return stored
    lock = f"{key}:lock"
    if cache.add(lock, 1, LOCK_SECONDS):
        try:
            return _compute(wave, key)
        finally:
            cache.delete(lock)
    # Someone else computes this version: wait for it rather than compute it again.
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)
        stored = cache.get(key)
        if stored is not None:
            return stored
        if cache.get(lock) is None:
            break  # the other one gave up (an error): compute it here
    return _compute(wave, key)


def _relabel(evaluation: Evaluation, wave: Wave, *, names: bool) -> None:
    """Today's field names (in the active language) and association names; without `names`
    the association names are blanked (a page that shows none need not read 3,000 of
    them, and must not show the ones stored at computation, which an erasure may since
    have removed)."""
    fields = {f.key: str(f) for f in wave.instrument.fields.all()}
    data = evaluation.data
    data.field_names = [
        fields.get(k, n) for k, n in zip(data.field_keys, data.field_names, strict=True)
    ]
    if names:
        organisations = dict(
            Organisation.objects.filter(needs_interviews__wave=wave).values_list("pk", "name")
        )
        data.organisation_names = [
            organisations.get(o, n)
            for o, n in zip(data.organisation_ids, data.organisation_names, strict=True)
        ]
    else:
        data.organisation_names = [""] * len(data.organisation_ids)
    for result in evaluation.fields:
        result.name = data.field_names[result.index]
    for cluster in evaluation.clusters:
        cluster.member_names = [data.organisation_names[r] for r in cluster.members]
        cluster.order_names = [data.field_names[i] for i in cluster.field_order]
    for candidates in evaluation.multipliers.values():
        for candidate in candidates:
            candidate.organisation_name = data.organisation_names[candidate.row]


def stored_evaluation(wave: Wave, *, names: bool = True) -> Stored:
    """The wave's evaluation for its current data version, computed only on the first ask;
    `names=False` for a reader that shows no association's name (they are left blank).

    `wave` must have been read from the database for this request (its `data_version`
    decides which result is served)."""
    stored = _load(wave)
    if stored.evaluation is not None:
        _relabel(stored.evaluation, wave, names=names)
    return stored


def stored_part(
    wave: Wave, rows: Iterable[int], compute: Callable[[], Evaluation | None]
) -> Evaluation | None:
    """The evaluation of part of the wave's answers (`rows`: the organisations whose
    interviews count, as the council report reads a wave as of a past day), computed by
    `compute` once per data version and part, like the whole wave's."""
    part = hashlib.sha256(",".join(map(str, sorted(rows))).encode()).hexdigest()[:24]
    key = f"{_key(wave)}:part:{part}"
    found: Stored | None = cache.get(key)
    if found is None:
        found = Stored(compute(), timezone.now(), str(wave.data_version))
        cache.set(key, found, TIMEOUT)
    if found.evaluation is not None:
        _relabel(found.evaluation, wave, names=True)
    return found.evaluation


def stored_chart(
    wave: Wave, kind: str, parts: Sequence[object], draw: Callable[[], Chart]
) -> Chart:
    """The chart `kind` of the wave's stored evaluation, drawn once per data version,
    language and the words it shows (`parts`: its labels and whatever else it depends on)."""
    words = hashlib.sha256(repr(list(parts)).encode()).hexdigest()[:24]
    key = f"{_key(wave)}:chart:{kind}:{translation.get_language()}:{words}"
    chart: Chart | None = cache.get(key)
    if chart is None:
        chart = draw()
        cache.set(key, chart, TIMEOUT)
    return chart
