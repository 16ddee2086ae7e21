"""HTML extraction quality: newsdigest's HTML path against plain trafilatura on extraction-dev, same run."""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import time
from datetime import date, datetime
from pathlib import Path

import trafilatura

from bench.metrics import corpus_f1, halves, norm_headline
from bot.ingest.formats.html import article_paragraphs
from bot.ingest.formats.pagemeta import page_metadata

REPO = Path(__file__).resolve().parents[1]


def _day(value: object) -> str | None:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return None


def run(data_dir: Path, runs: int = 1, misses: list[str] | None = None) -> list[dict[str, object]]:
    """Score both extractors on each half of extraction-dev; one row per (method, half).

    Each page is timed ``runs`` times for each method, the two interleaved so that load from other jobs falls
    on both alike; a half's ms/page is the lowest of its per-run medians (best of ``runs``). Pages whose
    headline or date is wrong are appended to ``misses`` when given.
    """
    folder = data_dir / "extraction-dev"
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    labels = json.loads((folder / "labels.json").read_text(encoding="utf-8"))
    pages = {pid: gzip.decompress((folder / "html" / f"{pid}.html.gz").read_bytes()) for pid in truth}
    ours: dict[str, str] = {}
    plain: dict[str, str] = {}
    ms_ours: list[dict[str, float]] = []
    ms_plain: list[dict[str, float]] = []
    headline_ok: dict[str, bool] = {}
    date_ok: dict[str, bool] = {}
    for _ in range(max(1, runs)):
        ms_ours.append({})
        ms_plain.append({})
        for pid, html in pages.items():
            start = time.perf_counter()
            tree = trafilatura.load_html(html)
            meta = page_metadata(tree, base_url=truth[pid].get("url"))
            ours[pid] = "\n".join(article_paragraphs(tree, meta.title, description=meta.description))
            ms_ours[-1][pid] = (time.perf_counter() - start) * 1000
            start = time.perf_counter()
            plain[pid] = trafilatura.extract(html, include_comments=False) or ""
            ms_plain[-1][pid] = (time.perf_counter() - start) * 1000
            label = labels.get(pid, {})
            if label.get("headline"):
                accepted = {norm_headline(h) for h in [label["headline"], *label.get("headline_also_ok", [])]}
                headline_ok[pid] = norm_headline(meta.title) in accepted
            if label.get("published"):
                date_ok[pid] = _day(meta.published) in {label["published"], *label.get("published_also_ok", [])}
    if misses is not None:
        misses += [f"headline {pid}" for pid, ok in sorted(headline_ok.items()) if not ok]
        misses += [f"date {pid}" for pid, ok in sorted(date_ok.items()) if not ok]
    rows: list[dict[str, object]] = []
    first, second = halves(pages)
    for half_name, ids in (("A (tune)", first), ("B (check)", second), ("all", set(pages))):
        for method, texts, times in (("newsdigest", ours, ms_ours), ("trafilatura plain", plain, ms_plain)):
            _, _, f1 = corpus_f1((texts[i], truth[i]["articleBody"]) for i in sorted(ids))
            row: dict[str, object] = {
                "half": half_name,
                "method": method,
                "pages": len(ids),
                "body_f1": round(f1, 4),
                "median_ms": round(min(statistics.median(t[i] for i in ids) for t in times), 1),
            }
            if method == "newsdigest":
                h = [headline_ok[i] for i in ids if i in headline_ok]
                d = [date_ok[i] for i in ids if i in date_ok]
                row["headline_acc"] = round(sum(h) / len(h), 3) if h else None
                row["date_acc"] = round(sum(d) / len(d), 3) if d else None
            rows.append(row)
    return rows


def main(argv: list[str] | None = None) -> int:
    """Print the table; skip with a message when the data set is absent."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "datasets")
    parser.add_argument("--json", action="store_true", help="print rows as JSON lines")
    parser.add_argument("--runs", type=int, default=1, help="time each page this many times, keep the best median")
    parser.add_argument("--misses", action="store_true", help="list the pages whose headline or date is wrong")
    args = parser.parse_args(argv)
    if not (args.data / "extraction-dev" / "ground-truth.json").is_file():
        print(f"skipped: no extraction-dev data set under {args.data} (pass --data)")
        return 0
    misses: list[str] = []
    rows = run(args.data, runs=args.runs, misses=misses)
    if args.json:
        for row in rows:
            print(json.dumps(row))
        return 0
    print(f"{'half':10} {'method':18} {'pages':>5} {'body F1':>8} {'ms/page':>8} {'headline':>9} {'date':>6}")
    for r in rows:
        print(
            f"{r['half']!s:10} {r['method']!s:18} {r['pages']!s:>5} {r['body_f1']!s:>8} {r['median_ms']!s:>8}"
            f" {r.get('headline_acc', '')!s:>9} {r.get('date_acc', '')!s:>6}"
        )
    if args.misses:
        print("\n".join(misses) or "no misses")
    return 0


if __name__ == "__main__":
    sys.exit(main())
