"""The shipped headline model was fitted on the rows today's features give (bench/train_lines.py records their hash).

The line rules and features change in other rounds (line kinds, body rules); the trees were then fitted on rows the
reader no longer computes, and nothing said so (bench/README.md, tenth round: 121 of 300 trees had drifted). The
hash of the training rows per copy set is written with the trees; the check reads ../shared/datasets and is skipped
without it. It compares the real copies' sets only (about 1 s of CPU; the copies rendered from HTML take 2 s more and
the `train` extra's html-text, and come from the same line rules: the drift the tenth round found showed in both).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import train_lines
from bot.text.linefeatures import FEATURES

DATA = Path(__file__).resolve().parents[2] / "shared" / "datasets"
REFIT = "python -m bench.train_lines --size 300 2 10 --threshold-seeds 6 [--keep-thresholds] --write"


def _copy(name: str, rows: list[list[float]]) -> train_lines.Copy:
    return train_lines.Copy("p", name, 0, rows, [True] + [False] * (len(rows) - 1), False)


def test_the_fingerprint_moves_with_a_row_a_label_or_a_set_but_not_under_its_rounding() -> None:
    rows = [[0.25] * len(FEATURES), [0.5] * len(FEATURES)]
    base = train_lines.rows_fingerprint([_copy("copypaste", rows), _copy("from-body", rows)])
    assert set(base) == {"copypaste", "from-body"}
    moved = [list(r) for r in rows]
    moved[1][3] = 0.5001
    changed = train_lines.rows_fingerprint([_copy("copypaste", moved), _copy("from-body", rows)])
    assert changed["copypaste"] != base["copypaste"]
    assert changed["from-body"] == base["from-body"]
    moved[1][3] = 0.5 + 1e-9  # float noise, no drift
    assert train_lines.rows_fingerprint([_copy("copypaste", moved), _copy("from-body", rows)]) == base
    relabelled = _copy("copypaste", rows)
    relabelled.gold = [False, True]
    assert train_lines.rows_fingerprint([relabelled, _copy("from-body", rows)])["copypaste"] != base["copypaste"]


@pytest.mark.skipif(not (DATA / "pages-train").is_dir(), reason=f"no labelled pages at {DATA} (shared datasets)")
def test_the_shipped_trees_were_fitted_on_the_rows_the_features_give_today() -> None:
    recorded = json.loads(train_lines.MODEL.read_text(encoding="utf-8")).get("rows")
    assert recorded, f"bot/text/linemodel.json records no training rows: refit ({REFIT})"
    now = train_lines.rows_fingerprint(train_lines.copies(DATA, rendered=False))
    drifted = sorted(name for name in now if now[name] != recorded.get(name))
    assert not drifted, (
        f"the training rows of {drifted} changed since the shipped trees were fitted: refit ({REFIT}), then compare "
        "quality_lines in and out of fold and parse_cpu --digest as bench/README.md's tenth round did"
    )
