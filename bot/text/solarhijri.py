"""The Solar Hijri calendar of Iran's and Afghanistan's papers ("۱۴ آذر ۱۴۰۵" is the 5th of December 2026).

Its year starts at the March equinox. The leap years follow the astronomical calendar that Iran keeps; the rule
below (Borkowski's: the years between "break" years fall in cycles of 33 with 8 leap years, and the breaks are
listed) gives the same day for every year from 1178 to 3177 (A.D. 1799-2798). dateparser's Jalali calendar needs
convertdate, which the bot does not install; this is its one conversion, in a few lines and without a table of days.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

# The Iranian month names, with Persian's own yeh (U+06CC) and Arabic's (U+064A), which pages also type.
_MONTHS = (
    ("فروردین",),
    ("اردیبهشت",),
    ("خرداد",),
    ("تیر",),
    ("مرداد", "امرداد"),
    ("شهریور",),
    ("مهر",),
    ("آبان", "ابان"),
    ("آذر", "اذر"),
    ("دی",),
    ("بهمن",),
    ("اسفند",),
)
MONTHS: dict[str, int] = {
    spelling: number
    for number, names in enumerate(_MONTHS, 1)
    for name in names
    for spelling in {name, name.replace("\u06cc", "\u064a")}
}
# The years the papers of today print: 1300 (1921) to 1499 (2121).
YEAR = r"1[34]\d\d"
# Years where the 33-year cycles restart (Borkowski 1996): the rule holds between the first and the last.
_BREAKS = (-61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210, 1635, 2060, 2097, 2192, 2262, 2324, 2394, 2456, 3178)


def _new_year(year: int) -> tuple[date, bool]:
    """Return the Gregorian day of 1 Farvardin of ``year`` and whether ``year`` is a leap year (30 days of Esfand)."""
    leap_days = -14
    start = _BREAKS[0]
    jump = 0
    for brk in _BREAKS[1:]:
        jump = brk - start
        if year < brk:
            break
        leap_days += jump // 33 * 8 + jump % 33 // 4
        start = brk
    n = year - start
    leap_days += n // 33 * 8 + (n % 33 + 3) // 4
    if jump % 33 == 4 and jump - n == 4:
        leap_days += 1
    gregorian = year + 621
    gregorian_leaps = gregorian // 4 - (gregorian // 100 + 1) * 3 // 4 - 150
    march = 20 + leap_days - gregorian_leaps
    if jump - n < 6:
        n = n - jump + (jump + 4) // 33 * 33
    # The year's place in its cycle of 33 (remainders truncated toward zero, as the rule is published): a leap
    # year every fourth place from the first.
    place = math.fmod(math.fmod(n + 1, 33) - 1, 4)
    return date(gregorian, 3, 1) + timedelta(days=march - 1), place == 0


def to_gregorian(year: int, month: int, day: int) -> date | None:
    """Return the Gregorian day of the Solar Hijri ``day`` ``month`` ``year``; None for a day the calendar lacks."""
    if not (_BREAKS[0] < year < _BREAKS[-1] and 1 <= month <= 12 and day >= 1):
        return None
    first, leap = _new_year(year)
    length = 31 if month <= 6 else 30 if month <= 11 or leap else 29
    if day > length:
        return None
    return first + timedelta(days=(month - 1) * 31 - month // 7 * (month - 7) + day - 1)
