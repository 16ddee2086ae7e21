"""A lost database (a PostgreSQL server stopped or restarted, an SQLite file locked or unreadable for a while).

:func:`is_outage` tells such a failure from a bug. Every loop of ``newsdigest run`` that meets one waits for the
database's return through the process's one :class:`Outage` per database (:func:`outage_of`): the first loop
to meet it says so in one warning line and probes the database with exponential back-off (1 s, doubling, at
most ``DATABASE_RETRY``); every other loop waits on the same probe, and one info line says when it is back.
No traceback: an outage is not a bug. A write that must not be lost (the record of a message that arrived) is
tried again after the return (:meth:`Outage.retrying`).
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import sys
import weakref
from collections.abc import Awaitable, Callable
from typing import TypeVar

from bot.clock import Clock, sleep_unless_stopped
from bot.errors import DatabaseUnavailable
from bot.store.db import Database, translate
from bot.store.sqltypes import Conn

log = logging.getLogger(__name__)

T = TypeVar("T")
FIRST_TRY_S = 1.0
MOST_S = 60.0


def is_outage(exc: BaseException) -> bool:
    """Return whether an error means the database cannot be reached or used for now (not a bug to log loudly)."""
    # psycopg's classes only where it is loaded (a PostgreSQL database): an SQLite process is spared its memory.
    kinds: list[type[BaseException]] = [DatabaseUnavailable]
    if (psycopg := sys.modules.get("psycopg")) is not None:
        kinds += [psycopg.OperationalError, psycopg.InterfaceError]
    if (pool := sys.modules.get("psycopg_pool")) is not None:
        kinds.append(pool.PoolTimeout)
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:  # a translated error keeps the library's as its cause
        seen.add(id(current))
        if isinstance(current, tuple(kinds)):
            return True
        if isinstance(current, sqlite3.Error) and isinstance(translate(current), DatabaseUnavailable):
            return True
        current = current.__cause__
    return False


# What a PostgreSQL server that is not up yet (or not yet reachable) answers, in libpq's and the server's words:
# a process started before its database (compose, systemd ordering) waits for these. Anything else (a password
# refused, a database or role missing, a host name that does not exist, a malformed URL) is a configuration to
# fix, said at once. Matched on the text because libpq reports a failed connection without an SQLSTATE; a
# message translated by the client's or server's locale is not matched, and exits at once as before.
_NOT_UP_YET = (
    "connection refused",
    "timeout expired",
    "timed out",
    "the database system is starting up",
    "the database system is shutting down",
    "the database system is in recovery mode",
    "the database system is not yet accepting connections",
    "the database system is not accepting connections",
    "too many clients",
    "no route to host",
    "network is unreachable",
    "temporary failure in name resolution",
    "server closed the connection unexpectedly",
)
_NO_SOCKET_YET = ('on socket "', "no such file or directory")  # a server's Unix socket not made yet


def not_up_yet(exc: BaseException) -> bool:
    """Return whether a failure to open a database means it is not reachable yet (worth waiting for)."""
    if not is_outage(exc):
        return False
    texts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:  # the library's own error, kept as context
        seen.add(id(current))
        texts.append(str(current).lower())
        current = current.__cause__ or current.__context__
    text = " ".join(texts)
    return any(words in text for words in _NOT_UP_YET) or all(words in text for words in _NO_SOCKET_YET)


async def open_when_up(
    open_db: Callable[[], Awaitable[Database]],
    clock: Clock,
    *,
    most: float = MOST_S,
    first: float = FIRST_TRY_S,
    stop: asyncio.Event | None = None,
) -> Database | None:
    """Open a database, waiting for it while it is not up yet (:func:`not_up_yet`) with the outages' back-off.

    Said in one warning line, and one info line once it answers; a database that refuses (a wrong password, a
    missing database, a malformed URL) raises at once. ``stop`` set while waiting returns None (between tries:
    an attempt under way is never cut, which could leave a connection or its thread open).

    Raises:
        StoreError: the first failure that is not a database still starting.
    """
    started = clock.now()
    delay, said = first, False
    while True:
        try:
            db = await open_db()
        except Exception as exc:
            if not not_up_yet(exc):
                raise
            if not said:
                said = True
                log.warning(
                    "the database cannot be reached yet (%s); waiting for it, trying again at most every %.0f s",
                    reason(exc),
                    most,
                )
            if await sleep_unless_stopped(clock, delay, stop):
                return None
            delay = min(delay * 2, most)
            continue
        if said:
            log.info("the database answers after %.0f s; starting", (clock.now() - started).total_seconds())
        return db


def reason(exc: BaseException) -> str:
    """Return an outage's cause in one line."""
    text = " ".join(str(exc).split())
    return text[:300] or type(exc).__name__


class Outage:
    """One database's absence as one process sees it: waited out by every loop together, said once."""

    def __init__(self, db: Database, clock: Clock, *, most: float = MOST_S, first: float = FIRST_TRY_S) -> None:
        self.db = db
        self.clock = clock
        self.most = most
        self.first = first
        self.outages = 0  # how many began
        self.waits: list[float] = []  # each pause between two tries, in order (the back-off, for tests and logs)
        self._probe: asyncio.Task[None] | None = None

    @property
    def ongoing(self) -> bool:
        """Return whether the database is being waited for."""
        return self._probe is not None and not self._probe.done()

    async def wait_until_back(self, exc: BaseException) -> None:
        """Wait until the database answers again (the first caller says so and probes; the others wait with it)."""
        if not self.ongoing:
            self.outages += 1
            log.warning(
                "the database cannot be reached (%s); every job waits and tries again, at most every %.0f s",
                reason(exc),
                self.most,
            )
            self._probe = asyncio.create_task(self._wait(), name="database-probe")
        probe = self._probe
        assert probe is not None  # noqa: S101 - set just above
        # A caller cancelled (shutdown) must not cancel the probe the other loops wait on.
        await asyncio.shield(probe)

    async def close(self) -> None:
        """Stop probing (at shutdown, once every job is cancelled)."""
        probe, self._probe = self._probe, None
        if probe is not None and not probe.done():
            probe.cancel()
            await asyncio.gather(probe, return_exceptions=True)

    async def _wait(self) -> None:
        started = self.clock.now()
        delay = self.first
        while True:
            self.waits.append(delay)
            await self.clock.sleep(delay)
            try:
                await self._probe_once()
            except Exception as exc:
                if not is_outage(exc):
                    log.debug("probing the database: %s", reason(exc))
                delay = min(delay * 2, self.most)
                continue
            away = (self.clock.now() - started).total_seconds()
            log.info("the database is back after %.0f s; the jobs go on", away)
            return

    async def _probe_once(self) -> None:
        # A write transaction that reads a table, on the connection reads and claims use and on the writer's
        # (batches of articles): an SQLite file still locked by another program fails here (after its busy
        # timeout), as an unreadable one or an unreachable server does; and the writer's connection, broken by a
        # server restart, is made anew here rather than failing the next batch.
        await self.db.check_connections()  # PostgreSQL's pool drops what a restart broke, before anything uses it
        async with self.db.transaction() as conn, conn.execute("SELECT 1 FROM schedules LIMIT 1") as cur:
            await cur.fetchone()
        await self.db.write(_read_a_table)

    async def retrying(self, work: Callable[[], Awaitable[T]]) -> T:
        """Run ``work``; while the database is away, wait for it and run it again (``work`` must be idempotent)."""
        while True:
            try:
                return await work()
            except Exception as exc:
                if not is_outage(exc):
                    raise
                await self.wait_until_back(exc)

    async def check(self) -> bool:
        """Ask the database once; if it is away, wait for its return and return True (False: it answers).

        For a job whose library reports a refused write as a count rather than an exception (a drop-folder scan).
        """
        probe = self._probe
        if probe is not None and not probe.done():  # another job met the outage first
            await asyncio.shield(probe)
            return True
        try:
            await self._probe_once()
        except Exception as exc:
            if not is_outage(exc):
                raise
            await self.wait_until_back(exc)
            return True
        return False

    async def survive(self, exc: BaseException) -> bool:
        """Wait out an outage and return True; return False at once for any other error (the caller logs it)."""
        if not is_outage(exc):
            return False
        await self.wait_until_back(exc)
        return True


def _read_a_table(conn: Conn) -> None:
    conn.execute("SELECT 1 FROM schedules LIMIT 1").fetchone()


_outages: weakref.WeakKeyDictionary[Database, Outage] = weakref.WeakKeyDictionary()


def outage_of(db: Database, clock: Clock, *, most: float | None = None) -> Outage:
    """Return the process's one :class:`Outage` of ``db`` (made on first use); ``most`` sets its longest wait."""
    found = _outages.get(db)
    if found is None:
        found = _outages[db] = Outage(db, clock)
    if most is not None:
        found.most = most
    return found
