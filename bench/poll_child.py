"""Child process of bench/scale.py: poll N feeds on the local feed farm; print one JSON line.

The feed farm (bench/feed_server.py) runs in its own process, so this process's time and peak RSS are
the poller's alone. Set-up, not measured: subscribe N feeds, give the 80 % that never change the ETag
they would have learnt, and poll once so the changing 20 % have their items stored. Then the farm
advances (each changing feed gains two items) and the clock moves past the poll interval: the measured
poll is the steady state, 80 % answering 304 and 20 % answering 200 with 2 new items among 10.

``--worker DATABASE``: one of several real poller processes on a database set up by bench/poll_workers.py.

``--baseline``: the same conditional GETs with a bare aiohttp session (same global and per-host limits),
no parsing and no storing.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import ipaddress
import json
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from bench.feed_server import etag_of, host_of
from bench.timing import peak_rss_mb, rss_mb

ROOT = Path(__file__).resolve().parents[1]


@contextlib.contextmanager
def feed_farm(hosts: int, latency: float, items: int = 10, *, distinct: bool = False) -> Iterator[int]:
    """Start the feed farm in a child process; yield its port."""
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "bench.feed_server",
            "--hosts",
            str(hosts),
            "--latency",
            str(latency),
            *("--items", str(items)),
            *(["--distinct"] if distinct else []),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline().split()
        if not line or line[0] != "ready":
            raise RuntimeError("the feed farm did not start")
        yield int(line[1])
    finally:
        proc.kill()
        proc.wait()


def farm_get(port: int, path: str) -> str:
    """Call the farm's control endpoints (loopback only)."""
    with urllib.request.urlopen(f"http://127.0.1.1:{port}{path}", timeout=10) as resp:
        return str(resp.read().decode())


async def baseline(urls: list[str], concurrency: int, per_host: int) -> tuple[float, int]:
    """Conditional GETs of every URL with a bare session; return (seconds, count of 304s)."""
    import aiohttp

    connector = aiohttp.TCPConnector(limit=concurrency, limit_per_host=per_host)
    not_modified = 0
    async with aiohttp.ClientSession(connector=connector) as session:

        async def one(n: int, url: str) -> None:
            nonlocal not_modified
            async with session.get(url, headers={"If-None-Match": etag_of(n, 0)}) as resp:
                await resp.read()
                not_modified += resp.status == 304

        start = time.perf_counter()
        await asyncio.gather(*(one(n, u) for n, u in enumerate(urls)))
        return time.perf_counter() - start, not_modified


async def poll_all(db: object, fetcher: object, settings: object, clock: object) -> tuple[int, int, int]:
    """Call poll_once until nothing is due; return (feeds polled, failures, new articles)."""
    from bot.ingest.poller import poll_once

    polled = failed = new = 0
    while True:
        report = await poll_once(db, fetcher=fetcher, settings=settings, clock=clock)  # type: ignore[arg-type]
        if not report.polled:
            return polled, failed, new
        polled += report.polled
        failed += report.failed
        new += report.ingest.new


async def poll(urls: list[str], work: Path) -> dict[str, object]:
    """Set up the steady state, then time one full poll of every feed."""
    from bot.clock import ManualClock
    from bot.config import Settings
    from bot.ingest.fetch import Fetcher
    from bot.store.db import Database
    from bot.store.feeds import add_feed

    settings = Settings(database_path=work / "poll.db", feed_allowed_networks=(ipaddress.ip_network("127.0.0.0/8"),))
    clock = ManualClock(datetime(2025, 10, 17, 12, 0, tzinfo=UTC))
    db = await Database.open(settings.database_path)
    notes: list[str] = []
    try:
        ids = [(await add_feed(db, url, now=clock.now())).id for url in urls]
        async with db.transaction() as conn:
            await conn.executemany(
                "UPDATE feeds SET etag = ? WHERE id = ?",
                [(etag_of(n, 0), fid) for n, fid in enumerate(ids) if n % 5],
            )
        async with Fetcher(settings, clock) as fetcher:
            start = time.perf_counter()
            warm = await poll_all(db, fetcher, settings, clock)
            notes.append(
                f"set-up poll: {warm[0]} feeds, {warm[2]} articles stored in {time.perf_counter() - start:.1f} s"
            )
            farm_get(int(urls[0].split(":")[2].split("/")[0]), "/advance")
            clock.advance(settings.feed_interval.total_seconds() * 1.2)  # past the interval and its jitter
            rss_before = rss_mb()
            start = time.perf_counter()
            polled, failed, new = await poll_all(db, fetcher, settings, clock)
            seconds = time.perf_counter() - start
        notes.append(f"measured poll: {polled} feeds, {failed} failed, {new} new articles")
        notes.append(f"RSS {rss_before:.0f} MB before the measured poll, {rss_mb():.0f} MB after")
    finally:
        await db.close()
    return {"seconds": seconds, "peak_rss_mb": peak_rss_mb(), "notes": notes, "polled": polled, "failed": failed}


async def work_cycle(target: str) -> dict[str, object]:
    """One of several pollers (bench/poll_workers.py): say ready, wait for "go", poll until nothing is due.

    The database and its due feeds are set up by the parent; this process polls with the bot's defaults
    (FEED_CONCURRENCY 20, FEED_PER_HOST 2) and the real clock, as a ``newsdigest run`` process does.
    """
    from bot.clock import SystemClock
    from bot.config import Settings
    from bot.ingest.fetch import Fetcher
    from bot.ingest.leases import new_worker_id
    from bot.ingest.poller import poll_once
    from bot.store.db import Database

    settings = Settings(feed_allowed_networks=(ipaddress.ip_network("127.0.0.0/8"),))
    clock = SystemClock()
    worker = new_worker_id()
    db = await Database.open(target)
    polled = failed = new = 0
    try:
        async with Fetcher(settings, clock) as fetcher:
            print("ready", flush=True)
            await asyncio.to_thread(sys.stdin.readline)
            cpu = time.process_time()
            start = time.perf_counter()
            while True:
                report = await poll_once(db, fetcher=fetcher, settings=settings, clock=clock, worker=worker)
                if not report.polled:
                    break
                polled += report.polled
                failed += report.failed
                new += report.ingest.new
            seconds = time.perf_counter() - start
            cpu = time.process_time() - cpu
    finally:
        await db.close()
    return {
        "seconds": seconds,
        "cpu_s": cpu,
        "polled": polled,
        "failed": failed,
        "new": new,
        "peak_rss_mb": peak_rss_mb(),
    }


def main() -> int:
    """Run one side of the poll benchmark and print its JSON line."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--hosts", type=int, default=100)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--baseline", action="store_true")
    parser.add_argument("--worker", metavar="DATABASE", help="be one poller of bench/poll_workers.py on DATABASE")
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(asyncio.run(work_cycle(args.worker))), flush=True)
        return 0
    with feed_farm(args.hosts, args.latency) as port:
        urls = [f"http://{host_of(n, args.hosts)}:{port}/feed/{n}.xml" for n in range(args.feeds)]
        if args.baseline:
            from bot.config import Settings

            defaults = Settings()
            farm_get(port, "/advance")
            seconds, not_modified = asyncio.run(baseline(urls, defaults.feed_concurrency, defaults.feed_per_host))
            result: dict[str, object] = {"seconds": seconds, "peak_rss_mb": peak_rss_mb(), "not_modified": not_modified}
        else:
            with tempfile.TemporaryDirectory(prefix="nd-poll-") as tmp:
                result = asyncio.run(poll(urls, Path(tmp)))
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
