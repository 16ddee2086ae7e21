"""Real ``newsdigest run`` processes (headless) polling one database, both backends, against the local feed
server: each feed fetched once by two processes together, and a poller killed with SIGKILL mid-fetch has its
feeds polled by another process once the lease runs out, not before."""

from __future__ import annotations

import asyncio
import time
from contextlib import AbstractAsyncContextManager
from pathlib import Path

import headless_run
import pytest
from aiohttp import web
from feed_server import FeedServer
from headless_run import headless_env, until

from bot.clock import SystemClock
from bot.store import feeds as feed_store
from bot.store.db import Database

# FEED_LEASE below: the least allowed. What the cases prove (a killed poller's feeds taken once its lease runs
# out, not before; a fetch outlasting a lease kept by its renewals) holds at any lease, and the least waits least.
LEASE_S = 10


def rss(n: int) -> bytes:
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed {n}</title><link>https://x.example/</link>'
        f"<item><title>Story {n}</title><guid>urn:s:{n}</guid><description>Text {n}.</description></item>"
        "</channel></rss>"
    ).encode()


def environment(db: Database, extra: dict[str, str] | None = None) -> dict[str, str]:
    settings = {
        "LOG_LEVEL": "INFO",
        "FEED_ALLOWED_NETWORKS": "127.0.0.1/32",
        "FEED_TIMEOUT": "5",
        "FEED_CONCURRENCY": "2",
        "FEED_PER_HOST": "2",
        "FEED_LEASE": f"{LEASE_S}s",
    }
    return headless_env(db, {**settings, **(extra or {})})


def newsdigest_run(
    db: Database, log: Path, extra: dict[str, str] | None = None
) -> AbstractAsyncContextManager[asyncio.subprocess.Process]:
    return headless_run.newsdigest_run(environment(db, extra), log)


async def test_two_processes_fetch_each_feed_once(db, server: FeedServer, tmp_path: Path):
    paths = [f"/f{n}.xml" for n in range(8)]
    for n, path in enumerate(paths):
        server.bytes(path, rss(n))
        await feed_store.add_feed(db, server.url(path), now=SystemClock().now())
    async with newsdigest_run(db, tmp_path / "a.log"), newsdigest_run(db, tmp_path / "b.log"):
        await until(lambda: all(server.hits[p] for p in paths), 60, "every feed fetched")
        await asyncio.sleep(2)  # time for a second fetch, were there one
        assert {p: server.hits[p] for p in paths} == dict.fromkeys(paths, 1)
    workers = await db.fetchall("SELECT COUNT(*) AS n FROM feeds WHERE lease_worker IS NOT NULL")
    assert workers[0]["n"] == 0
    logs = [(tmp_path / name).read_text() for name in ("a.log", "b.log")]
    assert all("taking due feeds by lease" in text for text in logs), logs


async def test_a_killed_pollers_feeds_are_polled_by_another_once_its_lease_runs_out(
    db, server: FeedServer, tmp_path: Path
):
    first_hit: dict[str, float] = {}
    second_hit: dict[str, float] = {}

    def stuck_once(path: str, n: int) -> None:
        async def handler(request: web.Request) -> web.StreamResponse:
            if path not in first_hit:
                first_hit[path] = time.monotonic()
                await asyncio.Event().wait()  # never answers: its poller is killed meanwhile
            second_hit.setdefault(path, time.monotonic())
            return web.Response(body=rss(n), headers={"Content-Type": "application/rss+xml"})

        server.route(path, handler)

    paths = ["/stuck0.xml", "/stuck1.xml"]
    for n, path in enumerate(paths):
        stuck_once(path, n)
        await feed_store.add_feed(db, server.url(path), now=SystemClock().now())
    async with newsdigest_run(db, tmp_path / "doomed.log") as doomed:
        await until(lambda: len(first_hit) == len(paths), 60, "the doomed poller fetching both feeds")
        doomed.kill()  # SIGKILL mid-fetch: its leases are never freed
        await doomed.wait()
    taken_at = min(first_hit.values())
    async with newsdigest_run(db, tmp_path / "heir.log"):
        await until(lambda: len(second_hit) == len(paths), LEASE_S + 30, "the other poller taking the feeds over")
        for _ in range(200):  # its poll recorded (the lease freed) before it is stopped
            rows = await db.fetchall("SELECT lease_worker, last_success_at FROM feeds ORDER BY id")
            if all(r["last_success_at"] is not None for r in rows):
                break
            await asyncio.sleep(0.05)
    for path in paths:
        waited = second_hit[path] - taken_at
        assert waited >= LEASE_S - 1, (path, waited)  # not before the lease ran out
        assert waited <= LEASE_S + 20, (path, waited)
    assert [r["lease_worker"] for r in rows] == [None, None]
    assert all(r["last_success_at"] is not None for r in rows)


async def test_two_processes_fetch_a_feed_slower_than_the_lease_once(db, server: FeedServer, tmp_path: Path):
    if db.dialect == "postgresql":
        # 21 s of real waiting; the renewals' SQL runs on PostgreSQL in tests/test_poller_leases.py (injected clock).
        pytest.skip("the slow feed outlasting a lease is timed on SQLite only")
    answer_after = LEASE_S * 1.6  # longer than a lease: only the renewals keep the feed its poller's
    asked: list[float] = []

    async def slow(request: web.Request) -> web.StreamResponse:
        asked.append(time.monotonic())
        await asyncio.sleep(answer_after)
        return web.Response(body=rss(7), headers={"Content-Type": "application/rss+xml"})

    path = "/slow.xml"
    server.route(path, slow)
    await feed_store.add_feed(db, server.url(path), now=SystemClock().now())
    slow_fetch = {"FEED_TIMEOUT": str(int(answer_after * 3))}  # fetches outlasting the lease, not the timeout
    async with (
        newsdigest_run(db, tmp_path / "a.log", slow_fetch),
        newsdigest_run(db, tmp_path / "b.log", slow_fetch),
    ):
        await until(lambda: bool(asked), 60, "the feed asked for")
        for _ in range(int((answer_after + 10) / 0.05)):  # its poll recorded, and a little more
            row = await db.fetchone("SELECT last_success_at FROM feeds")
            if row is not None and row["last_success_at"] is not None:
                break
            await asyncio.sleep(0.05)
        await asyncio.sleep(LEASE_S / 2)  # a second fetch, were there one, would have begun
    assert len(asked) == 1, asked
    assert server.hits[path] == 1
    assert row is not None
    assert row["last_success_at"] is not None
    logs = [(tmp_path / name).read_text() for name in ("a.log", "b.log")]
    assert not any("taken by another" in text for text in logs), logs
