"""Every real feed capture in ../shared/datasets/feeds is served locally and ingested (skipped when absent)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from feed_server import loopback_settings

from bot.errors import ParseError
from bot.ingest.feedraw import as_moment
from bot.ingest.feeds import parse_feed
from bot.ingest.subscribe import add_feed_and_backfill
from bot.store import feeds as feed_store

CAPTURES = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "feeds"
FEED_SUFFIXES = {".xml", ".rss", ".atom", ".rdf", ".json"}
TRUNCATED = {"allthis-partial.json"}
# Synthetic fixtures with items that carry no link of any kind.
LINKLESS = {"authors.json", "jsonfeed-extension.json"}
NOW = datetime(2026, 1, 1, tzinfo=UTC)


def captures() -> list[Path]:
    if not CAPTURES.is_dir():
        return []
    return sorted(p for p in CAPTURES.iterdir() if p.suffix in FEED_SUFFIXES)


FILES = captures()
pytestmark = pytest.mark.skipif(not FILES, reason=f"no feed captures at {CAPTURES} (shared datasets not present)")


def _link(article) -> str | None:
    if article.url:
        return article.url
    if article.guid and article.guid.startswith(("http://", "https://")):
        return article.guid
    return None


@pytest.mark.parametrize("path", FILES or [None], ids=[p.name for p in FILES] or ["absent"])
def test_capture_parses_with_titles_links_and_dates(path):
    data = path.read_bytes()
    if path.name in TRUNCATED:
        with pytest.raises(ParseError, match="truncated JSON"):
            parse_feed(data, now=NOW)
        return
    feed = parse_feed(data, now=NOW, base_url=f"https://captures.example/{path.name}")
    assert feed.entries, path.name
    for entry in feed.entries:
        article = entry.article
        assert article.title.strip(), (path.name, entry.keys)
        # No markup left in a title; a JSON Feed's title is plain text, where "<i>" may be named (no tag is closed).
        markup = "</" if path.suffix == ".json" else "<"
        assert markup not in article.title or ">" not in article.title, article.title
        # A moment with its offset, or a bare day as the feed wrote it; never later than now.
        assert isinstance(article.published, datetime | date)
        if isinstance(article.published, datetime):
            assert article.published.tzinfo is not None
        assert as_moment(article.published) <= NOW
        assert entry.keys
        if path.name not in LINKLESS:
            assert _link(article), (path.name, article.title)
        assert all("<p>" not in p for p in article.body)


async def test_every_capture_served_and_ingested(db, server, clock):
    settings = loopback_settings()
    seen = 0
    for path in FILES:
        # A deliberately vague content type: the format must come from the bytes.
        url = server.bytes(f"/{path.name}", path.read_bytes(), "application/octet-stream")
        if path.name in TRUNCATED:
            with pytest.raises(ParseError, match="truncated JSON"):
                await add_feed_and_backfill(db, url, settings=settings, clock=clock)
            continue
        feed, report = await add_feed_and_backfill(db, url, settings=settings, clock=clock)
        assert report.new + report.duplicate > 0, path.name
        assert feed.title, path.name
        seen += 1
    assert seen == len(FILES) - len(TRUNCATED & {p.name for p in FILES})
    assert len(await feed_store.list_feeds(db)) == seen
