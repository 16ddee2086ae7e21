"""What the store's modules need of a connection, whichever engine is behind it (SQLite or PostgreSQL).

``sqlite3``'s and aiosqlite's own objects fit these shapes as they are, so the SQLite paths run without a
wrapper; the PostgreSQL adapters in :mod:`bot.store.pgconn` take the same shapes.
"""

# ruff: noqa: ANN401, D102 - protocol members, each the twin of a documented sqlite3 / aiosqlite method

from __future__ import annotations

from collections.abc import Generator, Iterable, Sequence
from types import TracebackType
from typing import Any, Protocol


class Row(Protocol):
    """A result row read by position or by column name (``sqlite3.Row`` and :class:`bot.store.pgconn.PgRow`)."""

    def __getitem__(self, key: Any, /) -> Any: ...

    def keys(self) -> list[str]: ...


class Cursor(Protocol):
    """What a statement run on a plain connection gives back."""

    @property
    def rowcount(self) -> int: ...

    @property
    def lastrowid(self) -> int | None: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...


class Conn(Protocol):
    """A plain connection inside a transaction the caller holds (what :meth:`Database.write` hands its work)."""

    def execute(self, sql: str, parameters: Sequence[Any] = ..., /) -> Cursor: ...

    def executemany(self, sql: str, parameters: Iterable[Sequence[Any]], /) -> Cursor: ...


class AsyncCursor(Protocol):
    """What a statement run in :meth:`Database.transaction` gives back."""

    @property
    def rowcount(self) -> int: ...

    @property
    def lastrowid(self) -> int | None: ...

    async def fetchone(self) -> Any: ...

    async def fetchall(self) -> Iterable[Any]: ...


class AsyncResult(Protocol):
    """A statement's result: awaited for its cursor, or used as ``async with conn.execute(...) as cur``."""

    def __await__(self) -> Generator[Any, None, AsyncCursor]: ...

    async def __aenter__(self) -> AsyncCursor: ...

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None, /
    ) -> bool | None: ...


class AsyncConn(Protocol):
    """The connection :meth:`Database.transaction` yields."""

    def execute(self, sql: str, parameters: Iterable[Any] | None = None) -> AsyncResult: ...

    def executemany(self, sql: str, parameters: Iterable[Iterable[Any]]) -> AsyncResult: ...
