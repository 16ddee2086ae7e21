"""What a pattern can match first, read from its parse: the fast paths' first-character sets are checked against it."""

from __future__ import annotations

import re
from re import _parser as parser  # type: ignore[attr-defined]  # the parse re compiles from: no public API


def first_characters(pattern: re.Pattern[str]) -> frozenset[str]:
    """Return every character ``pattern.match`` can take first, with its flags (re.IGNORECASE's twins too).

    The pattern must open with literals, alternatives of them and optional groups (start anchors are skipped):
    anything else fails, so that a rule written otherwise is looked at again rather than passed.
    """
    firsts: set[str] = set()

    def opens(items: parser.SubPattern) -> bool:
        """Add what ``items`` can start with; tell whether it always takes a character (else what follows may)."""
        for op, value in items:
            if op is parser.AT:
                continue
            if op is parser.LITERAL:
                firsts.add(chr(value))
                return True
            if op is parser.SUBPATTERN:
                if opens(value[3]):
                    return True
                continue
            if op is parser.BRANCH:
                taken = [opens(branch) for branch in value[1]]  # every branch's first characters, then all of them
                if all(taken):
                    return True
                continue
            if op in (parser.MAX_REPEAT, parser.MIN_REPEAT):
                low, _, inner = value
                if opens(inner) and low > 0:
                    return True
                continue
            raise ValueError(f"{pattern.pattern!r} opens with {op}")
        return False

    if not opens(parser.parse(pattern.pattern, pattern.flags)):
        raise ValueError(f"{pattern.pattern!r} can match the empty string")
    letters = re.compile("[" + "".join(re.escape(c) for c in sorted(firsts)) + "]", pattern.flags)
    return frozenset(chr(c) for c in range(0x110000) if letters.fullmatch(chr(c)))
