"""The owners of deliveries claims (migration 0012): leases renewed while sending, taken over when they run out.

A claim records the worker that made it (``host:pid:random``) and a lease, renewed by that worker while it sends
(:func:`renew`). A claim still ``claimed`` whose lease ran out was left by a process that died (or lost the
database for longer than the lease): any process takes it over (:func:`take_over`, one conditional UPDATE, so
one taker) and settles it; a live owner's claim is never touched. A claim without a lease (made before
migration 0012, or by a caller that holds none) counts as run out.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.store.db import Database, opt_time, to_db_time
from bot.store.deliveries import COLUMNS, delivery_row, lease_values
from bot.store.records import Delivery, Lease

# A claim nobody holds: no lease, or its lease ran out. Two marks: now.
_ABANDONED = "status = 'claimed' AND (lease_until IS NULL OR lease_until <= ?)"


async def abandoned(db: Database, sink: str, now: datetime) -> list[Delivery]:
    """Return the sink's CLAIMED rows whose owner's lease has run out (or that have none): left by a stopped run."""
    # The index deliveries_unfinished (sink, status) answers this.
    rows = await db.fetchall(
        f"SELECT {COLUMNS} FROM deliveries WHERE sink = ? AND {_ABANDONED} ORDER BY id",  # noqa: S608 - constants
        (sink, to_db_time(now)),
    )
    return [delivery_row(r) for r in rows]


async def next_lease_end(db: Database, sink: str, since: datetime) -> datetime | None:
    """Return when the earliest of the sink's claims still leased at ``since`` runs (or ran) out, if any."""
    row = await db.fetchone(
        "SELECT MIN(lease_until) AS at FROM deliveries WHERE sink = ? AND status = 'claimed' AND lease_until > ?",
        (sink, to_db_time(since)),
    )
    return opt_time(row["at"]) if row is not None else None


async def take_over(db: Database, delivery_id: int, *, now: datetime, lease: Lease) -> bool:
    """Make an abandoned claim ``lease``'s own; return False if it is no longer abandoned (another took it)."""
    async with db.transaction() as conn:
        # One conditional UPDATE: of two takers, the second re-reads the row and finds it held (READ COMMITTED).
        cur = await conn.execute(
            f"UPDATE deliveries SET lease_worker = ?, lease_until = ? WHERE id = ? AND {_ABANDONED}",  # noqa: S608
            (*lease_values(lease), delivery_id, to_db_time(now)),
        )
        return cur.rowcount > 0


async def renew(db: Database, delivery_ids: Sequence[int], lease: Lease) -> set[int]:
    """Extend ``lease.worker``'s claims among ``delivery_ids`` to ``lease.until``; return the ids still its own."""
    held: set[int] = set()
    for start in range(0, len(delivery_ids), 500):
        chunk = list(delivery_ids[start : start + 500])
        marks = ", ".join("?" * len(chunk))
        async with db.transaction() as conn:
            await conn.execute(
                f"UPDATE deliveries SET lease_until = ? WHERE lease_worker = ? AND status = 'claimed'"  # noqa: S608
                f" AND id IN ({marks})",
                (to_db_time(lease.until), lease.worker, *chunk),
            )
            async with conn.execute(
                f"SELECT id FROM deliveries WHERE lease_worker = ? AND status = 'claimed' AND id IN ({marks})",  # noqa: S608
                (lease.worker, *chunk),
            ) as cur:
                held.update(int(r[0]) for r in await cur.fetchall())
    return held
