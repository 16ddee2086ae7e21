"""The PostgreSQL backend: the same :class:`~bot.store.db.Database` methods over psycopg 3 and its pool.

Reads and :meth:`transaction` blocks take a connection from an async pool; :meth:`write` runs its plain
function on a thread of its own with a connection of its own, as the SQLite backend does, so that a batch
of articles is one hop. Migrations are ``migrations_pg/NNNN_name.sql``, each in one transaction, recorded in
``schema_migrations``; two processes starting together apply them once (an advisory lock).

Isolation: every transaction is READ COMMITTED, PostgreSQL's default, named here on purpose
(:data:`ISOLATION`). Each exactly-once rule rests on a constraint that makes "is it taken?" and "take it" one
statement (``INSERT ... ON CONFLICT DO NOTHING`` on a UNIQUE key: a second inserter waits for the first to
commit, then does nothing) or on a conditional UPDATE (``... WHERE status = 'failed'``: the second updater
re-reads the row after the first commits and finds it no longer matches), which READ COMMITTED makes safe
without retries. Work handed out to many processes (issue 14's leases) is taken with
``SELECT ... FOR UPDATE SKIP LOCKED``, which needs no stronger level either. :meth:`write` transactions of
several processes (a batch of articles, a subscription, a poll) run at once: articles, whose dedup reads
before it writes, are kept one per URL, fingerprint and entry key by the unique indexes, and in the right
story by transaction-level advisory locks per headline word (:mod:`bot.store.pgarticles`), never by a lock
every writer shares. A transaction the server cancels to break a deadlock (or a serialization conflict) is
run again whole by the writer (:data:`CONFLICT_TRIES`), so its caller never sees it.
"""

from __future__ import annotations

import asyncio
import logging
import random
import re
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from typing import Any, TypeVar

import psycopg
import psycopg.errors
from psycopg import IsolationLevel
from psycopg.rows import tuple_row
from psycopg_pool import AsyncConnectionPool, PoolTimeout

from bot.errors import DatabaseUnavailable, StoreError
from bot.logs import redact
from bot.store.constraints import WriteConflict
from bot.store.db import Database
from bot.store.db import migrations as bundled_migrations
from bot.store.pgconn import PgAsyncConn, PgConn, connect_problem, row_factory, store_error, to_pg
from bot.store.sqltypes import AsyncConn, Row
from bot.text.identity import canonical_url

log = logging.getLogger(__name__)

T = TypeVar("T")

ISOLATION = IsolationLevel.READ_COMMITTED
# Advisory lock key (any bigint; this spells "ndmigrat" in ASCII).
MIGRATIONS_LOCK = 0x6E646D6967726174
# How many times the writer runs a transaction the server cancelled to break a deadlock, before it gives up.
CONFLICT_TRIES = 5
CONNECT_TIMEOUT_S = 10
POOL_SIZE = 4


def is_postgres_url(target: object) -> bool:
    """Tell whether a database target names a PostgreSQL server (``postgresql://`` or ``postgres://``)."""
    return isinstance(target, str) and re.match(r"(?i)postgres(ql)?://", target.strip()) is not None


def migrations() -> list[tuple[int, str, str]]:
    """Return the bundled PostgreSQL migrations as (number, name, sql), in order."""
    return bundled_migrations("migrations_pg")


async def _configure(conn: psycopg.AsyncConnection[Any]) -> None:
    conn.row_factory = row_factory
    await conn.set_isolation_level(ISOLATION)


class PgDatabase(Database):
    """A PostgreSQL database behind the store's functions (see the module's docstring)."""

    dialect = "postgresql"

    def __init__(self, url: str, pool: AsyncConnectionPool[Any], writer: PgWriter) -> None:
        self.url = url
        self.path = redact(url)
        self._pool = pool
        self._pg_writer = writer
        self._write_lock = asyncio.Lock()

    @classmethod
    async def open_url(cls, url: str) -> PgDatabase:
        """Connect, apply pending migrations, and open the pool.

        Raises:
            StoreError: one line saying what is wrong (unreachable, password refused, ...), never the password.
        """
        url = url.strip()
        try:
            first = await psycopg.AsyncConnection.connect(url, connect_timeout=CONNECT_TIMEOUT_S, autocommit=True)
        except psycopg.Error as exc:
            raise DatabaseUnavailable(f"cannot connect to {redact(url)}: {connect_problem(exc, url)}") from None
        except Exception:
            raise StoreError(f"{redact(url)} is not a valid PostgreSQL URL") from None
        try:
            await _migrate(first, url)
        finally:
            await first.close()
        pool: AsyncConnectionPool[Any] = AsyncConnectionPool(
            url,
            min_size=1,
            max_size=POOL_SIZE,
            open=False,
            configure=_configure,
            # Autocommit: a read is one statement and one round trip; transaction() opens its own block.
            kwargs={"connect_timeout": CONNECT_TIMEOUT_S, "autocommit": True},
            name="newsdigest",
            # A server away is waited for this long per request, then the caller waits it out (bot.store.outage,
            # which has the pool check its idle connections, check_connections, before it says the server is
            # back). Not check=check_connection: a round trip more on every read (measured +60 % per read).
            timeout=CONNECT_TIMEOUT_S,
        )
        try:
            await pool.open(wait=True, timeout=CONNECT_TIMEOUT_S)
        except PoolTimeout:
            raise DatabaseUnavailable(f"cannot connect to {redact(url)}: the pool timed out") from None
        try:
            writer = await PgWriter.open(url)
        except BaseException:
            await pool.close()
            raise
        return cls(url, pool, writer)

    async def close(self) -> None:
        """Wait for the write in progress, then close the writer and the pool."""
        async with self._write_lock:
            try:
                await self._pg_writer.close()
            finally:
                await self._pool.close()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncConn]:
        """Run the block in one transaction (READ COMMITTED); roll back on any error.

        Raises:
            StoreError: if the server refuses or cannot be reached.
        """
        try:
            async with self._pool.connection() as conn, conn.transaction():
                yield PgAsyncConn(conn)
        except psycopg.Error as exc:
            raise store_error(exc, self.url) from exc
        except PoolTimeout:
            raise DatabaseUnavailable("no PostgreSQL connection came free in time") from None

    async def write(self, work: Callable[[Any], T]) -> T:
        """Run a plain function in one transaction on the writer's thread: one hop for all of it.

        Raises:
            StoreError: if the server refuses; nothing of ``work`` is kept then.
        """
        async with self._write_lock:
            return await self._pg_writer.run(work)

    async def fetchall(self, sql: str, params: Iterable[Any] = ()) -> list[Row]:
        """Run a read query and return its rows.

        Raises:
            StoreError: if the server refuses.
        """
        try:
            async with self._pool.connection() as conn:
                cur = await conn.execute(to_pg(sql), tuple(params))
                return list(await cur.fetchall()) if cur.description else []
        except psycopg.Error as exc:
            raise store_error(exc, self.url) from exc
        except PoolTimeout:
            raise DatabaseUnavailable("no PostgreSQL connection came free in time") from None

    async def query(self, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        """Run one statement written in psycopg's own spelling (the store's PostgreSQL-only SQL), committed.

        Raises:
            StoreError: if the server refuses.
        """
        try:
            async with self._pool.connection() as conn, conn.cursor(row_factory=tuple_row) as cur:
                await cur.execute(sql, tuple(params))
                return await cur.fetchall() if cur.description else []
        except psycopg.Error as exc:
            raise store_error(exc, self.url) from exc
        except PoolTimeout:
            raise DatabaseUnavailable("no PostgreSQL connection came free in time") from None

    async def fetchone(self, sql: str, params: Iterable[Any] = ()) -> Row | None:
        """Run a read query and return its first row, if any.

        Raises:
            StoreError: if the server refuses.
        """
        rows = await self.fetchall(sql, params)
        return rows[0] if rows else None

    async def execute(self, sql: str, params: Iterable[Any] = ()) -> int:
        """Run one write statement in its own transaction and return the id it inserted (or 0).

        Raises:
            StoreError: if the server refuses.
        """
        async with self.transaction() as conn:
            cur = await conn.execute(sql, tuple(params))
            return cur.lastrowid or 0

    async def check_connections(self) -> None:
        """Have the pool test its idle connections and replace those a server restart broke."""
        await self._pool.check()

    async def schema_version(self) -> int:
        """Return the number of the last migration applied."""
        row = await self.fetchone("SELECT COALESCE(MAX(number), 0) FROM schema_migrations")
        return int(row[0]) if row is not None else 0


async def _recanonical(conn: psycopg.AsyncConnection[Any]) -> None:
    """Migration 0029's rows: each article whose canonical URL today's rule gives otherwise, with that URL."""
    changed = []
    async with conn.cursor(name="recanonical_read") as cur:  # on the server, read in parts: an archive of any size
        await cur.execute("SELECT id, url, canonical_url FROM articles WHERE canonical_url IS NOT NULL")
        async for article_id, url, old in cur:
            new = canonical_url(url)
            if new and new != old:
                changed.append((article_id, new))
    await conn.execute("CREATE TEMP TABLE recanonical (id bigint PRIMARY KEY, canonical text NOT NULL) ON COMMIT DROP")
    if changed:
        async with conn.cursor().copy("COPY recanonical (id, canonical) FROM STDIN") as copy:
            for row in changed:
                await copy.write_row(row)


# What a migration reads and computes by the program's own rule before its SQL runs (by the migration's name; in
# its transaction): PostgreSQL cannot call Python, as SQLite's migrations do (bot.store.db.MIGRATION_FUNCTIONS).
MIGRATION_ROWS: dict[str, Callable[[psycopg.AsyncConnection[Any]], Awaitable[None]]] = {
    "canonical_urls_again": _recanonical,
}


async def _migrate(conn: psycopg.AsyncConnection[Any], url: str) -> None:
    """Apply the pending migrations, each in one transaction, under an advisory lock held across them all."""
    known = migrations()
    try:
        await conn.execute("SELECT pg_advisory_lock(%s)", (MIGRATIONS_LOCK,))
        try:
            await conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations (number integer PRIMARY KEY, name text NOT NULL,"
                " applied_at timestamptz NOT NULL DEFAULT now())"
            )
            cur = await conn.execute("SELECT number, name FROM schema_migrations ORDER BY number")
            recorded = [(int(n), str(name)) for n, name in await cur.fetchall()]
            current = recorded[-1][0] if recorded else 0
            if current > len(known):
                raise StoreError(
                    f"the database is from a newer newsdigest (schema {current}, this one knows {len(known)})"
                )
            _check_recorded(recorded, known)
            for number, name, sql in known:
                if number <= current:
                    continue
                log.info("applying PostgreSQL migration %04d_%s", number, name)
                async with conn.transaction():
                    rows = MIGRATION_ROWS.get(name)
                    if rows is not None:
                        await rows(conn)
                    await conn.execute(sql.encode())  # bytes: run as written, no parameter marks read
                    await conn.execute("INSERT INTO schema_migrations (number, name) VALUES (%s, %s)", (number, name))
        finally:
            await conn.execute("SELECT pg_advisory_unlock(%s)", (MIGRATIONS_LOCK,))
    except psycopg.Error as exc:
        raise store_error(exc, url) from exc


def _check_recorded(recorded: list[tuple[int, str]], known: list[tuple[int, str, str]]) -> None:
    """Refuse a database whose applied migrations are not this build's under the same numbers.

    Numbers alone would let a build whose migration N differs (a development branch, a fork) skip its own N
    and corrupt the schema silently; the names recorded beside the numbers tell.
    """
    names = {number: name for number, name, _ in known}
    for number, name in recorded:
        if names.get(number) != name:
            raise StoreError(
                f"the database's migration {number:04d} is '{name}', this newsdigest's is"
                f" '{names.get(number, '(none)')}': it was set up by another build of newsdigest;"
                " use that build, or restore a backup made by this one"
            )


class PgWriter:
    """A connection on a thread of its own, for work done in one hop (as the SQLite backend's writer)."""

    def __init__(self, url: str, conn: psycopg.Connection[Any], thread: ThreadPoolExecutor) -> None:
        self._url = url
        self._conn = conn
        self._thread = thread

    @classmethod
    async def open(cls, url: str) -> PgWriter:
        """Connect on the writer's thread."""
        thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newsdigest-pg-writer")
        try:
            conn = await asyncio.get_running_loop().run_in_executor(thread, _connect, url)
        except BaseException:
            thread.shutdown(wait=False)
            raise
        return cls(url, conn, thread)

    def _in_transaction(self, work: Callable[[Any], T]) -> T:
        """Run ``work`` in one transaction; run it again when the server cancelled it to break a deadlock.

        ``work`` must touch nothing but the transaction (every store function's does), so a second run is
        the first one again.
        """
        for attempt in range(1, CONFLICT_TRIES + 1):
            if self._conn.closed or self._conn.broken:
                self._conn = _connect(self._url)
            try:
                with self._conn.transaction():
                    return work(PgConn(self._conn))
            except (WriteConflict, psycopg.errors.DeadlockDetected, psycopg.errors.SerializationFailure) as exc:
                if attempt == CONFLICT_TRIES:
                    raise exc if isinstance(exc, WriteConflict) else store_error(exc, self._url) from exc
                log.info("a write transaction was cancelled by a conflict (%s); running it again", exc)
                time.sleep(random.uniform(0.0, 0.02 * attempt))  # noqa: S311 - spreading retries, not secrets
            except psycopg.Error as exc:
                raise store_error(exc, self._url) from exc
        raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises

    async def run(self, work: Callable[[Any], T]) -> T:
        """Run ``work`` with a :class:`PgConn` in one transaction on the writer's thread."""
        return await asyncio.get_running_loop().run_in_executor(self._thread, self._in_transaction, work)

    async def close(self) -> None:
        """Close the connection on its thread, then end the thread."""
        try:
            await asyncio.get_running_loop().run_in_executor(self._thread, self._conn.close)
        finally:
            self._thread.shutdown(wait=True)


def _connect(url: str) -> psycopg.Connection[Any]:
    try:
        conn = psycopg.Connection.connect(url, connect_timeout=CONNECT_TIMEOUT_S)
    except psycopg.Error as exc:
        raise DatabaseUnavailable(f"cannot connect to {redact(url)}: {connect_problem(exc, url)}") from None
    conn.row_factory = row_factory
    conn.isolation_level = ISOLATION
    return conn
