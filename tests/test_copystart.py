"""The copy-level decisions (bot/text/copystart.py): the first or the second line taken over the pick, and when not."""

from __future__ import annotations

import math
import random
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.text import copystart, linemodel
from bot.text.copystart import (
    HEAD,
    PAIR_FEATURES,
    START_FEATURES,
    CopyModels,
    Logistic,
    decide,
    more_about_the_lead,
    pair_head,
    pair_row,
    start_row,
)
from bot.text.linefeatures import FEATURES, WINDOW, line_features
from bot.text.linemodel import LineModel, pick_headline
from bot.text.pasted import header_layout, read_pasted

_LEAD = (
    "The council said repairs to the harbour bridge will close the east lanes from Monday, with traffic sent "
    "through the tunnel until the work ends in March."
)
_MORE = "Drivers were told to allow an extra twenty minutes for the trip across town during the morning rush."
_REAL = "Harbour bridge repairs to close east lanes for a month"
_OTHER = "Storm warning issued for the northern coast tonight"
_REFERENCE = datetime(2026, 1, 1, tzinfo=UTC)


def _copy(first: str, second: str) -> str:
    return "\n\n".join([first, second, "By Jane Roe", _LEAD, _MORE])


def _logistic(probability: float, names: tuple[str, ...]) -> Logistic:
    """A decision whose every row gets ``probability`` (all weights zero)."""
    n = len(names)
    doc: dict[str, Any] = {
        "features": list(names),
        "mean": [0.0] * n,
        "scale": [1.0] * n,
        "coef": [0.0] * n,
        "intercept": math.log(probability / (1 - probability)),
        "cut": 0.5,
    }
    return Logistic(doc, names)


def _models(start: float | None, pair: float | None = None) -> CopyModels:
    return CopyModels(
        _logistic(start, START_FEATURES) if start is not None else None,
        _logistic(pair, PAIR_FEATURES) if pair is not None else None,
        0.0,
    )


def _second_line_model() -> LineModel:
    """A line model that prefers the copy's second line, then its first (one tree on the feature ``pos``)."""
    pos = FEATURES.index("pos")  # the line's index / 12
    tree = [[pos, -2, pos, -2, -2], [0.04, 0, 0.1, 0, 0], [1, -1, 3, -1, -1], [2, -1, 4, -1, -1], [0, 0.5, 0, 1, 0]]
    return LineModel({"features": list(FEATURES), "trees": [tree], "base": 0.0, "threshold": -1.0})


def test_the_first_line_is_about_the_lead_when_its_words_are_there() -> None:
    lines, kinds, start = header_layout(_copy(_REAL, "Cranes over the water at dawn"))
    assert more_about_the_lead(lines, kinds, start, 1, 0)
    assert not more_about_the_lead(lines, kinds, start, 0, 1)
    lines, kinds, start = header_layout(_copy(_OTHER, _REAL))
    assert not more_about_the_lead(lines, kinds, start, 1, 0)  # another story's headline shares nothing with the lead
    assert more_about_the_lead(lines, kinds, start, 0, 1)


def test_no_lead_below_the_pick_keeps_the_pick() -> None:
    lines, kinds, start = header_layout("\n\n".join([_REAL, "Cranes over the water", "Share", "Home"]))
    assert not more_about_the_lead(lines, kinds, start, 1, 0)


def test_the_reader_takes_the_first_line_only_when_both_tests_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(linemodel, "shipped", _second_line_model)
    text = _copy(_REAL, "Cranes over the water at dawn")
    lines, kinds, start = header_layout(text)
    monkeypatch.setattr(copystart, "shipped", lambda: None)
    assert pick_headline(lines, kinds, start) == 1  # the line model alone
    monkeypatch.setattr(copystart, "shipped", lambda: _models(0.9))
    assert pick_headline(lines, kinds, start) == 0
    assert read_pasted(text, reference=_REFERENCE).title == _REAL
    monkeypatch.setattr(copystart, "shipped", lambda: _models(0.2))
    assert pick_headline(lines, kinds, start) == 1  # the copy-level model says the copy starts above its headline
    monkeypatch.setattr(copystart, "shipped", lambda: _models(0.9))
    lines, kinds, start = header_layout(_copy(_OTHER, _REAL))
    assert pick_headline(lines, kinds, start) == 1  # the first line is not about the article


def test_the_reader_takes_the_second_line_only_when_both_tests_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(linemodel, "shipped", _second_line_model)
    lines, kinds, start = header_layout(_copy(_REAL, _OTHER))  # the model's pick (line 1) is another story's
    scored = line_features(lines, kinds, start)
    assert [i for i, _ in scored][:2] == [0, 1]
    monkeypatch.setattr(copystart, "shipped", lambda: _models(None, 0.9))
    assert pick_headline(lines, kinds, start) == 0  # the second best line (the first) is about the lead
    monkeypatch.setattr(copystart, "shipped", lambda: _models(None, 0.2))
    assert pick_headline(lines, kinds, start) == 1
    lines, kinds, start = header_layout(_copy(_OTHER, _REAL))  # the pick is about the lead, the second is not
    monkeypatch.setattr(copystart, "shipped", lambda: _models(None, 0.9))
    assert pick_headline(lines, kinds, start) == 1


_DATELINE = "March 3, 2026 -- Updated 1405 GMT"
_DATED_LEAD = "March 3, 2026 GMT -- " + _LEAD  # the lead repeats the dateline's words
_FEW = "City braces for months of traffic misery"  # a headline that shares one word with the lead


def test_no_decision_takes_a_date_line_over_the_pick() -> None:
    lines, kinds, start = header_layout("\n\n".join([_FEW, _DATELINE, _DATED_LEAD, _MORE]))
    scored = line_features(lines, kinds, start)
    assert [i for i, _ in scored][:2] == [0, 1]
    assert more_about_the_lead(lines, kinds, start, 0, 1, 2)  # the lead test alone would take the dateline
    scores = [1.0, 0.5] + [0.0] * (len(scored) - 2)
    assert decide(_models(None, 0.9), lines, kinds, start, scored, scores, 0, 0.0) == 0
    lines, kinds, start = header_layout("\n\n".join([_DATELINE, _FEW, _DATED_LEAD, _MORE]))
    scored = line_features(lines, kinds, start)
    assert [i for i, _ in scored][:2] == [0, 1]
    assert more_about_the_lead(lines, kinds, start, 1, 0)
    scores = [0.5, 1.0] + [0.0] * (len(scored) - 2)
    assert decide(_models(0.9), lines, kinds, start, scored, scores, 1, 0.0) == 1
    # The same layouts with a line of text in the dateline's place: the decisions take it.
    other = "Council to close harbour bridge lanes"
    lines, kinds, start = header_layout("\n\n".join([_FEW, other, _LEAD, _MORE]))
    scored = line_features(lines, kinds, start)
    scores = [1.0, 0.5] + [0.0] * (len(scored) - 2)
    assert decide(_models(None, 0.9), lines, kinds, start, scored, scores, 0, 0.0) == 1


def test_nothing_to_decide_without_models_or_with_one_candidate() -> None:
    lines, kinds, start = header_layout(_copy(_REAL, "Cranes over the water at dawn"))
    scored = line_features(lines, kinds, start)
    scores = [0.0] + [1.0] * (len(scored) - 1)
    assert decide(_models(0.9), lines, kinds, start, scored, scores, 1, 0.0) == 0
    assert decide(None, lines, kinds, start, scored, scores, 1, 0.0) == 1
    assert decide(_models(0.9), lines, kinds, start, scored[1:2], scores[1:2], 1, 0.0) == 1
    assert decide(_models(0.9), lines, kinds, start, scored[1:], scores[1:], 1, 0.0) == 1  # line 0 no candidate


def test_start_row_compares_the_first_line_with_the_best_other() -> None:
    row = start_row([0.5, 2.0, -1.0], [7.0] * len(FEATURES), 1.0, 5)
    assert row[: len(HEAD)] == [0.5, 2.0, -1.5, 1.0, 5.0, 1.0]
    assert len(row) == len(START_FEATURES)
    assert row[len(HEAD) :] == [7.0] * len(FEATURES)
    assert start_row([0.5], [0.0] * len(FEATURES), 1.0, 1)[1] == -5.0  # no other line


def test_pair_row_compares_the_best_line_with_the_second() -> None:
    row = pair_row((3, 2.0, [1.0] * len(FEATURES)), (1, 1.5, [0.25] * len(FEATURES)))
    assert len(row) == len(PAIR_FEATURES)
    assert row[:5] == [0.5, 2.0, 1.5, 1.0, -2 / 12]
    assert row[5 : 5 + len(FEATURES)] == [0.75] * len(FEATURES)


def test_the_decisions_are_standardised_logistic_regressions() -> None:
    names = START_FEATURES
    n = len(names)
    doc: dict[str, Any] = {
        "features": list(names),
        "mean": [1.0] * n,
        "scale": [2.0] * n,
        "coef": [0.5] + [0.0] * (n - 1),
        "intercept": -0.25,
        "cut": 0.5,
    }
    row = [5.0] + [3.0] * (n - 1)
    z = -0.25 + 0.5 * (5.0 - 1.0) / 2.0
    assert Logistic(doc, names).probability(row) == pytest.approx(1 / (1 + math.exp(-z)), abs=1e-12)
    with pytest.raises(ValueError, match="other features"):
        Logistic(doc, PAIR_FEATURES)


def test_the_shipped_decisions_were_fitted_with_the_shipped_line_model() -> None:
    models = copystart.shipped()
    assert models is not None
    assert models.start is not None
    assert models.pair is not None
    assert models.line_base == pytest.approx(linemodel.shipped().base, abs=1e-12)
    assert models.start.cut == models.pair.cut == 0.5


def test_the_folded_pair_decision_is_the_decision_on_the_whole_row() -> None:
    rng = random.Random(3)
    n = len(PAIR_FEATURES)
    for _ in range(50):
        doc: dict[str, Any] = {
            "features": list(PAIR_FEATURES),
            "mean": [rng.gauss(0, 1) for _ in range(n)],
            "scale": [rng.uniform(0.5, 2) for _ in range(n)],
            "coef": [rng.gauss(0, 0.3) for _ in range(n)],
            "intercept": rng.gauss(0, 1),
            "cut": 0.5,
        }
        model = Logistic(doc, PAIR_FEATURES)
        best = (rng.randrange(12), rng.gauss(0, 2), [rng.random() for _ in FEATURES])
        second = (rng.randrange(12), rng.gauss(0, 2), [rng.random() for _ in FEATURES])
        row = pair_row(best, second)
        z = model.offset + sum(w * x for w, x in zip(model.weights, row, strict=True))
        if abs(z) > 1e-9:  # away from the cut, where summing in another order cannot flip the answer
            head = pair_head(best[:2], second[:2])
            assert model.says_yes_to_pair(head, best[2], second[2]) == model.says_yes(row)


def test_the_start_decision_is_skipped_only_where_no_count_of_candidates_says_yes() -> None:
    rng = random.Random(8)
    n = len(START_FEATURES)
    for _ in range(200):
        doc: dict[str, Any] = {
            "features": list(START_FEATURES),
            "mean": [0.0] * n,
            "scale": [1.0] * n,
            "coef": [rng.gauss(0, 0.4) for _ in range(n)],
            "intercept": rng.gauss(0, 2),
            "cut": 0.5,
        }
        model = Logistic(doc, START_FEATURES)
        size = rng.randrange(2, 8)
        scores = [rng.gauss(0, 2) for _ in range(size)]
        scored = [(i, [rng.random() for _ in FEATURES]) for i in range(size)]
        rows = [start_row(scores, scored[0][1], min(scores) - 1, count) for count in range(size, WINDOW + 1)]
        if not copystart._may_start_here(model, scores, scored):
            assert not any(model.says_yes(row) for row in rows)
