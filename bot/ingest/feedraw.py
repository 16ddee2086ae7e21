"""What every feed format parser hands to feeds.py: raw entries, and date parsing they share."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

from bot.ingest.textsafe import valid_unicode
from bot.models import ArticleImage


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
        texts = (e.title, e.link, e.guid, e.html, e.summary, e.author)
        if not any(t is not None and _SURROGATE.search(t) for t in texts):
            return e
        title, link, guid, html, summary, author = (valid_text(t) for t in texts)
        return RawEntry(title, link, guid, e.published, html, summary, author, e.image)

    return RawFeed(valid_text(raw.title), valid_text(raw.link), tuple(clean(e) for e in raw.entries), raw.language)


_ISO = re.compile(
    r"\s*(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?"
    r"\s*(Z|GMT|UTC|[+-]\d{2}:?\d{2})?\s*$",
    re.IGNORECASE,
)


def parse_date(text: str | None) -> datetime | None:
    """Read a feed date (ISO 8601 with or without zone, RFC 822, '2020/1/10 14:33:00') as an aware datetime.

    The offset the feed printed is kept (the day readers are shown is the feed's own day, as for pages); a date
    without a zone is taken as UTC; an unreadable one gives None.
    """
    if not text or not text.strip():
        return None
    moment = parse_numeric_date(text)
    if moment is not None or _ISO.match(text):
        return moment
    try:
        parsed = parsedate_to_datetime(text.strip())
    except (TypeError, ValueError, IndexError):
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


def parse_numeric_date(text: str | None) -> datetime | None:
    """Read an all-numeric date such as ISO 8601 or '2020/1/10 14:33:00' (no zone means UTC), else None.

    A printed offset is kept on the datetime (14:33-05:00 stays 14:33 at -05:00).
    """
    match = _ISO.match(text or "")
    if match:
        year, month, day, hour, minute, second, zone = match.groups()
        try:
            moment = datetime(
                int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0), tzinfo=UTC
            )
        except ValueError:
            return None
        if zone and zone.upper() not in {"Z", "GMT", "UTC"}:
            sign = 1 if zone[0] == "+" else -1
            digits = zone[1:].replace(":", "")
            offset = sign * (int(digits[:2]) * 60 + int(digits[2:]))
            try:
                moment.replace(tzinfo=None) - timedelta(minutes=offset)  # its instant must be a datetime too
                return moment.replace(tzinfo=timezone(timedelta(minutes=offset)))
            except (OverflowError, ValueError):  # '9999-12-31T23:00-14:00' is past the last datetime; -24:00
                return None
        return moment
    return None
