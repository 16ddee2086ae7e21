"""Dates of other scripts and calendars: the Solar Hijri calendar, Tamil and Vietnamese dates, none in the future.

Own fixtures (world23): each copy is a short news article written for these tests, a headline, a date line, three
paragraphs.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.text.dates import best_match, parse_date, search_lines
from bot.text.pasted import read_pasted
from bot.text.solarhijri import to_gregorian

_CLOCK = datetime(2026, 12, 7, 6, 0, tzinfo=UTC)

_PERSIAN = """مجلس طرح تازه آب را تصویب کرد

تهران - ۱۴ آذر ۱۴۰۵

نمایندگان مجلس روز شنبه طرحی را تصویب کردند که هزینه لوله‌های تازه آب را در چهل شهر کشور می‌پردازد.

این طرح اکنون به شورای نگهبان فرستاده می‌شود. موافقان می‌گویند این پول لوله‌های کهنه را عوض می‌کند.

مخالفان می‌گویند هزینه آن بسیار زیاد است. آیا شورا آن را تأیید خواهد کرد؟ هنوز کسی نمی‌داند.
"""
_TAMIL = """சட்டமன்றம் புதிய நீர் சட்டத்தை நிறைவேற்றியது

சென்னை, டிசம்பர் 5, 2026

சட்டமன்றம் சனிக்கிழமை நாற்பது நகரங்களில் புதிய குடிநீர் குழாய்களுக்கு நிதி வழங்கும் சட்டத்தை நிறைவேற்றியது.

இந்த சட்டம் இப்போது ஆளுநரிடம் அனுப்பப்படும். பழைய குழாய்கள் மாற்றப்படும் என்று ஆதரவாளர்கள் கூறுகின்றனர்.

செலவு மிக அதிகம் என்று விமர்சகர்கள் கூறுகின்றனர். ஆளுநர் இதில் கையெழுத்திடுவாரா? இன்னும் யாருக்கும் தெரியாது.
"""
_GREEK = """Η Βουλή ψήφισε τον νέο νόμο για το νερό

Ηράκλειο, 5 Δεκεμβρίου 2026

Η Βουλή ψήφισε το Σάββατο νόμο που χρηματοδοτεί νέους αγωγούς νερού σε σαράντα πόλεις, μετά από συζήτηση.

Θα υπογράψει ο Πρόεδρος; Οι υποστηρικτές λένε ότι τα χρήματα θα αντικαταστήσουν τους παλιούς σωλήνες.

Οι επικριτές λένε ότι το κόστος είναι πολύ υψηλό. Κανείς δεν ξέρει ακόμη πότε θα αρχίσουν τα έργα.
"""


@pytest.mark.parametrize(
    ("solar", "gregorian"),
    [
        ((1405, 9, 14), date(2026, 12, 5)),
        ((1405, 1, 1), date(2026, 3, 21)),
        ((1403, 1, 1), date(2024, 3, 20)),
        ((1403, 12, 30), date(2025, 3, 20)),  # 1403 is a leap year: Esfand has 30 days
        ((1357, 11, 22), date(1979, 2, 11)),
        ((1399, 12, 30), date(2021, 3, 20)),
        ((1404, 12, 30), None),  # 1404 is not: no 30 Esfand
        ((1405, 7, 31), None),  # Mehr has 30 days
        ((1405, 13, 1), None),
        ((1405, 1, 0), None),
    ],
)
def test_solar_hijri_days_convert_to_the_gregorian_day_iran_keeps(
    solar: tuple[int, int, int], gregorian: date | None
) -> None:
    assert to_gregorian(*solar) == gregorian


@pytest.mark.parametrize(
    "line",
    ["تهران - ۱۴ آذر ۱۴۰۵", "شنبه ۱۴ آذرماه ۱۴۰۵", "۱۴ آذر\u200cماه ۱۴۰۵", "14 آذر 1405"],
)
def test_a_solar_hijri_date_in_persian_or_ascii_digits_is_read(line: str) -> None:
    assert parse_date(line, reference=_CLOCK) == date(2026, 12, 5)


def test_where_two_calendars_disagree_the_gregorian_date_wins_on_a_line_and_across_lines() -> None:
    assert parse_date("۱۵ آذر ۱۴۰۵ - ۵ دسامبر ۲۰۲۶", reference=_CLOCK) == date(2026, 12, 5)
    both = search_lines(["۱۵ آذر ۱۴۰۵", "5 December 2026"], reference=_CLOCK)
    assert [m.kind for m in both] == ["solar", "full"]
    chosen = best_match(both)
    assert chosen is not None
    assert chosen.value == date(2026, 12, 5)
    agreeing = best_match(search_lines(["۱۴ آذر ۱۴۰۵", "5 December 2026"], reference=_CLOCK))
    assert agreeing is not None
    assert agreeing.kind == "solar"
    assert agreeing.value == date(2026, 12, 5)


def test_a_persian_copy_gets_its_solar_hijri_date_and_its_date_line_leaves_the_body() -> None:
    reading = read_pasted(_PERSIAN, reference=_CLOCK)
    assert reading.date is not None
    assert reading.date.value == date(2026, 12, 5)
    assert reading.body[0].startswith("نمایندگان مجلس")


def test_a_copy_dated_after_the_clock_gets_no_date() -> None:
    future = _GREEK.replace("Δεκεμβρίου 2026", "Δεκεμβρίου 2027")
    assert read_pasted(_GREEK, reference=_CLOCK).date is not None
    assert read_pasted(future, reference=_CLOCK).date is None
    persian = _PERSIAN.replace("۱۴ آذر", "۲۰ دی")  # 20 Dey 1405: the 10th of January 2027
    assert read_pasted(persian, reference=_CLOCK).date is None


@pytest.mark.parametrize(
    ("line", "day"),
    [
        ("சென்னை, டிசம்பர் 5, 2026", date(2026, 12, 5)),
        ("5 டிசம்பர் 2026", date(2026, 12, 5)),
        ("மே 5, 2026", date(2026, 5, 5)),
        ("அக். 3, 2026", date(2026, 10, 3)),
    ],
)
def test_tamil_month_names_are_read(line: str, day: date) -> None:
    assert parse_date(line, reference=_CLOCK) == day


def test_a_tamil_copy_gets_its_date() -> None:
    reading = read_pasted(_TAMIL, reference=_CLOCK)
    assert reading.date is not None
    assert reading.date.value == date(2026, 12, 5)


@pytest.mark.parametrize(
    ("line", "day"),
    [
        ("ngày 5 tháng 12 năm 2026", date(2026, 12, 5)),
        ("Cập nhật Ngày 05 Tháng 12 Năm 2026 lúc 14:30", date(2026, 12, 5)),
        ("5 tháng 12, 2026", date(2026, 12, 5)),
        ("ngày 31 tháng 2 năm 2026", None),  # no such day
        ("tháng 12 năm 2026", None),  # a month, no day
    ],
)
def test_vietnamese_dates_with_the_month_as_a_number_are_read(line: str, day: date | None) -> None:
    assert parse_date(line, reference=_CLOCK) == day
