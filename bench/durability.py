"""Kill -9 the ingest of drop files at random moments, restart, repeat; check that nothing is lost.

    python -m bench.durability                      # the issue's sizes: 1,000 files, 20 kills
    python -m bench.durability --files 200 --kills 5 --seed 3

The checks are those of tests/test_durability.py (the same function, at a larger size): after every kill
each file is archived with its article in the database or still waiting in the drop folder, nothing is
lost or doubled, no half rows, ``PRAGMA integrity_check`` and the FTS5 integrity check pass; a final run
ingests the rest.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from test_durability import kill_ingest_repeatedly  # noqa: E402 - needs the path above


def main() -> int:
    """Run the kill-and-restart check and print what happened."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="nd-durability-") as tmp:
        run = kill_ingest_repeatedly(Path(tmp), args.files, args.kills, seed=args.seed)
    print(f"{args.files} files, {run.kills} kills: every invariant held ({time.perf_counter() - start:.0f} s)")
    for note in run.notes:
        print(f"  {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
