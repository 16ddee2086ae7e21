"""Dates of pasted copies: the day read from text copied from the headline, and from 2-6 lines above it.

Pages: pages-train and extraction-dev copies whose labelled day is written in the copy's header
(``date_in_copy`` in each manifest; a text-only reader cannot find it otherwise). A day is right when it is
the label or one of its accepted alternatives. The copies' file times are their reference (the clock a drop
folder would give), so a year-less date must take its year from the page. Sites are split in two halves by a
hash of the host: the rules were written looking at failures anywhere, so tune/check shows whether a half
the rules happened to fit is better than the other.

    python -m bench.quality_pasted_dates [--data ../shared/datasets] [--misses]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from bot.text.pasted import read_pasted

REPO = Path(__file__).resolve().parents[1]
SETS = ("pages-train", "extraction-dev")
COPIES = ("copypaste", "copypaste-wide")


def half_of(site: str) -> str:
    return "tune" if int(hashlib.sha1(site.encode()).hexdigest(), 16) % 2 == 0 else "check"  # noqa: S324


def run(data_dir: Path, misses: list[str] | None = None) -> list[dict[str, object]]:
    results: dict[tuple[str, str], list[bool]] = {}
    ms: list[float] = []
    for name in SETS:
        root = data_dir / name
        if not (root / "labels.json").is_file():
            continue
        labels = json.loads((root / "labels.json").read_text(encoding="utf-8"))
        manifest = json.loads((root / "copypaste-manifest.json").read_text(encoding="utf-8"))
        provenance_path = root / "provenance.json"
        provenance = json.loads(provenance_path.read_text(encoding="utf-8")) if provenance_path.is_file() else {}
        for pid, label in sorted(labels.items()):
            entry = manifest.get(pid, {})
            if not label.get("published") or not entry.get("date_in_copy"):
                continue
            also = label.get("published_also_ok") or provenance.get(pid, {}).get("published_also_ok") or []
            wanted = {label["published"], *also}
            for copy in COPIES:
                path = root / copy / f"{pid}.txt"
                if not path.is_file():
                    continue
                reference = datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
                text = path.read_text(encoding="utf-8")
                started = time.perf_counter()
                reading = read_pasted(text, reference=reference)
                ms.append((time.perf_counter() - started) * 1000)
                day = reading.date.day.isoformat() if reading.date else None
                ok = day in wanted
                site = entry.get("host") or pid
                for half in (half_of(site), "all"):
                    results.setdefault((copy, half), []).append(ok)
                if not ok and misses is not None:
                    misses.append(f"{copy} {name}/{pid}: read {day}, labelled {sorted(wanted)}")
    rows = [
        {"copy": copy, "half": half, "pages": len(oks), "date": round(sum(oks) / len(oks), 3)}
        for (copy, half), oks in sorted(results.items())
    ]
    if ms:
        rows.append({"copy": "both", "half": "all", "pages": len(ms), "median_ms": round(statistics.median(ms), 2)})
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "datasets")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--misses", action="store_true")
    args = parser.parse_args(argv)
    misses: list[str] = []
    rows = run(args.data, misses)
    if not rows:
        print(f"skipped: no pages-train or extraction-dev under {args.data} (pass --data)")
        return 0
    if args.json:
        print(json.dumps(rows, indent=1))
        return 0
    print("| copy | half (by site) | pages | date accuracy |")
    print("|---|---|---|---|")
    for r in rows:
        if "date" in r:
            print(f"| {r['copy']} | {r['half']} | {r['pages']} | {r['date']:.3f} |")
    print(f"\nmedian ms per copy (read_pasted): {rows[-1].get('median_ms')}")
    if args.misses:
        print("\n".join(misses) or "no misses")
    return 0


if __name__ == "__main__":
    sys.exit(main())
