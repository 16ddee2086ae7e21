"""The stacked copy-level trials (bench/copy_start.py): honest nesting, and a decision that can be learned is.

Needs scikit-learn (the `train` extra); skipped without it. The copies are made up here, not read from a
dataset.
"""

from __future__ import annotations

import random

import pytest

pytest.importorskip("sklearn")

from bench import copy_start, train_lines
from bench.pagesets import FOLDS
from bot.text.linefeatures import FEATURES

_FIRST = FEATURES.index("first")
_SIGN = FEATURES.index("text_rank")  # an arbitrary feature of the first line that says "the copy starts here"


def _copy(k: int, rng: random.Random, starts_at_headline: bool) -> train_lines.Copy:
    rows = [[rng.random() for _ in FEATURES] for _ in range(3)]
    for j, row in enumerate(rows):
        row[_FIRST] = float(j == 0)
    rows[0][_SIGN] = 1.0 if starts_at_headline else 0.0
    gold = [starts_at_headline, not starts_at_headline, False]
    return train_lines.Copy(f"p{k}", "copypaste", k % FOLDS, rows, gold, False)


def test_the_second_model_never_reads_scores_of_a_model_that_saw_its_fold(monkeypatch: pytest.MonkeyPatch) -> None:
    # Every inner score of fold f's training copies comes from a fit without f and without the copy's own fold.
    rng = random.Random(4)
    items = [_copy(k, rng, k % 2 == 0) for k in range(60)]
    monkeypatch.setattr(train_lines, "OBJECTIVE", "list")
    st = copy_start.stacked_scores(items, (5, 2, 3))
    assert set(st.outer) == set(range(len(items)))
    for f, k in st.inner:
        assert items[k].fold != f
    assert len(st.inner) == len(items) * (FOLDS - 1)


def test_start_decision_takes_the_first_line_where_the_copy_shape_says_so() -> None:
    # The line model's scores always prefer the second line; the first line's own feature tells when the copy
    # starts at its headline. A classifier stacked on top learns it, and takes the first line only there.
    rng = random.Random(5)
    items = [_copy(k, rng, k % 3 == 0) for k in range(150)]
    scores = {k: [0.5, 1.0, 0.0] for k in range(len(items))}
    st = copy_start.Stacked(scores, {(f, k): scores[k] for k in scores for f in range(FOLDS) if items[k].fold != f})
    maker = copy_start.classifiers()["logistic C=1"]
    result = copy_start.evaluate("start", maker, items, st, 0.0, 0.5)
    before = sum(b for b, _ in result.values()) / len(result)
    after = sum(a for _, a in result.values()) / len(result)
    assert before < 0.7  # the line model alone misses every copy that starts at its headline
    assert after > 0.95
    table = copy_start.rates(items, [result])
    assert table["copypaste", "all"] == (before, after)


def test_a_decision_exports_to_the_pure_python_scorer() -> None:
    # fit_logistic refuses to return numbers that score differently from scikit-learn's; the scorer then says yes
    # exactly where the fitted classifier does.
    rng = random.Random(6)
    names = copy_start.copystart.START_FEATURES
    x = [[rng.gauss(0, 1) for _ in names] for _ in range(120)]
    y = [row[0] + 0.5 * row[3] > 0 for row in x]
    doc = copy_start.fit_logistic(x, y, names)
    assert doc is not None
    model = copy_start.copystart.Logistic(doc, names)
    agree = sum(model.says_yes(row) == label for row, label in zip(x, y, strict=True))
    assert agree >= 110
    assert copy_start.fit_logistic(x, [True] * len(x), names) is None  # one class: nothing to fit
