"""Metadata dates and small text helpers shared by the drop-folder format parsers."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from bot.models import Published
from bot.text.machinedates import read_machine_date

if TYPE_CHECKING:  # lxml is imported by the formats that build trees; JSON and text files never need it
    from lxml.html import HtmlElement

    from bot.text.datematch import DateMatch

_SLASHED = re.compile(r"(\d{4})[/.](\d{1,2})[/.](\d{1,2})")
_HAS_YEAR = re.compile(r"\d{4}")
_CJK_STOPS = re.compile("[\u3002\uff01\uff1f]")
# A date set off from a title's words (find_text_date's ``set_off``): nothing but a separator between them.
_SET_OFF_BEFORE = re.compile(r"(?:^|[:|,(\[/\u2013\u2014\u00b7\uff1a\uff08\u3010-])\s*$")
_SET_OFF_AFTER = re.compile(r"\s*(?:$|[:|,)\]/\u2013\u2014\u00b7\uff1a\uff09\u3011-])")
# Any date with its year is read; none is refused for being after a clock (the callers judge that).
_FAR = datetime(2199, 12, 31, tzinfo=UTC)
_URL_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_URL_MONTH = re.compile(r"/(\d{4})/(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*/(\d{1,2})/", re.IGNORECASE)


def parse_meta_date(text: str | None) -> Published | None:
    """Read a machine-written date (ISO 8601, RFC 2822, compact) as an aware datetime, or a date.

    Through the one reader of machine-written dates (bot.text.machinedates): a datetime keeps the offset it was
    written with (the page's own day); one without a zone is taken as UTC; a bare day stays a date. Then a
    slashed day, then a date in words (:func:`find_text_date`). Returns None when unreadable or a placeholder.
    """
    if not text:
        return None
    value = " ".join(str(text).split())
    if not value:
        return None
    found = read_machine_date(value)
    if found is not None:
        return found if plausible(found) else None
    slashed = _SLASHED.match(value)
    if slashed:
        try:
            return date(int(slashed.group(1)), int(slashed.group(2)), int(slashed.group(3)))
        except ValueError:
            return None
    return find_text_date(value)


def clean_inline(text: str | None) -> str:
    """Collapse whitespace in a one-line value such as a title."""
    return " ".join((text or "").split())


def find_text_date(text: str, *, set_off: bool = False) -> date | None:
    """Find the first calendar date written with its year, in any language bot.text.dates reads.

    "Nov. 18, 2019", "18 November 2019", "18. November 2019", "18 ноября 2019", "2019年11月18日", "2019-11-18".
    With ``set_off``, only a date set off from the text's words by a separator or standing alone: a note's title
    that dates it ("Weekly notes: 5 December 2026", "2026-12-05 — Standup", "Notes (5 Dec 2026)"), not one its
    words are about ("The flood of 31 January 1953", "Weekly notes from 5 December 2026").
    """
    from bot.text.dates import search_dates
    from bot.text.pagedates import zone_day_first

    # Cut at CJK full stops: the date reader leaves dates inside CJK sentences to the sentence (see
    # bot.text.dates._cjk_line), but a page's byline text may run into its first sentence.
    dated = (
        (piece, found)
        for piece in _CJK_STOPS.split(text)
        # "12/05/2026 08:00 AM EST": a date either way round is read in the order its zone says (pagedates).
        for found in search_dates(piece, reference=_FAR, day_first=zone_day_first(piece))
        if found.kind == "full" and _HAS_YEAR.search(piece, found.start, found.end)
    )
    if not set_off:
        return next((found.day for _, found in dated if plausible(found.day)), None)
    first = next(dated, None)
    # Of two dates ("Works, 1 June 2026 \u2013 4 December 2026") neither is the title's own.
    if first is None or next(dated, None) is not None or not plausible(first[1].day) or not _set_off(*first):
        return None
    return first[1].day


def _set_off(text: str, found: DateMatch) -> bool:
    return (
        _SET_OFF_BEFORE.search(text, 0, found.start) is not None and _SET_OFF_AFTER.match(text, found.end) is not None
    )


def url_date(url: str) -> date | None:
    """Return a date written in a URL path: /2019/11/18/ or /2019/nov/18/."""
    found = re.search(r"/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:/|$|-|\.)", url)
    try:
        if found:
            day = date(int(found.group(1)), int(found.group(2)), int(found.group(3)))
            return day if plausible(day) else None
        found = _URL_MONTH.search(url)
        if found:
            day = date(int(found.group(1)), _URL_MONTHS[found.group(2).lower()], int(found.group(3)))
            return day if plausible(day) else None
    except (ValueError, KeyError):
        return None
    return None


def ld_text(value: object, depth: int = 0) -> str:
    """Return the text a JSON-LD value holds, whatever JSON type a page wrote it as.

    A string is itself; a list gives its first text; an object its ``name`` or ``@value``; numbers, booleans
    and nulls give "" (a headline or a name is never a number). Nesting past a few levels holds no name.
    """
    if isinstance(value, str):
        return clean_inline(value)
    if depth > 4:
        return ""
    if isinstance(value, list):
        return next((t for t in (ld_text(v, depth + 1) for v in value[:20]) if t), "")
    if isinstance(value, dict):
        return ld_text(value.get("name", value.get("@value")), depth + 1)
    return ""


def is_masthead(h1: HtmlElement) -> bool:
    """Tell whether an h1 is the site's logo or name: inside a link or nav, or a link to the home page."""
    if any(a.tag in ("a", "nav") for a in h1.iterancestors()):
        return True
    links = h1.xpath(".//a[@href]")
    if len(links) == 1 and clean_inline(links[0].text_content()) == clean_inline(h1.text_content()):
        path = urlsplit(links[0].get("href", "")).path
        return path in ("", "/", "/index.html", "/index.php")
    return False


def plausible(value: date | datetime) -> bool:
    """Reject placeholder dates such as 0001-01-01 or 1970-01-01 that pages write when they have none."""
    return 1990 <= value.year <= 2200
