"""Every quality figure in one run: key points, HTML pages, pasted copies, dates, the seed sample.

Each section prints newsdigest beside its baselines measured in the same run. ``lines`` reads every pasted
copy with a headline model fitted without the page's site (5 fits, needs the ``train`` extra); ``--no-cv``
reads them with the shipped model instead (in sample for these pages: fast, not evidence).
    python -m bench.quality [--data ../shared/datasets] [--only keypoints|html|pasted|lines|...] [--no-cv]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from bench import (
    quality_dates,
    quality_html,
    quality_html_sites,
    quality_keypoints,
    quality_keypoints_world,
    quality_lines,
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
    "lines": (
        "Pasted copies of extraction-dev + pages-train by site fold (vs first line, whole copy)",
        quality_lines.main,
    ),
    "html-sites": (
        "Saved HTML of extraction-dev + pages-train by site fold (vs plain trafilatura)",
        quality_html_sites.main,
    ),
    "keypoints-world": (
        "Key points on non-English pasted copies (coverage of the labelled opening, vs Lead-3)",
        quality_keypoints_world.main,
    ),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "datasets")
    parser.add_argument("--only", choices=sorted(SECTIONS), action="append", help="run only these sections")
    parser.add_argument(
        "--no-cv", action="store_true", help="lines: read with the shipped model, not one fitted per site fold"
    )
    args = parser.parse_args(argv)
    for name in args.only or list(SECTIONS):
        title, section = SECTIONS[name]
        print(f"\n## {title}\n", flush=True)
        started = time.perf_counter()
        extra = ["--cv"] if name == "lines" and not args.no_cv and _can_train() else []
        section(["--data", str(args.data), *extra])
        print(f"\n({name}: {time.perf_counter() - started:.1f} s)", flush=True)
    return 0


def _can_train() -> bool:
    """Tell whether scikit-learn (the ``train`` extra) is here to fit the per-fold headline models."""
    try:
        import sklearn  # noqa: F401
    except ImportError:
        print("(scikit-learn is not installed: the shipped headline model reads every copy, in sample)")
        return False
    return True


if __name__ == "__main__":
    sys.exit(main())
