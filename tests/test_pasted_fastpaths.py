"""The pasted reader's body loop gives the plain loop's body: its tests are skipped only where they cannot matter."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.text import pasted
from bot.text.asciiwords import collapse_blanks
from bot.text.clean import (
    ends_link_list,
    is_body_prose,
    is_cjk_sentence,
    is_picture_credit,
    is_prose,
    is_related_heading,
    is_related_link,
    word_count,
)
from bot.text.linekinds import Kind
from bot.text.linepatterns import is_share_bar

# Lines that wake each test of the loop: related-stories headings (with and without ":"), picture credits (with and
# without a closing stop), sign-up sentences, running text, short list items, repeats and drop caps.
_LINES = [
    "More Must-Reads",
    "Read also:",
    "Lire aussi",
    "Lesen Sie auch: Wie sicher sind die Radwege in der Stadt?",
    "Lire aussi : Les bibliothèques face à la baisse de la lecture chez les jeunes",
    "You might also like",
    "Related stories:",
    "You'll need:",
    "Ingredients:",
    "Related",
    "Most popular",
    "Photo by Jane Roe/Reuters",
    "The mayor at the opening. Getty Images",
    "Caption of the picture | Foto: dpa",
    "The mayor at the opening, Getty Images.",
    "Sign up for our newsletter to get the news in your inbox every morning of the week.",
    "The credentials determine if cookies are sent with the request to the server, the developer said today.",
    "The council met on Tuesday to discuss the budget for the coming year, and the members agreed to it.",
    "The mayor said the plan would go ahead after the vote on Monday.",
    "Short item of a list",
    "Another story's headline here",
    "Weather",
    "W hile the river rose, the town waited for news of the dam upstream and the roads were closed.",
    "A line that ends with a colon and is long enough to be running text, or so it seems to me:",
    "“A quoted sentence that someone said on the steps of the town hall,” she said.",
    "Storm closes the coast road and the ferry pier as the river rises to its highest level in fifty years",
    'Video shows the crew pulling a swimmer from the harbour: "We got him!"',
    "\u95a2\u9023\u8a18\u4e8b\uff1a\u30d0\u30b9\u306e\u904b\u8cc3\u3001\u6765\u5e74\u304b\u3089\u5024\u4e0a\u3052\u3078",
    "\u5e02\u306f\u4eca\u6708\u4e2d\u306b\u8aac\u660e\u4f1a\u3092\u958b\u304f\u4e88\u5b9a\u3060\u3002",
    "\u76f8\u5173\u9605\u8bfb\uff1a\u5e02\u653f\u5e9c\u5ba3\u5e03\u5c06\u5728\u57ce\u5e02\u4e1c\u90e8\u65b0\u5efa\u516c\u56ed\u3002",
    "Artikel teilen",
    "Compartilhe",
]
_KINDS = [Kind.TEXT, Kind.TEXT, Kind.TEXT, Kind.MORE, Kind.SUBSCRIBE, Kind.CAPTION, Kind.DATE, Kind.BYLINE]
_DROP_CAP = re.compile(r"^([B-DF-HJ-NP-TV-XZ]) ([a-z]{2,})")


def _plain_body(lines: list[str], kinds: list[Kind], start: int, end: int, title_at: int | None) -> list[str]:
    """The body loop as it was before its gates: every test on every line (bot.text.pasted at 2ccdfcb)."""
    header = set(lines[:start])
    title = lines[title_at] if title_at is not None else None
    body = []
    in_links = False
    links_at = start
    for i in range(start, end):
        line = lines[i]
        prose = is_prose(line)
        sentence = prose or is_cjk_sentence(line)  # a short CJK sentence ends a list of links as running text does
        # Running text shaped like a headline near the list's heading is one more item of it (body14).
        listed = in_links and sentence and not ends_link_list(line, i - links_at)
        if kinds[i] is Kind.MORE:
            in_links, links_at = True, i
        elif is_related_heading(line):
            in_links, links_at = True, i
            continue
        elif (sentence and not listed) or line.endswith(":"):
            in_links = False
        kind = kinds[i]
        if kind is Kind.SUBSCRIBE and pasted._sentence_among_paragraphs(lines, kinds, i, start, end):
            kind = Kind.TEXT
        if kind is not Kind.TEXT or line == title or (in_links and not prose) or is_picture_credit(line):
            continue
        if is_related_link(line):
            continue
        if is_share_bar(line, line.lower(), world=True) and not prose:
            continue
        if in_links and listed:
            continue
        if i != start and (line in header or (lines[i - 1] == line and (len(line) > pasted._SHORT or not prose))):
            continue
        body.append(_DROP_CAP.sub(r"\1\2", line) if line[1:2] == " " else line)
    return body


@st.composite
def _layouts(draw: st.DrawFn) -> tuple[list[str], list[Kind], int, int, int | None]:
    lines = draw(st.lists(st.sampled_from(_LINES) | st.text(max_size=40), min_size=1, max_size=30))
    kinds = draw(st.lists(st.sampled_from(_KINDS), min_size=len(lines), max_size=len(lines)))
    start = draw(st.integers(0, len(lines)))
    end = draw(st.integers(start, len(lines)))
    title_at = draw(st.none() | st.integers(0, len(lines) - 1))
    return lines, kinds, start, end, title_at


@settings(max_examples=600, deadline=None)
@given(_layouts())
def test_body_equals_the_plain_loop(layout: tuple[list[str], list[Kind], int, int, int | None]) -> None:
    assert pasted._body(*layout) == _plain_body(*layout)


@pytest.mark.parametrize("line", _LINES)
@pytest.mark.parametrize("kind", sorted(set(_KINDS)))
def test_each_line_alone_and_under_each_other_line_as_the_plain_loop(line: str, kind: Kind) -> None:
    # Every pair, deterministically (the property above draws such pairs only by chance).
    for above in ["", *_LINES]:
        lines = [above, line, line + " again"] if above else [line]
        kinds = [Kind.TEXT, kind, Kind.TEXT][: len(lines)]
        for start in range(len(lines)):
            args = (lines, kinds, start, len(lines), None)
            assert pasted._body(*args) == _plain_body(*args)


def test_a_credit_with_trailing_blanks_is_still_tested() -> None:
    # The gate reads the line's own end, the credit test its end without blanks: a blank after a stop is no stop.
    lines = ["The council met on Tuesday to discuss the budget.", "Photo by Jane Roe/Reuters ", "Jane Roe. "]
    kinds = [Kind.TEXT] * 3
    assert pasted._body(lines, kinds, 0, 3, None) == _plain_body(lines, kinds, 0, 3, None)
    assert pasted._body(lines, kinds, 0, 3, None) == [lines[0], lines[2]]


def test_a_list_under_a_related_heading_is_left_out_up_to_a_heading_of_the_articles_own() -> None:
    lines = [
        "The council met on Tuesday to discuss the budget for the coming year, and the members agreed to it.",
        "More Must-Reads",
        "Another story's headline here",
        "Related stories:",
        "Short item of a list",
        "You'll need:",
        "Short item of a list",
    ]
    kinds = [Kind.TEXT] * len(lines)
    got = pasted._body(lines, kinds, 0, len(lines), None)
    assert got == _plain_body(lines, kinds, 0, len(lines), None)
    assert got == [lines[0], "You'll need:", "Short item of a list"]


def _plain_paragraph_lines(text: str) -> list[str]:
    """``paragraph_lines`` with every line collapsed, blank ones too (before 2ccdfcb), then joined alike (and a page's
    running heads left out alike)."""
    rows: list[tuple[str, int]] = []
    blanks = 0
    keep_nbsp = "\u00a0" in text or "\x00" in text
    quoted = False
    for raw in text.splitlines():
        if keep_nbsp and ("\u00a0" in raw or "\x00" in raw):
            line = " ".join(raw.replace("\u00a0", "\x00").split()).replace("\x00", "\u00a0").strip()
        else:
            line = collapse_blanks(raw)
        line = pasted._without_emphasis(line)  # asked of every line (the reader asks only lines opening with a mark)
        if line[:2] == "> ":  # a quote's marks, as the reader drops them
            line, quoted = pasted._QUOTE_MARKS.sub("", line), True
        elif quoted and line.strip(">") == "":
            line = ""
        else:
            quoted = False
        if not line:
            blanks += 1
            continue
        rows.append((line, blanks))
        blanks = 0
    return pasted._without_running_heads(pasted.joined_rows(rows))


_PIECES = [
    *_LINES, "", " ", "\t", "\u00a0", "\x00", "\n", "\r\n", "\u2028", "continued in lower case", "a" * 45,
    "by Ann Lee", "updated 3 hours ago", "*Storm closes the coast road*", "__x__", "> 0", ">", "> > quoted",
]  # fmt: skip


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_PIECES) | st.text(max_size=12), max_size=25))
def test_paragraph_lines_equal_the_plain_loop(pieces: list[str]) -> None:
    for text in ("".join(pieces), "\n".join(pieces), "\n\n".join(pieces)):
        assert pasted.paragraph_lines(text) == _plain_paragraph_lines(text)


# Pastedcpu25: the header's rules asked less (bench/README.md, "Reader and key points CPU"). Header lines that wake
# them: bylines opening with a piece's kind, names and roles (one line and two), Korean bylines, dates, dated
# sentences of the story, and lines opening with the characters re.IGNORECASE folds onto ASCII letters.
_HEADER_LINES = [
    "Analysis by Ana Lima, CNN", "By Ana Lima, Senior Staff Technologist", "\u0130nterview by Jan Nowak",
    "\u017ftory by Ana Lima", "Opinion von Jan Nowak", "Ana Lima Transport correspondent", "Ana Lima",
    "Games Editor", "Senior reporter", "Chief Political Correspondent", "\uae40\ucca0\uc218 \uae30\uc790",
    "December 5, 2026", "By Jan Nowak December 5, 2026", "The council meets again on May 2.", "Updated 3 hours ago",
    "Storm closes the coast road", "Share", "Follow", "4 MIN READ", "World",
    "\u5e02\u306f\u4eca\u6708\u4e2d\u306b\u8aac\u660e\u4f1a\u3092\u958b\u304f\u4e88\u5b9a\u3060\u3002",
    "The council met on Tuesday to discuss the budget for the coming year, and the members agreed to it.",
    "Residents of Porto said the government had agreed their plan for 21 days after weeks of talks in the city.",
]  # fmt: skip
_HEADER_KINDS = [Kind.TEXT, Kind.TEXT, Kind.TEXT, Kind.DATE, Kind.DATE, Kind.BYLINE, Kind.READING_TIME, Kind.SHARE]


@st.composite
def _headers(draw: st.DrawFn) -> tuple[list[str], list[Kind]]:
    lines = draw(st.lists(st.sampled_from(_HEADER_LINES) | st.text(min_size=1, max_size=10), min_size=1, max_size=14))
    return lines, [draw(st.sampled_from(_HEADER_KINDS)) for _ in lines]


def test_bylines_opening_with_a_kind_open_with_the_characters_the_pattern_can_match() -> None:
    from pattern_support import first_characters

    assert first_characters(pasted._BY_OPENING) == pasted._BY_OPENING_FIRSTS


def _plain_dated_byline(lines: list[str], kinds: list[Kind]) -> str | None:
    """``_dated_byline`` asking its pattern of every line."""
    for line, kind in zip(lines, kinds, strict=True):
        found = pasted._BY_INSIDE.search(line) if kind is Kind.DATE else pasted._BY_OPENING.match(line)
        if found is not None:
            name = pasted._leading_name(line[found.end() :])
            if name is not None:
                return name
    return None


def _plain_role_byline(lines: list[str]) -> str | None:
    """``_role_byline`` asking each line's last word anew, as a line and as the next line (before pastedcpu25)."""
    for i, line in enumerate(lines):
        korean = pasted._KOREAN_ROLE.match(line) if "\uac00" <= line[:1] <= "\ud7a3" else None
        if korean is not None:
            return korean["name"]
        if not pasted._ends_with_role(line):
            below = lines[i + 1] if i + 1 < len(lines) else ""
            if below and pasted._ends_with_role(below) and pasted._role_shaped(below) and pasted._person_shaped(line):
                return line
            continue
        words = line.split()
        if 3 <= len(words) <= pasted._NAME_WORDS[1] + pasted._ROLE_WORDS:
            name = " ".join(words[: pasted._role_start(words)])
            if pasted._person_shaped(name):
                return name
    return None


def _plain_body_start(lines: list[str], kinds: list[Kind]) -> int:
    """``_body_start`` with every line's header flag made first (before pastedcpu25)."""
    from bot.text.headline import HEADER_META

    meta = [
        kind in HEADER_META and not (kind is Kind.DATE and pasted._dated_sentence(line))
        for line, kind in zip(lines, kinds, strict=True)
    ]

    def ahead(prose: list[bool], i: int) -> bool:
        seen_prose = 0
        for j in range(i + 1, min(len(meta), i + pasted._LOOK_AHEAD)):
            if meta[j]:
                return any(prose[j + 1 : j + 80])
            seen_prose += prose[j]
            if seen_prose >= 2:
                return False
        return False

    limit = min(len(lines), pasted._HEADER_LIMIT)
    counts = {line: lines[:limit].count(line) for line in lines[:limit]}
    prose = [kinds[i] is Kind.TEXT and is_prose(lines[i]) for i in range(len(lines))]
    if not any(prose[:limit]):
        prose = [
            kinds[i] is Kind.TEXT and (is_body_prose(lines[i]) or pasted._cjk_sentence(lines[i]))
            for i in range(len(lines))
        ]
    first_text = next((i for i, kind in enumerate(kinds) if kind is Kind.TEXT), 0)
    if (
        prose[first_text]
        and word_count(lines[first_text]) >= pasted._NO_HEADLINE_WORDS
        and not ahead(prose, first_text)
    ):
        return first_text
    for i in range(first_text + 1, limit):
        if not prose[i] or counts[lines[i]] > 1 or ahead(prose, i):
            continue
        return i
    return 1 if len(lines) > 1 else 0


@settings(max_examples=500, deadline=None)
@given(_headers())
def test_header_rules_answer_as_their_plain_loops(header: tuple[list[str], list[Kind]]) -> None:
    lines, kinds = header
    assert pasted._dated_byline(lines, kinds) == _plain_dated_byline(lines, kinds)
    assert pasted._role_byline(lines) == _plain_role_byline(lines)
    assert pasted._body_start(lines, kinds) == _plain_body_start(lines, kinds)


def test_each_header_lines_last_word_is_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []
    plain = pasted._ends_with_role

    def counted(line: str) -> bool:
        asked.append(line)
        return plain(line)

    monkeypatch.setattr(pasted, "_ends_with_role", counted)
    lines = ["World", "Storm closes the coast road", "Ana Lima", "Games Editor"]
    assert pasted._role_byline(lines) == "Ana Lima"
    assert asked == lines


def test_a_header_line_opening_with_no_kinds_or_bys_letter_is_spared_the_pattern(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class NoPattern:
        def match(self, text: str) -> None:
            raise AssertionError(f"pattern run on {text!r}")

    monkeypatch.setattr(pasted, "_BY_OPENING", NoPattern())
    assert pasted._dated_byline(["Home", "Flood warning for the coast", "4 MIN READ"], [Kind.TEXT] * 3) is None


_LINK_NOTE_TEXT = [
    "said in a statement", ", opens new tab", "(opens in a new window)", "(link is external)", "new", "New", "NEW",
    "ew", "EW", "tab", "Tab", "window", "Window", "external", "stable", " ", "  ", "\t", "\u00a0", "\x00", "\n",
    "\n\n", ".", "x",
]  # fmt: skip


@settings(max_examples=500)
@given(st.lists(st.sampled_from(_LINK_NOTE_TEXT), max_size=16).map("".join))
def test_rows_of_a_text_without_link_note_pieces_are_the_rows_asked_of_every_line(text):
    from unittest import mock

    with mock.patch.object(pasted, "may_hold_link_notes", return_value=True):
        every_line = pasted._rows(text)
    assert pasted._rows(text) == every_line


def test_lines_of_a_text_without_link_note_pieces_are_not_asked_for_notes(monkeypatch):
    def refused(line):
        raise AssertionError(f"asked for link notes: {line!r}")

    monkeypatch.setattr(pasted, "without_link_notes", refused)
    assert pasted._rows("Port reopens\n\nThe new  port reopened on Friday, officials said.\n") == [
        ("Port reopens", 0),
        ("The new port reopened on Friday, officials said.", 1),
    ]
