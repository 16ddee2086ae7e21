# ruff: noqa: RUF001  (fixture text: a Russian agency's dateline in capitals, Chinese punctuation)
"""Press releases as wires and governments publish them, copied from their pages: the tenth probe.

A company community follows its sector's releases (PR Newswire, Business Wire, GlobeNewswire, news aktuell) and
its regulator's announcements. Own fixtures throughout.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.ingest.formats import parse_retrieved
from bot.models import Article, Retrieved
from bot.text.dates import parse_date

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)

_STORY = (
    "The fund will pay for new vessels and crew for routes that now run only in the summer, the department said.",
    'The transport secretary said: "No island should be cut off for half the year."',
    "The first routes to benefit will be announced in the spring, after councils submit their bids.",
)


def parse(text: str, name: str = "copy.txt") -> Article:
    (article,) = parse_retrieved(Retrieved(data=text.encode("utf-8"), name=name, location=name), now=NOW)
    return article


def test_a_field_s_value_under_its_label_is_no_headline() -> None:
    # A government page's facts stand as label and value on lines of their own: "From:" / "Department for
    # Transport" over "Published" and its date. The value was the headline, as a short name over a date.
    copy = "\n".join(
        [
            "Press release",
            "New money for island ferry services in winter",
            "",
            "Six island communities will get ferries all year under a fund announced today.",
            "",
            "From:",
            "Department for Transport",
            "Published",
            "7 December 2026",
            "",
            *(f"{p}\n" for p in _STORY),
        ]
    )
    article = parse(copy)
    assert article.title == "New money for island ferry services in winter"
    assert article.published == date(2026, 12, 7)
    assert article.body[-len(_STORY) :] == _STORY


def test_a_release_s_contacts_heading_ends_its_text() -> None:
    # Business Wire closes a release with "Contacts", a department and a name (the address line was already out):
    # they were the body's last three paragraphs.
    copy = "\n".join(
        [
            "Harbourline Robotics Reports Third Quarter Results",
            "",
            "December 07, 2026 07:00 AM Eastern Standard Time",
            "",
            *(f"{p}\n" for p in _STORY),
            "Contacts",
            "Investor relations",
            "Lars Berg",
            "ir@harbourline.example",
        ]
    )
    assert parse(copy).body == _STORY


def test_a_last_paragraph_opening_with_contacts_stays() -> None:
    last = "Contacts between the two ministries resumed on Monday, the department said."
    copy = "\n".join(["Island ferries to run all year from 2027", "", "7 December 2026", "", *_STORY, last])
    assert parse(copy).body == (*_STORY, last)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("NEWS RELEASE 7-DEC-2026", date(2026, 12, 7)),
        ("07-Dec-2026", date(2026, 12, 7)),
        ("Posted 07-dec-2026 10:15", date(2026, 12, 7)),
        ("3-März-2025", date(2025, 3, 3)),
        ("https://www.example.com/reviews/apple-pencil-2-march-2017/", None),
        ("ticket-7-dec-2026-a", None),
    ],
)
def test_a_day_month_and_year_joined_by_hyphens(text: str, day: date | None) -> None:
    found = parse_date(text, reference=NOW)
    assert (found.date() if isinstance(found, datetime) else found) == day


def test_a_release_dated_with_hyphens_has_its_day() -> None:
    copy = "\n".join(
        [
            "NEWS RELEASE 7-DEC-2026",
            "Seagrass meadows store more carbon than thought, study finds",
            "Peer-Reviewed Publication",
            "UNIVERSITY OF FLORVIK",
            "",
            *(f"{p}\n" for p in _STORY),
        ]
    )
    article = parse(copy)
    assert article.title == "Seagrass meadows store more carbon than thought, study finds"
    assert article.published == date(2026, 12, 7)


@pytest.mark.parametrize(
    ("opening", "place"),
    [
        ("МОСКВА, 7 декабря. /ТАСС/. Правительство одобрило строительство нового парома для линии.", "МОСКВА"),
        ("Madrid, 7 dic (EFE).- El Consejo de Ministros aprobó este lunes una nueva línea de ferri.", "Madrid"),
        ("(ANSA) - ROMA, 07 DIC - Il governo ha dato il via libera alla nuova linea di traghetti.", "ROMA"),
        ("WASHINGTON, Dec. 7 (Reuters) - The government approved a new ferry line on Monday.", "WASHINGTON, Dec. 7"),
        ("新华社北京12月7日电 国务院7日批准新建一条连接大连和烟台的渡轮航线，预计明年4月开通。", "北京"),
    ],
)
def test_an_agency_s_yearless_dateline_dates_a_copy_with_no_other_date(opening: str, place: str) -> None:
    # A wire's dateline is the day it filed: the last such day not after the copy was made (as a yearless date in a
    # header is read). Undated before: only a dateline with its year dated a copy.
    rest = ("The line will run twice a day from April.", "It will cost 25 million euros a year.")
    article = parse("\n\n".join(["Government approves a new ferry line", opening, *rest]))
    assert article.dateline == place
    assert article.published == date(2026, 12, 7)
    later = datetime(2027, 1, 20, 9, 0, tzinfo=UTC)  # read next year: last year's 7 December, never a day ahead
    text = "\n\n".join(["Government approves a new ferry line", opening, *rest])
    (copy,) = parse_retrieved(Retrieved(data=text.encode(), name="c.txt", location="c.txt"), now=later)
    assert copy.published == date(2026, 12, 7)


def test_a_dateline_s_day_in_a_sentence_is_not_read_without_a_dateline() -> None:
    copy = "\n\n".join(
        [
            "Government approves a new ferry line",
            "The government approved on Monday a new ferry line, which will open on 7 April.",
            "It will cost 25 million euros a year, the ministry said in a statement.",
        ]
    )
    assert parse(copy).published is None


@pytest.mark.parametrize("label", ["Author:", "Authors:", "Author :", "By:", "Autor:"])
def test_a_labelled_writer_on_the_line_under_its_label_is_the_author(label: str) -> None:
    # A page of facts as label and value ("Author:" / "Ann Lee" / "Published:" / the day): "Autor:" gave the writer,
    # English "Author:" did not.
    copy = "\n".join(
        [
            "Island ferries to run all year from 2027",
            "",
            label,
            "Ann Lee",
            "Published:",
            "7 December 2026",
            "",
            *(f"{p}\n" for p in _STORY),
        ]
    )
    article = parse(copy)
    assert (article.title, article.author) == ("Island ferries to run all year from 2027", "Ann Lee")
    assert article.body == _STORY


def test_a_writer_before_the_reading_time_is_the_author() -> None:
    # Medium's header line: the writer, the reading time and the day, one line. The day was read, the writer not.
    copy = "\n".join(
        ["Island ferries to run all year from 2027", "", "Ann Lee · 5 min read · Dec 7, 2026", "", *_STORY]
    )
    article = parse(copy)
    assert (article.author, article.published) == ("Ann Lee", date(2026, 12, 7))
    assert article.body == _STORY


def test_a_kicker_with_a_colon_over_the_headline_is_no_field_label() -> None:
    copy = "\n".join(
        [
            "Analysis:",
            "Why the island ferries matter",
            "",
            "By Ann Lee",
            "7 December 2026",
            "",
            *(f"{p}\n" for p in _STORY),
        ]
    )
    assert parse(copy).title == "Why the island ferries matter"
