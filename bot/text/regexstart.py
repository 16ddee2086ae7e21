"""Which characters a regular expression's match can start with: a class to test a text's first character by.

Read from the pattern's parse (``re._parser``, the standard library's own reader of patterns). Whatever this does
not know (a back-reference, a dot, a negated class, a pattern that can match without a character) gives None,
"any character": a test built from it can only let through more texts than the pattern matches, never fewer.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator
from typing import Any

_C: Any
_P: Any
try:  # private modules of the standard library: without them every text is let through (None)
    _C = importlib.import_module("re._constants")
    _P = importlib.import_module("re._parser")
except ImportError:  # pragma: no cover - a Python whose re is laid out otherwise
    _C = _P = None

_Part = tuple[str, bool]  # a piece of a character class, and whether it is read ignoring case


def start_class(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """Return a pattern of one character that every match of ``pattern`` starts with, or None (any character).

    A match of ``pattern`` at the start of a text starts with a character this class matches (the text's first).
    """
    if _P is None or not isinstance(pattern.pattern, str):
        return None
    try:
        parts, empty = _first(list(_P.parse(pattern.pattern, pattern.flags)), pattern.flags)
    except (AttributeError, TypeError, ValueError, re.error):  # pragma: no cover - a parse laid out otherwise
        return None
    if parts is None or empty:
        return None
    plain = "".join(part for part, folded in parts if not folded)
    folded = "".join(part for part, folded in parts if folded)
    return re.compile("|".join(([f"[{plain}]"] if plain else []) + ([f"(?i:[{folded}])"] if folded else [])))


def alternatives(pattern: re.Pattern[str]) -> list[re.Pattern[str]]:
    """Return patterns, one per alternative of ``pattern``, that together match at a text's start where it does.

    The source is split at each "|" outside brackets and groups, and a branch written ``^(?:a|b|...)rest`` is
    split again as ``^(?:a)rest``, ``^(?:b)rest``... (a match of the whole is a match of one of them, and each
    keeps the pattern's flags). So a test by first character can leave out the alternatives of a pattern that
    cannot start with it, not only whole patterns. A source this does not read (a group with a name or a
    back-reference to one) is returned whole.
    """
    source = pattern.pattern
    if not isinstance(source, str) or "(?P" in source or "\\1" in source:
        return [pattern]
    out: list[str] = []
    for branch in _split(source):
        inner = _group_branches(branch)
        out += inner if inner else [branch]
    return [re.compile(part, pattern.flags) for part in out] if len(out) > 1 else [pattern]


def _group_branches(branch: str) -> list[str] | None:
    """Split ``^(?:a|b)rest`` into ``^(?:a)rest``, ``^(?:b)rest``; None for a branch of another shape."""
    if not branch.startswith("^(?:"):
        return None
    close = _closing(branch, 1)
    if close is None:
        return None
    parts = _split(branch[4:close])
    if len(parts) < 2:
        return None
    return [f"^(?:{part}){branch[close + 1 :]}" for part in parts]


def _scan(source: str, at: int = 0) -> Iterator[tuple[int, str, int]]:
    """Yield index, character and group depth after it, for each character outside escapes and brackets.

    From ``at`` on; an opening "(" counts in, a closing ")" out.
    """
    level, i = 0, at
    while i < len(source):
        char = source[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":
            i = _after_class(source, i)
            continue
        if char == "(":
            level += 1
        elif char == ")":
            level -= 1
        yield i, char, level
        i += 1


def _split(source: str) -> list[str]:
    """Split a pattern's source at the "|" that stand outside brackets and groups."""
    parts: list[str] = []
    start = 0
    for i, char, level in _scan(source):
        if char == "|" and level == 0:
            parts.append(source[start:i])
            start = i + 1
    parts.append(source[start:])
    return parts


def _closing(source: str, at: int) -> int | None:
    """Return the index of the ")" closing the group opened at ``at``, or None."""
    for i, char, level in _scan(source, at):
        if char == ")" and level == 0:
            return i
    return None


def _after_class(source: str, at: int) -> int:
    """Return the index after the character class opened at ``at`` (a "]" first in it, or after "^", is a literal)."""
    i = at + 1
    if source[i : i + 1] == "^":
        i += 1
    if source[i : i + 1] == "]":
        i += 1
    while i < len(source) and source[i] != "]":
        i += 2 if source[i] == "\\" else 1
    return i + 1


def _first(items: list[tuple[Any, Any]], flags: int) -> tuple[list[_Part] | None, bool]:
    """Return the class pieces a match of ``items`` can start with (None: any), and whether it can be empty."""
    out: list[_Part] = []
    for op, value in items:
        parts, empty = _first_of(op, value, flags)
        if parts is None:
            return None, False
        out += parts
        if not empty:
            return out, False
    return out, True


def _first_of(op: object, node: object, flags: int) -> tuple[list[_Part] | None, bool]:
    """Return the pieces one node of the parse can start with (None: any), and whether it can match empty."""
    value: Any = node  # the parse's own tuples and lists, by the kind of node
    folded = bool(flags & re.IGNORECASE)
    if op is _C.LITERAL:
        return [(re.escape(chr(value)), folded)], False
    if op is _C.IN:
        return _class(value, folded), False
    if op is _C.BRANCH:
        out: list[_Part] = []
        empty = False
        for alternative in value[1]:
            parts, may_be_empty = _first(list(alternative), flags)
            if parts is None:
                return None, False
            out += parts
            empty = empty or may_be_empty
        return out, empty
    if op is _C.SUBPATTERN:
        _, add, remove, sub = value
        return _first(list(sub), (flags | add) & ~remove)
    if op in (_C.MAX_REPEAT, _C.MIN_REPEAT):
        least, _, sub = value
        parts, empty = _first(list(sub), flags)
        return parts, parts is not None and (empty or least == 0)
    if op is _C.AT and value in (_C.AT_BEGINNING, _C.AT_BEGINNING_STRING, _C.AT_BOUNDARY, _C.AT_NON_BOUNDARY):
        return [], True  # a place, not a character (a word boundary is not asked for: more texts let through)
    if op is _C.AT and value is _C.AT_END:
        return [("\\n", False)], False  # at the start, "$" needs an empty text or a lone line break
    if op in (_C.ASSERT, _C.ASSERT_NOT):
        return [], True  # a look-around is not asked for: more texts let through
    return None, False


_CATEGORIES = {"CATEGORY_DIGIT": r"\d", "CATEGORY_SPACE": r"\s", "CATEGORY_WORD": r"\w"}


def _class(items: list[tuple[Any, Any]], folded: bool) -> list[_Part] | None:
    """Return the pieces of a character class (None for a negated class or one this does not know)."""
    out: list[_Part] = []
    for op, value in items:
        if op is _C.LITERAL:
            out.append((re.escape(chr(value)), folded))
        elif op is _C.RANGE:
            out.append((f"{re.escape(chr(value[0]))}-{re.escape(chr(value[1]))}", folded))
        elif op is _C.CATEGORY and str(value) in _CATEGORIES:
            out.append((_CATEGORIES[str(value)], folded))
        else:
            return None
    return out
