"""JSON from outside (drop files, feeds, a page's JSON-LD) read by one rule, so no number can fail the reader.

Python refuses to turn an integer of more than 4,300 digits into a number ("Exceeds the limit ... for integer
string conversion"): a JSON file or feed holding one failed as a parser bug, with Python's words. No field
newsdigest reads needs more than a few digits, so such an integer is read as a float (``inf`` when huge), which
every reader already refuses as a date or an id it cannot use.

A control character written raw inside a string (a tab, a line break: common in hand-made feeds, exports and
pages' JSON-LD) is read as that character, as browsers' and most feed readers' lenient parsers do; strict JSON
refused the whole document for it.
"""

from __future__ import annotations

import json
from typing import Any

from bot.errors import ParseError

# Far above any id or timestamp (a 64-bit integer has 20 digits), far below Python's conversion limit.
_INT_DIGITS = 100


def _number(text: str) -> int | float:
    return int(text) if len(text) <= _INT_DIGITS else float(text)


def loads(text: str | bytes) -> Any:  # noqa: ANN401 - JSON is any shape until checked
    """Parse JSON as :func:`json.loads` does, reading an integer past 100 digits as a float and raw controls.

    Raises:
        json.JSONDecodeError: for text that is not JSON.
        RecursionError: for arrays or objects nested past the interpreter's stack.
    """
    return json.loads(text, parse_int=_number, strict=False)


def load(text: str) -> Any:  # noqa: ANN401 - JSON is any shape until checked
    """Parse a JSON document from outside (a drop file, a feed), saying in words what is wrong with it.

    Raises:
        ParseError: "truncated JSON: ...", "not valid JSON (line L, column C: why)" or "... nested too deeply".
    """
    try:
        return loads(text)
    except json.JSONDecodeError as exc:
        if cut_off(text, exc):
            raise ParseError(f"truncated JSON: it stops before its end (line {exc.lineno})") from None
        why = exc.msg.removesuffix(" at")  # "Invalid control character at": Python's message goes on with the place
        raise ParseError(f"not valid JSON (line {exc.lineno}, column {exc.colno}: {why})") from None
    except RecursionError:
        raise ParseError("JSON nested too deeply to be read") from None


def load_lines_or_document(text: str) -> Any:  # noqa: ANN401 - JSON is any shape until checked
    """Parse a JSON document, or JSON Lines (one document a line, as exports and scrapers write): a list of them.

    Raises:
        ParseError: as :func:`load` says for the document, when the text is not JSON Lines either.
    """
    try:
        return loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        if isinstance(exc, json.JSONDecodeError) and exc.msg == "Extra data":
            lines = [line for line in text.splitlines() if line.strip()]
            try:
                return [loads(line) for line in lines]
            except (json.JSONDecodeError, RecursionError):
                pass
    return load(text)  # says what is wrong with the document


def cut_off(text: str, exc: json.JSONDecodeError) -> bool:
    """Tell whether JSON failed because it stops early (a cut download): at its very end, or in an open string."""
    return not text[exc.pos :].strip() or exc.msg.startswith("Unterminated string")
