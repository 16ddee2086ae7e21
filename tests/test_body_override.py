"""bench/body_override.py: its line description and its reader reproduce the body rules exactly when not overruling.

Needs scikit-learn (the `train` extra, imported by bench.train_lines); skipped without it. Copies are made up here.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

pytest.importorskip("sklearn")

from bench import body_override
from bot.text.pasted import read_pasted

COPY = "\n\n".join(
    [
        "Council Approves the River Budget",
        "By Jane Roe",
        "The council met on Tuesday and approved the budget for the river works, after a long debate.",
        "What the plan holds:",
        "- new banks",
        "- two bridges",
        "Mayor Wins Award for Parks",
        "Storm Closes Schools Early",
        "Work starts in the spring, the mayor said, and should be finished within two years of that.",
        "Share this article",
    ]
)


def test_the_reader_gives_the_rules_body_and_overrules_by_place() -> None:
    with body_override._reader() as reader:
        got = reader.read(COPY)
        assert reader.span is not None
        lines, _kinds, _start, _end, kept = reader.span
        want = read_pasted(COPY, reference=datetime(2026, 1, 1, tzinfo=UTC)).body
        assert got == "\n\n".join(want)
        dropped = next(i for i in sorted(kept) if lines[i] == "Storm Closes Schools Early")
        reader.overrule = {dropped: False}
        assert "Storm Closes Schools Early" not in reader.read(COPY)
        reader.overrule = {}
    assert "Storm Closes Schools Early" in "\n\n".join(want)


def test_features_have_one_width() -> None:
    with body_override._reader() as reader:
        reader.read(COPY)
        assert reader.span is not None
        lines, kinds, start, end, kept = reader.span
    rows = [body_override.features(lines, kinds, start, end, kept, i) for i in range(start, end)]
    assert len({len(r) for r in rows}) == 1
    kept_flag = len(rows[0]) - 1 - len(body_override._KINDS)  # the "kept by the rules" number
    assert [r[kept_flag] for r in rows] == [float(i in kept) for i in range(start, end)]


def test_without_data_it_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert body_override.main(["--data", str(tmp_path)]) == 0
    assert "skipped" in capsys.readouterr().out
