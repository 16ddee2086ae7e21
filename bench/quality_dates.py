"""Publication day of saved pages: newsdigest's evidence orders against plain htmldate, cross-validated by site.

Pages: every page of pages-train and extraction-dev with a labelled day (``bench/datepages.py``). A day is
right when it is the label or one of the label's accepted alternatives. Every kind of evidence is read once
per page; an order of trust is then scored by replaying the kinds in that order. Cross-validation: sites
(not pages) are split into K folds by a hash of the host; for each fold the best order on the other folds
(tune) is scored on the fold's sites (check). Plain htmldate runs on the same pages in the same run.

    python -m bench.quality_dates [--data ../shared/datasets] [--folds 5] [--misses]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import sys
import time
from datetime import date, datetime
from pathlib import Path

import htmldate
import trafilatura

from bench.datepages import DatedPage, load
from bot.ingest.formats.pagedate import ORDER, READERS
from bot.ingest.formats.pagemeta import page_metadata, read_page

REPO = Path(__file__).resolve().parents[1]
OURS = tuple(k for k in ORDER if k != "htmldate")
PLAIN = "plain htmldate"  # find_date with its defaults
PLAIN_ORIGINAL = "plain htmldate original"  # find_date(original_date=True): the publication, not an update


def _day(value: object) -> str | None:
    if isinstance(value, datetime):
        return value.date().isoformat()  # the day in the offset the page printed
    if isinstance(value, date):
        return value.isoformat()
    return None


def candidate_orders() -> dict[str, tuple[str, ...]]:
    """Our own kinds in their order, with htmldate asked first, after each kind, or never."""
    orders = {"ours only": OURS, "htmldate only": ("htmldate",)}
    for at in range(len(OURS) + 1):
        name = "htmldate first" if at == 0 else f"htmldate after {OURS[at - 1]}"
        orders[name] = (*OURS[:at], "htmldate", *OURS[at:])
    return orders


def fold_of(site: str, folds: int) -> int:
    return int(hashlib.sha1(site.encode()).hexdigest(), 16) % folds  # noqa: S324 - a split, not security


def read_all(pages: list[DatedPage]) -> tuple[list[dict[str, str | None]], dict[str, list[float]]]:
    """Return each page's day per evidence kind and per plain-htmldate setting, and the milliseconds spent."""
    found: list[dict[str, str | None]] = []
    ms: dict[str, list[float]] = {"newsdigest (ORDER)": [], PLAIN: [], PLAIN_ORIGINAL: []}
    for page in pages:
        tree = trafilatura.load_html(page.html)
        started = time.perf_counter()
        meta = page_metadata(tree, base_url=page.url)
        ms["newsdigest (ORDER)"].append((time.perf_counter() - started) * 1000)
        row: dict[str, str | None] = {"ORDER": _day(meta.published)}
        _, evidence = read_page(tree, base_url=page.url)
        row.update({kind: _day(evidence.get(kind)) for kind in READERS})
        for name, original in ((PLAIN, False), (PLAIN_ORIGINAL, True)):
            fresh = trafilatura.load_html(page.html)  # parsing is not timed, as for newsdigest
            started = time.perf_counter()
            try:
                value = htmldate.find_date(fresh, original_date=original, url=page.url)
            except Exception:
                value = None
            ms[name].append((time.perf_counter() - started) * 1000)
            row[name] = value
        found.append(row)
    return found, ms


def replay(row: dict[str, str | None], order: tuple[str, ...]) -> str | None:
    return next((row[k] for k in order if row.get(k)), None)


def accuracy(pages: list[DatedPage], rows: list[dict[str, str | None]], pick) -> float:
    return sum(pick(r) in p.days for p, r in zip(pages, rows, strict=True)) / len(pages) if pages else 0.0


def _precision(pages: list[DatedPage], rows: list[dict[str, str | None]], kind: str) -> float:
    given = [(p, r) for p, r in zip(pages, rows, strict=True) if r[kind]]
    return round(sum(r[kind] in p.days for p, r in given) / len(given), 3) if given else 0.0


def cross_validate(pages: list[DatedPage], rows: list[dict[str, str | None]], folds: int) -> list[dict[str, object]]:
    orders = candidate_orders()
    result: list[dict[str, object]] = []
    for k in range(folds):
        tune = [i for i, p in enumerate(pages) if fold_of(p.site, folds) != k]
        check = [i for i, p in enumerate(pages) if fold_of(p.site, folds) == k]

        def score(ids: list[int], order: tuple[str, ...]) -> float:
            return accuracy([pages[i] for i in ids], [rows[i] for i in ids], lambda r: replay(r, order))

        best = max(orders, key=lambda name: score(tune, orders[name]))
        plain = {
            name: accuracy([pages[i] for i in check], [rows[i] for i in check], lambda r, n=name: r[n])
            for name in (PLAIN, PLAIN_ORIGINAL)
        }
        result.append(
            {
                "fold": k,
                "sites_check": len({pages[i].site for i in check}),
                "pages_check": len(check),
                "chosen": best,
                "tune": round(score(tune, orders[best]), 3),
                "check": round(score(check, orders[best]), 3),
                "check_htmldate": round(plain[PLAIN], 3),
                "check_htmldate_original": round(plain[PLAIN_ORIGINAL], 3),
            }
        )
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "datasets")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--misses", action="store_true", help="list pages whose day ORDER gets wrong")
    args = parser.parse_args(argv)
    pages = load(args.data)
    if not pages:
        print(f"skipped: no pages-train or extraction-dev under {args.data} (pass --data)")
        return 0
    rows, ms = read_all(pages)
    folds = cross_validate(pages, rows, args.folds)
    summary = {
        "pages": len(pages),
        "sites": len({p.site for p in pages}),
        "newsdigest (ORDER)": round(accuracy(pages, rows, lambda r: r["ORDER"]), 3),
        PLAIN: round(accuracy(pages, rows, lambda r: r[PLAIN]), 3),
        PLAIN_ORIGINAL: round(accuracy(pages, rows, lambda r: r[PLAIN_ORIGINAL]), 3),
        "cv_tune_mean": round(statistics.mean(float(f["tune"]) for f in folds), 3),  # type: ignore[arg-type]
        "cv_check_pooled": round(
            sum(float(f["check"]) * int(f["pages_check"]) for f in folds) / len(pages),  # type: ignore[arg-type]
            3,
        ),
        "cv_check_htmldate_original_pooled": round(
            sum(float(f["check_htmldate_original"]) * int(f["pages_check"]) for f in folds) / len(pages),  # type: ignore[arg-type]
            3,
        ),
        "median_ms": {name: round(statistics.median(v), 2) for name, v in ms.items()},
        "by_kind": {k: _precision(pages, rows, k) for k in READERS},
        "coverage": {k: round(sum(1 for r in rows if r[k]) / len(rows), 3) for k in READERS},
    }
    if args.json:
        print(json.dumps({"summary": summary, "folds": folds}, indent=1))
    else:
        print(f"{summary['pages']} pages from {summary['sites']} sites (pages-train + extraction-dev)\n")
        print("| method | day accuracy | median ms/page |")
        print("|---|---|---|")
        for name in ("newsdigest (ORDER)", PLAIN, PLAIN_ORIGINAL):
            print(f"| {name} | {summary[name]:.3f} | {summary['median_ms'][name]} |")
        print("\n| fold | check sites | check pages | chosen order | tune | check | htmldate orig. (check) |")
        print("|---|---|---|---|---|---|---|")
        for f in folds:
            print(
                f"| {f['fold']} | {f['sites_check']} | {f['pages_check']} | {f['chosen']} | {f['tune']} "
                f"| {f['check']} | {f['check_htmldate_original']} |"
            )
        print(
            f"\ncross-validated: tune {summary['cv_tune_mean']}, check {summary['cv_check_pooled']} "
            f"(htmldate original on the same check pages {summary['cv_check_htmldate_original_pooled']})"
        )
        print("\nby kind alone (right when it gives a date; share of pages it gives one):")
        for k in READERS:
            print(f"  {k:15} {summary['by_kind'][k]:.3f}  {summary['coverage'][k]:.3f}")
    if args.misses:
        for p, r in zip(pages, rows, strict=True):
            if r["ORDER"] not in p.days:
                print("miss", p.pid, r["ORDER"], sorted(p.days), {k: v for k, v in r.items() if v})
    return 0


if __name__ == "__main__":
    sys.exit(main())
