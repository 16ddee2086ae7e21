"""The timing of bot.chat.answer on a manual clock (tests/e2e/test_deadlines.py drives it in Discord)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from bot.chat.answer import ANSWER_WITHIN, await_in_time, or_nothing
from bot.clock import ManualClock


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(datetime(2026, 3, 27, 9, 0, tzinfo=UTC))


class Work:
    """Work that finishes when the test says so."""

    def __init__(self, result: object = "page") -> None:
        self.done = asyncio.Event()
        self.finished = False
        self.cancelled = False
        self.result = result

    async def __call__(self) -> object:
        try:
            await self.done.wait()
        except asyncio.CancelledError:
            self.cancelled = True
            raise
        self.finished = True
        return self.result


async def until(condition) -> None:
    """Let the other tasks run until ``condition()`` holds (a few loop turns; nothing here waits for time)."""
    for _ in range(100):
        if condition():
            return
        await asyncio.sleep(0)
    raise AssertionError("never happened")


async def test_quick_work_is_answered_without_deferring(clock):
    deferrals: list[str] = []

    async def late() -> None:
        deferrals.append("deferred")

    work = Work()
    work.done.set()
    assert await await_in_time(clock, work(), late) == "page"
    assert deferrals == []
    assert clock.sleepers == 0  # the timer is gone with the answer


async def test_slow_work_is_deferred_once_then_answered(clock):
    deferrals: list[datetime] = []

    async def late() -> None:
        deferrals.append(clock.now())

    work = Work()
    answer = asyncio.ensure_future(await_in_time(clock, work(), late))
    await until(lambda: clock.sleepers == 1)
    clock.advance(ANSWER_WITHIN - 0.1)
    await asyncio.sleep(0)
    assert deferrals == []
    clock.advance(0.1)
    await until(lambda: deferrals)
    clock.advance(60)
    work.done.set()
    assert await answer == "page"
    assert deferrals == [datetime(2026, 3, 27, 9, 0, 2, tzinfo=UTC)]


async def test_a_failed_deferral_lets_the_work_finish_and_is_the_error_raised(clock):
    """The interaction expired anyway: the work (perhaps a write) is not cut in half, and the deferral's error is
    what the error handler hears about."""

    tried: list[bool] = []

    async def late() -> None:
        tried.append(True)
        raise RuntimeError("Unknown interaction")

    work = Work()
    answer = asyncio.ensure_future(await_in_time(clock, work(), late))
    await until(lambda: clock.sleepers == 1)
    clock.advance(ANSWER_WITHIN)
    await until(lambda: tried)
    await asyncio.sleep(0)
    assert not answer.done()  # waiting for the work
    work.done.set()
    with pytest.raises(RuntimeError, match="Unknown interaction"):
        await answer
    assert work.finished
    assert not work.cancelled


async def test_an_autocomplete_gives_nothing_in_time_and_stops_its_query(clock):
    work = Work(result=["Harbour ferry"])
    answer = asyncio.ensure_future(or_nothing(clock, work()))
    await until(lambda: clock.sleepers == 1)
    clock.advance(ANSWER_WITHIN)
    assert await answer == []
    await until(lambda: work.cancelled)
    quick = Work(result=["Harbour ferry"])
    quick.done.set()
    assert await or_nothing(clock, quick()) == ["Harbour ferry"]
