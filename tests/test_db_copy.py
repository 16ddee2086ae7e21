"""`db copy` from SQLite into PostgreSQL (every table, resumable, counts compared) and `db check` on both."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
from pg_support import empty_database_url, fresh_database_url

from bot.errors import StoreError
from bot.models import Article, SourceKind
from bot.store import articles, deliveries, feedpolls, feeds, newsletter, schedules, search
from bot.store import copy as store_copy
from bot.store.db import Database
from bot.store.db import migrations as sqlite_migrations
from bot.store.feedpolls import Fetched
from bot.store.pg import migrations as pg_migrations
from bot.store.records import TargetRef, TargetTable
from bot.text.identity import identify

ROOT = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 3, 28, 7, 30, tzinfo=UTC)


async def _fill(db: Database, n: int = 30) -> None:
    """A little of everything: articles and stories, a feed with validators and state, schedules, deliveries."""
    src = await articles.get_or_create_source(db, SourceKind.FOLDER, "Desk", "/srv/drop", NOW)
    for i in range(n):
        art = Article(title=f"Harbour ferry timetable {i} changes", body=(f"Ferry {i} café news.",), url=None)
        await articles.add_article(db, src, art, NOW + timedelta(minutes=i), [f"k{i}"])
    feed = await feeds.add_feed(db, "https://news.test/feed.xml", now=NOW, guild_id=5, channel_id=6)
    entry = Article(title="Tram strike ends", body=("The tram strike ended.",), url="https://news.test/tram")
    fetched = Fetched(
        entries=[(entry, identify(entry, source_keys=["guid-1"]))],
        etag='"v1"',
        last_modified="Sat, 28 Mar 2026 07:00:00 GMT",
        next_poll_at=NOW + timedelta(minutes=15),
    )
    await feedpolls.store_poll(db, feed, fetched, now=NOW, worker=None)
    await feedpolls.record_failure(
        db,
        feed.id,
        now=NOW,
        error="timeout",
        failures=2,
        next_poll_at=NOW + timedelta(hours=1),
        paused=False,
        worker=None,
    )
    channel = await schedules.set_schedule(
        db, channel_id=777, guild_id=5, time="07:30", timezone="Europe/Berlin", topic="ferry", now=NOW
    )
    recipient, _ = await newsletter.add_recipient(
        db,
        "Reader@Example.org",
        time="06:00",
        timezone="UTC",
        topic=None,
        token="tok",  # noqa: S106 - an unsubscribe token
        now=NOW,
    )
    sent = await deliveries.claim(
        db, sink="discord", target=TargetRef(TargetTable.SCHEDULE, channel.id), slot="2026-03-28", now=NOW
    )
    assert sent is not None
    await deliveries.add_message_id(db, sent.id, "9001")
    await deliveries.mark_sent(db, sent.id, now=NOW)
    await deliveries.claim(
        db, sink="email", target=TargetRef(TargetTable.RECIPIENT, recipient.id), slot="2026-03-28", now=NOW
    )
    await deliveries.set_last_digest_at(db, 777, NOW)


async def test_copy_keeps_every_row_and_the_copy_works_as_a_store(tmp_path):
    sqlite = await Database.open(tmp_path / "news.db")
    try:
        await _fill(sqlite)
        before = await search.search(sqlite, "cafe ferry", now=NOW)
        async with empty_database_url() as url:
            target = await Database.open(url)
            try:
                counts = await store_copy.copy(sqlite, target, source_name="news.db", now=NOW)
                assert all(c.source == c.target for c in counts), counts
                assert {c.table: c.target for c in counts}["articles"] == 31
                report = await store_copy.check(target)
                assert report.problems == ()
                # The feed kept its validators and state; the delivery its message ids.
                feed = await feeds.get_feed_by_url(target, "https://news.test/feed.xml")
                assert feed is not None
                assert (feed.etag, feed.failures, feed.last_error) == ('"v1"', 2, "timeout")
                rows = await deliveries.for_recipient(target)
                assert len(rows) == 1
                sent = await deliveries.last_delivery(target, TargetRef(TargetTable.SCHEDULE, 1))
                assert sent is not None
                assert sent.message_ids == ("9001",)
                # Search gives the same hits; the next insert gets an id of its own.
                after = await search.search(target, "cafe ferry", now=NOW)
                assert [h.article_id for h in after.hits] == [h.article_id for h in before.hits]
                src = await articles.get_or_create_source(target, SourceKind.FEED, "New", "https://n.test/f", NOW)
                added = await articles.add_article(
                    target, src, Article(title="A new story", body=("New.",), url=None), NOW, ["new"]
                )
                assert added.new
                assert added.article_id == 32
                # Copying again finds it done and changes nothing.
                again = await store_copy.copy(sqlite, target, source_name="news.db", now=NOW)
                assert {c.table: c.target for c in again}["articles"] == 32
            finally:
                await target.close()
    finally:
        await sqlite.close()


async def test_a_stopped_copy_resumes_and_ends_equal(tmp_path, monkeypatch):
    sqlite = await Database.open(tmp_path / "news.db")
    try:
        await _fill(sqlite, n=60)
        monkeypatch.setattr(store_copy, "BATCH", 7)
        async with empty_database_url() as url:
            target = await Database.open(url)
            try:

                def stop_in_articles(table: str, done: int, total: int) -> None:
                    if table == "articles" and done >= 21:
                        raise KeyboardInterrupt

                with pytest.raises(KeyboardInterrupt):
                    await store_copy.copy(sqlite, target, source_name="news.db", now=NOW, progress=stop_in_articles)
                half = await target.fetchone("SELECT COUNT(*) FROM articles")
                assert half is not None
                assert 0 < half[0] < 61
                assert await store_copy.check_target(sqlite, target, "news.db") == "resume"
                # Another file is not this copy: refused, with what to do.
                with pytest.raises(store_copy.CopyRefusedError, match="another database"):
                    await store_copy.copy(sqlite, target, source_name="other.db", now=NOW)
                counts = await store_copy.copy(sqlite, target, source_name="news.db", now=NOW)
                assert all(c.source == c.target for c in counts), counts
                assert (await store_copy.check(target)).problems == ()
            finally:
                await target.close()
    finally:
        await sqlite.close()


@pytest.mark.parametrize("stop_in", ["entry_keys", "delivery_articles"])
async def test_a_copy_stopped_in_a_table_of_two_part_keys_resumes_after_its_last_row(tmp_path, monkeypatch, stop_in):
    """COPY refuses a row already there, so a resume must start right after the last row committed: keys of
    mixed case and accents, which PostgreSQL's text order may sort unlike SQLite's, find that place too."""
    sqlite = await Database.open(tmp_path / "news.db")
    try:
        await _fill(sqlite, n=40)
        src = await articles.get_or_create_source(sqlite, SourceKind.FEED, "Wire", "https://wire.test/f", NOW)
        for i, key in enumerate(["Zeta", "alpha", "Ärger", "zebra", "Alpha", "éclair", "_x", "10", "9"]):
            art = Article(title=f"Wire story {key} number {i}", body=(f"Wire body {i} about {key}.",))
            await articles.add_article(sqlite, src, art, NOW + timedelta(hours=1, minutes=i), [key, f"{key}-2"])
        recipient = await sqlite.fetchone("SELECT id FROM deliveries WHERE sink = 'discord'")
        assert recipient is not None
        async with sqlite.transaction() as conn:
            for article_id in range(1, 40):
                await conn.execute(
                    "INSERT INTO delivery_articles (delivery_id, article_id) VALUES (?, ?)", (recipient[0], article_id)
                )
        monkeypatch.setattr(store_copy, "BATCH", 5)
        async with empty_database_url() as url:
            target = await Database.open(url)
            try:

                def stop(table: str, done: int, total: int) -> None:
                    if table == stop_in and done >= 16:
                        raise KeyboardInterrupt

                with pytest.raises(KeyboardInterrupt):
                    await store_copy.copy(sqlite, target, source_name="news.db", now=NOW, progress=stop)
                half = await target.fetchone(f"SELECT COUNT(*) FROM {stop_in}")  # noqa: S608 - a table name
                assert half is not None
                assert half[0] == 20  # four batches of five committed, the fifth never started
                seen: list[tuple[str, int, int]] = []
                counts = await store_copy.copy(
                    sqlite, target, source_name="news.db", now=NOW, progress=lambda *a: seen.append(a)
                )
                assert all(c.source == c.target for c in counts), counts
                # Resumed where it stopped: no batch of that table was copied twice.
                assert min(done for table, done, _ in seen if table == stop_in) == 25
                pairs = "SELECT source_id, key, article_id FROM entry_keys ORDER BY 1, 2"
                assert [tuple(r) for r in await target.fetchall(pairs)] == [
                    tuple(r) for r in await sqlite.fetchall(pairs)
                ]
                assert (await store_copy.check(target)).problems == ()
            finally:
                await target.close()
    finally:
        await sqlite.close()


async def test_a_target_holding_other_data_is_refused(tmp_path):
    sqlite = await Database.open(tmp_path / "news.db")
    try:
        await _fill(sqlite, n=2)
        async with fresh_database_url() as url:
            target = await Database.open(url)
            try:
                await articles.get_or_create_source(target, SourceKind.FEED, "Live", "https://live.test/f", NOW)
                with pytest.raises(store_copy.CopyRefusedError, match="already holds newsdigest data"):
                    await store_copy.copy(sqlite, target, source_name="news.db", now=NOW)
            finally:
                await target.close()
    finally:
        await sqlite.close()


def _cli(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("DATABASE_")}
    environ["PYTHONPATH"] = str(ROOT)
    return subprocess.run(
        [sys.executable, "-m", "bot", "--env-file", os.devnull, *args],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=environ,
        timeout=120,
        check=False,
    )


async def test_db_copy_and_check_on_the_command_line(tmp_path):
    sqlite = await Database.open(tmp_path / "news.db")
    try:
        await _fill(sqlite, n=5)
    finally:
        await sqlite.close()
    async with empty_database_url() as url:
        copied = _cli(tmp_path, "--db", str(tmp_path / "news.db"), "db", "copy", "--to", url)
        assert copied.returncode == 0, copied.stderr
        assert "copied: every table's count matches" in copied.stdout
        assert "articles                        6          6\n" in copied.stdout
        checked = _cli(tmp_path, "--db", url, "db", "check")
        assert checked.returncode == 0, checked.stderr
        known = len(pg_migrations())
        assert checked.stdout.startswith(f"backend: postgresql\nschema: {known} (this newsdigest knows {known})\n")
        assert checked.stdout.endswith("ok\n")
        password = url.split("://", 1)[1].split("@", 1)[0].split(":", 1)[1]
        wrong = url.replace(f":{password}@", ":not-the-password@")
        refused = _cli(tmp_path, "--db", str(tmp_path / "news.db"), "db", "copy", "--to", wrong)
        assert refused.returncode == 1
        assert refused.stderr.count("\n") == 1, refused.stderr
        assert "password authentication failed" in refused.stderr
        assert "not-the-password" not in refused.stderr
        assert password not in refused.stderr + refused.stdout
    checked = _cli(tmp_path, "--db", str(tmp_path / "news.db"), "db", "check")
    assert checked.returncode == 0, checked.stderr
    known = len(sqlite_migrations())
    assert checked.stdout.startswith(f"backend: sqlite\nschema: {known} (this newsdigest knows {known})\n")
    missing = _cli(tmp_path, "--db", str(tmp_path / "nope.db"), "db", "copy", "--to", "postgresql://h/db")
    assert missing.returncode == 2
    assert "is not a SQLite file" in missing.stderr


async def test_a_postgresql_database_migrated_by_another_build_is_refused_by_name() -> None:
    # Another build's migration 2 under the same number: numbers alone would skip this build's own 2.
    async with empty_database_url() as url:
        db = await Database.open(url)
        await db.close()
        async with await psycopg.AsyncConnection.connect(url, autocommit=True) as conn:
            await conn.execute("UPDATE schema_migrations SET name = 'find_fast' WHERE number = 2")
        with pytest.raises(StoreError, match=r"migration 0002 is 'find_fast'.*another build"):
            await Database.open(url)
