"""The one heartbeat that renews leases (feed polls, drop files, posts in flight), on a manual clock."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

import pytest

from bot.clock import ManualClock
from bot.errors import DatabaseUnavailable
from bot.ingest.leases import beat_interval, heartbeat, keep_renewing

LEASE = timedelta(seconds=30)


async def run_loop() -> None:
    for _ in range(20):
        await asyncio.sleep(0)


class Renewals:
    """A renew callable that counts its calls and fails with the errors it is given, in order."""

    def __init__(self, *failures: Exception | None) -> None:
        self.calls = 0
        self.failures = list(failures)

    async def __call__(self) -> None:
        self.calls += 1
        if self.failures and (failure := self.failures.pop(0)) is not None:
            raise failure


async def test_renews_every_third_of_the_lease_and_stops_with_its_block(clock: ManualClock):
    renew = Renewals()
    async with heartbeat(renew, LEASE, clock, "the test's work"):
        await run_loop()
        assert renew.calls == 0  # nothing before the first beat
        clock.advance(9.9)
        await run_loop()
        assert renew.calls == 0
        clock.advance(0.1)
        await run_loop()
        assert renew.calls == 1
        for beat in range(2, 6):
            clock.advance(10)
            await run_loop()
            assert renew.calls == beat
    assert clock.sleepers == 0  # the loop ended with its block
    clock.advance(100)
    await run_loop()
    assert renew.calls == 5


async def test_failures_are_survived_said_once_and_an_outage_not_at_all(clock: ManualClock, caplog):
    caplog.set_level(logging.INFO, logger="bot.ingest.leases")
    renew = Renewals(RuntimeError("bug one"), RuntimeError("bug two"), None, DatabaseUnavailable("gone"), None)
    task = asyncio.create_task(keep_renewing(renew, LEASE, clock, "the posts in flight"))
    try:
        await run_loop()  # asleep till its first beat
        for calls in range(1, 6):
            clock.advance(10)
            await run_loop()
            assert renew.calls == calls  # each failure tried again at the next beat
    finally:
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    lines = [(r.levelname, r.getMessage()) for r in caplog.records]
    assert [level for level, _ in lines] == ["ERROR", "INFO", "INFO"]
    assert "renewing the leases of the posts in flight failed (RuntimeError: bug one)" in lines[0][1]
    assert caplog.records[0].exc_info is not None  # a bug keeps its traceback
    assert lines[1][1] == "renewing the leases of the posts in flight works again"
    # The outage (the fourth renewal) is the outage watcher's to say; its end only ends the failing spell.
    assert all("gone" not in text for _, text in lines)


def test_a_beat_is_a_third_of_the_lease_but_never_a_busy_loop():
    assert beat_interval(timedelta(minutes=1)) == 20
    assert beat_interval(timedelta(seconds=3)) == 1
    assert beat_interval(timedelta(seconds=0.3)) == 0.5
