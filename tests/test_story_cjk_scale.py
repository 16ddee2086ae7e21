"""Chinese and Japanese stories at scale (PostgreSQL's story locks; bench/cjk_stories.py's synthetic headlines).

A headline of character pairs locks ~3/4 of its pairs (prefix filtering at threshold 0.25): a batch of 200 such
files wanted more story locks than a transaction may hold and took the exclusive lock, which every writer, of
any language, then waited for. A pair now locks one of a fixed few keys (pgarticles.PAIR_LOCKS).
"""

from __future__ import annotations

import asyncio
import threading
from datetime import UTC, datetime
from typing import Any

from pg_support import fresh_database_url

from bench import cjk_stories
from bot.models import Article, NewArticle, SourceKind
from bot.store import articles, pgarticles
from bot.store.db import Database
from bot.text.identity import identify
from bot.text.similarity import same_story

NOW = datetime(2026, 12, 7, 0, 0, tzinfo=UTC)


def _records(titles: list[str], source_id: int, tag: str) -> list[NewArticle]:
    out = []
    for k, title in enumerate(titles):
        article = Article(title=title, body=(f"{tag} {k}",), url=f"https://{tag}.example/{k}")
        out.append(NewArticle(article, source_id, identify(article, source_keys=[f"{tag}-{k}"])))
    return out


def test_the_synthetic_tellings_are_one_story_each_and_the_stories_apart() -> None:
    firsts, seconds = cjk_stories.batch(200, 0, 0), cjk_stories.batch(200, 0, 1)
    assert all(same_story(a, b) for a, b in zip(firsts, seconds, strict=True))
    assert not any(same_story(a, b) for i, a in enumerate(firsts[:60]) for b in seconds[:60] if b != seconds[i])


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
