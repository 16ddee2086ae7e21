"""Helpers of the CJK tests (search: test_search_cjk.py, stories: test_story_cjk.py): old schemas and index checks."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager, closing
from datetime import datetime, timedelta
from pathlib import Path

import psycopg
from pg_support import empty_database_url, migrate_before

from bot.models import Article, SourceKind
from bot.store import articles as repo
from bot.store.db import MIGRATION_FUNCTIONS, Database, migration_functions
from bot.store.db import migrations as sqlite_migrations
from bot.store.pg import migrations as pg_migrations
from bot.store.search import search
from bot.text.bidi import DIRECTION_CLASS
from bot.text.cjk import CJK_CLASS, SEPARATOR, cjk_spaced, compat_folded

_CJK = re.compile(f"([{CJK_CLASS}])")
_DIRECTION = re.compile(f"([{DIRECTION_CLASS}])")


def spaced_unfolded(text: str) -> str:
    """What ``cjk_spaced`` gave before SQLite 0019 and PostgreSQL 0020: CJK spaced, compatibility forms as written.

    Spelled here on its own (not by ``cjk_spaced_as_written``, which SQLite 0019 removes the old index entries
    by): an index built by it and upgraded is in step only if the two agree.
    """
    return _CJK.sub(SEPARATOR + r"\1" + SEPARATOR, text)


def spaced_before_scripts(text: str) -> str:
    """What ``cjk_spaced`` gave from SQLite 0019 to 0020 (PostgreSQL 0020 to 0021): compatibility forms folded, CJK
    spaced, the scripts neither folded nor set apart. Spelled here on its own, as :func:`spaced_unfolded` is.
    """
    return spaced_unfolded(compat_folded(text))


def spaced_before_bidi(text: str) -> str:
    """What ``cjk_spaced`` gave from SQLite 0020 to 0021 (PostgreSQL 0021 to 0024): the direction controls as
    written, a word's letters beside them. Spelled here on its own: today's spacing of the pieces between them.
    """
    return "".join(piece if _DIRECTION.fullmatch(piece) else cjk_spaced(piece) for piece in _DIRECTION.split(text))


async def fts_in_step(db: Database) -> None:
    """FTS5's integrity-check with rank 1: each index compared with the text its content gives (raises if not)."""

    def check(conn: sqlite3.Connection) -> None:
        for index in ("articles_fts", "titles_fts"):
            conn.execute(f"INSERT INTO {index} ({index}, rank) VALUES ('integrity-check', 1)")  # noqa: S608

    await db.write(check)


def entries_as_rebuilt(path: Path) -> None:
    """Each index's entries, token by token, are those a rebuild from its content view makes now."""
    with closing(sqlite3.connect(path)) as conn:
        for name, function in MIGRATION_FUNCTIONS.items():
            conn.create_function(name, 1, function, deterministic=True)
        for index, columns in (("articles_fts", "title, body, key_points"), ("titles_fts", "title")):
            conn.execute(
                f"CREATE VIRTUAL TABLE fresh USING fts5 ({columns}, content = '{index}_text', content_rowid = 'id',"
                " tokenize = 'porter unicode61 remove_diacritics 2')"
            )
            conn.execute("INSERT INTO fresh (fresh) VALUES ('rebuild')")
            entries = []
            for table in (index, "fresh"):
                conn.execute(f"CREATE VIRTUAL TABLE temp.v USING fts5vocab(main, {table}, 'instance')")
                entries.append(sorted(conn.execute("SELECT doc, col, offset, term FROM temp.v").fetchall()))
                conn.execute("DROP TABLE temp.v")
            conn.execute("DROP TABLE fresh")
            assert entries[0] == entries[1], index
            assert entries[0]


def sqlite_at(path: Path, number: int) -> sqlite3.Connection:
    """A new SQLite database at ``path`` with the first ``number`` migrations, as the store applies them."""
    conn = sqlite3.connect(path, isolation_level=None)
    for n, _, sql in sqlite_migrations()[:number]:
        for name, function in migration_functions(n).items():
            conn.create_function(name, 1, function, deterministic=True)
        conn.executescript(f"BEGIN;\n{sql}\nPRAGMA user_version = {n};\nCOMMIT;")
    return conn


def sqlite_before(
    path: Path, number: int, articles: list[tuple[str, str, str]], at: str, spaced: Callable[[str], str] = cjk_spaced
) -> None:
    """A new SQLite database at ``path`` at the schema just before migration ``number``, holding ``articles``.

    Each (title, body, key points as JSON) is an article of one source, in a story of its own (story ids 1, 2, ...
    in order), indexed as the store indexed it then: its fields in articles_fts as they are before 0017 and as
    ``spaced`` gives them after, its headline in titles_fts as it is before 0018 and as ``spaced`` gives it after.
    """
    conn = sqlite_at(path, number - 1)
    search_spaced = number - 1 >= next(n for n, name, _ in sqlite_migrations() if name == "search_cjk")
    story_spaced = number - 1 >= next(n for n, name, _ in sqlite_migrations() if name == "story_cjk")
    index = spaced if search_spaced else str
    try:
        conn.execute("INSERT INTO sources (kind, name, location, created_at) VALUES ('folder', 'desk', '/d', ?)", (at,))
        for n, (title, body, key_points) in enumerate(articles):
            conn.execute("INSERT INTO stories (first_seen) VALUES (?)", (at,))
            article_id = conn.execute(
                "INSERT INTO articles (source_id, story_id, url, fingerprint, title, body, key_points, arrived_at)"
                " VALUES (1, ?, ?, ?, ?, ?, ?, ?)",
                (n + 1, f"u{n}", f"f{n}", title, body, key_points, at),
            ).lastrowid
            conn.execute(
                "INSERT INTO articles_fts (rowid, title, body, key_points) VALUES (?, ?, ?, ?)",
                (article_id, index(title), index(body), index(key_points)),
            )
            conn.execute(
                "INSERT INTO titles_fts (rowid, title) VALUES (?, ?)",
                (article_id, spaced(title) if story_spaced else title),
            )
    finally:
        conn.close()


def postgresql_before(url: str, number: int, articles: list[tuple[str, str]], at: str) -> None:
    """An empty PostgreSQL database brought to just before migration ``number``, holding ``articles``.

    Each (title, body) is an article of one source, in a story of its own (story ids 1, 2, ... in order).
    """
    with psycopg.connect(url) as conn:
        migrate_before(conn, number)
        conn.execute("INSERT INTO sources (kind, name, location, created_at) VALUES ('folder', 'desk', 'x', %s)", (at,))
        for n, (title, body) in enumerate(articles):
            conn.execute("INSERT INTO stories (first_seen) VALUES (%s)", (at,))
            conn.execute(
                "INSERT INTO articles (source_id, story_id, url, fingerprint, title, body, key_points,"
                " arrived_at, language) VALUES (1, %s, %s, %s, %s, %s, '[]', %s, NULL)",
                (n + 1, f"u{n}", f"f{n}", title, body, at),
            )


@asynccontextmanager
async def postgresql_upgraded(
    name: str, articles: list[tuple[str, str]], at: str
) -> AsyncIterator[tuple[Database, list[int]]]:
    """A new PostgreSQL database holding ``articles`` (:func:`postgresql_before`) at the schema before migration
    ``name``, then opened (so upgraded): the database, and the ids of the rows the upgrade wrote (by ``xmin``).
    """
    number = next(n for n, each, _ in pg_migrations() if each == name)
    async with empty_database_url() as url:
        postgresql_before(url, number, articles, at)
        with psycopg.connect(url) as conn:
            before = dict(conn.execute("SELECT id, xmin::text FROM articles ORDER BY id").fetchall())
        db = await Database.open(url)
        try:
            assert await db.schema_version() == len(pg_migrations())
            rows = await db.fetchall("SELECT id, xmin::text FROM articles ORDER BY id")
            yield db, [row[0] for row in rows if row[0] in before and before[row[0]] != row[1]]
        finally:
            await db.close()


async def seed_articles(db: Database, articles: Sequence[tuple[str, str]], now: datetime) -> None:
    """Store (title, body) articles from one folder source, an hour apart, the first the newest."""
    src = await repo.get_or_create_source(db, SourceKind.FOLDER, "desk", "/drop", now)
    for n, (title, body) in enumerate(articles):
        article = Article(title=title, body=(body,), url=f"https://news.example/{n}")
        await repo.add_article(db, src, article, now - timedelta(hours=n), [f"k{n}"])


async def titles_found(db: Database, text: str, now: datetime) -> set[str]:
    """The titles `find` gives for ``text``."""
    return {hit.title for hit in (await search(db, text, now=now)).hits}


async def sqlite_upgraded_in_step(
    path: Path, found: Callable[[Database], Awaitable[None]], deleted: Sequence[int]
) -> None:
    """Open an old SQLite file (it migrates to the last schema) and check its search indexes after the upgrade.

    They hold what a fresh rebuild would (``entries_as_rebuilt``), ``found`` holds of them, and deleting the rows
    ``deleted`` leaves them in step with the articles.
    """
    db = await Database.open(path)
    try:
        assert await db.schema_version() == len(sqlite_migrations())
        await fts_in_step(db)
        entries_as_rebuilt(path)
        await found(db)
        for article_id in deleted:
            await db.execute("DELETE FROM articles WHERE id = ?", (article_id,))
        await fts_in_step(db)
    finally:
        await db.close()
