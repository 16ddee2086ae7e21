"""What every feed format parser hands to feeds.py: raw entries, and the feed dates they share."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from bot.ingest.textsafe import valid_unicode
from bot.models import ArticleImage
from bot.text.machinedates import read_machine_date


@dataclass(frozen=True, slots=True)
class RawEntry:
    """One entry as a format parser found it; HTML not yet cleaned, links already absolute."""

    title: str | None
    link: str | None
    guid: str | None
    published: datetime | None
    html: str | None = None  # the fullest content (HTML)
    summary: str | None = None  # the description or summary (HTML or text)
    author: str | None = None
    image: ArticleImage | None = None  # already checked by bot.ingest.images.article_image
    publisher: str | None = None  # the site an aggregator's entry came from (RSS and Atom <source>)


@dataclass(frozen=True, slots=True)
class RawFeed:
    """A feed document as a format parser found it."""

    title: str | None
    link: str | None
    entries: tuple[RawEntry, ...]
    language: str | None = None  # as the feed declares it (RSS <language>, Atom xml:lang, JSON Feed "language")


_SURROGATE = re.compile("[\ud800-\udfff]")


def valid_text(text: str | None) -> str | None:
    """Return the text as valid Unicode (see :func:`bot.ingest.textsafe.valid_unicode`); None stays None."""
    return None if text is None else valid_unicode(text)


def valid_raw_feed(raw: RawFeed) -> RawFeed:
    """Return the feed with every text field of it and of its entries made valid Unicode."""

    def clean(e: RawEntry) -> RawEntry:
        texts = (e.title, e.link, e.guid, e.html, e.summary, e.author, e.publisher)
        if not any(t is not None and _SURROGATE.search(t) for t in texts):
            return e
        title, link, guid, html, summary, author, publisher = (valid_text(t) for t in texts)
        return RawEntry(title, link, guid, e.published, html, summary, author, e.image, publisher)

    return RawFeed(valid_text(raw.title), valid_text(raw.link), tuple(clean(e) for e in raw.entries), raw.language)


def parse_date(text: str | None) -> datetime | None:
    """Read a feed date (ISO 8601 with or without zone, RFC 822, '2020/1/10 14:33:00') as an aware datetime.

    Through the one reader of machine-written dates (bot.text.machinedates): the offset the feed printed is kept
    (the day readers are shown is the feed's own day, as for pages); a date without a zone is taken as UTC, a
    bare day as its midnight UTC; an unreadable one gives None.
    """
    found = read_machine_date(text)
    if found is None:
        return None
    if isinstance(found, datetime):
        # To the second, as feed dates always were here: an entry without a GUID is known by its title and this
        # moment (bot.text.identity), so a fraction kept now would make every such entry seen before new again.
        return found.replace(microsecond=0)
    return datetime(found.year, found.month, found.day, tzinfo=UTC)
