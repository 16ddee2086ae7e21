"""When a later copy's text is the fuller one (bot.text.fuller): the stored text a cut excerpt of it."""

from __future__ import annotations

import pytest

from bot.text.fuller import fuller

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
