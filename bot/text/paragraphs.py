"""Plain text to paragraphs: the one rule for every reader of text without markup (feeds, mail, JSON, HTML's text).

A blank line (or U+2029) ends a paragraph; a single line break inside one is a wrap, joined with a space; every
run of white space, the zero width space among it, is one space.
"""

from __future__ import annotations

import re

_LINE_BREAKS = str.maketrans({"\r": "\n", "\x0b": "\n", "\x0c": "\n", "\x85": "\n", "\u2028": "\n", "\u2029": "\n\n"})
_OTHER_BREAK = re.compile("[\r\x0b\x0c\x85\u2028\u2029]")
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")
_SPACE = re.compile(r"[\s\u200b]+")


def text_to_paragraphs(text: str) -> list[str]:
    """Split plain text into paragraphs at blank lines, with the lines of each joined and white space collapsed."""
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    if _OTHER_BREAK.search(text) is not None:  # str.translate is slow on long text: only where one is
        text = text.translate(_LINE_BREAKS)
    paragraphs = []
    for block in _BLANK_LINE.split(text):
        joined = _SPACE.sub(" ", block).strip()
        if joined:
            paragraphs.append(joined)
    return paragraphs
