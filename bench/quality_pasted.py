"""Benchmark the pasted-text reader on extraction-dev's copy-paste renditions: headline, date, body F1."""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

from bench.metrics import corpus_f1, halves, norm_headline
from bot.ingest.formats.text import parse_pasted_text
from bot.text.clean import classify_line, is_prose
from bot.text.linekinds import classify_text
from bot.text.pasted import read_pasted

ROOT = Path(__file__).resolve().parents[1]
SETS = ("copypaste", "copypaste-wide")
SEED = "000_df5bc9558c6d1cc2"


def _reference(path: Path) -> datetime:
    return datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)


def _headline_ok(pred: str, label: dict) -> bool:
    wanted = {norm_headline(label["headline"]), *(norm_headline(h) for h in label.get("headline_also_ok") or [])}
    return norm_headline(pred) in wanted


def _date_ok(pred: date | None, label: dict) -> bool:
    wanted = {label["published"], *(label.get("published_also_ok") or [])}
    return pred is not None and pred.isoformat() in wanted


def _score(ids: list[str], pages: dict[str, dict]) -> dict:
    head = [pages[i]["head_ok"] for i in ids if pages[i]["head_ok"] is not None]
    dated = [i for i in ids if pages[i]["date_ok"] is not None]
    return {
        "pages": len(ids),
        "headline": sum(head) / len(head) if head else 0.0,
        "headline_first_line": sum(pages[i]["first_ok"] for i in ids) / len(ids) if ids else 0.0,
        "date": sum(pages[i]["date_ok"] for i in dated) / len(dated) if dated else 0.0,
        "date_utc_day": sum(pages[i]["utc_ok"] for i in dated) / len(dated) if dated else 0.0,
        "dated_pages": len(dated),
        "body_f1": corpus_f1((pages[i]["body"], pages[i]["truth"]) for i in ids)[2],
        "whole_copy_f1": corpus_f1((pages[i]["copy"], pages[i]["truth"]) for i in ids)[2],
        "median_ms": statistics.median(pages[i]["ms"] for i in ids) if ids else 0.0,
    }


def run(data_dir: Path) -> list[dict]:
    """Return one row of figures per copy set and half (tune, check, all)."""
    root = data_dir / "extraction-dev"
    labels = json.loads((root / "labels.json").read_text())
    manifest = json.loads((root / "copypaste-manifest.json").read_text())
    truth = json.loads((root / "ground-truth.json").read_text())
    tune, check = halves(labels)
    rows = []
    for name in SETS:
        pages: dict[str, dict] = {}
        for page_id, label in labels.items():
            path = root / name / f"{page_id}.txt"
            text = path.read_text(encoding="utf-8")
            reference = _reference(path)
            classify_line.__self__.clear()  # time a cold parse, not lines remembered from the other copy set
            classify_text.__self__.clear()  # (bot/text/linecache.py: the cache is the function's __self__)
            is_prose.__self__.clear()
            began = time.perf_counter()
            article = parse_pasted_text(text, reference=reference, name=path.name)
            ms = (time.perf_counter() - began) * 1000
            reading = read_pasted(text, reference=reference)
            shown = reading.date.day if reading.date else None
            published = article.published
            utc_day = published.date() if isinstance(published, datetime) else published
            dated = label["published"] is not None and manifest[page_id]["date_in_copy"]
            first = next((line for line in text.splitlines() if line.strip()), "")
            pages[page_id] = {
                "head_ok": _headline_ok(article.title, label) if label["headline"] else None,
                "first_ok": _headline_ok(first.strip(), label),
                "date_ok": _date_ok(shown, label) if dated else None,
                "utc_ok": _date_ok(utc_day, label) if dated else None,
                "body": article.text,
                "truth": truth[page_id]["articleBody"],
                "copy": text,
                "ms": ms,
            }
        for half, ids in (("tune", tune), ("check", check), ("all", set(labels))):
            rows.append({"set": name, "half": half, **_score(sorted(ids), pages)})
    return rows


def seed_check(samples: Path) -> list[str]:
    """Return the seed sample's mismatches against its .expected.json (empty when it comes out exactly)."""
    path = samples / f"{SEED}.txt"
    expected = json.loads((samples / f"{SEED}.expected.json").read_text())
    article = parse_pasted_text(path.read_text(encoding="utf-8"), reference=_reference(path), name=path.name)
    problems = []
    if article.title != expected["headline"]:
        problems.append(f"headline {article.title!r}")
    published = article.published.isoformat() if article.published else None
    if published != expected["published"]:
        problems.append(f"published {published!r}")
    if article.dateline != expected["dateline"]:
        problems.append(f"dateline {article.dateline!r}")
    text = article.text
    if not text.startswith(expected["body_starts_with"]):
        problems.append(f"body starts {text[:60]!r}")
    if not text.endswith(expected["body_ends_with"]):
        problems.append(f"body ends {text[-60:]!r}")
    if len(article.body) != expected["paragraphs"]:
        problems.append(f"{len(article.body)} paragraphs")
    problems.extend(f"body contains {bad!r}" for bad in expected["body_must_not_contain"] if bad in text)
    return problems


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "datasets")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    args = parser.parse_args(argv)
    if not (args.data / "extraction-dev").is_dir():
        print(f"skipped: {args.data / 'extraction-dev'} is not there (pass --data)")
        return
    rows = run(args.data)
    if args.json:
        print(json.dumps(rows, indent=1))
    else:
        print(
            "| set | half | pages | headline | first line | date (shown day) | date (UTC day) | body F1 "
            "| whole copy F1 | median ms |"
        )
        print("|---|---|---|---|---|---|---|---|---|---|")
        for r in rows:
            print(
                f"| {r['set']} | {r['half']} | {r['pages']} | {r['headline']:.1%} | {r['headline_first_line']:.1%} "
                f"| {r['date']:.1%} of {r['dated_pages']} | {r['date_utc_day']:.1%} | {r['body_f1']:.3f} "
                f"| {r['whole_copy_f1']:.3f} | {r['median_ms']:.2f} |"
            )
    samples = args.data.parent / "samples" / "drop"
    if (samples / f"{SEED}.txt").is_file():
        problems = seed_check(samples)
        print("seed sample:", "exact" if not problems else "; ".join(problems))
    else:
        print(f"seed sample skipped: {samples} is not there")


if __name__ == "__main__":
    sys.exit(main())
