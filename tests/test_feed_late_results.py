"""A poller that stalled past its feed lease and finishes late (both backends, two connections, a manual clock):
its result neither frees the lease another poller took since nor overwrites the state that poller recorded;
its entries are still stored, once."""

from __future__ import annotations

from datetime import timedelta

from feed_server import loopback_settings
from headless_run import handles

from bot.ingest.fetch import Fetcher
from bot.ingest.poller import poll_one
from bot.store import feedpolls as feed_polls
from bot.store import feeds as feed_store
from bot.store.db import Database

LEASE = timedelta(seconds=30)


def rss(*guids: str) -> bytes:
    items = "".join(
        f"<item><title>Story {g}</title><guid>urn:{g}</guid><description>Text of {g}.</description></item>"
        for g in guids
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Late</title><link>https://x.example/</link>'
        f"{items}</channel></rss>"
    ).encode()


async def lease_of(db: Database, feed_id: int) -> tuple[str | None, str | None]:
    row = await db.fetchone("SELECT lease_worker, lease_until FROM feeds WHERE id = ?", (feed_id,))
    assert row is not None
    return row["lease_worker"], row["lease_until"]


async def take_twice(stalled: Database, other: Database, clock, *urls: str) -> list[int]:
    """``stalled`` takes the feeds, its lease runs out, ``other`` takes them: the case of a poller frozen too long."""
    ids = [(await feed_store.add_feed(stalled, url, now=clock.now())).id for url in urls]
    assert [f.id for f in await feed_polls.take_due_feeds(stalled, clock.now(), "stalled", LEASE, 5)] == ids
    clock.advance(LEASE.total_seconds() - 1)
    assert await feed_polls.take_due_feeds(other, clock.now(), "other", LEASE, 5) == []  # still the first's
    clock.advance(1)
    assert [f.id for f in await feed_polls.take_due_feeds(other, clock.now(), "other", LEASE, 5)] == ids
    return ids


async def test_a_late_success_leaves_the_new_holders_lease_and_its_recorded_state(db, clock):
    async with handles(db, 2) as (stalled, other):
        [feed_id] = await take_twice(stalled, other, clock, "https://a.example/feed")
        held = await lease_of(other, feed_id)
        assert held[0] == "other"
        late = await feed_polls.record_success(
            stalled, feed_id, now=clock.now(), next_poll_at=clock.now(), etag='"old"', last_modified=None,
            worker="stalled",
        )  # fmt: skip
        assert late is False
        assert await lease_of(other, feed_id) == held  # the other's lease is untouched: nobody else takes the feed
        assert await feed_polls.take_due_feeds(stalled, clock.now(), "third", LEASE, 5) == []
        feed = await feed_store.get_feed(other, feed_id)
        assert feed is not None
        assert (feed.etag, feed.last_success_at) == (None, None)
        # The holder's own result is recorded and frees the feed.
        later = clock.now() + timedelta(minutes=15)
        assert await feed_polls.record_success(
            other, feed_id, now=clock.now(), next_poll_at=later, etag='"new"', last_modified=None, worker="other"
        )
        assert await lease_of(stalled, feed_id) == (None, None)
        feed = await feed_store.get_feed(stalled, feed_id)
        assert feed is not None
        assert (feed.etag, feed.next_poll_at, feed.last_success_at) == ('"new"', later, clock.now())


async def test_a_late_failure_after_the_other_finished_changes_nothing(db, clock):
    async with handles(db, 2) as (stalled, other):
        [feed_id] = await take_twice(stalled, other, clock, "https://b.example/feed")
        later = clock.now() + timedelta(minutes=15)
        assert await feed_polls.record_success(
            other, feed_id, now=clock.now(), next_poll_at=later, etag='"new"', last_modified="Mon", worker="other"
        )
        before = await feed_store.get_feed(other, feed_id)
        clock.advance(5)
        # The stalled poller's fetch failed long ago and would have paused the feed: it must not now.
        late = await feed_polls.record_failure(
            stalled, feed_id, now=clock.now(), error="timeout", failures=99, next_poll_at=clock.now(), paused=True,
            worker="stalled",
        )  # fmt: skip
        assert late is False
        assert await feed_store.get_feed(other, feed_id) == before
        assert before is not None
        assert (before.failures, before.paused, before.last_error, before.etag) == (0, False, None, '"new"')
        assert await lease_of(stalled, feed_id) == (None, None)
        # A caller that took no lease records on a free feed only.
        assert await feed_polls.record_failure(
            stalled, feed_id, now=clock.now(), error="gone", failures=1, next_poll_at=later, paused=False, worker=None
        )
        await feed_polls.take_due_feeds(other, later, "other", LEASE, 5)
        assert not await feed_polls.record_failure(
            stalled, feed_id, now=later, error="gone", failures=2, next_poll_at=later, paused=False, worker=None
        )


async def test_a_lease_run_out_but_not_taken_is_still_its_holders(db, clock):
    feed = await feed_store.add_feed(db, "https://c.example/feed", now=clock.now())
    await feed_polls.take_due_feeds(db, clock.now(), "slow", LEASE, 5)
    clock.advance(LEASE.total_seconds() * 3)  # run out, but no one took the feed: this result is the newest
    assert await feed_polls.record_failure(
        db, feed.id, now=clock.now(), error="HTTP 500", failures=1, next_poll_at=clock.now(), paused=False,
        worker="slow",
    )  # fmt: skip
    assert await lease_of(db, feed.id) == (None, None)


async def test_a_late_poller_stores_its_entries_once_but_not_its_validators(db, server, clock):
    url = server.bytes("/late.xml", rss("one", "two"), ETag='"late"')
    bad = server.status("/broken.xml", 500)
    settings = loopback_settings(feed_lease=LEASE)
    async with handles(db, 2) as (stalled, other), Fetcher(settings, clock) as fetcher:
        feed_id, broken_id = await take_twice(stalled, other, clock, url, bad)
        taken = {f.id: f for f in await feed_store.list_feeds(stalled)}
        outcome = await poll_one(
            stalled, taken[feed_id], fetcher=fetcher, settings=settings, clock=clock, worker="stalled"
        )
        assert outcome.ok
        assert outcome.report.new == 2  # the entries are kept: the other poller may never see them
        feed = await feed_store.get_feed(other, feed_id)
        assert feed is not None
        assert (feed.etag, feed.backlog_stored, feed.last_success_at) == (None, False, None)
        assert (await lease_of(other, feed_id))[0] == "other"
        failed = await poll_one(
            stalled, taken[broken_id], fetcher=fetcher, settings=settings, clock=clock, worker="stalled"
        )
        assert not failed.ok
        assert not failed.paused
        broken = await feed_store.get_feed(other, broken_id)
        assert broken is not None
        assert (broken.failures, broken.last_error) == (0, None)
        assert (await lease_of(other, broken_id))[0] == "other"
        # The holder polls: the entries are known now (nothing new, nothing stored twice), and its state is the one
        # recorded.
        taken = {f.id: f for f in await feed_store.list_feeds(other)}
        mine = await poll_one(other, taken[feed_id], fetcher=fetcher, settings=settings, clock=clock, worker="other")
        assert mine.ok
        assert (mine.report.new, mine.report.duplicate) == (0, 0)
        feed = await feed_store.get_feed(stalled, feed_id)
        assert feed is not None
        assert (feed.etag, feed.last_success_at) == ('"late"', clock.now())
        assert await lease_of(stalled, feed_id) == (None, None)
    rows = await db.fetchall("SELECT COUNT(*) AS n FROM articles")
    assert rows[0]["n"] == 2
