"""Copies made by the tools people read with: a blog platform's post, a PDF of several pages, a browser's reader
view, an encyclopedia's article (the lead's eighth probe, bench/README.md). Own fixtures throughout."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.ingest.formats import parse_retrieved
from bot.models import Article, Retrieved
from bot.text.keypoints import key_points
from bot.text.sentences import split_sentences

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)

_STORY = (
    "Over the past five years, towns with fewer than 20,000 residents have gained more working-age people than the "
    "country's ten largest cities combined.",
    "The shift began during the pandemic, but unlike many pandemic trends, it has not reversed. Census estimates "
    "released this week show the gap widening again in 2026.",
    "Economists say cheaper housing is only part of the story. Faster rural broadband, funded by a federal programme "
    "that began in 2022, has made it possible for workers to keep city salaries.",
    "Not everyone is pleased. Long-time residents in several towns have complained about rising rents and crowded "
    "schools.",
)
_HEADLINE = "Why small towns are winning the remote-work decade"


def parse(text: str, name: str = "copy.txt") -> Article:
    (article,) = parse_retrieved(Retrieved(data=text.encode("utf-8"), name=name, location=name), now=NOW)
    return article


def _post(header: list[str]) -> str:
    return "\n".join([*header, "", *(f"{p}\n" for p in _STORY)])


@pytest.mark.parametrize("label", ["Member-only story", "Members only", "Subscriber-only article"])
def test_a_platform_s_access_label_over_the_headline_is_no_headline(label: str) -> None:
    """A blog platform's post copied whole opens with its access label: "Member-only story" was the headline."""
    header = [label, "", _HEADLINE, "The numbers behind a quiet migration", "Daniel Osei", "Daniel Osei", "",
              "\u00b7", "Follow", "", "Published in The Commons", "\u00b7", "6 min read", "\u00b7", "Dec 4, 2026",
              "", "--", "", "12", "", "Listen", "", "Share"]  # fmt: skip
    article = parse(_post(header))
    assert article.title == _HEADLINE
    assert article.body == _STORY


def test_a_name_shown_twice_under_the_headline_is_no_headline() -> None:
    """The writer's picture's alt text and the name, both "Daniel Osei", over the reading time: the second was taken
    for the headline, as a line over a header's meta line scoring near the best one."""
    header = [_HEADLINE, "The numbers behind a quiet migration", "Daniel Osei", "Daniel Osei", "", "Follow", "",
              "6 min read", "", "Dec 4, 2026", "", "--", "", "12", "", "Listen", "", "Share"]  # fmt: skip
    article = parse(_post(header) + "\n--\n\nDaniel Osei\nWritten by Daniel Osei\n2.1K Followers\n")
    assert article.title == _HEADLINE
    assert article.published is not None
    assert article.published.isoformat() == "2026-12-04"


_PORT = (
    "Container traffic at the port of Gda\u0144sk fell 7.4 per cent in November compared with a year earlier, the "
    "third monthly decline in a row, according to figures published by the port authority on Thursday.",
    "The authority blamed the fall on shipping lines rerouting vessels to northern ports with deeper berths, and on "
    "weaker demand for imported consumer goods ahead of the holiday season.",
    '"We expect the decline to reverse once the new deep-water terminal opens in March," a spokesperson for the '
    "authority said.",
    "Analysts were less optimistic. Economists at a Warsaw brokerage said the port's market share had been eroding "
    "for two years.",
)


@pytest.mark.parametrize(
    ("mark", "head"),
    [
        ("Page {n} of 2", "Regional Economic Bulletin          December 2026"),
        ("Seite {n} von 2", "Wirtschaftsbrief Nord          Dezember 2026"),
        ("- {n} -", "Regional Economic Bulletin          No. 48"),
    ],
)
def test_a_pdf_s_page_numbers_and_running_head_are_no_text(mark: str, head: str) -> None:
    """A PDF of two pages copied whole: its page numbers stayed in the body ("Page 1 of 2"), and its running head,
    shown on both pages, was taken for the headline."""
    text = "\n\n".join(
        [head, "Port traffic falls for third straight month as ship-\nping lines reroute", "By Tomasz Wierzbicki",
         "4 December 2026", _PORT[0], _PORT[1], mark.format(n=1), head, _PORT[2], _PORT[3], mark.format(n=2)]
    )  # fmt: skip
    article = parse(text)
    assert article.title == "Port traffic falls for third straight month as shipping lines reroute"
    assert article.author == "Tomasz Wierzbicki"
    assert article.body == _PORT


def test_a_title_on_every_page_of_a_pdf_is_kept_as_its_headline() -> None:
    """A running head without a number (the title repeated on each page) may be the headline: it is not dropped."""
    title = "Port traffic falls for third straight month"
    text = "\n\n".join([title, "4 December 2026", _PORT[0], _PORT[1], "Page 1 of 2", title, _PORT[2], "Page 2 of 2"])
    article = parse(text)
    assert article.title == title
    assert "Page" not in article.text


def test_lines_like_page_marks_inside_an_article_are_kept() -> None:
    from bot.text.pasted import paragraph_lines

    lines = ["How to read the new timetable", "Page through the booklet from the back.", _PORT[0],
             "Chapter 2 of the plan", _PORT[1]]  # fmt: skip
    assert paragraph_lines("\n\n".join(lines)) == lines


@pytest.mark.parametrize("minutes", ["5\u20137 minutes", "5-7 minutes", "6 min read"])
def test_a_reader_view_copy_gives_its_writer(minutes: str) -> None:
    """A browser's reader view shows the site, the headline, the writer's name and the reading time ("5\u20137
    minutes", an en dash): the name was not read, and the reading time was a line of text."""
    text = "\n".join(["news.example.org", _HEADLINE, "Hannah Whitfield", minutes, "", *(f"{p}\n" for p in _STORY)])
    article = parse(text)
    assert (article.title, article.author) == (_HEADLINE, "Hannah Whitfield")
    assert article.body == _STORY


_FLOODS = (
    "The 2026 Kerala floods were a series of floods in the state of Kerala in November 2026, caused by unusually "
    "heavy rain during the north-east monsoon.[1] At least 112 people were killed and more than 200,000 were moved "
    "to relief camps.[2][3]",
    "The meteorological department recorded 340 per cent of the normal rainfall for the month in three "
    "districts.[4] The state government declared a disaster on 14 November.[citation needed]",
    "The central government released emergency aid on 20 November, and the army built 40 temporary bridges.[5]: 12",
)


def test_an_encyclopedia_s_reference_marks_end_sentences_and_leave_key_points() -> None:
    assert split_sentences(_FLOODS[1]) == [
        "The meteorological department recorded 340 per cent of the normal rainfall for the month in three "
        "districts.[4]",
        "The state government declared a disaster on 14 November.[citation needed]",
    ]
    assert split_sentences("He said it was over.[2] he left.") == ["He said it was over.[2] he left."]
    points = key_points(list(_FLOODS), "2026 Kerala floods")
    assert points
    assert not any("[" in point or ": 12" in point for point in points), points
    assert any(point.startswith("The state government declared a disaster") for point in points), points


def test_an_encyclopedia_copy_s_closing_references_heading_is_no_text() -> None:
    text = "\n\n".join(["From Wikipedia, the free encyclopedia", "2026 Kerala floods", *_FLOODS, "References",
                        '^ "Heavy rain lashes Kerala". The Example Times. 12 November 2026.'])  # fmt: skip
    article = parse(text)
    assert article.title == "2026 Kerala floods"
    assert article.body[-1] == _FLOODS[-1]
    # A heading with the article's text under it is kept.
    sources = parse("\n\n".join(["2026 Kerala floods", _FLOODS[0], "Sources", _FLOODS[1], _FLOODS[2]]))
    assert "Sources" in sources.body


@pytest.mark.parametrize("marks", ["*", "**", "_"])
def test_a_chat_app_s_emphasis_around_the_headline_is_no_part_of_it(marks: str) -> None:
    """A story shared in WhatsApp or Telegram sets its headline in bold ("*Headline*"): the stars were the title's."""
    text = "\n\n".join([f"{marks}{_HEADLINE}{marks}", *_STORY, "Read more: https://news.example.org/towns"])
    article = parse(text)
    assert article.title == _HEADLINE
    assert article.body == _STORY
    # Emphasis inside a headline is the headline's own.
    inside = parse("\n\n".join([f"Why *small* towns are winning the {marks}remote-work{marks} decade", *_STORY]))
    assert inside.title == f"Why *small* towns are winning the {marks}remote-work{marks} decade"


def test_a_headline_the_model_passes_over_is_not_the_body_s_first_paragraph() -> None:
    """A copy of only the headline and the story: where no line was taken for the headline, the title was the
    first line all the same, and the body opened with it too."""
    article = parse("\n\n".join([_HEADLINE, *_STORY]))
    assert (article.title, article.body) == (_HEADLINE, _STORY)
    # A first paragraph that is a sentence, closed inside its quote, stays in the body.
    first = "Snopes writer Ann Lee asked if there were \u201cany calm voters?\u201d"
    assert parse("\n\n".join([first, *_STORY])).body[0] == first


@pytest.mark.parametrize("rule", ["=====", "*" * 60, "~ ~ ~", "\u2b50\u2b50\u2b50"])
def test_a_rule_of_marks_over_a_copy_is_neither_its_headline_nor_its_text(rule: str) -> None:
    """A plain-text letter draws rules of marks around its parts: "=====" was the title, and with it in the body
    the headline under it was a paragraph too."""
    article = parse("\n\n".join([rule, _HEADLINE, *_STORY]))
    assert (article.title, article.body) == (_HEADLINE, _STORY)
    alone = parse("\n\n".join([rule, *_STORY]))
    assert alone.title.startswith("Over the past five years")
    assert alone.body == _STORY


@pytest.mark.parametrize(
    ("byline", "writer"),
    [
        ("By SIGRID J\u00d3NSD\u00d3TTIR Associated Press", "SIGRID J\u00d3NSD\u00d3TTIR"),
        ("By Ana Lima and Jan Nowak, The Associated Press", "Ana Lima and Jan Nowak"),
        ("By Kenji Sato, Kyodo News", "Kenji Sato"),
        ("By Reuters", "Reuters"),
        ("By Tom Press", "Tom Press"),
    ],
)
def test_a_wire_s_name_after_the_writer_is_no_part_of_the_name(byline: str, writer: str) -> None:
    """Papers carrying an agency's story print "By NAME Associated Press": the writer was "NAME Associated Press"."""
    text = "\n\n".join(["Volcano erupts near Iceland's main airport, flights continue", byline, *_STORY])
    assert parse(text).author == writer


_RELEASE = (
    "Acme Robotics Inc. today opened a new factory in Columbus, Ohio, that will employ 400 people by the end of 2027.",
    "The factory will build warehouse robots for customers in North America, the company said.",
)


@pytest.mark.parametrize(
    ("opening", "place", "day"),
    [
        ("COLUMBUS, Ohio, Dec. 4, 2026 /PRNewswire/ -- ", "COLUMBUS, Ohio", "2026-12-04"),
        (
            "COLUMBUS, OH, UNITED STATES, December 4, 2026 /EINPresswire.com/ -- ",
            "COLUMBUS, OH, UNITED STATES",
            "2026-12-04",
        ),
        ("COLUMBUS, Ohio, Dec. 04, 2026 (GLOBE NEWSWIRE) -- ", "COLUMBUS, Ohio", "2026-12-04"),
        # No year: the last 17 October not after the copy was made (test_copies_from_wires.py)
        ("NEW YORK, Oct 17 (Reuters) - ", "NEW YORK, Oct 17", "2026-10-17"),
        ("COLUMBUS, Ohio, Dec. 4, 2027 /PRNewswire/ -- ", "COLUMBUS, Ohio", None),  # after the clock
    ],
)
def test_a_press_release_s_dateline_dates_it(opening: str, place: str, day: str | None) -> None:
    """A wire's press release dates itself in its dateline: the date was lost with the dateline, and EIN
    Presswire's place with its country was no dateline at all."""
    article = parse("\n\n".join(["Acme Robotics Opens New Factory in Ohio", opening + _RELEASE[0], _RELEASE[1]]))
    assert article.dateline == place
    assert article.body == _RELEASE
    assert (article.published.isoformat()[:10] if article.published else None) == day


def test_a_press_release_s_provided_by_label_is_no_writer() -> None:
    """PR Newswire's header: "NEWS PROVIDED BY" / the issuer / the day. The label was taken for the writer."""
    header = [
        "Acme Robotics Opens New Factory in Ohio",
        "NEWS PROVIDED BY",
        "Acme Robotics Inc.",
        "Dec 04, 2026, 08:00 ET",
    ]
    article = parse("\n\n".join([*header, "COLUMBUS, Ohio, Dec. 4, 2026 /PRNewswire/ -- " + _RELEASE[0], _RELEASE[1]]))
    assert article.author == "Acme Robotics Inc."


_PIER = "\n".join(
    [
        "Skip to content",
        "Skip to site index",
        "Search & Section Navigation",
        "Section Navigation",
        "",
        "Harbour Town Votes to Keep Its Last Ferry Pier Open",
        "The council rejected a plan to sell the pier to a developer after residents packed a four-hour meeting.",
        "",
        "Listen to this article · 5:32 min Learn more",
        "Share full article",
        "Gift article",
        "142",
        "",
        "A ferry approached the pier on Thursday.Credit...Ana Lima for The Example Times",
        "By Jan Nowak",
        "Reporting from Harbour Town",
        "Dec. 4, 2026",
        "Updated 6:45 p.m. ET",
        "",
        "The council of Harbour Town voted 7 to 2 on Thursday night to keep its last public ferry pier "
        "open, rejecting a developer's offer after a four-hour meeting that drew hundreds of residents.",
        "",
        "The pier, built in 1926, needs repairs that engineers have estimated at $3 million.",
        "",
        '"This pier is how half of us get to work," said Maria Costa, a nurse who has taken the 6:10 '
        "a.m. ferry for 20 years.",
        "",
        "The developer, Bayside Partners, said it was disappointed but would keep looking for sites "
        "along the waterfront.",
        "",
        "Jan Nowak covers New England for The Example Times. More about Jan Nowak",
        "",
        "See more on: Harbour Town",
        "Share full article",
        "142",
        "Related Content",
        "",
    ]
)


def test_a_paper_s_closing_line_on_its_reporter_is_no_paragraph_of_the_story() -> None:
    """ "Jan Nowak covers New England for The Example Times. More about Jan Nowak" under the last paragraph stayed in
    the body: a writer's bio was known only as "... is a reporter ..."."""
    article = parse(_PIER)
    assert article.author == "Jan Nowak"
    assert article.body[-1].startswith("The developer, Bayside Partners, said")
    # A story about someone else who covers a beat keeps that paragraph.
    beat = "Ana Lima covers the council for the town's radio station."
    other = parse(_PIER.replace("The pier, built in 1926,", beat + "\n\nThe pier, built in 1926,"))
    assert beat in other.body


def test_a_shared_page_s_title_and_address_give_the_headline_and_the_link() -> None:
    """A phone shares a page as its <title> and its address over the text: the address was joined to the title as
    a wrapped line, the two made the body's first paragraph, and the title was cut from it with an ellipsis."""
    address = "https://www.example.com/2026/12/04/small-towns.html"
    text = "\n".join(
        [f"{_HEADLINE} | The Example Times", address, "", *(f"{p}\n" for p in _STORY), "Sent from my iPhone"]
    )
    article = parse(text)
    assert (article.title, article.url) == (_HEADLINE, address)
    assert article.body == _STORY
    # A list of addresses stays joined as before, and an address closing a sentence goes on it.
    from bot.text.pasted import paragraph_lines

    sources = [
        "Sources and links",
        "https://example.org/reports/2026/ferry-services-review",
        "https://example.org/data/2026/ferry-passenger-counts",
        "https://example.org/x",
    ]
    assert paragraph_lines("\n".join(sources)) == ["Sources and links", " ".join(sources[1:])]
    closing = "The full report on the town's ferry services is on the council's site at\nhttps://example.org/report."
    assert paragraph_lines(closing) == [closing.replace("\n", " ")]


@pytest.mark.parametrize("credit", ["Photo by Jan Nowak on Unsplash", "Image: Pexels", "Foto: Pixabay"])
def test_a_paragraph_over_a_free_picture_library_s_credit_is_no_caption(credit: str) -> None:
    """A blog's picture from Unsplash has no caption: the paragraph above its credit was taken for one and lost."""
    text = "\n\n".join([_HEADLINE, "By Ana Lima", *_STORY[:2], credit, *_STORY[2:]])
    assert parse(text).body == _STORY


def test_a_newsletter_platform_s_name_over_its_sign_in_buttons_is_no_headline() -> None:
    """A Substack post copied whole opens with the publication's name over "Subscribe" / "Sign in": the name scored
    over the post's title and was the headline."""
    header = ["The Harbour Letter", "Subscribe", "Sign in", "", _HEADLINE, "The numbers behind a quiet migration",
              "Daniel Osei", "Dec 04, 2026", "\u2219 Paid", "42", "5", "Share"]  # fmt: skip
    closing = ["Subscribe to The Harbour Letter", "Launched 3 years ago", "Notes on towns, work and the coast.",
               "Type your email...", "Subscribe", "42 Likes\u2219", "3 Restacks"]  # fmt: skip
    article = parse(_post(header) + "\n" + "\n".join(closing))
    assert (article.title, article.author) == (_HEADLINE, "Daniel Osei")
    # Its sign-up box under the post ("Subscribe to ..." / a line on the publication / "Type your email...") kept its
    # description and its address field as the body's last paragraphs.
    assert article.body == _STORY


@pytest.mark.parametrize(
    "tail", [["Photo: AP", "Share", "Facebook", "X"], ["Foto: dpa", "Teilen", "Facebook", "WhatsApp"]]
)
def test_a_last_paragraph_over_the_page_s_picture_credit_and_share_buttons_is_kept(tail: list[str]) -> None:
    """A picture's credit closing the copy, then its share buttons: the last paragraph, over the credit, was taken
    for the picture's caption and lost (the buttons "Facebook", "X" counted as text after the credit)."""
    last = "The board will meet again in March to decide on the plan."
    article = parse("\n\n".join([_HEADLINE, "By Ana Lima", *_STORY, last, *tail]))
    assert article.body == (*_STORY, last)


@pytest.mark.parametrize(
    "header",
    [
        [
            "Small towns win the remote-work decade",
            "smalltowns.example \u00b7 by Daniel Osei \u00b7 6 min",
        ],  # Instapaper
        [_HEADLINE, "smalltowns.example \u00b7 by Daniel Osei \u00b7 6 min"],  # a headline of the wrap's length
        [_HEADLINE, "The Commons | by Daniel Osei | 6 min read"],
        [_HEADLINE, "smalltowns.example", "Daniel Osei", "6 min read", "View Original"],  # Pocket
    ],
    ids=["instapaper", "instapaper-long", "bars", "pocket"],
)
def test_a_reading_app_s_line_of_facts_names_the_writer(header: list[str]) -> None:
    """A read-later app's copy names the writer among the page's facts ("site · by Name · 6 min") or under the
    site's host, over the reading time: no writer was read."""
    article = parse(_post(header))
    assert (article.title, article.author, article.body) == (header[0], "Daniel Osei", _STORY)


def test_a_sentence_s_by_is_no_byline() -> None:
    header = [_HEADLINE, "A report commissioned by Harbour Council / 2026"]
    assert parse(_post(header)).author is None
