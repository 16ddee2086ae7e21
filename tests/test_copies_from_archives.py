"""Copies of pages read through web archives, link aggregators, forums and print views: the ninth probe.

A study group keeps a story whose page has gone, or is behind a wall, from the Wayback Machine or archive.today;
a community pastes what it read on Hacker News or Reddit. Own fixtures throughout.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from bot.ingest.formats import parse_retrieved
from bot.ingest.formats.titles import without_host_tag
from bot.models import Article, Retrieved
from bot.text.captures import capture_banner

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)

_HEADLINE = "River ferries return to the Douro after two-year pause"
_STORY = (
    "The passenger ferries between Porto and Vila Nova de Gaia will run again from Monday, after a two-year pause "
    "for the renovation of both piers.",
    "The city said six boats will cross every twenty minutes between eight in the morning and ten at night.",
    "Tickets cost 1.50 euros, and monthly passes for public transport are valid on board.",
)
_PAGE = "https://www.porto-herald.example/2019/11/03/river-ferries-return/"
_CAPTURE = f"https://web.archive.org/web/20240104090512/{_PAGE}"


def parse(text: str, name: str = "copy.txt") -> Article:
    (article,) = parse_retrieved(Retrieved(data=text.encode("utf-8"), name=name, location=name), now=NOW)
    return article


def _copy(banner: list[str], header: tuple[str, ...] = (_HEADLINE, "", "November 3, 2019", "")) -> str:
    return "\n".join([*banner, *header, *(f"{p}\n" for p in _STORY)])


_WAYBACK = [f"The Wayback Machine - {_CAPTURE}", "3 captures", "03 Jan 2024 - 12 Mar 2024", "Dec\tJAN\tFeb", "04",
            "2023\t2024\t2025", "About this capture", ""]  # fmt: skip
_ARCHIVE_TODAY = ["archive.today", "webpage capture", "Saved from", _PAGE, "search", "4 Dec 2026 10:12:33 UTC",
                  "All snapshots from host www.porto-herald.example", "Webpage", "Screenshot", "share",
                  "download .zip", "report bug or abuse", "Buy me a coffee", ""]  # fmt: skip


@pytest.mark.parametrize(
    ("banner", "link"),
    [
        (_WAYBACK, _CAPTURE),
        (_ARCHIVE_TODAY, _PAGE),
        (["archive.ph", "webpage capture", f"Saved from {_PAGE}", ""], _PAGE),
    ],
    ids=["wayback", "archive.today", "archive.ph-one-line"],
)
def test_a_web_archive_s_banner_is_no_part_of_the_story(banner: list[str], link: str) -> None:
    """The Wayback Machine's toolbar line was the headline; archive.today's address (and "search") was, and the
    capture's time, years after the story, dated it. The banner goes; its address is the article's link."""
    article = parse(_copy(banner))
    assert article.title == _HEADLINE
    assert article.published is not None
    assert article.published.isoformat() == "2019-11-03"
    assert article.body == _STORY
    assert article.url == link


def test_a_capture_without_a_date_of_its_own_is_not_dated_by_the_capture() -> None:
    article = parse(_copy(_ARCHIVE_TODAY, header=(_HEADLINE, "")))
    assert (article.title, article.published, article.body) == (_HEADLINE, None, _STORY)


def test_a_story_that_names_an_archive_keeps_its_top() -> None:
    """Only a banner at the copy's top that ends in the archive's own items is cut."""
    lead = "Archive.today and the Wayback Machine keep copies of pages that vanish"
    text = _copy([], header=(lead, "", "November 3, 2019", ""))
    assert capture_banner(text.splitlines()) == (0, None)
    assert parse(text).title == lead
    about = ["The Wayback Machine turns 25", "", "3 captures of this page were made."]
    assert capture_banner(about) == (0, None)


def test_an_address_line_is_never_the_headline() -> None:
    """A line made mostly of a web address (a capture's, a search box's) names where the page is."""
    article = parse(_copy([f"{_PAGE} search", "4 Dec 2026 10:12:33 UTC", "All snapshots", ""]))
    assert article.title == _HEADLINE
    assert article.published is not None
    assert article.published.isoformat() == "2019-11-03"


_THREAD_TOP = ["Hacker News new | past | comments | ask | show | jobs | submit\tlogin",
               "City of Tartu publishes its bus timetables as open data (tartu.example)",
               "312 points by mkask 4 hours ago | hide | past | favorite | 97 comments", ""]  # fmt: skip


def test_a_link_aggregator_s_host_tag_leaves_the_headline() -> None:
    article = parse(_copy(_THREAD_TOP, header=()))
    assert article.title == "City of Tartu publishes its bus timetables as open data"
    assert article.published is not None
    assert article.author is None  # the one who posted the link did not write the story
    assert article.body == _STORY


@pytest.mark.parametrize(
    ("title", "kept"),
    [
        ("Show HN: a tiny tram tracker (github.com/ann/tram)", "Show HN: a tiny tram tracker"),
        ("Tartu opens its bus data (www.tartu.ee)", "Tartu opens its bus data"),
        ("Harbour bridge closes (again)", "Harbour bridge closes (again)"),
        ("Results (3.5)", "Results (3.5)"),
        ("Acme (acme.io)", "Acme (acme.io)"),  # too short to be a title with a tag
    ],
)
def test_without_host_tag(title: str, kept: str) -> None:
    assert without_host_tag(title) == kept


def test_a_forum_post_s_vote_buttons_and_abbreviated_age() -> None:
    """A Reddit post: "5 hr. ago" dated nothing, and "Upvote" / "1.2K" / "Downvote" closed the body."""
    top = ["r/europe", "\u2022", "5 hr. ago", "baltic_reader", "", "Estonia opens first offshore wind farm", "News", ""]
    tail = ["Upvote", "1.2K", "", "Downvote", "214", "Go to comments", "", "", "Share", ""]
    article = parse(_copy(top, header=()) + "\n".join(tail))
    assert article.title == "Estonia opens first offshore wind farm"
    assert article.published is not None
    assert article.published.isoformat() == "2026-12-07T07:00:00+00:00"
    assert article.body == _STORY


def test_a_print_view_s_masthead_over_the_site_s_address_is_no_headline() -> None:
    """A site's "Print this page" view: its name over its address was the headline."""
    story = (
        "The harbour council voted on Thursday to add three evening ferries to the island route from January, after "
        "a year of complaints from commuters.",
        "Councillor Jon Berg said the extra crossings would cost about 40,000 pounds a year, paid from the parking "
        "fund.",
        "Residents of the outer islands welcomed the change but asked for a later Sunday service as well.",
    )
    top = ["Print this page", "Close window", "", "The Harbour Gazette", "www.harbour-gazette.example", "",
           "Council approves new ferry timetable", "", "Published: 04/12/2026 09:15", ""]  # fmt: skip
    article = parse("\n".join([*top, *(f"{p}\n" for p in story)]))
    assert article.title == "Council approves new ferry timetable"
    assert article.body == story


_PRINTED_STORY = (
    "The harbour council voted on Thursday to add three evening ferries to the island route from January, after a "
    "year of complaints from commuters who were stranded when the last boat left at seven.",
    "Councillor Jon Berg said the extra crossings would cost about 40,000 pounds a year, paid from the parking fund.",
    "Residents of the outer islands welcomed the change but asked for a later Sunday service as well.",
)
_PRINTED_AT = "https://www.harbour-gazette.example/news/ferry-timetable"


def _chrome(head: str, page: int, pages: int, title: str) -> tuple[str, str]:
    return f"{head} {title} | The Harbour Gazette", f"{_PRINTED_AT} {page}/{pages}"


def _firefox(head: str, page: int, pages: int, title: str) -> tuple[str, str]:
    return f"{title} | The Harbour Gazette {_PRINTED_AT}", f"{page} of {pages} {head}"


@pytest.mark.parametrize("browser", [_chrome, _firefox])
@pytest.mark.parametrize("pages", [1, 2])
@pytest.mark.parametrize("head", ["12/4/26, 9:15 AM", "04.12.26, 09:15", "2026-12-04 09:15"])
def test_a_browser_s_print_frame_is_no_part_of_the_story(
    browser: Callable[..., tuple[str, str]], pages: int, head: str
) -> None:
    """A page printed to PDF by a browser and copied from the PDF: Chrome's head ("12/4/26, 9:15 AM Headline | Site")
    or Firefox's ("Headline | Site https://...") was the headline, and each foot ("https://... 1/2", "1 of 2 12/4/26,
    9:15 AM") a paragraph. The frame goes; its address is the link."""
    title = "Council approves new ferry timetable"
    top, foot = browser(head, 1, pages, title)
    first = [top, "The Harbour Gazette", title, "By Mira Olsen", "December 4, 2026", *_PRINTED_STORY[:2]]
    if pages == 1:
        lines = [*first, _PRINTED_STORY[2], foot]
    else:
        lines = [*first, foot, browser(head, 2, 2, title)[0], _PRINTED_STORY[2], browser(head, 2, 2, title)[1]]
    article = parse("\n".join(lines) + "\n")
    assert (article.title, article.author, article.url) == (title, "Mira Olsen", _PRINTED_AT)
    assert article.published is not None
    assert article.published.isoformat() == "2026-12-04"
    assert article.body == _PRINTED_STORY


def _archive_today_page(dated: str) -> str:
    story = "".join(f'<div style="margin:12px 0">{p}</div>' for p in _STORY)
    return f"""<!DOCTYPE html><html><head><meta property="og:type" content="article">
<meta property="og:url" content="https://archive.ph/AbCdE"><meta property="og:title" content="{_HEADLINE}">
<meta property="article:published_time" content="2026-12-04T10:12:33Z"><link rel="canonical" href="https://archive.ph/AbCdE">
<title>{_HEADLINE} - Porto Herald</title></head><body><div id="HEADER"><table><tr>
<td>archive.today<br>webpage capture</td><td>Saved from</td><td>4 Dec 2026 10:12:33 UTC</td></tr></table></div>
<div id="CONTENT">
<div style="font-size:32px;font-weight:700">{_HEADLINE}</div><div style="color:#666">By Ana Costa &#183; {dated}</div>
{story}</div></body></html>"""


def test_an_archive_today_page_is_dated_by_the_page_not_by_the_capture() -> None:
    """archive.today writes the capture's time in article:published_time: a 2019 story was dated 2026."""
    article = parse(_archive_today_page("3 November 2019"), name="capture.html")
    assert article.title == _HEADLINE
    assert article.published is not None
    assert article.published.isoformat() == "2019-11-03"
    assert article.url == "https://archive.ph/AbCdE"
