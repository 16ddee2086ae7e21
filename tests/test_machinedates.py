"""The one reader of machine-written dates (feeds, page metadata, email headers, the dates in text)."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from bot.ingest.feedraw import parse_date
from bot.ingest.feeds import parse_feed
from bot.ingest.formats.meta import parse_meta_date
from bot.text.dates import parse_date as text_date
from bot.text.machinedates import (
    after_reference,
    latest_day,
    not_after,
    offset_zone,
    read_epoch,
    read_machine_date,
    read_rfc2822,
)

EAST = timezone(timedelta(hours=5, minutes=30))
WEST = timezone(timedelta(hours=-5))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2019-11-18", date(2019, 11, 18)),
        ("2019-1-5", date(2019, 1, 5)),
        ("2020/1/10 14:33:00", datetime(2020, 1, 10, 14, 33, tzinfo=UTC)),
        ("2019-11-18T10:00:00Z", datetime(2019, 11, 18, 10, tzinfo=UTC)),
        ("2019-11-18 10:00 GMT", datetime(2019, 11, 18, 10, tzinfo=UTC)),
        ("2019-11-18T10:00:00.123456789+05:30", datetime(2019, 11, 18, 10, 0, 0, 123456, tzinfo=EAST)),
        ("2019-11-18T21:24:00-0500", datetime(2019, 11, 18, 21, 24, tzinfo=WEST)),
        ("  2019-11-18T10:00  ", datetime(2019, 11, 18, 10, tzinfo=UTC)),  # no zone: UTC
        ("20191118", date(2019, 11, 18)),
        ("20191118T1000Z", datetime(2019, 11, 18, 10, tzinfo=UTC)),
        ("2019-W47-1", datetime(2019, 11, 18, tzinfo=UTC)),  # the rest of ISO 8601, as Python reads it
        ("Mon, 18 Nov 2019 21:24:00 -0500", datetime(2019, 11, 18, 21, 24, tzinfo=WEST)),
        ("18 Nov 2019 10:00:00 -0000", datetime(2019, 11, 18, 10, tzinfo=UTC)),  # zone unknown: UTC
        ("2019-02-30", None),
        ("2019-11-18T25:00", None),
        ("2019-11-18T10:00+15:00", None),  # no zone is 15 hours off
        ("9999-12-31T23:00-14:00", None),  # its instant is past the last datetime
        ("Wed, 01 Jan 2025 10:00:00 +2300", None),  # RFC 822's reader took any offset under a day
        ("Wed, 01 Jan 2025 10:00:00 +0199", None),  # and 99 minutes as 1:39
        ("Wed, 01 Jan 2025 10:00:00 +1500 (XYZ)", None),
        ("Mon, 01 Jan 0000 00:00:00 GMT", None),  # a four-digit year under 100 was read as 2000
        ("Mon, 01 Jan 0099 00:00:00 GMT", None),
        ("Mon, 01 Jan 99 00:00:00 GMT", datetime(1999, 1, 1, tzinfo=UTC)),  # two digits: RFC 822's own rule
        ("Wed, 01 Jan 2025 10:00:00 +0000 (UTC)", datetime(2025, 1, 1, 10, tzinfo=UTC)),
        ("yesterday", None),
        ("", None),
        (None, None),
        (1573084800, None),  # a number is not text: an epoch is read by read_epoch, on purpose
    ],
)
def test_one_reading_of_each_form(text, expected):
    found = read_machine_date(text)
    assert found == expected
    assert type(found) is type(expected)
    if isinstance(expected, datetime):
        assert found.utcoffset() == expected.utcoffset()  # the printed offset is kept, not converted


def test_feeds_metadata_and_text_read_a_printed_offset_alike():
    printed = "2025-10-16T21:24:00-04:00"
    feed, meta = parse_date(printed), parse_meta_date(printed)
    assert feed == meta == datetime(2025, 10, 16, 21, 24, tzinfo=timezone(timedelta(hours=-4)))
    assert feed.utcoffset() == meta.utcoffset() == timedelta(hours=-4)
    # A bare day stays a day, in feeds as in metadata (as a UTC midnight, readers west of it saw the day before).
    assert parse_date("2025-10-16") == parse_meta_date("2025-10-16") == date(2025, 10, 16)
    rfc = "Thu, 16 Oct 2025 21:24:00 -0400"
    assert parse_date(rfc) == parse_meta_date(rfc) == feed
    assert text_date(rfc, reference=datetime(2026, 1, 1, tzinfo=UTC)) == feed.astimezone(UTC)
    assert parse_meta_date("0001-01-01") is None  # a placeholder, for metadata
    # A feed's moment is to the second (its entries' identity keys hold it); metadata keeps the fraction.
    assert parse_date("2025-10-16T21:24:00.5Z") == datetime(2025, 10, 16, 21, 24, tzinfo=UTC)
    assert parse_meta_date("2025-10-16T21:24:00.5Z") == datetime(2025, 10, 16, 21, 24, 0, 500000, tzinfo=UTC)


def test_rfc2822_keeps_an_unknown_zone_unknown_for_callers_to_decide():
    unknown = read_rfc2822("Mon, 18 Nov 2019 10:00:00 -0000")
    assert unknown is not None
    assert unknown.tzinfo is None
    assert unknown.replace(tzinfo=UTC) == datetime(2019, 11, 18, 10, tzinfo=UTC)
    assert read_rfc2822("not a date") is None
    # The dates in text read such a date as its day only: the time without a zone says nothing exact.
    assert text_date("Mon, 18 Nov 2019 10:00:00 -0000", reference=datetime(2026, 1, 1, tzinfo=UTC)) == date(
        2019, 11, 18
    )


def test_epoch_and_struct_time():
    assert read_epoch(1573084800) == datetime(2019, 11, 7, tzinfo=UTC)
    assert read_epoch(time.gmtime(1573084800)) == datetime(2019, 11, 7, tzinfo=UTC)
    assert read_epoch(1e20) is None
    assert read_epoch(float("nan")) is None


def test_a_feed_date_no_reader_takes_is_not_read_by_feedparsers_either():
    # feedparser's own parse moved '+99:99' by 100 hours and made the year 0000 the year 2000; such an entry
    # takes its arrival as every entry without a readable date does, and a real date beside it still counts.
    now = datetime(2026, 1, 5, 12, tzinfo=UTC)
    items = "".join(
        f"<item><title>{title}</title><link>https://example.org/{n}</link><pubDate>{when}</pubDate></item>"
        for n, (title, when) in enumerate(
            [
                ("Offset", "2025-01-01T00:00:00+99:99"),
                ("Fifteen hours", "2025-01-01T00:00:00+15:00"),
                ("Day long", "Wed, 01 Jan 2025 10:00:00 +2300"),
                ("Year zero", "Mon, 01 Jan 0000 00:00:00 GMT"),
                ("Real", "Wed, 01 Jan 2025 10:00:00 -0500"),
            ]
        )
    )
    feed = parse_feed(f"<rss version='2.0'><channel><title>T</title>{items}</channel></rss>".encode(), now=now)
    published = {e.article.title: e.article.published for e in feed.entries}
    assert published == {
        "Offset": now,
        "Fifteen hours": now,
        "Day long": now,
        "Year zero": now,
        "Real": datetime(2025, 1, 1, 10, tzinfo=WEST),
    }


def test_offsets_are_real_ones():
    assert offset_zone("Z") is UTC
    assert offset_zone("gmt") is UTC
    assert offset_zone("UTC+2") == timezone(timedelta(hours=2))
    assert offset_zone("-03:30") == timezone(-timedelta(hours=3, minutes=30))
    assert offset_zone("+1400") == timezone(timedelta(hours=14))
    assert offset_zone("+15:00") is None
    assert offset_zone("+01:60") is None
    assert offset_zone("CET") is None  # a named zone is the text reader's (bot.text.datewords)


def test_the_one_future_rule():
    reference = datetime(2025, 10, 16, 23, 0, tzinfo=UTC)
    assert latest_day(reference) == date(2025, 10, 17)  # a zone ahead of UTC is on the 17th already
    assert not after_reference(date(2025, 10, 17), reference)
    assert after_reference(date(2025, 10, 18), reference)
    assert after_reference(datetime(2025, 10, 18, 0, 30, tzinfo=EAST), reference)
    # A feed entry is bounded by its arrival, to the second.
    assert not_after(reference + timedelta(seconds=1), reference) == reference
    assert not_after(reference - timedelta(days=1), reference) == reference - timedelta(days=1)
    assert not_after(None, reference) == reference


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tue, 01 Dec 2026 4:30 PM +0100", datetime(2026, 12, 1, 16, 30, tzinfo=timezone(timedelta(hours=1)))),
        ("Tue, 01 Dec 2026 04:30 pm EST", datetime(2026, 12, 1, 16, 30, tzinfo=timezone(timedelta(hours=-5)))),
        ("Tue, 01 Dec 2026 12:30 AM GMT", datetime(2026, 12, 1, 0, 30, tzinfo=UTC)),
        ("Tue, 01 Dec 2026 12:05 p.m. +0000", datetime(2026, 12, 1, 12, 5, tzinfo=UTC)),
        ("Tue, 01 Dec 2026 16:30:00 +0100", datetime(2026, 12, 1, 16, 30, tzinfo=timezone(timedelta(hours=1)))),
    ],
)
def test_rfc2822_reads_a_12_hour_time_and_the_zone_after_it(text, expected):
    """Python's reader took "PM" for a zone it does not know: 4:30 PM was 04:30, and "+0100" after it lost."""
    assert read_rfc2822(text) == expected


def _zone(hours: float) -> timezone:
    return timezone(timedelta(hours=hours))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Zone names RFC 822 does not list were read as no zone, the time then taken as UTC: an hour or more off.
        ("Sat, 05 Dec 2026 19:00:00 CET", datetime(2026, 12, 5, 19, tzinfo=_zone(1))),
        ("Mon, 07 Sep 2026 10:00 CEST", datetime(2026, 9, 7, 10, tzinfo=_zone(2))),
        ("Mon, 07 Sep 2026 10:00:00 MESZ", datetime(2026, 9, 7, 10, tzinfo=_zone(2))),
        ("Sat, 05 Dec 2026 19:00 JST", datetime(2026, 12, 5, 19, tzinfo=_zone(9))),
        ("Sat, 05 Dec 2026 19:00:00 AEDT", datetime(2026, 12, 5, 19, tzinfo=_zone(11))),
        ("Sat, 05 Dec 2026 19:00:00 CET (Central European Time)", datetime(2026, 12, 5, 19, tzinfo=_zone(1))),
        # Offsets after GMT / UTC, JavaScript's Date string among them.
        ("Sat, 05 Dec 2026 19:00:00 GMT+1", datetime(2026, 12, 5, 19, tzinfo=_zone(1))),
        ("Sat, 05 Dec 2026 19:00:00 UTC-03:30", datetime(2026, 12, 5, 19, tzinfo=_zone(-3.5))),
        (
            "Sat Dec 05 2026 19:00:00 GMT+0100 (Central European Standard Time)",
            datetime(2026, 12, 5, 19, tzinfo=_zone(1)),
        ),
        # Day and month names of another language.
        ("Sa, 05 Dez 2026 19:00:00 +0100", datetime(2026, 12, 5, 19, tzinfo=_zone(1))),
        ("sáb, 05 dic 2026 19:00:00 +0100", datetime(2026, 12, 5, 19, tzinfo=_zone(1))),
        ("mar., 01 déc. 2026 08:15:00 +0100", datetime(2026, 12, 1, 8, 15, tzinfo=_zone(1))),
        # A month whose first three letters are an English month's ("mars" is March, "juni" June).
        ("jeu., 05 mars 2026 08:15:00 +0100", datetime(2026, 3, 5, 8, 15, tzinfo=_zone(1))),
        ("Fr, 05 Juni 2026 08:15:00 +0200", datetime(2026, 6, 5, 8, 15, tzinfo=_zone(2))),
        ("Вт, 01 дек 2026 08:15:00 +0300", datetime(2026, 12, 1, 8, 15, tzinfo=_zone(3))),
        # What RFC 822 names stays as it reads; a name several zones share stays unknown (UTC), as does a word.
        ("Sat, 05 Dec 2026 19:00:00 EST", datetime(2026, 12, 5, 19, tzinfo=_zone(-5))),
        ("Sat, 05 Dec 2026 19:00:00 GMT", datetime(2026, 12, 5, 19, tzinfo=UTC)),
        ("Sat, 05 Dec 2026 19:00:00 IST", datetime(2026, 12, 5, 19, tzinfo=UTC)),
        ("Sat, 05 Dec 2026 19:00:00 ABCDE", datetime(2026, 12, 5, 19, tzinfo=UTC)),
        # An offset no zone has is written as no date can be: not read.
        ("Sat, 05 Dec 2026 19:00:00 GMT+15", None),
        ("Sa, 05 Foo 2026 19:00:00 +0100", None),
    ],
)
def test_rfc2822_reads_zone_names_gmt_offsets_and_other_languages_names(text, expected):
    assert parse_date(text) == expected
