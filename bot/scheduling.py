"""Daily schedule arithmetic in a schedule's IANA zone: next run, slot ids, catch-up after downtime.

Computed by hand with ``zoneinfo`` because ``tasks.loop(time=...)`` has had DST and non-UTC bugs.
Rules: a local time that does not exist on a day (the spring-forward gap) runs once, at the first valid
instant after the gap opens; an ambiguous local time (fall back) runs once, at its first occurrence.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.config import parse_hhmm


@dataclass(frozen=True, slots=True)
class Slot:
    """One daily post: the local day it belongs to and the UTC instant it is due."""

    day: date
    at: datetime

    @property
    def id(self) -> str:
        """Return the slot id stored with the delivery: the schedule's local date."""
        return self.day.isoformat()


class CatchUp(StrEnum):
    """What to do with a slot whose time has passed."""

    POST = "post"
    SKIP = "skip"


def _wall(hhmm: str) -> time:
    text = parse_hhmm(hhmm)
    return time(int(text[:2]), int(text[3:]))


def run_at(day: date, hhmm: str, zone: ZoneInfo) -> datetime:
    """Return the UTC instant of ``hhmm`` local time on ``day`` in ``zone``.

    Ambiguous times take their first occurrence (fold=0); times inside a gap take the end of the gap.
    """
    naive = datetime.combine(day, _wall(hhmm))
    first = naive.replace(tzinfo=zone, fold=0)
    utc = first.astimezone(UTC)
    if utc.astimezone(zone).replace(tzinfo=None) == naive:
        return utc
    # In a gap: fold=0 and fold=1 land on either side of the transition; find the transition instant,
    # the first UTC moment whose local wall time is at or after the wanted one.
    other = naive.replace(tzinfo=zone, fold=1).astimezone(UTC)
    low, high = int(min(utc, other).timestamp()), int(max(utc, other).timestamp())
    while high - low > 1:
        mid = (low + high) // 2
        if datetime.fromtimestamp(mid, zone).replace(tzinfo=None) >= naive:
            high = mid
        else:
            low = mid
    return datetime.fromtimestamp(high, UTC)


def _local_day(moment: datetime, zone: ZoneInfo) -> date:
    return moment.astimezone(zone).date()


def latest_slot(hhmm: str, zone: ZoneInfo, now: datetime) -> Slot:
    """Return the most recent slot due at or before ``now``."""
    day = _local_day(now, zone) + timedelta(days=1)
    while True:
        at = run_at(day, hhmm, zone)
        if at <= now:
            return Slot(day, at)
        day -= timedelta(days=1)


def next_slot(hhmm: str, zone: ZoneInfo, now: datetime) -> Slot:
    """Return the first slot due strictly after ``now``."""
    day = _local_day(now, zone) - timedelta(days=1)
    while True:
        at = run_at(day, hhmm, zone)
        if at > now:
            return Slot(day, at)
        day += timedelta(days=1)


def catch_up(slot: Slot, now: datetime, grace: timedelta) -> CatchUp:
    """Decide whether a slot that came while the bot was away is still worth posting."""
    return CatchUp.POST if now - slot.at <= grace else CatchUp.SKIP
