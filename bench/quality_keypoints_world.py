"""Key points on pasted copies of non-English pages: how much of the labelled body's opening they cover.

Pages: pages-train pages with a labelled body and a pasted copy whose body is not English (fewer than 5 %
of its words are common English function words): German, French, Spanish, Portuguese, Czech, Latvian,
Chinese, Japanese, Thai, Arabic, Burmese... For each, the copy (from the headline) is parsed as a drop file
would be, and its key points are scored against the opening of the labelled body:

- ROUGE-1 recall against the labelled body's first 3 sentences (split by newsdigest's splitter), and
- ROUGE-1 recall against the labelled body's first 60 tokens (no splitter involved),

beside Lead-3 (the first 3 sentences of the same parsed body). Tokens: lower-cased runs of letters and
digits; in scripts written without spaces (Chinese, Japanese kana, Thai, Burmese) each character is a token
(rouge-score's tokenizer keeps only a-z0-9, so it cannot score these pages). Also checked: every page gets
key points, and no key point cuts a sentence of a script with its own full stop (U+3002, U+FF01, U+FF1F).

    python -m bench.quality_keypoints_world [--data ../shared/datasets] [--json]
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from bot.ingest.formats.text import parse_pasted_text
from bot.text.keypoints import key_points
from bot.text.sentences import split_sentences

REPO = Path(__file__).resolve().parents[1]
COUNT = 3
OPENING_TOKENS = 60
_UNSPACED = "\u0e00-\u0e7f\u1000-\u109f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(rf"[{_UNSPACED}]|[^\W_{_UNSPACED}]+")
_ENGLISH = frozenset(["the", "and", "of", "to", "in", "is", "that", "for", "was", "with", "on", "it"])
_REFERENCE = datetime(2026, 1, 1, tzinfo=UTC)


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


def recall(summary: list[str], reference: list[str]) -> float:
    ref = Counter(reference)
    if not ref:
        return 0.0
    got = Counter(tokens(" ".join(summary)))
    return sum(min(n, got[t]) for t, n in ref.items()) / sum(ref.values())


def is_english(text: str) -> bool:
    words = re.findall(r"[^\W\d_]+", text.lower())
    return bool(words) and sum(w in _ENGLISH for w in words) >= 0.05 * len(words)


def pages(data_dir: Path) -> list[tuple[str, str, str]]:
    """Return (id, pasted copy, labelled body) of the non-English pages."""
    root = data_dir / "pages-train"
    labels = json.loads((root / "labels.json").read_text(encoding="utf-8"))
    found = []
    for pid, label in sorted(labels.items()):
        path = root / "copypaste" / f"{pid}.txt"
        if label.get("body") and path.is_file() and not is_english(label["body"]):
            found.append((pid, path.read_text(encoding="utf-8"), label["body"]))
    return found


def run(data_dir: Path) -> dict[str, object]:
    rows = []
    for pid, copy, body in pages(data_dir):
        started = time.perf_counter()
        article = parse_pasted_text(copy, reference=_REFERENCE, name=f"{pid}.txt")
        points = key_points(list(article.body), article.title, COUNT)
        ms = (time.perf_counter() - started) * 1000
        lead = split_sentences("\n\n".join(article.body))[:COUNT]
        first3 = tokens(" ".join(split_sentences(body)[:COUNT]))
        opening = tokens(body)[:OPENING_TOKENS]
        rows.append(
            {
                "id": pid,
                "points": len(points),
                "kp_first3": recall(points, first3),
                "lead_first3": recall(lead, first3),
                "kp_opening": recall(points, opening),
                "lead_opening": recall(lead, opening),
                "cut_cjk": sum(1 for p in points if re.search(r"[\u3002\uff01\uff1f].", p.rstrip("\u300d\u300f\"'"))),
                "ms": ms,
            }
        )
    n = len(rows)
    return {
        "pages": n,
        "with_key_points": sum(1 for r in rows if r["points"]),
        "key_points_r1_first3": round(statistics.mean(r["kp_first3"] for r in rows), 3) if n else 0.0,
        "lead3_r1_first3": round(statistics.mean(r["lead_first3"] for r in rows), 3) if n else 0.0,
        "key_points_r1_opening": round(statistics.mean(r["kp_opening"] for r in rows), 3) if n else 0.0,
        "lead3_r1_opening": round(statistics.mean(r["lead_opening"] for r in rows), 3) if n else 0.0,
        "points_holding_two_cjk_sentences": sum(r["cut_cjk"] for r in rows),
        "median_ms_parse_and_points": round(statistics.median(r["ms"] for r in rows), 2) if n else 0.0,
        "rows": rows,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "datasets")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if not (args.data / "pages-train" / "labels.json").is_file():
        print(f"skipped: no pages-train under {args.data} (pass --data)")
        return 0
    result = run(args.data)
    if args.json:
        print(json.dumps(result, indent=1))
        return 0
    print(f"{result['pages']} non-English pasted copies; {result['with_key_points']} got key points\n")
    print("| ROUGE-1 recall against | key points | Lead-3 |")
    print("|---|---|---|")
    print(f"| labelled body, first 3 sentences | {result['key_points_r1_first3']} | {result['lead3_r1_first3']} |")
    print(
        f"| labelled body, first {OPENING_TOKENS} tokens | {result['key_points_r1_opening']} "
        f"| {result['lead3_r1_opening']} |"
    )
    print(f"\nkey points holding two CJK sentences: {result['points_holding_two_cjk_sentences']}")
    print(f"median ms (parse + key points): {result['median_ms_parse_and_points']}")
    for r in result["rows"]:  # type: ignore[attr-defined]
        print(f"  {r['id']:40} points {r['points']}  kp {r['kp_first3']:.2f}  lead {r['lead_first3']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
