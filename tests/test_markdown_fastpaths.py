"""Markdown's fast paths against their plain forms: the same blocks, the same paragraphs for the pasted reader."""

from __future__ import annotations

import re
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.ingest.formats import markdown as md
from bot.text.asciiwords import collapse_blanks


def _plain_blocks(text: str) -> list[tuple[int, str]]:
    """markdown_blocks as first written: every line asked every pattern, each block's text split and joined."""
    blocks: list[tuple[int, str]] = []
    current: list[str] = []
    state = {"fence": False, "note": False, "after_picture": False}

    def inline(text: str) -> str:
        for needs, pattern, replacement in md._INLINE:
            if any(need in text for need in needs):
                text = pattern.sub(replacement, text)
        return " ".join(text.split())

    def flush() -> None:
        if current:
            picture = md._PICTURE_LINE.match(current[0]) is not None
            lines = current[1:] if picture else current
            caption = bool(lines) and (picture or state["after_picture"]) and all(map(md._CAPTION_LINE.match, lines))
            joined = "" if caption else inline(" ".join(current))
            if joined:
                blocks.append((0, joined))
            state["after_picture"] = picture and not lines
            current.clear()

    for raw in text.splitlines():
        if md._FENCE.match(raw):
            flush()
            state["fence"] = not state["fence"]
            continue
        if state["fence"]:
            if raw.strip():
                current.append(raw.strip())
            continue
        if state["note"] or ("[^" in raw[:5] and md._FOOTNOTE.match(raw)):
            if not state["note"]:
                flush()
            state["note"] = bool(raw.strip())
            continue
        line = md._QUOTE_MARKS.sub("", raw) if ">" in raw else raw
        heading = md._ATX.match(line)
        if heading:
            flush()
            state["after_picture"] = False
            blocks.append((len(heading.group(1)), inline(heading.group(2))))
        elif current and md._SETEXT.match(line) and len(current) == 1:
            blocks.append((1 if line.strip().startswith("=") else 2, inline(current[0])))
            current.clear()
        elif md._RULE.match(line) or not line.strip():
            flush()
        elif md._BULLET.match(line):
            flush()
            current.append(md._BULLET.sub("", line).strip())
        else:
            current.append(line.strip())
    flush()
    return blocks


_LINE_PIECES = st.sampled_from(
    [
        *("# ", "## ", "#", "   ", "    ", " ", "\t", "\u00a0", "\u3000", "> ", ">", "- ", "* ", "+ ", "1. ", "12) "),
        *("\u0661. ", "\u00b2. ", "```", "~~~", "===", "---", "***", "___", "- - -", "[^1]: ", "![pic](a.jpg)", "*"),
        *("_", "**", "`code`", "[link](http://x.example)", "<b>", "word", "The harbour", "said.", "  ", "=", "-"),
        *("\u201cquote\u201d", "caf\u00e9", "\u65e5\u672c", "x"),
    ]
)
_LINES = st.lists(_LINE_PIECES, max_size=8).map("".join) | st.text(max_size=12)


@settings(max_examples=600, deadline=None)
@given(st.lists(_LINES, max_size=12))
def test_markdown_blocks_are_the_plain_forms(lines):
    text = "\n".join(lines)
    blocks = md.markdown_blocks(text)
    assert blocks == _plain_blocks(text)
    for _, block in blocks:  # single-spaced, as pasted.read_body takes them
        assert collapse_blanks(block) == block


def test_a_plain_start_is_no_marks_start_at_any_code_point():
    """plain_start's tests are the patterns' classes: str.isspace is re's \\s, str.isdecimal re's \\d (every code
    point); and no character it passes opens a fence, heading, underline, rule or bullet (those below U+0800)."""
    space, digit = re.compile(r"\s"), re.compile(r"\d")
    patterns = (md._FENCE, md._ATX, md._SETEXT, md._RULE, md._BULLET)
    tails = ("", "```", "# x", "=", "-", "- x", "1. x", " x", "***", "~~~", "-- -")
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        assert char.isspace() == bool(space.fullmatch(char)), hex(code)
        assert char.isdecimal() == bool(digit.fullmatch(char)), hex(code)
        if code < 0x800 and md.plain_start(char):
            assert not any(p.match(char + tail) for p in patterns for tail in tails), hex(code)
    assert not md.plain_start("")
    assert not md.plain_start(" text")


def test_a_line_of_text_is_asked_no_marks_pattern(monkeypatch):
    class Refused:
        def __init__(self, pattern: re.Pattern[str]) -> None:
            self.pattern = pattern

        def match(self, line: str) -> re.Match[str] | None:
            assert not line.startswith("The harbour"), f"asked {self.pattern.pattern!r} of {line!r}"
            return self.pattern.match(line)

        def sub(self, replacement: str, line: str) -> str:
            return self.pattern.sub(replacement, line)

    for name in ("_FENCE", "_ATX", "_SETEXT", "_RULE", "_BULLET"):
        monkeypatch.setattr(md, name, Refused(getattr(md, name)))
    text = "# Title\n\nThe harbour board voted.\nThe harbour reopened.\n\n- a point\n"
    assert md.markdown_blocks(text) == [
        (1, "Title"),
        (0, "The harbour board voted. The harbour reopened."),
        (0, "a point"),
    ]


def test_a_web_clips_paragraphs_are_read_as_the_blocks_give_them(monkeypatch):
    """The blocks are single-spaced (test above): the pasted reader takes them as lines without collapsing them
    again, and reads the same body."""
    from bot.text import pasted

    def refused(text: str) -> str:
        raise AssertionError(f"collapsed again: {text!r}")

    text = (
        "---\ntitle: Ferry sails again\nurl: https://paper.example/ferry\n---\n\n"
        "The   ferry between Keldan and the mainland sailed again on Saturday.\n\n"
        "Share\n\nIt had been in dry dock for six weeks, the harbour board said.\n"
    )
    expected = md.parse_markdown(text, name="ferry.md")
    monkeypatch.setattr(pasted, "collapse_blanks", refused)
    article = md.parse_markdown(text, name="ferry.md")
    assert article == expected
    assert article.body == (
        "The ferry between Keldan and the mainland sailed again on Saturday.",
        "It had been in dry dock for six weeks, the harbour board said.",
    )
