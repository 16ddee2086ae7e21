"""The morning rush at public-bot scale: N channels in N servers due at the same minute, several processes.

The emulator (tests/e2e, in this process) enforces Discord's global limit of 50 requests a second and the
per-channel message buckets; the bot is 2 real ``newsdigest run`` processes holding 2 of 4 shards each, on one
SQLite file, then on one PostgreSQL database when a server is at hand. Measured: the time from the first
post to the last beside the physical limit (N / 50 s), every post exactly once, 429s, and each process's peak
RSS; then the same rush with the budget out of the way
(DISCORD_RATE_LIMIT far above the real limit), which is discord.py's own rate limiting alone; then the
memory of one process holding one shard of four over N servers.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "e2e"))

from discord_emulator import Emulator
from discord_ratelimit import RateLimiter
from shard_fleet import Fleet, delivery_rows, prepare, servers

from bench import scale_pg
from bench.timing import Row, Table, verdict

GLOBAL_LIMIT = 50
SHARDS = 4
SPLIT = ("0-1", "2-3")


def proc_mb(pid: int, field: str) -> float:
    """Return a /proc/PID/status figure (VmRSS, VmHWM) in MB; NaN where absent."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


async def rush(
    n: int, work: Path, *, rate: float | None = None, limit_s: float = 900, database: str | None = None
) -> dict[str, Any]:
    """Post to n channels in n servers over 4 shards in 2 processes (on ``database``, a PostgreSQL URL, if given)."""
    guilds = servers(n)
    emu = Emulator(limits=RateLimiter(per_second=GLOBAL_LIMIT, route_limit=(5, 5.0)))
    emu.add_guilds(guilds)
    arrivals: list[float] = []
    all_posted = asyncio.Event()

    def arrived(channel: str, message: dict[str, Any]) -> None:
        arrivals.append(time.monotonic())
        if len(arrivals) >= n:
            all_posted.set()

    emu.on_post = arrived
    await emu.start()
    db_path: Path | str = database or work / f"rush-{n}-{rate}.db"
    started = time.monotonic()
    await prepare(db_path, guilds)
    prepared = time.monotonic() - started
    extra = {"DISCORD_RATE_LIMIT": str(rate)} if rate else {}
    fleet = Fleet(
        db_path, emu.api_base, emu.gateway_url, emu.token, SHARDS, {"LOG_LEVEL": "WARNING", **extra}, cwd=work
    )
    peaks: list[float] = []
    try:
        for ids in SPLIT:
            await fleet.start(ids)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(all_posted.wait(), limit_s)
        await asyncio.sleep(2.0)  # a second post, were there one, arrives meanwhile
        peaks = [proc_mb(w.proc.pid, "VmHWM") for w in fleet.workers]
        statuses = await fleet.stop()
    finally:
        await fleet.stop()
        await emu.close()
    rows = await delivery_rows(db_path)
    posted = {c: len(emu.channel_posts(c)) for chans in guilds.values() for c in chans}
    for number, worker in enumerate(fleet.workers):
        backend = "pg" if database else "sqlite"
        (work / f"rush-{n}-{rate}-{backend}-worker{number}.log").write_text(worker.text, encoding="utf-8")
    return {
        "n": n,
        "prepared_s": prepared,
        "took_s": arrivals[-1] - arrivals[0] if arrivals else float("nan"),
        "posts": len(arrivals),
        "exactly_once": all(v == 1 for v in posted.values()),
        "not_once": {c: v for c, v in posted.items() if v != 1},
        "sent_rows": sum(1 for *_, status in rows if status == "sent"),
        "rows": len(rows),
        "global_429": emu.limits.global_429s,
        "route_429": len(emu.limits.rejected) - emu.limits.global_429s,
        "peak_rss_mb": peaks,
        "statuses": statuses,
        "errors": [line for w in fleet.workers for line in w.lines if "ERROR" in line or "Traceback" in line][:5],
    }


async def held_memory(n: int) -> tuple[float, float]:
    """Return the RSS of a process holding shard 0 of 4 over n servers, and of one holding a single server."""
    found = []
    for guilds in (servers(n), {}):
        emu = Emulator()
        emu.add_guilds(guilds)
        await emu.start()
        with tempfile.TemporaryDirectory(prefix="nd-held-") as temp:
            fleet = Fleet(Path(temp) / "bot.db", emu.api_base, emu.gateway_url, emu.token, SHARDS if guilds else 1)
            try:
                worker = await fleet.start("0")
                for _ in range(600):
                    if "connected to Discord as" in worker.text or worker.proc.returncode is not None:
                        break
                    await asyncio.sleep(0.2)
                await asyncio.sleep(3.0)  # start-up settled: commands synced, a scheduler round
                found.append(proc_mb(worker.proc.pid, "VmRSS"))
            finally:
                await fleet.stop()
                await emu.close()
    return found[0], found[1]


def bench_fanout(table: Table, n: int, work: Path, *, unbudgeted: int, held: int, admin: str | None = None) -> None:
    """The rush with the budget (on SQLite, and on PostgreSQL with ``admin``), discord.py alone, 1 of 4 shards."""
    for database in (None, *([scale_pg.database(admin, "nd_fanout", fresh=True)] if admin else [])):
        on = "PostgreSQL" if database else "SQLite"
        print(f"\n== fan-out: {n:,} channels in {n:,} servers at one minute, {SHARDS} shards in 2 processes, {on}")
        result = asyncio.run(rush(n, work, database=database))
        physical = n / GLOBAL_LIMIT
        ok = result["exactly_once"] and result["posts"] == n and result["sent_rows"] == n
        peak = max(result["peak_rss_mb"] or [float("nan")])
        table.add(
            Row(
                f"fan-out, {n:,} channels / {n:,} servers, 4 shards in 2 processes, {on}",
                f"{result['took_s']:.0f} s, peak RSS {', '.join(f'{p:.0f}' for p in result['peak_rss_mb'])} MB",
                "<= 240 s (10,000), <= 300 MB each",
                f"physical limit {physical:.0f} s ({n:,} / {GLOBAL_LIMIT} per s)",
                verdict(ok and result["took_s"] <= physical * 1.2 and peak <= 300),
                [
                    f"every post exactly once: {ok} ({result['posts']:,} posts, {result['sent_rows']:,} rows sent"
                    f" of {result['rows']:,}); 429s: {result['global_429']} global, {result['route_429']} route",
                    f"exit statuses {result['statuses']}; schedules written in {result['prepared_s']:.0f} s",
                    *([f"channels not posted exactly once: {result['not_once']}"] if result["not_once"] else []),
                    *result["errors"],
                ],
            )
        )
    if unbudgeted:
        print(f"\n== the same rush, {unbudgeted:,} channels, with discord.py's own rate limiting alone")
        alone = asyncio.run(rush(unbudgeted, work, rate=100_000))
        table.add(
            Row(
                f"fan-out without the budget (discord.py alone), {unbudgeted:,} channels",
                f"{alone['took_s']:.0f} s, {alone['global_429']} global 429s",
                "(comparison)",
                f"physical limit {unbudgeted / GLOBAL_LIMIT:.0f} s",
                "",
                [f"exactly once: {alone['exactly_once']}; route 429s {alone['route_429']}"],
            )
        )
    if not held:
        return
    print(f"\n== memory of a process holding shard 0 of {SHARDS} over {held:,} servers")
    rss, one = asyncio.run(held_memory(held))
    table.add(
        Row(
            f"RSS of a process holding {held // SHARDS:,} servers (1 of {SHARDS} shards)",
            f"{rss:.0f} MB",
            "",
            f"one server: {one:.0f} MB",
            "",
        )
    )
