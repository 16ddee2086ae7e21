"""Key points on cnndm-dev: ROUGE against the human highlights, beside Lead-3, sumy LexRank and TextRank.

Run from the repository root: ``python -m bench.quality_keypoints [--data ../shared/datasets]``.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bench.metrics import halves
from bot.text.keypoints import key_points
from bot.text.sentences import split_sentences

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "datasets"
COUNT = 3
REDUNDANT = 0.5

System = Callable[[str], list[str]]


def load(data_dir: Path) -> list[dict[str, Any]]:
    """Read cnndm-dev.jsonl (id, article, highlights)."""
    path = data_dir / "cnndm-dev.jsonl"
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def lead3(text: str) -> list[str]:
    """Return the first three sentences (by the project's splitter)."""
    return split_sentences(text)[:COUNT]


def newsdigest(text: str) -> list[str]:
    """Return newsdigest's key points for a body given as one string (cnndm lost its paragraph breaks)."""
    return key_points([text], None, COUNT)


def _sumy_systems() -> dict[str, System]:
    """Build sumy LexRank and TextRank without NLTK data (no download possible here), as baselines.md says."""
    try:
        import nltk
        from sumy.nlp.stemmers import Stemmer
        from sumy.nlp.tokenizers import Tokenizer
        from sumy.parsers.plaintext import PlaintextParser
        from sumy.summarizers.lex_rank import LexRankSummarizer
        from sumy.summarizers.text_rank import TextRankSummarizer
        from sumy.utils import get_stop_words
    except ImportError:
        return {}

    class _Sentences:
        def tokenize(self, text: str) -> list[str]:
            return split_sentences(text)

    class _Words:
        def tokenize(self, text: str) -> list[str]:
            return list(nltk.word_tokenize(text, preserve_line=True))

    class _Tokenizer(Tokenizer):  # type: ignore[misc]
        def _get_sentence_tokenizer(self, language: str) -> _Sentences:
            return _Sentences()

        def _get_word_tokenizer(self, language: str) -> _Words:
            return _Words()

    tokenizer = _Tokenizer("english")
    stemmer = Stemmer("english")
    systems: dict[str, System] = {}
    for name, cls in (("sumy-lexrank", LexRankSummarizer), ("sumy-textrank", TextRankSummarizer)):
        summarizer = cls(stemmer)
        summarizer.stop_words = get_stop_words("english")

        def run_one(text: str, summarizer: Any = summarizer) -> list[str]:
            parser = PlaintextParser.from_string(text, tokenizer)
            return [str(s) for s in summarizer(parser.document, COUNT)]

        systems[name] = run_one
    return systems


def _scorer() -> Any:
    from rouge_score import rouge_scorer

    return rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True)


def score(scorer: Any, picked: Sequence[str], highlights: Sequence[str]) -> tuple[float, float, float]:
    """Return ROUGE-1/2/Lsum F1 x 100 of one article (Lsum over newline-joined sentences)."""
    result = scorer.score("\n".join(highlights), "\n".join(picked))
    return (
        result["rouge1"].fmeasure * 100,
        result["rouge2"].fmeasure * 100,
        result["rougeLsum"].fmeasure * 100,
    )


_WORDS = re.compile(r"\S+")
# The brief's list of what must not be a key point, written here apart from bot.text.pointfilter so that the
# extractor is not judged by its own rule.
_CRUFT_CHECK = re.compile(
    r"^\s*By\s+[A-Z]|\((?:Photo|Image|Picture)s?\b|Image copyright|Photo credit|Getty Images"
    r"|Click here|Read more|Sign up|Subscribe|Scroll down|PUBLISHED|UPDATED|Advertisement"
    r"|^\s*\(CNN\)|^\s*[A-Z][A-Za-z .,]*\((?:Reuters|AP|AFP|CNN)\)\s*[-\u2013\u2014]",
    re.IGNORECASE,
)


def _measure(system: System, records: list[dict[str, Any]]) -> tuple[dict[str, list[str]], dict[str, float]]:
    """Run ``system`` on every record; return its picks and its time per article in ms."""
    picks: dict[str, list[str]] = {}
    times: dict[str, float] = {}
    for rec in records:
        start = time.perf_counter()
        picks[rec["id"]] = system(rec["article"])
        times[rec["id"]] = (time.perf_counter() - start) * 1000
    return picks, times


def _row(
    name: str,
    split: str,
    ids: set[str],
    records: list[dict[str, Any]],
    picks: dict[str, list[str]],
    times: dict[str, float],
    scores: dict[str, tuple[float, float, float]],
    scorer: Any,
) -> dict[str, Any]:
    chosen = [r for r in records if r["id"] in ids]
    n = len(chosen)
    all_points = [p for r in chosen for p in picks[r["id"]]]
    # Judged independently of the extractor's own rule: ROUGE-1 F1 of 0.5 or more between two key points.
    pairs = sum(
        1
        for r in chosen
        for i, a in enumerate(picks[r["id"]])
        for b in picks[r["id"]][i + 1 :]
        if scorer.score(a, b)["rouge1"].fmeasure >= REDUNDANT
    )
    return {
        "system": name,
        "split": split,
        "articles": n,
        "R1": round(sum(scores[r["id"]][0] for r in chosen) / n, 2),
        "R2": round(sum(scores[r["id"]][1] for r in chosen) / n, 2),
        "RLsum": round(sum(scores[r["id"]][2] for r in chosen) / n, 2),
        "median_ms": round(statistics.median(times[r["id"]] for r in chosen), 3),
        "mean_words": round(sum(len(_WORDS.findall(" ".join(picks[r["id"]]))) for r in chosen) / n, 1),
        "max_words": max((len(_WORDS.findall(p)) for p in all_points), default=0),
        "redundant_pairs": pairs,
        "cruft_points": sum(1 for p in all_points if _CRUFT_CHECK.search(p)),
    }


def run(data_dir: Path, systems: dict[str, System] | None = None) -> list[dict[str, Any]]:
    """Measure newsdigest and the baselines on cnndm-dev; one row per system and split (tune, check, all)."""
    records = load(data_dir)
    if systems is None:
        systems = {"lead-3": lead3, "newsdigest": newsdigest, **_sumy_systems()}
    tune, check = halves(r["id"] for r in records)
    every = {r["id"] for r in records}
    scorer = _scorer()
    rows: list[dict[str, Any]] = []
    for name, system in systems.items():
        picks, times = _measure(system, records)
        scores = {r["id"]: score(scorer, picks[r["id"]], r["highlights"]) for r in records}
        for split, ids in (("tune", tune), ("check", check), ("all", every)):
            rows.append(_row(name, split, ids, records, picks, times, scores, scorer))
    return rows


def format_table(rows: list[dict[str, Any]]) -> str:
    """Render rows as a markdown table."""
    keys = list(rows[0])
    lines = ["| " + " | ".join(keys) + " |", "|" + "---|" * len(keys)]
    lines += ["| " + " | ".join(str(r[k]) for k in keys) + " |" for r in rows]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Print the key-point table, or say why it cannot be measured."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder holding cnndm-dev.jsonl")
    args = parser.parse_args(argv)
    if not (args.data / "cnndm-dev.jsonl").is_file():
        print(f"skipped: {args.data / 'cnndm-dev.jsonl'} not found (pass --data)", file=sys.stderr)
        return 0
    try:
        import rouge_score  # noqa: F401
    except ImportError:
        print("skipped: rouge-score is not installed (pip install -e '.[bench]')", file=sys.stderr)
        return 0
    print(format_table(run(args.data)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
