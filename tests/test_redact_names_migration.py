"""The migration that hides URL passwords in old source names, on both backends.

A database is built at the schema before the migration, with sources named as an old release named them (a
feed with no title of its own by its whole URL, password included), then opened by the current store, which
migrates it. Each name must then read as :func:`bot.logs.redact` gives it, every other name and every location
(the URL the poller fetches, password included) as it was. On PostgreSQL the migration spells redact()'s
patterns in the server's own regular expressions, so the same comparison, run on the real server, is the proof
that the copy gives exactly redact()'s output.
"""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path

import psycopg
import pytest
from pg_support import empty_database_url, migrate_before

from bot.logs import redact
from bot.store.db import MIGRATION_FUNCTIONS, Database
from bot.store.db import migrations as sqlite_migrations
from bot.store.pg import migrations as pg_migrations

CREATED = "2026-03-01T06:30:00.000000Z"
# The first migration hid passwords by the rule of its day; the second applies the rule again since a URL glued to
# the word before it ("Caféhttps://u:pw@host") was missed. Each is checked from the schema just before it.
MIGRATIONS = ("redact_source_names", "redact_glued_urls")

# Hand-written: each is a name an old release may have stored (or a name that must stay as it is), with the name
# the migration must leave, written out rather than computed, so that the rule's result is checked too.
TRICKY: list[tuple[str, str]] = [
    ("https://user:secret@host/feed.xml", "https://user:[redacted]@host/feed.xml"),
    ("https://user:p@ss@host/feed.xml", "https://user:[redacted]@host/feed.xml"),  # password holding "@"
    ("https://me@example.org:pw@host/feed", "https://me@example.org:[redacted]@host/feed"),  # user holding "@"
    ("https://user@host/feed.xml", "https://user@host/feed.xml"),  # no password
    ("https://host/feed.xml", "https://host/feed.xml"),
    ("https://user:[redacted]@host/feed.xml", "https://user:[redacted]@host/feed.xml"),  # redacted already
    ("https://user:…@host/feed.xml", "https://user:…@host/feed.xml"),  # the store's old mask
    ("Le Monde: À la une", "Le Monde: À la une"),  # not a URL (a colon, no "@")
    ("Alice's feed: alice@example.org", "Alice's feed: alice@example.org"),
    (
        "https://a:one@h1/x and ftp://b:two@h2/y, http://c@h3/z",  # several URLs in one name
        "https://a:[redacted]@h1/x and ftp://b:[redacted]@h2/y, http://c@h3/z",
    ),
    ("HTTPS://USER:SECRET@HOST/FEED.XML", "HTTPS://USER:[redacted]@HOST/FEED.XML"),  # upper-case scheme
    ("https://host/a:b@c", "https://host/a:b@c"),  # "a:b@c" in the path is no password
    ("https://host/feed?a:b@c", "https://host/feed?a:b@c"),
    ("https://user:secret@host:8443/feed.xml", "https://user:[redacted]@host:8443/feed.xml"),
    ("https://user:secret@host", "https://user:[redacted]@host"),  # nothing after the host
    ("https://user:secret@host?feed=1", "https://user:[redacted]@host?feed=1"),
    ("https://user:secret@host#top", "https://user:[redacted]@host#top"),
    ("git+https://user:secret@host/f", "git+https://user:[redacted]@host/f"),
    ("https://:secret@host/f", "https://:[redacted]@host/f"),  # empty user
    ("https://user:@host/f", "https://user:@host/f"),  # empty password
    ("see https://user:secret@host/f.", "see https://user:[redacted]@host/f."),
    ("(https://user:secret@host)", "(https://user:[redacted]@host)"),  # in brackets
    ("https://user:secret@host\tnext", "https://user:[redacted]@host\tnext"),
    ("https://user:se cret@host/f", "https://user:se cret@host/f"),  # white space ends a URL
    ("https://user:secret@host\u00a0next", "https://user:[redacted]@host\u00a0next"),  # so does Unicode's
    ("https://user:se\u00a0cret@host/f", "https://user:se\u00a0cret@host/f"),
    ("https://user:sécret@hôst/f", "https://user:[redacted]@hôst/f"),
    ("Caféhttps://user:secret@host/f", "Caféhttps://user:[redacted]@host/f"),  # glued to the word before it
    ("_https://user:secret@host/f", "_https://user:[redacted]@host/f"),
    ("v1.2https://user:secret@host/f", "v1.2https://user:[redacted]@host/f"),
    ("https://discord.com/api/webhooks/123/tok-EN.x", "https://discord.com/api/webhooks/123/[redacted]"),
    (
        "https://u:pw@hooks.slack.com/services/T1/B2/xyz",
        "https://u:[redacted]@hooks.slack.com/services/[redacted]",
    ),
    ("", ""),
]


def _ascii_names() -> list[str]:
    """Every ASCII character (but NUL, which PostgreSQL's text cannot hold) at each place a URL's parts meet."""
    names = []
    for char in map(chr, range(1, 128)):
        names += [
            f"{char}https://u:p@h/f",
            f"h{char}tps://u:p@h/f",
            f"https:{char}/u:p@h/f",
            f"https://u{char}:p@h/f",
            f"https://u:{char}p@h/f",
            f"https://u:p{char}@h/f",
            f"https://u:p@{char}h/f",
            f"https://u:p@h{char}",
            f"https://u:p@h{char}f@g",
        ]
    return names


def _combined_names() -> list[str]:
    """Names made of parts that each matter to the rule, in every combination."""
    schemes = ["https://", "HTTPS://", "git+ssh://", "x://", "https:/"]
    users = ["user", "", "me@example.org", "a:b"]
    passwords = [":secret", ":p@ss", ":[redacted]", ":…", ":", ""]
    hosts = ["@host", "@host:8080", "@", ""]
    tails = ["", "/feed.xml", "?q=a:b@c", "#f@g", " https://v:w@k", "/a:b@c"]
    prefixes = ["", "see ", "x", "é", "_"]
    return ["".join(parts) for parts in itertools.product(prefixes, schemes, users, passwords, hosts, tails)]


def _number(migration: str) -> dict[str, int]:
    """The migration's number on each backend (looked up by name: the numbers may change at a merge)."""
    return {
        "sqlite": next(n for n, name, _ in sqlite_migrations() if name == migration),
        "postgresql": next(n for n, name, _ in pg_migrations() if name == migration),
    }


def _migration_sql(backend: str, migration: str) -> str:
    found = sqlite_migrations() if backend == "sqlite" else pg_migrations()
    return next(sql for _, name, sql in found if name == migration)


def _sqlite_before(path: Path, rows: Sequence[tuple[str, str]], migration: str) -> None:
    """A SQLite file at the schema before the migration, with ``rows`` (name, location) as feeds."""
    before = _number(migration)["sqlite"] - 1
    conn = sqlite3.connect(path)
    try:
        for name, function in MIGRATION_FUNCTIONS.items():  # as the migrator registers them
            conn.create_function(name, 1, function, deterministic=True)
        for number, _, sql in sqlite_migrations()[:before]:
            conn.executescript(f"BEGIN; {sql}; PRAGMA user_version = {number}; COMMIT;")
        conn.executemany(
            "INSERT INTO sources (kind, name, location, created_at) VALUES ('feed', ?, ?, ?)",
            [(name, location, CREATED) for name, location in rows],
        )
        conn.commit()
        assert conn.execute("PRAGMA user_version").fetchone()[0] == before
    finally:
        conn.close()


def _pg_before(url: str, rows: Sequence[tuple[str, str]], migration: str) -> None:
    """A PostgreSQL database at the schema before the migration, recorded as the migrator records it."""
    with psycopg.connect(url) as conn:
        migrate_before(conn, _number(migration)["postgresql"])
        with conn.cursor().copy("COPY sources (kind, name, location, created_at) FROM STDIN") as copy:
            for name, location in rows:
                copy.write_row(("feed", name, location, CREATED))


@asynccontextmanager
async def old_database(
    backend: str, tmp_path: Path, rows: Sequence[tuple[str, str]], migration: str
) -> AsyncIterator[str]:
    """The target (SQLite path or PostgreSQL URL) of a database at the schema before the migration."""
    if backend == "sqlite":
        path = tmp_path / "old.db"
        _sqlite_before(path, rows, migration)
        yield str(path)
        return
    async with empty_database_url() as url:
        _pg_before(url, rows, migration)
        yield url


async def _open(backend: str, target: str) -> Database:
    return await Database.open(Path(target) if backend == "sqlite" else target)


async def _opened(backend: str, target: str) -> tuple[int, list[tuple[str, str]]]:
    """Open the database (which migrates it) and return its schema version and its sources' names and locations."""
    db = await _open(backend, target)
    try:
        rows = await db.fetchall("SELECT name, location FROM sources ORDER BY id")
        return await db.schema_version(), [(r[0], r[1]) for r in rows]
    finally:
        await db.close()


def _rows(names: Sequence[str]) -> list[tuple[str, str]]:
    """Each name as an old release stored it, with its feed's real URL (unique) as the location."""
    return [(name, f"https://reader:pw{i}@feeds.example/{i}.xml") for i, name in enumerate(names)]


@pytest.mark.parametrize("migration", MIGRATIONS)
@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
async def test_upgrade_redacts_passwords_in_old_source_names(backend, migration, tmp_path):
    rows = _rows([old for old, _ in TRICKY])
    async with old_database(backend, tmp_path, rows, migration) as target:
        version, migrated = await _opened(backend, target)
    assert version == len(sqlite_migrations() if backend == "sqlite" else pg_migrations())
    assert [name for name, _ in migrated] == [new for _, new in TRICKY]
    assert [location for _, location in migrated] == [location for _, location in rows]
    assert [new for _, new in TRICKY] == [redact(old) for old, _ in TRICKY]  # the expectations are the rule's


@pytest.mark.parametrize("migration", MIGRATIONS)
@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
async def test_migration_gives_what_redact_gives_on_many_names(backend, migration, tmp_path):
    names = _ascii_names() + _combined_names()
    rows = _rows(names)
    async with old_database(backend, tmp_path, rows, migration) as target:
        _, migrated = await _opened(backend, target)
    wrong = [(old, new, redact(old)) for old, (new, _) in zip(names, migrated, strict=True) if new != redact(old)]
    assert wrong == []
    assert [location for _, location in migrated] == [location for _, location in rows]
    changed = sum(new != old for old, (new, _) in zip(names, migrated, strict=True))
    assert 0 < changed < len(names)  # both kinds are there: names rewritten and names left as they were


@pytest.mark.parametrize("migration", MIGRATIONS)
@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
async def test_migrating_twice_changes_nothing(backend, migration, tmp_path):
    rows = _rows([old for old, _ in TRICKY])
    async with old_database(backend, tmp_path, rows, migration) as target:
        _, once = await _opened(backend, target)
        # The migration's statement run a second time on the migrated rows, on a connection of its own.
        sql = _migration_sql(backend, migration)
        if backend == "sqlite":
            conn = sqlite3.connect(target)
            try:
                for name, function in MIGRATION_FUNCTIONS.items():
                    conn.create_function(name, 1, function, deterministic=True)
                conn.executescript(f"BEGIN; {sql}; COMMIT;")
            finally:
                conn.close()
        else:
            with psycopg.connect(target) as conn:
                conn.execute(sql.encode())
        _, twice = await _opened(backend, target)  # and opened again: nothing pending, nothing rewritten
    assert twice == once
    assert [name for name, _ in once] == [new for _, new in TRICKY]


async def test_a_feed_error_an_old_release_recorded_with_a_password_is_read_redacted(db):
    """The poller records its errors redacted; an error recorded before that may hold the feed URL's password.
    Whatever shows a feed's last error (`explain`, /feeds health) reads it through the store, redacted."""
    from datetime import UTC, datetime

    from bot.digest.explain import _feed
    from bot.store.feeds import add_feed, get_feed

    url = "https://reader:hunter2-secret@news.example/feed.xml"
    feed = await add_feed(db, url, now=datetime(2026, 3, 1, 6, 30, tzinfo=UTC))
    old = f"HTTP 401 from {url}: unauthorised"
    await db.execute("UPDATE feeds SET last_error = ?, paused = 1, failures = 5 WHERE id = ?", (old, feed.id))
    stored = await get_feed(db, feed.id)
    assert stored is not None
    assert stored.url == url  # the poller still has what it fetches with
    assert stored.last_error == "HTTP 401 from https://reader:[redacted]@news.example/feed.xml: unauthorised"
    (finding,) = _feed(stored)
    assert "hunter2" not in finding.text
