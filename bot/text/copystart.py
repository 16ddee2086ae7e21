"""Copy-level decisions over the line model's pick: the copy's first line, or the model's second line, instead.

The line model (``bot.text.linemodel``) scores each candidate line on its own. On copies taken from the headline the
copy's first line is the headline ~98 % of the time, and the model misses some of them: an encyclopedia's one-word
title over its infobox, a results page's title over a list of names, a headline over its picture's caption. On
copies taken from a few lines above, the model's best line is at times another story's headline, a quoted claim or
a caption next to the real headline, which is its second. Two decisions, each a logistic regression fitted by
bench/train_lines.py on scores of line models that never saw the copy's site (shipped as ``copystart.json``), and
each only with a second test:

1. ``start``: the copy's scores and its first line's own features (``start_row``) say the copy starts at its
   headline, and the first line is about the article: more of its content words are in the article's lead (the
   first running text under the pick) than of the pick's. Another story's headline, the site's name, "Search this
   site", a bare date share nothing with the lead; the real headline does.
2. ``pair``: the best and second lines compared (``pair_row``) say the second is the headline, and the second is
   more about the lead (under the lower of the two) than the best.

Without the lead test, the first decision wins the copies from the headline and loses wide copies opening with
another story's headline, a menu word or a date, and the second wins on some sites and loses on others
(bench/README.md, sixth round); the lead test alone takes a blog's name whose words the lead repeats (eighth
round). Nothing here names a site.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from operator import mul
from typing import Any

from bot.text.clean import Kind, is_prose
from bot.text.headline import line_words
from bot.text.linefeatures import CLOSING, FEATURES, WINDOW, candidates, content_words

_NAME = "copystart.json"
_NONE = -5.0  # the best other score of a copy with one candidate
_LEAD_REACH = 40  # the lead is looked for this many lines under the pick
# The second line taken over the best has two content words at least (the first line, by the start decision, may
# be a one-word title: an encyclopedia's).
_PAIR_LEAST = 2
# The values of a start row besides the first line's features (``start_row``).
HEAD = ("first_score", "best_other", "gap", "rank", "candidates", "taken")
START_FEATURES = (*HEAD, *FEATURES)
_COUNT, _TAKEN = HEAD.index("candidates"), HEAD.index("taken")
# The values of a pair row besides the two lines' features, their difference first (``pair_row``).
PAIR_HEAD = ("gap", "best_score", "second_score", "second_above", "distance")
PAIR_FEATURES = (
    *PAIR_HEAD,
    *(f"diff_{name}" for name in FEATURES),
    *(f"best_{name}" for name in FEATURES),
    *(f"second_{name}" for name in FEATURES),
)


class Logistic:
    """A standardised logistic regression: yes when its probability reaches ``cut``."""

    def __init__(self, doc: dict[str, Any], names: Sequence[str]) -> None:
        if list(doc["features"]) != list(names):
            raise ValueError(
                "a copy-level model was fitted on other features: rebuild with python -m bench.train_lines"
            )
        self.mean = [float(v) for v in doc["mean"]]
        self.scale = [float(v) for v in doc["scale"]]
        self.coef = [float(v) for v in doc["coef"]]
        self.intercept = float(doc["intercept"])
        self.cut = float(doc["cut"])
        # Folded: sum(coef * (x - mean) / scale) = sum(weight * x) + offset.
        self.weights = [c / s for c, s in zip(self.coef, self.scale, strict=True)]
        self.offset = self.intercept - sum(w * m for w, m in zip(self.weights, self.mean, strict=True))
        self._pair: tuple[list[float], list[float], list[float]] | None = None
        # The log-odds at the cut, with a margin for sums taken in another order (``_may_start_here``).
        self.cut_logit = math.log(self.cut / (1 - self.cut)) - 1e-9 if 0 < self.cut < 1 else -math.inf

    def logit(self, row: Sequence[float]) -> float:
        """Return the log-odds of yes."""
        total: float = sum(map(mul, self.weights, row))  # a row has the weights' length (from_doc checks the names)
        return self.offset + total

    def probability(self, row: Sequence[float]) -> float:
        """Return the probability of yes."""
        z = self.logit(row)
        return 1.0 / (1.0 + math.exp(-z)) if z > -500 else 0.0

    def says_yes(self, row: Sequence[float]) -> bool:
        """Tell whether the probability of yes reaches the cut."""
        return self.probability(row) >= self.cut

    def says_yes_to_pair(self, head: Sequence[float], best: Sequence[float], second: Sequence[float]) -> bool:
        """``says_yes(head + (best - second) + best + second)`` without building the row: the weights folded once.

        The difference's weights join each line's own (``pair_row``'s layout: ``PAIR_FEATURES``).
        """
        folded = self._pair
        if folded is None:
            n, k = len(best), len(head)
            w = self.weights
            diff, own_best, own_second = w[k : k + n], w[k + n : k + 2 * n], w[k + 2 * n :]
            folded = self._pair = (
                w[:k],
                [d + b for d, b in zip(diff, own_best, strict=True)],
                [s - d for d, s in zip(diff, own_second, strict=True)],
            )
        z: float = self.offset + sum(map(mul, folded[0], head))
        z += sum(map(mul, folded[1], best)) + sum(map(mul, folded[2], second))
        return z >= self.cut_logit


@dataclass(frozen=True)
class CopyModels:
    """The two decisions (either may be missing) and the line model they were fitted with (its base score)."""

    start: Logistic | None
    pair: Logistic | None
    line_base: float

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> CopyModels:
        """Read the models from the JSON document ``bench.train_lines`` writes."""
        start, pair = doc.get("start"), doc.get("pair")
        return cls(
            Logistic(start, START_FEATURES) if start else None,
            Logistic(pair, PAIR_FEATURES) if pair else None,
            float(doc["line_base"]),
        )


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


def lead_share(line: str, lead_words: frozenset[str], least: int = 1) -> float:
    """Return the share of a line's content words that the lead holds (0 for a line with fewer than ``least``)."""
    content = content_words(line_words(line)[1])  # as the overlap feature reads
    return sum(1 for w in content if w in lead_words) / len(content) if len(content) >= max(1, least) else 0.0


def decide(
    models: CopyModels | None,
    lines: Sequence[str],
    kinds: Sequence[Kind],
    start: int,
    scored: Sequence[tuple[int, Sequence[float]]],
    scores: Sequence[float],
    pick: int,
    threshold: float,
) -> int:
    """Return the headline line: the line model's ``pick``, or the copy's first line, or the model's second line.

    ``scored`` are the candidates (index, features) in line order and ``scores`` the model's score of each; ``pick``
    is the best of them (on a tie the later line), over the threshold.
    """
    if models is None or len(scored) < 2:
        return pick
    if models.start is not None and pick != 0 and scored[0][0] == 0 and _may_start_here(models.start, scores, scored):
        row = start_row(scores, scored[0][1], threshold, len(candidates(lines, kinds, start, sentences=True)))
        if models.start.says_yes(row) and _may_take(kinds, 0) and more_about_the_lead(lines, kinds, start, pick, 0):
            return 0
    if models.pair is not None:
        (sa, a), (sb, b) = sorted(zip(scores, range(len(scored)), strict=True), reverse=True)[:2]
        second = scored[b][0]
        head = pair_head((pick, sa), (second, sb))
        if (
            models.pair.says_yes_to_pair(head, scored[a][1], scored[b][1])
            and _may_take(kinds, second)
            and not standfirst_under_top(lines, pick, second)
            and more_about_the_lead(lines, kinds, start, pick, second, _PAIR_LEAST)
        ):
            return second
    return pick


def standfirst_under_top(lines: Sequence[str], pick: int, other: int) -> bool:
    """Tell whether ``other`` is the standfirst right under the copy's first line, the pick: never its headline.

    "Keldan's light stays on" / "The harbour board voted to keep the old lighthouse lit ... campaigned for it" / the
    date: the line under the copy's first, longer, running text and without a closing stop, shares more of the lead's
    words as a standfirst does, and the pair decision and the line over the date took it. A headline is seldom running
    text; a long one ends as a question or an exclamation does ("Where do ... go after Netanyahu's victory?" under a
    paper's name), and is still taken.
    """
    if pick != 0 or other != 1:
        return False
    under = lines[1]
    return under[-1:] not in CLOSING and len(line_words(under)[0]) > len(line_words(lines[0])[0]) and is_prose(under)


def _may_take(kinds: Sequence[Kind], line: int) -> bool:
    """Tell whether a decision may take ``line`` over the model's pick: never a date line.

    A dateline under the headline ("March 3, 2026 -- Updated 1405 GMT") shares its month and year with a lead
    that opens with the date, so the lead test can prefer it; a date is never the headline (the line model may still
    pick one on its own).
    """
    return kinds[line] is not Kind.DATE


def _may_start_here(model: Logistic, scores: Sequence[float], scored: Sequence[tuple[int, Sequence[float]]]) -> bool:
    """Tell whether the start decision can say yes for some count of candidates with the body's sentences.

    That count (the costliest value of the row) is at least the scored candidates' and at most the window's lines,
    and the decision is linear in it: if neither end reaches the cut, no count does (most copies; exact, no guess).
    """
    row = start_row(scores, scored[0][1], 0.0, len(scored))
    row[_TAKEN] = 1.0  # the pick is over the threshold
    z = model.logit(row) + max(0.0, model.weights[_COUNT] * (WINDOW - len(scored)))
    return z >= model.cut_logit


def pair_head(best: tuple[int, float], second: tuple[int, float]) -> list[float]:
    """Return the ``PAIR_HEAD`` values of the model's best and second lines, each (line, score)."""
    (la, sa), (lb, sb) = best, second
    return [sa - sb, sa, sb, float(lb < la), (lb - la) / 12]


def pair_row(best: tuple[int, float, Sequence[float]], second: tuple[int, float, Sequence[float]]) -> list[float]:
    """Return the model's best line against its second: (line, score, features) of each, compared."""
    (la, sa, ra), (lb, sb, rb) = best, second
    return [*pair_head((la, sa), (lb, sb)), *[x - y for x, y in zip(ra, rb, strict=True)], *ra, *rb]


def more_about_the_lead(
    lines: Sequence[str], kinds: Sequence[Kind], start: int, pick: int, other: int, least: int = 1
) -> bool:
    """Tell whether line ``other`` shares more of its words than ``pick`` with the lead under the lower of them.

    ``other`` needs at least ``least`` content words: a lone word (a section's or a city's name over the headline)
    is all in a lead that opens with it.
    """
    lead = lead_of(lines, kinds, start, max(pick, other))
    if not lead:
        return False
    held = frozenset(line_words(lead)[1])
    return lead_share(lines[other], held, least) > lead_share(lines[pick], held)


@cache
def shipped() -> CopyModels | None:
    """Return the copy-level models shipped with the package (read once), or None when there are none."""
    path = resources.files("bot.text").joinpath(_NAME)
    if not path.is_file():
        return None
    return CopyModels.from_doc(json.loads(path.read_text(encoding="utf-8")))
