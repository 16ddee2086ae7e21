"""Metadata dates and small text helpers shared by the drop-folder format parsers."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime

from bot.models import Published

_DAY_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})(?:T?(\d{2})(\d{2})(\d{2})?)?Z?")
_SLASHED = re.compile(r"(\d{4})[/.](\d{1,2})[/.](\d{1,2})")


def parse_meta_date(text: str | None) -> Published | None:
    """Read a machine-written date (ISO 8601, RFC 2822, compact) as an aware UTC datetime, or a date.

    A bare day stays a date; a datetime without a zone is taken as UTC. Returns None when unreadable.
    """
    if not text:
        return None
    value = " ".join(str(text).split())
    if not value:
        return None
    if _DAY_ONLY.fullmatch(value):
        try:
            day = date.fromisoformat(value)
        except ValueError:
            return None
        return day if plausible(day) else None
    compact = _COMPACT.fullmatch(value)
    if compact:
        try:
            y, m, d = (int(g) for g in compact.groups()[:3])
            if compact.group(4) is None:
                return date(y, m, d)
            hh, mm, ss = (int(g or 0) for g in compact.groups()[3:])
            return datetime(y, m, d, hh, mm, ss, tzinfo=UTC)
        except ValueError:
            return None
    iso = _normalise_iso(value)
    try:
        moment = _utc(datetime.fromisoformat(iso))
    except ValueError:
        pass
    else:
        return moment if plausible(moment) else None
    try:
        moment = _utc(parsedate_to_datetime(value))
    except (TypeError, ValueError, IndexError):
        pass
    else:
        return moment if plausible(moment) else None
    slashed = _SLASHED.match(value)
    if slashed:
        try:
            return date(int(slashed.group(1)), int(slashed.group(2)), int(slashed.group(3)))
        except ValueError:
            return None
    return find_text_date(value)


def _normalise_iso(value: str) -> str:
    iso = value.replace(" ", "T", 1) if re.match(r"\d{4}-\d{2}-\d{2} \d", value) else value
    iso = re.sub(r"[zZ]$", "+00:00", iso)
    # Fractions beyond microseconds and offsets without a colon trip older fromisoformat versions.
    iso = re.sub(r"(\.\d{6})\d+", r"\1", iso)
    return re.sub(r"([+-]\d{2})(\d{2})$", r"\1:\2", iso)


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def split_paragraphs(text: str) -> list[str]:
    """Split plain text into paragraphs at blank lines, joining wrapped lines and collapsing spaces."""
    paragraphs: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        joined = " ".join(line.strip() for line in block.splitlines() if line.strip())
        joined = re.sub(r"[ \t\u00a0]{2,}", " ", joined).strip()
        if joined:
            paragraphs.append(joined)
    return paragraphs


def clean_inline(text: str | None) -> str:
    """Collapse whitespace in a one-line value such as a title."""
    return " ".join((text or "").split())


_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = (
    r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_MDY = re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.IGNORECASE)
_DMY = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+(\d{{4}})\b", re.IGNORECASE)
_YMD = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_URL_MONTH = re.compile(rf"/(\d{{4}})/{_MONTH}/(\d{{1,2}})/", re.IGNORECASE)


def find_text_date(text: str) -> date | None:
    """Find the first written English calendar date ("Nov. 18, 2019", "18 November 2019", "2019-11-18")."""
    best: tuple[int, date] | None = None
    for pattern, order in ((_MDY, "mdy"), (_DMY, "dmy"), (_YMD, "ymd")):
        found = pattern.search(text)
        if not found:
            continue
        groups = found.groups()
        try:
            if order == "mdy":
                day = date(int(groups[2]), _MONTHS[groups[0].lower()], int(groups[1]))
            elif order == "dmy":
                day = date(int(groups[2]), _MONTHS[groups[1].lower()], int(groups[0]))
            else:
                day = date(int(groups[0]), int(groups[1]), int(groups[2]))
        except (ValueError, KeyError):
            continue
        if plausible(day) and (best is None or found.start() < best[0]):
            best = (found.start(), day)
    return best[1] if best else None


def url_date(url: str) -> date | None:
    """Return a date written in a URL path: /2019/11/18/ or /2019/nov/18/."""
    found = re.search(r"/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:/|$|-|\.)", url)
    try:
        if found:
            day = date(int(found.group(1)), int(found.group(2)), int(found.group(3)))
            return day if plausible(day) else None
        found = _URL_MONTH.search(url)
        if found:
            day = date(int(found.group(1)), _MONTHS[found.group(2).lower()], int(found.group(3)))
            return day if plausible(day) else None
    except (ValueError, KeyError):
        return None
    return None


def plausible(value: date | datetime) -> bool:
    """Reject placeholder dates such as 0001-01-01 or 1970-01-01 that pages write when they have none."""
    return 1990 <= value.year <= 2200
