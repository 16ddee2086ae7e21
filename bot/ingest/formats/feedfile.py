"""Feed files dropped into a folder (RSS, Atom, RDF, JSON Feed): one article per entry, via the feed parser."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from bot.errors import ParseError
from bot.ingest.feeds import parse_feed
from bot.models import Article


def parse_feed_file(
    data: bytes, *, name: str, now: datetime, base_url: str | None = None, key_points: int = 3
) -> list[Article]:
    """Parse a feed document's bytes into its entries' articles, each tagged with the feed's title as source.

    Raises:
        ParseError: if it is not a feed or has no entries.
    """
    parsed = parse_feed(data, now=now, base_url=base_url, content_type=None, key_points=key_points)
    if not parsed.entries:
        raise ParseError("the feed file has no entries")
    source = (parsed.title or "").strip() or name
    articles = []
    for entry in parsed.entries:
        article = entry.article
        guid = article.guid or (entry.keys[0] if entry.keys else None)
        articles.append(replace(article, source=article.source or source, guid=guid))
    return articles
