"""Dates written by machines: the one reader of ISO 8601, RFC 822 / 2822 and epoch times, and the one future rule.

Feeds (``bot.ingest.feedraw``), page and file metadata (``bot.ingest.formats.meta``, ``pagedate``, ``eml``) and
the reader of dates in text (``bot.text.dates``) all come through here, so that each form is read one way:

- the offset a date was written with is kept (``14:33-05:00`` stays 14:33 at -05:00: the day its readers were
  shown); a time without a zone is taken as UTC; a bare day stays a :class:`~datetime.date`;
- an offset is a real one (at most 14 hours, as on Earth) or the date is not read;
- a date is never believed after its reference (the injected clock, or a file's time) by more than the day a
  zone ahead of UTC can be (:func:`latest_day`).

Total functions: unreadable input gives None, never an exception.
"""

from __future__ import annotations

import calendar
import functools
import re
import time
from datetime import UTC, date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

from bot.text.datewords import MONTH_WORD, MONTHS

Stamp = date | datetime

# 2020-01-10, 2020/1/10 14:33:00, 2020-01-10T14:33:00.123+01:00, 2020-01-10 14:33 GMT: numbers only.
_NUMERIC = re.compile(
    r"\s*(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?"
    r"\s*(Z|GMT|UTC|[+-]\d{2}:?\d{2})?\s*$",
    re.IGNORECASE,
)
# 20191118, 20191118T1000, 20191118T100000Z: the basic format some metadata writes.
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})(?:T?(\d{2})(\d{2})(\d{2})?)?Z?")
_OFFSET = re.compile(r"(?:UTC|GMT)?([+-])(\d{1,2}):?(\d{2})?")
_MOST_OFFSET_HOURS = 14  # UTC+14 (Kiribati) is the furthest any zone is
# The numeric offset that ends a written date ('+0530', '-05:00', '+0000 (UTC)'): RFC 822's reader takes any
# two digit pairs (+2300, +0199 as 2:39), and feedparser's any at all (+99:99), so it is checked here first.
_WRITTEN_OFFSET = re.compile(r"[+-]\d{2}:?\d{2}(?=\s*(?:\([^()]*\))?\s*$)")
# A year of three or more digits that RFC 822's reader would take for two ('0000' as 2000, '0099' as 1999).
_PADDED_SHORT_YEAR = re.compile(r"(?<![\d:+-])0\d{2,}(?![\d:])")
ZONE_SLACK = timedelta(days=1)  # a day printed in a zone ahead of UTC may be the reference's tomorrow


def read_machine_date(text: object) -> Stamp | None:
    """Read ISO 8601 (and its numeric relatives) or RFC 822 / 2822: a date, an aware datetime, or None."""
    if not isinstance(text, str) or not text.strip():
        return None
    if _NUMERIC.match(text):
        return read_iso(text)  # numbers that do not make a date are not an RFC date either
    return read_iso(text) or aware(read_rfc2822(text))


def read_iso(text: str) -> Stamp | None:
    """Read an ISO 8601 date or date-time (also ``2020/1/10 14:33:00``, ``20191118T1000``); a bare day is a date."""
    try:
        return _iso(" ".join(text.split()))
    except (ValueError, OverflowError):  # a day or an hour out of range; a moment past the last datetime
        return None


def _iso(value: str) -> Stamp | None:
    found = _NUMERIC.fullmatch(value)
    if found:
        year, month, day, hour, minute, second, fraction, zone = found.groups()
        if hour is None:
            return date(int(year), int(month), int(day))
        micro = int((fraction or "0")[:6].ljust(6, "0"))
        moment = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0), micro, tzinfo=UTC)
        if not zone:
            return moment
        fixed = offset_zone(zone)
        if fixed is None:
            return None
        offset = fixed.utcoffset(None)
        _instant = moment.replace(tzinfo=None) - offset  # its instant must be a datetime too, or OverflowError
        return moment.replace(tzinfo=fixed)
    compact = _COMPACT.fullmatch(value)
    if compact:
        y, m, d = (int(g) for g in compact.groups()[:3])
        if compact.group(4) is None:
            return date(y, m, d)
        hh, mm, ss = (int(g or 0) for g in compact.groups()[3:])
        return datetime(y, m, d, hh, mm, ss, tzinfo=UTC)
    # The rest of ISO 8601 (week dates, hours alone, basic offsets) as Python reads it; fractions beyond
    # microseconds and offsets without a colon trip its reader.
    iso = re.sub(r"[zZ]$", "+00:00", value)
    iso = re.sub(r"(\.\d{6})\d+", r"\1", iso)
    iso = re.sub(r"([+-]\d{2})(\d{2})$", r"\1:\2", iso)
    return aware(datetime.fromisoformat(iso))


def read_rfc2822(text: str) -> datetime | None:
    """Read an RFC 822 / 2822 date (feeds, email): offset kept; naive when the zone is unknown (``-0000``).

    A date written as none can be (:func:`impossibly_written`: ``+2300``, ``+0199``, the year ``0000``) is not read.
    """
    if impossibly_written(text):
        return None
    text = _written_zone(_english_month(_CLOCK_12.sub(_clock_24, text)))
    try:
        return parsedate_to_datetime(text.strip())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


# The zone that ends a date, in the forms RFC 822's reader does not know and reads as no zone at all (the time
# then taken as UTC: an hour or more off): "GMT+1", "UTC+05:30", JavaScript's "GMT+0100 (Central European
# Standard Time)", and a zone's name other than RFC 822's few ("CET", "CEST", "JST", "AEDT").
_ZONE_AT_END = re.compile(
    r"(?<=\d:\d\d)(?::\d\d)?\s*(?P<zone>(?:GMT|UTC)\s*(?P<offset>[+-]\d{1,2}(?::?\d{2})?)|(?P<name>[A-Z]{3,5}))"
    r"(?:\s*\([^()]{0,60}\))?\s*$"
)
_RFC_ZONES = frozenset({"UT", "UTC", "GMT", "EST", "EDT", "CST", "CDT", "MST", "MDT", "PST", "PDT"})
# Names several zones share, read as no zone rather than guessed: IST (India, Israel, Ireland), AST (Atlantic,
# Arabia), GST (Gulf, South Georgia), SST (Samoa, Singapore), AMT (Amazon, Armenia), ECT (Ecuador, Eastern
# Caribbean), CAST, ADT (Atlantic, Arabia daylight).
_SHARED_ZONE_NAMES = frozenset({"IST", "AST", "GST", "SST", "AMT", "ECT", "CAST", "ADT"})


def _written_zone(text: str) -> str:
    """Return the date with the zone at its end as a numeric offset where RFC 822's reader would lose it."""
    found = _ZONE_AT_END.search(text)
    if found is None:
        return text
    if found["offset"] is not None:
        zone = offset_zone("GMT" + found["offset"])
        if zone is None:
            return ""  # an offset no zone has ("GMT+15"): written as no date can be, so not read
    elif found["name"] in _RFC_ZONES:
        return text
    else:
        seconds = None if found["name"] in _SHARED_ZONE_NAMES else _zone_names().get(found["name"])
        zone = None if seconds is None else timezone(timedelta(seconds=seconds))
    if zone is None:
        return text
    offset = zone.utcoffset(None)
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    return f"{text[: found.start('zone')].rstrip()} {sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"


@functools.cache
def _zone_names() -> dict[str, int]:
    """Zone names and their offsets in seconds, from dateparser's table (the first of a name wins, as there)."""
    from dateparser.timezones import timezone_info_list  # imported on the first zone name RFC 822 does not know

    names: dict[str, int] = {}
    for group in timezone_info_list:
        for name, seconds in group["timezones"]:
            if isinstance(name, str) and isinstance(seconds, int) and abs(seconds) <= _MOST_OFFSET_HOURS * 3600:
                names.setdefault(name.upper(), seconds)
    return names


# An RFC 822 date written with another language's day and month names ("Sa, 05 Dez 2026 19:00:00 +0100", "sáb, 05
# dic 2026 ..."): some sites' feeds and mailers localise them; RFC 822's reader then reads nothing.
_LOCAL_NAMES = re.compile(rf"^\s*(?:[^\W\d_]{{2,12}}\.?,?\s+)?(\d{{1,2}})\.?\s+({MONTH_WORD})\.?,?\s+(\d{{2,4}})\b")
_ENGLISH_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_ENGLISH_NAMES = frozenset(
    [name.lower() for name in _ENGLISH_MONTHS]
    + [
        "sept",
        "january",
        "february",
        "march",
        "april",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
)


def _english_month(text: str) -> str:
    """Return the date with another language's month name in English and its day name dropped; else as it is."""
    found = _LOCAL_NAMES.match(text)
    if found is None or (word := found[2].lower()) in _ENGLISH_NAMES:
        return text
    month = MONTHS.get(word)
    if month is None:
        return text
    return f"{found[1]} {_ENGLISH_MONTHS[month - 1]} {found[3]}{text[found.end() :]}"


# A 12-hour time ("4:30 PM", "12:05 a.m."), which RFC 822's reader takes for a zone it does not know: the hour
# and the written zone after it were lost ("4:30 PM +0100" read as 04:30, zone unknown).
_CLOCK_12 = re.compile(r"\b(1[0-2]|0?[1-9]):([0-5]\d)(?::([0-5]\d))?\s*([AaPp])\.?\s?[Mm]\b\.?")


def _clock_24(found: re.Match[str]) -> str:
    return f"{hour_24(int(found.group(1)), found.group(4)):02d}:{found.group(2)}:{found.group(3) or '00'}"


def hour_24(hour: int, meridiem: str | None) -> int:
    """Return a 12-hour clock's hour ("4" and "PM", "12" and "a.m.") on the 24-hour clock; without one, as it is."""
    mark = (meridiem or "").strip()[:1].lower()
    if mark == "p" and hour < 12:
        return hour + 12
    if mark == "a" and hour == 12:
        return 0
    return hour


def impossibly_written(text: str) -> bool:
    """Tell whether ``text`` is a date written as none can be, which no reader may read (feedparser's neither).

    That is a numeric offset at its end that no zone has (over 14 hours, or minutes over 59: read, ``+99:99``
    would move it by four days), or a year of three or more digits under 100, which RFC 822's two-digit rule
    would make 19xx or 20xx (``0000`` the year 2000).
    """
    found = _WRITTEN_OFFSET.search(text)
    if found is not None and offset_zone(found.group()) is None:
        return True
    return any(int(token) < 100 for token in _PADDED_SHORT_YEAR.findall(text))


def read_epoch(value: float | time.struct_time) -> datetime | None:
    """Read seconds since 1970 (or a UTC ``struct_time``, as feedparser gives) as an aware UTC datetime."""
    try:
        seconds = calendar.timegm(value) if isinstance(value, time.struct_time) else float(value)
        return datetime.fromtimestamp(seconds, UTC)
    except (OverflowError, ValueError, OSError, TypeError):
        return None


def aware(moment: datetime | None) -> datetime | None:
    """Return the moment with its written offset, or in UTC when it has none (or a zone with no offset)."""
    if moment is None:
        return None
    if moment.tzinfo is None or moment.utcoffset() is None:
        return moment.replace(tzinfo=UTC)
    return moment


def offset_zone(token: str) -> timezone | None:
    """Return the fixed zone ``Z``, ``UTC``, ``GMT``, ``+01:00``, ``-0500``, ``GMT+2``, ``UTC-3:30`` names, or None.

    None too for an offset no zone has (over 14 hours, or minutes over 59).
    """
    token = token.strip().upper().replace(" ", "")
    if token in ("Z", "UTC", "GMT"):
        return UTC
    offset = _OFFSET.fullmatch(token)
    if offset is None:
        return None
    sign = -1 if offset[1] == "-" else 1
    hours, minutes = int(offset[2]), int(offset[3] or 0)
    if hours > _MOST_OFFSET_HOURS or minutes > 59:
        return None
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def latest_day(reference: datetime) -> date:
    """Return the last day a date may be and still be believed, given when it was read (``reference``)."""
    return reference.date() + ZONE_SLACK


def after_reference(value: Stamp, reference: datetime) -> bool:
    """Tell whether a date is later than anything written by ``reference`` can be (see :func:`latest_day`)."""
    day = value.date() if isinstance(value, datetime) else value
    return day > latest_day(reference)


def not_after(moment: datetime | None, now: datetime) -> datetime:
    """Return ``moment``, or ``now`` when it is unknown or later than now (an entry's arrival bounds it)."""
    return now if moment is None or moment > now else moment
