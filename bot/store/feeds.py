"""The feeds table: subscriptions and their polling state, and storing a poll's entries in one transaction."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta

import aiosqlite

from bot.errors import NewsdigestError
from bot.ingest.urls import canonical_url
from bot.models import AddResult, Article, Feed, Source, SourceKind
from bot.store.articles import add_article_in, get_or_create_source
from bot.store.db import Database, opt_time, to_db_time, translate

# The digest's filter: an article stored from a feed's backlog when it was added is never posted.
# Use it as ``... WHERE <this> AND ...`` on a query whose articles table is aliased ``a``.

_COLUMNS = (
    "id, source_id, url, title, guild_id, channel_id, etag, last_modified, interval_s, next_poll_at,"
    " last_success_at, last_error, last_error_at, failures, paused, pause_notified, full_text, created_at"
)


class FeedExistsError(NewsdigestError):
    """The feed is already subscribed."""


def row_to_feed(row: sqlite3.Row) -> Feed:
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
        last_error=row["last_error"],
        last_error_at=opt_time(row["last_error_at"]),
        failures=row["failures"],
        paused=bool(row["paused"]),
        pause_notified=bool(row["pause_notified"]),
        full_text=bool(row["full_text"]),
        created_at=created,
    )


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
    """Subscribe to a feed (its source is the feed URL) and return it.

    Raises:
        FeedExistsError: if the URL is already subscribed.
        StoreError: if SQLite refuses.
    """
    if await get_feed_by_url(db, url) is not None:
        raise FeedExistsError(f"already subscribed to {url}")
    source = await get_or_create_source(db, SourceKind.FEED, title or url, url, now)
    try:
        feed_id = await db.execute(
            "INSERT INTO feeds (source_id, url, title, guild_id, channel_id, interval_s, next_poll_at, full_text,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                source.id,
                url,
                title,
                guild_id,
                channel_id,
                int(interval.total_seconds()),
                to_db_time(now),
                int(full_text),
                to_db_time(now),
            ),
        )
    except NewsdigestError as exc:
        if "UNIQUE" in str(exc):
            raise FeedExistsError(f"already subscribed to {url}") from None
        raise
    feed = await get_feed(db, feed_id)
    assert feed is not None  # noqa: S101 - inserted just above
    return feed


async def get_feed(db: Database, feed_id: int) -> Feed | None:
    """Return one feed by id."""
    row = await db.fetchone(f"SELECT {_COLUMNS} FROM feeds WHERE id = ?", (feed_id,))  # noqa: S608
    return None if row is None else row_to_feed(row)


async def get_feed_by_url(db: Database, url: str) -> Feed | None:
    """Return the feed subscribed at ``url``."""
    row = await db.fetchone(f"SELECT {_COLUMNS} FROM feeds WHERE url = ?", (url,))  # noqa: S608
    return None if row is None else row_to_feed(row)


async def list_feeds(db: Database, *, guild_id: int | None = None) -> list[Feed]:
    """Return every feed, or a guild's plus those added from the command line (no guild), oldest first."""
    if guild_id is None:
        rows = await db.fetchall(f"SELECT {_COLUMNS} FROM feeds ORDER BY id")  # noqa: S608
    else:
        rows = await db.fetchall(
            f"SELECT {_COLUMNS} FROM feeds WHERE guild_id = ? OR guild_id IS NULL ORDER BY id",  # noqa: S608
            (guild_id,),
        )
    return [row_to_feed(r) for r in rows]


async def remove_feed(db: Database, feed_id: int) -> bool:
    """Unsubscribe; the articles it brought stay. Return whether a feed was removed."""
    async with db.transaction() as conn:
        cur = await conn.execute("DELETE FROM feeds WHERE id = ?", (feed_id,))
        return cur.rowcount > 0


async def due_feeds(db: Database, now: datetime, limit: int = 500) -> list[Feed]:
    """Return the unpaused feeds whose next poll time has come, the longest waiting first."""
    rows = await db.fetchall(
        # feeds_due (paused, next_poll_at) serves this.
        f"SELECT {_COLUMNS} FROM feeds WHERE paused = 0 AND (next_poll_at IS NULL OR next_poll_at <= ?)"  # noqa: S608
        " ORDER BY next_poll_at LIMIT ?",
        (to_db_time(now), limit),
    )
    return [row_to_feed(r) for r in rows]


async def next_due_at(db: Database) -> datetime | None:
    """Return when the next unpaused feed is due."""
    row = await db.fetchone("SELECT MIN(next_poll_at) AS due FROM feeds WHERE paused = 0")
    return None if row is None else opt_time(row["due"])


async def record_success(
    db: Database,
    feed_id: int,
    *,
    now: datetime,
    next_poll_at: datetime,
    etag: str | None,
    last_modified: str | None,
) -> None:
    """Record a good poll: validators for the next conditional GET, failures reset."""
    await db.execute(
        "UPDATE feeds SET etag = ?, last_modified = ?, next_poll_at = ?, last_success_at = ?, failures = 0,"
        " last_error = NULL, pause_notified = 0 WHERE id = ?",
        (etag, last_modified, to_db_time(next_poll_at), to_db_time(now), feed_id),
    )


async def record_failure(
    db: Database, feed_id: int, *, now: datetime, error: str, failures: int, next_poll_at: datetime, paused: bool
) -> None:
    """Record a failed poll, its back-off, and whether the feed is now paused."""
    await db.execute(
        "UPDATE feeds SET last_error = ?, last_error_at = ?, failures = ?, next_poll_at = ?, paused = ? WHERE id = ?",
        (error, to_db_time(now), failures, to_db_time(next_poll_at), int(paused), feed_id),
    )


async def claim_pause_notice(db: Database, feed_id: int) -> bool:
    """Mark a paused feed's owners as told; return True only for the one caller that should tell them."""
    async with db.transaction() as conn:
        cur = await conn.execute(
            "UPDATE feeds SET pause_notified = 1 WHERE id = ? AND paused = 1 AND pause_notified = 0", (feed_id,)
        )
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
    except sqlite3.IntegrityError:
        return False
    return True


async def rename_feed(db: Database, feed_id: int, title: str) -> None:
    """Set a feed's title, and its source's display name with it."""
    async with db.transaction() as conn:
        await conn.execute("UPDATE feeds SET title = ? WHERE id = ?", (title, feed_id))
        await conn.execute(
            "UPDATE sources SET name = ? WHERE id = (SELECT source_id FROM feeds WHERE id = ?)", (title, feed_id)
        )


async def set_full_text(db: Database, feed_id: int, on: bool) -> None:
    """Turn fetching the article page for teaser-only entries on or off for one feed."""
    await db.execute("UPDATE feeds SET full_text = ? WHERE id = ?", (int(on), feed_id))


async def store_entries(
    db: Database,
    source_id: int,
    entries: Sequence[tuple[Article, Sequence[str]]],
    *,
    arrived_at: datetime,
    initial: bool,
) -> list[AddResult]:
    """Store a poll's entries in one transaction; a backlog (``initial``) is marked so no digest posts it.

    Raises:
        StoreError: if SQLite refuses; nothing of this poll is stored then.
    """
    row = await db.fetchone("SELECT id, kind, name, location FROM sources WHERE id = ?", (source_id,))
    if row is None:
        raise NewsdigestError(f"feed source {source_id} is missing")
    source = Source(id=row["id"], kind=SourceKind(row["kind"]), name=row["name"], location=row["location"])
    results = []
    async with db.transaction() as conn:
        try:
            for article, keys in entries:
                kept = await _unshared(conn, source.id, article, keys)
                result = await add_article_in(conn, source, kept, arrived_at, keys)
                if result.new and initial:
                    await conn.execute("UPDATE articles SET initial = 1 WHERE id = ?", (result.article_id,))
                results.append(result)
        except sqlite3.Error as exc:
            raise translate(exc) from exc
    return results


async def _unshared(conn: aiosqlite.Connection, source_id: int, article: Article, keys: Sequence[str]) -> Article:
    """Keep a new entry whose link an earlier, different entry of the same feed already has, without that link.

    One canonical URL is one article in the store, which is right across feeds (the same story) but wrong within
    one feed: posts on one day page told apart by #fragments, or two posts about one external article, would
    merge into one and the later one would be lost. The later entry is kept, addressed by its GUID instead.
    """
    canonical = canonical_url(article.url)
    if canonical is None:
        return article
    # articles_canonical_url serves this lookup.
    async with conn.execute("SELECT source_id FROM articles WHERE canonical_url = ?", (canonical,)) as cur:
        row = await cur.fetchone()
    if row is None or row[0] != source_id:
        return article
    wanted = list(dict.fromkeys(keys))
    if wanted:
        marks = ",".join("?" * len(wanted))
        async with conn.execute(
            f"SELECT 1 FROM entry_keys WHERE source_id = ? AND key IN ({marks}) LIMIT 1",  # noqa: S608 - only '?'
            (source_id, *wanted),
        ) as cur:
            if await cur.fetchone() is not None:
                return article  # the same entry seen again: the store's own dedup handles it
    return replace(article, url=None, guid=article.guid or article.url)
