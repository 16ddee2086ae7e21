"""When a later copy's text is the fuller one (bot.text.fuller): the stored text a cut excerpt of it."""

from __future__ import annotations

import pytest

from bot.text.fuller import fuller, fuller_headline

_WHOLE = (
    "Ferries to the outer islands were cancelled on Monday as gales reached the coast, the ministry said on its "
    "website. The harbour master expects the first boats to sail again on Wednesday morning.\n\n"
    "Schools on the islands stay open, with teachers who live on the mainland teaching from home."
)


@pytest.mark.parametrize(
    "stored",
    [
        "... the ministry said on\u2026",  # an alert's snippet from the middle, cut at both ends
        "Ferries to the outer islands were cancelled on Monday as gales reached the coast, the minis\u2026",
        "Ferries to the outer islands were cancelled on Monday as gales reached the coast\u2026 [+212 chars]",
        "Ferries to the outer islands were cancelled on Monday as gales reached the coast [\u2026]",
        # A parser took the cut sentence off with its mark: the first words, at most half of the whole.
        "Ferries to the outer islands were cancelled on Monday as gales reached the coast, the ministry said on its "
        "website.",
        "",  # a headline alone
    ],
)
def test_a_cut_excerpt_is_taken_for_less_than_the_whole(stored: str) -> None:
    assert fuller(stored, _WHOLE)
    assert not fuller(_WHOLE, stored)  # never the other way


@pytest.mark.parametrize(
    "stored",
    [
        _WHOLE,
        # The whole but its last paragraph, unmarked: more than half of it, not a cut excerpt.
        _WHOLE.split("\n\n")[0],
        # Marked, but words the whole does not have (another text under the same address).
        "Bridges to the outer islands were closed on Monday\u2026",
        # Unmarked and short, but not its beginning: a blurb in its own words.
        "Gales stop the island ferries until Wednesday.",
    ],
)
def test_a_text_that_is_no_cut_excerpt_of_the_new_one_stays(stored: str) -> None:
    assert not fuller(stored, _WHOLE)


@pytest.mark.parametrize(
    "blurb",
    [
        "Gales stop the island ferries until Wednesday.",  # a letter's blurb in its own words
        "No boats to the islands until Wednesday: gales keep the ferries in port.",
    ],
)
def test_a_blurb_in_its_own_words_is_taken_for_less_than_the_page_s_text_under_the_page_s_address(blurb: str) -> None:
    assert not fuller(blurb, _WHOLE)  # under another address (a copy by its fingerprint): no cut, no taking
    assert fuller(blurb, _WHOLE, same_page=True)
    assert not fuller(_WHOLE, blurb, same_page=True)  # never the other way


@pytest.mark.parametrize(
    "stored",
    [
        # Another text altogether under the address (a third of its words are not the page's).
        "Bridge tolls rise by a pound from March, the county council decided.",
        # Longer than a blurb: a text of its own.
        " ".join(["Ferries wait in port while the gales blow over the islands."] * 6),
        # The page's text is not three times the stored one's length.
        "No boats to the islands until Wednesday: the gales keep every ferry in port, the harbour master says, and "
        "the island schools stay open with their teachers working from home.",
    ],
)
def test_a_stored_text_that_is_no_blurb_of_the_page_stays_under_the_same_address(stored: str) -> None:
    assert not fuller(stored, _WHOLE, same_page=True)


@pytest.mark.parametrize(
    ("stored", "new", "kept"),
    [
        ("Ferries to the outer islands cancelled as gales...", "Ferries to the outer islands cancelled as gales "
         "reach the coast", "new"),
        ("Ferries to the outer islands cancel\u2026", "Ferries to the outer islands cancelled as gales reach the "
         "coast", "new"),
        ("Gales reach the coast...", "Ferries to the outer islands cancelled as gales reach the coast", "stored"),
        ("Ferries to the outer islands cancelled", "Ferries to the outer islands cancelled as gales reach the coast",
         "stored"),  # not cut: the first copy's own headline
        ("Ferries cancelled...", "Ferries", "stored"),  # the new one is no longer
    ],
)  # fmt: skip
def test_a_cut_headline_gives_way_to_the_whole_one_it_opens(stored: str, new: str, kept: str) -> None:
    assert fuller_headline(stored, new) == (new if kept == "new" else stored)
