"""Pasted text: a closing list, a title shown twice, a bio whose name holds a particle (issue 12, body fifth round).

Every text here is written for these tests.
"""

from __future__ import annotations

from datetime import UTC, datetime

from bot.ingest.formats.text import parse_pasted_text

NOW = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)

HEAD = "Harbour board keeps the old lighthouse lit for another winter"
PARAS = (
    "The harbour board voted on Tuesday to keep the old lighthouse lit for another winter season.",
    "Fishing crews had asked for the light to stay after two trawlers ran aground near the point last year.",
    "Repairs to the lamp room will cost less than a new beacon, the board's engineer told the meeting.",
    "Volunteers from the village have painted the tower every spring since the keeper retired in 1987.",
)
ITEMS = (
    "A brighter lamp that reaches ten miles out to sea",
    "A spare battery bank for the longest winter storms",
    "A small room for the old keeper's logbooks and charts",
)


def body_of(*lines: str) -> list[str]:
    text = "\n\n".join((HEAD, "By Ann Example", "March 3, 2024", *lines))
    return parse_pasted_text(text, reference=NOW, name="page.txt").text.split("\n\n")


def test_a_list_a_colon_opens_at_the_end_keeps_its_items() -> None:
    # No page furniture after the article: the list's items do not end like sentences, the colon says they belong.
    body = body_of(*PARAS, "The new lamp room will have:", *ITEMS, "lamp_photo_1", "lamp_photo_2")
    assert body == [*PARAS, "The new lamp room will have:", *ITEMS]


def test_list_items_may_end_in_semicolons_and_a_full_stop_closes_the_list() -> None:
    items = ("a brighter lamp reaching ten miles;", "a spare battery bank for storms;", "a room for the logbooks.")
    body = body_of(*PARAS, "The new lamp room will have:", *items, "Lighthouses Of The Northern Coast")
    assert body == [*PARAS, "The new lamp room will have:", *items]


def test_without_a_colon_the_closing_lines_still_stop_at_the_first_that_is_no_sentence() -> None:
    body = body_of(*PARAS, "More From The Harbour Desk", *ITEMS)
    assert body == list(PARAS)


def test_a_colon_does_not_keep_one_word_lines() -> None:
    # File names or tags under a colon are no items of a list: the body stops before them, as it did.
    body = body_of(*PARAS, "Pictures from the first night:", "lamp_photo_1", "lamp_photo_2")
    assert body == [*PARAS, "Pictures from the first night:"]


def test_a_title_shown_twice_in_a_row_is_left_out_whole() -> None:
    # A chart's or picture's title, rendered twice by the page: neither copy is the article's.
    body = body_of(*PARAS[:2], "Ships passing the point by month", "Ships passing the point by month", *PARAS[2:])
    assert body == list(PARAS)


def test_a_paragraph_shown_twice_in_a_row_keeps_one_copy() -> None:
    body = body_of(*PARAS[:2], PARAS[1], *PARAS[2:])
    assert body == list(PARAS)


def test_a_title_shown_twice_apart_is_kept() -> None:
    # Only a repeat in the very next line is the page's rendering; the same words later are the article's.
    body = body_of(PARAS[0], "Lamp hours", *PARAS[1:3], "Lamp hours", PARAS[3])
    assert body == [PARAS[0], "Lamp hours", *PARAS[1:3], "Lamp hours", PARAS[3]]


def test_a_closing_bio_whose_name_holds_a_particle_ends_the_body() -> None:
    for name in ("Ana de Souza", "Jan van Dijk", "Marco di Stefano"):
        bio = f"{name} is a reporter covering the coast and its harbours for the Courier."
        assert body_of(*PARAS, bio) == list(PARAS), name


def test_a_closing_sentence_about_a_named_person_that_is_no_bio_stays() -> None:
    last = "Marco di Stefano is the keeper's grandson, and he will light the lamp on the first night."
    assert body_of(*PARAS, last) == [*PARAS, last]


def test_a_credit_over_a_pictures_title_leaves_the_paragraph_above_it_in_the_body() -> None:
    # The paragraph, the picture's credit, then the picture's own title: the credit heads the picture below.
    body = body_of(
        *PARAS[:2],
        "Credit: Harbour Courier",
        "Lamp room after the repairs",
        *PARAS[2:],
    )
    assert body[:2] == list(PARAS[:2])  # the paragraph is no caption (the title line itself is read as text)


def test_a_caption_over_its_credit_is_still_left_out() -> None:
    caption = "The lamp room at dusk, seen from the northern pier."
    body = body_of(*PARAS[:2], caption, "Credit: Harbour Courier", *PARAS[2:])
    assert body == list(PARAS)
