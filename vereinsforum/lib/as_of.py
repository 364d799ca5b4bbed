"""The moment a report "as of" a day stands at: the end of that day, in local time.

Reports are dated by the day (`as_of`), rows by the day or by the moment. A row belongs to the
report when its day is no later than `as_of`, i.e. when its moment is before the first moment
of the next local day; comparing moments with `< cutoff(as_of)` keeps rows written late on
the day itself.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone


def cutoff(as_of: date | None) -> datetime:
    """The first moment after `as_of` (local time); now when there is no date."""
    if as_of is None:
        return timezone.now()
    return timezone.make_aware(datetime.combine(as_of + timedelta(days=1), time.min))
