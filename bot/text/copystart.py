"""Decide whether a pasted copy starts at its headline, where the line model picks a line under its first line.

The line model (``bot.text.linemodel``) scores each candidate line on its own. On copies taken from the headline the
copy's first line is the headline ~98 % of the time, and the model misses some of them: an encyclopedia's one-word
title over its infobox, a results page's title over a list of names, a headline over its picture's caption. On
copies taken from a few lines above, the first line is another story's headline, the site's name or a menu. Two
tests, both needed, take the first line instead of the model's pick:

1. a logistic regression over the copy's scores and the first line's own features (``start_row``) says the copy
   starts at its headline (fitted by bench/train_lines.py on scores of line models that never saw the copy's site,
   shipped as ``copystart.json``);
2. the first line is about the article: more of its content words are in the article's lead (the first running
   text under the model's pick) than of the pick's. Another story's headline, the site's name, "Search this site",
   a bare date share nothing with the lead; the real headline does.

The first test alone wins the copies from the headline and loses wide copies opening with another story's
headline, a menu word or a date (bench/README.md, sixth round); the second alone takes a blog's name whose words
the lead repeats (eighth round). Nothing here names a site.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from functools import cache
from importlib import resources
from typing import Any

from bot.text.clean import Kind, is_prose
from bot.text.headline import line_words
from bot.text.linefeatures import _STOP, FEATURES, candidates

_NAME = "copystart.json"
_NONE = -5.0  # the best other score of a copy with one candidate
_LEAD_REACH = 40  # the lead is looked for this many lines under the pick
# The values of a start row besides the first line's features (``start_row``).
HEAD = ("first_score", "best_other", "gap", "rank", "candidates", "taken")


class StartModel:
    """A standardised logistic regression: the copy starts at its headline when its probability reaches ``cut``."""

    def __init__(self, doc: dict[str, Any]) -> None:
        if list(doc["features"]) != [*HEAD, *FEATURES]:
            raise ValueError("the start model was fitted on other features: rebuild with python -m bench.train_lines")
        self.mean = [float(v) for v in doc["mean"]]
        self.scale = [float(v) for v in doc["scale"]]
        self.coef = [float(v) for v in doc["coef"]]
        self.intercept = float(doc["intercept"])
        self.cut = float(doc["cut"])
        # The line model it was fitted with (its base score): a refit line model needs a refit start model.
        self.line_base = float(doc["line_base"])
        # Folded: sum(coef * (x - mean) / scale) = sum(weight * x) + offset.
        self.weights = [c / s for c, s in zip(self.coef, self.scale, strict=True)]
        self.offset = self.intercept - sum(w * m for w, m in zip(self.weights, self.mean, strict=True))

    def probability(self, row: Sequence[float]) -> float:
        """Return the probability that the copy starts at its headline."""
        z = self.offset + sum([w * x for w, x in zip(self.weights, row, strict=True)])
        return 1.0 / (1.0 + math.exp(-z)) if z > -500 else 0.0


def start_row(scores: Sequence[float], first_values: Sequence[float], threshold: float, candidates: int) -> list[float]:
    """Return the copy's first line against the model's pick: scores, rank, and the first line's own features.

    ``scores`` are the scored candidates' in line order, the copy's first line first; ``candidates`` counts the
    window's candidates with the body's sentences (``linefeatures.candidates(..., sentences=True)``).
    """
    others = scores[1:]
    best_other = max(others, default=_NONE)
    return [
        scores[0],
        best_other,
        scores[0] - best_other,
        float(sum(1 for s in others if s > scores[0])),
        float(candidates),
        float(max(scores) >= threshold),
        *first_values,
    ]


def lead_of(lines: Sequence[str], kinds: Sequence[Kind], start: int, pick: int) -> str:
    """Return the article's lead under the line ``pick``: its first running text at or after the body's start."""
    for j in range(max(start, pick + 1), min(len(lines), pick + 1 + _LEAD_REACH)):
        if kinds[j] is Kind.TEXT and is_prose(lines[j]):
            return lines[j]
    return ""


def lead_share(line: str, lead_words: frozenset[str]) -> float:
    """Return the share of a line's content words that the lead holds (0 for a line with none)."""
    content = [w for w in line_words(line)[1] if w not in _STOP and len(w) > 1]  # as the overlap feature reads
    return sum(1 for w in content if w in lead_words) / len(content) if content else 0.0


def about_the_lead(lines: Sequence[str], kinds: Sequence[Kind], start: int, pick: int) -> bool:
    """Tell whether the first line shares more of its words with the lead under ``pick`` than ``pick`` does."""
    lead = lead_of(lines, kinds, start, pick)
    if not lead:
        return False
    held = frozenset(line_words(lead)[1])
    return lead_share(lines[0], held) > lead_share(lines[pick], held)


def first_instead(
    model: StartModel | None,
    lines: Sequence[str],
    kinds: Sequence[Kind],
    start: int,
    scored: Sequence[tuple[int, Sequence[float]]],
    scores: Sequence[float],
    pick: int,
    threshold: float,
) -> bool:
    """Tell whether to take the copy's first line instead of the line model's ``pick`` (a line under it).

    ``scored`` are the candidates (index, features) in line order and ``scores`` the model's score of each.
    """
    if model is None or pick == 0 or not scored or scored[0][0] != 0:
        return False
    row = start_row(scores, scored[0][1], threshold, len(candidates(lines, kinds, start, sentences=True)))
    return model.probability(row) >= model.cut and about_the_lead(lines, kinds, start, pick)


@cache
def shipped() -> StartModel | None:
    """Return the start model shipped with the package (read once), or None when there is none."""
    path = resources.files("bot.text").joinpath(_NAME)
    if not path.is_file():
        return None
    return StartModel(json.loads(path.read_text(encoding="utf-8")))
