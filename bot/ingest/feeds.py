"""Feed bytes to articles with feedparser (it parses only; fetching lives in fetch.py)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, datetime

import feedparser

from bot.errors import ParseError
from bot.models import Article


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One entry: its article and the stable keys that identify it within its feed, best first."""

    article: Article
    keys: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    """A parsed feed document."""

    title: str | None
    link: str | None
    entries: tuple[FeedEntry, ...]


def parse_feed(
    data: bytes, *, now: datetime, base_url: str | None = None, content_type: str | None = None, key_points: int = 3
) -> ParsedFeed:
    """Parse RSS, Atom or JSON Feed bytes.

    ``now`` is the first-seen time, used for entries without a date and to clamp future dates.

    Raises:
        ParseError: if the bytes are not a usable feed.
    """
    parsed = feedparser.parse(data, response_headers={"content-location": base_url or ""})
    if not parsed.entries and parsed.get("bozo"):
        raise ParseError("not a feed")
    entries = []
    for e in parsed.entries:
        title = str(e.get("title") or "").strip() or "(untitled)"
        link = e.get("link")
        published = None
        if e.get("published_parsed"):
            published = min(datetime.fromtimestamp(calendar.timegm(e.published_parsed), UTC), now)
        body = (str(e.get("summary") or ""),)
        keys = tuple(k for k in (e.get("id"), link, f"{title}|{published}") if k)
        entries.append(FeedEntry(Article(title=title, body=body, published=published or now, url=link), keys))
    return ParsedFeed(parsed.feed.get("title"), parsed.feed.get("link"), tuple(entries))
