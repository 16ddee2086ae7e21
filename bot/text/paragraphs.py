"""Plain text to paragraphs: the one rule for every reader of text without markup (feeds, mail, JSON, HTML's text).

A blank line (or U+2029) ends a paragraph; a single line break inside one is a wrap, joined with a space; every
run of white space, the zero width space among it, is one space.
"""

from __future__ import annotations

import re

_LINE_BREAKS = str.maketrans({"\r": "\n", "\x0b": "\n", "\x0c": "\n", "\x85": "\n", "\u2028": "\n", "\u2029": "\n\n"})
_OTHER_BREAKS = "\r\x0b\x0c\x85\u2028\u2029"
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")
_SPACE = re.compile(r"[\s\u200b]+")
_ZERO_WIDTH_SPACE = "\u200b"


def text_to_paragraphs(text: str) -> list[str]:
    """Split plain text into paragraphs at blank lines, with the lines of each joined and white space collapsed."""
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    # str.translate is slow on long text: only where a break is. (One search for each, in C, costs less than a
    # pattern's set tried at every position.)
    if any(char in text for char in _OTHER_BREAKS):
        text = text.translate(_LINE_BREAKS)
    paragraphs = []
    for block in _BLANK_LINE.split(text):
        # Without a zero width space, the runs _SPACE replaces are the white space str.split() splits at (the
        # pattern's \s is str.isspace): the words joined, not one match and replacement a word.
        joined = _SPACE.sub(" ", block).strip() if _ZERO_WIDTH_SPACE in block else " ".join(block.split())
        if joined:
            paragraphs.append(joined)
    return paragraphs
