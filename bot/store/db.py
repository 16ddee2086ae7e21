"""Open the database: WAL, foreign keys, numbered migrations applied each in one transaction."""

from __future__ import annotations

import asyncio
import logging
import re
import sqlite3
from collections.abc import AsyncIterator, Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime, time
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import aiosqlite

from bot.errors import DatabaseUnavailable, StoreError
from bot.logs import redact
from bot.store.sqltypes import AsyncConn, Conn, Row
from bot.text.cjk import (
    changed_by_scripts,
    cjk_spaced_as_written,
    cjk_spaced_before_bidi,
    cjk_spaced_before_scripts,
    cjk_spaced_sql,
    has_direction_controls,
)
from bot.text.identity import canonical_url

log = logging.getLogger(__name__)

_TS_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"

T = TypeVar("T")


def published_sort(value: date | None) -> str | None:
    """A publication date or datetime as the UTC text articles sort by (``published_sort``): a day at midnight UTC."""
    if value is None:
        return None
    return to_db_time(value if isinstance(value, datetime) else datetime.combine(value, time(0), tzinfo=UTC))


def to_db_time(moment: datetime) -> str:
    """Write an aware datetime as the fixed-width UTC text the database sorts by."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime given to the store")
    utc = moment.astimezone(UTC)
    if utc.year < 1000:  # strftime's %Y of such a year is the platform's to spell (glibc: no leading zeros)
        return utc.strftime(_TS_FORMAT)
    # _TS_FORMAT spelt out: strftime rewrites its format for %f and calls the C library (~20 k instructions,
    # up to four times an article stored); this is ~10 k, the same text (tests/test_store.py).
    return "%d-%02d-%02dT%02d:%02d:%02d.%06dZ" % (  # noqa: UP031 - %-formatting is the cheapest here
        utc.year,
        utc.month,
        utc.day,
        utc.hour,
        utc.minute,
        utc.second,
        utc.microsecond,
    )


# The largest row id: SQLite's INTEGER and PostgreSQL's bigint are 64-bit; a larger number overflows the driver.
ROW_ID_MAX = 2**63 - 1


def row_id(text: str) -> int | None:
    """Return the row id a person typed (ASCII digits, 1 to :data:`ROW_ID_MAX`), or None for anything else.

    ``"²"`` and ``"٣"`` are digits to ``str.isdigit`` but not to ``int``; twenty digits overflow the driver. Both
    were tracebacks where an id or a link is asked for (``explain``, ``feeds remove``, ``schedule remove``).
    """
    text = text.strip()
    if not (text.isascii() and text.isdigit()):
        return None
    value = int(text)
    return value if 1 <= value <= ROW_ID_MAX else None


def from_db_time(text: str) -> datetime:
    """Read a timestamp written by :func:`to_db_time`."""
    return datetime.strptime(text, _TS_FORMAT).replace(tzinfo=UTC)


def opt_time(text: str | None) -> datetime | None:
    """Read an optional timestamp."""
    return None if text is None else from_db_time(text)


def migrations(folder_name: str = "migrations") -> list[tuple[int, str, str]]:
    """Return the bundled migrations of one backend's folder as (number, name, sql), in order."""
    found: list[tuple[int, str, str]] = []
    folder = resources.files("bot.store") / folder_name
    for entry in folder.iterdir():
        match = re.fullmatch(r"(\d{4})_(\w+)\.sql", entry.name)
        if match:
            found.append((int(match.group(1)), match.group(2), entry.read_text(encoding="utf-8")))
    found.sort()
    numbers = [n for n, _, _ in found]
    if numbers != list(range(1, len(numbers) + 1)):
        raise StoreError(f"{folder_name} are not numbered 1..n without gaps: {numbers}")
    return found


def _redact_value(value: object) -> object:
    """:func:`bot.logs.redact` for SQL: a text redacted, any other value (NULL, a number, a blob) as it is."""
    return redact(value) if isinstance(value, str) else value


# Python functions that SQL may call, by name (one argument each), registered on every connection a Database
# opens (before the migrations, and on the writer's): a data migration rewrites rows by the program's own rule,
# not by a copy of it in SQL (redact_source_names: ``redact(name)``), and the search index's content and
# triggers space CJK text as the store does (migration 0017: ``cjk_spaced(body)``; 0019 removes what the indexes
# held before it by ``cjk_spaced_as_written``, 0020 by ``cjk_spaced_before_scripts``, 0021 by
# ``cjk_spaced_before_bidi``).
MIGRATION_FUNCTIONS: dict[str, Callable[[Any], Any]] = {
    "redact": _redact_value,
    "canonical_url_of": canonical_url,  # 0025: rows stored before the rule changed
    "cjk_spaced": cjk_spaced_sql,
    "cjk_spaced_as_written": cjk_spaced_as_written,
    "cjk_spaced_before_scripts": cjk_spaced_before_scripts,
    "changed_by_scripts": changed_by_scripts,
    "cjk_spaced_before_bidi": cjk_spaced_before_bidi,
    "has_direction_controls": has_direction_controls,
}
# What ``cjk_spaced`` (the indexes' content) was while a migration ran, from the migration on: a migration
# indexing rows from the content views (0017's and 0018's rebuilds, 0019's rows) indexes them as its own
# version spaced them, so that a later one finds them as it expects (0019 removes its rows by the text before
# it, 0020 and 0021 by the text before each), whatever schema an upgrade starts from.
_SPACING_FROM = (
    (21, cjk_spaced_sql),
    (20, cjk_spaced_before_bidi),
    (19, cjk_spaced_before_scripts),
    (0, cjk_spaced_as_written),
)


def migration_functions(number: int) -> dict[str, Callable[[Any], Any]]:
    """The SQL functions migration ``number`` runs with: MIGRATION_FUNCTIONS, ``cjk_spaced`` as it was then."""
    spacing = next(function for first, function in _SPACING_FROM if number >= first)
    return {**MIGRATION_FUNCTIONS, "cjk_spaced": spacing}


# SQLite's primary result codes (the low byte of an extended code), read from the error itself, not its text.
_UNAVAILABLE = {
    sqlite3.SQLITE_BUSY: "the database is locked by another program; try again in a moment",
    sqlite3.SQLITE_LOCKED: "the database is locked by another program; try again in a moment",
    sqlite3.SQLITE_FULL: "the database or its disk is full; nothing was written",
    sqlite3.SQLITE_READONLY: "the database file is read-only",
    sqlite3.SQLITE_CANTOPEN: "the database file cannot be opened",
    sqlite3.SQLITE_CORRUPT: "the database file is damaged or is not a newsdigest database",
    sqlite3.SQLITE_NOTADB: "the database file is damaged or is not a newsdigest database",
    sqlite3.SQLITE_IOERR: "the database file could not be read or written (disk error)",
}


def translate(exc: sqlite3.Error) -> StoreError:
    """Turn a sqlite3 error into a StoreError whose message a person can act on, by SQLite's error code."""
    text = str(exc)
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int) and (code & 0xFF) in _UNAVAILABLE:
        return DatabaseUnavailable(_UNAVAILABLE[code & 0xFF])
    return StoreError(f"database error: {text}")


class _Writer:
    """A second connection to the same file on a thread of its own, for work done in one hop.

    Each awaited aiosqlite call is a trip to its thread and back (~0.2 ms); a function doing many statements
    (a batch of files, a subscribe with its backlog) runs here in one trip, its Python work (hashing,
    clustering) off the event loop too. aiosqlite offers no public way to queue a plain function on its own
    thread, so the writer has its own connection and thread (WAL lets it write while the other reads); the
    database's write lock keeps one writer at a time within the process.
    """

    def __init__(self, conn: sqlite3.Connection, thread: ThreadPoolExecutor) -> None:
        self.conn = conn
        self._thread = thread

    @classmethod
    async def open(cls, target: str, uri: bool, pragmas: Iterable[str]) -> _Writer:
        """Open the writer's connection on its own thread."""
        thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newsdigest-db-writer")

        def connect() -> sqlite3.Connection:
            conn = sqlite3.connect(target, isolation_level=None, uri=uri, check_same_thread=False)
            conn.row_factory = sqlite3.Row
            for function_name, function in MIGRATION_FUNCTIONS.items():
                conn.create_function(function_name, 1, function, deterministic=True)
            for pragma in pragmas:
                conn.execute(pragma)
            return conn

        try:
            conn = await asyncio.get_running_loop().run_in_executor(thread, connect)
        except BaseException:
            thread.shutdown(wait=False)
            raise
        return cls(conn, thread)

    async def run(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run ``work`` with the writer's connection on its thread."""
        return await asyncio.get_running_loop().run_in_executor(self._thread, work, self.conn)

    async def close(self) -> None:
        """Close the connection on its thread, then end the thread."""
        try:
            await self.run(lambda conn: conn.close())
        finally:
            self._thread.shutdown(wait=True)


def in_transaction(conn: sqlite3.Connection, work: Callable[[sqlite3.Connection], T]) -> T:
    """Run ``work`` in one IMMEDIATE transaction on a raw connection; roll back on any error.

    Raises:
        StoreError: if SQLite refuses (locked, full, ...); nothing of ``work`` is kept then.
    """
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as exc:
        raise translate(exc) from exc
    try:
        result = work(conn)
        conn.execute("COMMIT")
    except BaseException as exc:
        if conn.in_transaction:
            try:
                conn.execute("ROLLBACK")
            except sqlite3.Error:
                log.exception("rollback failed after %s", exc)
        if isinstance(exc, sqlite3.Error):
            raise translate(exc) from exc
        raise
    return result


def _file_uri(path: Path) -> str:
    return path.absolute().as_uri()


def _refuse_special_file(path: Path) -> None:
    """Refuse a database path that names a FIFO, a device or a socket (a stat: nothing is opened, nothing blocks).

    SQLite fails on one with a bare "disk I/O error" and leaves aiosqlite's thread behind, which prints a
    traceback when the program exits.

    Raises:
        StoreError: if ``path`` exists and is not a regular file.
    """
    if path.exists() and not path.is_file():
        raise StoreError(f"cannot open the database {path}: not a regular file")


class Database:
    """An aiosqlite connection for reads and statement-by-statement transactions, and a writer for one-hop work.

    Writes, through :meth:`transaction`, :meth:`execute` or :meth:`write`, go one at a time.
    :meth:`open` given a ``postgresql://`` URL returns the PostgreSQL backend instead
    (:class:`bot.store.pg.PgDatabase`), which has the same methods; ``dialect`` tells the two apart for the
    few statements the store spells differently.
    """

    dialect = "sqlite"

    def __init__(self, conn: aiosqlite.Connection, path: Path | str, writer: _Writer | None = None) -> None:
        self.conn = conn
        self.path = path
        self._writer = writer
        self._write_lock = asyncio.Lock()

    @classmethod
    async def open(cls, path: Path | str, *, busy_timeout_ms: int = 5000) -> Database:
        """Open (creating if needed) and migrate the database at ``path``, or at a ``postgresql://`` URL.

        Raises:
            StoreError: if the file (or server) cannot be opened or migrated.
        """
        if isinstance(path, str) and re.match(r"(?i)\s*postgres(ql)?://", path):
            from bot.store.pg import PgDatabase

            return await PgDatabase.open_url(path)
        target, uri = str(path), False
        try:
            if isinstance(path, Path):
                _refuse_special_file(path)
                path.parent.mkdir(parents=True, exist_ok=True)
                # Opened through a file: URI built from the path, so that a name such as 'file:x?mode=ro' is
                # a file of that name, never read as SQLite URI options.
                target, uri = _file_uri(path), True
            conn = await aiosqlite.connect(target, isolation_level=None, uri=uri)
        except (sqlite3.Error, OSError, ValueError) as exc:
            raise StoreError(f"cannot open the database {path}: {exc}") from exc
        conn.row_factory = sqlite3.Row
        db = cls(conn, path)
        pragmas = (
            f"PRAGMA busy_timeout = {int(busy_timeout_ms)}",
            "PRAGMA synchronous = NORMAL",
            "PRAGMA foreign_keys = ON",
        )
        try:
            await conn.execute("PRAGMA journal_mode = WAL")
            for pragma in pragmas:
                await conn.execute(pragma)
            await db._migrate()
            db._writer = await _Writer.open(target, uri, pragmas)
        except sqlite3.Error as exc:
            await conn.close()
            raise translate(exc) from exc
        except BaseException:
            await conn.close()
            raise
        return db

    async def close(self) -> None:
        """Wait for the write in progress, then close."""
        async with self._write_lock:
            try:
                if self._writer is not None:
                    await self._writer.close()
            finally:
                await self.conn.close()

    async def _migrate(self) -> None:
        async with self.conn.execute("PRAGMA user_version") as cur:
            row = await cur.fetchone()
        current = int(row[0]) if row else 0
        pending = [m for m in migrations() if m[0] > current]
        known = len(migrations())
        if current > known:
            raise StoreError(f"the database is from a newer newsdigest (schema {current}, this one knows {known})")
        for number, name, sql in pending:
            log.info("applying migration %04d_%s", number, name)
            for function_name, function in migration_functions(number).items():
                await self.conn.create_function(function_name, 1, function, deterministic=True)
            try:
                await self.conn.executescript(f"BEGIN IMMEDIATE;\n{sql}\nPRAGMA user_version = {number};\nCOMMIT;")
            except sqlite3.Error:
                if self.conn.in_transaction:
                    await self.conn.execute("ROLLBACK")
                raise
        for function_name, function in MIGRATION_FUNCTIONS.items():
            await self.conn.create_function(function_name, 1, function, deterministic=True)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncConn]:
        """Run the block in one IMMEDIATE transaction; roll back on any error.

        Raises:
            StoreError: if SQLite refuses (locked, full, ...).
        """
        async with self._write_lock:
            try:
                await self.conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise translate(exc) from exc
            try:
                yield self.conn
            except BaseException:
                if self.conn.in_transaction:
                    await self.conn.execute("ROLLBACK")
                raise
            try:
                await self.conn.execute("COMMIT")
            except sqlite3.Error as exc:
                if self.conn.in_transaction:
                    await self.conn.execute("ROLLBACK")
                raise translate(exc) from exc

    async def write(self, work: Callable[[Conn], T]) -> T:
        """Run a plain function in one IMMEDIATE transaction on the database thread: one hop for all of it.

        Raises:
            StoreError: if SQLite refuses (locked, full, ...); nothing of ``work`` is kept then.
        """
        if self._writer is None:
            raise StoreError("the database is not open")
        writer = self._writer
        async with self._write_lock:
            return await writer.run(lambda conn: in_transaction(conn, work))

    async def fetchall(self, sql: str, params: Iterable[Any] = ()) -> list[Row]:
        """Run a read query and return its rows.

        Raises:
            StoreError: if SQLite refuses.
        """
        try:
            # One job on the connection's thread: a statement left open between two jobs would hold a read
            # snapshot under another task's BEGIN IMMEDIATE, which then fails at once ("database is locked",
            # SQLITE_BUSY_SNAPSHOT, no busy wait) when another process has written since.
            return list(await self.conn.execute_fetchall(sql, tuple(params)))
        except sqlite3.Error as exc:
            raise translate(exc) from exc

    async def fetchone(self, sql: str, params: Iterable[Any] = ()) -> Row | None:
        """Run a read query and return its first row, if any.

        Raises:
            StoreError: if SQLite refuses.
        """
        try:
            # One job, as in fetchall (the store's single-row queries are key lookups and aggregates).
            rows = list(await self.conn.execute_fetchall(sql, tuple(params)))
            return rows[0] if rows else None
        except sqlite3.Error as exc:
            raise translate(exc) from exc

    async def check_connections(self) -> None:
        """Drop connections a lost database left broken (PostgreSQL's pool; SQLite's file needs nothing)."""

    async def schema_version(self) -> int:
        """Return the number of the last migration applied."""
        row = await self.fetchone("PRAGMA user_version")
        return int(row[0]) if row is not None else 0

    async def execute(self, sql: str, params: Iterable[Any] = ()) -> int:
        """Run one write statement in its own transaction and return the last row id.

        Raises:
            StoreError: if SQLite refuses.
        """
        async with self.transaction() as conn:
            try:
                cur = await conn.execute(sql, tuple(params))
            except sqlite3.Error as exc:
                raise translate(exc) from exc
            return cur.lastrowid or 0
