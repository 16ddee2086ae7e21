"""What `newsdigest feeds ...` and `/feeds ...` do, as functions returning typed records (no printing here)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from bot.clock import Clock
from bot.config import Settings
from bot.errors import NewsdigestError
from bot.ingest.fetch import Fetcher
from bot.ingest.opml import export_opml, parse_opml
from bot.ingest.subscribe import add_feed_and_backfill
from bot.models import Feed, IngestReport
from bot.store import feeds as feed_store
from bot.store.db import Database, row_id

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class FeedStatus:
    """A feed and its state in plain words ("ok, next poll in 12 min", "paused: HTTP 404 ...")."""

    feed: Feed
    state: str


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What an OPML import did: feeds added (with their backlog counts), and URLs skipped with the reason."""

    added: tuple[tuple[Feed, IngestReport], ...]
    skipped: tuple[tuple[str, str], ...]


def _ago(seconds: float) -> str:
    minutes = int(abs(seconds) // 60)
    if minutes < 1:
        return "now"
    if minutes < 120:
        return f"{minutes} min"
    hours = minutes // 60
    return f"{hours} h" if hours < 48 else f"{hours // 24} days"


def describe_state(feed: Feed, now: datetime) -> str:
    """Say a feed's polling state in plain words."""
    if feed.paused:
        return f"paused: {feed.last_error}" if feed.last_error else "paused"
    due = feed.next_poll_at
    when = "next poll now" if due is None or due <= now else f"next poll in {_ago((due - now).total_seconds())}"
    if feed.failures:
        return f"failing ({feed.failures} in a row: {feed.last_error}); {when}"
    return f"ok; {when}"


async def list_feed_status(db: Database, *, now: datetime, guild_id: int | None = None) -> list[FeedStatus]:
    """Return every feed (or a guild's) with its state."""
    return [FeedStatus(f, describe_state(f, now)) for f in await feed_store.list_feeds(db, guild_id=guild_id)]


async def find_feed(db: Database, ref: str, *, guild_id: int | None = None) -> Feed:
    """Return the feed named by its id or URL (in chat: one of that guild's or a command-line one).

    Raises:
        NewsdigestError: if there is no such feed.
    """
    ref = ref.strip()
    feed_id = row_id(ref)
    if feed_id is not None:
        feed = await feed_store.get_feed(db, feed_id)
    else:
        feed = None if ref.isdigit() else await feed_store.get_feed_by_url(db, ref)
    if feed is not None and guild_id is not None and feed.guild_id not in (None, guild_id):
        feed = None  # another server's feed is none of this one's business
    if feed is None:
        raise NewsdigestError(f"no feed {ref!r}: use `newsdigest feeds list` to see the ids and URLs")
    return feed


async def remove_feed(db: Database, ref: str, *, guild_id: int | None = None) -> Feed:
    """Unsubscribe from the feed named by id or URL and return it; its articles stay.

    Raises:
        NewsdigestError: if there is no such feed.
    """
    feed = await find_feed(db, ref, guild_id=guild_id)
    await feed_store.remove_feed(db, feed.id)
    return feed


async def resume_feed(db: Database, ref: str, *, now: datetime, guild_id: int | None = None) -> Feed:
    """Unpause a feed and poll it at the next pass.

    Raises:
        NewsdigestError: if there is no such feed.
    """
    feed = await find_feed(db, ref, guild_id=guild_id)
    await feed_store.resume_feed(db, feed.id, now)
    return await find_feed(db, str(feed.id))


async def rename_feed(db: Database, ref: str, title: str, *, guild_id: int | None = None) -> Feed:
    """Give a feed the name digests show for it.

    Raises:
        NewsdigestError: if there is no such feed or the name is empty.
    """
    name = " ".join(title.split())
    if not name:
        raise NewsdigestError("a feed's name cannot be empty")
    feed = await find_feed(db, ref, guild_id=guild_id)
    await feed_store.rename_feed(db, feed.id, name[:200])
    return await find_feed(db, str(feed.id))


async def set_full_text(db: Database, ref: str, on: bool, *, guild_id: int | None = None) -> Feed:
    """Turn full text (the article page's main text for teaser-only entries) on or off for a feed.

    Raises:
        NewsdigestError: if there is no such feed.
    """
    feed = await find_feed(db, ref, guild_id=guild_id)
    await feed_store.set_full_text(db, feed.id, on)
    return await find_feed(db, str(feed.id))


async def import_opml(
    db: Database,
    data: bytes,
    *,
    settings: Settings,
    clock: Clock,
    guild_id: int | None = None,
    channel_id: int | None = None,
) -> ImportResult:
    """Subscribe to every feed an OPML file lists; one that fails is skipped with its reason.

    Raises:
        ParseError: if the file is not OPML.
    """
    listed = parse_opml(data)
    added: list[tuple[Feed, IngestReport]] = []
    skipped: list[tuple[str, str]] = []
    async with Fetcher(settings, clock) as fetcher:
        for item in listed:
            try:
                added.append(
                    await add_feed_and_backfill(
                        db,
                        item.url,
                        settings=settings,
                        clock=clock,
                        guild_id=guild_id,
                        channel_id=channel_id,
                        fetcher=fetcher,
                    )
                )
            except NewsdigestError as exc:
                log.info("OPML import skipped %s: %s", item.url, exc)  # the log filter hides a password
                skipped.append((item.url, str(exc)))
    return ImportResult(tuple(added), tuple(skipped))


async def add_configured_feeds(
    db: Database, *, settings: Settings, clock: Clock, channel_id: int | None = None
) -> ImportResult:
    """Subscribe to the feeds of the FEEDS setting not subscribed yet (their backlog is not posted).

    A URL that fails is skipped with its reason and tried again at the next start.
    """
    added: list[tuple[Feed, IngestReport]] = []
    skipped: list[tuple[str, str]] = []
    wanted = [url for url in settings.feeds if await feed_store.get_feed_by_url(db, url) is None]
    if not wanted:
        return ImportResult((), ())
    async with Fetcher(settings, clock) as fetcher:
        for url in wanted:
            try:
                added.append(
                    await add_feed_and_backfill(
                        db, url, settings=settings, clock=clock, channel_id=channel_id, fetcher=fetcher
                    )
                )
            except feed_store.FeedExistsError:
                continue  # the URL was a page whose announced feed is already subscribed
            except NewsdigestError as exc:
                log.warning("feed %s from FEEDS not added: %s", url, exc)
                skipped.append((url, str(exc)))
    return ImportResult(tuple(added), tuple(skipped))


@dataclass(frozen=True, slots=True)
class Export:
    """An OPML document of feeds, and how many of their URLs had a password left out (shown as ``[redacted]``)."""

    text: str
    hidden_passwords: int


async def export_feeds(db: Database, *, now: datetime, guild_id: int | None = None, passwords: bool = False) -> Export:
    """Return an OPML 2.0 document of every feed (or a guild's); a URL's password only if ``passwords``."""
    feeds = await feed_store.list_feeds(db, guild_id=guild_id)
    hidden = 0 if passwords else sum(feed.shown_url != feed.url for feed in feeds)
    return Export(export_opml(feeds, now=now, passwords=passwords), hidden)
