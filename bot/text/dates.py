"""Read publication dates written the ways news pages write them; total functions that never raise."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

from bot.text.asciiwords import case_safe
from bot.text.datewords import MONTHS, WEEKDAY_PATTERN, ZONES

# Longer inputs are cut: a date worth reading sits in a header line or a metadata value, not deep in a book.
_MAX_CHARS = 4000
# The look-ahead on the first letters only says early what the names say: the engine then skips most
# positions without trying a hundred names at each.
_MONTH = (
    f"(?=[{''.join(sorted({m[0] for m in MONTHS}))}])(?:"
    + "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
    + r")\.?"
)
_ORD = r"(?:st|nd|rd|th|er|\.)?"
_YEAR = r"(?:19[7-9]\d|2[01]\d\d)"

_MDY = re.compile(rf"(?<![\w])(?P<mon>{_MONTH})\s*(?P<day>[0-3]?\d){_ORD}(?:,\s*|\s+)(?P<year>{_YEAR})(?!\d)", re.I)
_DMY = re.compile(
    rf"(?<![\w.])(?P<day>[0-3]?\d){_ORD}\s*(?:of\s+|de\s+)?(?P<mon>{_MONTH})(?:,\s*|\s+|\s+de\s+)(?P<year>{_YEAR})(?!\d)",
    re.I,
)
_ISO = re.compile(
    rf"(?<![\w])(?P<year>{_YEAR})-(?P<mon>[01]\d)-(?P<day>[0-3]\d)"
    r"(?:[T ](?P<h>[0-2]\d):(?P<mi>[0-5]\d)(?::(?P<s>[0-5]\d)(?:\.\d+)?)?(?P<tz>Z|[+-][0-2]\d:?[0-5]\d)?)?(?![\d])"
)
_YMD = re.compile(rf"(?<![\w.])(?P<year>{_YEAR})[./](?P<mon>[01]?\d)[./](?P<day>[0-3]?\d)(?![\d])")
_NUMERIC = re.compile(r"(?<![\w./])(?P<a>[0-3]?\d)[/.](?P<b>[0-3]?\d)[/.](?P<year>\d{4}|\d{2})(?![\d/.])")
_MD = re.compile(rf"(?<![\w])(?P<mon>{_MONTH})\s+(?P<day>[0-3]?\d){_ORD}(?![\d:])(?!\s*,?\s*\d{{4}})", re.I)
_RELATIVE = re.compile(
    r"\b(?P<n>\d{1,3}|an?|one)\s*(?P<unit>sec(?:ond)?s?|min(?:ute)?s?|h(?:ou)?rs?|hours?|days?|weeks?)\s+ago\b", re.I
)
_YESTERDAY = re.compile(r"\b(?P<word>yesterday|today)\b", re.I)
_TIME = (
    r"(?P<th>[0-2]?\d)(?:[:.](?P<tmi>[0-5]\d))?(?::[0-5]\d)?\s*(?P<ampm>[aApP]\.?\s?[mM]\b\.?)?"
    r"(?:\s*\(?(?P<tz>[A-Z]{1,5}|UTC\s?[+-]\s?\d{1,2}|GMT\s?[+-]\s?\d{1,2}|[+-]\d{2}:?\d{2})\)?(?![\w]))?"
)
_SEP = r"[\s,|/•·\u2013\u2014\-]*"
_TIME_AFTER = re.compile(rf"{_SEP}(?:at\s+|um\s+|à\s+)?{_TIME}")
_TIME_BEFORE = re.compile(rf"{_TIME}{_SEP}(?:(?i:{WEEKDAY_PATTERN})\.?,?\s*)?$")
_UPDATED = re.compile(r"(updated|modified|edited|last\s+change|aktualisiert|actualizado|atualizado)\W*$", re.I)
_PUBLISHED = re.compile(r"(published|posted|first\s+publish|created|original|veröffentlicht|publicado)", re.I)
_RELATIVE_COMPANIONS = {"updated", "published", "posted", "at", "on", "last", "am", "pm", "a", "p", "m", "edited"}
_ANY_DIGIT = re.compile(r"\d")
# Every pattern with a four-digit year needs this; without it they are not tried.
_HAS_YEAR = re.compile(rf"{_YEAR}(?!\d)")
_RELATIVE_CHARS = 120
_RFC2822 = re.compile(r"^\s*(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{1,2}:\d{2}")


@dataclass(frozen=True, slots=True)
class DateMatch:
    """One date found in a text: the value to store, the calendar day as written, and where it was."""

    value: date | datetime
    day: date
    start: int
    end: int
    updated: bool = False
    published: bool = False


def parse_date(text: str, *, reference: datetime) -> date | datetime | None:
    """Return the publication date written in ``text``: a date, an aware UTC datetime, or None."""
    best = best_match(search_dates(text, reference=reference))
    return best.value if best else None


def find_date(lines: Sequence[str], *, reference: datetime) -> date | datetime | None:
    """Return the best publication date among ``lines`` (a page header), preferring published to updated."""
    matches = [m for line in lines for m in search_dates(line, reference=reference)]
    best = best_match(matches)
    return best.value if best else None


def best_match(matches: Sequence[DateMatch]) -> DateMatch | None:
    """Pick the first date marked published, else the first not marked updated, else the first."""
    for wanted in (lambda m: m.published, lambda m: not m.updated, lambda m: True):
        for match in matches:
            if wanted(match):
                return match
    return None


def search_dates(text: str, *, reference: datetime) -> list[DateMatch]:
    """Return every date written in ``text`` in order of position; never raises."""
    try:
        return _search(str(text)[:_MAX_CHARS], _aware(reference))
    except (ValueError, OverflowError, TypeError, IndexError, KeyError):  # pragma: no cover - belt and braces
        return []


def _aware(reference: datetime) -> datetime:
    return reference.replace(tzinfo=UTC) if reference.tzinfo is None else reference.astimezone(UTC)


def _search(text: str, reference: datetime) -> list[DateMatch]:
    if not _ANY_DIGIT.search(text):
        return _relative(text, reference) if len(text) <= _RELATIVE_CHARS else []  # no digit, no calendar date
    if _RFC2822.match(text):
        rfc = _rfc2822(text)
        if rfc is not None:
            return [rfc]
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    if _HAS_YEAR.search(text):
        patterns: tuple[re.Pattern[str], ...] = (_ISO, _MDY, _DMY, _YMD, _NUMERIC)
    else:
        patterns = (_NUMERIC,) if "/" in text or "." in text else ()
    for pattern in patterns:
        for m in pattern.finditer(text):
            if not free(m.start(), m.end()):
                continue
            day = _day_of(m, pattern, reference)
            if day is None:
                continue
            taken.append((m.start(), m.end()))
            found.append(_with_time(text, m, day, pattern is _ISO))
    for m in _MD.finditer(text):
        if free(m.start(), m.end()):
            day = _yearless(m, reference)
            if day is not None:
                taken.append((m.start(), m.end()))
                found.append(_with_time(text, m, day, False))
    if not found and len(text) <= _RELATIVE_CHARS:  # "today" deep in a sentence is no publication date
        found.extend(_relative(text, reference))
    found.sort(key=lambda d: d.start)
    return found


def _rfc2822(text: str) -> DateMatch | None:
    try:
        value = parsedate_to_datetime(text.strip())
    except (ValueError, TypeError, IndexError):
        return None
    if value.tzinfo is None:
        return DateMatch(value.date(), value.date(), 0, len(text))
    return DateMatch(value.astimezone(UTC), value.date(), 0, len(text))


def _month_number(token: str) -> int | None:
    return MONTHS.get(token.lower().rstrip("."))


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _day_of(m: re.Match[str], pattern: re.Pattern[str], reference: datetime) -> date | None:
    if pattern is _NUMERIC:
        a, b, year = int(m["a"]), int(m["b"]), int(m["year"])
        if year < 100:
            year += 2000 if year <= reference.year % 100 + 1 else 1900
        if a > 12 >= b:
            return _safe_date(year, b, a)
        if b > 12 >= a:
            return _safe_date(year, a, b)
        if a == b:
            return _safe_date(year, a, b)
        return None  # 03/04/2025 could be March or April: refuse to guess
    month = _month_number(m["mon"]) if pattern in (_MDY, _DMY) else int(m["mon"])
    if month is None:
        return None
    return _safe_date(int(m["year"]), month, int(m["day"]))


def _yearless(m: re.Match[str], reference: datetime) -> date | None:
    month = _month_number(m["mon"])
    if month is None:
        return None
    # The most recent such day not after the reference (plus a day of slack for time zones).
    for year in (reference.year, reference.year - 1):
        day = _safe_date(year, month, int(m["day"]))
        if day is not None and day <= reference.date() + timedelta(days=1):
            return day
    return None


def _with_time(text: str, m: re.Match[str], day: date, iso: bool) -> DateMatch:
    start, end = m.start(), m.end()
    value: date | datetime = day
    if iso and m["h"] is not None:
        zone = _zone(m["tz"] or "", day)
        if zone is not None:
            clock = datetime(day.year, day.month, day.day, int(m["h"]) % 24, int(m["mi"]), tzinfo=zone)
            value = clock.astimezone(UTC)
    else:
        after = _TIME_AFTER.match(text, end)
        before = _TIME_BEFORE.search(text[max(0, start - 40) : start])
        timed = after if after and _is_time(after) else None
        if timed is None and before and _is_time(before):
            timed = before
            start = max(0, start - 40) + before.start()
        elif timed is not None:
            end = timed.end()
        if timed is not None:
            value = _timed(day, timed) or day
    prefix = text[max(0, start - 30) : start]
    return DateMatch(value, day, start, end, bool(_UPDATED.search(prefix)), bool(_PUBLISHED.search(prefix)))


def _is_time(m: re.Match[str]) -> bool:
    return bool(m["tmi"] or m["ampm"]) and int(m["th"]) <= 24


def _timed(day: date, m: re.Match[str]) -> datetime | None:
    zone = _zone(m["tz"] or "", day)
    if zone is None:
        return None  # a time without a zone says nothing exact: keep the day
    hour, minute = int(m["th"]), int(m["tmi"] or 0)
    ampm = (m["ampm"] or "").lower().replace(".", "").replace(" ", "")
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    if hour > 23:
        return None
    local = datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)
    return local.astimezone(UTC)


def _zone(token: str, day: date) -> tzinfo | None:
    token = token.strip().upper().replace(" ", "")
    if not token:
        return None
    if token == "Z":  # noqa: S105 - the zone letter of ISO 8601, no secret
        return UTC
    offset = re.fullmatch(r"(?:UTC|GMT)?([+-])(\d{1,2}):?(\d{2})?", token)
    if offset:
        sign = -1 if offset[1] == "-" else 1
        hours, minutes = int(offset[2]), int(offset[3] or 0)
        if hours > 14 or minutes > 59:
            return None
        return timezone(sign * timedelta(hours=hours, minutes=minutes))
    named = ZONES.get(token)
    if named is None:
        return None
    if isinstance(named, str):
        return ZoneInfo(named)
    return timezone(timedelta(hours=named))


def _relative(text: str, reference: datetime) -> list[DateMatch]:
    found: list[DateMatch] = []
    # Under re.IGNORECASE a few non-ASCII letters match ASCII ones: only case-safe text is ruled out by its words.
    lower = text.lower() if case_safe(text) else None
    if lower is not None and "ago" not in lower and "yesterday" not in lower and "today" not in lower:
        return found
    for m in _RELATIVE.finditer(text):
        n = 1 if m["n"].lower() in ("a", "an", "one") else int(m["n"])
        unit = m["unit"].lower()
        if unit.startswith("s"):
            delta = timedelta(seconds=n)
        elif unit.startswith("m"):
            delta = timedelta(minutes=n)
        elif unit.startswith("h"):
            delta = timedelta(hours=n)
        elif unit.startswith("d"):
            delta = timedelta(days=n)
        else:
            delta = timedelta(weeks=n)
        when = reference - delta
        # Hours and minutes ago pin a moment; days and weeks ago only a day.
        value: date | datetime = when if delta < timedelta(days=1) else when.date()
        found.append(DateMatch(value, when.date(), m.start(), m.end()))
    for m in _YESTERDAY.finditer(text):
        if set(re.findall(r"[a-z]+", text.lower().replace(m[0].lower(), " "))) - _RELATIVE_COMPANIONS:
            continue  # "Most popular today" is no date; "Today 12:01 AM" is
        day = reference.date() - timedelta(days=1 if m["word"].lower() == "yesterday" else 0)
        found.append(DateMatch(day, day, m.start(), m.end()))
    return found
