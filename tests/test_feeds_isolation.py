"""One bad entry never blocks a feed: by URL, as a dropped file, under the poller, and from the command line.

A lone surrogate (JSON Feed ``"\\udfff"``, RSS ``&#xD800;``) is made valid text where the feed is parsed; any
other fault in one entry skips that entry with a log line naming the feed and the entry.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from feed_server import loopback_settings

from bot.ingest.feedraw import RawEntry, RawFeed
from bot.ingest.feeds import build_feed, parse_feed
from bot.ingest.fetch import Fetcher
from bot.ingest.pipeline import ingest_paths
from bot.ingest.poller import poll_once
from bot.ingest.subscribe import add_feed_and_backfill, ingest_feed_url
from bot.models import Article, Identity, SourceKind
from bot.store import feeds as feed_store
from bot.store.articles import arrived_between, get_or_create_source
from bot.store.entries import store_entries

NOW = datetime(2026, 1, 1, tzinfo=UTC)
ROOT = Path(__file__).resolve().parents[1]


def json_feed(*extra: dict) -> bytes:
    items = [
        {"id": "q-1", "url": "https://quay.example/1", "title": "Ferry timetable\udfff changes", "content_text": "x"},
        {"id": "q-2", "url": "https://quay.example/2", "title": "Harbour wall repaired", "content_text": "Done."},
        {"id": "q-3", "url": "https://quay.example/3", "title": "Fish market opens early", "summary": "At five."},
        *extra,
    ]
    doc = {"version": "https://jsonfeed.org/version/1.1", "title": "Quay \ud800News", "items": items}
    return json.dumps(doc).encode()  # ensure_ascii: the lone surrogates travel as \\udfff escapes


def rss(*extra: str) -> bytes:
    items = [
        "<item><title>Bad &#xD800; title</title><link>https://mill.example/1</link>"
        "<description>Text &#xDFFF; and &#x110000; here.</description></item>",
        "<item><title>Mill wheel turns again</title><link>https://mill.example/2</link>"
        "<description>After ten years.</description></item>",
        "<item><title>Flour prices steady</title><link>https://mill.example/3</link></item>",
        *extra,
    ]
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Mill Radio</title>'
        f"<link>https://mill.example/</link>{''.join(items)}</channel></rss>"
    ).encode()


async def titles(db) -> list[str]:
    window = await arrived_between(db, NOW - timedelta(days=3650), NOW + timedelta(days=3650), include_initial=True)
    return sorted(s.article.title for s in window)


def assert_valid(texts: list[str]) -> None:
    for text in texts:
        text.encode("utf-8")  # raises on a lone surrogate


@pytest.mark.parametrize("name", ["json", "rss"])
async def test_feeds_add_and_ingest_url_store_every_entry(name, db, server, clock):
    settings = loopback_settings()
    data = json_feed() if name == "json" else rss()
    added = server.bytes("/added", data, "application/octet-stream")
    feed, report = await add_feed_and_backfill(db, added, settings=settings, clock=clock)
    assert report.new == 3
    assert feed.title is not None
    assert_valid([feed.title])
    stored = await titles(db)
    assert len(stored) == 3
    assert_valid(stored)
    assert any("\ufffd" in t for t in stored)

    once = server.bytes("/once", data.replace(b"example/", b"example/other-"), "application/octet-stream")
    report = await ingest_feed_url(db, once, settings=settings, clock=clock)
    assert report.failed == 0, report.problems
    assert report.new + report.duplicate == 3


async def test_the_poller_stores_the_good_entries_beside_a_bad_one(db, server, clock):
    settings = loopback_settings(feed_max_failures=2)
    url = server.bytes("/quay.json", json_feed(), "application/feed+json")
    feed, _ = await add_feed_and_backfill(db, url, settings=settings, clock=clock)
    later = {"id": "q-4", "url": "https://quay.example/4", "title": "Tide \udfff table", "content_text": "Low."}
    good = {"id": "q-5", "url": "https://quay.example/5", "title": "Crane arrives by sea", "content_text": "Big."}
    server.bytes("/quay.json", json_feed(later, good), "application/feed+json")
    async with Fetcher(settings, clock) as fetcher:
        for _ in range(3):  # more polls than the pause threshold: a bad entry must never count as a failure
            clock.advance(3600)
            report = await poll_once(db, fetcher=fetcher, settings=settings, clock=clock)
            assert report.failed == 0, [o.error for o in report.outcomes]
    stored = await feed_store.get_feed(db, feed.id)
    assert stored is not None
    assert not stored.paused
    assert stored.failures == 0
    window = await arrived_between(db, clock.now() - timedelta(hours=4), clock.now() + timedelta(seconds=1))
    assert sorted(s.article.title for s in window) == ["Crane arrives by sea", "Tide \ufffd table"]


async def test_a_dropped_feed_file_with_bad_entries_is_stored_not_quarantined(db, clock, tmp_path):
    drop = tmp_path / "drop"
    drop.mkdir()
    (drop / "quay.json").write_bytes(json_feed())
    (drop / "mill.rss").write_bytes(rss())
    aged = time.time() - 600
    for path in drop.iterdir():
        os.utime(path, (aged, aged))
    report = await ingest_paths(db, [drop], settings=loopback_settings(), clock=clock)
    assert report.quarantined == report.failed == 0, report.problems
    assert report.new == 6
    assert_valid(await titles(db))


def test_an_entry_that_fails_is_skipped_and_named_in_the_log(caplog):
    good = RawEntry("Lock gates replaced", "https://canal.example/1", "c-1", datetime(2025, 5, 1, tzinfo=UTC))
    # A format parser's bad value in one entry: a date that is no date.
    bad = RawEntry("Broken one", "https://canal.example/2", "c-2", "yesterday")  # type: ignore[arg-type]
    with caplog.at_level(logging.WARNING, logger="bot.ingest.feeds"):
        feed = build_feed(RawFeed("Canal Notes", None, (bad, good)), now=NOW)
    assert [e.article.title for e in feed.entries] == ["Lock gates replaced"]
    [line] = [r.getMessage() for r in caplog.records]
    assert "Canal Notes" in line
    assert "c-2" in line


def test_a_date_beyond_the_calendar_costs_the_date_not_the_entry():
    data = (
        b"<rss version='2.0'><channel><title>t</title>"
        b"<item><title>Far future</title><link>https://x.example/1</link>"
        b"<pubDate>9999-12-31T23:00:00-14:00</pubDate></item></channel></rss>"
    )
    [entry] = parse_feed(data, now=NOW).entries
    assert entry.article.published == NOW


@pytest.mark.parametrize("command", ["feeds-add", "ingest"])
async def test_the_command_line_stores_a_feed_with_a_bad_entry_without_a_traceback(command, server, tmp_path):
    url = server.bytes("/mill.rss", rss(), "application/rss+xml")
    args = ["feeds", "add", url] if command == "feeds-add" else ["ingest", url]
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "DATABASE_PATH": str(tmp_path / "cli.db"),
        "FEED_ALLOWED_NETWORKS": "127.0.0.1/32",
        "PYTHONPATH": str(ROOT),
    }
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *args, cwd=tmp_path, env=env, stdout=-1, stderr=-1
    )
    out, err = await asyncio.wait_for(proc.communicate(), timeout=120)
    assert proc.returncode == 0, err.decode()
    assert b"Traceback" not in err
    stored = b"3 current entries stored" if command == "feeds-add" else b"new: 3 "
    assert stored in out, out


async def test_an_entry_the_database_refuses_is_skipped_and_the_others_stored(db, clock, caplog):
    source = await get_or_create_source(db, SourceKind.FEED, "Quay News", "https://quay.example/feed", clock.now())

    def entry(n: int, title: str):
        article = Article(title, (f"Body {n}.",), url=f"https://quay.example/{n}", guid=f"q-{n}")
        return article, Identity((f"guid:q-{n}",), f"https://quay.example/{n}", f"fingerprint-{n}")

    # Text no parser lets through (a lone surrogate), as if a bug upstream did: SQLite cannot encode it.
    entries = [entry(1, "Harbour wall repaired"), entry(2, "Tide \udfff table"), entry(3, "Crane arrives")]
    with caplog.at_level(logging.WARNING, logger="bot.store.entries"):
        results = await store_entries(db, source.id, entries, arrived_at=clock.now(), initial=False)
    assert [r.new for r in results] == [True, True]
    assert await titles(db) == ["Crane arrives", "Harbour wall repaired"]
    [line] = [r.getMessage() for r in caplog.records]
    assert "https://quay.example/feed" in line
    assert "q-2" in line
