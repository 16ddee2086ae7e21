"""Bulk-load synthetic articles through the store's own schema, fast enough for a million rows.

Why not ``add_article``: it does dedup lookups and story clustering per article in its own transaction,
which is what the ingest benchmark measures; the search benchmark only needs a database of the right size
and shape. So this loader:

- creates the database with :meth:`bot.store.db.Database.open` (every migration, the same schema);
- inserts sources, stories, articles and entry keys with plain ``sqlite3`` ``executemany`` in large
  transactions (20,000 articles each), with ``synchronous = OFF`` for the load only;
- indexes every article in ``articles_fts`` and ``titles_fts`` with the values the store indexes (CJK spaced);
- writes the columns the store writes: canonical URL through :func:`bot.text.identity.canonical_url`, the key
  points as a JSON list, timestamps through :func:`bot.store.db.to_db_time`. The fingerprint is a SHA-256
  of the raw title and body (unique, which is all the index needs; cheaper than the store's normalising
  fingerprint at a million rows).

Articles that retell an earlier one join its story, as clustering would have done.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path

from bench.corpus import SynthArticle
from bot.store.articles import published_to_db
from bot.store.db import Database, to_db_time
from bot.text.cjk import cjk_spaced
from bot.text.identity import canonical_url

BATCH = 20_000


async def _create(path: Path) -> None:
    db = await Database.open(path)
    await db.close()


def article_row(item: SynthArticle, source_id: int, story: int) -> tuple[object, ...]:
    """Return the ``articles`` row of a corpus item (story numbered from 0), columns as the loaders insert them."""
    art = item.article
    body = art.text
    published, published_sort = published_to_db(art.published)
    return (
        item.number + 1,
        source_id,
        story + 1,
        art.guid,
        art.url,
        canonical_url(art.url),
        hashlib.sha256((art.title + "\n" + body).encode()).hexdigest(),
        art.title,
        published,
        published_sort,
        art.dateline,
        art.author,
        art.summary,
        body,
        json.dumps(list(art.key_points), ensure_ascii=False),
        to_db_time(item.arrived_at),
        "en",  # the corpus is English (the store would guess so; PostgreSQL copies then stem it)
    )


def ensure_schema(path: Path) -> None:
    """Create and migrate the database at ``path`` with the store's own code."""
    asyncio.run(_create(path))


def bulk_load(
    path: Path,
    items: Iterable[SynthArticle],
    *,
    batch: int = BATCH,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Insert ``items`` into the database at ``path`` (created if needed); return how many were added.

    Article ids are the corpus numbers plus one, so loading ``articles(n, start=k)`` after
    ``articles(k)`` grows the same database.
    """
    ensure_schema(path)
    conn = sqlite3.connect(str(path), isolation_level=None)
    try:
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("PRAGMA cache_size = -200000")  # 200 MB page cache while building the index
        sources = {name: sid for sid, name in conn.execute("SELECT id, name FROM sources WHERE kind = 'folder'")}
        added = 0
        pending: list[SynthArticle] = []

        def flush() -> None:
            nonlocal added
            if not pending:
                return
            conn.execute("BEGIN")
            for item in pending:
                if item.source not in sources:
                    cur = conn.execute(
                        "INSERT INTO sources (kind, name, location, created_at) VALUES ('folder', ?, ?, ?)",
                        (item.source, f"synthetic:{item.source}", to_db_time(item.arrived_at)),
                    )
                    assert cur.lastrowid is not None
                    sources[item.source] = cur.lastrowid
            conn.executemany(
                "INSERT OR IGNORE INTO stories (id, first_seen) VALUES (?, ?)",
                [(i.number + 1, to_db_time(i.arrived_at)) for i in pending if i.story_of is None],
            )
            # A retelling whose original is not loaded (a partial range) starts its own story.
            conn.executemany(
                "INSERT OR IGNORE INTO stories (id, first_seen) VALUES (?, ?)",
                [(i.story_of + 1, to_db_time(i.arrived_at)) for i in pending if i.story_of is not None],
            )
            rows = []
            keys = []
            for item in pending:
                canonical = canonical_url(item.article.url)
                arrived = to_db_time(item.arrived_at)
                story = item.story_of if item.story_of is not None else item.number
                rows.append(article_row(item, sources[item.source], story))
                keys.append((sources[item.source], f"url:{canonical}", item.number + 1, arrived))
            conn.executemany(
                "INSERT INTO articles (id, source_id, story_id, guid, url, canonical_url, fingerprint, title,"
                " published, published_sort, dateline, author, summary, body, key_points, arrived_at, language)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
            # The store indexes each article itself (no INSERT trigger since migration 0006); so does this.
            conn.executemany(
                "INSERT INTO articles_fts (rowid, title, body, key_points) VALUES (?, ?, ?, ?)",
                [(r[0], cjk_spaced(r[7]), cjk_spaced(r[13]), cjk_spaced(r[14])) for r in rows],
            )
            conn.executemany(
                "INSERT INTO titles_fts (rowid, title) VALUES (?, ?)", [(r[0], cjk_spaced(r[7])) for r in rows]
            )
            conn.executemany(
                "INSERT OR IGNORE INTO entry_keys (source_id, key, article_id, seen_at) VALUES (?, ?, ?, ?)", keys
            )
            conn.execute("COMMIT")
            added += len(pending)
            pending.clear()
            if progress is not None:
                progress(added)

        for item in items:
            pending.append(item)
            if len(pending) >= batch:
                flush()
        flush()
        settle_text_indexes(conn)
        conn.execute("PRAGMA optimize")
        return added
    finally:
        conn.close()


def settle_text_indexes(conn: sqlite3.Connection) -> None:
    """Finish the FTS5 merges a big load leaves pending, as the store's many small commits would have done.

    Loaded 20,000 at a time, each index is left with several same-sized segments awaiting a merge, which the
    first ingest after the load would otherwise pay for; a database built by the store has them merged.
    """
    for index in ("articles_fts", "titles_fts"):
        while True:
            before = conn.total_changes
            conn.execute(f"INSERT INTO {index} ({index}, rank) VALUES ('merge', 2000)")  # noqa: S608 - fixed names
            if conn.total_changes - before < 2:  # FTS5's documented sign that there was nothing left to merge
                break


def count_articles(path: Path) -> int:
    """Return how many articles the database holds (0 if it does not exist)."""
    if not path.exists():
        return 0
    conn = sqlite3.connect(str(path))
    try:
        return int(conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
    finally:
        conn.close()
