"""How a headline candidate sits among the first lines of a pasted page: the structure features of the model.

A title under its breadcrumb ("Home Holidays <title>" above "<title>"), an item of a list of links or chapters,
a teaser cut short, a name on its own line, and how far the date or byline lines are. ``bot.text.linefeatures``
appends these to each candidate's values; everything a page needs is read once per page here.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.text.linekinds import Kind


class Around:
    """What the candidates' structure features read of the window, computed once per page."""

    def __init__(
        self,
        lines: Sequence[str],
        kinds: Sequence[Kind],
        top: int,
        *,
        meta: frozenset[Kind],
        span: int,
        stop: frozenset[str],
    ) -> None:
        self.span = span  # how many lines below and above a candidate are searched for a date or byline
        self.stop = stop
        self.window = list(lines[:top])
        # The window's lines by their last character: only those can end with a candidate or be its ending.
        self.ending: dict[str, list[str]] = {}
        for line in self.window:
            self.ending.setdefault(line[-1:], []).append(line)
        reach = min(len(lines), top + span + 1)
        # Each line's first word, lower-cased, as split (the list-item test compares neighbours' openings): only
        # the candidates' and their neighbours' are read, each found once.
        self.lines = lines
        self.n_openings = min(len(lines), top + 1)
        self.openings: dict[int, str] = {}
        # Where the date and byline lines are.
        self.meta = [j for j in range(reach) if kinds[j] in meta]

    def values(self, i: int, tokens: list[str], lower: list[str]) -> list[float]:
        """Return how candidate ``i`` sits among the window's lines: under its breadcrumb, in a list, by the meta."""
        line = self.window[i]
        size = len(line)
        # A breadcrumb joined to the title ("Home Holidays <title>") ends with the title, shown again on its own.
        tail_of = holds = False
        for other in self.ending[line[-1:]]:  # one loop for both (a generator each cost more than their tests)
            length = len(other)
            if length > size:
                tail_of = tail_of or other.endswith(line)
            elif size > length >= size / 3:
                holds = holds or line.endswith(other)
        # A list of links or chapters: a neighbour opens with the same word ("Appendix A.", "Appendix B.").
        first = self.opening(i)
        parallel = bool(first) and (
            (i > 0 and self.opening(i - 1) == first) or (i + 1 < self.n_openings and self.opening(i + 1) == first)
        )
        span = self.span
        below, above = span + 1, False
        for j in self.meta:  # in order: the first below is the nearest
            if i - span <= j < i:
                above = True
            elif i < j <= i + span:
                below = j - i
                break
        name_like = (
            2 <= len(tokens) <= 3
            and all(w[:1].isupper() and w.isalpha() for w in tokens)
            and not any(w in self.stop for w in lower)
            and line[-1:].isalpha()
        )
        return [
            float(tail_of),
            float(holds),
            float(line.endswith(("\u2026", "..."))),
            float(parallel),
            below / (span + 1),
            float(above),
            float(name_like),
        ]

    def opening(self, j: int) -> str:
        """Return :func:`_opening` of line ``j``."""
        found = self.openings.get(j)
        if found is None:
            found = self.openings[j] = _opening(self.lines[j])
        return found


def _opening(line: str) -> str:
    """Return a line's first word, lower-cased, when more words follow it ("" for a one-word line)."""
    parts = line.split(None, 1)
    return parts[0].lower() if len(parts) == 2 else ""
