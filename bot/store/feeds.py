"""The feeds table's subscriptions: a feed added, read, listed, renamed, moved, unpaused or removed.

Polling a feed (its entries and state stored, due feeds taken by lease, a poll's result recorded by the
lease's holder) is :mod:`bot.store.feedpolls`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.errors import NewsdigestError
from bot.logs import redact
from bot.models import Feed, SourceKind
from bot.store.constraints import INTEGRITY_ERRORS, is_unique_violation
from bot.store.db import Database, opt_time, to_db_time
from bot.store.sqltypes import Conn, Row

FEED_COLUMNS = (
    "id, source_id, url, title, guild_id, channel_id, etag, last_modified, interval_s, next_poll_at,"
    " last_success_at, last_error, last_error_at, failures, paused, pause_notified, full_text, created_at,"
    " backlog_stored"
)


class FeedExistsError(NewsdigestError):
    """The feed is already subscribed."""


def row_to_feed(row: Row) -> Feed:
    """Build a Feed from a row selected with the feed columns."""
    created = opt_time(row["created_at"])
    assert created is not None  # noqa: S101 - the column is NOT NULL
    return Feed(
        id=row["id"],
        source_id=row["source_id"],
        url=row["url"],
        title=row["title"],
        guild_id=row["guild_id"],
        channel_id=row["channel_id"],
        etag=row["etag"],
        last_modified=row["last_modified"],
        interval_s=row["interval_s"],
        next_poll_at=opt_time(row["next_poll_at"]),
        last_success_at=opt_time(row["last_success_at"]),
        # Errors are recorded redacted; one an older release recorded may still hold a URL's password.
        last_error=redact(row["last_error"]) if row["last_error"] else row["last_error"],
        last_error_at=opt_time(row["last_error_at"]),
        failures=row["failures"],
        paused=bool(row["paused"]),
        pause_notified=bool(row["pause_notified"]),
        full_text=bool(row["full_text"]),
        created_at=created,
        backlog_stored=bool(row["backlog_stored"]),
    )


@dataclass(frozen=True, slots=True)
class NewFeed:
    """A subscription about to be stored."""

    url: str
    title: str | None = None
    guild_id: int | None = None
    channel_id: int | None = None
    full_text: bool = False
    interval: timedelta = timedelta(minutes=15)


async def add_feed(
    db: Database,
    url: str,
    *,
    now: datetime,
    guild_id: int | None = None,
    channel_id: int | None = None,
    full_text: bool = False,
    title: str | None = None,
    interval: timedelta = timedelta(minutes=15),
) -> Feed:
    """Subscribe to a feed without fetching it: due now, and its first successful poll is its backlog.

    Raises:
        FeedExistsError: if the URL is already subscribed.
        StoreError: if SQLite refuses.
    """
    new = NewFeed(url, title, guild_id, channel_id, full_text, interval)
    feed_id = await db.write(lambda conn: insert_feed(conn, new, now, next_poll_at=now))
    feed = await get_feed(db, feed_id)
    assert feed is not None  # noqa: S101 - inserted just above
    return feed


def insert_feed(conn: Conn, new: NewFeed, now: datetime, *, next_poll_at: datetime) -> int:
    """Insert the feed's source (if new) and the feed row, translating a taken URL into FeedExistsError."""
    created = to_db_time(now)
    conn.execute(
        "INSERT OR IGNORE INTO sources (kind, name, location, created_at) VALUES (?, ?, ?, ?)",
        (SourceKind.FEED.value, new.title or redact(new.url), new.url, created),  # a name is shown: no password
    )
    source_id = conn.execute("SELECT id FROM sources WHERE location = ?", (new.url,)).fetchone()[0]
    try:
        cur = conn.execute(
            "INSERT INTO feeds (source_id, url, title, guild_id, channel_id, interval_s, next_poll_at, full_text,"
            " created_at, backlog_stored) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
            (
                source_id,
                new.url,
                new.title,
                new.guild_id,
                new.channel_id,
                int(new.interval.total_seconds()),
                to_db_time(next_poll_at),
                int(new.full_text),
                created,
            ),
        )
    except INTEGRITY_ERRORS as exc:
        # The URL (or its source) is taken: told by SQLite's error code, not by the wording of its message.
        if is_unique_violation(exc):
            raise FeedExistsError(f"already subscribed to {redact(new.url)}") from None
        raise
    assert cur.lastrowid is not None  # noqa: S101 - an INSERT always sets it
    return cur.lastrowid


async def get_feed(db: Database, feed_id: int) -> Feed | None:
    """Return one feed by id."""
    row = await db.fetchone(f"SELECT {FEED_COLUMNS} FROM feeds WHERE id = ?", (feed_id,))  # noqa: S608
    return None if row is None else row_to_feed(row)


async def get_feed_by_url(db: Database, url: str) -> Feed | None:
    """Return the feed subscribed at ``url``."""
    row = await db.fetchone(f"SELECT {FEED_COLUMNS} FROM feeds WHERE url = ?", (url,))  # noqa: S608
    return None if row is None else row_to_feed(row)


async def list_feeds(db: Database, *, guild_id: int | None = None) -> list[Feed]:
    """Return every feed, or a guild's plus those added from the command line (no guild), oldest first."""
    if guild_id is None:
        rows = await db.fetchall(f"SELECT {FEED_COLUMNS} FROM feeds ORDER BY id")  # noqa: S608
    else:
        rows = await db.fetchall(
            f"SELECT {FEED_COLUMNS} FROM feeds WHERE guild_id = ? OR guild_id IS NULL ORDER BY id",  # noqa: S608
            (guild_id,),
        )
    return [row_to_feed(r) for r in rows]


async def remove_feed(db: Database, feed_id: int) -> bool:
    """Unsubscribe; the articles it brought stay. Return whether a feed was removed."""
    async with db.transaction() as conn:
        cur = await conn.execute("DELETE FROM feeds WHERE id = ?", (feed_id,))
        return cur.rowcount > 0


async def resume_feed(db: Database, feed_id: int, now: datetime) -> None:
    """Unpause a feed and poll it at once."""
    await db.execute(
        "UPDATE feeds SET paused = 0, pause_notified = 0, failures = 0, next_poll_at = ? WHERE id = ?",
        (to_db_time(now), feed_id),
    )


async def update_url(db: Database, feed_id: int, new_url: str) -> bool:
    """Move a feed to the URL it permanently redirects to; False if another feed already has that URL."""
    try:
        async with db.transaction() as conn:
            await conn.execute("UPDATE feeds SET url = ? WHERE id = ?", (new_url, feed_id))
            await conn.execute(
                "UPDATE sources SET location = ? WHERE id = (SELECT source_id FROM feeds WHERE id = ?)",
                (new_url, feed_id),
            )
    except INTEGRITY_ERRORS:
        return False
    return True


async def rename_feed(db: Database, feed_id: int, title: str) -> None:
    """Set a feed's title, and its source's display name with it."""
    await db.write(lambda conn: rename_in(conn, feed_id, title))


def rename_in(conn: Conn, feed_id: int, title: str) -> None:
    """Set a feed's title and its source's name inside a write (a poll's, or :func:`rename_feed`'s)."""
    conn.execute("UPDATE feeds SET title = ? WHERE id = ?", (title, feed_id))
    conn.execute("UPDATE sources SET name = ? WHERE id = (SELECT source_id FROM feeds WHERE id = ?)", (title, feed_id))


async def set_full_text(db: Database, feed_id: int, on: bool) -> None:
    """Turn fetching the article page for teaser-only entries on or off for one feed."""
    await db.execute("UPDATE feeds SET full_text = ? WHERE id = ?", (int(on), feed_id))
