"""Bodies are compressed with lz4 on PostgreSQL (migration 0017): the text stored is the same, read back as written."""

from __future__ import annotations

from datetime import UTC, datetime

import psycopg
import pytest
from pg_support import empty_database_url, insert_one_article, migrate_before

from bot.models import Article, Source, SourceKind
from bot.store import articles
from bot.store.db import Database, to_db_time
from bot.store.pg import migrations as pg_migrations

NOW = datetime(2026, 3, 28, 7, 30, tzinfo=UTC)
PG = pytest.mark.parametrize("db", ["postgresql"], indirect=True)
# Long enough for the row to be compressed (over ~2 KB), varied enough that no two bodies are the same.
BODY = " ".join(f"Paragraph {n}: the council met on Tuesday to discuss harbour works, item {n * 7}." for n in range(60))


async def _source(db: Database) -> Source:
    return await articles.get_or_create_source(db, SourceKind.FOLDER, "desk", "/drop", NOW)


@PG
async def test_a_stored_body_is_lz4_and_reads_back_as_written(db: Database) -> None:
    article = Article(title="Harbour works approved by the council", body=(BODY,), url="https://a.example/harbour")
    result = await articles.add_article(db, await _source(db), article, NOW)
    row = await db.fetchone(
        "SELECT body, pg_column_compression(body) AS method FROM articles WHERE id = ?", (result.article_id,)
    )
    assert row is not None
    assert row["body"] == BODY
    assert row["method"] == "lz4"


async def test_the_upgrade_keeps_pglz_bodies_readable_and_compresses_new_ones_with_lz4() -> None:
    number = next(n for n, name, _ in pg_migrations() if name == "body_lz4")
    async with empty_database_url() as url:
        with psycopg.connect(url) as conn:  # the schema before, one article stored with the server's default
            migrate_before(conn, number)
            insert_one_article(conn, "Harbour works approved", BODY, to_db_time(NOW))
            method = conn.execute("SELECT pg_column_compression(body) FROM articles").fetchone()
            assert method == ("pglz",)
        db = await Database.open(url)
        try:
            assert await db.schema_version() == len(pg_migrations())
            old = await db.fetchone("SELECT body, pg_column_compression(body) AS method FROM articles")
            assert old is not None
            assert (old["body"], old["method"]) == (BODY, "pglz")
            later = Article(
                title="Harbour works begin next week", body=(BODY, "Work begins."), url="https://b.example/"
            )
            result = await articles.add_article(db, await _source(db), later, NOW)
            new = await db.fetchone(
                "SELECT body, pg_column_compression(body) AS method FROM articles WHERE id = ?", (result.article_id,)
            )
            assert new is not None
            assert (new["body"], new["method"]) == (later.text, "lz4")
        finally:
            await db.close()
