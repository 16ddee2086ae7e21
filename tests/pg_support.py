"""PostgreSQL for the tests: the server named by NEWSDIGEST_TEST_PG_URL, and a fresh database per test.

A database per test is a copy of a template migrated once per session (CREATE DATABASE ... TEMPLATE), so a
test starts from the real schema in a few milliseconds and leaves nothing behind for the next.
"""

from __future__ import annotations

import asyncio
import functools
import itertools
import os
import re
import sqlite3
from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path

import psycopg
import pytest

from bot.store.db import Database

ENV = "NEWSDIGEST_TEST_PG_URL"
SKIP_REASON = f"PostgreSQL not reachable: set {ENV} or install postgresql-15 (see tests/pg_cluster.py)"
_counter = itertools.count()
_template: dict[str, str] = {}


@functools.cache
def admin_url() -> str | None:
    """The server's URL, or None when the tests should skip the PostgreSQL cases (asked once a session)."""
    url = os.environ.get(ENV, "").strip()
    if not url:
        return None
    try:
        with psycopg.connect(url, connect_timeout=3):
            return url
    except psycopg.Error:
        return None


def with_database(url: str, name: str) -> str:
    """The same server URL naming another database."""
    return re.sub(r"/[^/?]*(\?|$)", f"/{name}\\1", url.rstrip("/"), count=1) if "@" in url else url


def _admin(url: str, sql: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql)  # type: ignore[arg-type]


async def template(url: str) -> str:
    """The name of the session's migrated template database (made on first use)."""
    if "name" not in _template:
        name = f"nd_template_{os.getpid()}"
        await asyncio.to_thread(_admin, url, f"DROP DATABASE IF EXISTS {name}")
        await asyncio.to_thread(_admin, url, f"CREATE DATABASE {name}")
        db = await Database.open(with_database(url, name))
        await db.close()
        _template["name"] = name
    return _template["name"]


def drop_template(url: str) -> None:
    """Remove the session's template (at the end of the session)."""
    if "name" in _template:
        _admin(url, f"DROP DATABASE IF EXISTS {_template.pop('name')} WITH (FORCE)")


def _copy_of(template_name: str, name: str) -> str:
    """The statement that makes database ``name`` a copy of the template.

    WAL_LOG (PostgreSQL 15's default) copies the small template through the buffer cache; FILE_COPY forces two
    checkpoints a copy, which on a server shared by six workers write out every other test's dirty pages: 20
    copies (with a connection and a drop each) took 62-229 ms of the server's CPU each with WAL_LOG against
    143-290 ms with FILE_COPY, three alternated pairs (bench/README.md, "The test suite's time").
    """
    return f"CREATE DATABASE {name} TEMPLATE {template_name} STRATEGY WAL_LOG"


@asynccontextmanager
async def fresh_database_url() -> AsyncIterator[str]:
    """A URL of a new, migrated, empty database, dropped afterwards; skips the test without a server."""
    url = admin_url()
    if url is None:
        pytest.skip(SKIP_REASON)
    base = await template(url)
    name = f"nd_test_{os.getpid()}_{next(_counter)}"
    await asyncio.to_thread(_admin, url, _copy_of(base, name))
    try:
        yield with_database(url, name)
    finally:
        await asyncio.to_thread(_admin, url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@contextmanager
def fresh_database_url_sync() -> Iterator[str]:
    """:func:`fresh_database_url` for a test without an event loop (the command-line tests)."""
    url = admin_url()
    if url is None:
        pytest.skip(SKIP_REASON)
    base = asyncio.run(template(url))
    name = f"nd_test_{os.getpid()}_{next(_counter)}"
    _admin(url, _copy_of(base, name))
    try:
        yield with_database(url, name)
    finally:
        _admin(url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@asynccontextmanager
async def empty_database_url() -> AsyncIterator[str]:
    """A URL of a new database without any table (for `db copy` and migrations), dropped afterwards."""
    url = admin_url()
    if url is None:
        pytest.skip(SKIP_REASON)
    name = f"nd_empty_{os.getpid()}_{next(_counter)}"
    await asyncio.to_thread(_admin, url, f"CREATE DATABASE {name}")
    try:
        yield with_database(url, name)
    finally:
        await asyncio.to_thread(_admin, url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@contextmanager
def empty_database_url_sync() -> Iterator[str]:
    """:func:`empty_database_url` for a test without an event loop."""
    url = admin_url()
    if url is None:
        pytest.skip(SKIP_REASON)
    name = f"nd_empty_{os.getpid()}_{next(_counter)}"
    _admin(url, f"CREATE DATABASE {name}")
    try:
        yield with_database(url, name)
    finally:
        _admin(url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@asynccontextmanager
async def c_locale_database_url() -> AsyncIterator[str]:
    """A URL of a new database without any table whose LC_CTYPE is C (the parser takes every character that is not
    ASCII for a letter there), dropped afterwards."""
    url = admin_url()
    if url is None:
        pytest.skip(SKIP_REASON)
    name = f"nd_c_{os.getpid()}_{next(_counter)}"
    create = f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' LC_CTYPE 'C' LC_COLLATE 'C'"
    await asyncio.to_thread(_admin, url, create)
    try:
        yield with_database(url, name)
    finally:
        await asyncio.to_thread(_admin, url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@asynccontextmanager
async def fresh_database(backend: str, sqlite_path: Path) -> AsyncIterator[Database]:
    """A fresh, migrated database of ``backend``: a SQLite file at ``sqlite_path``, or a new PostgreSQL database
    (skipped without a server, dropped afterwards); closed afterwards."""
    if backend == "postgresql":
        async with fresh_database_url() as url:
            database = await Database.open(url)
            try:
                yield database
            finally:
                await database.close()
        return
    database = await Database.open(sqlite_path)
    try:
        yield database
    finally:
        await database.close()


def migrate_before(conn: psycopg.Connection[object], number: int) -> None:
    """Bring an empty database to the schema just before PostgreSQL migration ``number``, recorded as the migrator does.

    For the tests of a migration: store rows as the schema before it held them, then open the database to apply it.
    """
    from bot.store.pg import migrations

    conn.execute(
        "CREATE TABLE schema_migrations (number integer PRIMARY KEY, name text NOT NULL,"
        " applied_at timestamptz NOT NULL DEFAULT now())"
    )
    for n, name, sql in migrations()[: number - 1]:
        conn.execute(sql.encode())
        conn.execute("INSERT INTO schema_migrations (number, name) VALUES (%s, %s)", (n, name))


@asynccontextmanager
async def database_before(
    backend: str, tmp_path: Path, migration: str, rows: Sequence[tuple[str, tuple[object, ...]]]
) -> AsyncIterator[str]:
    """A database at the schema just before the migration named ``migration``, holding ``rows``: its path or URL.

    ``rows`` are ``?`` statements with their values, as the schema before the migration stored them; opening the
    database (``Database.open``) then applies the migration and the ones after it, as an upgrade does.
    """
    if backend == "sqlite":
        from bot.store.db import MIGRATION_FUNCTIONS
        from bot.store.db import migrations as sqlite_migrations

        path = tmp_path / "old.db"
        conn = sqlite3.connect(path)
        try:
            for name, function in MIGRATION_FUNCTIONS.items():  # as the migrator registers them
                conn.create_function(name, 1, function, deterministic=True)
            for number, name, sql in sqlite_migrations():
                if name == migration:
                    break
                conn.executescript(f"BEGIN; {sql}; PRAGMA user_version = {number}; COMMIT;")
            for sql, values in rows:
                conn.execute(sql, values)
            conn.commit()
        finally:
            conn.close()
        yield str(path)
        return
    from bot.store.pg import migrations as pg_migrations

    async with empty_database_url() as url:
        number = next(n for n, name, _ in pg_migrations() if name == migration)
        with psycopg.connect(url) as pg:
            migrate_before(pg, number)
            for sql, values in rows:
                pg.execute(sql.replace("?", "%s"), values)
        yield url


def insert_one_article(conn: psycopg.Connection[object], title: str, body: str, arrived_at: str) -> None:
    """Store one English article (with its source and story) by plain SQL, as an old schema's writer would."""
    at = {"t": arrived_at, "title": title, "body": body}
    conn.execute("INSERT INTO sources (kind, name, location, created_at) VALUES ('feed', 'desk', 'x', %(t)s)", at)
    conn.execute("INSERT INTO stories (first_seen) VALUES (%(t)s)", at)
    conn.execute(
        "INSERT INTO articles (source_id, story_id, url, fingerprint, title, body, key_points, arrived_at, language)"
        " VALUES (1, 1, 'u', 'f', %(title)s, %(body)s, '[]', %(t)s, 'en')",
        at,
    )
