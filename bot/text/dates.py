"""Read publication dates written the ways news pages write them; total functions that never raise."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime
from functools import lru_cache

from bot.text.datearound import around as _around
from bot.text.datearound import read_around as _read_around
from bot.text.datearound import timed as _timed
from bot.text.datearound import zone_of as _zone
from bot.text.datematch import DateMatch
from bot.text.datewords import MONTH_WORD, MONTHS, ORDINAL_SUFFIXES, THAI_ABBREVIATIONS, may_name_month
from bot.text.machinedates import latest_day, read_rfc2822
from bot.text.relativedates import may_find_without_digits, relative_dates
from bot.text.solarhijri import MONTHS as SOLAR_MONTHS
from bot.text.solarhijri import YEAR as SOLAR_YEAR
from bot.text.solarhijri import to_gregorian as solar_to_gregorian

__all__ = [
    "DateMatch",
    "best_match",
    "find_date",
    "has_digit",
    "may_hold_date",
    "outside_dates",
    "parse_date",
    "search_dates",
    "search_lines",
    "with_anchor",
    "year_anchor",
]

# Longer inputs are cut: a date worth reading sits in a header line or a metadata value, not deep in a book.
_MAX_CHARS = 4000
# Any word of letters stands where a month may be; the match counts only when MONTHS knows the word. One
# short class is faster than an alternation of seven hundred names in 35 languages, and it reads "Mai",
# "мая" and "outubro" alike.
_MONTH = rf"{MONTH_WORD}\.?"
# Two names of one month joined by a slash: the Levant's and Egypt's in Arabic papers ("تشرين الثاني/نوفمبر").
# Asked only of a text with a slash (the second name costs a third more a line).
_MONTH_PAIR = rf"{MONTH_WORD}\.?\s?/\s?{MONTH_WORD}"
_ORD = rf"(?:{'|'.join(ORDINAL_SUFFIXES)}|\.)?"
_YEAR = r"(?:19[7-9]\d|2[01]\d\d)"
# A year ends at a non-digit, or where a page's separate spans of date and time were copied glued together
# ("December 5, 20262:14 PM UTC": Reuters' pages).
_YEAR_END = r"(?:(?!\d)|(?=[0-2]?\d:[0-5]\d))"

_MDY_FORM = r"(?<![\w])(?P<mon>{month})\s*(?P<day>[0-3]?\d){ordinal}(?:,\s*|\s+)(?P<year>{year}){year_end}"
_DMY_FORM = (
    r"(?<![\w.])(?P<day>[0-3]?\d){ordinal}\s*(?:of\s+|de\s+)?(?P<mon>{month})(?:,\s*|\s+|\s+de\s+)"
    r"(?P<year>{year}){year_end}"
)
_MDY, _DMY, _MDY_PAIR, _DMY_PAIR = (
    re.compile(form.format(month=month, ordinal=_ORD, year=_YEAR, year_end=_YEAR_END), re.I)
    for month in (_MONTH, _MONTH_PAIR)
    for form in (_MDY_FORM, _DMY_FORM)
)
_PAIRED = {_MDY: _MDY_PAIR, _DMY: _DMY_PAIR}
# Day, month's name and year joined by hyphens ("07-Dec-2026", "7-DEC-2026": wire services' releases, older CMSs,
# spreadsheets); never inside a word or an address ("/apple-pencil-2-march-2017/").
_DMY_DASH = re.compile(rf"(?<![\w./-])(?P<day>[0-3]?\d)-(?P<mon>{_MONTH})-(?P<year>{_YEAR})(?![\w-])", re.I)
_NAMED = (_MDY, _DMY, _MDY_PAIR, _DMY_PAIR, _DMY_DASH)
# A numeric date may be glued to a label in a script of its own ("송고시간2026-12-04 18:00", Yonhap's "sent at"; "发布
# 时间2026.12.04"), never to a Latin, Greek or Cyrillic word or a number.
_GLUE_NOT = r"(?<![0-9A-Za-z_\u00c0-\u02af\u0370-\u052f])"
_ISO = re.compile(
    rf"{_GLUE_NOT}(?P<year>{_YEAR})-(?P<mon>[01]\d)-(?P<day>[0-3]\d)"
    r"(?:[T ](?P<h>[0-2]\d):(?P<mi>[0-5]\d)(?::(?P<s>[0-5]\d)(?:\.\d+)?)?(?P<tz>Z|[+-][0-2]\d:?[0-5]\d)?)?(?![\d])"
)
# Japanese, Chinese and Korean: 2019年3月4日, 2019년 3월 4일.
_CJK = re.compile(rf"(?<!\d)(?P<year>{_YEAR})\s*[年년]\s*(?P<mon>[01]?\d)\s*[月월]\s*(?P<day>[0-3]?\d)\s*[日일]?")
# Year first with dots or slashes ("2026.12.05", "2026/12/05"), and as Korean pages write it, a blank after each dot
# and a dot after the day ("2026. 12. 5. 오후 3:20").
_YMD = re.compile(
    rf"{_GLUE_NOT}(?<!\.)(?P<year>{_YEAR})[./](?P<spaced> )?(?P<mon>[01]?\d)[./](?(spaced) )(?P<day>[0-3]?\d)"
    r"(?(spaced)\.)(?![\d])"
)
_NUMERIC = re.compile(r"(?<![\w./])(?P<a>[0-3]?\d)[/.](?P<b>[0-3]?\d)[/.](?P<year>\d{4}|\d{2})(?![\d/.])")
_WITH_YEAR: tuple[re.Pattern[str], ...] = (_ISO, _MDY, _DMY, _DMY_DASH, _CJK, _YMD, _NUMERIC)
_MD = re.compile(rf"(?<![\w])(?P<mon>{_MONTH})\s+(?P<day>[0-3]?\d){_ORD}(?![\d:])(?!\s*,?\s*\d{{4}})", re.I)
# Without a year in Chinese, Japanese and Korean: 11月17日, 3월 4일 (a year before it is read by _CJK first).
_CJK_LINE = 30
_CJK_MD = re.compile(r"(?<![\d年년])(?P<mon>[01]?\d)\s*[月월]\s*(?P<day>[0-3]?\d)\s*[日일]")
# Digits of other scripts read as ASCII ones, one character for one, so positions hold: full-width digits, colon
# and slash (U+FF10-FF19, FF1A, FF0F; Japanese and Chinese pages write them), Arabic-Indic (Egyptian and Gulf
# papers), Persian and Urdu, Devanagari and Bengali digits, Thai, Lao, Burmese and Khmer digits.
_LOCAL_ZEROS = (0x0660, 0x06F0, 0x0966, 0x09E6, 0x0E50, 0x0ED0, 0x1040, 0x17E0, 0xFF10)
_LOCAL_CHARS = re.compile(
    "[\u0660-\u0669\u06f0-\u06f9\u0966-\u096f\u09e6-\u09ef\u0e50-\u0e59\u0ed0-\u0ed9\u1040-\u1049\u17e0-\u17e9"
    "\uff0f-\uff1a]"
)
_LOCAL_FIRST = "\u0660"  # a text whose greatest character is below it has none (max() is a quick pass)
_LOCAL = str.maketrans({zero + i: str(i) for zero in _LOCAL_ZEROS for i in range(10)} | {0xFF1A: ":", 0xFF0F: "/"})
_ANY_DIGIT = re.compile(r"\d")
# A Solar Hijri date ("۱۴ آذر ۱۴۰۵", "۱۴ آذرماه ۱۴۰۵": Persian papers print it, often beside the Gregorian one), read
# after the digits' translation; asked only of a text with a character of the Arabic script.
_SOLAR = re.compile(
    rf"(?<!\w)(?P<day>[0-3]?\d)\s*(?P<mon>{'|'.join(sorted(SOLAR_MONTHS, key=len, reverse=True))})"
    rf"(?:\u200c?\s?ماه)?\s+(?P<year>{SOLAR_YEAR})(?!\d)"
)
_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff]")
# Vietnamese writes the month as a number after "tháng" (month): "ngày 5 tháng 12 năm 2026" (day 5, month 12, year
# 2026), "5 tháng 12, 2026"; asked only of a text that holds "háng".
_VIETNAMESE = re.compile(
    rf"(?<!\w)(?:ngày\s+)?(?P<day>[0-3]?\d)\s+tháng\s+(?P<mon>[01]?\d)(?:\s*,\s*|\s+năm\s+|\s+)(?P<year>{_YEAR})"
    rf"{_YEAR_END}",
    re.I,
)
# ASCII digits as 1, every other byte as 0: an ASCII text holds a digit when its translated bytes hold a 1.
_DIGIT_MARKS = bytes(int(48 <= b <= 57) for b in range(256))
# Every pattern with a four-digit year needs this; without it they are not tried.
_HAS_YEAR = re.compile(rf"{_YEAR}{_YEAR_END}")
# Thai: a day, a month's name or dotted initials ("ธันวาคม", "ธ.ค."), the era's initials or none, and a year of the
# Buddhist Era ("2569", "69": the year AD plus 543) or, after "ค.ศ." or in the years _YEAR reads, AD. A weekday
# before it ("วันเสาร์ที่ 5 ธันวาคม พ.ศ. 2569") is text before the match. Asked only of a text with a Thai letter.
_THAI_ABBREVIATION = "|".join(re.escape(name) for name in THAI_ABBREVIATIONS)
_THAI = re.compile(
    rf"(?<![\d.])(?P<day>[0-3]?\d)\s*(?P<mon>{_THAI_ABBREVIATION}|[\u0e01-\u0e4e]{{3,15}})\s*"
    r"(?:(?P<era>[\u0e1e\u0e04]\.\s?\u0e28\.)\s*)?(?P<year>\d{4}|\d{2})(?!\d)"
)
_THAI_LETTER = re.compile("[\u0e01-\u0e4e]")
_AD_ERA = "\u0e04"  # ค of ค.ศ. (Christian Era); พ.ศ. is the Buddhist Era
_BUDDHIST_ERA = 543
_BUDDHIST_YEARS = range(2400, 2700)  # a four-digit year there is the Buddhist Era's: no news is dated AD 2400
_RELATIVE_CHARS = 120
_CJK_YEAR_MARKS = ("\u5e74", "\ub144")  # 年 and 년: _CJK needs one
_RFC2822 = re.compile(r"^\s*(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{1,2}:\d{2}")


def parse_date(text: str, *, reference: datetime) -> date | datetime | None:
    """Return the publication date written in ``text``: a date, an aware UTC datetime, or None."""
    best = best_match(search_dates(text, reference=reference))
    return best.value if best else None


def find_date(lines: Sequence[str], *, reference: datetime) -> date | datetime | None:
    """Return the best publication date among ``lines`` (a page header), preferring published to updated."""
    best = best_match(search_lines(lines, reference=reference))
    return best.value if best else None


def search_lines(lines: Sequence[str], *, reference: datetime) -> list[DateMatch]:
    """Return every date in ``lines``; a date without a year takes it from the lines' dates that have one."""
    matches = [m for line in lines for m in search_dates(line, reference=reference)]
    anchor = year_anchor(matches)
    if anchor is None or not any(m.kind == "yearless" for m in matches):
        return matches
    return [m for line in lines for m in search_dates(line, reference=reference, anchor=anchor)]


def year_anchor(matches: Sequence[DateMatch]) -> date | None:
    """Return the page's own evidence of when it was written: its first date written with a year."""
    return next((m.day for m in matches if m.kind == "full"), None)


def best_match(matches: Sequence[DateMatch]) -> DateMatch | None:
    """Pick the first date marked published, else the first not marked updated, else the first.

    Where the matches hold dates of two calendars, a Solar Hijri day that no Gregorian date of them agrees with is
    not taken: the Gregorian date wins.
    """
    gregorian = {m.day for m in matches if m.kind == "full"}
    if gregorian and any(m.kind == "solar" for m in matches):
        matches = [m for m in matches if m.kind != "solar" or m.day in gregorian]
    for wanted in (lambda m: m.published, lambda m: not m.updated, lambda m: True):
        for match in matches:
            if wanted(match):
                return match
    return None


def outside_dates(text: str, matches: Sequence[DateMatch]) -> str:
    """Return ``text`` with each of its dates ``matches`` found in it blanked out (the words beside the dates)."""
    outside = text
    for m in reversed(matches):
        outside = outside[: m.start] + " " + outside[m.end :]
    return outside


def search_dates(
    text: str, *, reference: datetime, anchor: date | None = None, day_first: bool | None = None
) -> list[DateMatch]:
    """Return every date written in ``text`` in order of position; never raises.

    A date written without a year ("Nov 18") takes the year that puts it nearest ``anchor`` (the page's
    other evidence, e.g. :func:`year_anchor`) or, without one, the latest year; never a day after
    ``reference`` (the injected clock or the file's time). ``day_first`` settles 03/04/2025 as the page's
    other dates write theirs (see bot.text.pagedates); without it such a date is refused, not guessed.
    """
    try:
        text = str(text)[:_MAX_CHARS]
        if not text.isascii() and max(text) >= _LOCAL_FIRST and _LOCAL_CHARS.search(text):
            text = text.translate(_LOCAL)  # translating every line costs more than all the patterns
        digits = has_digit(text)
        if not digits and not _may_be_relative(text):
            return []  # no calendar date, and no "yesterday" or "a day ago" either (most lines the classifier asks)
        return _search(text, _aware(reference), anchor, day_first, digits)
    except (ValueError, OverflowError, TypeError, IndexError, KeyError):  # pragma: no cover - belt and braces
        return []


def may_hold_date(text: str) -> bool:
    """Tell whether :func:`search_dates` may find a date in ``text`` (False: it finds none, at any reference).

    The test search_dates makes first: a decimal digit, or the words of a relative date. The line classifier asks
    it of every short line before its cached count of the words beside the dates (most hold neither).
    """
    text = str(text)[:_MAX_CHARS]  # (other scripts' digits are digits: search_dates' translation changes no answer)
    return has_digit(text) or _may_be_relative(text)


def _may_be_relative(text: str) -> bool:
    """Tell whether a text without a decimal digit may give a relative date ("yesterday", "a day ago")."""
    return len(text) <= _RELATIVE_CHARS and may_find_without_digits(text)


def has_digit(text: str) -> bool:
    """Tell whether ``text`` holds a decimal digit of any script, as a pattern's digit class does; ASCII by its bytes.

    A regular expression's search for one character tries every place (0.56 us on a line of 100 characters); the
    bytes of an ASCII text are translated and searched in one pass each (0.2 us). Other text takes the search.
    """
    if text.isascii():
        return b"\x01" in text.encode("ascii").translate(_DIGIT_MARKS)
    return _ANY_DIGIT.search(text) is not None


def _aware(reference: datetime) -> datetime:
    return reference.replace(tzinfo=UTC) if reference.tzinfo is None else reference.astimezone(UTC)


def _search(
    text: str, reference: datetime, anchor: date | None, day_first: bool | None, digits: bool
) -> list[DateMatch]:
    if not digits:
        return relative_dates(text, reference) if len(text) <= _RELATIVE_CHARS else []  # no digit, no calendar date
    if _RFC2822.match(text):
        rfc = _rfc2822(text)
        if rfc is not None:
            return [rfc]
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    with_year, yearless = (_scanned if len(text) <= _CACHED_CHARS else _scan)(text)
    for pattern, m in with_year:
        if not free(m.start(), m.end()):
            continue
        day = _day_of(m, pattern, reference, day_first)
        if day is None:
            continue
        taken.append((m.start(), m.end()))
        dated = _with_time(text, m, day, pattern is _ISO)
        found.append(replace(dated, kind="solar") if pattern is _SOLAR else dated)
    anchor = anchor or year_anchor(found)
    for m in yearless:
        if free(m.start(), m.end()):
            day = _yearless(m, reference, anchor)
            if day is not None:
                taken.append((m.start(), m.end()))
                found.append(replace(_with_time(text, m, day, False), kind="yearless"))
    if not found and len(text) <= _RELATIVE_CHARS:  # "today" deep in a sentence is no publication date
        found.extend(relative_dates(text, reference))
    found.sort(key=lambda d: d.start)
    return found


def _scan(text: str) -> tuple[tuple[tuple[re.Pattern[str], re.Match[str]], ...], tuple[re.Match[str], ...]]:
    """Return what the patterns find in ``text``: each match with a year (and its pattern), then the year-less.

    In the order :func:`_search` weighs them. Nothing here depends on the reference, the anchor or the day
    order, so a text is scanned once: the line classifier asks of every short line (with its own reference), and
    the page's date asks again of its date lines (tests/test_dates_fastpaths.py compares with the scan).
    """
    # _MDY, _DMY and _MD read a date only at a month name (2-3 us a line each when run for nothing).
    months = may_name_month(text)
    dots = "/" in text or "." in text
    if _HAS_YEAR.search(text):
        cjk = _cjk_line(text) and (_CJK_YEAR_MARKS[0] in text or _CJK_YEAR_MARKS[1] in text)
        patterns = _YEAR_PATTERNS[months, cjk, _ISO_MARK in text, dots]
    else:
        patterns = (_NUMERIC,) if dots else ()
    with_year = tuple((pattern, m) for pattern in patterns for m in pattern.finditer(text))
    if not text.isascii() and _ARABIC_SCRIPT.search(text):
        with_year += tuple((_SOLAR, m) for m in _SOLAR.finditer(text))
    if "háng" in text:
        with_year += tuple((_VIETNAMESE, m) for m in _VIETNAMESE.finditer(text))
    if months and not text.isascii() and _THAI_LETTER.search(text):
        with_year += tuple((_THAI, m) for m in _THAI.finditer(text))
    if months and "/" in text and (_MDY in patterns or _DMY in patterns):
        # A month's two names ("تشرين الثاني/نوفمبر 2026"), where no one name's date was read there.
        with_year += tuple((_PAIRED[p], m) for p in patterns if p in _PAIRED for m in _PAIRED[p].finditer(text))
    # Only in a short text: 11月17日 in a sentence is a date the story mentions, and a line of Chinese or Japanese
    # has few "words" between its spaces, so a line reader could not tell that sentence from a date line.
    short_cjk = len(text) <= _CJK_LINE and ("月" in text or "월" in text) and _cjk_line(text)
    yearless: tuple[re.Pattern[str], ...] = (_MD, _CJK_MD) if short_cjk else (_MD,)
    if not months:
        yearless = yearless[1:]
    return with_year, tuple(m for pattern in yearless for m in pattern.finditer(text))


# A line's scan and surroundings are remembered (_scanned, _around: 4,096 each); a longer text (a paragraph, a page's
# metadata, up to _MAX_CHARS) is read each time, so that a long-running bot never keeps thousands of them alive.
_CACHED_CHARS = 300
_scanned = lru_cache(maxsize=4096)(_scan)


# The patterns with a year that can read a date, by whether a month word may be in the text, 年 / 년 is, a hyphen
# (_ISO and _DMY_DASH need one) is, and a dot or slash (_YMD and _NUMERIC need one); in _WITH_YEAR's order: which
# pattern takes a stretch of text first decides.
_ISO_MARK = "-"
_YEAR_PATTERNS: dict[tuple[bool, bool, bool, bool], tuple[re.Pattern[str], ...]] = {
    (months, cjk, dash, dots): tuple(
        p
        for p in _WITH_YEAR
        if (months or p not in (_MDY, _DMY, _DMY_DASH))
        and (cjk or p is not _CJK)
        and (dash or p not in (_ISO, _DMY_DASH))
        and (dots or p not in (_YMD, _NUMERIC))
    )
    for months in (False, True)
    for cjk in (False, True)
    for dash in (False, True)
    for dots in (False, True)
}


def _cjk_line(text: str) -> bool:
    """Tell whether CJK dates are read in ``text``: not in a sentence (one with a full-width stop).

    2019年3月4日 opening a sentence is a date the story tells; a line reader counting the words between spaces
    could not tell that sentence from a date line, and would drop it from the body.
    """
    return "\u3002" not in text and "\uff01" not in text and "\uff1f" not in text


def _rfc2822(text: str) -> DateMatch | None:
    value = read_rfc2822(text)
    if value is None:
        return None
    if value.tzinfo is None:
        return DateMatch(value.date(), value.date(), 0, len(text))
    return DateMatch(value.astimezone(UTC), value.date(), 0, len(text), printed=value)


def _month_number(token: str) -> int | None:
    if "/" in token:  # both names of one month, or no month ("Nov/Dec": an issue's two months)
        first, _, second = token.partition("/")
        number = _month_number(first.strip())
        return number if number is not None and number == _month_number(second.strip()) else None
    return MONTHS.get(token.lower().rstrip("."))


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _day_of(m: re.Match[str], pattern: re.Pattern[str], reference: datetime, day_first: bool | None) -> date | None:
    if pattern is _SOLAR:
        return solar_to_gregorian(int(m["year"]), SOLAR_MONTHS[m["mon"]], int(m["day"]))
    if pattern is _THAI:
        return _thai_day(m)
    if pattern is _NUMERIC:
        a, b, year = int(m["a"]), int(m["b"]), int(m["year"])
        if year < 100:
            year += 2000 if year <= reference.year % 100 + 1 else 1900
        elif year in _BUDDHIST_YEARS:
            year -= _BUDDHIST_ERA  # 5/12/2569, a Thai page's numeric date; never a day 543 years ahead
        if a > 12 >= b:
            return _safe_date(year, b, a)
        if b > 12 >= a:
            return _safe_date(year, a, b)
        if a == b:
            return _safe_date(year, a, b)
        if day_first is None and "." in m[0] and len(m["year"]) == 4:
            day_first = True  # 04.05.2015: pages that write dots write the day first (de, fr, ru, ...)
        if day_first is not None:
            return _safe_date(year, b, a) if day_first else _safe_date(year, a, b)
        return None  # 03/04/2025 could be March or April: refuse to guess
    month = _month_number(m["mon"]) if pattern in _NAMED else int(m["mon"])
    if month is None:
        return None
    return _safe_date(int(m["year"]), month, int(m["day"]))


def _thai_day(m: re.Match[str]) -> date | None:
    """Return the day of a Thai date (_THAI), a Buddhist Era year made AD.

    A page's date is never after its clock (bot.text.pagedates): "ธ.ค. 99" (2056) is refused there.
    """
    month = _month_number(m["mon"])
    year = int(m["year"])
    if month is None:
        return None
    if m["era"] is not None and m["era"][0] == _AD_ERA:
        year += 2000 if year < 100 else 0
    elif year < 100:
        if m["era"] is None and m["mon"] not in THAI_ABBREVIATIONS:
            return None  # "12 ธันวาคม 10 โมง": a short year follows initials ("5 ธ.ค. 69") or the era's
        year += 2500 - _BUDDHIST_ERA  # "ธ.ค. 69": 2569 BE
    elif year in _BUDDHIST_YEARS:
        year -= _BUDDHIST_ERA
    elif not _HAS_YEAR.fullmatch(m["year"]) or m["era"] is not None:
        return None  # neither era's year of a news page ("พ.ศ. 2026" is no Buddhist year)
    return _safe_date(year, month, int(m["day"]))


def _yearless(m: re.Match[str], reference: datetime, anchor: date | None) -> date | None:
    month = int(m["mon"]) if m["mon"].isdigit() else _month_number(m["mon"])
    return None if month is None else _year_for(month, int(m["day"]), reference, anchor)


def _year_for(month: int, day_of_month: int, reference: datetime, anchor: date | None) -> date | None:
    latest = latest_day(reference)  # a day of slack for time zones
    if anchor is not None and anchor <= latest:
        # The year that puts the day nearest the page's own dated evidence, never after the reference.
        days = [_safe_date(y, month, day_of_month) for y in (anchor.year - 1, anchor.year, anchor.year + 1)]
        near = [d for d in days if d is not None and d <= latest]
        return min(near, key=lambda d: abs((d - anchor).days)) if near else None
    # Without other evidence: the most recent such day not after the reference.
    for year in (reference.year, reference.year - 1):
        day = _safe_date(year, month, day_of_month)
        if day is not None and day <= latest:
            return day
    return None


# The day before its month's name without a year, as agencies' datelines write it (TASS's "Moscow, 7 December.
# /TASS/." in Russian, "Madrid, 7 dic (EFE).-", "ROMA, 07 DIC -"). Read only in a dateline: on a line of its own
# it would be a date line the headline model was not fitted with, and in a sentence a day the story mentions.
_DAY_MONTH = re.compile(rf"(?<![\w.])(?P<day>[0-3]?\d){_ORD}\s*(?:de\s+)?(?P<mon>{_MONTH})(?!\w)", re.I)


def dateline_day_month(opening: str, *, reference: datetime) -> DateMatch | None:
    """Return the yearless day-and-month of a dateline ("ROMA, 07 DIC -"): the last such day not after reference."""
    for m in _DAY_MONTH.finditer(opening):
        month = _month_number(m["mon"])
        day = None if month is None else _year_for(month, int(m["day"]), _aware(reference), None)
        if day is not None:
            return DateMatch(day, day, m.start(), m.end(), kind="yearless")
    return None


def with_anchor(match: DateMatch, *, anchor: date, reference: datetime) -> DateMatch:
    """Return a year-less match with the year that puts it nearest ``anchor``, never after ``reference``."""
    if match.kind != "yearless":
        return match
    day = _year_for(match.day.month, match.day.day, _aware(reference), anchor)
    if day is None or day == match.day:
        return match
    printed = match.shown.replace(year=day.year)
    value = printed.astimezone(UTC) if isinstance(printed, datetime) else printed
    return replace(match, value=value, day=day, printed=printed)


def _with_time(text: str, m: re.Match[str], day: date, iso: bool) -> DateMatch:
    printed: date | datetime = day
    around = _around if len(text) <= _CACHED_CHARS else _read_around
    if iso and m["h"] is not None:
        zone = _zone(m["tz"] or "", day)
        if zone is not None:
            printed = datetime(day.year, day.month, day.day, int(m["h"]) % 24, int(m["mi"]), tzinfo=zone)
        timed, start, end, updated, published = around(text, m.start(), m.end(), False)
    else:
        timed, start, end, updated, published = around(text, m.start(), m.end(), True)
        if timed is not None:
            printed = _timed(day, timed) or day
    value = printed.astimezone(UTC) if isinstance(printed, datetime) else printed
    return DateMatch(value, day, start, end, updated, published, printed=printed)
