"""Saved HTML of extraction-dev + pages-train: body F1 vs plain trafilatura and headline exact, by site fold.

Each page goes through the bot's own path (``decode_text`` then ``parse_html``, what a dropped .html file gets)
and through ``trafilatura.extract(html, include_comments=False)`` in the same run. Body F1 is the extraction
benchmark's shingle metric (``bench.metrics.corpus_f1``) on pages with a body ground truth; headline exact is
``norm_headline`` against the label and its accepted alternatives, on every page. ``tune`` = site folds 0-2,
``check`` = folds 3-4 (``bench.pagesets.fold_of``).

    python -m bench.quality_html_sites [--data ../shared/datasets] [--misses]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import trafilatura

from bench.metrics import benchmark_f1, corpus_f1, norm_headline, page_scores
from bench.pagesets import load
from bench.quality_lines import TUNE_FOLDS
from bot.errors import ParseError
from bot.ingest.formats.decode import decode_text
from bot.ingest.formats.html import parse_html

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "datasets")
    parser.add_argument("--misses", action="store_true", help="list headline misses and the worst bodies")
    args = parser.parse_args(argv)
    pages = load(args.data)
    if not pages:
        print(f"skipped: no labelled pages under {args.data} (pass --data)")
        return 0
    records = []
    for page in pages:
        raw = page.html.read_bytes()
        import gzip

        data = gzip.decompress(raw)
        began = time.perf_counter()
        try:
            article = parse_html(decode_text(data), name=page.html.name)
            title, body = article.title, article.text
        except ParseError as exc:
            title, body = f"<refused: {exc}>", ""
        ours_ms = (time.perf_counter() - began) * 1000
        began = time.perf_counter()
        plain = trafilatura.extract(data, include_comments=False) or ""
        plain_ms = (time.perf_counter() - began) * 1000
        wanted = {norm_headline(h) for h in page.headlines}
        records.append(
            {
                "page": page,
                "half": "tune" if page.fold in TUNE_FOLDS else "check",
                "head_ok": norm_headline(title) in wanted,
                "title": title,
                "body": body,
                "plain": plain,
                "ms": ours_ms,
                "plain_ms": plain_ms,
            }
        )
    print(
        "| dataset | half | pages | headline | body pages | body F1 | plain trafilatura F1 "
        "| benchmark's formula: ours / plain | ms | plain ms |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for dataset in ("extraction-dev", "pages-train", "both"):
        for half in ("tune", "check", "all"):
            sel = [
                r
                for r in records
                if (dataset == "both" or r["page"].dataset == dataset) and (half == "all" or r["half"] == half)
            ]
            bodies = [r for r in sel if r["page"].body]
            ours = corpus_f1((r["body"], r["page"].body) for r in bodies)[2]
            plain = corpus_f1((r["plain"], r["page"].body) for r in bodies)[2]
            # The benchmark's own evaluate.py formula beside it (bench.metrics.benchmark_f1: not the goals' rule).
            ours_b = benchmark_f1((r["body"], r["page"].body) for r in bodies)[2]
            plain_b = benchmark_f1((r["plain"], r["page"].body) for r in bodies)[2]
            print(
                f"| {dataset} | {half} | {len(sel)} | {sum(r['head_ok'] for r in sel) / len(sel):.3f} | {len(bodies)} "
                f"| {ours:.4f} | {plain:.4f} | {ours_b:.4f} / {plain_b:.4f} "
                f"| {statistics.median(r['ms'] for r in sel):.1f} "
                f"| {statistics.median(r['plain_ms'] for r in sel):.1f} |"
            )
    if args.misses:
        for r in records:
            if not r["head_ok"]:
                print(
                    f"headline {r['half']} {r['page'].id}: got {r['title'][:80]!r} want {sorted(r['page'].headlines)}"
                )
        scored = [
            (page_scores(r["body"], r["page"].body)[0] - page_scores(r["plain"], r["page"].body)[0], r)
            for r in records
            if r["page"].body
        ]
        for gap, r in sorted(scored, key=lambda x: x[0])[:15]:
            print(f"body {r['half']} {r['page'].id}: ours - plain = {gap:+.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
