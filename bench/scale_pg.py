"""The PostgreSQL side of bench.scale: the same ingest, /find and digest figures, beside SQLite's in one run.

The server: ``NEWSDIGEST_BENCH_PG_URL`` (an admin URL, e.g. the test cluster's), or a throwaway cluster
started by tests/pg_cluster.py with PostgreSQL's durable defaults (fsync on), stopped at the end. The find
and digest databases are the SQLite ones of bench.scale, copied with ``newsdigest db copy``'s own code
(bot.store.copy), so both engines answer over the same rows.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import resource
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg

from bench.corpus import Corpus, fixed_queries
from bench.timing import Row, Table, percentile, verdict

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
import pg_cluster  # noqa: E402 - the tests' cluster helper, shared with the benchmark


@contextlib.contextmanager
def server(work: Path) -> Iterator[str | None]:
    """Yield an admin URL, or None (with a line saying why) when no PostgreSQL can be had."""
    url = os.environ.get("NEWSDIGEST_BENCH_PG_URL", "").strip()
    if url:
        yield url
        return
    folder = work / "pg-cluster"
    pg_cluster.stop(folder)
    try:
        url = pg_cluster.start(folder, durable=True)
    except (OSError, RuntimeError, subprocess.SubprocessError) as exc:
        print(f"   PostgreSQL not started ({exc}): the PostgreSQL rows are left out")
        yield None
        return
    try:
        yield url
    finally:
        pg_cluster.stop(folder)


def database(admin: str, name: str, *, fresh: bool) -> str:
    """Return the URL of database ``name`` on the server, made empty first if ``fresh``."""
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if fresh and exists:
            conn.execute(f"DROP DATABASE {name} WITH (FORCE)")  # type: ignore[arg-type]
        if fresh or not exists:
            conn.execute(f"CREATE DATABASE {name}")  # type: ignore[arg-type]
    return re.sub(r"/[^/?]*(\?|$)", f"/{name}\\1", admin, count=1)


def copied(admin: str, sqlite_path: Path, name: str) -> tuple[str, float]:
    """Return a PostgreSQL copy of a SQLite database (reused when complete), and the seconds the copy took."""
    from bot.store import copy as store_copy
    from bot.store.db import Database

    url = database(admin, name, fresh=False)

    async def run() -> float:
        source = await Database.open(sqlite_path)
        target = await Database.open(url)
        try:
            state = await store_copy.check_target(source, target, str(sqlite_path))
            start = time.perf_counter()
            if state != "done":
                await store_copy.copy(source, target, source_name=str(sqlite_path), now=datetime.now(UTC))
                await target.execute("ANALYZE")
            return time.perf_counter() - start if state != "done" else 0.0
        finally:
            await source.close()
            await target.close()

    try:
        return url, asyncio.run(run())
    except Exception:
        url = database(admin, name, fresh=True)
        return url, asyncio.run(run())


def bench_ingest(table: Table, work: Path, n: int, admin: str) -> None:
    """``newsdigest ingest`` of the same drop files as the SQLite row, into a fresh PostgreSQL database."""
    from bench.scale import one_core

    drop = work / "ingest" / "drop"
    print(f"\n== ingest on PostgreSQL: the same {n} drop files")
    url = database(admin, "nd_bench_ingest", fresh=True)
    env = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR"}}
    env.update({"LOG_LEVEL": "WARNING"})
    cmd = one_core([sys.executable, "-m", "bot", "--env-file", os.devnull, "--db", url, "ingest", str(drop)])
    server_before = server_cpu(url)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    server = server_cpu(url) - server_before if server_before >= 0 else -1.0
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    match = re.search(r"new: (\d+)\s+duplicate: (\d+)\s+quarantined: (\d+)\s+failed: (\d+)", proc.stdout)
    label = f"PostgreSQL: ingest end to end, {n:,} drop files, one core"
    if not match:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-1:]
        table.add(Row(label, "n/a", ">= 500 articles/s", "", "n/a", [f"exit {proc.returncode}: {tail}"]))
        return
    new = int(match.group(1))
    rate = new / wall
    table.add(
        Row(
            label,
            f"{rate:,.0f} articles/s",
            ">= 500 articles/s",
            "the SQLite row above",
            verdict(rate >= 500),
            [
                f"{new} new in {wall:.1f} s wall, {cpu:.1f} s CPU in the newsdigest process"
                + (f", {server:.1f} s CPU in the server's processes" if server >= 0 else " (the server's not counted)")
            ],
        )
    )


def server_cpu(url: str) -> float:
    """Return the CPU seconds of a local server's processes so far, or -1 when the server is not on this machine.

    The postmaster's own and its exited children's (backends, autovacuum workers: its cutime and cstime), plus
    its live children's (the checkpointer, the WAL writer, the background writer and any backend still
    connected, which the exited children's counts do not hold yet).
    """
    try:
        with psycopg.connect(url) as conn:
            row = conn.execute("SELECT pg_backend_pid()").fetchone()
            backend = int(row[0]) if row else 0
            postmaster = int(_stat_fields(backend)[1])  # while the backend lives: it exits once the connection closes
        fields = _stat_fields(postmaster)
    except (OSError, ValueError, IndexError, psycopg.Error):
        return -1.0
    # utime, stime, cutime, cstime: the postmaster's own and its exited children's (the connection above too).
    ticks = sum(int(f) for f in fields[11:15])
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            child = _stat_fields(int(entry.name))
        except (OSError, ValueError, IndexError):
            continue  # ended meanwhile: its time is in the postmaster's cutime now
        if child[1] == str(postmaster):
            ticks += int(child[11]) + int(child[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def _stat_fields(pid: int) -> list[str]:
    """Fields of ``/proc/PID/stat`` after the command name: state, ppid, ... (utime is index 11)."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def bench_find(table: Table, sqlite_db: Path, size: int, seed: int, admin: str) -> None:
    """The same 200 queries through bot.store.search on a PostgreSQL copy of the find database.

    Up to 100,000 articles the copy is ``db copy``'s own code from the SQLite database; above, it is the
    100,000-article copy grown by bench.pgload.replicate (COPY would spend most of an hour computing a
    million rows' search vectors on this machine; see bench/README.md).
    """
    from bench import pgload

    print(f"\n== find on PostgreSQL: 200 queries at {size:,} articles")
    if size <= 100_000:
        url, seconds = copied(admin, sqlite_db, f"nd_bench_find_{size}")
        how = f"copied from SQLite by db copy's code in {seconds:.0f} s" if seconds else "copy reused"
    else:
        with psycopg.connect(admin, autocommit=True) as conn:
            base = conn.execute("SELECT 1 FROM pg_database WHERE datname = 'nd_bench_find_100000'").fetchone()
        if base is None:
            label = f"PostgreSQL: find p50/p95/p99, {size:,} articles"
            table.add(Row(label, "n/a", "", "", "n/a", ["grown from the 100,000 copy: include 100000 in --find-sizes"]))
            return
        start = time.perf_counter()
        url = pgload.replicate(admin, "nd_bench_find_100000", f"nd_bench_find_{size}", size // 100_000)
        how = f"the 100,000-article copy ten times over, built in {time.perf_counter() - start:.0f} s"
    find_rows(table, url, size, seed, how)


def find_rows(table: Table, url: str, size: int, seed: int, how: str) -> None:
    """Add the find rows of the PostgreSQL database at ``url`` (its newest arrival + 1 hour is "now")."""
    from bench.scale import SOURCES_BY_SIZE, find_corpus, summary, time_filtered, time_search

    queries = fixed_queries(find_corpus(seed))
    with psycopg.connect(url) as conn:
        newest = conn.execute("SELECT MAX(arrived_at) FROM articles").fetchone()
        by_size = [(str(r[0]),) for r in conn.execute(SOURCES_BY_SIZE).fetchall()]
    assert newest is not None
    now = datetime.strptime(str(newest[0]), "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC) + timedelta(hours=1)
    goal = {1_000_000: 15.0}.get(size)
    latencies, hits, errors = asyncio.run(time_search(url, queries, now))  # type: ignore[arg-type]
    worst = {q: max(latencies[i :: len(queries)]) for i, q in enumerate(queries)}
    slowest = sorted(((t, q) for q, t in worst.items()), reverse=True)[:3]
    notes = [
        f"{hits} of {len(queries)} queries had hits; {len(errors)} refused",
        "slowest: " + ", ".join(f"{q} {t:.1f} ms" for t, q in slowest),
        how,
    ]
    table.add(
        Row(
            f"PostgreSQL: find p50/p95/p99, {size:,} articles",
            summary(latencies),
            f"p95 <= {goal:.0f} ms" if goal else "",
            "the SQLite row of the same size",
            verdict(percentile(latencies, 95) <= goal) if goal else "",
            notes,
        )
    )
    filtered = asyncio.run(time_filtered(None, queries, now, target=url, by_size=by_size))
    table.add(
        Row(
            f"PostgreSQL: find with a since or source filter, {size:,} articles",
            summary(filtered),
            "",
            "the same queries unfiltered (row above)",
            "",
            [f"{len(filtered)} searches, as the SQLite row; slowest {max(filtered):.1f} ms"],
        )
    )


def bench_digest(table: Table, sqlite_db: Path, corpus: Corpus, admin: str) -> None:
    """Digest build + render over a PostgreSQL copy of the digest database."""
    from bench.scale import time_digest

    print("\n== digest on PostgreSQL: build + render a 24-hour window")
    url, _ = copied(admin, sqlite_db, "nd_bench_digest")
    full, raw, items, messages = asyncio.run(time_digest(url, corpus.end, 20))  # type: ignore[arg-type]
    p50 = percentile(full, 50)
    table.add(
        Row(
            "PostgreSQL: digest build+render, 24 h window",
            f"{p50:.1f} ms median, {max(full):.1f} ms max",
            "<= 50 ms",
            f"window rows read raw {percentile(raw, 50):.1f} ms",
            verdict(p50 <= 50),
            [f"{items} stories, {messages} Discord messages"],
        )
    )
