"""PostgreSQL writers run at once: no lock shared by every writer, and dedup and stories still exact.

Each race is made deterministic: a first writer stores its article and holds its transaction open (its work
function waits on an event before returning, so before the commit), a second writer starts, and the test
looks at what the second does while the first is open and after it commits. A last test races processes.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pg_support import fresh_database_url

from bot.models import AddResult, Article, NewArticle, Source, SourceKind
from bot.store import articles, pgarticles
from bot.store.db import Database
from bot.text.identity import identify
from bot.text.similarity import same_story, title_tokens

ROOT = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 3, 28, 7, 30, tzinfo=UTC)
BLOCKED_S = 0.5  # how long a writer that should wait is watched still waiting


def _article(title: str, body: str, url: str, guid: str | None = None) -> Article:
    return Article(title=title, body=(body,), url=url, guid=guid)


@asynccontextmanager
async def _two_writers() -> AsyncIterator[tuple[Database, Database, Source, Source]]:
    async with fresh_database_url() as url:
        first, second = await Database.open(url), await Database.open(url)
        try:
            a = await articles.get_or_create_source(first, SourceKind.FEED, "A", "https://a.example/feed", NOW)
            b = await articles.get_or_create_source(first, SourceKind.FEED, "B", "https://b.example/feed", NOW)
            yield first, second, a, b
        finally:
            await first.close()
            await second.close()


@asynccontextmanager
async def _held(db: Database, source: Source, article: Article, key: str) -> AsyncIterator[list[AddResult]]:
    """Store an article and keep its transaction open until the block ends; then it commits."""
    stored, release = threading.Event(), threading.Event()
    record = NewArticle(article, source.id, identify(article, source_keys=[key]))

    def work(conn: Any) -> list[AddResult]:
        results = articles.insert_articles(conn, [record], NOW)
        stored.set()
        assert release.wait(30), "the test never released the first writer"
        return results

    task = asyncio.create_task(db.write(work))
    assert await asyncio.to_thread(stored.wait, 30), "the first writer never stored its article"
    results: list[AddResult] = []
    try:
        yield results
    finally:
        release.set()
        results += await task


async def _still_waiting(task: asyncio.Task[Any]) -> bool:
    await asyncio.sleep(BLOCKED_S)
    return not task.done()


async def _count(db: Database, sql: str) -> int:
    row = await db.fetchone(sql)
    assert row is not None
    return int(row[0])


async def test_independent_writers_write_at_once() -> None:
    """A write of an unrelated article commits while another writer's transaction is still open."""
    async with _two_writers() as (first, second, a, b):
        bridge = _article(
            "Harbour bridge reopens after repairs", "The bridge reopened on Friday.", "https://a.example/1"
        )
        budget = _article("Council approves school budget", "Councillors voted for the budget.", "https://b.example/2")
        async with _held(first, a, bridge, "guid-1"):
            result = await asyncio.wait_for(articles.add_article(second, b, budget, NOW, ["guid-2"]), 10)
            assert result.new
            # Committed and visible to a third connection while the first writer still holds its transaction.
            assert await _count(second, "SELECT COUNT(*) FROM articles") == 1
        assert await _count(first, "SELECT COUNT(*) FROM articles") == 2


async def test_the_same_url_from_two_feeds_at_once_is_one_article() -> None:
    async with _two_writers() as (first, second, a, b):
        url = "https://news.example/story/42"
        mine = _article("Ferry strike ends at midnight", "Crews return to work tonight.", url)
        theirs = _article(
            "Crews call off the ferry walkout", "Sailings resume on Monday morning.", url + "?utm_source=rss"
        )
        async with _held(first, a, mine, "guid-a") as held:
            racer = asyncio.create_task(articles.add_article(second, b, theirs, NOW, ["guid-b"]))
            assert await _still_waiting(racer), "the second writer did not wait for the first one's commit"
        won, lost = held[0], await racer
        assert won.new
        assert not lost.new
        assert lost.duplicate_of == won.article_id
        assert lost.story_id == won.story_id
        assert await _count(first, "SELECT COUNT(*) FROM articles") == 1
        assert await _count(first, "SELECT COUNT(*) FROM stories") == 1  # the loser's story was taken back
        rows = await first.fetchall("SELECT source_id, key, article_id FROM entry_keys ORDER BY source_id")
        assert [tuple(r) for r in rows] == [(a.id, "guid-a", won.article_id), (b.id, "guid-b", won.article_id)]


async def test_the_same_text_under_two_urls_at_once_is_one_article() -> None:
    async with _two_writers() as (first, second, a, b):
        text = ("Tram line extended to the harbour", "The new stop opens in May.")
        mine = _article(*text, "https://a.example/tram")
        theirs = _article(*text, "https://b.example/tram-line")
        async with _held(first, a, mine, "guid-a") as held:
            racer = asyncio.create_task(articles.add_article(second, b, theirs, NOW, ["guid-b"]))
            assert await _still_waiting(racer)
        lost = await racer
        assert not lost.new
        assert lost.duplicate_of == held[0].article_id
        assert await _count(first, "SELECT COUNT(*) FROM articles") == 1
        assert await _count(first, "SELECT COUNT(*) FROM stories") == 1


async def test_a_fuller_text_whose_fingerprint_a_concurrent_writer_takes_is_left_to_it() -> None:
    """A stored snippet's fuller copy (its address) while another writer stores that text, under the same one-word
    headline (which takes no story lock), from another address: the fuller copy's UPDATE met the other's
    uncommitted fingerprint, and when that committed the whole write failed on the unique index. It is run again:
    the other article holds the text, the snippet stays as it is, nothing fails."""
    async with _two_writers() as (first, second, a, b):
        whole = (
            "The ferry crews accepted the offer on Sunday. Sailings resume at six on Monday morning, the union said."
        )
        snippet = "The ferry crews accepted the offer on Sunday\u2026"
        stored = await articles.add_article(first, a, _article("Strike", snippet, "https://a.example/s"), NOW, ["s1"])
        async with _held(first, b, _article("Strike", whole, "https://b.example/copy"), "b1") as held:
            racer = asyncio.create_task(
                articles.add_article(second, a, _article("Strike", whole, "https://a.example/s"), NOW, ["s2"])
            )
            assert await _still_waiting(racer), "the fuller copy did not wait for the other writer's commit"
        copy = await racer
        assert held[0].new
        assert (copy.new, copy.duplicate_of) == (False, stored.article_id)
        rows = await first.fetchall("SELECT id, body FROM articles ORDER BY id")
        assert [tuple(r) for r in rows] == [(stored.article_id, snippet), (held[0].article_id, whole)]


async def test_one_entry_key_of_one_feed_at_once_is_one_article() -> None:
    """Two writers of one feed's entry (a GUID) with different texts: the later one is that entry again."""
    async with _two_writers() as (first, second, a, _b):
        mine = _article("Storm closes mountain pass", "Snow blocked the road overnight.", "https://a.example/p1")
        edited = _article("Museum wing opens to visitors", "Crowds queued from dawn.", "https://a.example/p2")
        async with _held(first, a, mine, "guid-7") as held:
            racer = asyncio.create_task(articles.add_article(second, a, edited, NOW, ["guid-7"]))
            assert await _still_waiting(racer)
        lost = await racer
        assert not lost.new
        assert lost.duplicate_of == held[0].article_id
        assert await _count(first, "SELECT COUNT(*) FROM articles") == 1
        assert await _count(first, "SELECT COUNT(*) FROM stories") == 1


async def test_two_tellings_of_one_story_at_once_share_the_story() -> None:
    async with _two_writers() as (first, second, a, b):
        mine = _article("Harbour ferry strike ends after talks", "Crews return tonight.", "https://a.example/s1")
        theirs = _article("Harbour ferry strike ends after long talks", "Unions agreed a deal.", "https://b.example/s2")
        assert same_story(mine.title, theirs.title)
        async with _held(first, a, mine, "guid-a") as held:
            racer = asyncio.create_task(articles.add_article(second, b, theirs, NOW, ["guid-b"]))
            assert await _still_waiting(racer), "the second telling did not wait for the first one's story"
        other = await racer
        assert other.new
        assert other.article_id != held[0].article_id
        assert other.story_id == held[0].story_id
        assert await _count(first, "SELECT COUNT(*) FROM articles") == 2
        assert await _count(first, "SELECT COUNT(*) FROM stories") == 1


async def test_a_batch_meeting_a_concurrent_commit_is_run_again_whole_and_finds_it() -> None:
    """A batch (bot.store.pgbatch) whose write finds one of its articles taken meanwhile looks everything up again.

    Its later articles were told apart against the one it lost (its duplicate, a telling of its story): on the
    second run they are told against the winner's row instead, and nothing of the first run is left.
    """
    async with _two_writers() as (first, second, a, b):
        url = "https://news.example/story/77"
        mine = _article("Harbour ferry strike ends after talks", "Crews return tonight.", url)
        theirs = [
            _article("Council approves school budget", "Councillors voted.", "https://b.example/1"),
            _article("Ferry crews end their strike", "Sailings resume.", url + "?utm_source=rss"),
            _article("Harbour ferry strike ends after long talks", "Unions agreed.", "https://b.example/3"),
            _article("Ferry crews end their strike", "Sailings resume.", "https://b.example/4"),  # [1]'s text
        ]
        records = [NewArticle(x, b.id, identify(x, source_keys=[f"b{i}"])) for i, x in enumerate(theirs)]
        async with _held(first, a, mine, "guid-a") as held:
            racer = asyncio.create_task(second.write(lambda conn: articles.insert_articles(conn, records, NOW)))
            assert await _still_waiting(racer), "the batch did not wait for the first writer's commit"
        results = await racer
        won = held[0]
        # The first run took [3] for a duplicate of [1] (the same text); [1] is the winner's article now, and the
        # text of [1] was never stored, so [3] is new, as one at a time after the winner's commit.
        assert [r.new for r in results] == [True, False, True, True]
        assert results[1].duplicate_of == won.article_id
        assert results[2].story_id == won.story_id  # the other telling joins the winner's story, not [1]'s
        assert len({won.story_id, results[0].story_id, results[3].story_id}) == 3
        assert await _count(first, "SELECT COUNT(*) FROM articles") == 4
        assert await _count(first, "SELECT COUNT(*) FROM stories") == 3  # nothing left of the first run
        rows = await first.fetchall("SELECT key FROM entry_keys WHERE article_id = ? ORDER BY key", (won.article_id,))
        assert [r[0] for r in rows] == ["b1", "guid-a"]


async def test_a_deadlock_is_broken_by_the_server_and_the_cancelled_transaction_run_again() -> None:
    async with fresh_database_url() as url:
        dbs = [await Database.open(url), await Database.open(url)]
        try:
            both = threading.Barrier(2, timeout=20)
            runs: list[int] = []

            def crossing(first_key: int, second_key: int, name: str) -> Callable[[Any], str]:
                def work(conn: Any) -> str:
                    runs.append(first_key)
                    conn.execute("SELECT pg_advisory_xact_lock(?)", (first_key,))
                    if runs.count(first_key) == 1:
                        both.wait()  # each holds its first lock; each now asks for the other's
                    conn.execute("SELECT pg_advisory_xact_lock(?)", (second_key,))
                    conn.execute(
                        "INSERT INTO sources (kind, name, location, created_at) VALUES ('feed', ?, ?, ?)",
                        (name, f"https://{name}.example/feed", "2026-03-28T07:30:00.000000Z"),
                    )
                    return name

                return work

            done = await asyncio.wait_for(
                asyncio.gather(dbs[0].write(crossing(1, 2, "left")), dbs[1].write(crossing(2, 1, "right"))), 60
            )
            assert done == ["left", "right"]
            assert len(runs) == 3  # one of the two was cancelled by the server and run again, once
            assert await _count(dbs[0], "SELECT COUNT(*) FROM sources") == 2
        finally:
            for db in dbs:
                await db.close()


_WRITER = """
import asyncio, json, random, sys
from datetime import UTC, datetime
from bot.models import Article, NewArticle, SourceKind
from bot.store import articles
from bot.store.db import Database
from bot.text.identity import identify

def letters(n):
    return chr(97 + n % 26) + chr(97 + n // 26 % 26)

async def main(url, name, count, seed):
    db = await Database.open(url)
    now = datetime(2026, 3, 28, 7, 30, tzinfo=UTC)
    try:
        source = await articles.get_or_create_source(db, SourceKind.FEED, name, f"https://{name}.example/f", now)
        records = []
        for n in range(count):
            g = letters(n // 2)
            title = f"Harbour{g} ferry{g} strike{g} talks{g} " + ("ends" if n % 2 else "begins")
            article = Article(title=title, body=(f"Report number {n} with its own words {letters(n)}.",),
                              url=f"https://news.example/{n}", guid=f"guid-{n}")
            records.append(NewArticle(article, source.id, identify(article, source_keys=[f"guid-{n}"])))
        random.Random(seed).shuffle(records)
        results = []
        for start in range(0, count, 5):
            results += await articles.add_articles(db, records[start : start + 5], now)
    finally:
        await db.close()
    print(json.dumps([[r.article_id, r.new, r.story_id] for r in results]))

asyncio.run(main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])))
"""


async def test_processes_storing_the_same_articles_in_any_order_keep_one_of_each_in_its_story() -> None:
    count, writers = 40, 4
    async with fresh_database_url() as url:
        procs = [
            await asyncio.create_subprocess_exec(
                sys.executable,
                "-c",
                _WRITER,
                url,
                f"feed{k}",
                str(count),
                str(k),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                cwd=ROOT,
            )
            for k in range(writers)
        ]
        outputs = await asyncio.wait_for(asyncio.gather(*(p.communicate() for p in procs)), 120)
        assert all(p.returncode == 0 for p in procs), [err.decode()[-2000:] for _, err in outputs]
        results = [row for out, _ in outputs for row in json.loads(out)]
        assert len(results) == count * writers
        assert sum(1 for _, new, _ in results if new) == count  # each article new for exactly one writer
        db = await Database.open(url)
        try:
            assert await _count(db, "SELECT COUNT(*) FROM articles") == count
            assert await _count(db, "SELECT COUNT(*) FROM stories") == count // 2  # no story left empty
            # Every sighting kept: each writer's two keys of each article (its key and the article's GUID).
            assert await _count(db, "SELECT COUNT(*) FROM entry_keys") == count * writers * 2
            rows = await db.fetchall("SELECT url, story_id FROM articles")
            by_group: dict[int, set[int]] = {}
            for row in rows:
                n = int(str(row["url"]).rsplit("/", 1)[1])
                by_group.setdefault(n // 2, set()).add(int(row["story_id"]))
            assert all(len(stories) == 1 for stories in by_group.values())  # both tellings in one story
            assert len({next(iter(s)) for s in by_group.values()}) == count // 2
        finally:
            await db.close()


_WORDS = st.lists(st.sampled_from([f"word{chr(97 + i)}" for i in range(12)] + ["harbour", "ferry", "ab"]), max_size=9)


@settings(max_examples=400, deadline=None)
@given(_WORDS, _WORDS)
def test_two_headlines_of_one_story_always_share_a_story_lock(left: list[str], right: list[str]) -> None:
    a, b = " ".join(left), " ".join(right)
    # A headline of fewer than two words never joins a story (no lookup, no lock).
    if same_story(a, b) and min(len(title_tokens(a)), len(title_tokens(b))) >= 2:
        assert pgarticles.story_lock_keys(a) & pgarticles.story_lock_keys(b), (a, b)


def test_the_story_lock_threshold_is_same_storys() -> None:
    import inspect

    assert inspect.signature(same_story).parameters["threshold"].default == pgarticles.STORY_THRESHOLD


@pytest.mark.parametrize(
    ("title", "locks"),
    [("Flood", 0), ("Flood warning", 1), ("Harbour ferry strike ends", 2), ("One two three four five six seven", 3)],
)
def test_a_headline_takes_few_story_locks(title: str, locks: int) -> None:
    assert len(pgarticles.story_lock_keys(title)) == locks


async def test_a_transaction_of_very_many_headlines_takes_one_lock_that_stands_for_every_word(monkeypatch) -> None:
    """Past MAX_STORY_LOCKS words a transaction takes one exclusive lock instead (the lock table is bounded):
    every other story-locking writer then waits for it, and nothing else changes."""
    monkeypatch.setattr(pgarticles, "MAX_STORY_LOCKS", 2)
    async with _two_writers() as (first, second, a, b):
        many = _article("Harbour ferry strike ends after long talks", "Crews return.", "https://a.example/m")
        other = _article("Council approves school budget", "Councillors voted.", "https://b.example/o")
        assert len(pgarticles.story_lock_keys(many.title)) > 2
        async with _held(first, a, many, "guid-m"):
            racer = asyncio.create_task(articles.add_article(second, b, other, NOW, ["guid-o"]))
            assert await _still_waiting(racer), "a writer did not wait for the exclusive lock"
        assert (await racer).new
        rows = await first.fetchall("SELECT COUNT(*) FROM articles")
        assert rows[0][0] == 2


async def test_story_locks_are_asked_once_per_transaction_and_stay_below_the_bound() -> None:
    async with _two_writers() as (first, _second, a, _b):
        titles = [f"Harbour ferry strike {w} ends after talks" for w in ("north", "south", "east", "west")]
        records = [
            NewArticle(_article(t, f"Body {i}.", f"https://a.example/{i}"), a.id, identify(_article(t, "", "")))
            for i, t in enumerate(titles)
        ]

        def work(conn: Any) -> int:
            articles.reserve(conn, [r.article.title for r in records])
            taken = len(conn.story_locks)
            articles.insert_articles(conn, records, NOW)  # every lock already held: none asked again
            assert len(conn.story_locks) == taken
            row = conn.execute(
                "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()"
            ).fetchone()
            return int(row[0])

        locks = await first.write(work)
        expected = len({k for t in titles for k in pgarticles.story_lock_keys(t)}) + 1  # the words and the shared one
        assert locks == expected
