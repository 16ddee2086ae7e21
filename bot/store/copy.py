"""Copy a SQLite database into an empty PostgreSQL one (``newsdigest db copy``), and check either (``db check``).

Every table is copied in key order, in batches of one transaction each, ids kept (so every reference stays
right); a batch goes in by PostgreSQL's COPY (psycopg's ``cursor.copy``): one statement a batch rather
than one a row (bench/README.md: ~1.5x faster for the 100k-article copy, whose time is mostly the server
computing each article's search vectors). The copy is recorded in the target's ``copy_state`` row: a copy
stopped half way resumes where the target's rows end (each table holds a prefix of the source's rows in key
order, since each batch commits whole, in order); a target that holds newsdigest rows but no unfinished
copy is refused, so no copy ever mixes with a running bot's data. The counts of every table are compared at
the end.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, cast

from bot.errors import StoreError
from bot.store.db import Database, to_db_time
from bot.store.sqltypes import Conn

if TYPE_CHECKING:
    from bot.store.pgconn import PgConn  # the target's writer connection; psycopg stays out of SQLite's path

# In the order references allow; (table, key columns: the order of the copy and how a resume finds its place).
TABLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("sources", ("id",)),
    ("stories", ("id",)),
    ("articles", ("id",)),
    ("entry_keys", ("source_id", "key")),
    ("feeds", ("id",)),
    ("channel_state", ("channel_id",)),
    ("newsletter_recipients", ("id",)),
    ("schedules", ("id",)),
    ("deliveries", ("id",)),
    ("delivery_articles", ("delivery_id", "article_id")),
)
BATCH = 2000

Progress = Callable[[str, int, int], None]  # (table, rows copied so far, rows in the table)


class CopyRefusedError(StoreError):
    """The target cannot receive the copy; the message says what to do."""


@dataclass(frozen=True, slots=True)
class TableCount:
    """One table's rows in the source and in the target after the copy."""

    table: str
    source: int
    target: int


async def _count(db: Database, table: str) -> int:
    if not await _has_table(db, table):
        return 0
    row = await db.fetchone(f"SELECT COUNT(*) FROM {table}")  # noqa: S608 - a name from TABLES
    return int(row[0]) if row is not None else 0


async def _has_table(db: Database, table: str) -> bool:
    """Tell whether the database has the table (a table of a later migration than the branch reading it)."""
    if db.dialect == "sqlite":
        row = await db.fetchone("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,))
    else:
        row = await db.fetchone("SELECT 1 FROM information_schema.tables WHERE table_name = ?", (table,))
    return row is not None


async def _columns(source: Database, target: Database, table: str) -> list[str]:
    """The columns both sides have (the target computes its own search vectors: generated columns, a trigger)."""
    rows = await source.fetchall(f"SELECT name FROM pragma_table_info('{table}')")  # noqa: S608 - from TABLES
    theirs = await target.fetchall(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ? AND is_generated = 'NEVER'",
        (table,),
    )
    wanted = {str(r[0]) for r in theirs}
    return [str(r[0]) for r in rows if str(r[0]) in wanted]


async def check_target(source: Database, target: Database, source_name: str) -> str:
    """Say whether the copy starts ("new"), resumes ("resume") or is already done ("done").

    Raises:
        CopyRefusedError: the target holds data that is not an unfinished copy of this source.
    """
    if target.dialect != "postgresql" or source.dialect != "sqlite":
        raise CopyRefusedError("db copy copies a SQLite database (--db / DATABASE_PATH) into PostgreSQL (--to URL)")
    state = await target.fetchone("SELECT source, finished_at FROM copy_state WHERE id = 1")
    if state is not None:
        if state["source"] != source_name:
            raise CopyRefusedError(
                f"the target holds a copy of another database ({state['source']}); copy into an empty database"
            )
        return "done" if state["finished_at"] is not None else "resume"
    held = [table for table, _ in TABLES if await _count(target, table)]
    if held:
        raise CopyRefusedError(
            f"the target database already holds newsdigest data ({', '.join(held)}) that no copy put there;"
            " copy only into an empty database (createdb a new one)"
        )
    return "new"


async def copy(
    source: Database, target: Database, *, source_name: str, now: datetime, progress: Progress | None = None
) -> list[TableCount]:
    """Copy every table of ``source`` (SQLite) into ``target`` (PostgreSQL), resuming a stopped copy.

    Raises:
        CopyRefusedError: if the target is not empty and not an unfinished copy of this source.
        StoreError: if either database refuses (the message names the table); what was copied stays, and
            running the copy again resumes.
    """
    state = await check_target(source, target, source_name)
    if state == "new":
        await target.execute(
            "INSERT INTO copy_state (id, source, started_at) VALUES (1, ?, ?)", (source_name, to_db_time(now))
        )
    if state != "done":
        for table, key in TABLES:
            await _copy_table(source, target, table, key, progress)
        await target.write(_reset_identities)
        await target.execute("UPDATE copy_state SET finished_at = ? WHERE id = 1", (to_db_time(now),))
    return [TableCount(t, await _count(source, t), await _count(target, t)) for t, _ in TABLES]


async def _copy_table(
    source: Database, target: Database, table: str, key: tuple[str, ...], progress: Progress | None
) -> None:
    columns = await _columns(source, target, table)
    if not columns:
        return  # the source has no such table: nothing to copy
    names = ", ".join(columns)
    total = await _count(source, table)
    order = ", ".join(key)
    positions = [columns.index(k) for k in key]
    last = await _last_copied(target, table, key)
    done = await _count(target, table)
    while True:
        where = "" if last is None else f" WHERE ({order}) > ({', '.join('?' * len(key))})"
        rows = await source.fetchall(
            f"SELECT {names} FROM {table}{where} ORDER BY {order} LIMIT {BATCH}",  # noqa: S608 - known names
            last or (),
        )
        if not rows:
            break
        values = [tuple(r[i] for i in range(len(columns))) for r in rows]
        await _insert_batch(target, table, columns, values)
        last = tuple(values[-1][i] for i in positions)
        done += len(values)
        if progress:
            progress(table, done, total)


async def _last_copied(target: Database, table: str, key: tuple[str, ...]) -> tuple[object, ...] | None:
    """The key of the last row a stopped copy committed (the target holds the source's rows up to it), or None.

    Keys compare as SQLite orders them (the copy's order): numbers as numbers, text by code point, which is
    Python's order too; PostgreSQL's own text order may differ, so a text key part is compared here.
    """
    first = await target.fetchone(f"SELECT MAX({key[0]}) FROM {table}")  # noqa: S608 - known names
    if first is None or first[0] is None:
        return None
    if len(key) == 1:
        return (first[0],)
    rows = await target.fetchall(
        f"SELECT {', '.join(key[1:])} FROM {table} WHERE {key[0]} = ?",  # noqa: S608 - known names
        (first[0],),
    )
    return (first[0], *max(tuple(r[i] for i in range(len(key) - 1)) for r in rows))


async def _insert_batch(target: Database, table: str, columns: list[str], values: list[tuple[object, ...]]) -> None:
    try:
        await target.write(lambda conn: cast("PgConn", conn).copy_rows(table, columns, values))
    except StoreError as exc:
        first = values[0][0] if values else "?"
        raise StoreError(
            f"copying {table} (the batch from {first}) was refused: {exc}; what was copied before stays,"
            " and running db copy again resumes"
        ) from exc


def _reset_identities(conn: Conn) -> None:
    """Move each identity past the ids copied, so that the next row the bot inserts gets a new one."""
    for table, key in TABLES:
        if key == ("id",):
            conn.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE(MAX(id), 0) + 1, false)"  # noqa: S608
                f" FROM {table}"
            )


@dataclass(frozen=True, slots=True)
class CheckReport:
    """What ``db check`` found."""

    backend: str
    schema_version: int
    schema_known: int
    problems: tuple[str, ...]
    counts: tuple[tuple[str, int], ...]


async def check(db: Database) -> CheckReport:
    """Report the schema version and the database's integrity (the engine's own check, then references)."""
    problems: list[str] = []
    if db.dialect == "sqlite":
        from bot.store.db import migrations

        known = len(migrations())
        for row in await db.fetchall("PRAGMA integrity_check"):
            if row[0] != "ok":
                problems.append(f"integrity: {row[0]}")
        for row in await db.fetchall("PRAGMA foreign_key_check"):
            problems.append(f"{row[0]} row {row[1]} refers to a missing {row[2]} row")
    else:
        from bot.store.pg import migrations as pg_migrations

        known = len(pg_migrations())
        # PostgreSQL enforces every constraint on write; what a copy can still leave wrong is an identity
        # behind the ids copied, which would make the next insert fail.
        for table, key in TABLES:
            if key == ("id",):
                found = await db.fetchone(
                    f"SELECT (SELECT COALESCE(MAX(id), 0) FROM {table}),"  # noqa: S608 - a name from TABLES
                    f" last_value + CASE WHEN is_called THEN 1 ELSE 0 END FROM {table}_id_seq"
                )
                if found is not None and found[1] <= found[0]:
                    problems.append(f"{table}: the next id {found[1]} is already used (ids go up to {found[0]})")
    version = await db.schema_version()
    if version != known:
        problems.append(f"schema {version}, this newsdigest knows {known}")
    orphans = await db.fetchone(
        "SELECT COUNT(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM sources s WHERE s.id = a.source_id)"
    )
    if orphans is not None and orphans[0]:
        problems.append(f"{orphans[0]} articles refer to a missing source")
    counts = tuple([(table, await _count(db, table)) for table, _ in TABLES])
    return CheckReport(db.dialect, version, known, tuple(problems), counts)
