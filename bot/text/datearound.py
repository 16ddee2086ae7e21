"""What is written around a date in a text: its time of day and zone, and an "updated" or "published" word before it.

bot.text.dates finds the date; this reads its surroundings, the same for every reference and day order, so a
line's are remembered (:data:`around`).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo

from bot.text.datewords import WEEKDAY_PATTERN, ZONES
from bot.text.linepatterns import contains_any
from bot.text.machinedates import hour_24, offset_zone

__all__ = ["around", "names_a_stamp", "read_around", "timed", "updated", "zone_of"]

# A time's minutes follow ":", "." or, in French, "h" ("10h15", "10 h 15"). A zone ends at a non-word character or,
# glued, at a capitalised word ("2:14 PM UTCUpdated 2 hours ago"); an offset after UTC or GMT is the zone's
# ("18:00 (GMT+7)": the name alone was read, as UTC).
_TIME = (
    r"(?P<th>[0-2]?\d)(?:(?:[:.]|\s?h\s?)(?P<tmi>[0-5]\d))?(?::[0-5]\d)?\s*(?P<ampm>[aApP]\.?\s?[mM]\b\.?)?"
    r"(?:\s*\(?(?P<tz>UTC\s?[+-]\s?\d{1,2}(?::?[0-5]\d)?|GMT\s?[+-]\s?\d{1,2}(?::?[0-5]\d)?|[A-Z]{1,5}|[+-]\d{2}:?\d{2})\)?"
    r"(?:(?!\w)|(?=[A-Z][a-z])))?"
)
_SEP = r"[\s,|/•·\u2013\u2014\-]*"
_TIME_AFTER = re.compile(rf"{_SEP}(?:at\s+|um\s+|à\s+|เวลา\s*)?{_TIME}")  # Thai "เวลา 14.30 น." too
_TIME_BEFORE = re.compile(rf"{_TIME}{_SEP}(?:(?i:{WEEKDAY_PATTERN})\.?,?\s*)?$")
_UPDATED_WORDS = (
    r"(updated|modified|edited|last\s+change|aktualisiert|actualizado|atualizado|mis\s+à\s+jour|aggiornato"
    r"|обновлено|更新日?|最終更新|修改)"
)
_UPDATED = re.compile(rf"{_UPDATED_WORDS}(?:\s+(?:on|at|le|am|el|em|il|el\s+día))?\W*$", re.I)
# The words of _UPDATED written in ASCII letters ("last" for "last change"): what an ASCII text needs for it.
_UPDATED_ASCII = ("updated", "modified", "edited", "last", "aktualisiert", "actualizado", "atualizado", "aggiornato")
_PUBLISHED = re.compile(
    r"(published|posted|first\s+publish|created|original|veröffentlicht|publicado|publié|pubblicato|опубликовано"
    r"|公開日?|投稿日?|发布|發布|配信)",
    re.I,
)
# Either word anywhere, or a citation's "Retrieved": a line that says when it was published, updated or read, not
# a sentence of the story.
_STAMP = re.compile(
    rf"{_UPDATED_WORDS}|{_PUBLISHED.pattern}|retrieved|accessed|abgerufen|consultad[oa]|consulté|visitato", re.I
)
_HOUR_DIGIT = re.compile(r"\d")  # _TIME_BEFORE's hour is one: without a digit it is not tried (0.5 us a date)
_OFFSET_LIKE = re.compile(r"(?:UTC|GMT)?[+-]\d{1,2}:?(?:\d{2})?")  # an offset out of range is no named zone


def names_a_stamp(text: str) -> bool:
    """Tell whether ``text`` has a word of publishing, updating or reading ("Posted by ... on", "Retrieved")."""
    return _STAMP.search(text) is not None


def read_around(text: str, start: int, end: int, read_time: bool) -> tuple[re.Match[str] | None, int, int, bool, bool]:
    """Return the text around a date: its time, where the date and time start and end, "updated", "published".

    The time is read only when ``read_time``. Nothing here depends on the day read (cached like the scan: a page's
    date lines are read twice).
    """
    found = None
    if read_time:
        after = _TIME_AFTER.match(text, end)
        ahead = text[max(0, start - 40) : start]
        before = _TIME_BEFORE.search(ahead) if _HOUR_DIGIT.search(ahead) else None
        found = after if after and is_time(after) else None
        if found is None and before and is_time(before):
            found = before
            start = max(0, start - 40) + before.start()
        elif found is not None:
            end = found.end()
    prefix = text[max(0, start - 30) : start]
    return found, start, end, updated(prefix), _PUBLISHED.search(prefix) is not None


around = lru_cache(maxsize=4096)(read_around)


def updated(prefix: str) -> bool:
    """Tell whether _UPDATED finds its word at the end of ``prefix``, testing cheaply first (2 us a date).

    In ASCII text only its ASCII words can match, and under re.IGNORECASE only as their ASCII letters in any case:
    without one of them in the lower-cased text it cannot (tests/test_dates_fastpaths.py).
    """
    if prefix.isascii() and not contains_any(prefix.lower(), _UPDATED_ASCII):
        return False
    return _UPDATED.search(prefix) is not None


def is_time(m: re.Match[str]) -> bool:
    return bool(m["tmi"] or m["ampm"]) and int(m["th"]) <= 24


def timed(day: date, m: re.Match[str]) -> datetime | None:
    """Return the day at the time ``m`` reads, in the zone it names (as printed), or None without a zone."""
    zone = zone_of(m["tz"] or "", day)
    if zone is None:
        return None  # a time without a zone says nothing exact: keep the day
    hour, minute = hour_24(int(m["th"]), m["ampm"]), int(m["tmi"] or 0)
    if hour > 23:
        return None
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)


def zone_of(token: str, day: date) -> tzinfo | None:
    """Return the zone a time names ("EST", "UTC+2", "+05:30") on ``day``, or None for no zone or an unknown one."""
    token = token.strip().upper().replace(" ", "")
    if not token:
        return None
    fixed = offset_zone(token)  # Z, UTC, GMT and written offsets: read as every machine-written date's
    if fixed is not None or _OFFSET_LIKE.fullmatch(token):
        return fixed
    named = ZONES.get(token)
    if named is None:
        return None
    if isinstance(named, str):
        return ZoneInfo(named)
    return timezone(timedelta(hours=named))
