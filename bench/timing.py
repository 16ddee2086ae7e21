"""Small measuring helpers shared by the scale benchmarks: percentiles, RSS, a results table."""

from __future__ import annotations

import math
import os
import platform
import resource
import time
from collections.abc import Sequence
from dataclasses import dataclass, field


def percentile(values: Sequence[float], q: float) -> float:
    """Return the q-th percentile (0..100) by the nearest-rank method."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def _status_mb(field: str) -> float | None:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def rss_mb() -> float:
    """Return this process's current resident set size in MB (from /proc; 0 where absent)."""
    return _status_mb("VmRSS") or 0.0


def peak_rss_mb() -> float:
    """Return this process's peak resident set size in MB.

    VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent across fork and exec, so a child
    of a big benchmark process would report its parent's peak.
    """
    hwm = _status_mb("VmHWM")
    return hwm if hwm is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def machine() -> str:
    """Describe the machine the figures come from."""
    mem = ""
    try:
        with open("/proc/meminfo", encoding="ascii") as info:
            kb = int(info.readline().split()[1])
            mem = f", {kb / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as info:
            for line in info:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return (
        f"{os.cpu_count()} cores ({cpu}){mem}, Python {platform.python_version()}, {platform.system()}, "
        f"host speed: {host_speed():.0f} ms a reference loop"
    )


def host_speed(steps: int = 1_000_000, rounds: int = 5) -> float:
    """Milliseconds a fixed pure-Python loop takes here, the best of ``rounds``: a yardstick for the host's speed.

    Hosts of the same machine kind differ (and one host drifts within minutes); a figure read beside this one can
    be compared with a figure of another run, on another host, in proportion (bench/README.md).
    """
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        total = 0
        for i in range(steps):
            total += i * i % 7
        best = min(best, time.perf_counter() - start)
    return best * 1000


@dataclass
class Row:
    """One line of the results table."""

    measure: str
    figure: str
    goal: str = ""
    baseline: str = ""
    verdict: str = ""
    notes: list[str] = field(default_factory=list)


class Table:
    """Collect rows; print them as they come and as Markdown at the end."""

    def __init__(self) -> None:
        self.rows: list[Row] = []

    def add(self, row: Row) -> None:
        """Add a row and print it at once (long runs show progress)."""
        self.rows.append(row)
        extra = f"  [{row.verdict}]" if row.verdict else ""
        print(f"  {row.measure}: {row.figure}{extra}   goal: {row.goal or '-'}   baseline: {row.baseline or '-'}")
        for note in row.notes:
            print(f"      {note}")

    def markdown(self) -> str:
        """Return the rows as a Markdown table."""
        lines = ["| measure | figure | goal | baseline (same run) | verdict |", "|---|---|---|---|---|"]
        for row in self.rows:
            lines.append(f"| {row.measure} | {row.figure} | {row.goal} | {row.baseline} | {row.verdict} |")
        return "\n".join(lines)


def verdict(ok: bool | None) -> str:
    """Return the word for a goal met, missed or not measured."""
    if ok is None:
        return "n/a"
    return "met" if ok else "MISSED"
