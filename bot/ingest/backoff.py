"""When to poll a feed next: its interval with jitter after success, doubling back-off after failure."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

MIN_INTERVAL = timedelta(minutes=5)
BACKOFF_BASE = timedelta(minutes=15)
BACKOFF_MAX = timedelta(hours=24)
JITTER = 0.1  # up to a tenth of the interval later, so feeds added together do not poll together forever

_rng = random.Random()  # noqa: S311 - spreading load, not security


def interval_for(interval_s: int | float) -> timedelta:
    """Return a feed's polling interval, never below the minimum."""
    return max(MIN_INTERVAL, timedelta(seconds=interval_s))


def next_poll_after_success(now: datetime, interval_s: int | float, rng: random.Random | None = None) -> datetime:
    """Return the next poll time: the interval plus up to 10% jitter."""
    interval = interval_for(interval_s)
    return now + interval + interval * (JITTER * (rng or _rng).random())


def backoff_delay(failures: int) -> timedelta:
    """Return the wait after ``failures`` failures in a row: 15 minutes doubling, at most 24 hours."""
    if failures <= 0:
        return timedelta(0)
    delay: timedelta = BACKOFF_BASE * (2 ** min(failures - 1, 20))
    return min(BACKOFF_MAX, delay)


def next_poll_after_failure(now: datetime, failures: int, retry_after: float | None = None) -> datetime:
    """Return the next poll time after a failure; a server's Retry-After is honoured when it asks for longer."""
    delay = backoff_delay(failures)
    if retry_after is not None:
        delay = max(delay, min(timedelta(seconds=retry_after), timedelta(days=7)))
    return now + delay
