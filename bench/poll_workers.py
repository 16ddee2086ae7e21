"""Feed polling shared by leases, measured: N feeds polled by 1 and by 2 real poller processes, per backend.

    python -m bench.scale --only polling-workers            # 20,000 feeds, SQLite and PostgreSQL
    python -m bench.poll_workers --feeds 2000 --no-pg       # alone, smaller

The feed farm (bench/feed_server.py) serves the feeds from 100 loopback hosts with a fixed latency; 80 %
never change and answer 304 to their ETag, 20 % answer 200 with two new items each cycle. Set-up (not
measured): the feeds are inserted in bulk (the 80 % with the ETag they would have learnt), and one cycle by
two pollers stores the changing feeds' items. Then, per configuration, the farm advances, every feed is made
due, and 1 or 2 pollers (``bench.poll_child --worker``: ``poll_once`` with the bot's defaults, 20 fetches at
once, 2 per host, on the real clock) start together and poll until nothing is due. A cycle is from their
"go" to the last one's end. The physical limit of a cycle is feeds x latency / (FEED_CONCURRENCY x workers).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.feed_server import changing, etag_of, host_of
from bench.poll_child import farm_get, feed_farm
from bench.timing import Row, Table, machine

ROOT = Path(__file__).resolve().parents[1]
CONCURRENCY = 20  # the bot's default FEED_CONCURRENCY, which each poller uses


async def _setup(target: str, urls: list[str]) -> None:
    """Create the database and insert the feeds in bulk: all due, the unchanging ones with their ETag."""
    from bot.store.db import Database, to_db_time

    now = to_db_time(datetime.now(UTC))
    db = await Database.open(target)
    try:

        def work(conn: Any) -> None:
            conn.executemany(
                "INSERT INTO sources (kind, name, location, created_at) VALUES ('feed', ?, ?, ?)",
                [(f"Site {n}", url, now) for n, url in enumerate(urls)],
            )
            ids = {row[1]: row[0] for row in conn.execute("SELECT id, location FROM sources").fetchall()}
            conn.executemany(
                "INSERT INTO feeds (source_id, url, interval_s, next_poll_at, created_at, backlog_stored, etag)"
                " VALUES (?, ?, 900, ?, ?, 1, ?)",
                [(ids[url], url, now, now, None if changing(n) else etag_of(n, 0)) for n, url in enumerate(urls)],
            )

        await db.write(work)
    finally:
        await db.close()


async def _make_due(target: str) -> None:
    """Make every feed due now (the interval passed), as the next cycle finds them."""
    from bot.store.db import Database, to_db_time

    db = await Database.open(target)
    try:
        await db.execute("UPDATE feeds SET next_poll_at = ?", (to_db_time(datetime.now(UTC)),))
    finally:
        await db.close()


@contextlib.contextmanager
def lock_waits(target: str) -> Iterator[dict[str, float]]:
    """On PostgreSQL, sample (10 a second) how many sessions wait for an advisory lock (the store's story locks)
    and how many run a statement; yield the averages, filled in when the block ends."""
    found: dict[str, float] = {}
    if not target.startswith("postgresql"):
        yield found
        return
    import psycopg

    stop = threading.Event()
    samples: list[tuple[int, int]] = []

    def sample() -> None:
        with psycopg.connect(target, autocommit=True) as conn:
            while not stop.wait(0.1):
                row = conn.execute(
                    "SELECT COUNT(*) FILTER (WHERE wait_event = 'advisory'),"
                    " COUNT(*) FILTER (WHERE state = 'active' AND wait_event IS DISTINCT FROM 'advisory')"
                    " FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
                ).fetchone()
                if row is not None:
                    samples.append((int(row[0]), int(row[1])))

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        yield found
    finally:
        stop.set()
        thread.join()
        if samples:
            found["waiting"] = sum(w for w, _ in samples) / len(samples)
            found["active"] = sum(a for _, a in samples) / len(samples)


def cycle(target: str, workers: int, timeout: float = 600) -> dict[str, Any]:
    """Start ``workers`` pollers, let them go together, wait for all; return the cycle's time and their results."""
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "bench.poll_child", "--worker", target],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(workers)
    ]
    try:
        for proc in procs:
            assert proc.stdout is not None
            if proc.stdout.readline().strip() != "ready":
                raise RuntimeError("a poller did not start")
        start = time.perf_counter()
        for proc in procs:
            assert proc.stdin is not None
            proc.stdin.write("go\n")
            proc.stdin.flush()
        results = []
        for proc in procs:
            out, _ = proc.communicate(timeout=timeout)
            results.append(json.loads(out.strip().splitlines()[-1]))
        seconds = time.perf_counter() - start
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    return {"seconds": seconds, "workers": results}


def measure(target: str, port: int, urls: list[str], rounds: list[int]) -> dict[str, Any]:
    """Set up one database, then run a cycle per entry of ``rounds`` (the number of pollers); return them."""
    asyncio.run(_setup(target, urls))
    start = time.perf_counter()
    warm = cycle(target, 2)
    out: dict[str, Any] = {"setup_s": time.perf_counter() - start, "warm": warm, "cycles": []}
    for workers in rounds:
        farm_get(port, "/advance")
        asyncio.run(_make_due(target))
        before = json.loads(farm_get(port, "/stats"))
        with lock_waits(target) as waits:
            result = cycle(target, workers)
        after = json.loads(farm_get(port, "/stats"))
        result["waits"] = waits
        result["requests"] = after["requests"] - before["requests"]
        result["not_modified"] = after["not_modified"] - before["not_modified"]
        result["farm_cpu_s"] = after["cpu_s"] - before["cpu_s"]
        out["cycles"].append(result)
    return out


def limit_s(feeds: int, latency: float, workers: int) -> float:
    """Return the physical limit of a cycle: each poller has CONCURRENCY fetches in flight, each ``latency`` long."""
    return math.ceil(feeds / (CONCURRENCY * workers)) * latency


def run(
    table: Table,
    feeds: int,
    latency: float,
    admin: str | None,
    work: Path,
    rounds: list[int],
    items: int = 4,
    *,
    distinct: bool = False,
) -> None:
    """Measure SQLite (and PostgreSQL when ``admin`` is given) and add one row per backend to ``table``.

    ``distinct``: every item a story of its own (bench.feed_server.headline), not one story told by every feed.
    """
    stories = "a story of its own per item" if distinct else "one story told by every feed"
    print(
        f"\n== polling by workers: {feeds:,} feeds, {latency * 1000:.0f} ms latency, 80 % 304, {stories},"
        f" rounds {rounds}"
    )
    with feed_farm(100, latency, items, distinct=distinct) as port:
        urls = [f"http://{host_of(n, 100)}:{port}/feed/{n}.xml" for n in range(feeds)]
        targets = [("SQLite", str(work / "pollw.db"))]
        if admin:
            from bench import scale_pg

            targets.append(("PostgreSQL", scale_pg.database(admin, "nd_bench_pollw", fresh=True)))
        for name, target in targets:
            if name == "SQLite":
                Path(target).unlink(missing_ok=True)
            result = measure(target, port, urls, rounds)
            times = {}
            notes = [
                f"set-up cycle (2 pollers, storing {items} items of each changing feed): {result['setup_s']:.0f} s"
            ]
            for cyc, workers in zip(result["cycles"], rounds, strict=True):
                polled = sum(w["polled"] for w in cyc["workers"])
                cpu = "/".join(f"{w['cpu_s']:.0f}" for w in cyc["workers"])
                rss = "/".join(f"{w['peak_rss_mb']:.0f}" for w in cyc["workers"])
                times.setdefault(workers, []).append(cyc["seconds"])
                notes.append(
                    f"{workers} poller(s): {cyc['seconds']:.1f} s (limit {limit_s(feeds, latency, workers):.1f} s);"
                    f" {polled:,} polled ({'/'.join(str(w['polled']) for w in cyc['workers'])}),"
                    f" {sum(w['failed'] for w in cyc['workers'])} failed,"
                    f" {sum(w['new'] for w in cyc['workers']):,} new;"
                    f" {cyc['requests']:,} requests, {cyc['not_modified']:,} answered 304;"
                    f" CPU {cpu} s (the feed farm's {cyc['farm_cpu_s']:.0f} s), peak RSS {rss} MB"
                )
                if cyc["waits"]:
                    notes[-1] += (
                        f"; sessions waiting for an advisory lock {cyc['waits']['waiting']:.2f},"
                        f" running a statement {cyc['waits']['active']:.2f} (mean of samples)"
                    )
                print("   " + notes[-1], flush=True)
            one, two = min(times.get(1, [math.nan])), min(times.get(2, [math.nan]))
            table.add(
                Row(
                    f"poll cycle, {feeds:,} feeds by 1 / 2 pollers, {name}"
                    + (", distinct stories" if distinct else ""),
                    f"{one:.1f} s / {two:.1f} s (speed-up x{one / two:.2f})",
                    "",
                    f"limit {limit_s(feeds, latency, 1):.1f} s / {limit_s(feeds, latency, 2):.1f} s"
                    f" ({CONCURRENCY} fetches at once per poller x {latency * 1000:.0f} ms)",
                    "-",
                    notes,
                )
            )


def main() -> int:
    """Run the polling-workers benchmark alone and print its table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--feeds", type=int, default=20_000)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--rounds", default="1,2", help="pollers per cycle, in order, e.g. 1,2,1,2")
    parser.add_argument("--no-pg", action="store_true")
    parser.add_argument("--distinct", action="store_true", help="every item a story of its own (not one story)")
    args = parser.parse_args()
    rounds = [int(r) for r in args.rounds.split(",")]
    table = Table()
    print(f"newsdigest polling by workers, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {machine()}")
    with tempfile.TemporaryDirectory(prefix="nd-pollw-") as temp, contextlib.ExitStack() as stack:
        admin = None
        if not args.no_pg:
            from bench import scale_pg

            admin = stack.enter_context(scale_pg.server(Path(temp)))
        run(table, args.feeds, args.latency, admin, Path(temp), rounds, distinct=args.distinct)
    print("\n" + table.markdown())
    return 0


if __name__ == "__main__":
    sys.exit(main())
