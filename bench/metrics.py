"""Scoring shared by the benchmarks: the extraction benchmark's shingle F1, and text normalisation."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

_TOKEN = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    """Count the token n-grams of ``text`` (tokens by the regex ``\\w+``)."""
    tokens = _TOKEN.findall(text)
    return Counter(tuple(tokens[i : i + n]) for i in range(max(0, len(tokens) - n + 1)))


def page_scores(pred: str, truth: str) -> tuple[float, float]:
    """Return (precision, recall) of one page by this project's shingle rule (stricter than the benchmark's).

    tp/fp/fn come from the shingle multisets, each normalised by its own sum; a page where both
    fp and fn are 0 scores 1.0 for both. Normalising each side by its own sum makes tp + fp = tp + fn = 1, so
    precision and recall are the same number (the overlap of the two shingle distributions): a page that keeps
    half the article and nothing else scores 0.5 / 0.5 here, 1.0 / 0.5 by the benchmark's own evaluate.py
    (see :func:`benchmark_page`). The project's goals and tables are stated in this rule; it is kept as it is.
    """
    p, t = shingles(pred), shingles(truth)
    p_total, t_total = sum(p.values()), sum(t.values())
    if p_total == 0 and t_total == 0:
        return 1.0, 1.0
    tp = fp = fn = 0.0
    for key in p.keys() | t.keys():
        pw = p[key] / p_total if p_total else 0.0
        tw = t[key] / t_total if t_total else 0.0
        tp += min(pw, tw)
        fp += max(0.0, pw - tw)
        fn += max(0.0, tw - pw)
    precision = 1.0 if tp + fp == 0 and fn == 0 else (tp / (tp + fp) if tp + fp else 0.0)
    recall = 1.0 if fp == 0 and fn == 0 else (tp / (tp + fn) if tp + fn else 0.0)
    return precision, recall


def corpus_f1(pairs: Iterable[tuple[str, str]]) -> tuple[float, float, float]:
    """Return (precision, recall, F1): means over pages, F1 the harmonic mean of the two means."""
    scores = [page_scores(pred, truth) for pred, truth in pairs]
    if not scores:
        return 0.0, 0.0, 0.0
    precision = sum(s[0] for s in scores) / len(scores)
    recall = sum(s[1] for s in scores) / len(scores)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def benchmark_page(pred: str, truth: str) -> tuple[float, float, float]:
    """Return (tp, fp, fn) of one page exactly as the article-extraction-benchmark's evaluate.py computes them.

    Raw shingle counts (a text of fewer than four tokens is one shorter shingle), normalised by their sum.
    """
    t, p = _benchmark_shingles(truth), _benchmark_shingles(pred)
    tp = fp = fn = 0.0
    for key in t.keys() | p.keys():
        tp += min(t[key], p[key])
        fp += max(0, p[key] - t[key])
        fn += max(0, t[key] - p[key])
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _benchmark_shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    return Counter(s for i in range(max(1, len(tokens) - n + 1)) if (s := tuple(tokens[i : i + n])))


def benchmark_f1(pairs: Iterable[tuple[str, str]]) -> tuple[float, float, float]:
    """Return (precision, recall, F1) by the benchmark's own evaluate.py: per-page precision tp/(tp+fp) and
    recall tp/(tp+fn) (pages with nothing predicted, or nothing to find, left out of that mean), F1 of the means.

    Beside :func:`corpus_f1` for comparison only; goals are stated in :func:`corpus_f1`'s rule.
    """
    found = [benchmark_page(pred, truth) for pred, truth in pairs]
    precisions = [_ratio(tp, fp, fn, fp) for tp, fp, fn in found if tp + fp > 0]
    recalls = [_ratio(tp, fp, fn, fn) for tp, fp, fn in found if tp + fn > 0]
    if not precisions or not recalls:
        return 0.0, 0.0, 0.0
    precision, recall = sum(precisions) / len(precisions), sum(recalls) / len(recalls)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _ratio(tp: float, fp: float, fn: float, miss: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + miss) if tp + miss else 0.0


def norm_headline(text: str | None) -> str:
    """Normalise a headline for exact-match scoring: Unicode NFKC, quotes, dashes, whitespace, case."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"[\u2018\u2019\u201a\u201b\u2032`\u00b4]", "'", text)
    text = re.sub(r"[\u201c\u201d\u201e\u201f\u2033«»]", '"', text)
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    text = text.replace("\u2026", "...")
    return " ".join(text.split()).casefold()


def halves(ids: Iterable[str]) -> tuple[set[str], set[str]]:
    """Split ids deterministically into a tuning half and a check half (by their sorted order)."""
    ordered = sorted(ids)
    return set(ordered[0::2]), set(ordered[1::2])
