import json
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.errors import ParseError
from bot.ingest.formats.text import parse_pasted_text

DATA = Path(__file__).parent / "data" / "pasted"
SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = SHARED / "samples" / "drop" / "000_df5bc9558c6d1cc2.txt"
REF = datetime(2025, 10, 17, 9, 0, tzinfo=UTC)
FIXTURES = sorted(p.stem for p in DATA.glob("*.txt"))


def _check(article, expected):
    assert article.title == expected["headline"]
    published = article.published.isoformat() if article.published else None
    assert published == expected["published"]
    assert article.dateline == expected["dateline"]
    if "author" in expected:
        assert article.author == expected["author"]
    text = article.text
    assert text.startswith(expected["body_starts_with"])
    assert text.endswith(expected["body_ends_with"])
    assert len(article.body) == expected["paragraphs"]
    for bad in expected["body_must_not_contain"]:
        assert bad not in text
    assert article.key_points == ()


@pytest.mark.parametrize("name", FIXTURES)
def test_golden_fixtures(name):
    expected = json.loads((DATA / f"{name}.expected.json").read_text(encoding="utf-8"))
    article = parse_pasted_text((DATA / f"{name}.txt").read_text(encoding="utf-8"), reference=REF, name=name)
    _check(article, expected)


def test_fixtures_exist():
    assert len(FIXTURES) >= 4


def test_seed_sample():
    if not SEED.is_file():
        pytest.skip(f"seed sample not found at {SEED} (the shared folder sits next to the checkout)")
    expected = json.loads(SEED.with_suffix(".expected.json").read_text(encoding="utf-8"))
    reference = datetime.fromtimestamp(SEED.stat().st_mtime, tz=UTC)
    _check(parse_pasted_text(SEED.read_text(encoding="utf-8"), reference=reference, name=SEED.name), expected)


def test_crlf_and_bom_are_read_like_plain_lines():
    text = (DATA / "edition_header.txt").read_text(encoding="utf-8")
    article = parse_pasted_text("\ufeff" + text.replace("\n", "\r\n"), reference=REF)
    assert article.title == "Harbour town votes to rebuild its old sea wall after winter storms"
    assert article.published == date(2025, 3, 4)


def test_body_only_copy_has_a_title_and_all_paragraphs():
    text = (
        "The council met on Monday evening and agreed, after a long debate that ran past midnight, to keep the "
        "swimming pool open through the winter months for the first time.\n\n"
        "Members said the extra cost would be met from the reserve fund that was set up two years ago.\n"
    )
    article = parse_pasted_text(text, reference=REF)
    assert len(article.body) == 2
    assert article.title


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "empty"), ("   \n\t\n ", "empty"), ("\x00\x01\x02binary\x00junk", "binary"), ("\x07" * 50 + "ab", "binary")],
)
def test_unusable_text_raises_parse_error(text, message):
    with pytest.raises(ParseError, match=message):
        parse_pasted_text(text, reference=REF, name="drop.txt")


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=2000))
def test_never_raises_anything_but_parse_error(text):
    try:
        article = parse_pasted_text(text, reference=REF)
    except ParseError:
        return
    assert isinstance(article.body, tuple)
    assert all(isinstance(p, str) and p for p in article.body)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "",
                "Home",
                "By Jane Roe",
                "Share",
                "A+",
                "2 MIN READ",
                "Friday, October 17, 2025",
                "Advertisement",
                "Harbour town votes to rebuild its sea wall",
                "LONDON (Reuters) - A bakery chain said it would close forty shops.",
                "The council said the vote passed by a wide margin, with two thirds of households taking part in it.",
                "Photo: Lena Park",
                "Read more",
                "1",
                "WASHINGTON DC:\u00a0The talks went on for a second day in the city.",
            ]
        ),
        max_size=40,
    )
)
def test_never_raises_on_page_shaped_text(lines):
    try:
        article = parse_pasted_text("\n".join(lines), reference=REF)
    except ParseError:
        return
    assert "Advertisement" not in article.body


def test_schedule_of_dated_lines_stays_in_the_body():
    text = "\n\n".join(
        [
            "Choir announces a spring tour of five cities",
            "March 2, 2025",
            "The town choir will sing in five cities this spring, its first tour since the hall reopened last year.",
            "Tickets go on sale next week at the hall and online, the choir's secretary said on Sunday evening.",
            "April 4 \u2013 Northport, City Hall",
            "April 11 \u2013 Eastwick, Corn Exchange",
            "April 18 \u2013 Southend Pier, Pavilion",
            "Share this:",
            "Facebook",
        ]
    )
    article = parse_pasted_text(text, reference=REF)
    assert article.published == date(2025, 3, 2)
    assert article.body[-1] == "April 18 \u2013 Southend Pier, Pavilion"
    assert len(article.body) == 5


def test_a_page_s_own_date_lines_closing_the_body_still_give_its_date():
    """Three "Published / Updated / Reviewed" lines under the last paragraph read as a schedule kept in the body; the
    copy had no date. A date marked published among them is the page's (a tour's dates, unmarked, are not:
    test_schedule_of_dated_lines_stays_in_the_body)."""
    story = [
        "Ferry crossings resume after the storm",
        "Ferries between the two islands run again from Monday, the operator said, after a week of cancellations.",
        "The first crossing leaves at seven, and the timetable is the winter one until the end of March.",
    ]
    closing = [
        "Published 3 May 2019 10:00 BST",
        "Updated 4 May 2019 12:00 BST",
        "Last reviewed 5 May 2019 09:00 BST",
    ]
    article = parse_pasted_text("\n\n".join([*story, *closing, "Share this:", "Facebook"]), reference=REF)
    assert article.published == datetime(2019, 5, 3, 10, tzinfo=timezone(timedelta(hours=1)))  # as printed, BST
    assert article.body[-1] == closing[-1]  # kept where it was: only the date is read from it


def test_closing_lines_that_end_like_sentences_stay_without_furniture_after_them():
    text = "\n\n".join(
        [
            "Bakery wins the regional bread prize",
            "June 9, 2025",
            "A family bakery on the high street won the regional bread prize on Saturday, beating forty entries.",
            "The judges praised its rye loaf, which the owners bake to a recipe handed down over three generations.",
            "The winning loaves were:",
            "a dark rye with caraway;",
            "a white sourdough.",
            "More from the high street",
            "Butcher closes after ninety years",
            "New cafe opens by the station",
        ]
    )
    article = parse_pasted_text(text, reference=REF)
    assert article.body[-1] == "a white sourdough."
    assert "Butcher closes" not in article.text


def test_press_release_ends_before_the_issuers_description():
    text = "\n\n".join(
        [
            "Acme Widgets opens a second factory in Northport",
            "March 4, 2025",
            "Acme Widgets said on Tuesday that it had opened a second factory in Northport, adding two hundred jobs.",
            "The plant will make parts for bicycles and prams, and is expected to run at full speed by the summer.",
            "About Acme Widgets",
            "Acme Widgets Ltd. is a leading maker of small metal parts, with customers in more than forty countries.",
            "Media contact: press office, telephone 0100 000000",
        ]
    )
    article = parse_pasted_text(text, reference=REF)
    assert article.body[-1].startswith("The plant will make parts")
    assert "About Acme" not in article.text


def test_video_menu_item_above_the_headline_is_not_a_player():
    text = "\n".join(
        [
            "News",
            "Sport",
            "Video",
            "Council approves new cycle lanes on the ring road",
            "June 2, 2025",
            "The council approved four miles of new cycle lanes on the ring road on Monday after a long debate.",
            "Work will start in September and should be finished before the end of next spring, officials said.",
        ]
    )
    article = parse_pasted_text(text, reference=REF)
    assert article.title == "Council approves new cycle lanes on the ring road"
    assert len(article.body) == 2


def test_share_widget_naming_the_story_picks_the_headline():
    text = "\n\n".join(
        [
            "Science",
            "Space",
            "Comet visible to the naked eye for the first time in a decade",
            "New, 4 comments",
            "Astronomers say the best nights to look are at the end of the month",
            "By Ana Lee Nov 3, 2025, 9:15am EST",
            "Share All sharing options for: Comet visible to the naked eye for the first time in a decade",
            "A comet bright enough to see without a telescope will cross the northern sky this month, experts said.",
            "It will be easiest to spot an hour after sunset, low in the west, on the last four nights of November.",
        ]
    )
    article = parse_pasted_text(text, reference=REF)
    assert article.title == "Comet visible to the naked eye for the first time in a decade"


def test_drop_cap_copied_apart_is_joined_to_its_word():
    text = "\n\n".join(
        [
            "Orchard harvest is the best in twenty years",
            "September 8, 2025",
            "W hile the summer was dry, the apple orchards on the hill gave their best harvest in twenty years.",
            "A late frost spared the blossom this spring, and the growers say the fruit is sweeter than usual.",
        ]
    )
    article = parse_pasted_text(text, reference=REF)
    assert article.body[0].startswith("While the summer was dry")
    assert article.body[1].startswith("A late frost")


_LETTER = [
    "The island ferry company will raise fares by 8 percent from January 1, it said on Friday, blaming higher fuel",
    "and crew costs that it said it could no longer absorb without cutting the number of winter sailings.",
    "",
    "A return ticket for a car and two passengers will cost 64 euros, up from 59, and season tickets for islanders",
    "will rise by 5 percent, the company said in a statement sent to its customers on Friday afternoon.",
]
_FARES = (
    "The island ferry company will raise fares by 8 percent from January 1, it said on Friday, blaming higher fuel"
    " and crew costs that it said it could no longer absorb without cutting the number of winter sailings."
)


@pytest.mark.parametrize(
    "header",
    [
        [
            "---------- Forwarded message ---------",
            "From: Harbour Weekly <news@harbourweekly.example>",
            "Date: Fri, Dec 4, 2026 at 7:02 PM",
            "Subject: Fwd: Ferry fares to rise by 8% in January",
            "To: Ana Lima <ana@example.org>",
        ],
        [
            "-----Original Message-----",
            "From: Harbour Weekly <news@harbourweekly.example>",
            "Sent: Friday, December 4, 2026 7:02 PM",
            "To: Ana Lima <ana@example.org>",
            "Subject: FW: Ferry fares to rise by 8% in January",
        ],
        [
            "Begin forwarded message:",
            "",
            "From: Harbour Weekly <news@harbourweekly.example>",
            "Subject: Ferry fares to rise by 8% in January",
            "Date: 4 December 2026 at 19:02:05 GMT",
            "To: ana@example.org",
        ],
    ],
    ids=["gmail", "outlook", "apple-mail"],
)
def test_a_forwarded_mail_copied_whole_is_its_letter(header):
    """A forward pasted into a drop file was read as a page: "Subject: ..." was its headline, the header lines its
    top, the letter's date and sender lost."""
    text = "\n".join([*header, "", *_LETTER]) + "\n"
    article = parse_pasted_text(text, reference=datetime(2026, 12, 7, tzinfo=UTC), name="fwd.txt")
    assert article.title == "Ferry fares to rise by 8% in January"
    assert article.source == "Harbour Weekly"
    assert article.published is not None
    assert (article.published.year, article.published.month, article.published.day) == (2026, 12, 4)
    assert article.body[0] == _FARES  # wrapped at 110 characters: one paragraph, not two
    assert len(article.body) == 2
    assert not any("From:" in paragraph or "@" in paragraph for paragraph in article.body)


def test_a_copy_that_only_quotes_header_words_is_no_forward():
    text = "\n".join(
        [
            "Ferry fares to rise by 8% in January",
            "",
            "From: the ferry company's statement. Subject: fares. Date: next month, the company said in its letter.",
            "",
            *_LETTER,
        ]
    )
    article = parse_pasted_text(text, reference=datetime(2026, 12, 7, tzinfo=UTC), name="fares.txt")
    assert article.title == "Ferry fares to rise by 8% in January"
    assert article.source == ""


def test_a_quoted_copy_loses_its_quote_marks():
    """A story copied from a reply ("> " before every line) kept the marks: "\\> The routes ..." was a key point."""
    text = "\n".join(
        [
            "Night buses return to the northern suburbs",
            "",
            "> Night bus services to the northern suburbs will resume on Monday after a",
            "> six-month pause, the transport authority said on Friday.",
            ">",
            "> > The routes were suspended in June when the operator ran short of drivers, the authority said.",
        ]
    )
    article = parse_pasted_text(text, reference=datetime(2026, 12, 7, tzinfo=UTC), name="quoted.txt")
    assert article.body == (
        "Night bus services to the northern suburbs will resume on Monday after a six-month pause, the transport"
        " authority said on Friday.",
        "The routes were suspended in June when the operator ran short of drivers, the authority said.",
    )
