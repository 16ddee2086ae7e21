"""The headline model's feature rows, computed the cheap way, equal what the plain definitions give.

bot.text.linefeatures and bot.text.headline skip work that cannot change a value (a pattern that cannot match,
a dictionary that is only summed); these tests compare each shortcut with its definition on many lines and pages.
"""

from __future__ import annotations

import random
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.text import headline
from bot.text import linefeatures as lf
from bot.text.clean import Kind
from bot.text.headline import candidate_features, rule_scores, score
from bot.text.linefeatures import _Region
from bot.text.pasted import header_layout

# Lines of a page header and body: menus, headlines, bylines, dates, captions, running text.
_LINES = [
    "Home | News | Sport | Weather",
    "Home > World > Europe",
    "Menu",
    "Search",
    "Council approves new budget for river park",
    "Council approves new budget for river park after long debate",
    "By Jane Roe and John Doe, The Daily Paper",
    "Jane Roe, John Doe & Max Mustermann",
    "Updated March 3, 2024 6:30 PM",
    "Monday 6:30PM",
    "Photo: Getty Images",
    "Idea s for the weekend",
    "\u201cWe will build it,\u201d the mayor said",
    "THE BIG STORY",
    "Share this article",
    "Read more: Council stories",
    "The council met on Tuesday to discuss the budget for the coming year, and the members agreed to raise "
    "spending on the river park.",
    "After a long debate the mayor said the park would open next spring, with new paths and a playground.",
    "Critics said the budget left too little for schools and roads.",
    "\u6771\u4eac\u4f1a\u8b70\u304c\u65b0\u3057\u3044\u4e88\u7b97\u3092\u627f\u8a8d",
    "\u6771\u4eac\u4f1a\u8b70\u306f\u706b\u66dc\u65e5\u3001\u65b0\u3057\u3044\u4e88\u7b97\u3092\u627f\u8a8d\u3057\u305f\u3002",
    "Stra\u00dfe gesperrt \u00bb Polizei",
    "12:45",
    "5 min read",
]


def _pages(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["\n\n".join(rng.choice(_LINES) for _ in range(rng.randint(1, 40))) for _ in range(count)]


def _rule_scores_both_ways(lines: list[str], kinds: list[Kind], start: int, top: int) -> tuple[dict[int, float], ...]:
    region = _Region(lines, min(start, 1), max(start, 12) + 30)
    in_body = lambda w: region.holds(w, start)  # noqa: E731
    expected = {i: score(f) for i, f in candidate_features(lines, kinds, start, in_body, top)}
    fresh = _Region(lines, min(start, 1), max(start, 12) + 30)
    return rule_scores(lines, kinds, start, lambda words: fresh.count(words, start), top), expected


def test_rule_scores_are_the_scores_of_the_feature_dictionaries() -> None:
    for text in _pages(300, 1):
        lines, kinds, room = header_layout(text)
        for start in {0, 1, room, min(room + 2, len(lines))}:
            for top in (lf.WINDOW, len(lines)):
                fast, expected = _rule_scores_both_ways(lines, kinds, start, top)
                assert fast == expected
                assert all(i < top for i in fast)


def test_the_old_ranker_above_the_whole_page_is_the_ranker_without_a_top() -> None:
    for text in _pages(100, 2):
        lines, kinds, start = header_layout(text)
        whole = candidate_features(lines, kinds, start, top=len(lines) + 1)
        assert whole == candidate_features(lines, kinds, start)


def _whole_word_in(word: str, lines: list[str]) -> bool:
    """The plain definition: ``word`` between characters that are no word characters, in any of ``lines``."""
    edge = "[\\w'\u2019+-]"
    return re.search(f"(?<!{edge}){re.escape(word)}(?!{edge})", "\n".join(lines).lower()) is not None


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_LINES), min_size=2, max_size=45), st.integers(0, 44), st.data())
def test_region_count_finds_whole_words_in_the_next_30_lines(lines: list[str], begin: int, data: st.DataObject) -> None:
    pool = [*" ".join(lines).lower().split(), "absent", "park", "the", "budget", "s"]
    words = data.draw(st.lists(st.sampled_from(pool), max_size=12))
    region = _Region(lines, 0, len(lines))
    expected = sum(_whole_word_in(w, lines[begin : begin + 30]) for w in words)
    assert region.count(words, begin) == expected
    assert region.count(words, begin) == expected  # from its memory the second time


# Lines for the pattern shortcuts: times, digits of other scripts, separators, names, lone letters, white space.
_PIECES = [
    *(" ".join(line.split()[:3]) for line in _LINES),
    "6:30",
    "6.30pm",
    "12h45",
    "9 a.m.",
    "\u0666:\u0663\u0660",
    "\u00b2",
    "\u0663 pm",
    " | ",
    " / ",
    ">>",
    " :: ",
    " \u00bb ",
    " \u203a ",
    "a",
    "s",
    "Idea s",
    "\u00e9",
    "x\u00a0y",
    "\t",
    "\u2003",
    "Jane Roe",
    ", ",
    " and ",
    " & ",
    "O'Neil",
]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=8), st.sampled_from(["", " ", "\n"]))
def test_pattern_shortcuts_answer_as_the_patterns(pieces: list[str], joint: str) -> None:
    line = joint.join(pieces)
    assert lf._digits(line) == sum(map(str.isdigit, line))
    assert lf._fragment(line) == bool(lf._FRAGMENT.search(line))
    assert lf._may_separate(line) or not lf._SEPARATOR.search(line)
    assert lf._digits(line) > 0 or not lf._TIME.search(line)


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=40))
def test_pattern_shortcuts_on_any_text(line: str) -> None:
    assert lf._digits(line) == sum(map(str.isdigit, line))
    assert lf._fragment(line) == bool(lf._FRAGMENT.search(line))
    assert lf._may_separate(line) or not lf._SEPARATOR.search(line)
    assert lf._digits(line) > 0 or not lf._TIME.search(line)


_SIGNPOSTS = ["READ MORE", "Read more", "http://x.org", "https://x.org", "http\u017f://", "\u00ab", "|", "R\u0130"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*_PIECES, *_SIGNPOSTS]), max_size=6))
def test_signpost_shortcut_answers_as_the_pattern(pieces: list[str]) -> None:
    line = " ".join(pieces)
    assert headline._signpost(line) == bool(headline._SIGNPOST.search(line))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="\u6771\u4eac\u4f1a\u8b70\u3002\u3092ab \u3042\uac00", max_size=30))
def test_cjk_pairs_are_the_pairs_from_each_cjk_character(line: str) -> None:
    region = "\u6771\u4eac\u4f1a\u8b70\u3092\u3042\uac00"
    grams = {line[k : k + 2] for k in range(len(line) - 1) if lf._CJK.match(line[k])}
    expected = sum(1 for g in grams if g in region) / len(grams) if grams else 0.0
    assert lf._bigram_share(line, region) == expected


def test_share_widget_lines_start_with_an_s() -> None:
    # Every character of the Basic Multilingual Plane: only these three start a line the pattern matches.
    starts = {c for c in map(chr, range(0x10000)) if headline._SHARED_TITLE.match(f"{c}hare all options for: Title")}
    assert starts == set(headline._S_FIRST)


# Letters whose lower case depends on their neighbours (a final sigma), that grow when lower-cased (dotted I),
# case-ignorable marks and apostrophes that the final-sigma context skips, ASCII, and white space.
_CASES = "\u03a3\u03c3\u03c2\u0391\u0130IiAa'.\u0301\u00b7 \u2019\u00e9\u00c9\u1e9e\u00df\t"


@settings(max_examples=400, deadline=None)
@given(st.lists(st.text(alphabet=_CASES, max_size=12), max_size=8))
def test_the_region_is_the_page_lower_cased(lines: list[str]) -> None:
    # Lower-casing line by line gives the joined text lower-cased (a line break ends a final sigma's context).
    assert _Region(lines, 0, len(lines)).text == "\n".join(lines).lower()


def test_a_row_is_the_same_whether_the_body_s_sentences_are_scored_or_not() -> None:
    # The model is fitted with the body's sentences under its first line as rows (sentences=True) and the reader
    # skips them: every other row must not depend on that.
    for text in _pages(300, 3):
        lines, kinds, room = header_layout(text)
        for start in {0, 1, room}:
            every = dict(lf.line_features(lines, kinds, start, sentences=True))
            read = lf.line_features(lines, kinds, start)
            assert {i for i, _ in read} <= set(every)
            for i, values in read:
                assert values == every[i]
