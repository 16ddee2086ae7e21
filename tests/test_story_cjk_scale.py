"""Chinese and Japanese stories at scale (PostgreSQL's story locks; bench/cjk_stories.py's synthetic headlines).

A headline of character pairs locks ~3/4 of its pairs (prefix filtering at threshold 0.25): a batch of 200 such
files wanted more story locks than a transaction may hold and took the exclusive lock, which every writer, of
any language, then waited for. A pair now locks one of a fixed few keys (pgarticles.PAIR_LOCKS).
"""

from __future__ import annotations

import asyncio
import threading
from datetime import UTC, datetime, timedelta
from typing import Any

from cjk_support import postgresql_before
from pg_support import empty_database_url, fresh_database_url

from bench import cjk_stories
from bot.models import Article, SourceKind
from bot.store import articles, pgarticles
from bot.store.db import Database, to_db_time
from bot.store.pg import migrations as pg_migrations
from bot.text.similarity import same_story

NOW = datetime(2026, 12, 7, 0, 0, tzinfo=UTC)


_records = cjk_stories.records


def test_the_synthetic_tellings_are_one_story_each_and_the_stories_apart() -> None:
    tellings = [(n, cjk_stories.telling(n, which)) for n in range(200) for which in (0, 1)]
    for n, a in tellings:
        for m, b in tellings:
            assert same_story(a, b) == (n == m), (a, b)


def test_a_pair_locks_one_of_the_fixed_keys_and_a_word_its_own() -> None:
    pair_keys = set(pgarticles._PAIR_KEYS)
    assert len(pair_keys) == pgarticles.PAIR_LOCKS
    cjk = pgarticles.story_lock_keys("东京市议会批准新有轨电车线路")
    assert cjk
    assert cjk <= pair_keys
    mixed = pgarticles.story_lock_keys("Tokyo 電車 新路線 開通へ 来年春")
    assert mixed & pair_keys
    assert mixed - pair_keys  # "tokyo": a word's own key
    assert not pgarticles.story_lock_keys("Harbour ferry strike ends after long talks") & pair_keys


def test_a_batch_of_200_cjk_files_wants_fewer_story_locks_than_the_bound() -> None:
    counts = cjk_stories.lock_counts(200)
    assert counts["prefix_words"] > pgarticles.MAX_STORY_LOCKS  # one lock a pair would be over it
    assert counts["locks"] <= pgarticles.PAIR_LOCKS < pgarticles.MAX_STORY_LOCKS


async def test_a_cjk_batch_takes_its_own_locks_and_an_english_writer_does_not_wait_for_it() -> None:
    async with fresh_database_url() as url:
        first, second = await Database.open(url), await Database.open(url)
        try:
            desk = await articles.get_or_create_source(first, SourceKind.FOLDER, "desk", "/desk", NOW)
            wire = await articles.get_or_create_source(first, SourceKind.FOLDER, "wire", "/wire", NOW)
            batch = _records(cjk_stories.batch(200, 0, 0), desk.id, "cjk")
            stored, release = threading.Event(), threading.Event()
            held: list[int] = []

            def work(conn: Any) -> None:
                articles.insert_groups(conn, [[r] for r in batch], lambda: NOW)
                row = conn.execute(
                    "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()"
                ).fetchone()
                held.append(int(row[0]))
                stored.set()
                assert release.wait(30), "the test never released the batch"

            task = asyncio.create_task(first.write(work))
            assert await asyncio.to_thread(stored.wait, 30)
            try:
                english = Article(
                    title="Harbour ferry strike ends after long talks", body=("Crews.",), url="https://e/1"
                )
                racer = asyncio.create_task(articles.add_article(second, wire, english, NOW, ["e1"]))
                done, _ = await asyncio.wait({racer}, timeout=10)
                assert racer in done, "an English writer waited for a CJK batch"
                assert racer.result().new
                # and a second telling of the batch's last story does wait (a shared pair's key)
                telling = Article(title=cjk_stories.telling(199, 1), body=("wire",), url="https://w/1")
                joining = asyncio.create_task(articles.add_article(second, wire, telling, NOW, ["w1"]))
                await asyncio.sleep(0.5)
                assert not joining.done(), "a second telling of a story did not wait for its first"
            finally:
                release.set()
                await task
            assert (await joining).story_id == (
                await first.fetchall("SELECT story_id FROM articles WHERE url = ?", ["https://cjk.example/199"])
            )[0][0]
            expected = len({k for r in batch for k in pgarticles.story_lock_keys(r.article.title)}) + 1
            assert held == [expected]  # the pairs' keys and the shared one, not the exclusive one alone
            assert expected <= pgarticles.MAX_STORY_LOCKS
        finally:
            await first.close()
            await second.close()


async def test_processes_ingesting_the_two_tellings_of_cjk_stories_at_once_make_one_story_of_each() -> None:
    """Two processes, each storing one telling of the same 200 stories in batches of 50: one story each."""
    async with fresh_database_url() as url:
        _wall, spent = await asyncio.to_thread(
            cjk_stories.run_writers, url, [("desk", 4, 50, 0, 0, 0), ("wire", 4, 50, 0, 1, 0)]
        )
        assert len(spent) == 2
        db = await Database.open(url)
        try:
            rows = await db.fetchall("SELECT url, story_id FROM articles")
            assert len(rows) == 400
            by_story: dict[str, set[int]] = {}
            for row in rows:
                n = str(row["url"]).rsplit("/", 1)[1]
                by_story.setdefault(n, set()).add(int(row["story_id"]))
            assert all(len(s) == 1 for s in by_story.values())  # both tellings in one story
            assert len({next(iter(s)) for s in by_story.values()}) == 200
            assert (await db.fetchall("SELECT COUNT(*) FROM stories"))[0][0] == 200  # none left empty
        finally:
            await db.close()


# Candidates in a busy archive: common pairs crowd the newest matches


def _busy(n: int, count: int) -> list[str]:
    """``count`` headlines of other stories sharing story ``n``'s place and common pairs ("中国", "政府")."""
    place = cjk_stories.story(n)[0]
    return ["中国" + place + cjk_stories.made_words(1000 + k, 5) for k in range(count)]


async def test_a_second_telling_finds_its_story_behind_many_newer_headlines_sharing_common_pairs(db: Database) -> None:
    desk = await articles.get_or_create_source(db, SourceKind.FOLDER, "desk", "/desk", NOW)
    wire = await articles.get_or_create_source(db, SourceKind.FOLDER, "wire", "/wire", NOW)
    first, second = "中国政府" + cjk_stories.telling(7, 0), "中国政府" + cjk_stories.telling(7, 1)
    assert same_story(first, second)
    [stored] = await articles.add_articles(db, _records([first], desk.id, "first"), NOW)
    busy = _busy(7, 300)
    assert not any(same_story(second, other) for other in busy)
    for start in range(0, len(busy), 100):
        await articles.add_articles(db, _records(busy[start : start + 100], desk.id, f"busy{start}"), NOW)
    # one at a time, and in a batch with other headlines (PostgreSQL: pgbatch's ranked candidates)
    [alone] = await articles.add_articles(db, _records([second], wire.id, "second"), NOW + timedelta(hours=1))
    assert alone.story_id == stored.story_id
    later = [cjk_stories.telling(8, 0), "中国政府" + cjk_stories.telling(7, 1) + "消息"]
    results = await articles.add_articles(db, _records(later, wire.id, "later"), NOW + timedelta(hours=2))
    assert results[1].story_id == stored.story_id
    assert results[0].story_id != stored.story_id


async def test_a_batch_finds_its_own_earlier_telling_behind_many_headlines_sharing_common_pairs(db: Database) -> None:
    desk = await articles.get_or_create_source(db, SourceKind.FOLDER, "desk", "/desk", NOW)
    first, second = "中国政府" + cjk_stories.telling(9, 0), "中国政府" + cjk_stories.telling(9, 1)
    titles = [first, *_busy(9, 60), second]
    results = await articles.add_articles(db, _records(titles, desk.id, "batch"), NOW)
    assert results[-1].story_id == results[0].story_id
    assert len({r.story_id for r in results}) == len(titles) - 1


async def test_english_candidates_are_still_the_newest_matches(db: Database) -> None:
    """Headlines of words keep the newest-20 rule (their lookups are unchanged): behind 30 newer headlines
    matching its words, an English story is not found, where a CJK one is (the ranked lookup)."""
    desk = await articles.get_or_create_source(db, SourceKind.FOLDER, "desk", "/desk", NOW)
    first = "Harbour council approves new tram line budget"
    [stored] = await articles.add_articles(db, _records([first], desk.id, "first"), NOW)
    busy = [f"Harbour council meeting {k} on parking rules" for k in range(30)]
    await articles.add_articles(db, _records(busy, desk.id, "busy"), NOW)
    [second] = await articles.add_articles(
        db, _records(["Harbour council approves the new tram line budget plan"], desk.id, "second"), NOW
    )
    assert same_story(first, "Harbour council approves the new tram line budget plan")
    assert second.story_id != stored.story_id


async def test_postgresql_upgrade_ranks_the_candidates_of_articles_stored_before() -> None:
    number = next(n for n, name, _ in pg_migrations() if name == "story_ranked")
    first = "中国政府" + cjk_stories.telling(11, 0)
    async with empty_database_url() as url:
        stored = [(first, "Body."), *((title, "Busy.") for title in _busy(11, 60))]
        postgresql_before(url, number, stored, to_db_time(NOW))
        db = await Database.open(url)
        try:
            assert await db.schema_version() == len(pg_migrations())
            wire = await articles.get_or_create_source(db, SourceKind.FOLDER, "wire", "/wire", NOW)
            second = "中国政府" + cjk_stories.telling(11, 1)
            [alone] = await articles.add_articles(db, _records([second], wire.id, "second"), NOW + timedelta(hours=1))
            assert alone.story_id == 1
        finally:
            await db.close()
