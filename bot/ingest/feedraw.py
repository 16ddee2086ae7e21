"""What every feed format parser hands to feeds.py: raw entries, and the feed dates they share."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime

from bot.ingest.textsafe import valid_unicode
from bot.models import ArticleImage, Published
from bot.text.machinedates import impossibly_written, read_epoch, read_machine_date


@dataclass(frozen=True, slots=True)
class RawEntry:
    """One entry as a format parser found it; HTML not yet cleaned, links already absolute."""

    title: str | None
    link: str | None
    guid: str | None
    published: Published | None  # a bare day as a date: shown as that day everywhere, never as a UTC midnight
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


def parse_date(text: str | None) -> Published | None:
    """Read a feed date (ISO 8601 with or without zone, RFC 822, '2020/1/10 14:33:00') as an aware datetime.

    Through the one reader of machine-written dates (bot.text.machinedates): the offset the feed printed is kept
    (the day readers are shown is the feed's own day, as for pages); a date without a zone is taken as UTC; a
    bare day is a date, as a page's is (as its midnight UTC, a reader west of Greenwich was shown the day
    before: see :func:`as_moment` for where a moment is needed); an unreadable one gives None. Some feeds
    write other forms: seconds or milliseconds since 1970 ("1764892800"), or a date as people write it
    ("5 декабря 2026", "2026年12月5日 10:00", "Saturday, December 5, 2026 - 11:30"): the first is read as the
    time it counts, the second by the reader of dates in text (bot.text.dates), when it names a year
    (feedparser read the first as the year 1764, the second as 1 December).
    """
    found = read_machine_date(text) if text else None
    if found is None and text:
        found = _counted(text) or _written(text)
    if found is None:
        return None
    if isinstance(found, datetime):
        # To the second, as feed dates always were here: an entry without a GUID is known by its title and this
        # moment (bot.text.identity), so a fraction kept now would make every such entry seen before new again.
        return found.replace(microsecond=0)
    return found


def as_moment(value: Published | None) -> datetime | None:
    """Return a feed date as a moment: a bare day as its midnight UTC (how entries are ordered and known)."""
    if value is None or isinstance(value, datetime):
        return value
    return datetime(value.year, value.month, value.day, tzinfo=UTC)


_EPOCH_DIGITS = re.compile(r"\s*(\d{10}|\d{13})\s*")
# The reference for a written date: none after it is refused here (the caller holds the clock and the future rule).
_NO_LATER_THAN = datetime(9000, 1, 1, tzinfo=UTC)
_WRITTEN_MAX = 120  # a date element's text; a longer one is no date (and costs the reader)
# ISO 8601's and RFC 822's shapes ("2025-10-06T...", "Sat, 05 Dec 2026 19:00:00 GMT+15").
_MACHINE_FORM = re.compile(r"\s*(?:[+-]?\d{4,}-\d|(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{2,4}\s+\d{1,2}:\d\d)")


def _counted(text: str) -> datetime | None:
    found = _EPOCH_DIGITS.fullmatch(text)
    if found is None:
        return None
    count = int(found[1])
    return read_epoch(count / 1000 if len(found[1]) == 13 else count)


def _written(text: str) -> date | datetime | None:
    # A machine's form the machine reader refused ("2025-10-06T21:24:00+99:00", "GMT+15", "+2300") is no date:
    # its day is not read from it either.
    if len(text) > _WRITTEN_MAX or _MACHINE_FORM.match(text) or impossibly_written(text):
        return None
    from bot.text.dates import search_dates  # here: the reader of dates in text, for the few feeds that need it

    dated = [m for m in search_dates(text, reference=_NO_LATER_THAN) if m.kind == "full"]
    return dated[0].value if dated else None
