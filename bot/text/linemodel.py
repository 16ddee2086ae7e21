"""Score headline candidates with the learned model shipped as bot/text/linemodel.json, in pure Python.

The model is a small set of gradient-boosted decision trees over ``bot.text.linefeatures`` (fitted with
scikit-learn by bench/train_lines.py on pages from many sites, chosen by cross-validation grouped by site).
Scoring walks each tree: a few hundred comparisons per line, no numeric library needed at run time.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache
from importlib import resources
from typing import Any

from bot.text.clean import Kind
from bot.text.linefeatures import FEATURES, line_features

_NAME = "linemodel.json"


class LineModel:
    """A tree ensemble: score = base + the sum of each tree's leaf value for the line's features."""

    def __init__(self, doc: dict[str, Any]) -> None:
        if list(doc["features"]) != list(FEATURES):
            raise ValueError("the model was fitted on other features; rebuild it with python -m bench.train_lines")
        self.base = float(doc.get("base", 0.0))
        # Under this best score no line is the headline (the copy starts with the body).
        self.threshold = float(doc.get("threshold", float("-inf")))
        self.trees: list[tuple[list[int], list[float], list[int], list[int], list[float]]] = [
            (list(f), list(t), list(lo), list(hi), list(v)) for f, t, lo, hi, v in doc["trees"]
        ]

    def score(self, values: Sequence[float]) -> float:
        """Return the model's score for one line's feature values (higher: more like a headline)."""
        total = self.base
        for feature, threshold, left, right, value in self.trees:
            node = 0
            while left[node] >= 0:
                node = left[node] if values[feature[node]] <= threshold[node] else right[node]
            total += value[node]
        return total


@cache
def shipped() -> LineModel:
    """Return the model shipped with the package (read once)."""
    text = resources.files("bot.text").joinpath(_NAME).read_text(encoding="utf-8")
    return LineModel(json.loads(text))


def pick_headline(lines: Sequence[str], kinds: Sequence[Kind], start: int) -> int | None:
    """Return the index of the line the model rates most like the headline, or None when no line is one."""
    scored = line_features(lines, kinds, start)
    if not scored:
        return None
    model = shipped()
    score, best = max((model.score(values), i) for i, values in scored)
    return best if score >= model.threshold else None
