"""Every quality figure of issue 5 in one run: key points, HTML pages, pasted copies, the seed sample.

Each section prints newsdigest beside its baselines measured in the same run:
    python -m bench.quality [--data ../shared/datasets] [--only keypoints|html|pasted|dates|pasted-dates|...]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from bench import (
    quality_dates,
    quality_html,
    quality_keypoints,
    quality_keypoints_world,
    quality_pasted,
    quality_pasted_dates,
)

ROOT = Path(__file__).resolve().parents[1]
SECTIONS = {
    "keypoints": ("Key points on cnndm-dev (vs Lead-3, sumy LexRank, TextRank)", quality_keypoints.main),
    "html": ("HTML pages of extraction-dev (vs plain trafilatura)", quality_html.main),
    "pasted": ("Pasted copies of extraction-dev, and the seed sample", quality_pasted.main),
    "dates": ("Publication day of saved pages, cross-validated by site (vs plain htmldate)", quality_dates.main),
    "pasted-dates": ("Dates of pasted copies, pages-train + extraction-dev", quality_pasted_dates.main),
    "keypoints-world": (
        "Key points on non-English pasted copies (coverage of the labelled opening, vs Lead-3)",
        quality_keypoints_world.main,
    ),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "datasets")
    parser.add_argument("--only", choices=sorted(SECTIONS), action="append", help="run only these sections")
    args = parser.parse_args(argv)
    for name in args.only or list(SECTIONS):
        title, section = SECTIONS[name]
        print(f"\n## {title}\n", flush=True)
        started = time.perf_counter()
        section(["--data", str(args.data)])
        print(f"\n({name}: {time.perf_counter() - started:.1f} s)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
