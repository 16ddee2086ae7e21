"""A lost database while the delivery loop runs (issue 14): a real SQLite file locked by another program at the
moment a post is due. The loop keeps running, tries again with exponential back-off on the injected clock, says
so once (one warning, one info line, no traceback), and posts once the file is free: nothing lost, nothing twice.
The feed poller, started while the file is locked, waits the same way and polls after.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from datetime import UTC, datetime, timedelta

import aiohttp
import psycopg
import pytest
from feed_server import loopback_settings
from psycopg_pool import PoolTimeout
from webhook_receiver import SLACK_PATH, serve_receiver

from bot.clock import ManualClock
from bot.config import Settings
from bot.delivery.scheduler import Scheduler
from bot.delivery.slack import SlackSink
from bot.errors import DatabaseUnavailable, StoreError
from bot.ingest import poller
from bot.ingest.fetch import Fetcher
from bot.ingest.subscribe import add_feed_and_backfill
from bot.models import Article, SourceKind
from bot.store import articles as repo
from bot.store import schedules
from bot.store.db import Database
from bot.store.outage import is_outage, outage_of
from bot.webhooks.urls import WebhookTarget

AT_0730 = datetime(2026, 3, 27, 6, 30, tzinfo=UTC)  # 07:30 in Berlin


def test_an_outage_is_told_from_a_bug():
    locked = sqlite3.OperationalError("database is locked")
    locked.sqlite_errorcode = sqlite3.SQLITE_BUSY  # type: ignore[attr-defined]
    syntax = sqlite3.OperationalError("no such column: nope")
    syntax.sqlite_errorcode = sqlite3.SQLITE_ERROR  # type: ignore[attr-defined]
    assert is_outage(locked)
    assert not is_outage(syntax)
    assert is_outage(DatabaseUnavailable("the PostgreSQL server cannot be used"))
    assert is_outage(psycopg.OperationalError("server closed the connection unexpectedly"))
    assert is_outage(PoolTimeout("couldn't get a connection after 10.00 sec"))
    wrapped = StoreError("database error")
    wrapped.__cause__ = locked
    assert is_outage(wrapped)
    assert not is_outage(StoreError("database error: syntax error at or near"))
    assert not is_outage(ValueError("a bug"))


async def wait_for(condition, what: str, within: float = 10.0) -> None:
    deadline = asyncio.get_running_loop().time() + within
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, what
        await asyncio.sleep(0.01)


async def test_a_locked_database_is_waited_out_with_back_off_said_once_and_the_post_goes_out_once(tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="bot")
    clock = ManualClock(AT_0730 - timedelta(minutes=30))
    path = tmp_path / "bot.db"
    db = await Database.open(path, busy_timeout_ms=50)
    holder: sqlite3.Connection | None = None
    async with serve_receiver(clock) as (rec, base), aiohttp.ClientSession() as session:
        await schedules.set_webhook_schedule(
            db,
            target=WebhookTarget.SLACK,
            url=base + SLACK_PATH,
            time="07:30",
            timezone="Europe/Berlin",
            topic=None,
            now=clock.now(),
        )
        source = await repo.get_or_create_source(db, SourceKind.FEED, "Wire", "https://wire.example/f", clock.now())
        await repo.add_article(db, source, Article(title="Ferry times change", body=("They change.",)), clock.now())
        outage = outage_of(db, clock, most=8.0)
        scheduler = Scheduler(db, Settings(), clock, [SlackSink(db, clock, session, allow_loopback=True)])
        task = asyncio.create_task(scheduler.run())
        try:
            await wait_for(lambda: scheduler.rounds >= 1 and clock.sleepers >= 1, "the first round")
            # Another program takes the write lock just as the post falls due.
            holder = sqlite3.connect(path, isolation_level=None)
            holder.execute("BEGIN IMMEDIATE")
            clock.set(AT_0730)
            await wait_for(lambda: outage.ongoing and clock.sleepers >= 1, "the loop meets the lock")
            for step in range(6):  # tries at +1, +2, +4, +8, +8, +8 s: exponential, capped at DATABASE_RETRY
                await wait_for(lambda n=step: len(outage.waits) == n + 1 and clock.sleepers >= 1, f"try {step}")
                clock.advance(outage.waits[-1])
            await wait_for(lambda: len(outage.waits) == 7 and clock.sleepers >= 1, "still waiting")
            assert outage.waits == [1.0, 2.0, 4.0, 8.0, 8.0, 8.0, 8.0]
            assert rec.received == []
            holder.execute("ROLLBACK")  # the file is free again
            clock.advance(8.0)
            await wait_for(lambda: len(rec.received) == 1, "the post goes out once the database is back")
            await wait_for(lambda: not outage.ongoing and clock.sleepers >= 1, "the loop sleeps again")
            clock.advance(120)
            await asyncio.sleep(0.2)
        finally:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
            if holder is not None:
                holder.close()
            row = await db.fetchone("SELECT status, lease_worker FROM deliveries")
            await db.close()
    assert len(rec.received) == 1
    assert row is not None
    assert row[0] == "sent"
    assert row[1] == scheduler.owner.worker
    said = [r for r in caplog.records if r.name.startswith("bot")]
    lost = [r for r in said if "cannot be reached" in r.getMessage()]
    back = [r for r in said if "is back" in r.getMessage()]
    assert len(lost) == 1
    assert lost[0].levelno == logging.WARNING
    assert "locked" in lost[0].getMessage()
    assert len(back) == 1
    assert back[0].levelno == logging.INFO
    assert not [r for r in said if r.exc_info or r.levelno >= logging.ERROR]


@pytest.mark.parametrize("cancelled_first", [True, False])
async def test_loops_waiting_together_share_one_probe(tmp_path, caplog, cancelled_first):
    caplog.set_level(logging.INFO, logger="bot")
    clock = ManualClock(AT_0730)
    db = await Database.open(tmp_path / "bot.db")
    try:
        outage = outage_of(db, clock)
        error = DatabaseUnavailable("the database is locked by another program")
        waiters = [asyncio.create_task(outage.wait_until_back(error)) for _ in range(3)]
        await wait_for(lambda: clock.sleepers == 1, "one probe")
        if cancelled_first:  # a job stopped at shutdown must not stop the probe the others wait on
            waiters[0].cancel()
        clock.advance(1)
        await asyncio.wait_for(asyncio.gather(*waiters[1:]), 5)
    finally:
        await db.close()
    assert outage.outages == 1
    assert [r.levelname for r in caplog.records if "cannot be reached" in r.getMessage()] == ["WARNING"]
    assert len([r for r in caplog.records if "is back" in r.getMessage()]) == 1


async def test_the_feed_poller_waits_out_a_locked_database_and_polls_after(tmp_path, server, caplog):
    caplog.set_level(logging.INFO, logger="bot")
    clock = ManualClock(AT_0730)
    settings = loopback_settings()
    path = tmp_path / "bot.db"
    db = await Database.open(path, busy_timeout_ms=50)
    server.file("/feed.xml", "rss2.xml")
    await add_feed_and_backfill(db, server.url("/feed.xml"), settings=settings, clock=clock)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another program holds the write lock as the poller starts
    outage = outage_of(db, clock)
    stop = asyncio.Event()
    try:
        async with Fetcher(settings, clock) as fetcher:
            task = asyncio.create_task(poller.run(db, fetcher=fetcher, settings=settings, clock=clock, stop=stop))
            await wait_for(lambda: outage.ongoing and clock.sleepers >= 1, "the poller meets the lock")
            clock.advance(1)
            await wait_for(lambda: len(outage.waits) == 2 and clock.sleepers >= 1, "a second try")
            holder.execute("ROLLBACK")
            clock.advance(2)
            await wait_for(lambda: not outage.ongoing and clock.sleepers >= 1, "back, and the poller sleeps")
            before = server.hits["/feed.xml"]
            clock.advance(20 * 60)
            await wait_for(lambda: server.hits["/feed.xml"] == before + 1, "the feed is polled after the outage")
            stop.set()
            await asyncio.wait_for(task, 5)
    finally:
        holder.close()
        await db.close()
    said = [r for r in caplog.records if r.name.startswith("bot")]
    assert len([r for r in said if "cannot be reached" in r.getMessage()]) == 1
    assert len([r for r in said if "is back" in r.getMessage()]) == 1
    assert not [r for r in said if r.exc_info or r.levelno >= logging.ERROR]


class _LosesTheDatabaseOnce(SlackSink):
    """A webhook sink whose first read of its schedules meets a server gone away (as in test_pg_outage's race)."""

    lost = False

    async def targets(self):  # type: ignore[no-untyped-def]
        if not self.lost:
            self.lost = True
            raise DatabaseUnavailable("the PostgreSQL server cannot be used: terminating connection")
        return await super().targets()


async def test_a_sink_whose_own_read_meets_an_outage_waits_it_out_without_a_traceback(tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="bot")
    clock = ManualClock(AT_0730)
    db = await Database.open(tmp_path / "bot.db")
    try:
        async with aiohttp.ClientSession() as session:
            sink = _LosesTheDatabaseOnce(db, clock, session, allow_loopback=True)
            scheduler = Scheduler(db, Settings(), clock, [sink])
            outage = outage_of(db, clock)
            tick = asyncio.create_task(scheduler.tick())
            await wait_for(lambda: outage.ongoing and clock.sleepers >= 1, "the sink's read meets the outage")
            clock.advance(1)  # the probe finds the database again
            await asyncio.wait_for(tick, 5)
            assert scheduler._again  # the next round comes at once, and reads the targets again
            assert await sink.targets() == []
    finally:
        await db.close()
    said = [r for r in caplog.records if r.name.startswith("bot")]
    assert [r.levelname for r in said if "cannot be reached" in r.getMessage()] == ["WARNING"]
    assert len([r for r in said if "is back" in r.getMessage()]) == 1
    assert not [r for r in said if r.exc_info or r.levelno >= logging.ERROR]
