"""Search vectors computed ahead of a batch's write (PostgreSQL migration 0014, bot.store.pgbatch.STAGE_SQL).

Whatever path an article takes into ``articles`` (a batch with its vectors staged, a batch whose vectors were
not, one article at a time, an UPDATE of its text), its ``search`` is what ``newsdigest_vector`` gives for the
stored row, and nothing staged is left behind.
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest
from pg_support import empty_database_url, insert_one_article, migrate_before

from bot.clock import ManualClock
from bot.config import Settings
from bot.ingest.pipeline import ingest_paths
from bot.models import Article, NewArticle, Source, SourceKind
from bot.store import articles
from bot.store.db import Database, to_db_time
from bot.store.pg import migrations as pg_migrations
from bot.text.identity import identify

NOW = datetime(2026, 3, 28, 7, 30, tzinfo=UTC)
FORMATS = Path(__file__).parent / "data" / "formats"

PG = pytest.mark.parametrize("db", ["postgresql"], indirect=True)

_BODIES = [
    ("Harbour bridge reopens after repairs", "The harbour bridge reopened on Monday. Crews replaced the deck."),
    (
        "Le conseil vote le budget",
        "Le conseil municipal a voté le budget de l'année prochaine. Les écoles en profitent.",
    ),
    ("Library extends its opening hours", "The library will open until nine. Readers asked for it for years."),
]


async def _records(db: Database) -> list[NewArticle]:
    source: Source = await articles.get_or_create_source(db, SourceKind.FEED, "desk", "https://desk.example/f", NOW)
    out = []
    for title, body in _BODIES:
        article = Article(title=title, body=(body,), url=f"https://desk.example/{len(out)}", key_points=(body,))
        out.append(NewArticle(article, source.id, identify(article)))
    return out


async def _vectors_as_computed(db: Database) -> list[bool]:
    rows = await db.fetchall(
        "SELECT search = newsdigest_vector(language, title, key_points, body) AS same FROM articles ORDER BY id"
    )
    return [bool(r["same"]) for r in rows]


async def _staged(db: Database) -> int:
    row = await db.fetchone("SELECT count(*) AS n FROM staged_vectors")
    assert row is not None
    return int(row["n"])


@PG
async def test_a_batch_staged_in_parts_is_staged_whole_under_one_token(db: Database) -> None:
    """The last batch of an ingest is staged on two connections at once: each part in its own places."""
    records = await _records(db)
    token = await articles.stage_vectors(db, [records[:2], records[2:]], parts=2)
    rows = await db.fetchall("SELECT o FROM staged_vectors WHERE token = ? ORDER BY o", (token,))
    assert [r["o"] for r in rows] == [0, 1, 2]
    await db.execute(
        "UPDATE staged_vectors SET v = to_tsvector('simple', 'marker') WHERE token = ? AND o = 2", (token,)
    )
    results = await db.write(lambda conn: articles.insert_groups(conn, [records[:2], records[2:]], lambda: NOW, token))
    assert [r.new for group in results for r in group] == [True, True, True]
    assert await _vectors_as_computed(db) == [True, True, False]  # the second part's vector was taken too
    assert await _staged(db) == 0
    more = await articles.stage_vectors(db, [records[:1]], parts=5)  # more parts than articles: one
    assert [r["o"] for r in await db.fetchall("SELECT o FROM staged_vectors WHERE token = ?", (more,))] == [0]


@PG
async def test_a_batch_takes_the_vectors_staged_for_it_and_leaves_none(db: Database) -> None:
    records = await _records(db)
    token = await articles.stage_vectors(db, [records[:2], records[2:]])
    assert token > 0
    assert await _staged(db) == 3
    # The write takes what was staged, not a vector of its own: one staged vector is marked to show it.
    await db.execute(
        "UPDATE staged_vectors SET v = to_tsvector('simple', 'marker') WHERE token = ? AND o = 1", (token,)
    )
    results = await db.write(lambda conn: articles.insert_groups(conn, [records[:2], records[2:]], lambda: NOW, token))
    assert [r.new for group in results for r in group] == [True, True, True]
    assert await _vectors_as_computed(db) == [True, False, True]
    marked = await db.fetchone("SELECT search::text AS v FROM articles WHERE id = ?", (results[0][1].article_id,))
    assert marked is not None
    assert marked["v"] == "'marker':1"
    assert await _staged(db) == 0


@PG
async def test_without_staged_vectors_the_write_computes_them(db: Database) -> None:
    records = await _records(db)
    # Staged under another token (another batch's), or not at all: the trigger computes each vector.
    other = await articles.stage_vectors(db, [records])
    await db.write(lambda conn: articles.insert_groups(conn, [records[:2]], lambda: NOW, other + 1))
    await db.write(lambda conn: articles.insert_groups(conn, [records[2:]], lambda: NOW))
    assert await _vectors_as_computed(db) == [True, True, True]
    assert await _staged(db) == 3  # the other batch's, until it is written or swept


@PG
async def test_one_article_at_a_time_and_updates_compute_the_vector(db: Database) -> None:
    records = await _records(db)
    await db.write(lambda conn: articles.insert_articles(conn, records, NOW))
    assert await _vectors_as_computed(db) == [True, True, True]
    await db.execute(
        "UPDATE articles SET title = 'Tram line opens to the airport' WHERE id = (SELECT min(id) FROM articles)"
    )
    # No UPDATE can set the vector to anything but the row's own.
    await db.execute("UPDATE articles SET search = to_tsvector('simple', 'forged')")
    assert await _vectors_as_computed(db) == [True, True, True]
    found = await db.fetchall("SELECT id FROM articles WHERE search @@ to_tsquery('simple', 'airport')")
    assert len(found) == 1


@PG
async def test_vectors_no_write_took_are_swept_after_ten_minutes(db: Database) -> None:
    records = await _records(db)
    old = await articles.stage_vectors(db, [records[:1]])
    recent = await articles.stage_vectors(db, [records[1:2]])
    await db.execute("UPDATE staged_vectors SET staged_at = now() - interval '11 minutes' WHERE token = ?", (old,))
    await db.execute("UPDATE staged_vectors SET staged_at = now() - interval '9 minutes' WHERE token = ?", (recent,))
    newest = await articles.stage_vectors(db, [records[2:]])
    left = await db.fetchall("SELECT token FROM staged_vectors ORDER BY token")
    assert sorted(int(r["token"]) for r in left) == sorted([recent, newest])


@PG
async def test_an_ingest_leaves_every_vector_as_computed_and_nothing_staged(db: Database, tmp_path: Path) -> None:
    drop = tmp_path / "desk"
    drop.mkdir()
    for name in ("bakery-fire.html", "council-budget.md", "museum-newsletter.eml", "two-stories.json"):
        shutil.copy(FORMATS / name, drop / name)
    clock = ManualClock(NOW)
    report = await ingest_paths(db, [drop], settings=Settings(database_path=tmp_path / "x.db"), clock=clock)
    assert report.new == 5
    assert await _vectors_as_computed(db) == [True] * 5
    assert await _staged(db) == 0


@pytest.mark.parametrize("db", ["sqlite"], indirect=True)
async def test_sqlite_stages_nothing(db: Database) -> None:
    assert await articles.stage_vectors(db, [await _records(db)]) == 0


async def test_upgrade_keeps_every_stored_vector_and_makes_the_column_plain() -> None:
    number = next(n for n, name, _ in pg_migrations() if name == "search_staged")
    async with empty_database_url() as url:
        with psycopg.connect(url) as conn:  # the schema before, one article stored by the generated column
            migrate_before(conn, number)
            insert_one_article(conn, "Harbour bridge reopens", "Crews replaced the deck.", to_db_time(NOW))
            before = conn.execute("SELECT search::text FROM articles").fetchone()
        db = await Database.open(url)
        try:
            assert await db.schema_version() == len(pg_migrations())
            after = await db.fetchone("SELECT search::text AS v FROM articles")
            assert before is not None
            assert after is not None
            assert after["v"] == before[0]
            plain = await db.fetchone(
                "SELECT attgenerated AS g FROM pg_attribute"
                " WHERE attrelid = 'articles'::regclass AND attname = 'search'"
            )
            assert plain is not None
            assert plain["g"] == ""
            found = await db.fetchall("SELECT id FROM articles WHERE search @@ to_tsquery('english', 'bridge')")
            assert len(found) == 1
        finally:
            await db.close()
