"""Copies of pages that open with a summary box over the byline ("Takeaways", "AI summary"): the tenth probe.

Own fixtures throughout.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.ingest.formats import parse_retrieved
from bot.models import Article, Retrieved

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)

_HEADLINE = "Harbour operators bet on electric tugs as fuel costs bite"
_STORY = (
    "Port operators in northern Europe are ordering electric tugboats at the fastest pace yet, betting that cheaper "
    "running costs will make up for prices twice those of diesel boats.",
    "Twelve electric tugs were ordered in the third quarter, more than in the whole of last year, according to data "
    "compiled by a shipbroker in Oslo.",
    "Builders expect orders to double next year as ports in Germany and the Netherlands replace their old fleets.",
)
_POINTS = (
    "Port operators in northern Europe are ordering electric tugboats.",
    "The boats cost twice as much as diesel ones but are cheaper to run.",
    "Orders are expected to double next year.",
)


def parse(text: str) -> Article:
    (article,) = parse_retrieved(Retrieved(data=text.encode("utf-8"), name="copy.txt", location="copy.txt"), now=NOW)
    return article


def test_a_summary_s_points_over_the_byline_are_the_header_s() -> None:
    # The points were taken for the body's start: the byline and the date under them were never read, and the body
    # opened with the summary.
    copy = "\n".join(
        [
            "Markets",
            _HEADLINE,
            "",
            "Takeaways by the newsroom's AI",
            *_POINTS,
            "",
            "By Ann Lee",
            "December 7, 2026 at 6:00 AM UTC",
            "Save",
            "",
            *(f"{p}\n" for p in _STORY),
        ]
    )
    article = parse(copy)
    assert article.title == _HEADLINE
    assert article.author == "Ann Lee"
    assert article.published == datetime(2026, 12, 7, 6, 0, tzinfo=UTC)
    assert article.body == _STORY


def test_a_summary_list_under_its_heading_over_the_byline_stays_out_of_the_body() -> None:
    copy = "\n".join(
        [
            _HEADLINE,
            "",
            "Summary",
            "AI-generated summary, reviewed by our editors",
            *(f"- {p}" for p in _POINTS),
            "",
            "By Ann Lee, City Reporter",
            "Published 7 December 2026, 09:12",
            "",
            *(f"{p}\n" for p in _STORY),
        ]
    )
    article = parse(copy)
    assert (article.author, article.published) == ("Ann Lee, City Reporter", date(2026, 12, 7))
    assert article.body == _STORY


def test_short_paragraphs_over_a_closing_byline_are_the_body() -> None:
    # A story of short one-line paragraphs, its byline and date at the end: no summary box, all of it the body.
    paragraphs = (
        "The council approved the tram line on Monday.",
        "The vote was seven to two in favour of it.",
        "Construction starts in the spring of next year.",
    )
    article = parse("\n".join([_HEADLINE, "", *paragraphs, "", "By Ann Lee", "7 December 2026"]))
    assert article.body == paragraphs
