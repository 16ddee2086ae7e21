"""A longer fuzzing run of tests/test_fuzz.py and test_fuzz_pagemeta.py: the same properties, many more examples.

    python -m bench.fuzz                    # 3,000 examples per property (several minutes)
    python -m bench.fuzz --examples 20000 -k feed

Every failure is shrunk by hypothesis to a minimal input and printed; the exit status is pytest's.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    """Run the fuzz properties with a large example budget."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--examples", type=int, default=3000)
    parser.add_argument("-k", dest="keyword", help="only the properties whose name matches (pytest -k)")
    args = parser.parse_args()
    env = {**os.environ, "NEWSDIGEST_FUZZ_EXAMPLES": str(args.examples)}
    cmd = [
        sys.executable,
        "-m",
        "pytest",
        "tests/test_fuzz.py",
        "tests/test_fuzz_pagemeta.py",
        "-q",
        "-p",
        "no:cacheprovider",
    ]
    if args.keyword:
        cmd += ["-k", args.keyword]
    return subprocess.call(cmd, cwd=ROOT, env=env)


if __name__ == "__main__":
    sys.exit(main())
