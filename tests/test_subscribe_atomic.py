"""Subscribing never floods: the feed, its backlog and its validators are stored together or not at all.

The kill test starts the real ``newsdigest feeds add`` on a large feed that the local server dribbles out,
kills it with SIGKILL at random moments, then polls with the real poller: no entry of the feed may ever reach
a digest, and a later entry still does.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import signal
import sqlite3
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from aiohttp import web
from feed_server import loopback_settings

from bot.clock import ManualClock
from bot.digest.select import build_digest
from bot.ingest.fetch import Fetcher
from bot.ingest.poller import poll_once
from bot.ingest.subscribe import add_feed_and_backfill
from bot.store import feeds as feed_store
from bot.store.articles import arrived_between
from bot.store.db import Database, migrations, to_db_time

ENTRIES = 300
WORDS = "harbour council ferry tide market bridge lamp school river library budget crane quay mill storm"
WORDS_LIST = WORDS.split()


class Sent:
    """When the server sent a response's last byte."""

    def __init__(self) -> None:
        self.event = asyncio.Event()
        self.at = 0.0

    def mark(self) -> None:
        self.at = time.monotonic()
        self.event.set()


def item(n: int) -> str:
    rng = random.Random(n)
    body = " ".join(rng.choice(WORDS_LIST) for _ in range(60))
    title = f"Story {n}: " + " ".join(rng.choice(WORDS_LIST) for _ in range(6))
    return (
        f"<item><title>{title}</title><link>https://big.example/story/{n}</link><guid>big-{n}</guid>"
        f"<pubDate>Mon, 01 Dec 2025 {n % 24:02d}:{n % 60:02d}:00 GMT</pubDate>"
        f"<description>{body}. {body[::-1]}.</description></item>"
    )


def big_feed(*extra: str) -> bytes:
    items = "".join([*extra, *(item(n) for n in range(ENTRIES))])
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Big Harbour Wire</title>'
        f"<link>https://big.example/</link>{items}</channel></rss>"
    ).encode()


def dribbled(data: bytes, chunk: int = 4096, pause: float = 0.01, sent: Sent | None = None):
    """Serve ``data`` a chunk at a time; note in ``sent`` when the last byte went out."""

    async def handler(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(
            headers={"Content-Type": "application/rss+xml", "ETag": '"big-1"', "Last-Modified": "Mon, 01 Dec 2025"}
        )
        try:
            await response.prepare(request)
            for start in range(0, len(data), chunk):
                await response.write(data[start : start + chunk])
                await asyncio.sleep(pause)
            await response.write_eof()
            if sent is not None:
                sent.mark()
        except (ConnectionResetError, ConnectionError):
            pass  # the client was killed mid-download: that is the test
        return response

    return handler


def cli_env(db_path: Path, home: Path) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(home),
        "DATABASE_PATH": str(db_path),
        "FEED_ALLOWED_NETWORKS": "127.0.0.1/32",
        "LOG_LEVEL": "WARNING",
    }


async def feeds_add(
    url: str, db_path: Path, home: Path, *, kill_after: float | None = None, sent: Sent | None = None
) -> tuple[int | None, float]:
    """Run ``newsdigest feeds add URL``; SIGKILL it ``kill_after`` seconds after its start, or after the feed
    was all sent when ``sent`` is given. Return its exit status and the time it ran.
    """
    started = time.monotonic()
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "feeds", "add", url, cwd=home, env=cli_env(db_path, home), stdout=-1, stderr=-1
    )
    try:
        if kill_after is None:
            out, err = await asyncio.wait_for(proc.communicate(), timeout=120)
            assert proc.returncode == 0, err.decode()
            assert f"{ENTRIES} current entries stored, not posted".encode() in out, out
        else:
            if sent is not None:
                waiters = {asyncio.ensure_future(sent.event.wait()), asyncio.ensure_future(proc.wait())}
                _, pending = await asyncio.wait(waiters, timeout=60, return_when=asyncio.FIRST_COMPLETED)
                for waiter in pending:
                    waiter.cancel()
            try:
                await asyncio.wait_for(proc.wait(), timeout=kill_after)
            except TimeoutError:
                # The command may have ended as the timer fired (a finished run is an outcome too): no one to kill.
                with contextlib.suppress(ProcessLookupError):
                    proc.send_signal(signal.SIGKILL)
            await proc.communicate()
    finally:
        if proc.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                proc.kill()
            await proc.wait()
    return proc.returncode, time.monotonic() - started


async def cli_digest(db_path: Path, home: Path) -> str:
    """Return what ``newsdigest digest --since 2d --format text`` prints."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "digest", "--since", "2d", "--format", "text",
        cwd=home, env=cli_env(db_path, home), stdout=-1, stderr=-1,
    )  # fmt: skip
    out, err = await asyncio.wait_for(proc.communicate(), timeout=120)
    assert proc.returncode == 0, err.decode()
    return out.decode()


async def check_after(db_path: Path, url: str, server) -> bool:
    """Poll the feed as `run` would; assert nothing of its backlog is postable. Return whether it was subscribed."""
    clock = ManualClock(datetime.now(UTC) + timedelta(days=1))  # every feed is due
    # The entries are dated December 2025 and the clock is today's: FEED_MAX_AGE wide enough to post the new one.
    settings = loopback_settings(feed_timeout=30.0, feed_max_age=timedelta(days=3650))
    db = await Database.open(db_path)
    try:
        feeds = await feed_store.list_feeds(db)
        if feeds:
            [feed] = feeds
            # All of a subscription or none of it: the backlog and the validators came with the row.
            assert feed.backlog_stored
            assert feed.etag == '"big-1"'
            window = await arrived_between(db, clock.now() - timedelta(days=3), clock.now(), include_initial=True)
            assert len(window) == ENTRIES
        server.route("/big.xml", dribbled(big_feed(fresh := item(ENTRIES + 1)), pause=0))
        async with Fetcher(settings, clock) as fetcher:
            report = await poll_once(db, fetcher=fetcher, settings=settings, clock=clock)
        assert report.failed == 0, [o.error for o in report.outcomes]
        digest = await build_digest(db, clock.now() - timedelta(days=3), clock.now() + timedelta(seconds=1))
        titles = [i.article.article.title for i in digest.items]
        if feeds:
            assert titles == [fresh.split("<title>")[1].split("</title>")[0]]
        else:
            assert titles == []
    finally:
        await db.close()
        server.route("/big.xml", dribbled(big_feed()))
    return bool(feeds)


async def test_killing_feeds_add_at_random_moments_never_floods_a_digest(server, tmp_path):
    sent = Sent()
    url = server.route("/big.xml", dribbled(big_feed(), sent=sent))
    # One full run gives the spans in which the kills land, and shows the command works at all.
    started = time.monotonic()
    status, span = await feeds_add(url, tmp_path / "whole.db", tmp_path)
    assert status == 0
    assert "Story" not in await cli_digest(tmp_path / "whole.db", tmp_path)  # the backlog is in no digest
    tail = started + span - sent.at  # parsing and storing, after the last byte was sent
    assert await check_after(tmp_path / "whole.db", url, server)

    seed = random.randrange(10**6)
    rng = random.Random(seed)
    # Anywhere in the run (start-up, download), and mostly after the download, while it parses and stores.
    kills = [(rng.uniform(0.05, span), False) for _ in range(2)] + [(rng.uniform(0, tail), True) for _ in range(4)]
    outcomes = []
    for number, (moment, after_download) in enumerate(kills):
        db_path = tmp_path / f"killed-{number}.db"
        sent = Sent()
        server.route("/big.xml", dribbled(big_feed(), sent=sent))
        status, _ = await feeds_add(url, db_path, tmp_path, kill_after=moment, sent=sent if after_download else None)
        if not db_path.exists():
            outcomes.append((round(moment, 3), after_download, status, "no database yet"))
            continue
        subscribed = await check_after(db_path, url, server)
        outcomes.append((round(moment, 3), after_download, status, "subscribed" if subscribed else "not subscribed"))
    print(f"seed {seed}, full run {span:.2f}s, {tail:.2f}s after the download:", outcomes)


async def test_a_feed_stored_without_its_backlog_takes_its_first_poll_as_backlog(db, server, clock):
    settings = loopback_settings()
    url = server.bytes("/wire.xml", big_feed(), "application/rss+xml")
    # A feed row without its backlog: from the store directly, or from an older version stopped half-way.
    feed = await feed_store.add_feed(db, url, now=clock.now())
    assert not feed.backlog_stored
    async with Fetcher(settings, clock) as fetcher:
        first = await poll_once(db, fetcher=fetcher, settings=settings, clock=clock)
        assert first.ingest.new == ENTRIES
        assert await arrived_between(db, clock.now() - timedelta(days=1), clock.now() + timedelta(seconds=1)) == []
        polled = await feed_store.get_feed(db, feed.id)
        assert polled is not None
        assert polled.backlog_stored
        server.bytes("/wire.xml", big_feed(item(ENTRIES + 7)), "application/rss+xml")
        clock.advance(3600)
        second = await poll_once(db, fetcher=fetcher, settings=settings, clock=clock)
    assert second.ingest.new == 1
    window = await arrived_between(db, clock.now() - timedelta(days=1), clock.now() + timedelta(seconds=1))
    assert [s.article.title.split(":")[0] for s in window] == [f"Story {ENTRIES + 7}"]


async def test_subscribing_stores_the_feed_backlog_and_validators_at_once(db, server, clock):
    url = server.conditional("/c.xml", big_feed(), '"v1"', "Mon, 01 Dec 2025 10:00:00 GMT")
    feed, report = await add_feed_and_backfill(db, url, settings=loopback_settings(), clock=clock)
    assert report.new == ENTRIES
    assert feed.backlog_stored
    assert (feed.etag, feed.last_modified) == ('"v1"', "Mon, 01 Dec 2025 10:00:00 GMT")
    assert feed.last_success_at == clock.now()
    assert feed.next_poll_at is not None
    assert feed.next_poll_at > clock.now()
    with pytest.raises(feed_store.FeedExistsError):
        await add_feed_and_backfill(db, url, settings=loopback_settings(), clock=clock)
    with pytest.raises(feed_store.FeedExistsError):
        await feed_store.add_feed(db, url, now=clock.now())


async def test_migration_0007_keeps_older_feeds_as_subscribed_with_their_backlog(tmp_path, clock):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    for number, _, sql in migrations()[:6]:
        conn.executescript(f"BEGIN;\n{sql}\nPRAGMA user_version = {number};\nCOMMIT;")
    now = to_db_time(clock.now())
    conn.execute("INSERT INTO sources (kind, name, location, created_at) VALUES ('feed', 'A', 'https://a', ?)", (now,))
    conn.execute("INSERT INTO feeds (source_id, url, created_at) VALUES (1, 'https://a', ?)", (now,))
    conn.close()
    db = await Database.open(path)
    try:
        [old] = await feed_store.list_feeds(db)
        assert old.backlog_stored
        new = await feed_store.add_feed(db, "https://b.example/feed", now=clock.now())
        assert not new.backlog_stored
    finally:
        await db.close()
