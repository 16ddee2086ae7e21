import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.text.sentences import split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The U.S. economy grew 3.5 percent last quarter. Officials in Washington, D.C. were pleased.",
            ["The U.S. economy grew 3.5 percent last quarter.", "Officials in Washington, D.C. were pleased."],
        ),
        (
            "Mr. Hale met Mrs. Ortiz and Dr. Quinn on Jan. 12 at St. Mary's. Gen. Park and Sen. Ruiz joined.",
            ["Mr. Hale met Mrs. Ortiz and Dr. Quinn on Jan. 12 at St. Mary's.", "Gen. Park and Sen. Ruiz joined."],
        ),
        (
            "Rep. Long spoke first. The vote came on Feb. 3 and again on Sept. 9. It passed.",
            ["Rep. Long spoke first.", "The vote came on Feb. 3 and again on Sept. 9.", "It passed."],
        ),
        (
            "Widget Inc. said sales rose. Gadget Ltd. reported a loss. The shop is at No. 5 Mill Lane.",
            ["Widget Inc. said sales rose.", "Gadget Ltd. reported a loss.", "The shop is at No. 5 Mill Lane."],
        ),
        (
            "The novel by J. R. Tolkely sold well. Readers loved it.",
            ["The novel by J. R. Tolkely sold well.", "Readers loved it."],
        ),
        ("It cost $4.25 a share. Traders shrugged.", ["It cost $4.25 a share.", "Traders shrugged."]),
        # Other languages' months shortened before a year, and "about" before a number.
        (
            "Der Rat hat am 4. Dez. 2026 die Linie beschlossen. Sie fährt ab 2029.",
            ["Der Rat hat am 4. Dez. 2026 die Linie beschlossen.", "Sie fährt ab 2029."],
        ),
        (
            "La ligne coûtera env. 320 M€, livrée au 3e trim. 2027 ou en déc. 2028. Le maire est ravi.",
            ["La ligne coûtera env. 320 M€, livrée au 3e trim. 2027 ou en déc. 2028.", "Le maire est ravi."],
        ),
        (
            "La obra costará aprox. 320 millones y acabará en dic. 2028. El alcalde lo celebró.",
            ["La obra costará aprox. 320 millones y acabará en dic. 2028.", "El alcalde lo celebró."],
        ),
        (
            "Projekt przy ul. Marszałkowskiej kosztuje ok. 320 mln zł. Prace ruszą w 2027 r. i potrwają dwa lata.",
            ["Projekt przy ul. Marszałkowskiej kosztuje ok. 320 mln zł.", "Prace ruszą w 2027 r. i potrwają dwa lata."],
        ),
        (
            "Projekt stojí 320 mil. Kč, řekl Eng. Costa. Stavba začne v roce 2027.",
            ["Projekt stojí 320 mil. Kč, řekl Eng. Costa.", "Stavba začne v roce 2027."],
        ),
        (
            "Biden said the deal was OK. Republicans disagreed.",
            ["Biden said the deal was OK.", "Republicans disagreed."],
        ),
        # An English word that shortens a month elsewhere still ends a sentence before a number.
        (
            "It opened two years ago. 20 people work there now.",
            ["It opened two years ago.", "20 people work there now."],
        ),
    ],
)
def test_abbreviations_decimals_initials(text, expected):
    assert split_sentences(text) == expected


def test_quotes():
    assert split_sentences('"I am finished." She walked out.') == ['"I am finished."', "She walked out."]
    assert split_sentences('He shouted "halt." and ran. Nobody followed.') == [
        'He shouted "halt." and ran.',
        "Nobody followed.",
    ]
    assert split_sentences("'Why now?' she asked. Nobody knew.") == ["'Why now?' she asked.", "Nobody knew."]
    assert split_sentences("\u201cWe won.\u201d The crowd cheered.") == ["\u201cWe won.\u201d", "The crowd cheered."]


def test_closing_paren_and_ellipsis():
    assert split_sentences("The rain stopped (at last.) Then the sun came out.") == [
        "The rain stopped (at last.)",
        "Then the sun came out.",
    ]
    assert split_sentences("She waited... Nobody came. Why? Nobody said.") == [
        "She waited...",
        "Nobody came.",
        "Why?",
        "Nobody said.",
    ]


def test_acronym_at_sentence_end():
    assert split_sentences("He flew to the U.S. The trip was long.") == ["He flew to the U.S.", "The trip was long."]
    assert split_sentences("He met the U.S. President Carver.") == ["He met the U.S. President Carver."]


def test_lost_paragraph_breaks():
    assert split_sentences("The match ended late.The fans went home.") == [
        "The match ended late.",
        "The fans went home.",
    ]
    text = "Firefighters battle the blaze near the old mill on Tuesday The fire started at noon, officials said."
    assert split_sentences(text) == [
        "Firefighters battle the blaze near the old mill on Tuesday",
        "The fire started at noon, officials said.",
    ]


def test_blank_lines_and_headings():
    text = "Storm warning\nThe coast braces for wind.\n\nSchools close early. Buses stop at noon."
    assert split_sentences(text) == [
        "Storm warning",
        "The coast braces for wind.",
        "Schools close early.",
        "Buses stop at noon.",
    ]
    wrapped = "The council voted on the plan\nafter a long debate. It passed."
    assert split_sentences(wrapped) == ["The council voted on the plan after a long debate.", "It passed."]


def test_empty_and_other_scripts():
    assert split_sentences("") == []
    assert split_sentences("   \n\n ") == []
    assert split_sentences("Это первое. Вот второе!") == ["Это первое.", "Вот второе!"]
    assert split_sentences("今天下雨。明天晴天\uff01") == ["今天下雨。", "明天晴天\uff01"]
    assert split_sentences("no punctuation at all") == ["no punctuation at all"]
    assert split_sentences("Es betrifft Firmen bzw. Vereine in der Stadt. Das ist neu.") == [
        "Es betrifft Firmen bzw. Vereine in der Stadt.",
        "Das ist neu.",
    ]


@pytest.mark.parametrize("junk", ["." * 50000, "!?" * 20000, "A. " * 10000, "\u2026" * 30000, "Mr. " * 10000])
def test_pathological_input_is_linear(junk):
    import time

    start = time.perf_counter()
    sentences = split_sentences(junk)
    assert isinstance(sentences, list)
    assert time.perf_counter() - start < 2.0


def _split_block_sentence_by_sentence(block: str) -> list[str]:
    """The split of one block with every sentence searched for a lost break on its own (the reference)."""
    from bot.text import sentences

    glued = block
    block = sentences._GLUED.sub(lambda m: sentences._unglue(glued, m), glued)
    out: list[str] = []
    start = 0
    for match in sentences._CANDIDATE.finditer(block):
        if sentences._is_end(block, match):
            out.extend(sentences._lost_breaks(block[start : match.end(2)]))
            start = match.end()
    out.extend(sentences._lost_breaks(block[start:]))
    return out


_BLOCK_TOKENS = st.sampled_from(
    [
        *("The", "the", "council", "met", "on", "Friday", "He", "said", "They", "It", "We", "his", "Her", "These"),
        *("There", "this", "Mr.", "U.S.", "Dr.", "3.", "Oktober", "\u201cYes.\u201d", "(left)", "Inc.", "He's", "It."),
        *("the crowd waited outside the hall until late", "The mayor said", "He left", "She added", "They met"),
    ]
)


@given(
    st.lists(st.tuples(_BLOCK_TOKENS, st.sampled_from([" "] * 6 + [". ", "! ", "? ", ", ", ".", "  "])), max_size=30)
)
@settings(max_examples=400, deadline=None)
def test_one_search_for_lost_breaks_splits_as_searching_each_sentence(pairs):
    """The block is searched once for lost-break hints: the same sentences as searching each sentence."""
    from bot.text import sentences

    block = " ".join("".join(a + b for a, b in pairs).split())
    assert sentences._split_block(block) == _split_block_sentence_by_sentence(block)
