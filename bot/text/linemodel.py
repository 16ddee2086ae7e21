"""Score headline candidates with the learned model shipped as bot/text/linemodel.json, in pure Python.

The model is a small set of gradient-boosted decision trees over ``bot.text.linefeatures`` (fitted with
scikit-learn by bench/train_lines.py on pages from many sites, chosen by cross-validation grouped by site).
Scoring runs the trees as one plain Python function of nested comparisons, written from the JSON's numbers
when the model is loaded: a few hundred comparisons per line, no numeric library needed at run time.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from functools import cache
from importlib import resources
from typing import Any

from bot.text.clean import Kind
from bot.text.headline import named_by_share_widget
from bot.text.linefeatures import FEATURES, line_features

_NAME = "linemodel.json"
# A share widget naming the story sits in the page's header, within its first lines.
_SHARE_LINES = 60


class LineModel:
    """A tree ensemble: score = base + the sum of each tree's leaf value for the line's features."""

    def __init__(self, doc: dict[str, Any]) -> None:
        if list(doc["features"]) != list(FEATURES):
            raise ValueError("the model was fitted on other features; rebuild it with python -m bench.train_lines")
        self.base = float(doc.get("base", 0.0))
        # Under this best score no line is the headline (the copy starts with the body).
        self.threshold = float(doc.get("threshold", float("-inf")))
        # Each tree as nested tuples (feature, threshold, left, right) down to its leaf values.
        self.trees: list[Node] = [_nest(t[0], t[1], t[2], t[3], t[4], 0) for t in doc["trees"]]
        self._scorer = _compiled(self.trees, self.base)

    def score(self, values: Sequence[float]) -> float:
        """Return the model's score for one line's feature values (higher: more like a headline)."""
        return self._scorer(values)

    def walk(self, values: Sequence[float]) -> float:
        """Return the same score by walking the trees (the reference the compiled scorer is tested against)."""
        total = self.base
        for node in self.trees:
            while type(node) is tuple:
                feature, threshold, left, right = node
                node = left if values[feature] <= threshold else right
            total += node  # type: ignore[operator]
        return total


Node = float | tuple[int, float, "Node", "Node"]


def _compiled(trees: list[Node], base: float) -> Callable[[Sequence[float]], float]:
    """Return the trees as one function of nested if/else: ~5 times faster than walking tuples.

    The source is written only from ints and floats (``repr`` of each), so no text of the JSON reaches it.
    """
    used = sorted({feature for tree in trees for feature in _features_of(tree)})
    # Each feature the trees read is unpacked into a local name once: comparing locals is faster than indexing.
    out = ["def score(v):", f" t = {float(base)!r}"]
    if used:
        out.append(f" {', '.join(f'f{k}' for k in used)}, = {', '.join(f'v[{k}]' for k in used)},")

    def emit(node: Node, depth: int) -> None:
        pad = " " * depth
        if not isinstance(node, tuple):
            out.append(f"{pad}t += {float(node)!r}")
            return
        feature, threshold, left, right = node
        out.append(f"{pad}if f{int(feature)} <= {float(threshold)!r}:")
        emit(left, depth + 1)
        out.append(f"{pad}else:")
        emit(right, depth + 1)

    for tree in trees:
        emit(tree, 1)
    out.append(" return t")
    namespace: dict[str, Any] = {}
    exec(compile("\n".join(out), "<linemodel>", "exec"), namespace)  # noqa: S102 - numbers only, see above
    scorer: Callable[[Sequence[float]], float] = namespace["score"]
    return scorer


def _features_of(node: Node) -> set[int]:
    """Return the feature indices that a tree compares."""
    if not isinstance(node, tuple):
        return set()
    return {int(node[0])} | _features_of(node[2]) | _features_of(node[3])


def _nest(
    feature: list[int], threshold: list[float], left: list[int], right: list[int], value: list[float], at: int
) -> Node:
    """Turn scikit-learn's parallel node arrays (leaves have no children: -1) into nested tuples."""
    if left[at] < 0:
        return float(value[at])
    return (
        int(feature[at]),
        float(threshold[at]),
        _nest(feature, threshold, left, right, value, left[at]),
        _nest(feature, threshold, left, right, value, right[at]),
    )


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
    named = named_by_share_widget(lines, min(len(lines), _SHARE_LINES), [i for i, _ in scored])
    if named is not None:
        return named
    model = shipped()
    score, best = max((model.score(values), i) for i, values in scored)
    if score < model.threshold:
        return None
    return _without_breadcrumb(lines, best, [i for i, _ in scored])


# What ends a kicker or a label that is part of the headline ("Project: Better Journalism"; the full-width colon
# of CJK text), not a path.
_KICKER_END = (":", "\uff1a")


def _without_breadcrumb(lines: Sequence[str], best: int, found: list[int]) -> int:
    """Return the candidate that the chosen line ends with, when what comes before it is a breadcrumb or a label.

    "Home > News <title>" or "Blog Insights <title>" above the same title on its own line: the title is the line
    of its own. A kicker ending in a colon ("Project: <rest>") stays part of the headline.
    """
    line = lines[best]
    size = len(line)
    for j in found:
        other = lines[j]
        if (
            size > len(other) >= size / 3
            and line.endswith(other)
            and not line[: size - len(other)].rstrip().endswith(_KICKER_END)
        ):
            return j
    return best
