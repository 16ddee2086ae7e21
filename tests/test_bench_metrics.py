"""The body F1 rules of bench/metrics.py (the project's and the benchmark's own), and bench/parse_cpu's fingerprint."""

from __future__ import annotations

import pytest

from bench.metrics import benchmark_f1, benchmark_page, corpus_f1
from bench.parse_cpu import fingerprint, synthetic

TRUTH = "one two three four five six seven eight"  # 8 tokens: 5 shingles of 4


def test_half_the_article_scores_half_here_and_full_precision_by_the_benchmark() -> None:
    pred = "one two three four five"  # 2 shingles, both in the truth
    assert corpus_f1([(pred, TRUTH)]) == pytest.approx((0.4, 0.4, 0.4))
    precision, recall, f1 = benchmark_f1([(pred, TRUTH)])
    assert (precision, recall) == pytest.approx((1.0, 0.4))
    assert f1 == pytest.approx(2 * 0.4 / 1.4)


def test_benchmark_counts_are_raw_then_normalised_by_their_sum() -> None:
    tp, fp, fn = benchmark_page(f"{TRUTH} nine", TRUTH)  # one shingle more than the truth
    assert (tp, fp, fn) == pytest.approx((5 / 6, 1 / 6, 0.0))
    assert benchmark_page("", "") == (0.0, 0.0, 0.0)


def test_a_text_under_four_tokens_is_one_shorter_shingle_for_the_benchmark() -> None:
    assert benchmark_f1([("just two", "just two")]) == pytest.approx((1.0, 1.0, 1.0))
    assert benchmark_f1([("just two", "other two")])[2] == 0.0


def test_an_empty_prediction_counts_in_recall_only() -> None:
    precision, recall, f1 = benchmark_f1([("", TRUTH), (TRUTH, TRUTH)])
    assert (precision, recall) == pytest.approx((1.0, 0.5))
    assert f1 == pytest.approx(2 / 3)
    assert benchmark_f1([]) == (0.0, 0.0, 0.0)


def test_fingerprints_tell_outputs_and_errors_apart() -> None:
    text = "A headline for a test\n\nThe first paragraph of the test article says what happened, in a sentence."
    assert fingerprint("a", text) == fingerprint("b", text)
    assert fingerprint("a", text) != fingerprint("a", text.replace("first", "second"))
    assert fingerprint("a", "   ") != fingerprint("a", text)  # an empty file: the parser's error is hashed


def test_synthetic_files_are_the_same_each_time() -> None:
    assert synthetic(3, 5) == synthetic(3, 5)
    assert synthetic(1, 5)[0] != synthetic(1, 6)[0]


def test_a_headline_is_scored_only_where_the_copy_shows_it_as_a_line(tmp_path) -> None:
    from bench.pagesets import shown_as_line

    copy = tmp_path / "copy.txt"
    copy.write_text("[ Menu ] [ Search ]\n\nDraft  Widgets  May 2020\nThe widget protocol lets clients talk.\n")
    assert not shown_as_line({"Widgets"}, [copy])  # only a word inside other lines: no reader could give it
    copy.write_text("Home\n\nWidgets \u2014 and why\nthey matter\n\nBy A. Writer\n")
    assert shown_as_line({"Widgets - and why"}, [copy])  # a line, after the headline normalisation
    assert shown_as_line({"widgets \u2014 and why they matter"}, [copy])  # a title printed over two lines
    assert not shown_as_line({"They matter. By A. Writer"}, [copy])
    assert not shown_as_line({"Widgets"}, [])
