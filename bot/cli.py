"""The ``newsdigest`` command line (first version: the full CLI is filled in as the layers land)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from bot import __version__


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return the exit status."""
    parser = argparse.ArgumentParser(prog="newsdigest")
    parser.add_argument("--version", action="version", version=f"newsdigest {__version__}")
    parser.parse_args(argv)
    print("newsdigest: nothing to do yet", file=sys.stderr)
    return 0
