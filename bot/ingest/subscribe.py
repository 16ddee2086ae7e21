"""Subscribe to a feed (its backlog stored, never posted) and poll one feed: fetch, parse, full text, store."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace
from datetime import datetime

from bot.clock import Clock
from bot.config import Settings
from bot.errors import DuplicateFeedError, NewsdigestError
from bot.ingest.backoff import next_poll_after_success
from bot.ingest.discovery import discover
from bot.ingest.feedraw import as_moment
from bot.ingest.feeds import FeedEntry, ParsedFeed, key_points_for, parse_feed
from bot.ingest.fetch import PAGE_ACCEPT, Fetcher
from bot.ingest.ssrf import check_url_syntax
from bot.ingest.xmlfeed import decode_bytes
from bot.logs import redact
from bot.models import AddResult, Feed, IngestReport, NewArticle, SourceKind
from bot.store import feedpolls as feed_polls
from bot.store import feeds as feed_store
from bot.store.articles import follow_entries, get_or_create_source, revise_articles, seen_entries
from bot.store.db import Database
from bot.store.entries import store_entries
from bot.store.entrykeys import entry_anchor
from bot.text.identity import content_fingerprint
from bot.text.paragraphs import text_to_paragraphs

log = logging.getLogger(__name__)

TEASER_CHARS = 600  # a body shorter than this is a teaser worth replacing by the article page's text
FULL_TEXT_PER_POLL = 10


async def add_feed_and_backfill(
    db: Database,
    url: str,
    *,
    settings: Settings,
    clock: Clock,
    guild_id: int | None = None,
    channel_id: int | None = None,
    full_text: bool = False,
    fetcher: Fetcher | None = None,
) -> tuple[Feed, IngestReport]:
    """Subscribe to the feed at ``url`` (or the one a web page announces) and store its current entries.

    The current entries are marked initial: kept and searchable, never posted, so a new feed floods nobody.

    Raises:
        FeedExistsError: if that feed is already subscribed.
        BlockedAddressError: if the SSRF guard refuses the URL.
        FetchError: if it cannot be fetched (the reason in plain words).
        ParseError: if it is not a feed and announces none.
    """
    check_url_syntax(url)
    if await feed_store.get_feed_by_url(db, url) is not None:
        raise feed_store.FeedExistsError(f"already subscribed to {redact(url)}")
    own = fetcher is None
    fetch = fetcher or Fetcher(settings, clock)
    try:
        found = await discover(fetch, url, now=clock.now(), key_points=settings.key_points)
        entries = found.feed.entries
        if full_text:
            entries = await _with_full_text(fetch, entries, settings)
    finally:
        if own:
            await fetch.close()
    now = clock.now()
    # The feed row, its backlog (initial) and its validators in one transaction: stopped at any moment, this
    # leaves no subscription or all of it, and the poller never sees the feed without its backlog.
    feed, results = await feed_polls.subscribe(
        db,
        feed_store.NewFeed(found.url, found.feed.title, guild_id, channel_id, full_text, settings.feed_interval),
        feed_polls.Fetched(
            [(e.article, e.identity) for e in _oldest_first(entries, now)],
            etag=found.fetched.etag,
            last_modified=found.fetched.last_modified,
            next_poll_at=next_poll_after_success(now, int(settings.feed_interval.total_seconds())),
        ),
        now=now,
    )
    return feed, _report(results)


async def ingest_feed_url(
    db: Database, url: str, *, settings: Settings, clock: Clock, fetcher: Fetcher | None = None
) -> IngestReport:
    """Fetch a feed URL (or the feed a page announces) once and store its entries, without subscribing.

    Unlike a subscription's backlog these entries are not marked initial: asking for them is asking to see them.
    A failure is reported in the returned report in plain words, never raised.
    """
    own = fetcher is None
    fetch = fetcher or Fetcher(settings, clock)
    try:
        check_url_syntax(url)
        found = await discover(fetch, url, now=clock.now(), key_points=settings.key_points)
        now = clock.now()
        name = found.feed.title or redact(found.url)
        source = await get_or_create_source(db, SourceKind.FEED, name, found.url, now)
        results = await store_entries(
            db,
            source.id,
            [(e.article, e.identity) for e in _oldest_first(found.feed.entries, now)],
            arrived_at=now,
            initial=False,
        )
    except NewsdigestError as exc:
        return IngestReport(failed=1, problems=(redact(f"{url}: {exc}"),))
    finally:
        if own:
            await fetch.close()
    return _report(results)


async def poll_feed(
    db: Database, feed: Feed, *, fetcher: Fetcher, settings: Settings, clock: Clock, worker: str
) -> IngestReport:
    """Poll one feed ``worker`` holds: conditional GET, parse, store new entries, record success.

    Failures are the caller's. A worker that lost the feed's lease meanwhile stores the entries, not the feed's
    state (see ``bot.store.feedpolls.store_poll``).

    Raises:
        FetchError: if the feed cannot be fetched (BlockedAddressError if the guard refuses it).
        ParseError: if what came back is not a usable feed.
        StoreError: if the database refuses.
    """
    fetched = await fetcher.fetch(feed.url, etag=feed.etag, last_modified=feed.last_modified)
    if fetched.permanent_url and fetched.permanent_url != feed.url:
        await _moved(db, feed, fetched.permanent_url)
    now = clock.now()
    next_poll_at = next_poll_after_success(now, feed.interval_s)
    if fetched.not_modified:
        recorded = await feed_polls.record_success(
            db,
            feed.id,
            now=now,
            next_poll_at=next_poll_at,
            etag=feed.etag,
            last_modified=feed.last_modified,
            worker=worker,
        )
        if not recorded:
            _said_late(feed)
        return IngestReport()
    # Parsing and key points of a large feed take long enough to stall the event loop: a thread does them.
    parsed = await asyncio.to_thread(
        parse_feed,
        fetched.data,
        now=now,
        base_url=fetched.url,
        content_type=fetched.content_type,
        key_points=settings.key_points,
    )
    fresh, revised, moved = await _unseen(db, feed, parsed)
    await follow_entries(db, feed.source_id, [(key, i, entry_anchor(e.article, e.identity)) for key, i, e in moved])
    stale = _too_old(fresh, now, settings)
    if stale:
        fresh = tuple(e for e in fresh if e not in stale)
        log.info("feed %s: %d new entries dated before FEED_MAX_AGE stored, not posted", feed.url, len(stale))
    if revised and not feed.full_text:  # a full-text feed's stored body is its page's, not the teaser seen here
        done = await revise_articles(db, [(i, NewArticle(e.article, feed.source_id, e.identity)) for i, e in revised])
        if done:
            log.info("feed %s: %d entries corrected in place, not posted yet", feed.url, len(done))
    if feed.full_text and fresh:
        fresh = await _with_full_text(fetcher, fresh, settings)
    # The new entries and the validators that say they were seen, in one transaction; a feed whose backlog
    # was never stored takes them as its backlog (see feed_polls.store_poll).
    stored = await feed_polls.store_poll(
        db,
        feed,
        feed_polls.Fetched(
            [(e.article, e.identity) for e in _oldest_first(fresh, now)],
            etag=fetched.etag,
            last_modified=fetched.last_modified,
            next_poll_at=next_poll_at,
            title=parsed.title,
            stale=[(e.article, e.identity) for e in _oldest_first(stale, now)],
        ),
        now=now,
        worker=worker,
    )
    if stored.initial:
        log.info("feed %s: its first entries stored as its backlog, not posted", feed.url)
    if not stored.recorded:
        _said_late(feed)
    return _report(stored.results)


async def _moved(db: Database, feed: Feed, url: str) -> None:
    """Follow a feed's permanent redirect (301, 308) by storing its new address.

    Raises:
        DuplicateFeedError: if another feed, polled, has that address: the same entries would be fetched twice, and
            both feeds said "ok" while the log said so at every poll. The poller pauses this one and tells its
            owners once. (Another feed that is paused itself leaves this one polled through the redirect.)
    """
    if await feed_store.update_url(db, feed.id, url):
        log.info("feed %s moved permanently to %s", feed.url, url)
        return
    other = await feed_store.get_feed_by_url(db, url)
    if other is None or other.paused:
        log.warning("feed %s moved to %s, which is another feed, paused: polled through the redirect", feed.url, url)
        return
    name = f"feed {other.id}" + (f" ({other.title})" if other.title else "")
    raise DuplicateFeedError(
        f"moved permanently to {url}, which is already {name}: its entries come through that one, so this one is"
        " not polled twice (remove one of them)"
    )


def _said_late(feed: Feed) -> None:
    log.warning(
        "feed %s: polled by this poller after another took it (this one stalled longer than FEED_LEASE);"
        " the other's poll is the one recorded",
        feed.url,
    )


async def _unseen(
    db: Database, feed: Feed, parsed: ParsedFeed
) -> tuple[tuple[FeedEntry, ...], list[tuple[int, FeedEntry]], list[tuple[str, int, FeedEntry]]]:
    """The entries not seen before, those seen with another text, and those seen whose key remembers them as they were.

    The second with their article's id, the third with their GUID key and their article's id. An article that took
    its corrections already (``Seen.correctable``) is not asked again: its text changes by itself.
    """
    seen = await seen_entries(db, feed.source_id, [(e.article, e.identity) for e in parsed.entries])
    fresh = tuple(e for o, e in enumerate(parsed.entries) if o not in seen)
    revised, moved = [], []
    for o, entry in enumerate(parsed.entries):
        stored = seen.get(o)
        if stored is not None and stored.correctable and stored.fingerprint != entry.identity.fingerprint:
            revised.append((stored.article_id, entry))
        if stored is not None and stored.moved is not None:
            moved.append((stored.moved, stored.article_id, entry))
    return fresh, revised, moved


def _too_old(entries: tuple[FeedEntry, ...], now: datetime, settings: Settings) -> tuple[FeedEntry, ...]:
    """The entries dated more than ``FEED_MAX_AGE`` before now: not news, though never seen before."""
    oldest = now - settings.feed_max_age
    return tuple(e for e in entries if (moment := as_moment(e.article.published)) is not None and moment < oldest)


def _report(results: list[AddResult]) -> IngestReport:
    new = sum(1 for r in results if r.new)
    return IngestReport(new=new, duplicate=len(results) - new)


def _oldest_first(entries: tuple[FeedEntry, ...], now: datetime) -> list[FeedEntry]:
    # Arrival order (article ids) then follows publication order within one poll. Entries of one moment (undated
    # ones: first seen now) are in the reverse of the feed's order, which lists the newest first (as
    # feeds.newest_entries reads it): a digest ranking them by arrival then shows them in the feed's order.
    order = sorted(range(len(entries)), key=lambda i: (as_moment(entries[i].article.published) or now, -i))
    return [entries[i] for i in order]


async def _with_full_text(
    fetcher: Fetcher, entries: tuple[FeedEntry, ...], settings: Settings
) -> tuple[FeedEntry, ...]:
    """Replace teaser bodies by the main text of their article pages (at most a few pages per poll)."""
    result = []
    budget = FULL_TEXT_PER_POLL
    for entry in entries:
        article = entry.article
        if budget > 0 and article.url and len(article.text) < TEASER_CHARS:
            budget -= 1
            body = await fetch_main_text(fetcher, article.url)
            if body and len(" ".join(body)) > len(article.text):
                points = await asyncio.to_thread(key_points_for, body, article.title, settings.key_points)
                article = replace(article, body=tuple(body), key_points=points)
                # The keys stay those of the feed's entry (the next poll sees the teaser again); the content
                # fingerprint is of what is stored.
                fingerprint = content_fingerprint(article, entry.identity.canonical_url)
                entry = FeedEntry(article, replace(entry.identity, fingerprint=fingerprint))
        result.append(entry)
    return tuple(result)


async def fetch_main_text(fetcher: Fetcher, url: str) -> list[str]:
    """Fetch an article page and return its main text as paragraphs (empty if that fails)."""
    try:
        page = await fetcher.fetch(url, accept=PAGE_ACCEPT)
    except NewsdigestError as exc:
        log.info("full text of %s not fetched: %s", url, exc)
        return []
    html = decode_bytes(page.data, page.content_type)
    text = await asyncio.to_thread(_extract, html, page.url)
    return text_to_paragraphs(text.replace("\n", "\n\n")) if text else []


def _extract(html: str, url: str) -> str | None:
    import trafilatura  # heavy; only feeds with full text need it

    try:
        result = trafilatura.extract(html, url=url, include_comments=False, include_tables=False)
    except Exception:  # trafilatura raises many kinds on odd pages; a page we cannot read costs only its text
        log.exception("main text extraction failed for %s", url)
        return None
    return result if isinstance(result, str) else None
