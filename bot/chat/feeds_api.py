"""Feed management as the chat layer needs it: add, remove, list, OPML import and export.

INTERIM ADAPTER, to be rewired at merge: every function here is a minimal stand-in written against the
``feeds`` table of migration 0001 so the /feeds cog works and is tested today. The lead replaces each
body with a call into the feeds helper's ``bot.store.feeds`` / ``bot.ingest`` functions (which also fetch
the feed once, store its current entries without posting them, and validate the URL against the SSRF
guard). The signatures are what the /feeds cog relies on; keep them or adapt the cog.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit
from xml.sax.saxutils import escape, quoteattr

from lxml import etree

from bot.clock import Clock
from bot.config import Settings
from bot.errors import NewsdigestError
from bot.ingest.urls import canonical_url
from bot.models import Feed, SourceKind
from bot.store.articles import get_or_create_source
from bot.store.db import Database, from_db_time, opt_time, to_db_time

MAX_OPML_BYTES = 1_000_000


class FeedInputError(NewsdigestError):
    """A feed URL or OPML file that cannot be used; the message says why."""


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What an OPML import did."""

    added: tuple[str, ...]
    already: tuple[str, ...]
    problems: tuple[str, ...]


_COLUMNS = (
    "id, source_id, url, title, guild_id, channel_id, etag, last_modified, interval_s, next_poll_at,"
    " last_success_at, last_error, last_error_at, failures, paused, pause_notified, full_text, created_at"
)


def _feed(row: sqlite3.Row) -> Feed:
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
        created_at=from_db_time(row["created_at"]),
    )


def check_url(url: str) -> str:
    """Return the URL cleaned, or raise FeedInputError saying what is wrong with it."""
    text = url.strip()
    parts = urlsplit(text)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise FeedInputError(f"`{text[:200]}` is not a web address; give one starting with https://")
    return text


async def add_feed(
    db: Database,
    url: str,
    *,
    settings: Settings,
    clock: Clock,
    guild_id: int | None,
    channel_id: int | None,
    title: str | None = None,
) -> tuple[Feed, bool]:
    """Subscribe to a feed; return it and whether it is new.

    Raises:
        FeedInputError: if the URL is not an http(s) address.
    """
    clean = check_url(url)
    existing = await _get(db, clean)
    if existing is not None:
        return existing, False
    now = clock.now()
    host = urlsplit(clean).hostname or clean
    source = await get_or_create_source(db, SourceKind.FEED, title or host, canonical_url(clean) or clean, now)
    await db.execute(
        "INSERT OR IGNORE INTO feeds"
        " (source_id, url, title, guild_id, channel_id, interval_s, next_poll_at, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            source.id,
            clean,
            title,
            guild_id,
            channel_id,
            int(settings.feed_interval.total_seconds()),
            to_db_time(now),
            to_db_time(now),
        ),
    )
    feed = await _get(db, clean)
    assert feed is not None  # noqa: S101 - inserted just above
    return feed, True


async def _get(db: Database, url: str) -> Feed | None:
    row = await db.fetchone(f"SELECT {_COLUMNS} FROM feeds WHERE url = ?", (url,))  # noqa: S608
    return None if row is None else _feed(row)


async def remove_feed(db: Database, url_or_id: str, *, guild_id: int | None) -> Feed | None:
    """Unsubscribe from a feed given by URL or id; return what was removed, None if not found.

    Articles already stored stay searchable.
    """
    text = url_or_id.strip()
    feed = await _get(db, text)
    if feed is None and text.isdigit():
        row = await db.fetchone(f"SELECT {_COLUMNS} FROM feeds WHERE id = ?", (int(text),))  # noqa: S608
        feed = None if row is None else _feed(row)
    if feed is None or (guild_id is not None and feed.guild_id not in (None, guild_id)):
        return None
    await db.execute("DELETE FROM feeds WHERE id = ?", (feed.id,))
    return feed


async def list_feeds(db: Database, *, guild_id: int | None = None) -> list[Feed]:
    """Return the feeds of a server (and those added from the command line), oldest first."""
    if guild_id is None:
        rows = await db.fetchall(f"SELECT {_COLUMNS} FROM feeds ORDER BY id")  # noqa: S608
    else:
        rows = await db.fetchall(
            f"SELECT {_COLUMNS} FROM feeds WHERE guild_id = ? OR guild_id IS NULL ORDER BY id",  # noqa: S608
            (guild_id,),
        )
    return [_feed(r) for r in rows]


def parse_opml(data: bytes) -> list[tuple[str, str | None]]:
    """Return (url, title) of every feed outline in an OPML file.

    Raises:
        FeedInputError: if the file is too big or is not OPML.
    """
    if len(data) > MAX_OPML_BYTES:
        raise FeedInputError("that OPML file is larger than 1 MB; split it or remove what is not a feed")
    # No entities, no network, no huge trees: an uploaded file is untrusted.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise FeedInputError(f"that file is not valid OPML/XML ({exc.msg})") from None
    if root.tag != "opml":
        raise FeedInputError("that file is XML but not OPML (its root element is not <opml>)")
    found: list[tuple[str, str | None]] = []
    for outline in root.iter("outline"):
        url = outline.get("xmlUrl")
        if url:
            found.append((url.strip(), outline.get("title") or outline.get("text")))
    return found


async def import_opml(
    db: Database,
    data: bytes,
    *,
    settings: Settings,
    clock: Clock,
    guild_id: int | None,
    channel_id: int | None,
) -> ImportResult:
    """Subscribe to every feed of an OPML file; bad entries are reported, not fatal.

    Raises:
        FeedInputError: if the file itself cannot be read as OPML.
    """
    added: list[str] = []
    already: list[str] = []
    problems: list[str] = []
    for url, title in parse_opml(data):
        try:
            _, new = await add_feed(
                db, url, settings=settings, clock=clock, guild_id=guild_id, channel_id=channel_id, title=title
            )
        except FeedInputError as exc:
            problems.append(str(exc))
            continue
        (added if new else already).append(url)
    return ImportResult(tuple(added), tuple(already), tuple(problems))


async def export_opml(db: Database, *, guild_id: int | None = None, now: datetime | None = None) -> bytes:
    """Return the subscribed feeds as an OPML 2.0 document."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<opml version="2.0">',
        "  <head><title>newsdigest feeds</title>"
        + (f"<dateCreated>{escape(now.strftime('%a, %d %b %Y %H:%M:%S GMT'))}</dateCreated>" if now else "")
        + "</head>",
        "  <body>",
    ]
    for feed in await list_feeds(db, guild_id=guild_id):
        label = quoteattr(feed.title or feed.url)
        lines.append(f'    <outline type="rss" text={label} title={label} xmlUrl={quoteattr(feed.url)}/>')
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines).encode("utf-8")
