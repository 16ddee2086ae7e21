"""The one source of 'now': every component that needs the time is handed a Clock."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Tells the time and sleeps; real in production, manual in tests."""

    def now(self) -> datetime:
        """Return the current time as an aware UTC datetime."""
        ...

    async def sleep(self, seconds: float) -> None:
        """Wait for ``seconds`` of this clock's time."""
        ...


async def sleep_unless_stopped(clock: Clock, seconds: float, stop: asyncio.Event | None) -> bool:
    """Sleep ``seconds`` on ``clock``, or less if ``stop`` is set meanwhile; return whether it was set."""
    if stop is None:
        await clock.sleep(seconds)
        return False
    sleeper = asyncio.ensure_future(clock.sleep(seconds))
    stopper = asyncio.ensure_future(stop.wait())
    try:
        await asyncio.wait({sleeper, stopper}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        sleeper.cancel()
        stopper.cancel()
    return stop.is_set()


class SystemClock:
    """The wall clock."""

    def now(self) -> datetime:
        """Return the current aware UTC time."""
        return datetime.now(UTC)

    async def sleep(self, seconds: float) -> None:
        """Sleep on the event loop."""
        await asyncio.sleep(max(0.0, seconds))


class ManualClock:
    """A clock that only moves when told to; sleepers wake when time passes their deadline."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("ManualClock needs an aware datetime")
        self._now = start.astimezone(UTC)
        self._sleepers: list[tuple[datetime, asyncio.Future[None]]] = []

    def now(self) -> datetime:
        """Return the clock's current time."""
        return self._now

    async def sleep(self, seconds: float) -> None:
        """Wait until the clock has been advanced past now + seconds."""
        deadline = self._now + timedelta(seconds=max(0.0, seconds))
        if deadline <= self._now:
            await asyncio.sleep(0)
            return
        fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._sleepers.append((deadline, fut))
        await fut

    def advance(self, seconds: float) -> None:
        """Move time forward and wake every sleeper whose deadline has come."""
        self.set(self._now + timedelta(seconds=seconds))

    def set(self, when: datetime) -> None:
        """Jump to ``when`` (never backwards) and wake due sleepers."""
        when = when.astimezone(UTC)
        if when < self._now:
            raise ValueError("a clock does not go backwards")
        self._now = when
        due = [(d, f) for d, f in self._sleepers if d <= when]
        self._sleepers = [(d, f) for d, f in self._sleepers if d > when]
        for _, fut in due:
            if not fut.done():
                fut.set_result(None)

    @property
    def sleepers(self) -> int:
        """Return how many tasks are waiting on this clock."""
        return sum(1 for _, f in self._sleepers if not f.done())
