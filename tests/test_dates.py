from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.text.dates import find_date, parse_date, search_dates

REF = datetime(2025, 10, 17, 15, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Friday, October 17, 2025", date(2025, 10, 17)),
        ("17 Oct 2025", date(2025, 10, 17)),
        ("2025-10-17", date(2025, 10, 17)),
        ("17/10/2025", date(2025, 10, 17)),
        ("10/17/2025", date(2025, 10, 17)),
        ("2016.12.01", date(2016, 12, 1)),
        ("UPDATED: Tue., Nov. 19, 2019", date(2019, 11, 19)),
        ("November 19th, 2019 at 8:40 AM", date(2019, 11, 19)),  # a time with no zone keeps the day
        ("Posted on Maret 30, 2015 by Admin", date(2015, 3, 30)),
        ("Wednesday 20 November 2019", date(2019, 11, 20)),
        ("Oct. 17, 2025 10:32 AM EDT", datetime(2025, 10, 17, 14, 32, tzinfo=UTC)),
        # a page's date and time spans copied glued (Reuters): the year, the time and "Updated" run together
        ("October 17, 20252:14 PM UTCUpdated 2 hours ago", datetime(2025, 10, 17, 14, 14, tzinfo=UTC)),
        ("17 October 202514:05 CEST", datetime(2025, 10, 17, 12, 5, tzinfo=UTC)),
        ("Oct 17, 2025 10:30 ETFirst published", datetime(2025, 10, 17, 14, 30, tzinfo=UTC)),
        ("October 17, 2025 at 3:04 p.m. ET", datetime(2025, 10, 17, 19, 4, tzinfo=UTC)),
        ("Updated 10:32 AM EDT, Fri October 17, 2025", datetime(2025, 10, 17, 14, 32, tzinfo=UTC)),
        ("January 8, 2025 at 9:00 a.m. ET", datetime(2025, 1, 8, 14, 0, tzinfo=UTC)),  # ET follows winter time
        ("Fri, 17 Oct 2025 10:32:00 +0000", datetime(2025, 10, 17, 10, 32, tzinfo=UTC)),
        ("2025-10-17T12:32:00+02:00", datetime(2025, 10, 17, 10, 32, tzinfo=UTC)),
        ("By A. Writer - 2019-11-19T12:48:14Z Science", datetime(2019, 11, 19, 12, 48, tzinfo=UTC)),
        ("Jane Doe - Nov 19, 2019, 10:31 pm CST", datetime(2019, 11, 20, 4, 31, tzinfo=UTC)),
        ("Published 3 hours ago", datetime(2025, 10, 17, 12, 0, tzinfo=UTC)),
        ("Published 2 days ago", date(2025, 10, 15)),
        ("yesterday", date(2025, 10, 16)),
    ],
)
def test_reads_common_forms(text, expected):
    assert parse_date(text, reference=REF) == expected


@pytest.mark.parametrize(
    "text",
    [
        "03/04/2025",
        "",
        "no date here",
        "May be later",
        "Most popular today",
        "32 Oct 2025",
        "Oct 17, 20251 people",  # a year glued to other digits is none
    ],
)
def test_refuses_what_it_cannot_know(text):
    assert parse_date(text, reference=REF) is None


def test_datetimes_are_aware_utc():
    value = parse_date("Oct. 17, 2025 10:32 AM PDT", reference=REF)
    assert isinstance(value, datetime)
    assert value.utcoffset() == timedelta(0)


def test_prefers_published_over_updated():
    line = "Updated Nov. 19, 2019 8:21 am ET / Original Nov. 18, 2019 8:02 am ET"
    assert parse_date(line, reference=REF) == datetime(2019, 11, 18, 13, 2, tzinfo=UTC)
    lines = ["Updated: October 18, 2025", "Published: October 16, 2025"]
    assert find_date(lines, reference=REF) == date(2025, 10, 16)


def test_shown_day_is_kept_beside_utc_value():
    (match,) = search_dates("Published 11:11 PM EST Nov 19, 2019", reference=REF)
    assert match.day == date(2019, 11, 19)
    assert match.value == datetime(2019, 11, 20, 4, 11, tzinfo=UTC)
    assert match.published


def test_yearless_date_takes_the_latest_year_not_after_reference():
    assert parse_date("Posted Nov 18, 8:19 PM", reference=REF) == date(2024, 11, 18)
    assert parse_date("Posted Oct 16", reference=REF) == date(2025, 10, 16)


def test_naive_reference_is_read_as_utc():
    assert parse_date("Published 1 hour ago", reference=datetime(2025, 1, 1, 12, 0)) == datetime(  # noqa: DTZ001
        2025, 1, 1, 11, 0, tzinfo=UTC
    )


@given(st.text(max_size=300))
def test_parse_date_never_raises(text):
    value = parse_date(text, reference=REF)
    assert value is None or isinstance(value, date)
    if isinstance(value, datetime):
        assert value.tzinfo is not None


@given(st.from_regex(r"[0-9A-Za-z ,./:+\-]{0,60}", fullmatch=True))
def test_parse_date_never_raises_on_date_like_text(text):
    value = parse_date(text, reference=REF)
    assert value is None or isinstance(value, date)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("October 17, 2025, 18:00 (GMT+7)", datetime(2025, 10, 17, 11, 0, tzinfo=UTC)),
        ("October 17, 2025 18:00 GMT-5", datetime(2025, 10, 17, 23, 0, tzinfo=UTC)),
        ("17 October 2025 18:00 (UTC+5:30)", datetime(2025, 10, 17, 12, 30, tzinfo=UTC)),
        ("October 17, 2025 18:00 GMT", datetime(2025, 10, 17, 18, 0, tzinfo=UTC)),
        ("October 17, 2025 2:14 PM UTCUpdated 2 hours ago", datetime(2025, 10, 17, 14, 14, tzinfo=UTC)),
    ],
)
def test_an_offset_after_utc_or_gmt_is_the_time_s_zone(text: str, expected: datetime) -> None:
    """ "18:00 (GMT+7)" was read as 18:00 UTC: the zone's name matched alone and its offset was left."""
    (found,) = search_dates(text, reference=REF)
    assert found.value == expected
