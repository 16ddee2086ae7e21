"""Pasted text: real prose is never refused, whatever its layout; what is not an article is refused clearly.

Every text here is written for these tests (issue 12, item 4).
"""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.errors import ParseError
from bot.ingest.formats import parse_retrieved
from bot.models import Article, Retrieved

# After every date the copies below print: a copy dated after the clock gets no date (bot.text.pagedates).
NOW = datetime(2026, 12, 31, 12, 0, tzinfo=UTC)

SENTENCES = (
    "The harbour board voted on Tuesday to keep the old lighthouse lit for another winter season.",
    "Fishing crews had asked for the light to stay after two trawlers ran aground near the point last year.",
    "Repairs to the lamp room will cost less than a new beacon, the board's engineer told the meeting.",
    "Volunteers from the village have painted the tower every spring since the keeper retired in 1987.",
    "A final decision on the building's future is expected when the board meets again in March.",
    "Visitors will still be able to climb the stairs on weekend afternoons while the work goes on.",
)
FURNITURE = (
    "Share on Facebook",
    "Advertisement",
    "Read more: the coast's other lighthouses",
    "Photo: the tower at dusk",
    "Updated 6:30 PM, March 3, 2024",
    "Subscribe to our newsletter",
    "Comments (4)",
    "\u00a9 2024 The Coast Courier",
)


def parse(text: str, name: str = "copy.txt") -> Article:
    articles = parse_retrieved(Retrieved(data=text.encode("utf-8"), name=name, location=name), now=NOW)
    assert len(articles) == 1
    return articles[0]


def kept(article: Article, sentence: str) -> bool:
    return sentence in article.text or sentence in article.title


def long_paragraph(opening: str) -> str:
    return opening + " " + " ".join(SENTENCES * 3)


ODD_LAYOUTS = {
    # A selection that starts inside a sentence, as one paragraph of about 350 words.
    "mid-sentence paragraph": long_paragraph("of the old keeper's cottage, which"),
    # The same, hard-wrapped at 72 columns.
    "mid-sentence wrapped": "\n".join(
        long_paragraph("of the old keeper's cottage, which")[i : i + 72] for i in range(0, len(long_paragraph("x")), 72)
    ),
    # One sentence a line, no blank lines, no headline.
    "sentence a line": "\n".join(SENTENCES),
    # A paragraph that opens like a caption or a credit.
    "caption-like opening": long_paragraph("Photo: the tower at dusk."),
    # A paragraph that opens with a date.
    "date-like opening": "Updated March 3, 2024. " + " ".join(SENTENCES),
    # The same paragraph pasted three times.
    "repeated paragraph": "\n\n".join([" ".join(SENTENCES[:2])] * 3),
    # Shouting.
    "all capitals": " ".join(SENTENCES).upper(),
    # A list of sentences.
    "bullets": "\n".join(f"\u2022 {s}" for s in SENTENCES),
    # One sentence is an article too.
    "one sentence": SENTENCES[0],
}


@pytest.mark.parametrize("layout", sorted(ODD_LAYOUTS))
def test_odd_layouts_of_real_prose_are_articles(layout: str) -> None:
    article = parse(ODD_LAYOUTS[layout])
    assert article.body, layout
    words = [w for s in SENTENCES for w in s.split()]
    text = (article.title + " " + article.text).lower()
    found = sum(1 for w in words if w.lower() in text)
    assert found >= 0.9 * len(words) or layout in ("repeated paragraph", "one sentence")


def test_a_copy_starting_mid_sentence_keeps_its_first_words_in_the_body() -> None:
    article = parse(ODD_LAYOUTS["sentence a line"].replace("The harbour", "of the harbour", 1))
    assert article.body[0].startswith("of the harbour board voted")
    assert all(kept(article, s) for s in SENTENCES[1:])


def test_a_paragraph_that_opens_like_a_caption_is_kept_whole() -> None:
    article = parse(ODD_LAYOUTS["caption-like opening"])
    assert all(s in article.text for s in SENTENCES)


@pytest.mark.parametrize(
    "text",
    [
        "港の灯台は冬も点灯を続ける。\n漁師たちが強く求めていた。\n修理費は新しい灯台より安い。",
        "港口灯塔将在冬季继续点亮。\n渔民们一直要求保留这座灯塔。",
        "ประภาคารจะเปิดไฟต่อไปในฤดูหนาว ชาวประมงขอให้เก็บไว้ ค่าซ่อมถูกกว่าสร้างใหม่",
        "Маяк останется включённым всю зиму.\nРыбаки просили его сохранить.",  # noqa: RUF001
        "The light stays on.\nCrews asked for it.\nRepairs cost less.",
    ],
    ids=["japanese", "chinese", "thai", "russian", "short sentences"],
)
def test_a_few_short_sentences_in_any_script_are_an_article(text: str) -> None:
    article = parse(text)
    assert article.body
    assert text.splitlines()[-1] in article.text  # nothing of the text is lost at its end


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("https://example.org/a\nhttps://example.org/b\nhttps://example.org/c\n", "no article text"),
        ("Lighthouse saved\n", "no article text"),
        ("Share on Facebook\nAdvertisement\nComments (4)\n", "no article text"),
        ("   \n\n  ", "empty"),
    ],
)
def test_what_is_not_an_article_is_refused_with_a_reason(text: str, reason: str) -> None:
    with pytest.raises(ParseError, match=reason):
        parse(text)


def test_binary_is_refused() -> None:
    with pytest.raises(ParseError):
        parse_retrieved(Retrieved(data=bytes(range(256)) * 8, name="x.txt", location="x.txt"), now=NOW)


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=0, max_value=10**9), st.sampled_from(["\n", "\n\n", " "]))
def test_three_sentences_among_any_furniture_are_an_article(seed: int, joiner: str) -> None:
    rng = random.Random(seed)
    real = rng.sample(SENTENCES, rng.randint(3, len(SENTENCES)))
    lines = [*real, *rng.sample(FURNITURE, rng.randint(0, len(FURNITURE)))]
    rng.shuffle(lines)
    article = parse(joiner.join(lines))
    assert any(s in article.text for s in real)
    assert article.title not in FURNITURE  # a furniture line is never the headline


def _double_spaced(paragraphs: list[str], width: int = 60) -> str:
    import textwrap

    return "\n\n".join("\n\n".join(textwrap.wrap(p, width)) for p in paragraphs) + "\n"


_TRAM = [
    "The city council voted 31 to 12 on Monday to build a tram line linking the northern suburbs with the centre,"
    " ending a decade of debate over the route.",
    "Construction is due to begin next spring and the first trams should run in 2029, the transport department"
    " said in a statement after the vote.",
    "Opponents argued that the 400 million euro budget would be better spent on buses, and several residents'"
    " groups said they would challenge the decision in court.",
]


def test_a_double_spaced_copy_keeps_its_whole_body():
    """Every wrapped line between blank lines: the body was the last fragment ("they would challenge...")."""
    text = "Council approves new tram line\n\nNovember 30, 2026\n\n" + _double_spaced(_TRAM)
    (article,) = parse_retrieved(Retrieved(data=text.encode(), name="tram.txt", location="tram.txt"), now=NOW)
    assert article.title == "Council approves new tram line"
    assert article.body == tuple(_TRAM)


def test_lines_between_blank_lines_stay_apart_unless_the_copy_is_double_spaced():
    from bot.text.pasted import paragraph_lines

    headline = "Council approves the new tram line to the northern suburbs"  # 40-100 characters, no stop
    # A single continuation in lower case across a blank line, in a copy whose other lines follow each other.
    text = f"{headline}\n\nbut only after a decade of debate.\n\nFirst line\nsecond line\nthird line\n"
    assert paragraph_lines(text)[:2] == [headline, "but only after a decade of debate."]
    # Double spaced, a byline under the headline is no continuation of it.
    spaced = f"{headline}\n\nby Ann Lee\n\n" + _double_spaced(_TRAM)
    assert paragraph_lines(spaced)[:3] == [headline, "by Ann Lee", _TRAM[0]]


@pytest.mark.parametrize("width", [28, 34, 39])
@pytest.mark.parametrize("between", ["\n\n", "\n"], ids=["blank-line", "column"])
def test_a_copy_wrapped_in_a_narrow_column_keeps_its_whole_body(width, between):
    """Lines of 30-odd characters (a newspaper's column in a PDF) were no hard-wrapped lines to the reader: the body
    was the last fragments ("after the vote.", "decision in court."), the date and the author lost."""
    import textwrap

    header = "Council approves new tram line\nBy Ann Lee\nNovember 30, 2026\n\n"
    text = header + between.join(textwrap.fill(p, width) for p in _TRAM) + "\n"
    (article,) = parse_retrieved(Retrieved(data=text.encode(), name="tram.txt", location="tram.txt"), now=NOW)
    assert (article.title, article.author) == ("Council approves new tram line", "Ann Lee")
    assert article.published is not None
    assert article.body == tuple(_TRAM)


def test_a_capital_or_a_number_continues_a_wrapped_line_only_after_a_word_no_sentence_ends_with():
    from bot.text.pasted import paragraph_lines

    narrow = "\n".join(
        [
            "The council voted on a new tram",
            "line to the northern suburbs on",
            "Monday after a debate of ten",
            "years over the route and the",
            "cost of the first section, which",
            "the city will pay for alone.",
            "Four things to know",
            "1. The line opens in 2029",
        ]
    )
    assert paragraph_lines(narrow) == [
        "The council voted on a new tram line to the northern suburbs on Monday after a debate of ten years over"
        " the route and the cost of the first section, which the city will pay for alone.",
        "Four things to know",
        "1. The line opens in 2029",
    ]


def test_a_word_hyphenated_at_a_column_line_end_is_made_whole():
    """A justified column (a PDF, an e-paper) breaks words at its line ends: "end- ing" reached the body, the key
    points and the search index as two pieces."""
    from bot.text.pasted import paragraph_lines

    column = "\n".join(
        [
            "The council voted on a new tram",
            "line on Monday by 31 votes to 12, end-",
            "ing a decade of debate. The well-",
            "known route runs through the old",
            "town, and the first trams are expec\u00ad",
            "ted in 2029. The line is pro-",
            "European, a well-known project,",
            "its mayor said after the vo-",
            "te: it is a long-awaited de-",
            "cision for the whole town.",
        ]
    )
    assert paragraph_lines(column) == [
        "The council voted on a new tram line on Monday by 31 votes to 12, ending a decade of debate. The"
        " well-known route runs through the old town, and the first trams are expected in 2029. The line is"
        " pro-European, a well-known project, its mayor said after the vote: it is a long-awaited decision for"
        " the whole town."
    ]
    # A dash ending a line is no word broken in two.
    lines = paragraph_lines("The vote was close -\nbut it passed on Monday night in the council chamber.")
    assert not any("closebut" in line or "close-but" in line for line in lines)


_PAGES = (
    "THE HARBOUR GAZETTE{gap}Monday, November 30, 2026\n\n"
    "Council approves new tram line\n\nBy Ann Lee\n\n"
    "{p0}\n\n{p1}\n\n"
    "{page}{gap}THE HARBOUR GAZETTE{gap}Monday, November 30, 2026\n\n"
    "{p2}\n\n"
)


@pytest.mark.parametrize("page", ["4", ""], ids=["page-number", "same-line"])
def test_a_pages_running_head_between_paragraphs_does_not_cut_the_body(page):
    """A copy of two pages of a PDF repeats the page's head, a date line, between paragraphs: the paragraphs above
    it were taken for a standfirst and lost."""
    text = _PAGES.format(gap="      ", page=page, p0=_TRAM[0], p1=_TRAM[1], p2=_TRAM[2])
    (article,) = parse_retrieved(Retrieved(data=text.encode(), name="tram.txt", location="tram.txt"), now=NOW)
    assert (article.title, article.author) == ("Council approves new tram line", "Ann Lee")
    assert article.published is not None
    assert article.published.day == 30
    assert article.body == tuple(_TRAM)


def test_repeated_numbered_lines_of_an_article_are_kept():
    from bot.text.pasted import paragraph_lines

    steps = ["Step 1", _TRAM[0], "Step 2", _TRAM[1], "Step 3", _TRAM[2]]
    assert paragraph_lines("\n\n".join(["How the tram was approved", *steps])) == ["How the tram was approved", *steps]
    # A date shown twice inside the article (a timeline), not a page's head: kept; and dates a day apart.
    timeline = ["Timeline", _TRAM[0], "November 30, 2026", _TRAM[1], "November 30, 2026", _TRAM[2]]
    assert paragraph_lines("\n\n".join(timeline)) == timeline
    days = ["Timeline", "10 December 2026", _TRAM[0], "11 December 2026", _TRAM[1], "12 December 2026", _TRAM[2]]
    assert paragraph_lines("\n\n".join(days)) == days


def test_a_copy_wrapped_at_a_letter_s_width_keeps_its_sentences_whole():
    """A forwarded mail or a PDF copied whole wraps at 60-80 characters: a full line continued by a number or a name
    ("every" / "30 minutes", "economist, Marta" / "Kowalska.") was cut into two paragraphs, the key point ending on
    "every"."""
    from bot.text.pasted import paragraph_lines

    letter = "\n".join(
        [
            "Night buses return to the northern suburbs after a six-month pause",
            "5 December 2026",
            "",
            "Night bus services to the northern suburbs will resume on Monday after a",
            "six-month pause, the transport authority said on Friday.",
            "",
            "The authority said it had since hired 60 drivers and would run buses every",
            "30 minutes between midnight and 5am, and that the routes would be",
            "reviewed in spring, said the authority's director of operations, Marta",
            "Kowalska.",
            "",
            "Residents' groups welcomed the decision but asked for the service to be",
            "extended to weekends.",
        ]
    )
    assert paragraph_lines(letter) == [
        "Night buses return to the northern suburbs after a six-month pause",
        "5 December 2026",
        "Night bus services to the northern suburbs will resume on Monday after a six-month pause, the transport"
        " authority said on Friday.",
        "The authority said it had since hired 60 drivers and would run buses every 30 minutes between midnight and"
        " 5am, and that the routes would be reviewed in spring, said the authority's director of operations, Marta"
        " Kowalska.",
        "Residents' groups welcomed the decision but asked for the service to be extended to weekends.",
    ]
    # A page's copy, one paragraph a line: a line without a stop over a capital stays apart.
    page = "\n".join(
        [
            "Night buses return to the northern suburbs after a six-month pause",
            "Night bus services to the northern suburbs will resume on Monday, the authority said.",
            "Read more about the routes and the timetable on the authority's own site",
            "Timetables",
        ]
    )
    assert paragraph_lines(page) == page.split("\n")
