"""Drop-folder files claimed by leases: of several processes watching one folder, one reads and moves each file.

A claim names a file by its folder's key and its name relative to the folder, the worker holding it and the
end of its lease. Claiming is one upsert per batch of names, in one transaction: a name nobody holds, or whose
lease ran out (its worker died), becomes the caller's; a name another worker holds is left out of the answer.
The holder renews its leases while it works (a heartbeat) and deletes its claims once the files are moved
out; the claims of a killed worker run out and its files are then claimed by another.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from bot.store.db import Database, to_db_time
from bot.store.sqltypes import Conn

# Names per statement: 4 parameters each stays far below both backends' parameter limits.
_CHUNK = 200


async def claim_files(
    db: Database, folder: str, names: Sequence[str], worker: str, now: datetime, lease: timedelta
) -> list[str]:
    """Claim the given names of ``folder`` for ``worker`` until ``now + lease``; return those now the caller's.

    A name is the caller's when nobody held it, its holder's lease ran out, or the caller held it already.
    Expired claims of the folder are deleted on the way (a worker that died after moving its file left one).

    Raises:
        StoreError: if the database refuses; nothing is claimed then.
    """
    if not names:
        return []
    moment, until = to_db_time(now), to_db_time(now + lease)

    def work(conn: Conn) -> list[str]:
        conn.execute("DELETE FROM drop_claims WHERE folder = ? AND lease_until <= ?", (folder, moment))
        taken: list[str] = []
        for start in range(0, len(names), _CHUNK):
            chunk = names[start : start + _CHUNK]
            rows = ", ".join("(?, ?, ?, ?)" for _ in chunk)
            params: list[str] = []
            for name in chunk:
                params += [folder, name, worker, until]
            # On PostgreSQL the upsert waits for a concurrent claimer of the same name and then reads its
            # committed row, so two claimers never both get a name; SQLite serialises the two transactions.
            cur = conn.execute(
                f"INSERT INTO drop_claims (folder, name, worker, lease_until) VALUES {rows}"  # noqa: S608 - placeholders
                " ON CONFLICT (folder, name) DO UPDATE SET worker = excluded.worker,"
                " lease_until = excluded.lease_until"
                " WHERE drop_claims.lease_until <= ? OR drop_claims.worker = excluded.worker RETURNING name",
                (*params, moment),
            )
            taken += [row[0] for row in cur.fetchall()]
        return taken

    claimed = set(await db.write(work))
    return [name for name in names if name in claimed]


async def renew_claims(db: Database, folder: str, worker: str, now: datetime, lease: timedelta) -> int:
    """Extend every claim ``worker`` holds in ``folder`` to ``now + lease``; return how many it still holds.

    Raises:
        StoreError: if the database refuses.
    """

    def work(conn: Conn) -> int:
        cur = conn.execute(
            "UPDATE drop_claims SET lease_until = ? WHERE folder = ? AND worker = ?",
            (to_db_time(now + lease), folder, worker),
        )
        return int(cur.rowcount)

    return await db.write(work)


async def release_claims(db: Database, folder: str, names: Sequence[str], worker: str) -> None:
    """Delete ``worker``'s claims on these names (the files were moved out, or are left for any worker).

    Raises:
        StoreError: if the database refuses (the claims then run out by themselves).
    """
    if not names:
        return

    def work(conn: Conn) -> None:
        for start in range(0, len(names), _CHUNK):
            chunk = names[start : start + _CHUNK]
            marks = ", ".join("?" for _ in chunk)
            conn.execute(
                f"DELETE FROM drop_claims WHERE folder = ? AND worker = ? AND name IN ({marks})",  # noqa: S608
                (folder, worker, *chunk),
            )

    await db.write(work)


async def claims_of(db: Database, folder: str) -> dict[str, str]:
    """Return who holds each claimed name of ``folder`` (name -> worker), lapsed claims included."""
    rows = await db.fetchall("SELECT name, worker FROM drop_claims WHERE folder = ?", (folder,))
    return {row["name"]: row["worker"] for row in rows}
