"""The date scanner's shortcuts give what the plain scan gives: the month-word and 年 / 년 tests before patterns."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.text import datearound, dates, datewords, pagedates, relativedates
from bot.text.asciiwords import byte_table, count_ascii

# Month names and words that are not months, in several cases and languages, digits and years, the separators
# dates are written with, letters of other scripts, the characters re.IGNORECASE folds onto ASCII letters.
PIECES = [
    "March", "MAR", "mar.", "Sept", "sept.", "Oct", "oktober", "März", "janv.", "мая", "ноября", "May", "mayor",
    "Marching", "Octopus", "About", "Monday", "at", "ago", "today", "vor", "hace", "Updated", "Published",
    "edited", "Last change", "MODIFIED", "aktualisiert am", "mis \u00e0 jour le", "aggiornato il", "\u66f4\u65b0",
    "3", "12", "31", "4th", "1st", "2024", "2019", "1999", "20", "2305", "9:56", "PM", "p.m.", "UTC", "EST",
    "2024-03-04", "2019/5/6", "04.05.2015", "3/4/24", "T10:30Z", "+02:00",
    " ", "  ", ", ", ".", "/", "-", "_", "'", "\u2019", "\u00a0", "\u2014", "\u201c", "\u00e9", "\u0416",
    "\u5e74", "\u6708", "\u65e5", "\ub144", "\uc6d4", "\u3002", "\u017f", "\u212a", "\u0130", "\uff12",
    "yesterday", "Yesterday", "TODAY", "a day ago", "an hour ago", "gestern", "heute", "\u0663", "\uff0f", "\uff1a",
    "The council met to weigh the budget", "officials said on Monday", "Gestern", "HOJE", "aujourd'hui", "Oggi",
    "\u0432\u0447\u0435\u0440\u0430", "\u1c80\u0447\u0435\u0440\u0430", "\u0441\u0435\u0433\u043e\u0434\u043d\u044f",
]  # fmt: skip
# Whole dates too, so that most texts hold one beside the pieces that may or may not make one.
DATES = [
    "March 3, 2024",
    "3 March 2024",
    "Oct. 6",
    "6 Oct",
    "4 mars 2015",
    "3 \u043c\u0430\u044f 2024",
    "2024\u5e743\u67084\u65e5",
    "\u0663\u0660 \u0646\u0648\u0641\u0645\u0628\u0631 \u0662\u0660\u0662\u0666",  # Arabic, its digits
    "30 \u0928\u0935\u0902\u092c\u0930 2026",  # Hindi
]
_TEXTS = st.lists(
    st.tuples(st.sampled_from(PIECES + DATES), st.sampled_from(["", " ", ", ", ". "])).map("".join), max_size=10
).map("".join)
_REFERENCES = (datetime(2000, 1, 1, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC))


class _EveryPattern:
    """Stands for _YEAR_PATTERNS: every pattern with a year (but _CJK in a sentence with a full-width stop)."""

    def __getitem__(self, key: tuple[bool, bool, bool, bool]) -> tuple[object, ...]:
        return tuple(p for p in dates._WITH_YEAR if key[1] or p is not dates._CJK)


class _Always:
    """Stands for _HOUR_DIGIT: a search that always finds (the pattern it gates always runs)."""

    def search(self, text: str) -> bool:
        return True


def _plain(text: str, **options: object) -> list[dates.DateMatch]:
    """Return what search_dates finds with every shortcut off (every pattern tried, nothing cached or gated)."""
    with (
        mock.patch.object(dates, "may_name_month", return_value=True),
        mock.patch.object(dates, "_CJK_YEAR_MARKS", ("",) * 2),
        mock.patch.object(dates, "_YEAR_PATTERNS", _EveryPattern()),
        mock.patch.object(dates, "_scanned", dates._scanned.__wrapped__),
        mock.patch.object(dates, "_around", dates._around.__wrapped__),
        mock.patch.object(datearound, "updated", lambda prefix: datearound._UPDATED.search(prefix) is not None),
        mock.patch.object(datearound, "_HOUR_DIGIT", _Always()),
        mock.patch.object(dates, "has_digit", lambda text: dates._ANY_DIGIT.search(text) is not None),
        mock.patch.object(dates, "may_find_without_digits", return_value=True),
        mock.patch.object(dates, "_LOCAL_FIRST", "\x00"),
    ):
        return dates.search_dates(text, **options)  # type: ignore[arg-type]


@settings(max_examples=500, deadline=None)
@given(_TEXTS)
def test_dates_found_with_the_shortcuts_are_those_of_every_pattern(text: str) -> None:
    for reference in _REFERENCES:
        for options in ({}, {"anchor": date(2019, 5, 1)}, {"day_first": True}, {"day_first": False}):
            assert dates.search_dates(text, reference=reference, **options) == _plain(  # type: ignore[arg-type]
                text, reference=reference, **options
            )


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60) | _TEXTS)
def test_a_digit_is_found_as_the_pattern_finds_one(text: str) -> None:
    assert dates.has_digit(text) == (re.search(r"\d", text) is not None)


@settings(max_examples=500, deadline=None)
@given(_TEXTS | st.text(max_size=40))
def test_a_text_said_to_hold_no_date_holds_none(text: str) -> None:
    if not dates.may_hold_date(text):
        for reference in _REFERENCES:
            assert _plain(text, reference=reference) == []


def test_every_digit_of_the_plane_is_a_digit() -> None:
    for code in range(0x10000):
        char = chr(code)
        if 0xD800 <= code < 0xE000:
            continue
        expected = re.search(r"\d", char) is not None
        assert dates.has_digit(f"x{char}y") == expected, hex(code)
        assert dates.has_digit(f"abc{char}") == expected, hex(code)


@settings(max_examples=500, deadline=None)
@given(_TEXTS)
def test_a_text_without_digits_is_read_only_where_relative_words_may_be(text: str) -> None:
    """may_find_without_digits says False only where relative_dates finds nothing (in any reference)."""
    text = re.sub(r"\d", "", text)
    for reference in _REFERENCES:
        if relativedates.relative_dates(text, reference):
            assert relativedates.may_find_without_digits(text), text


@pytest.mark.parametrize(
    "text",
    [
        "Updated today, published today, posted at",
        "Published yesterday, edited yesterday, posted on",
        "The story was posted a day ago by the council",
        "An hour ago the council posted its budget online",
        "Gestern",
        "HEUTE, 10:30",
        "Aujourd'hui",
        "\u0432\u0447\u0435\u0440\u0430",
        "Hier \u2014",
    ],
)
def test_relative_dates_without_digits_pass_the_gate(text: str) -> None:
    reference = _REFERENCES[1]
    assert relativedates.relative_dates(text, reference), text  # the example reads a date
    assert relativedates.may_find_without_digits(text)
    assert dates.search_dates(text, reference=reference) == _plain(text, reference=reference)


def test_a_month_word_is_a_whole_run_of_letters() -> None:
    assert datewords.may_name_month("Published March 3, 2024")
    assert datewords.may_name_month("sept.12 2024")
    assert datewords.may_name_month("MAR 3")
    assert not datewords.may_name_month("About 20 people gathered in Marching 2024")  # "Mar" only inside a word
    assert datewords.may_name_month("3 \u043c\u0430\u044f 2024")  # not ASCII: the patterns decide
    found = dates.search_dates("About 20 people, Marching Band 2024 on 3/4/2024", reference=_REFERENCES[1])
    assert found == _plain("About 20 people, Marching Band 2024 on 3/4/2024", reference=_REFERENCES[1])


@given(st.text(alphabet=[chr(b) for b in range(128)], max_size=40))
def test_runs_are_counted_as_split_counts_them(text: str) -> None:
    for table in (byte_table("_'+-"), byte_table(""), byte_table("\t_")):
        assert count_ascii(text, table) == len(text.encode("ascii").translate(table).split())


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_unsettled_dates_are_found_as_the_pattern_finds_them(text: str) -> None:
    # The plain definition: a numeric date with both numbers at most 12 and different, scanned everywhere.
    expected = any(
        int(m[1]) <= 12 and int(m[3]) <= 12 and int(m[1]) != int(m[3]) for m in pagedates._NUMERIC.finditer(text)
    )
    assert pagedates._unsettled(text) == expected


# The words of _UPDATED and their near misses, with the characters re.IGNORECASE folds onto ASCII letters.
_UPDATE_PIECES = [
    "updated", "Updated", "UPDATED", "modified", "edited", "last", "Last change", "change", "aktualisiert",
    "actualizado", "atualizado", "aggiornato", "mis \u00e0 jour",
    "\u043e\u0431\u043d\u043e\u0432\u043b\u0435\u043d\u043e",
    "\u66f4\u65b0", "\u4fee\u6539", "upd", "ated", "on", "at", "le", "am", " ", ": ", "-", "3", "\u017f", "\u212a",
    "\u0130", "\u0131", "\u00e9",
]  # fmt: skip


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_UPDATE_PIECES), max_size=8).map("".join))
def test_the_updated_test_is_the_pattern(prefix: str) -> None:
    assert datearound.updated(prefix) == (datearound._UPDATED.search(prefix) is not None)
    assert datearound.updated(prefix[-30:]) == (datearound._UPDATED.search(prefix[-30:]) is not None)


def test_a_text_is_scanned_once_for_every_reference_and_day() -> None:
    text = "Updated March 3 at 5:30 PM EST, 3/4/24 and 2024-03-04"
    dates._scanned.cache_clear()
    dates._around.cache_clear()
    first = dates.search_dates(text, reference=datetime(2000, 1, 1, tzinfo=UTC))
    second = dates.search_dates(text, reference=datetime(2026, 1, 1, tzinfo=UTC), day_first=True)
    # The second search reused the first one's scan and the time read beside the dates both found.
    assert dates._scanned.cache_info().hits >= 1
    assert dates._around.cache_info().hits >= 1
    assert first == _plain(text, reference=datetime(2000, 1, 1, tzinfo=UTC))
    assert second == _plain(text, reference=datetime(2026, 1, 1, tzinfo=UTC), day_first=True)
    assert first != second  # the year-less date and 3/4/24 read otherwise: the scan holds no reference


def test_only_short_texts_are_remembered() -> None:
    """A paragraph or a page's metadata is read afresh each time: a long-running bot keeps no long texts alive."""
    long_text = "The council met on March 3, 2024 at 5:30 PM to weigh the budget. " * 12
    assert len(long_text) > dates._CACHED_CHARS
    dates._scanned.cache_clear()
    dates._around.cache_clear()
    reference = datetime(2026, 1, 1, tzinfo=UTC)
    found = dates.search_dates(long_text, reference=reference)
    assert found
    assert found == dates.search_dates(long_text, reference=reference) == _plain(long_text, reference=reference)
    assert dates._scanned.cache_info().currsize == 0
    assert dates._around.cache_info().currsize == 0
    dates.search_dates("March 3, 2024 at 5:30 PM", reference=reference)
    assert dates._scanned.cache_info().currsize == 1
    assert dates._around.cache_info().currsize >= 1


@pytest.mark.parametrize("suffix", ["", *datewords.ORDINAL_SUFFIXES])
def test_a_month_glued_to_its_days_ordinal_passes_the_month_gate(suffix: str) -> None:
    """ "3rdMarch, 2024": the digit is no letter, so the gate's run of letters is "rdmarch" (it once said no month)."""
    reference = datetime(2026, 1, 1, tzinfo=UTC)
    for name in (name for name in datewords.MONTHS if name.isascii()):
        for text in (f"3{suffix}{name.capitalize()}, 2024", f"Posted 21{suffix}{name} 2023 at 5 pm"):
            assert datewords.may_name_month(text), text
            assert dates.search_dates(text, reference=reference) == _plain(text, reference=reference), text
