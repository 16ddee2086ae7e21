"""The one rule of plain text to paragraphs, used by feeds, mail, JSON and HTML's text alike."""

from __future__ import annotations

import pytest

from bot.text.paragraphs import text_to_paragraphs


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One line\nwrapped.\n\nTwo.", ["One line wrapped.", "Two."]),
        ("Windows\r\nline ends\r\n\r\nsplit alike.", ["Windows line ends", "split alike."]),
        ("Old Mac\rline ends\r\rtoo.", ["Old Mac line ends", "too."]),
        # U+2029 is a paragraph break; U+2028, NEL, form feed and vertical tab are line breaks.
        ("First\u2029Second", ["First", "Second"]),
        ("A\u2028b\x85c\x0cd\x0be", ["A b c d e"]),
        # Every run of white space is one space: tabs, no-break spaces (narrow too), thin, hair and zero width.
        ("a\t\tb\u00a0c\u202fd\u2009e\u200af\u200bg\u3000h", ["a b c d e f g h"]),
        ("  \n \t \n\n\u00a0\n", []),
        ("Blank line\n \t \nwith spaces on it.", ["Blank line", "with spaces on it."]),
        ("", []),
    ],
)
def test_text_to_paragraphs(text: str, expected: list[str]):
    assert text_to_paragraphs(text) == expected
