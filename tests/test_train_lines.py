"""The listwise trainer of the headline model (bench/train_lines.py): its trees export to what the bot scores.

Needs scikit-learn (the `train` extra); skipped without it. The copies are made up here, not read from a
dataset: in each, the headline is the line with the largest first feature, and one copy has no headline.
"""

from __future__ import annotations

import random

import pytest

pytest.importorskip("sklearn")

from bench import train_lines
from bot.text.linefeatures import FEATURES
from bot.text.linemodel import LineModel


def _copies(n: int, seed: int) -> list[train_lines.Copy]:
    rng = random.Random(seed)
    out = []
    for k in range(n):
        rows = [[rng.random() for _ in FEATURES] for _ in range(rng.randint(2, 6))]
        if k % 5 == 0:  # a copy of the text alone: every line low on feature 1, no headline
            for row in rows:
                row[1] = 0.0
            out.append(train_lines.Copy(f"p{k}", train_lines.FROM_BODY, k % 5, rows, [False] * len(rows), False))
            continue
        for row in rows:
            row[1] = 1.0
        best = max(range(len(rows)), key=lambda j: rows[j][0])
        gold = [j == best for j in range(len(rows))]
        out.append(train_lines.Copy(f"p{k}", "copypaste", k % 5, rows, gold, False))
    return out


def test_listwise_trees_learn_the_choice_and_export_the_same_scores() -> None:
    train = _copies(200, 1)
    model = train_lines.ListwiseTrees(60, 2, 5).fit(train)
    held = _copies(60, 2)
    best = train_lines.best_lines(model, held)
    found = train_lines.hits(held, best, 0.0)
    assert train_lines.rate(found["copypaste"]) > 0.8  # the largest first feature is learned as the headline
    assert train_lines.rate(found[train_lines.FROM_BODY]) > 0.8  # and no line is taken from a text-only copy
    rows = [row for cp in train for row in cp.rows]
    doc = train_lines.export(model, rows)
    mine = LineModel(doc)
    for row, score in zip(rows[:200], model.decision_function(rows[:200]), strict=True):
        assert abs(mine.score(row) - float(score)) < 1e-3


def test_copies_read_without_the_model_are_scored_as_read_and_left_out_of_the_fit() -> None:
    # A body-only copy that read_pasted settles by its rule (no line taken) counts as right whatever the model
    # says; a headline copy settled the same way counts as a miss. Neither teaches the trees anything.
    rows = [[0.5] * len(FEATURES), [0.2] * len(FEATURES)]
    body = train_lines.Copy("b", train_lines.FROM_BODY, 0, rows, [False, False], False, preempted=True)
    head = train_lines.Copy("h", "copypaste", 0, rows, [True, False], False, preempted=True)
    found = train_lines.hits([body, head], [(9.0, False, False), (9.0, True, False)], 0.0)
    assert found[train_lines.FROM_BODY] == [True]
    assert found["copypaste"] == [False]
    train = _copies(100, 3)
    odd = [train_lines.Copy("x", "copypaste", 1, [[9.0] * len(FEATURES)], [True], False, preempted=True)]
    plain = train_lines.ListwiseTrees(10, 2, 5).fit(train)
    mixed = train_lines.ListwiseTrees(10, 2, 5).fit(train + odd)
    probe = [[0.3] * len(FEATURES), [9.0] * len(FEATURES)]
    assert list(plain.decision_function(probe)) == list(mixed.decision_function(probe))


def test_the_threshold_can_be_chosen_on_several_fits_scores() -> None:
    # One body-only copy and one headline copy; fit A scores both lines at 1.0, fit B at 3.0 and 1.0. Alone, A
    # cannot keep the headline and refuse the body copy (a threshold above 1.0 loses the headline); the two fits
    # together prefer a cut that serves both of B's copies and one of A's, over one that serves only A's.
    rows = [[0.0] * len(FEATURES)]
    body = train_lines.Copy("b", train_lines.FROM_BODY, 0, rows, [False], False)
    head = train_lines.Copy("h", "copypaste", 0, rows, [True], False)
    fit_a = [(1.0, False, False), (1.0, True, False)]
    fit_b = [(1.0, False, False), (3.0, True, False)]
    alone = train_lines.choose_threshold([body, head], fit_a)
    both = train_lines.choose_threshold([body, head], fit_a, fit_b)
    assert train_lines.overall(train_lines.hits([body, head], fit_a, alone)) == 0.5
    assert 1.0 < both <= 3.0
    assert train_lines.overall(train_lines.hits([body, head], fit_b, both)) == 1.0


def test_a_lower_bar_for_a_best_line_over_a_date_line_is_chosen_only_where_it_wins() -> None:
    # Threshold 1.0. Fit A: the body-only copy's best line scores 0.5 (not over a date line), the wide copy's
    # headline 0.5 and sits right above a date line. A bar of 0.5 for lines over a date line takes the headline and
    # still refuses the body copy's line; a single threshold of 0.5 would take both.
    rows = [[0.0] * len(FEATURES)]
    body = train_lines.Copy("b", train_lines.FROM_BODY, 0, rows, [False], False)
    head = train_lines.Copy("h", "copypaste-wide", 0, rows, [True], False)
    fit_a = [(0.5, False, False), (0.5, True, True)]
    assert train_lines.overall(train_lines.hits([body, head], fit_a, 1.0)) == 0.5
    over = train_lines.choose_over_meta([body, head], 1.0, fit_a)
    assert over == 0.5
    assert train_lines.overall(train_lines.hits([body, head], fit_a, 1.0, over)) == 1.0
    # Where the body copy's line sits over a date line too, no lower bar wins: the threshold itself is kept.
    fit_b = [(0.5, False, True), (0.5, True, True)]
    assert train_lines.choose_over_meta([body, head], 1.0, fit_b) == 1.0
    # A row says it sits over a date line when the next line is one (next_meta) and it is no quotation.
    row = [0.0] * len(FEATURES)
    row[FEATURES.index("next_meta")] = 1.0
    assert train_lines.over_meta(row)
    row[FEATURES.index("quoted")] = 1.0
    assert not train_lines.over_meta(row)
