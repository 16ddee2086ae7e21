"""bench/body_screen.py: figures, changed copies and the headline check of two record files (own fixtures)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.body_screen import changes, compare, headlines_equal, read, scores

TRUTH = "the council voted on the new bridge after a long night of debate in the town hall"
CHECK_TRUTH = "a storm closed the harbour for two days and the ferries stayed in port until sunday"


def _record(half: str, body: str, truth: str, *, title: str = "A headline", copy_set: str = "copypaste") -> dict:
    return {
        "id": f"page-{half}",
        "set": copy_set,
        "half": half,
        "title": title,
        "first_kept": None,
        "body": body,
        "truth": truth,
    }


def _pair(new_tune_body: str, new_check_body: str) -> tuple[list[dict], list[dict]]:
    base = [
        _record("tune", f"{TRUTH}\nMore stories from the site today", TRUTH),
        _record("check", CHECK_TRUTH, CHECK_TRUTH),
    ]
    new = [_record("tune", new_tune_body, TRUTH), _record("check", new_check_body, CHECK_TRUTH)]
    return base, new


def test_scores_by_set_and_half_with_both_halves_together() -> None:
    base, _ = _pair(TRUTH, CHECK_TRUTH)
    got = scores(base)
    assert set(got) == {("copypaste", "tune"), ("copypaste", "check"), ("copypaste", "all")}
    assert got[("copypaste", "check")] == pytest.approx(1.0)
    assert got[("copypaste", "tune")] < 1.0
    assert got[("copypaste", "tune")] < got[("copypaste", "all")] < 1.0


def test_changes_count_each_changed_body_with_its_page_f1_change() -> None:
    base, new = _pair(TRUTH, "a storm closed the harbour")  # tune fixed, check cut short
    moved = changes(base, new)
    assert set(moved) == {("copypaste", "tune"), ("copypaste", "check")}
    assert moved[("copypaste", "tune")][0] > 0
    assert moved[("copypaste", "check")][0] < 0
    assert changes(base, base) == {}


def test_records_of_other_copies_are_refused() -> None:
    base, new = _pair(TRUTH, CHECK_TRUTH)
    with pytest.raises(SystemExit):
        changes(base, list(reversed(new)))


def test_a_moved_headline_or_first_paragraph_decision_is_reported() -> None:
    base, new = _pair(TRUTH, CHECK_TRUTH)
    assert headlines_equal(base, new)
    new[1]["title"] = "Another line"
    assert not headlines_equal(base, new)
    new[1]["title"], new[1]["first_kept"] = base[1]["title"], True
    assert not headlines_equal(base, new)


def test_compare_lists_tune_copies_and_only_counts_check_copies(capsys: pytest.CaptureFixture[str]) -> None:
    base, new = _pair(TRUTH, "a storm closed the harbour and nothing else")
    compare(base, new, show=True)
    out = capsys.readouterr().out
    assert "copypaste tune: 1 bodies changed, 1 up, 0 down" in out
    assert "copypaste check: 1 bodies changed, 0 up, 1 down" in out
    assert "- More stories from the site today" in out  # a tune copy's removed line is shown
    assert "page-check" not in out  # a check copy is never printed
    assert "nothing else" not in out
    assert "every title and first_kept equal: True" in out


def test_reading_without_kept_models_says_how_to_fit_them(tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match="body_screen fit"):
        read(tmp_path, tmp_path, tmp_path / "cache", 0, tmp_path / "out.json")
