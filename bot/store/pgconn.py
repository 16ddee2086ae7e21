"""PostgreSQL connections in the shapes the store's modules already use (``sqlite3`` and aiosqlite's).

The store writes its SQL once where the two dialects agree, with ``?`` marks; :func:`to_pg` turns such a
statement into psycopg's (``%s`` marks, ``INSERT OR IGNORE`` as ``ON CONFLICT DO NOTHING``), once per distinct
statement. Where they do not agree (full-text search, JSON, scalar MAX) the module chooses by
``db.dialect``. psycopg's errors become the store's own here (:func:`store_error`), so no module above the
adapters sees a psycopg class.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Coroutine, Generator, Iterable, Sequence
from functools import lru_cache
from types import TracebackType
from typing import Any

import psycopg
import psycopg.errors
import psycopg.sql
from psycopg.conninfo import conninfo_to_dict
from psycopg.rows import tuple_row

from bot.errors import DatabaseUnavailable, StoreError
from bot.logs import redact
from bot.store.constraints import ConstraintViolation, WriteConflict

_TOKEN = re.compile(r"'(?:[^']|'')*'|\?|%")
_OR_IGNORE = re.compile(r"^\s*INSERT\s+OR\s+IGNORE\s+INTO\b", re.IGNORECASE)
_INSERT_INTO = re.compile(r"^\s*INSERT\s+(?:OR\s+IGNORE\s+)?INTO\s+(\w+)", re.IGNORECASE)
# The tables whose rows have an identity ``id``: an INSERT into one returns it, which is how ``lastrowid``
# is told without a second trip to the server.
_ID_TABLES = frozenset({"sources", "stories", "articles", "feeds", "schedules", "deliveries", "newsletter_recipients"})


@lru_cache(maxsize=1024)
def to_pg(sql: str, returning_id: bool = True) -> str:
    """Return the psycopg spelling of a statement written with SQLite's ``?`` marks.

    An INSERT into a table with an ``id`` gets ``RETURNING id`` (unless ``returning_id`` is False, as for
    ``executemany``), read back as the cursor's ``lastrowid``.
    """

    def mark(match: re.Match[str]) -> str:
        piece = match.group(0)
        if piece == "?":
            return "%s"
        return piece.replace("%", "%%")  # a literal percent, inside quotes or not, is doubled for psycopg

    text = _TOKEN.sub(mark, sql)
    if _OR_IGNORE.match(text):
        text = _OR_IGNORE.sub("INSERT INTO", text, count=1) + " ON CONFLICT DO NOTHING"
    insert = _INSERT_INTO.match(text)
    if returning_id and insert and insert.group(1).lower() in _ID_TABLES and "RETURNING" not in text.upper():
        text += " RETURNING id"
    return text


def returns_id(sql: str) -> bool:
    """Tell whether :func:`to_pg` made the statement return the id it inserts."""
    insert = _INSERT_INTO.match(sql)
    return bool(insert and insert.group(1).lower() in _ID_TABLES and "RETURNING" not in sql.upper())


def connect_problem(exc: psycopg.Error, url: str) -> str:
    """Say in a few words why a connection failed (the server's own words), never repeating the password."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    if "FATAL:" in text:
        text = text.split("FATAL:", 1)[1]
    elif "failed: " in text:
        text = text.rsplit("failed: ", 1)[1]
    return hide_password(" ".join(text.split()), url) or type(exc).__name__


def hide_password(text: str, url: str) -> str:
    """Return ``text`` with the URL's password (if any) redacted wherever it appears (:func:`bot.logs.redact`)."""
    password: object = None
    try:
        password = conninfo_to_dict(url).get("password")
    except psycopg.Error:
        found = re.match(r"[^:]*://[^/:@]*:([^/@]*)@", url)
        password = found.group(1) if found else None
    return redact(text, [str(password)]) if password else text


def store_error(exc: psycopg.Error, url: str = "") -> StoreError:
    """Turn a psycopg error into the store's own, never repeating a password."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if url:
        text = hide_password(text, url)
    if isinstance(exc, psycopg.errors.DeadlockDetected | psycopg.errors.SerializationFailure):
        return WriteConflict(f"database error: {text}")
    if isinstance(exc, psycopg.errors.UniqueViolation):
        return ConstraintViolation(f"database error: {text}", unique=True)
    if isinstance(exc, psycopg.errors.IntegrityError):
        return ConstraintViolation(f"database error: {text}", unique=False)
    if isinstance(exc, psycopg.errors.DiskFull):
        return DatabaseUnavailable("the PostgreSQL server's disk is full; nothing was written")
    if isinstance(exc, psycopg.OperationalError | psycopg.errors.AdminShutdown | psycopg.errors.CannotConnectNow):
        return DatabaseUnavailable(f"the PostgreSQL server cannot be used: {text}")
    return StoreError(f"database error: {text}")


class PgRow:
    """A row read by position or by column name, like ``sqlite3.Row``."""

    __slots__ = ("_index", "_values")

    def __init__(self, values: Sequence[Any], index: dict[str, int]) -> None:
        self._values = values
        self._index = index

    def __getitem__(self, key: Any, /) -> Any:  # noqa: ANN401 - a row holds any column type
        if isinstance(key, str):
            return self._values[self._index[key]]
        return self._values[key]

    def __len__(self) -> int:
        return len(self._values)

    def keys(self) -> list[str]:
        """Return the column names, in order."""
        return list(self._index)


@lru_cache(maxsize=512)
def _column_index(names: tuple[bytes | None, ...]) -> dict[str, int]:
    return {name.decode("utf-8", "replace"): i for i, name in enumerate(names) if name is not None}


def row_factory(cursor: psycopg.Cursor[Any] | psycopg.AsyncCursor[Any]) -> Any:  # noqa: ANN401 - psycopg's RowMaker
    """Make :class:`PgRow` rows for a cursor (psycopg's ``row_factory`` hook), called once per statement.

    The column names are read from the result itself, not from ``cursor.description``, whose column objects
    cost more than the rest of a small statement's handling in the client (measured in an ingest profile).
    """
    result = cursor.pgresult
    fields = result.nfields if result is not None else 0
    index = _column_index(tuple(result.fname(i) for i in range(fields))) if result is not None and fields else {}

    def make(values: Sequence[Any]) -> PgRow:
        return PgRow(values, index)

    return make


class PgCursor:
    """A finished statement on a plain connection: its rows, how many it touched, the id it made."""

    def __init__(self, cur: psycopg.Cursor[Any], lastrowid: int | None = None) -> None:
        self._cur = cur
        self._lastrowid = lastrowid

    @property
    def rowcount(self) -> int:
        """Rows the statement touched."""
        return self._cur.rowcount

    @property
    def lastrowid(self) -> int | None:
        """The id the INSERT made (returned by the statement itself), or None."""
        return self._lastrowid

    def fetchone(self) -> Any:  # noqa: ANN401 - a row, as sqlite3's
        """The next row, or None."""
        try:
            return self._cur.fetchone() if self._cur.description else None
        except psycopg.Error as exc:
            raise store_error(exc) from exc

    def fetchall(self) -> list[Any]:
        """Every remaining row."""
        try:
            return list(self._cur.fetchall()) if self._cur.description else []
        except psycopg.Error as exc:
            raise store_error(exc) from exc


class PgConn:
    """A psycopg connection with ``sqlite3.Connection``'s ``execute`` / ``executemany``, for one-hop work."""

    dialect = "postgresql"

    def __init__(self, conn: psycopg.Connection[Any]) -> None:
        self.raw = conn
        # The story locks this transaction holds (bot.store.pgarticles.lock_stories): one PgConn per transaction.
        self.story_locks: set[int] = set()

    def execute(self, sql: str, parameters: Sequence[Any] = (), /) -> PgCursor:
        """Run one statement."""
        try:
            cur = self.raw.execute(to_pg(sql), tuple(parameters))
            if returns_id(sql):
                row = cur.fetchone()
                return PgCursor(cur, None if row is None else int(row[0]))
        except psycopg.Error as exc:
            raise store_error(exc) from exc
        return PgCursor(cur)

    def execute_together(self, statements: Sequence[tuple[str, Sequence[Any]]], /) -> list[list[Any]]:
        """Run several statements in one trip to the server (psycopg's pipeline mode); return each one's rows."""
        try:
            with self.raw.pipeline():
                cursors = [self.raw.execute(to_pg(sql, False), tuple(params)) for sql, params in statements]
            return [list(cur.fetchall()) if cur.description else [] for cur in cursors]
        except psycopg.Error as exc:
            raise store_error(exc) from exc

    def query(self, sql: str, parameters: Sequence[Any], /) -> list[tuple[Any, ...]]:
        """Run a statement written in psycopg's own spelling (``%s`` marks: the store's PostgreSQL-only SQL).

        Its rows come back as plain tuples, read by position: no row objects for a batch's many rows.
        """
        try:
            with self.raw.cursor(row_factory=tuple_row) as cur:
                cur.execute(sql, tuple(parameters))
                return cur.fetchall() if cur.description else []
        except psycopg.Error as exc:
            raise store_error(exc) from exc

    def executemany(self, sql: str, parameters: Iterable[Sequence[Any]], /) -> PgCursor:
        """Run one statement for each parameter row."""
        cur = self.raw.cursor()
        try:
            cur.executemany(to_pg(sql, returning_id=False), [tuple(p) for p in parameters])
        except psycopg.Error as exc:
            raise store_error(exc) from exc
        return PgCursor(cur)

    def copy_rows(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]], /) -> int:
        """Put rows into a table with COPY (one statement, the server's fastest way in); return how many.

        ``table`` and ``columns`` are the store's own names, never outside text.
        """
        statement = psycopg.sql.SQL("COPY {} ({}) FROM STDIN").format(
            psycopg.sql.Identifier(table), psycopg.sql.SQL(", ").join(map(psycopg.sql.Identifier, columns))
        )
        count = 0
        try:
            with self.raw.cursor() as cur, cur.copy(statement) as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
        except psycopg.Error as exc:
            raise store_error(exc) from exc
        return count


class PgAsyncCursor:
    """A finished statement inside :meth:`Database.transaction`."""

    def __init__(self, cur: psycopg.AsyncCursor[Any], lastrowid: int | None) -> None:
        self._cur = cur
        self._lastrowid = lastrowid

    @property
    def rowcount(self) -> int:
        """Rows the statement touched."""
        return self._cur.rowcount

    @property
    def lastrowid(self) -> int | None:
        """The id the INSERT made (returned by the statement itself), or None."""
        return self._lastrowid

    async def fetchone(self) -> Any:  # noqa: ANN401 - a row, as sqlite3's
        """The next row, or None."""
        try:
            return await self._cur.fetchone() if self._cur.description else None
        except psycopg.Error as exc:
            raise store_error(exc) from exc

    async def fetchall(self) -> list[Any]:
        """Every remaining row."""
        try:
            return list(await self._cur.fetchall()) if self._cur.description else []
        except psycopg.Error as exc:
            raise store_error(exc) from exc


class _Result:
    """Awaited for its cursor, or entered with ``async with``: aiosqlite's two spellings."""

    def __init__(self, run: Callable[[], Coroutine[Any, Any, PgAsyncCursor]]) -> None:
        self._run = run

    def __await__(self) -> Generator[Any, None, PgAsyncCursor]:
        return self._run().__await__()

    async def __aenter__(self) -> PgAsyncCursor:
        return await self._run()

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None, /
    ) -> bool | None:
        return None


class PgAsyncConn:
    """A pooled async psycopg connection with aiosqlite's ``execute``, inside one transaction."""

    def __init__(self, conn: psycopg.AsyncConnection[Any]) -> None:
        self.raw = conn

    def execute(self, sql: str, parameters: Iterable[Any] | None = None) -> _Result:
        """Run one statement (awaited, or as ``async with``)."""
        values = tuple(parameters or ())
        return _Result(lambda: self.run(sql, values))

    def executemany(self, sql: str, parameters: Iterable[Iterable[Any]]) -> _Result:
        """Run one statement for each parameter row (awaited, or as ``async with``)."""
        rows = [tuple(p) for p in parameters]
        return _Result(lambda: self.run_many(sql, rows))

    async def run_many(self, sql: str, rows: list[tuple[Any, ...]]) -> PgAsyncCursor:
        """Run one statement for each row now."""
        cur = self.raw.cursor()
        try:
            await cur.executemany(to_pg(sql, returning_id=False), rows)
        except psycopg.Error as exc:
            raise store_error(exc) from exc
        return PgAsyncCursor(cur, None)

    async def run(self, sql: str, parameters: tuple[Any, ...]) -> PgAsyncCursor:
        """Run one statement now."""
        try:
            cur = await self.raw.execute(to_pg(sql), parameters)
            lastrowid = None
            if returns_id(sql):
                row = await cur.fetchone()
                lastrowid = None if row is None else int(row[0])
        except psycopg.Error as exc:
            raise store_error(exc) from exc
        return PgAsyncCursor(cur, lastrowid)
