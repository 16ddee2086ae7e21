"""The clock's one sleep-or-stop helper, on a manual clock: no real waiting."""

import asyncio
from datetime import UTC, datetime

from bot.clock import ManualClock, sleep_unless_stopped

START = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)


async def asleep(clock: ManualClock) -> None:
    """Let the helper's task start its sleep on the clock."""
    for _ in range(100):
        if clock.sleepers:
            return
        await asyncio.sleep(0)
    raise AssertionError("nothing sleeps on the clock")


async def test_sleeps_the_whole_time_when_not_stopped():
    clock = ManualClock(START)
    stop = asyncio.Event()
    task = asyncio.create_task(sleep_unless_stopped(clock, 60, stop))
    await asleep(clock)
    clock.advance(59)
    await asyncio.sleep(0)
    assert not task.done()
    clock.advance(1)
    assert await asyncio.wait_for(task, 1) is False


async def test_a_stop_ends_the_sleep_at_once_and_is_told():
    clock = ManualClock(START)
    stop = asyncio.Event()
    task = asyncio.create_task(sleep_unless_stopped(clock, 3600, stop))
    await asleep(clock)
    stop.set()
    assert await asyncio.wait_for(task, 1) is True
    assert clock.sleepers == 0  # the sleeper was cancelled, not left behind


async def test_without_a_stop_event_it_is_a_plain_sleep():
    clock = ManualClock(START)
    task = asyncio.create_task(sleep_unless_stopped(clock, 5, None))
    await asleep(clock)
    clock.advance(5)
    assert await asyncio.wait_for(task, 1) is False
