"""The start decision (bot/text/copystart.py): a copy's first line taken over the model's pick, and when not."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.text import copystart, linemodel
from bot.text.copystart import HEAD, StartModel, about_the_lead, first_instead, start_row
from bot.text.linefeatures import FEATURES, line_features
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


def _model(probability: float, cut: float = 0.5) -> StartModel:
    """A start model whose every row gets ``probability`` (all weights zero)."""
    n = len(HEAD) + len(FEATURES)
    doc: dict[str, Any] = {
        "features": [*HEAD, *FEATURES],
        "mean": [0.0] * n,
        "scale": [1.0] * n,
        "coef": [0.0] * n,
        "intercept": math.log(probability / (1 - probability)),
        "cut": cut,
        "line_base": 0.0,
    }
    return StartModel(doc)


def _second_line_model() -> LineModel:
    """A line model that prefers the copy's second line to every other (one tree on the feature ``pos``)."""
    pos = FEATURES.index("pos")  # the line's index / 12
    tree = [[pos, -2, pos, -2, -2], [0.04, 0, 0.1, 0, 0], [1, -1, 3, -1, -1], [2, -1, 4, -1, -1], [0, 0, 0, 1, 0]]
    return LineModel({"features": list(FEATURES), "trees": [tree], "base": 0.0, "threshold": -1.0})


def test_the_first_line_is_about_the_lead_when_its_words_are_there() -> None:
    lines, kinds, start = header_layout(_copy(_REAL, "Cranes over the water at dawn"))
    assert about_the_lead(lines, kinds, start, 1)
    lines, kinds, start = header_layout(_copy(_OTHER, _REAL))
    assert not about_the_lead(lines, kinds, start, 1)  # another story's headline shares nothing with the lead


def test_no_lead_below_the_pick_keeps_the_pick() -> None:
    lines, kinds, start = header_layout("\n\n".join([_REAL, "Cranes over the water", "Share", "Home"]))
    assert not about_the_lead(lines, kinds, start, 1)


def test_the_reader_takes_the_first_line_only_when_both_tests_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(linemodel, "shipped", _second_line_model)
    text = _copy(_REAL, "Cranes over the water at dawn")
    lines, kinds, start = header_layout(text)
    monkeypatch.setattr(copystart, "shipped", lambda: None)
    assert pick_headline(lines, kinds, start) == 1  # the line model alone
    monkeypatch.setattr(copystart, "shipped", lambda: _model(0.9))
    assert pick_headline(lines, kinds, start) == 0
    assert read_pasted(text, reference=_REFERENCE).title == _REAL
    monkeypatch.setattr(copystart, "shipped", lambda: _model(0.2))
    assert pick_headline(lines, kinds, start) == 1  # the copy-level model says the copy starts above its headline
    monkeypatch.setattr(copystart, "shipped", lambda: _model(0.9))
    lines, kinds, start = header_layout(_copy(_OTHER, _REAL))
    assert pick_headline(lines, kinds, start) == 1  # the first line is not about the article


def test_nothing_to_decide_when_the_pick_is_the_first_line_or_it_is_no_candidate() -> None:
    lines, kinds, start = header_layout(_copy(_REAL, "Cranes over the water at dawn"))
    scored = line_features(lines, kinds, start)
    scores = [1.0] * len(scored)
    assert not first_instead(_model(0.9), lines, kinds, start, scored, scores, 0, 0.0)
    assert not first_instead(None, lines, kinds, start, scored, scores, 1, 0.0)
    assert not first_instead(_model(0.9), lines, kinds, start, scored[1:], scores[1:], 1, 0.0)
    assert first_instead(_model(0.9), lines, kinds, start, scored, scores, 1, 0.0)


def test_start_row_compares_the_first_line_with_the_best_other() -> None:
    row = start_row([0.5, 2.0, -1.0], [7.0] * len(FEATURES), 1.0, 5)
    assert row[: len(HEAD)] == [0.5, 2.0, -1.5, 1.0, 5.0, 1.0]
    assert row[len(HEAD) :] == [7.0] * len(FEATURES)
    assert start_row([0.5], [0.0] * len(FEATURES), 1.0, 1)[1] == -5.0  # no other line


def test_the_model_is_a_standardised_logistic_regression() -> None:
    n = len(HEAD) + len(FEATURES)
    doc: dict[str, Any] = {
        "features": [*HEAD, *FEATURES],
        "mean": [1.0] * n,
        "scale": [2.0] * n,
        "coef": [0.5] + [0.0] * (n - 1),
        "intercept": -0.25,
        "cut": 0.5,
        "line_base": 0.0,
    }
    row = [5.0] + [3.0] * (n - 1)
    z = -0.25 + 0.5 * (5.0 - 1.0) / 2.0
    assert StartModel(doc).probability(row) == pytest.approx(1 / (1 + math.exp(-z)), abs=1e-12)
    with pytest.raises(ValueError, match="other features"):
        StartModel({**doc, "features": list(FEATURES)})


def test_the_shipped_start_model_was_fitted_with_the_shipped_line_model() -> None:
    model = copystart.shipped()
    assert model is not None
    assert model.line_base == pytest.approx(linemodel.shipped().base, abs=1e-12)
    assert model.cut == 0.5
    assert all(s > 0 for s in model.scale)
