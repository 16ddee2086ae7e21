"""The line classifier's shortcuts give the answers of the full chain of tests (bot.text.linekinds)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.text import linekinds, linepatterns
from bot.text.asciiwords import case_safe, collapse_blanks
from bot.text.clean import is_related_heading
from bot.text.linekinds import Kind, classify_line, contains_any
from bot.text.linepatterns import SHARE_HINTS, SHARE_STARTS

# Words that wake the tests a long line could still pass: disclaimers, copyright, credits, contacts, dates,
# sign-up boxes, shares, bylines; and plain words around them.
_WORDS = str.split(
    "The views expressed here are those of the author and do not necessarily reflect the opinions of this site "
    "Copyright 2024 All rights reserved Photo by Jane Roe Getty Images Reuters AP Follow us on Twitter @handle "
    "email reporter@example.com Sign up for our newsletter subscribe inbox March 3 2024 Updated 6:30 PM By "
    "Share Facebook Read more Related Advertisement we may earn a commission affiliate links council budget "
    "river city mayor said on Tuesday that the plan would go ahead"
)


def _full_chain(line: str) -> Kind:
    """Classify with the long-line shortcut switched off: every test of the chain runs."""
    saved = linekinds._LONG_WORDS
    linekinds._LONG_WORDS = 10**9
    try:
        return linekinds._classify_text(line)
    finally:
        linekinds._LONG_WORDS = saved


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), min_size=35, max_size=70))
def test_long_lines_get_the_full_chains_answer(chosen: list[str]) -> None:
    line = " ".join(chosen)
    assert linekinds._classify_text(line) is _full_chain(line)


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        # A long disclaimer is still read as one (the only test the shortcut keeps).
        (
            "The views and opinions expressed in this article are those of the author alone and do not necessarily "
            "reflect the official policy or position of the publisher, its editors, its owners or any of the many "
            "other people who work here every day of the week.",
            Kind.ADVERT,
        ),
        (
            "The council met on Tuesday to discuss the budget for the coming year, and after a long debate the "
            "members agreed to raise spending on roads, schools and parks while holding the tax rate where it was "
            "last year, the mayor said in a statement released after the vote.",
            Kind.TEXT,
        ),
    ],
)
def test_long_paragraphs_keep_their_kind(line: str, kind: Kind) -> None:
    assert classify_line(line) is kind
    assert _full_chain(line) is kind


def test_contains_any() -> None:
    assert contains_any("read more about it", ("more", "zzz"))
    assert not contains_any("nothing here", ("more", "zzz"))
    assert not contains_any("anything", ())


def test_related_heading_tests_words_before_hints() -> None:
    assert is_related_heading("More Must-Reads From Time")
    assert is_related_heading("Lire aussi")
    # Nine words: too long for a box heading, whatever its words say.
    assert not is_related_heading("You may also like these nine other stories today")


# Text with every kind of white space str.split() knows, and printable characters around it.
_SPACED = st.lists(
    st.sampled_from(
        [
            *"aB7.\u00e9\u6771",
            " ",
            "  ",
            "\t",
            "\n",
            "\u00a0",
            "\u2009",
            "\u3000",
            "\x1c",
            "\x85",
            "\u2028",
            "\x00",
            "\u200b",
            "\r",
            "\x0b",
        ]
    ),
    max_size=30,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(_SPACED)
def test_collapse_blanks_is_the_split_and_join(text: str) -> None:
    assert collapse_blanks(text) == " ".join(text.split())


@settings(max_examples=300, deadline=None)
@given(_SPACED)
def test_normal_lines_are_classified_as_their_collapsed_form(text: str) -> None:
    assert linekinds._classify_line(text) is linekinds._classify_text(" ".join(text.split()))


@settings(max_examples=500, deadline=None)
@given(st.lists(_SPACED, max_size=6))
def test_a_paragraph_line_without_a_no_break_space_is_collapsed(texts: list[str]) -> None:
    from bot.text.pasted import paragraph_lines

    for text in ("\n".join(texts), "\n\n".join(texts), "".join(texts)):
        for line in paragraph_lines(text):
            if "\u00a0" not in line:
                assert collapse_blanks(line) == line
            assert linekinds.classify_paragraph_line(line) is linekinds._classify_line(line)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from([*"sharemilpotwgcx -e", "shar", "mail", "e-mail", "share"]), max_size=20).map("".join))
def test_share_hints_find_what_every_share_start_finds(text: str) -> None:
    assert contains_any(text, SHARE_HINTS) == any(start in text for start in SHARE_STARTS)
    assert len(SHARE_HINTS) < len(SHARE_STARTS)


def test_media_labels_start_with_one_of_four_letters() -> None:
    # Each way the label can read, with its first character replaced by every character of the Basic
    # Multilingual Plane: only these eight characters (re.IGNORECASE folds no other onto v, p, w or n) start one.
    from bot.text.pasted import _MEDIA_FIRST, _MEDIA_LABEL

    for rest in ("ideo", "lay video", "atch the video", "ow playing:"):
        starts = {c for c in map(chr, range(0x10000)) if _MEDIA_LABEL.match(f"{c}{rest}")}
        assert starts <= _MEDIA_FIRST
        assert starts


# A credit's last words, words that end like them, punctuation and blanks, and a few non-ASCII characters.
_ENDINGS = [
    "Getty", "Images", "images", "AP", "ap", "map", "Reuters", "afp", "EPA", "istockphoto", "file", "profile",
    "via", "viaReuters", "photo", "Photo", "press", "Press", "snap", "image", "imagesfile", "_", "'", "-", "2",
    " ", ".", ")", "/", "|", ",", "\u00a0", "\u2014", "\u00e9", "\u0130", "\u212a", "\u201d", "\u2019", "\u2026",
    "\u00bb", "\u03a3", "\u00b2", "\u0301", "\u0416", "\u0131", "\u017f", "\u00df", "\U0001d400",
]  # fmt: skip


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_ENDINGS), max_size=8).map("".join))
def test_the_credit_ending_test_reads_the_last_word(text: str) -> None:
    expected = linekinds._last_word(text) in linekinds.CREDIT_LEAD_ENDS
    assert linekinds._may_end_credit(text, text.lower()) == expected


def test_the_credit_ending_test_reads_the_last_word_after_any_character() -> None:
    """Every character of the Basic Multilingual Plane at a line's end, after a credit's word and after another."""
    for code in range(0x10000):
        char = chr(code)
        for text in (f"Reuters{char}", f"Photo by AP{char}", f"map{char}", f"{char}", f"x {char}ap", f"Getty {char}."):
            expected = linekinds._last_word(text) in linekinds.CREDIT_LEAD_ENDS
            assert linekinds._may_end_credit(text, text.lower()) == expected, (hex(code), text)


# Pieces of credits and of lines that are not: credit words, agencies, brackets, slashes, bars, the mark, and
# the characters re.IGNORECASE folds onto ASCII letters.
_CREDIT_PIECES = [
    "Photo:", "PHOTO", "photographs", "credit", "Credits", "image", "Picture", "by", "...", "\u2026", "\u00a9",
    "(", ")", "/", "|", "Getty Images", "AP", "ap photo", "Reuters", "AFP", "file", "iStock", "Jane Doe", "the",
    "council", "said", ".", " ", ", ", ":", "-", "'", "\u0130", "\u017f", "\u212a", "\u00e9", "\u201d",
]  # fmt: skip


def _plain_credit(text: str) -> bool:
    return linepatterns.CREDIT_LEAD.match(text) is not None or linepatterns.CREDIT.search(text) is not None


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(_CREDIT_PIECES), max_size=9).map("".join))
def test_credits_are_found_as_the_whole_pattern_finds_them(text: str) -> None:
    assert linekinds._is_credit(text, text.lower(), case_safe(text)) == _plain_credit(text)


@pytest.mark.parametrize(
    "text",
    [
        "The mayor at the opening. (Jane Doe/Reuters)",
        "A view of the river | Getty Images",
        "Photo: Jane Doe",
        "\u00a9 Jane Doe",
        "The view (image: Jane Doe)",
        "The view (Image: Jane Doe)",
        "The council met on Tuesday (a first) in the hall",
    ],
)
def test_each_half_of_the_credit_pattern_is_asked(text: str) -> None:
    assert linekinds._is_credit(text, text.lower(), case_safe(text)) == _plain_credit(text)


# The last words of a picture credit, words that end like them, the separators and punctuation the last-word
# test splits at and strips, every kind of ASCII white space, and a few non-ASCII characters.
_CREDIT_TAILS = [
    "Getty", "Images", "Reuters", "AP", "map", "photo", "Photo", "epa", "dpa", "Imago", "features", "image", "x",
    "/", "|", "(", ")", "]", ".", ",", ";", ":", "!", "?", "'", '"', "-", " ", "\t", "\x0b", "\x1c", "\x1f",
    "\u00a0", "\u2014", "\u0130", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
]  # fmt: skip


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(_CREDIT_TAILS), max_size=10).map("".join))
def test_the_picture_credit_ending_test_reads_the_last_word(text: str) -> None:
    from bot.text import clean

    if clean._last_word(text) in clean._CREDIT_LAST_WORDS:
        assert clean._may_end_with_credit(text)  # the test only says when the last word cannot be one
    # And on the lines the body loop asks: the answer with the test is the answer without it.
    with_test = clean.is_picture_credit(text)
    saved = clean._may_end_with_credit
    clean._may_end_with_credit = lambda text: True  # type: ignore[assignment]
    try:
        assert clean.is_picture_credit(text) == with_test
    finally:
        clean._may_end_with_credit = saved


# A line each start-anchored pattern matches (some several), to put every first character in front of.
_ANCHORED_LINES = [
    "12/03", " 3", "A+ A-", "Text size", "3 min read", "Reading time: 4 minutes", "Advertisement", "ads",
    "https://example.com/x", "www.example.com", "Share all sharing options for: A title", "12 comments",
    "Leave a comment", "[3 comments]", "(view all)", "Kommentare", "Follow us on Twitter", "@handle",
    "jane@example.com", "Click here", "follow @jane on twitter", "\u2014 Jane Doe (@janedoe) November 15, 2019",
    "By Jane Doe", "Written by Jane Doe", "Photo: AP", "(Photo credit: AP)", "Image 3", "3 / 12", "Video: the storm",
    "Caption", "Read more", "More: the story", "Related stories", "\u00ab Previous", "Tags: news",
    "Reach the reporter at https://example.com", "Subscribe now", "Sign up", "Watch live", "Kelvin", "Pocket",
    # A line for most alternatives of each pattern (the test by first character keeps alternatives, not patterns).
    "Trending", "Top stories", "Most popular", "You may also like", "Previous article", "Next post", "Filed under: x",
    "Categories: y", "In this article", "What to read next", "Don't miss", "Latest", "Editor's picks", "Listen:",
    "Download:", "Up next", "See also", "Read also", "Also read", "You are here", "Story timeline", "Topics: z",
    "Sponsored content", "Story continues below advertisement", "Continue reading the main story", "Skip advert",
    "Report this ad", "AdChoices", "Werbung", "Publicit\u00e9", "Paid content", "Promoted", "Ad feedback", "Iklan",
    "Join the conversation", "Top rated comments", "Show comments", "Add a comment", "Post a comment", "Comments (3)",
    "Commentaires", "\u043a\u043e\u043c\u043c\u0435\u043d\u0442\u0430\u0440\u0438\u0438", "\u30b3\u30e1\u30f3\u30c8",
    "\ub313\uae00", "Discussion", "T+ T-", "Font size", "Word count: 1,200", "About 5 min read", "Read time 3",
    "Follow Jane Doe on Twitter", "Like us on Facebook", "Find us on Instagram", "Get the app", "Print this article",
    "Tap here", "Gallery: photos", "View gallery", "Hide caption", "Toggle caption", "Enlarge", "Expand", "Close",
    "Media caption", "Watch: the storm", "Source: x", "Posted by Jane", "Story by Jane", "Words by Jane", "av Jane",
    "door Jane", "oleh Jane", "di Jane", "por Jane", "par Jane", "von Jane", "Support us", "Shop now", "See more",
    "View all", "Get the latest", "Contact the author at www.example.com", "E-mail x https://example.com",
    "Follow me on Twitter", "Follow", "Image copyright AP", "Pic: x", "Photos by x",
]  # fmt: skip


def test_anchored_is_the_combined_pattern_for_every_first_character() -> None:
    # Characters of the Basic Multilingual Plane (case twins of ASCII letters, dashes, digits of every script,
    # CJK...) in front of the rest of each line: the patterns a first character leaves are the ones that can
    # match.
    from bot.text.linepatterns import ANCHORED_PARTS, anchored, anchored_pattern

    combined = anchored_pattern()

    rests = sorted({line[1:] for line in _ANCHORED_LINES} | {""})
    # Every rest after the characters near ASCII and those re.IGNORECASE folds onto ASCII letters; after the
    # rest of the plane, the rests of one line per pattern.
    near = [chr(code) for code in range(0x800)] + ["\u212a", "\u017f", "\u0130", "\u0131", "\u2014", "\u2013"]
    few = ["", " 3", "dvertisement", "y Jane Doe", "ead more", "omments", "ane@example.com"]
    # Past 0x800: every character the patterns write (广告, 광고...) and every one whose case twin they write;
    # of the others every 7th, which still lands in each block of ten digits and each script. (All of them
    # took 35-44 s of CI's 10 minutes, and the time grew with every alternative.)
    written = {char for part in ANCHORED_PARTS for char in part.pattern if ord(char) >= 0x800}
    high = [
        chr(code)
        for code in range(0x800, 0x10000)
        if not 0xD800 <= code <= 0xDFFF
        and (code % 7 == 0 or {chr(code), chr(code).lower(), chr(code).upper(), chr(code).casefold()} & written)
    ]
    for chars, tails in ((near, rests), (high, few)):
        for char in chars:
            for rest in tails:
                text = char + rest
                assert anchored(text) == (combined.match(text) is not None), text


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from([*_WORDS, *_ANCHORED_LINES, "\u212a", "\u017f", "\u0130", "(", "@", "-", "3"]), max_size=6)
)
def test_anchored_is_the_combined_pattern(chosen: list[str]) -> None:
    from bot.text.linepatterns import anchored, anchored_pattern

    for text in (" ".join(chosen), "".join(chosen)):
        assert anchored(text) == (anchored_pattern().match(text) is not None)


def test_a_pattern_is_the_union_of_its_alternatives() -> None:
    import re

    from bot.text.linepatterns import ANCHORED_PARTS
    from bot.text.regexstart import alternatives

    lines = [*_ANCHORED_LINES, *_WORDS, "", " ", "|", "a|b", "3|4", "(a|b)"]
    for pattern in ANCHORED_PARTS:
        pieces = alternatives(pattern)
        assert all(piece.flags == pattern.flags for piece in pieces)
        for line in lines:
            for text in (line, line.upper(), line.lower(), f"{line} x", f"{line}."):
                assert any(piece.match(text) for piece in pieces) == (pattern.match(text) is not None), (pattern, text)
    # The source is split only outside brackets and groups; a group's alternatives keep what follows the group.
    assert [p.pattern for p in alternatives(re.compile(r"^[a|b]x|y"))] == ["^[a|b]x", "y"]
    assert [p.pattern for p in alternatives(re.compile(r"^[]|]x|\|y|(?:p|q)"))] == ["^[]|]x", "\\|y", "(?:p|q)"]
    assert [p.pattern for p in alternatives(re.compile(r"^(?:a|b(?:c|d))?z$"))] == ["^(?:a)?z$", "^(?:b(?:c|d))?z$"]
    assert [p.pattern for p in alternatives(re.compile(r"^(?P<x>a|b)"))] == ["^(?P<x>a|b)"]  # left whole
    assert [p.pattern for p in alternatives(re.compile(r"^(?:a)b"))] == ["^(?:a)b"]


def test_a_start_class_lets_through_what_it_does_not_know() -> None:
    import re

    from bot.text.regexstart import start_class

    assert start_class(re.compile(r"(a)\1")) is not None  # a group: its first character is known
    assert start_class(re.compile(r".x")) is None  # any character
    assert start_class(re.compile(r"[^a]x")) is None  # a negated class
    assert start_class(re.compile(r"x?")) is None  # a match without a character
    found = start_class(re.compile(r"(?:ab|\d)c", re.I))
    assert found is not None
    assert all(found.match(c) for c in "aA7\u0663")
    assert not any(map(found.match, "bc"))


def _plain_share_bar(text: str, lower: str, world: bool) -> bool:
    """is_share_bar as it was before its first-word test: the hints, then every token."""
    from bot.text import linepatterns as lp

    hints, starts, words = (
        (lp.WORLD_SHARE_HINTS, lp.WORLD_SHARE_STARTS, lp.WORLD_SHARE_WORDS)
        if world
        else (lp.SHARE_HINTS, lp.SHARE_STARTS, lp.SHARE_WORDS)
    )
    if not contains_any(lower, hints):
        return False
    trim = ":!?.()[]\uff1a"
    tokens = [t.lower().strip(trim) for t in lp.SHARE_SPLIT.split(text) if t.strip(trim)]
    if not tokens or len(tokens) > 14:
        return False
    if not any(t.startswith(starts) for t in tokens):
        return False
    rest = [t for t in tokens if t not in words and not t.isdigit()]
    if rest and tokens[0].startswith("shar") and "for" in tokens:
        return True
    return not rest


_SHARE_PIECES = [
    "Share", "SHARE", "sharing", "Shares", "Tweet", "Facebook", "email", "E-mail", "the", "The", "on", "for", "for:",
    "options", "all", "12", "\u0663", "Print", "(", ")", ":", "[", "]", "!", "?", ".", "Copy link", "story", "Council",
    "approves", "budget", "Mayor", "\u0130", "\u017f", "\u00e9t\u00e9", "Teilen", "Artikel", "l'article", "\uff1a",
    "\u5206\u4eab", "\u30b7\u30a7\u30a2", "\u041f\u043e\u0434\u0435\u043b\u0438\u0442\u044c\u0441\u044f", "Compartilhe",
]  # fmt: skip
_SHARE_GLUE = [" ", "  ", ",", ", ", "|", " | ", "/", "\u2022", "\u00b7", "\t", "", "\u00a0", "\u2003"]


@settings(max_examples=800, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_SHARE_GLUE), st.sampled_from(_SHARE_PIECES)).map("".join), max_size=10))
def test_the_share_bar_test_is_the_plain_one(pieces: list[str]) -> None:
    from bot.text.linepatterns import is_share_bar

    text = "".join(pieces)
    assert is_share_bar(text, text.lower()) == _plain_share_bar(text, text.lower(), world=False)
    assert is_share_bar(text, text.lower(), world=True) == _plain_share_bar(text, text.lower(), world=True)


@pytest.mark.parametrize("line", ["a" * 60 + "\u00fc", "A+" * 40 + "!", "T- " * 40 + "x", "aA" * 40 + "."])
def test_a_long_run_of_button_letters_is_read_at_once(line: str) -> None:
    """The text-size buttons' pattern tried a run of a's every way it could split ("a" is "A", or "A+"'s or "+A"'s
    start): each letter doubled the time, a pasted line of 40 of them hung the reader. Run apart, so a hang fails."""
    import subprocess
    import sys

    code = (
        "import sys; from bot.text.linekinds import classify_paragraph_line; from bot.text.linepatterns import"
        " anchored; line = sys.argv[1]; anchored(line); print(classify_paragraph_line(line).name)"
    )
    done = subprocess.run([sys.executable, "-c", code, line], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() != "BUTTONS"
    assert linepatterns.BUTTONS.match("A+ A- T+") is not None
