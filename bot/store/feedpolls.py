"""Polling the feeds table: due feeds taken by lease, a poll's entries and state stored, its result recorded.

Several pollers (processes, or tasks in one) share the table: each takes due feeds by lease
(:func:`take_due_feeds`), renews the leases of those it is still fetching (:func:`renew_feed_leases`), and
records each poll (:func:`store_poll`, :func:`record_success`, :func:`record_failure`) only while it holds the
feed's lease (:func:`_holder`). A subscription is stored with its first poll (:func:`subscribe`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.models import AddResult, Feed
from bot.store.db import Database, opt_time, to_db_time
from bot.store.entries import Entry, store_each
from bot.store.feeds import FEED_COLUMNS, NewFeed, get_feed, insert_feed, rename_in, row_to_feed
from bot.store.sqltypes import Conn


@dataclass(frozen=True, slots=True)
class Fetched:
    """What a successful fetch of a feed leaves to store: its entries and the validators for the next one."""

    entries: Sequence[Entry]
    etag: str | None
    last_modified: str | None
    next_poll_at: datetime
    title: str | None = None
    # Entries first seen long after their date (FEED_MAX_AGE): stored as backlog, never posted.
    stale: Sequence[Entry] = ()


async def subscribe(db: Database, new: NewFeed, fetched: Fetched, *, now: datetime) -> tuple[Feed, list[AddResult]]:
    """Store a subscription, its backlog (marked initial: never posted) and its validators in one transaction.

    A process stopped at any moment leaves either no subscription or all of it: never a feed that the poller
    would find with its backlog unstored, whose old entries would then flood the next digest.

    Raises:
        FeedExistsError: if the URL is already subscribed.
        StoreError: if SQLite refuses; nothing is stored then.
    """

    def work(conn: Conn) -> tuple[int, list[AddResult]]:
        feed_id = insert_feed(conn, new, now, next_poll_at=fetched.next_poll_at)
        source_id = conn.execute("SELECT source_id FROM feeds WHERE id = ?", (feed_id,)).fetchone()[0]
        results = store_each(conn, source_id, new.url, fetched.entries, now, initial=True)
        _succeeded(conn, feed_id, now, fetched)
        return feed_id, results

    feed_id, results = await db.write(work)
    feed = await get_feed(db, feed_id)
    assert feed is not None  # noqa: S101 - committed just above
    return feed, results


@dataclass(frozen=True, slots=True)
class StoredPoll:
    """What storing a poll did: each entry's result, whether they were the backlog, whether its state was recorded.

    ``recorded`` (validators, next poll) is False when the poller no longer held the feed.
    """

    results: list[AddResult]
    initial: bool
    recorded: bool


async def store_poll(db: Database, feed: Feed, fetched: Fetched, *, now: datetime, worker: str | None) -> StoredPoll:
    """Store a poll's new entries and, if ``worker`` still holds the feed, record its success; in one transaction.

    A feed whose backlog was never stored takes these entries as its backlog (``initial``): kept and
    searchable, never posted. The entries are stored even by a poller that lost the feed's lease (see
    :func:`_holder`): they are deduplicated by key, so storing them twice costs nothing, whereas dropping them
    could lose an entry the feed carried only when this poller fetched it. The poll's state is recorded only
    by the holder: this poller's validators written over another's would make the other's next conditional
    GET skip what only it has seen.

    Raises:
        StoreError: if SQLite refuses; nothing of this poll is stored then.
    """
    held, marks = _holder(worker)

    def work(conn: Conn) -> StoredPoll:
        row = conn.execute("SELECT backlog_stored FROM feeds WHERE id = ?", (feed.id,)).fetchone()
        initial = row is not None and not row[0]
        results = store_each(conn, feed.source_id, feed.url, fetched.stale, now, initial=True)
        results += store_each(conn, feed.source_id, feed.url, fetched.entries, now, initial=initial)
        recorded = row is not None and _succeeded(conn, feed.id, now, fetched, held, marks)
        if recorded and fetched.title and not feed.title:
            rename_in(conn, feed.id, fetched.title)
        return StoredPoll(results, initial, recorded)

    return await db.write(work)


def _succeeded(
    conn: Conn, feed_id: int, now: datetime, fetched: Fetched, held: str = "1 = 1", marks: tuple[str, ...] = ()
) -> bool:
    cur = conn.execute(
        "UPDATE feeds SET etag = ?, last_modified = ?, next_poll_at = ?, last_success_at = ?, failures = 0,"  # noqa: S608
        " last_error = NULL, pause_notified = 0, backlog_stored = 1, lease_worker = NULL, lease_until = NULL"
        f" WHERE id = ? AND {held}",
        (fetched.etag, fetched.last_modified, to_db_time(fetched.next_poll_at), to_db_time(now), feed_id, *marks),
    )
    return cur.rowcount > 0


# Due, and no worker's lease on it (or the lease ran out: its worker died or hangs). Two marks: now, now.
# feeds_due (paused, next_poll_at) serves it.
_DUE_AND_FREE = (
    "paused = 0 AND (next_poll_at IS NULL OR next_poll_at <= ?) AND (lease_until IS NULL OR lease_until <= ?)"
)


async def take_due_feeds(db: Database, now: datetime, worker: str, lease: timedelta, limit: int) -> list[Feed]:
    """Take up to ``limit`` due feeds for ``worker`` until ``now + lease``: each is the taker's alone till then.

    Taking is one statement in one transaction, so that however many workers ask at once a feed goes to one:
    on PostgreSQL ``FOR UPDATE SKIP LOCKED`` under READ COMMITTED (named in the transaction; a row another
    taker holds is skipped, and a row it just took no longer matches once re-read), on SQLite one IMMEDIATE
    write transaction, which serialises writers. Recording the poll (:func:`record_success`,
    :func:`record_failure`, :func:`store_poll`) frees the feed; a lease never freed runs out, and then another
    worker takes the feed. A feed is one row per URL, so a feed shared by many guilds is taken, and fetched,
    once for all of them.

    Raises:
        StoreError: if the database refuses; nothing is taken then.
    """
    moment, until = to_db_time(now), to_db_time(now + lease)
    lock = " FOR UPDATE SKIP LOCKED" if db.dialect == "postgresql" else ""
    sql = (
        "UPDATE feeds SET lease_worker = ?, lease_until = ? WHERE id IN ("  # noqa: S608 - constants only
        f"SELECT id FROM feeds WHERE {_DUE_AND_FREE} ORDER BY next_poll_at, id LIMIT ?{lock})"
        f" RETURNING {FEED_COLUMNS}"
    )
    async with db.transaction() as conn:
        if db.dialect == "postgresql":
            await conn.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED")
        cur = await conn.execute(sql, (worker, until, moment, moment, limit))
        rows = await cur.fetchall()
    feeds = [row_to_feed(r) for r in rows]
    return sorted(feeds, key=lambda f: (f.next_poll_at is not None, f.next_poll_at or now, f.id))


async def renew_feed_leases(db: Database, worker: str, feed_ids: Sequence[int], now: datetime, lease: timedelta) -> int:
    """Extend ``worker``'s leases on these feeds (those it is still fetching) to ``now + lease``.

    A feed whose poll was recorded meanwhile is free and stays so. Return how many of them another worker
    holds now: their leases ran out before this renewal (the worker stalled) and they were taken again.

    Raises:
        StoreError: if the database refuses.
    """
    if not feed_ids:
        return 0
    marks = ", ".join("?" for _ in feed_ids)

    def work(conn: Conn) -> int:
        conn.execute(
            f"UPDATE feeds SET lease_until = ? WHERE lease_worker = ? AND id IN ({marks})",  # noqa: S608 - marks only
            (to_db_time(now + lease), worker, *feed_ids),
        )
        row = conn.execute(
            f"SELECT COUNT(*) FROM feeds WHERE lease_worker <> ? AND id IN ({marks})",  # noqa: S608 - marks only
            (worker, *feed_ids),
        ).fetchone()
        return int(row[0])

    return await db.write(work)


async def next_due_at(db: Database) -> datetime | None:
    """Return when the next unpaused feed is due (a feed another worker holds: when its lease runs out)."""
    row = await db.fetchone(
        "SELECT MIN(CASE WHEN lease_until IS NOT NULL AND (next_poll_at IS NULL OR lease_until > next_poll_at)"
        " THEN lease_until ELSE next_poll_at END) AS due FROM feeds WHERE paused = 0"
    )
    return None if row is None else opt_time(row["due"])


def _holder(worker: str | None) -> tuple[str, tuple[str, ...]]:
    """Return the condition (and its values) that a poll's result is recorded under: ``worker`` holds the feed.

    A poller that stalled longer than FEED_LEASE (a hung event loop, a lost database, a suspended VM) may finish
    after another poller took the feed: the other's lease, and the state it records, are the feed's truth
    then, and a late result must neither free that lease (a third poller would fetch the feed meanwhile) nor
    overwrite the newer poll's validators, failures or pause. The holder is the worker named by the lease
    (even one run out: no one else took the feed then, so no newer result exists); ``None``, a caller that took
    no lease, records only on a feed no worker holds. The condition is part of the one UPDATE, so a take and a
    late record never both win: SQLite runs one writer at a time, and PostgreSQL (READ COMMITTED) re-reads a
    row another transaction changed before applying the condition to it.
    """
    if worker is None:
        return "lease_worker IS NULL", ()
    return "lease_worker = ?", (worker,)


async def record_success(
    db: Database,
    feed_id: int,
    *,
    now: datetime,
    next_poll_at: datetime,
    etag: str | None,
    last_modified: str | None,
    worker: str | None,
) -> bool:
    """Record a good poll by the feed's holder (see :func:`_holder`): validators, failures reset, lease freed.

    Return whether it was recorded: False when another worker took the feed meanwhile.
    """
    held, marks = _holder(worker)

    def work(conn: Conn) -> bool:
        cur = conn.execute(
            "UPDATE feeds SET etag = ?, last_modified = ?, next_poll_at = ?, last_success_at = ?, failures = 0,"  # noqa: S608
            f" last_error = NULL, pause_notified = 0, lease_worker = NULL, lease_until = NULL WHERE id = ? AND {held}",
            (etag, last_modified, to_db_time(next_poll_at), to_db_time(now), feed_id, *marks),
        )
        return cur.rowcount > 0

    return await db.write(work)


async def record_failure(
    db: Database,
    feed_id: int,
    *,
    now: datetime,
    error: str,
    failures: int,
    next_poll_at: datetime,
    paused: bool,
    worker: str | None,
) -> bool:
    """Record a failed poll by the feed's holder (see :func:`_holder`): its back-off, its pause, lease freed.

    Return whether it was recorded: False when another worker took the feed meanwhile (its own result counts).
    """
    held, marks = _holder(worker)

    def work(conn: Conn) -> bool:
        cur = conn.execute(
            "UPDATE feeds SET last_error = ?, last_error_at = ?, failures = ?, next_poll_at = ?, paused = ?,"  # noqa: S608
            f" lease_worker = NULL, lease_until = NULL WHERE id = ? AND {held}",
            (error, to_db_time(now), failures, to_db_time(next_poll_at), int(paused), feed_id, *marks),
        )
        return cur.rowcount > 0

    return await db.write(work)


async def claim_pause_notice(db: Database, feed_id: int) -> bool:
    """Mark a paused feed's owners as told; return True only for the one caller that should tell them."""
    async with db.transaction() as conn:
        cur = await conn.execute(
            "UPDATE feeds SET pause_notified = 1 WHERE id = ? AND paused = 1 AND pause_notified = 0", (feed_id,)
        )
        return cur.rowcount > 0
