"""The upgrade that gives a GUID key its entry's link and date (SQLite 0022, PostgreSQL 0025), on a real old schema.

A key written before it holds neither: its article's own link and date stand for them (bot.store.entrykeys), so a
"latest post" feed's GUID, stored by an older release, still tells the next post from the one it named.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest
from pg_support import database_before

from bot.models import Article, NewArticle
from bot.store import articles
from bot.store.db import Database
from bot.store.db import migrations as sqlite_migrations
from bot.store.entrykeys import entry_anchor
from bot.store.pg import migrations as pg_migrations
from bot.text.identity import identify

CREATED = "2026-02-27T09:00:00.000000Z"
PIER = datetime(2026, 2, 27, 8, 0, tzinfo=UTC)
GUID = "urn:harbour:latest"
# What an older release stored for the first post of a one-item feed with a fixed GUID ("?" marks).
OLD_ROWS = [
    (
        "INSERT INTO sources (kind, name, location, created_at) VALUES ('feed', 'Harbour', ?, ?)",
        ("https://harbour.example/feed", CREATED),
    ),
    ("INSERT INTO stories (first_seen) VALUES (?)", (CREATED,)),
    (
        "INSERT INTO articles (source_id, story_id, guid, url, canonical_url, fingerprint, title, published,"
        " published_sort, body, key_points, arrived_at) VALUES (1, 1, ?, ?, ?, 'old-fingerprint', ?, ?, ?, ?, '[]', ?)",
        (
            GUID,
            "https://harbour.example/pier",
            "https://harbour.example/pier",
            "Pier repairs begin",
            "2026-02-27T08:00:00.000000Z",
            "2026-02-27T08:00:00.000000Z",
            "The council starts work on the old pier.",
            CREATED,
        ),
    ),
    (
        "INSERT INTO entry_keys (source_id, key, article_id, seen_at) VALUES (1, ?, 1, ?), (1, ?, 1, ?)",
        (f"guid:{GUID}", CREATED, "url:https://harbour.example/pier", CREATED),
    ),
]


def post(title: str, path: str, published: datetime) -> NewArticle:
    body = (f"{title}, said the harbour office.",)
    article = Article(title=title, body=body, url=f"https://harbour.example/{path}", guid=GUID, published=published)
    return NewArticle(article, 1, identify(article, feed_entry=True, dated=published))


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
async def test_a_guid_key_an_older_release_wrote_tells_the_next_post_from_its_own(backend, tmp_path):
    async with database_before(backend, tmp_path, "entry_key_anchor", OLD_ROWS) as target:
        db = await Database.open(Path(target) if backend == "sqlite" else target)
        try:
            migrations = sqlite_migrations() if backend == "sqlite" else pg_migrations()
            assert await db.schema_version() == len(migrations)
            row = await db.fetchone("SELECT link, dated FROM entry_keys WHERE key = ?", (f"guid:{GUID}",))
            assert row is not None
            assert (row[0], row[1]) == (None, None)  # nothing rewritten
            storm = post("Storm warning lifted", "storm", datetime(2026, 3, 1, 7, 30, tzinfo=UTC))
            [new] = await articles.add_articles(db, [storm], datetime(2026, 3, 1, 8, tzinfo=UTC))
            assert new.new
            # The old post under its GUID, its headline edited, is still the stored one; so is the new one again.
            edited = post("Pier repairs begin on Monday", "pier", PIER)
            [old, again] = [r for p in (edited, storm) for r in await articles.add_articles(db, [p], datetime.now(UTC))]
            assert (old.new, old.duplicate_of, again.new, again.duplicate_of) == (False, 1, False, new.article_id)
        finally:
            await db.close()


async def _row_versions(target: str) -> list[tuple[object, ...]]:
    """Each old row's version on PostgreSQL (``xmin``): a migration that rewrote a row would change it."""
    with psycopg.connect(target) as conn:
        return conn.execute(
            "SELECT 'a', id::text, xmin::text FROM articles UNION ALL SELECT 'k', key, xmin::text FROM entry_keys"
            " ORDER BY 1, 2"
        ).fetchall()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
async def test_an_older_release_s_key_learns_its_entry_s_text_at_its_first_poll(backend, tmp_path):
    """SQLite 0023-0024, PostgreSQL 0027-0028 (a GUID key's text print, an article's corrections) rewrite no row. A key
    written before them remembers no text: the first poll that sees its entry gives it the entry as it is now, and
    the post re-dated with its headline and slug edited is then still the post seen, not a second one."""
    async with database_before(backend, tmp_path, "entry_key_anchor", OLD_ROWS) as target:
        before = await _row_versions(target) if backend == "postgresql" else []
        db = await Database.open(Path(target) if backend == "sqlite" else target)
        try:
            if backend == "postgresql":
                assert await _row_versions(target) == before
            row = await db.fetchone("SELECT text_print, (SELECT corrections FROM articles) FROM entry_keys LIMIT 1")
            assert row is not None
            assert (row[0], row[1]) == (None, 0)
            text = "The council starts work on the old pier on Monday; the ferry moves to the north quay for a month."
            seen = post("Pier repairs begin", "pier", PIER)
            seen = NewArticle(replace(seen.article, body=(text,)), 1, seen.identity)
            edited = post("Pier repairs to begin on Monday", "pier-monday", datetime(2026, 2, 28, 9, 0, tzinfo=UTC))
            edited = NewArticle(replace(edited.article, body=(text,)), 1, edited.identity)
            [(article_id, moved)] = [
                (s.article_id, s.moved)
                for s in (await articles.seen_entries(db, 1, [(seen.article, seen.identity)])).values()
                if s is not None
            ]
            assert (article_id, moved) == (1, f"guid:{GUID}")
            await articles.follow_entries(db, 1, [(moved, article_id, entry_anchor(seen.article, seen.identity))])
            found = await articles.seen_entries(db, 1, [(edited.article, edited.identity)])
            assert [(s.article_id if s else None) for s in found.values()] == [1]
        finally:
            await db.close()
