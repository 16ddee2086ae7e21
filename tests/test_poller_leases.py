"""Several pollers on one database (both backends) against the local feed server: each feed fetched once per
due time, and the feeds of a poller that took them and died polled by another once its lease runs out."""

from __future__ import annotations

import asyncio
from contextlib import AsyncExitStack
from datetime import timedelta

import pytest
from aiohttp import web
from feed_server import FeedServer, loopback_settings
from headless_run import handles

from bot.clock import ManualClock
from bot.config import Settings
from bot.ingest.fetch import Fetcher
from bot.ingest.leases import new_worker_id
from bot.ingest.poller import PollReport, poll_once
from bot.store import feedpolls as feed_polls
from bot.store import feeds as feed_store
from bot.store.db import Database

FEEDS = 24
LEASE = timedelta(minutes=5)


def rss(n: int) -> bytes:
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed {n}</title><link>https://x.example/</link>'
        f"<item><title>Story {n}</title><guid>urn:story:{n}</guid><description>Text of {n}.</description></item>"
        "</channel></rss>"
    ).encode()


def slow_feed(server: FeedServer, path: str, body: bytes) -> str:
    """A feed that answers after a short wait, so that pollers running together overlap in time."""

    async def handler(request: web.Request) -> web.StreamResponse:
        await asyncio.sleep(0.02)
        return web.Response(body=body, headers={"Content-Type": "application/rss+xml"})

    return server.route(path, handler)


async def add_feeds(db: Database, server: FeedServer, clock: ManualClock) -> list[str]:
    paths = [f"/feed{n}.xml" for n in range(FEEDS)]
    for n, path in enumerate(paths):
        if n % 6 == 5:
            server.status(path, 500)  # a failing feed: its failure is recorded, and frees it, as a success does
        else:
            slow_feed(server, path, rss(n))
        await feed_store.add_feed(db, server.url(path), now=clock.now())
    return paths


async def poll_together(dbs: list[Database], settings: Settings, clock: ManualClock) -> list[PollReport]:
    async with AsyncExitStack() as stack:
        fetchers = [await stack.enter_async_context(Fetcher(settings, clock)) for _ in dbs]
        workers = [new_worker_id() for _ in dbs]
        assert len(set(workers)) == len(workers)
        return list(
            await asyncio.gather(
                *(
                    poll_once(d, fetcher=f, settings=settings, clock=clock, worker=w)
                    for d, f, w in zip(dbs, fetchers, workers, strict=True)
                )
            )
        )


@pytest.mark.parametrize("pollers", [2, 4])
async def test_many_pollers_fetch_each_feed_once_per_due_time(db, server, clock, pollers):
    # Small batches, so that the pollers take turns many times in one pass.
    settings = loopback_settings(feed_concurrency=3, feed_lease=LEASE)
    paths = await add_feeds(db, server, clock)
    async with handles(db, pollers) as dbs:
        for due_time in (1, 2, 3):
            reports = await poll_together(dbs, settings, clock)
            assert {path: server.hits[path] for path in paths} == dict.fromkeys(paths, due_time)
            assert sum(r.polled for r in reports) == FEEDS  # every feed polled, by one poller
            polled = [o.feed_id for r in reports for o in r.outcomes]
            assert len(polled) == len(set(polled))
            assert sum(r.failed for r in reports) == FEEDS // 6
            rows = await db.fetchall("SELECT COUNT(*) AS n FROM feeds WHERE lease_worker IS NOT NULL")
            assert rows[0]["n"] == 0  # every result recorded, every lease freed
            # Nothing due until the next poll time, however often they look.
            assert sum(r.polled for r in await poll_together(dbs, settings, clock)) == 0
            clock.advance(timedelta(days=2).total_seconds())  # past every interval and every back-off


async def test_a_dead_pollers_feeds_are_taken_over_when_its_lease_runs_out(db, server, clock):
    settings = loopback_settings(feed_lease=LEASE)
    paths = await add_feeds(db, server, clock)
    # A poller takes every due feed and dies before fetching any: nothing ever frees its lease.
    taken = await feed_polls.take_due_feeds(db, clock.now(), "dead-host:1:dead", LEASE, 100)
    assert len(taken) == FEEDS
    assert await feed_polls.take_due_feeds(db, clock.now(), "other:2:x", LEASE, 100) == []
    assert await feed_polls.next_due_at(db) == clock.now() + LEASE  # the survivor knows when to look again
    async with handles(db, 2) as dbs:
        assert sum(r.polled for r in await poll_together(dbs, settings, clock)) == 0
        clock.advance((LEASE - timedelta(seconds=1)).total_seconds())
        assert sum(r.polled for r in await poll_together(dbs, settings, clock)) == 0
        assert sum(server.hits.values()) == 0
        clock.advance(1)  # the lease has run out
        reports = await poll_together(dbs, settings, clock)
    assert sum(r.polled for r in reports) == FEEDS
    assert {path: server.hits[path] for path in paths} == dict.fromkeys(paths, 1)
    rows = await db.fetchall(
        "SELECT COUNT(*) AS n FROM feeds WHERE lease_worker IS NOT NULL OR lease_until IS NOT NULL"
    )
    assert rows[0]["n"] == 0


async def test_taking_skips_paused_and_not_yet_due_feeds_and_marks_the_worker(db, clock):
    now = clock.now()
    due = await feed_store.add_feed(db, "https://a.example/feed", now=now)
    later = await feed_store.add_feed(db, "https://b.example/feed", now=now + timedelta(hours=1))
    paused = await feed_store.add_feed(db, "https://c.example/feed", now=now)
    await feed_polls.record_failure(
        db, paused.id, now=now, error="gone", failures=9, next_poll_at=now, paused=True, worker=None
    )
    taken = await feed_polls.take_due_feeds(db, now, "w:1:a", LEASE, 10)
    assert [f.id for f in taken] == [due.id]
    row = await db.fetchone("SELECT lease_worker, lease_until FROM feeds WHERE id = ?", (due.id,))
    assert row is not None
    assert row["lease_worker"] == "w:1:a"
    untaken = await db.fetchone("SELECT lease_worker FROM feeds WHERE id = ?", (later.id,))
    assert untaken is not None
    assert untaken["lease_worker"] is None
    # Recording the poll frees it; the next due time is then the recorded one.
    await feed_polls.record_success(
        db, due.id, now=now, next_poll_at=now + timedelta(minutes=15), etag=None, last_modified=None, worker="w:1:a"
    )
    row = await db.fetchone("SELECT lease_worker, lease_until FROM feeds WHERE id = ?", (due.id,))
    assert row is not None
    assert (row["lease_worker"], row["lease_until"]) == (None, None)
    assert await feed_polls.next_due_at(db) == now + timedelta(minutes=15)
    # A limit is a limit.
    for n in range(5):
        await feed_store.add_feed(db, f"https://d{n}.example/feed", now=now)
    assert len(await feed_polls.take_due_feeds(db, now, "w:2:b", LEASE, 3)) == 3
    assert len(await feed_polls.take_due_feeds(db, now, "w:3:c", LEASE, 10)) == 2


async def test_a_batch_slower_than_its_lease_is_renewed_and_never_taken_twice(db, server, clock):
    lease = timedelta(seconds=30)
    settings = loopback_settings(feed_lease=lease, feed_timeout=600.0)
    answer = asyncio.Event()

    async def slow(request: web.Request) -> web.StreamResponse:
        await answer.wait()  # answers only when the test says: several leases after it was asked
        return web.Response(body=rss(1), headers={"Content-Type": "application/rss+xml"})

    feed = await feed_store.add_feed(db, server.route("/slow.xml", slow), now=clock.now())
    async with (
        handles(db, 2) as (first, second),
        Fetcher(settings, clock) as fetcher,
        Fetcher(settings, clock) as other,
    ):
        polling = asyncio.create_task(poll_once(first, fetcher=fetcher, settings=settings, clock=clock, worker="a"))
        for _ in range(200):
            if server.hits["/slow.xml"]:
                break
            await asyncio.sleep(0.01)
        assert server.hits["/slow.xml"] == 1
        # Three leases pass while the fetch hangs; the heartbeat renews the lease every third of one.
        for beat in range(9):
            row = await second.fetchone("SELECT lease_until FROM feeds WHERE id = ?", (feed.id,))
            assert row is not None
            # The last renewal may have committed (seen below) before the heartbeat went back to sleep on the
            # clock: advancing before it sleeps would wake nobody, and its next beat would never come.
            for _ in range(400):
                if clock.sleepers:
                    break
                await asyncio.sleep(0.01)
            clock.advance(lease.total_seconds() / 3)
            for _ in range(400):
                renewed = await second.fetchone("SELECT lease_worker, lease_until FROM feeds WHERE id = ?", (feed.id,))
                assert renewed is not None
                if renewed["lease_until"] > row["lease_until"]:
                    break
                await asyncio.sleep(0.01)
            assert renewed["lease_worker"] == "a"
            assert renewed["lease_until"] > row["lease_until"], f"not renewed at beat {beat}"
            late = await poll_once(second, fetcher=other, settings=settings, clock=clock, worker="b")
            assert late.polled == 0  # still the slow poller's
        answer.set()
        report = await polling
    assert report.polled == 1
    assert report.failed == 0
    assert server.hits["/slow.xml"] == 1
    row = await db.fetchone("SELECT lease_worker, lease_until FROM feeds WHERE id = ?", (feed.id,))
    assert row is not None
    assert (row["lease_worker"], row["lease_until"]) == (None, None)


async def test_a_renewal_leaves_a_feed_another_took_to_it_and_counts_it(db, clock):
    lease = timedelta(seconds=30)
    feed = await feed_store.add_feed(db, "https://a.example/feed", now=clock.now())
    assert [f.id for f in await feed_polls.take_due_feeds(db, clock.now(), "stalled", lease, 5)] == [feed.id]
    clock.advance(lease.total_seconds())
    assert [f.id for f in await feed_polls.take_due_feeds(db, clock.now(), "other", lease, 5)] == [feed.id]
    # The stalled worker's next renewal finds the feed another's, and leaves it so.
    assert await feed_polls.renew_feed_leases(db, "stalled", [feed.id], clock.now(), lease) == 1
    row = await db.fetchone("SELECT lease_worker FROM feeds WHERE id = ?", (feed.id,))
    assert row is not None
    assert row["lease_worker"] == "other"
    assert await feed_polls.renew_feed_leases(db, "other", [feed.id], clock.now(), lease) == 0
    assert await feed_polls.renew_feed_leases(db, "other", [], clock.now(), lease) == 0
