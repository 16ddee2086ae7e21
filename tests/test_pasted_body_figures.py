"""Pasted text: a title shown twice, a credit over a picture's title (issue 12, body round `body8`).

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


def body_of(*lines: str) -> list[str]:
    text = "\n\n".join((HEAD, "By Ann Example", "March 3, 2024", *lines))
    return parse_pasted_text(text, reference=NOW, name="page.txt").text.split("\n\n")


def test_a_short_line_shown_twice_in_a_row_is_kept_once() -> None:
    # A label or a table's header row rendered twice by the page: one copy is the article's (long lines already
    # were kept once; a short one that is no sentence now is too).
    body = body_of(*PARAS[:2], "Harbour pictures", "Harbour pictures", *PARAS[2:])
    assert body == [*PARAS[:2], "Harbour pictures", *PARAS[2:]]


def test_a_long_title_shown_twice_in_a_row_is_kept_once() -> None:
    body = body_of(*PARAS[:2], "Ships passing the point by month", "Ships passing the point by month", *PARAS[2:])
    assert body == [*PARAS[:2], "Ships passing the point by month", *PARAS[2:]]


def test_a_short_sentence_said_twice_stays_twice() -> None:
    # Running text of up to 30 characters repeated on purpose is the article's, as before.
    line = "So we all sat and we all ate."
    body = body_of(*PARAS[:2], line, line, *PARAS[2:])
    assert body == [*PARAS[:2], line, line, *PARAS[2:]]


def test_a_paragraph_shown_twice_in_a_row_keeps_one_copy() -> None:
    body = body_of(*PARAS[:2], PARAS[1], *PARAS[2:])
    assert body == list(PARAS)


def test_a_title_shown_twice_apart_is_kept_twice() -> None:
    # Only a repeat in the very next line is the page's rendering; the same words later are the article's.
    body = body_of(PARAS[0], "Lamp hours", *PARAS[1:3], "Lamp hours", PARAS[3])
    assert body == [PARAS[0], "Lamp hours", *PARAS[1:3], "Lamp hours", PARAS[3]]


def test_a_credit_over_a_pictures_title_leaves_the_paragraph_above_it_in_the_body() -> None:
    # The paragraph, the picture's credit, then the picture's own title: the credit heads the picture below.
    body = body_of(*PARAS[:2], "Credit: Harbour Courier", "Lamp room after the repairs", *PARAS[2:])
    assert body[:2] == list(PARAS[:2])  # the paragraph is no caption (the title line itself is read as text)


def test_a_caption_over_its_credit_is_still_left_out() -> None:
    caption = "The lamp room at dusk, seen from the northern pier."
    body = body_of(*PARAS[:2], caption, "Credit: Harbour Courier", *PARAS[2:])
    assert body == list(PARAS)


def test_a_caption_over_its_credit_is_left_out_when_a_paragraph_follows() -> None:
    caption = "The lamp room at dusk, seen from the northern pier."
    body = body_of(*PARAS[:2], caption, "Photo: Harbour Courier", *PARAS[2:])
    assert body == list(PARAS)
