"""Speed and scale figures for newsdigest, each printed beside a baseline measured in the same run.

    python -m bench.scale --quick                 # smoke run, under a minute
    python -m bench.scale                         # the issue's sizes (1M articles: ~15 minutes, 5 GB disk)
    python -m bench.scale --only find --find-sizes 10000,100000 --work /tmp/nd-scale   # keep and reuse DBs
    python -m bench.scale --only fanout --fanout-size 1000   # the morning rush over shards (bench/fanout.py)
    python -m bench.scale --no-pg                 # SQLite only (by default PostgreSQL is measured beside it)

Run from the repository root. bench/README.md ("Speed, scale and durability") says what each figure means
and keeps the latest table.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import re
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench import poll_workers, scale_pg
from bench.corpus import Corpus, fixed_queries
from bench.fanout import bench_fanout
from bench.loader import bulk_load, count_articles
from bench.timing import Row, Table, machine, percentile, verdict
from bot.store.db import MIGRATION_FUNCTIONS

ROOT = Path(__file__).resolve().parents[1]
# The find database: 1,000 articles a day, ids in arrival order (as a busy bot's archive); 1M = 1,000 days.
FIND_PER_DAY = 1000.0
FIND_DAYS = 1000.0
# The digest database: 10k articles at 200 a day, so the last 24 hours hold about 200.
DIGEST_PER_DAY = 200.0
DIGEST_SIZE = 10_000
PARTS = ("ingest", "find", "digest", "poll", "rss", "fanout", "polling-workers")


def fmt_ms(value: float) -> str:
    """Format milliseconds."""
    return f"{value:.1f} ms" if value < 100 else f"{value:.0f} ms"


def clean_env(db: Path, **extra: str) -> dict[str, str]:
    """Return an environment with only what the child needs: no user .env, no Discord token."""
    env = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "PYTHONHASHSEED"}}
    env.update({"DATABASE_PATH": str(db), "LOG_LEVEL": "WARNING", **extra})
    return env


def one_core(cmd: list[str]) -> list[str]:
    """Pin a child to one core where taskset exists, so 'per core' means one core."""
    return ["taskset", "-c", "1", *cmd] if shutil.which("taskset") and (os.cpu_count() or 1) > 1 else cmd


# --- ingest ----------------------------------------------------------------------------------------------


def raw_baseline(paths: list[Path], db: Path, *, fts: bool) -> float:
    """Read every file and insert its text raw (optionally into an FTS5 table); return seconds."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    start = time.perf_counter()
    conn = sqlite3.connect(str(db), isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    if fts:
        conn.execute("CREATE VIRTUAL TABLE raw USING fts5 (name, text, tokenize = 'porter unicode61')")
    else:
        conn.execute("CREATE TABLE raw (name TEXT PRIMARY KEY, text TEXT NOT NULL)")
    rows = [(p.name, p.read_text(encoding="utf-8")) for p in paths]
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO raw (name, text) VALUES (?, ?)", rows)
    conn.execute("COMMIT")
    conn.close()
    return time.perf_counter() - start


def bench_ingest(table: Table, work: Path, n: int, seed: int) -> None:
    """Ingest ``n`` drop files end to end through ``newsdigest ingest``; baseline: raw read + insert."""
    print(f"\n== ingest: {n} drop files end to end (parse + key points + store + index)")
    folder = work / "ingest"
    shutil.rmtree(folder, ignore_errors=True)
    drop = folder / "drop"
    corpus = Corpus(seed + 1, days=max(1.0, n / 200))
    paths = corpus.write_drop_files(drop, n)
    past = time.time() - 120  # older than the drop folder's settle time: every file is ready at once
    for path in paths:
        os.utime(path, (past, past))
    raw = raw_baseline(paths, folder / "raw.db", fts=False)
    raw_fts = raw_baseline(paths, folder / "raw_fts.db", fts=True)
    db = folder / "ingest.db"
    cmd = one_core([sys.executable, "-m", "bot", "--env-file", os.devnull, "ingest", str(drop)])
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(
        cmd, cwd=ROOT, env=clean_env(db, DROP_FOLDERS=str(drop)), capture_output=True, text=True, check=False
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    match = re.search(r"new: (\d+)\s+duplicate: (\d+)\s+quarantined: (\d+)\s+failed: (\d+)", proc.stdout)
    if proc.returncode not in (0, 1) or not match:
        table.add(
            Row(
                "ingest end to end (10k drop files)" if n == 10_000 else f"ingest end to end ({n} drop files)",
                "n/a",
                ">= 500 articles/s",
                f"raw read+insert {n / raw:,.0f}/s",
                "n/a",
                [f"exit {proc.returncode}: {(proc.stderr or proc.stdout).strip().splitlines()[-1:]}"],
            )
        )
        return
    new, dup, quarantined, failed = (int(g) for g in match.groups())
    rate = new / wall
    notes = [
        f"{new} new, {dup} duplicate, {quarantined} quarantined, {failed} failed in {wall:.1f} s wall,"
        f" {cpu:.1f} s CPU ({new / cpu if cpu else 0:,.0f} articles per CPU-second)",
        f"raw read+insert: {raw:.2f} s; raw read+insert into FTS5: {raw_fts:.2f} s ({n / raw_fts:,.0f}/s)",
    ]
    if new + dup + quarantined + failed != n:
        notes.append(f"the counts add up to {new + dup + quarantined + failed}, not {n}")
    table.add(
        Row(
            f"ingest end to end, {n:,} drop files, one core",
            f"{rate:,.0f} articles/s",
            ">= 500 articles/s",
            f"raw read+insert {n / raw:,.0f}/s",
            verdict(rate >= 500),
            notes,
        )
    )


# --- find ------------------------------------------------------------------------------------------------


def fts_expression(query: str) -> str:
    """Translate a benchmark query into a plain FTS5 expression (for the unranked baseline)."""
    parts = []
    for token in re.findall(r'"[^"]*"|\S+', query):
        if token == "OR":  # noqa: S105 - an FTS5 operator, not a password
            parts.append("OR")
        elif token.startswith('"'):
            parts.append(token)
        elif token.startswith("-"):
            parts.append(f'NOT "{token[1:]}"')
        else:
            parts.append(f'"{token}"')
    return " ".join(parts)


async def time_search(
    db_path: Path, queries: list[str], now: datetime, passes: int = 3
) -> tuple[list[float], int, list[str]]:
    """Run the queries through bot.store.search ``passes`` times (after a warm-up); return latencies, hits, errors.

    The latencies of every pass are returned together (pass after pass, in query order), so one moment of a
    busy machine weighs a third of what it would in a single pass.
    """
    from bot.errors import InvalidSearchQueryError
    from bot.store.db import Database
    from bot.store.search import search

    db = await Database.open(db_path)
    latencies: list[float] = []
    hits = 0
    errors: list[str] = []
    try:
        for query in queries[:20]:
            with contextlib.suppress(InvalidSearchQueryError):
                await search(db, query, now=now, limit=10)
        for number in range(passes):
            for query in queries:
                start = time.perf_counter()
                try:
                    page = await search(db, query, now=now, limit=10)
                    hits += len(page.hits) > 0 and number == 0
                except InvalidSearchQueryError as exc:
                    if number == 0:
                        errors.append(f"{query!r}: {exc}")
                latencies.append((time.perf_counter() - start) * 1000)
    finally:
        await db.close()
    return latencies, hits, errors


SOURCES_BY_SIZE = (
    "SELECT s.name FROM sources s JOIN articles a ON a.source_id = s.id GROUP BY s.id ORDER BY COUNT(*), s.id"
)


async def time_filtered(
    db_path: Path | None,
    queries: list[str],
    now: datetime,
    target: Path | str | None = None,
    by_size: list[tuple[str]] | None = None,
) -> list[float]:
    """Run every fifth query with each filter /find offers: since 1 day and 30 days, the smallest and largest source.

    ``target``: the database searched, if not ``db_path`` itself (a PostgreSQL copy of it); ``by_size``: the
    source names, smallest first, if not read from ``db_path`` (SOURCES_BY_SIZE).
    """
    from bot.errors import InvalidSearchQueryError
    from bot.store.db import Database
    from bot.store.search import search

    if by_size is None:
        assert db_path is not None
        conn = sqlite3.connect(str(db_path))
        try:
            by_size = conn.execute(SOURCES_BY_SIZE).fetchall()
        finally:
            conn.close()
    filters: list[dict[str, Any]] = [
        {"since": now - timedelta(days=1)},
        {"since": now - timedelta(days=30)},
        {"source": by_size[0][0]},
        {"source": by_size[-1][0]},
    ]
    db = await Database.open(target if target is not None else db_path)  # type: ignore[arg-type]
    out: list[float] = []
    try:
        for query in queries[::5]:
            for extra in filters:
                start = time.perf_counter()
                with contextlib.suppress(InvalidSearchQueryError):
                    await search(db, query, now=now, limit=10, **extra)
                out.append((time.perf_counter() - start) * 1000)
    finally:
        await db.close()
    return out


def time_sql(db_path: Path, sql: str, params: list[tuple[Any, ...]]) -> list[float]:
    """Time one SQL shape over many parameter tuples (sync sqlite3, rows fetched); return ms each."""
    conn = sqlite3.connect(str(db_path))
    out = []
    try:
        for args in params[:20]:
            conn.execute(sql, args).fetchall()
        for args in params:
            start = time.perf_counter()
            conn.execute(sql, args).fetchall()
            out.append((time.perf_counter() - start) * 1000)
    finally:
        conn.close()
    return out


def summary(latencies: list[float]) -> str:
    """Return p50 / p95 / p99."""
    return " / ".join(fmt_ms(percentile(latencies, q)) for q in (50, 95, 99))


def find_corpus(seed: int) -> Corpus:
    """Return the corpus the find database is loaded from."""
    return Corpus(seed, days=FIND_DAYS, per_day=FIND_PER_DAY)


def newest_arrival(db: Path) -> datetime:
    """Return the newest arrival in a database (the search benchmark's 'now' is just after it)."""
    conn = sqlite3.connect(str(db))
    try:
        text = conn.execute("SELECT MAX(arrived_at) FROM articles").fetchone()[0]
    finally:
        conn.close()
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


def grow(db: Path, size: int, seed: int) -> float:
    """Grow the find database to ``size`` articles with the bulk loader; return seconds spent."""
    have = count_articles(db)
    if have >= size:
        return 0.0
    corpus = find_corpus(seed)
    print(f"   bulk-loading articles {have:,} .. {size:,} into {db}")
    start = time.perf_counter()

    def progress(done: int) -> None:
        if done % 100_000 == 0:
            print(f"   .. {have + done:,} ({time.perf_counter() - start:.0f} s)", flush=True)

    bulk_load(db, corpus.articles(size - have, start=have), progress=progress)
    return time.perf_counter() - start


CANDIDATES = 500
# The search of the previous release, kept as a baseline: FTS5's bm25 over the newest 500 matches.
BM25_RANK = (
    "WITH c AS (SELECT rowid AS id, bm25(articles_fts, 10.0, 1.0, 4.0) AS b FROM articles_fts"
    " WHERE articles_fts MATCH ?1 ORDER BY rowid DESC LIMIT ?2)"
    " SELECT c.id, c.b / (1.0 + MAX(0.0, julianday(?3)"
    " - julianday(COALESCE(MIN(a.published_sort, a.arrived_at), a.arrived_at))) / 14.0) AS score"
    " FROM c JOIN articles a ON a.id = c.id ORDER BY score, c.id DESC LIMIT 10"
)


def time_bm25_shape(db_path: Path, queries: list[str], now: datetime) -> list[float]:
    """Time the previous search: bm25 over the newest matches, snippets for the page only, a capped count."""
    try:
        from bot.store.search import build_match
    except ImportError:
        build_match = fts_expression
    snip = "snippet(articles_fts, 1, '[', ']', '...', 24), snippet(articles_fts, 2, '[', ']', '...', 24)"
    when = now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    conn = sqlite3.connect(str(db_path))
    for name, function in MIGRATION_FUNCTIONS.items():  # snippet() reads articles_fts's content view (0017)
        conn.create_function(name, 1, function, deterministic=True)
    out = []
    try:
        for number, query in enumerate([*queries[:20], *queries]):
            start = time.perf_counter()
            try:
                match = build_match(query)
            except Exception:
                match = None
            if match is not None:
                ids = [r[0] for r in conn.execute(BM25_RANK, (match, CANDIDATES, when))]
                if ids:
                    marks = ",".join("?" * len(ids))
                    conn.execute(
                        f"SELECT rowid, {snip} FROM articles_fts WHERE articles_fts MATCH ? AND rowid IN ({marks})",  # noqa: S608
                        (match, *ids),
                    ).fetchall()
                    conn.execute(
                        "SELECT a.id, a.title, a.published, a.arrived_at, a.url, s.name FROM articles a"  # noqa: S608
                        f" JOIN sources s ON s.id = a.source_id WHERE a.id IN ({marks})",
                        ids,
                    ).fetchall()
                conn.execute(
                    "SELECT COUNT(*) FROM (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? LIMIT 1000)",
                    (match,),
                ).fetchone()
            if number >= 20:
                out.append((time.perf_counter() - start) * 1000)
    finally:
        conn.close()
    return out


def bench_find(table: Table, db: Path, size: int, seed: int) -> None:
    """Find latency over the fixed 200 queries at ``size`` articles, against unranked and LIKE baselines."""
    print(f"\n== find: 200 queries at {size:,} articles")
    loaded = grow(db, size, seed)
    if loaded:
        print(f"   loaded in {loaded:.0f} s (generation included)")
    queries = fixed_queries(find_corpus(seed))
    now = newest_arrival(db) + timedelta(hours=1)
    goal = {100_000: 10.0, 1_000_000: 50.0}.get(size)
    exprs = [(fts_expression(q),) for q in queries]
    plain = time_sql(db, "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? LIMIT 10", exprs)
    ranked = time_sql(
        db,
        "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?"
        " ORDER BY bm25(articles_fts, 10.0, 1.0, 2.0) LIMIT 10",
        exprs,
    )
    previous = time_bm25_shape(db, queries, now)
    notes = [
        f"baseline FTS5 MATCH unranked LIMIT 10: {summary(plain)}; MATCH ORDER BY bm25 LIMIT 10: {summary(ranked)}",
        f"previous search (bm25 over the newest {CANDIDATES} matches, page snippets): {summary(previous)}",
    ]
    baseline = f"FTS5 unranked p95 {fmt_ms(percentile(plain, 95))}"
    if size <= 10_000:
        words = [("%" + (re.findall(r"[A-Za-z]+", q) or ["x"])[0] + "%",) for q in queries]
        like = time_sql(
            db,
            "SELECT id FROM articles WHERE title LIKE ?1 OR body LIKE ?1 ORDER BY arrived_at DESC LIMIT 10",
            words,
        )
        notes.append(f"baseline LIKE '%word%' scan: {summary(like)}")
        baseline += f"; LIKE scan p95 {fmt_ms(percentile(like, 95))}"
    try:
        latencies, hits, errors = asyncio.run(time_search(db, queries, now))
    except NotImplementedError:
        table.add(Row(f"find p50/p95/p99, {size:,} articles", "n/a", "", baseline, "n/a", ["search not built yet"]))
        return
    notes.append(f"{hits} of {len(queries)} queries had hits; {len(errors)} refused")
    notes += [f"refused: {e}" for e in errors[:3]]
    passes = len(latencies) // len(queries)
    notes.append(f"{passes} passes over the 200 queries: {len(latencies)} timings together")
    worst = {q: max(latencies[i :: len(queries)]) for i, q in enumerate(queries)}
    slowest = sorted(((t, q) for q, t in worst.items()), reverse=True)[:3]
    notes.append("slowest: " + ", ".join(f"{q} {fmt_ms(t)}" for t, q in slowest))
    p95 = percentile(latencies, 95)
    table.add(
        Row(
            f"find p50/p95/p99, {size:,} articles",
            summary(latencies),
            f"p95 <= {goal:.0f} ms" if goal else "",
            baseline,
            verdict(p95 <= goal) if goal else "",
            notes,
        )
    )
    filtered = asyncio.run(time_filtered(db, queries, now))
    table.add(
        Row(
            f"find with a since or source filter, {size:,} articles",
            summary(filtered),
            "",
            "the same queries unfiltered (row above)",
            "",
            [
                f"{len(filtered)} searches: every fifth query with since 1 day, since 30 days, the smallest and the"
                " largest source; slowest " + fmt_ms(max(filtered))
            ],
        )
    )


# --- digest ----------------------------------------------------------------------------------------------


async def time_digest(db_path: Path, now: datetime, runs: int) -> tuple[list[float], list[float], int, int]:
    """Build and render the last 24 hours' digest ``runs`` times; baseline: the window's rows read raw."""
    from bot.digest.render import Renderer
    from bot.digest.select import build_digest
    from bot.store.articles import arrived_between
    from bot.store.db import Database

    db = await Database.open(db_path)
    renderer = Renderer(None)
    since = now - timedelta(hours=24)
    full: list[float] = []
    raw: list[float] = []
    items = messages = 0
    try:
        for run in range(runs + 2):
            start = time.perf_counter()
            rows = await arrived_between(db, since, now)
            middle = time.perf_counter()
            digest = await build_digest(db, since, now)
            renderer.render(digest, "markdown")
            msgs = renderer.discord_messages(digest)
            end = time.perf_counter()
            if run >= 2:  # two warm-up runs: templates compiled, pages cached
                raw.append((middle - start) * 1000)
                full.append((end - middle) * 1000)
            items, messages = len(digest.items), len(msgs)
            assert rows
    finally:
        await db.close()
    return full, raw, items, messages


def bench_digest(table: Table, work: Path, seed: int) -> Corpus:
    """Digest build + render (markdown and Discord messages) for a 24-hour window of ~200 articles."""
    print("\n== digest: build + render a 24-hour window")
    corpus = Corpus(seed + 2, days=DIGEST_SIZE / DIGEST_PER_DAY, per_day=DIGEST_PER_DAY)
    db = work / "digest.db"
    if count_articles(db) < DIGEST_SIZE:
        bulk_load(db, corpus.articles(DIGEST_SIZE - count_articles(db), start=count_articles(db)))
    now = corpus.end
    conn = sqlite3.connect(str(db))
    in_window = conn.execute(
        "SELECT COUNT(*) FROM articles WHERE arrived_at >= ?",
        ((now - timedelta(hours=24)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),),
    ).fetchone()[0]
    conn.close()
    try:
        full, raw, items, messages = asyncio.run(time_digest(db, now, 20))
    except NotImplementedError as exc:
        table.add(Row("digest build+render, 24 h window", "n/a", "<= 50 ms", "", "n/a", [f"not built yet: {exc}"]))
        return corpus
    p50 = percentile(full, 50)
    table.add(
        Row(
            f"digest build+render, 24 h window ({in_window} articles)",
            f"{fmt_ms(p50)} median, {fmt_ms(max(full))} max",
            "<= 50 ms",
            f"window rows read raw {fmt_ms(percentile(raw, 50))}",
            verdict(p50 <= 50),
            [f"{items} stories, {messages} Discord messages; markdown + discord_messages rendered each run"],
        )
    )
    return corpus


# --- children: poll and bot RSS --------------------------------------------------------------------------


def run_child(module: str, args: list[str], timeout: float) -> dict[str, Any]:
    """Run ``python -m module args`` and return the JSON object it prints last."""
    cmd = [sys.executable, "-m", module, *args]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False)
    for line in reversed(proc.stdout.strip().splitlines()):
        if line.startswith("{"):
            result: dict[str, Any] = json.loads(line)
            return result
    tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
    return {"error": f"exit {proc.returncode}: {' | '.join(tail)}"}


def bench_poll(table: Table, feeds: int) -> None:
    """Poll ``feeds`` feeds on a local server (50 ms latency, 80 % answering 304); time and peak RSS."""
    print(f"\n== poll: {feeds} feeds, 50 ms latency, 80 % 304")
    result = run_child("bench.poll_child", ["--feeds", str(feeds)], timeout=600)
    base = run_child("bench.poll_child", ["--feeds", str(feeds), "--baseline"], timeout=600)
    nan = float("nan")
    if "error" in result:
        table.add(Row(f"poll {feeds:,} feeds", "n/a", "<= 20 s, <= 200 MB", "", "n/a", [result["error"]]))
        return
    ok = result["seconds"] <= 20 and result["peak_rss_mb"] <= 200
    table.add(
        Row(
            f"poll {feeds:,} feeds (50 ms latency, 80 % 304)",
            f"{result['seconds']:.1f} s, peak RSS {result['peak_rss_mb']:.0f} MB",
            "<= 20 s, <= 200 MB",
            f"bare aiohttp GETs {base.get('seconds', nan):.1f} s, {base.get('peak_rss_mb', nan):.0f} MB",
            verdict(ok),
            result.get("notes", []),
        )
    )


def vm_rss_mb(pid: int) -> float:
    """Return a process's resident set size in MB (0 if gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text(encoding="ascii").splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def bot_on_emulator(db: Path, work: Path, finds: int = 5) -> dict[str, Any]:
    """Run ``newsdigest run`` against the Discord emulator (its own process); return RSS and /find times."""
    emu = subprocess.Popen(
        [sys.executable, "-m", "bench.emulator_child"],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    bot = None
    try:
        assert emu.stdin is not None
        assert emu.stdout is not None
        endpoints = json.loads(emu.stdout.readline())
        env = clean_env(
            db,
            DISCORD_TOKEN=endpoints["token"],
            DISCORD_API_BASE=endpoints["api_base"],
            DISCORD_GATEWAY_URL=endpoints["gateway_url"],
        )
        bot = subprocess.Popen(
            [sys.executable, "-m", "bot", "--env-file", os.devnull, "run"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        if emu.stdout.readline().strip() != "ready":
            return {"error": "the bot did not connect to the emulator"}
        time.sleep(2.0)  # let start-up work settle (command sync, first scheduler round)
        started = vm_rss_mb(bot.pid)
        times = []
        for _ in range(finds):
            emu.stdin.write("find council OR harbour\n")
            emu.stdin.flush()
            times.append(float(emu.stdout.readline().split()[1]))
        return {"rss_mb": started, "rss_after_finds_mb": vm_rss_mb(bot.pid), "find_ms": times}
    finally:
        if bot is not None:
            bot.terminate()
            try:
                bot.wait(10)
            except subprocess.TimeoutExpired:
                bot.kill()
                bot.wait()
        if emu.stdin is not None:
            emu.stdin.close()
        try:
            emu.wait(10)
        except subprocess.TimeoutExpired:
            emu.kill()
            emu.wait()


def bench_rss(table: Table, db: Path, work: Path) -> None:
    """Resident memory of the bot after start, connected to the Discord emulator, with the database at hand."""
    articles = count_articles(db)
    print(f"\n== bot RSS after start with {articles:,} articles")
    base = run_child("bench.rss_child", ["--baseline"], timeout=120)
    baseline = f"python + discord.py imported {base.get('rss_mb', float('nan')):.0f} MB"
    try:
        result = bot_on_emulator(db, work)
    except (OSError, ValueError, subprocess.SubprocessError) as exc:
        result = {"error": f"{type(exc).__name__}: {exc}"}
    if "error" not in result:
        notes = [
            "`newsdigest run` connected to the project's Discord emulator (tests/e2e), commands synced",
            f"RSS after {len(result['find_ms'])} /find answered: {result['rss_after_finds_mb']:.0f} MB;"
            f" /find round trip {', '.join(f'{t:.0f}' for t in result['find_ms'])} ms",
        ]
        table.add(
            Row(
                f"bot RSS after start, {articles:,} articles",
                f"{result['rss_mb']:.0f} MB",
                "<= 120 MB",
                baseline,
                verdict(result["rss_mb"] <= 120),
                notes,
            )
        )
        return
    # Without the emulator: the bot's modules, its database and its objects in one process, not logged in.
    inproc = run_child("bench.rss_child", ["--db", str(db)], timeout=300)
    notes = [f"emulator run failed: {result['error']}"]
    if "error" in inproc:
        table.add(Row("bot RSS after start", "n/a", "<= 120 MB", baseline, "n/a", [*notes, inproc["error"]]))
        return
    table.add(
        Row(
            f"bot RSS after start (in-process, not logged in), {articles:,} articles",
            f"{inproc['rss_mb']:.0f} MB",
            "<= 120 MB",
            baseline,
            verdict(inproc["rss_mb"] <= 120),
            [*notes, *inproc.get("notes", [])],
        )
    )


# --- main ------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    """Run the chosen benchmarks and print the table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke run in under a minute")
    parser.add_argument("--only", nargs="+", choices=PARTS, help="run only these parts")
    parser.add_argument("--ingest-size", type=int, default=10_000)
    parser.add_argument("--find-sizes", default="10000,100000,1000000", help="comma-separated article counts")
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--worker-feeds", type=int, default=20_000, help="feeds of the polling-workers part")
    parser.add_argument("--worker-rounds", default="1,2", help="pollers per cycle of polling-workers, e.g. 1,2,1,2")
    parser.add_argument("--fanout-size", type=int, default=10_000, help="channels (and servers) of the rush")
    parser.add_argument("--unbudgeted-size", type=int, default=1000, help="the rush with discord.py alone (0: skip)")
    parser.add_argument("--held-servers", type=int, default=10_000, help="servers over 4 shards: 1 shard's memory")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, help="keep databases here and reuse them (default: a temp folder)")
    parser.add_argument("--markdown", type=Path, help="also write the table as Markdown to this file")
    parser.add_argument(
        "--no-pg", action="store_true", help="SQLite only (by default each figure is measured on PostgreSQL too)"
    )
    args = parser.parse_args(argv)
    parts = set(args.only or PARTS)
    sizes = sorted(int(s) for s in args.find_sizes.split(","))
    ingest_size, feeds = args.ingest_size, args.feeds
    if args.quick:
        sizes, ingest_size, feeds = [10_000], 300, 200
        args.fanout_size, args.unbudgeted_size, args.held_servers = 200, 100, 400
    temp = None
    if args.work:
        work = args.work
        work.mkdir(parents=True, exist_ok=True)
    else:
        temp = tempfile.TemporaryDirectory(prefix="nd-scale-")
        work = Path(temp.name)
    table = Table()
    print(f"newsdigest scale benchmark, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {machine()}")
    with contextlib.ExitStack() as stack:
        if temp is not None:
            stack.callback(temp.cleanup)
        admin = None if args.no_pg else stack.enter_context(scale_pg.server(work))
        if "ingest" in parts:
            bench_ingest(table, work, ingest_size, args.seed)
            if admin:
                scale_pg.bench_ingest(table, work, ingest_size, admin)
        db = work / "find.db"
        if parts & {"find", "digest", "rss"}:
            for size in sizes:
                if "find" in parts:
                    bench_find(table, db, size, args.seed)
                    if admin:
                        scale_pg.bench_find(table, db, size, args.seed, admin)
                else:
                    grow(db, size, args.seed)
                if size == sizes[0] and "digest" in parts:
                    corpus = bench_digest(table, work, args.seed)
                    if admin:
                        scale_pg.bench_digest(table, work / "digest.db", corpus, admin)
                if (size == 100_000 or (args.quick and size == sizes[-1])) and "rss" in parts:
                    bench_rss(table, db, work)
        if "poll" in parts:
            bench_poll(table, feeds)
        if "polling-workers" in parts:
            rounds = [int(r) for r in args.worker_rounds.split(",")]
            poll_workers.run(table, 1000 if args.quick else args.worker_feeds, 0.05, admin, work, rounds)
        if "fanout" in parts:
            bench_fanout(
                table, args.fanout_size, work, unbudgeted=args.unbudgeted_size, held=args.held_servers, admin=admin
            )
    print("\n" + table.markdown())
    if args.markdown:
        args.markdown.write_text(table.markdown() + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
