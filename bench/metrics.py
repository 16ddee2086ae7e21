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
    """Return (precision, recall) of one page by the benchmark's shingle rule.

    tp/fp/fn come from the shingle multisets, each normalised by its own sum; a page where both
    fp and fn are 0 scores 1.0 for both.
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
