"""Deliveries of every sink (one table, migration 0008) and each channel's last digest time.

Exactly-once rule: a post is CLAIMED by inserting its (target, slot) row; the UNIQUE constraint makes the
check and the claim one atomic step, so two loops (or a restart) cannot both own a slot. Just before the first
message goes out the row is marked ``sending``; each message that arrives adds its id. When every message has
arrived the row becomes SENT. A failure that may pass records ``next_attempt_at``, and the row is claimed
again from then (:func:`reclaim`), in this process or the next: retries survive restarts.

Owners: a claim records the worker that made it (``host:pid:random``) and a lease, renewed by that worker while
it sends; a claim whose lease ran out is taken over by another process (``bot.store.delivery_leases``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime

from bot.store.db import Database, from_db_time, opt_time, to_db_time
from bot.store.records import Delivery, DeliveryStatus, Lease, TargetRef, TargetTable
from bot.store.sqltypes import Row

COLUMNS = (
    "id, sink, schedule_id, recipient_id, channel_id, slot, status, claimed_at, finished_at, error, since, until,"
    " attempts, next_attempt_at, sending, message_ids, lease_worker, lease_until"
)
_TARGET_COLUMN = {TargetTable.SCHEDULE: "schedule_id", TargetTable.RECIPIENT: "recipient_id"}


def _ids(text: str) -> tuple[str, ...]:
    try:
        data = json.loads(text)
    except ValueError:
        return ()
    return tuple(str(i) for i in data) if isinstance(data, list) else ()


def delivery_row(row: Row) -> Delivery:
    """Return the record of a row selected with :data:`COLUMNS`."""
    target = None
    if row["schedule_id"] is not None:
        target = TargetRef(TargetTable.SCHEDULE, row["schedule_id"])
    elif row["recipient_id"] is not None:
        target = TargetRef(TargetTable.RECIPIENT, row["recipient_id"])
    return Delivery(
        id=row["id"],
        sink=row["sink"],
        target=target,
        channel_id=row["channel_id"],
        slot=row["slot"],
        status=DeliveryStatus(row["status"]),
        claimed_at=from_db_time(row["claimed_at"]),
        finished_at=opt_time(row["finished_at"]),
        error=row["error"],
        since=opt_time(row["since"]),
        until=opt_time(row["until"]),
        attempts=row["attempts"],
        next_attempt_at=opt_time(row["next_attempt_at"]),
        sending=bool(row["sending"]),
        message_ids=_ids(row["message_ids"]),
        lease=_lease(row["lease_worker"], row["lease_until"]),
    )


def _lease(worker: str | None, until: str | None) -> Lease | None:
    return None if worker is None or until is None else Lease(worker, from_db_time(until))


def lease_values(lease: Lease | None) -> tuple[str | None, str | None]:
    """Return a lease as the (lease_worker, lease_until) column values."""
    return (None, None) if lease is None else (lease.worker, to_db_time(lease.until))


async def claim(
    db: Database,
    *,
    sink: str,
    target: TargetRef,
    slot: str,
    now: datetime,
    since: datetime | None = None,
    until: datetime | None = None,
    channel_id: int | None = None,
    status: DeliveryStatus = DeliveryStatus.CLAIMED,
    error: str | None = None,
    lease: Lease | None = None,
) -> Delivery | None:
    """Claim a slot (or record it skipped); return the new row, or None if the slot was already decided.

    ``lease``: the claiming worker and until when the claim is its own (see the module's docstring).
    """
    finished = to_db_time(now) if status is not DeliveryStatus.CLAIMED else None
    column = _TARGET_COLUMN[target.table]
    async with db.transaction() as conn:
        # The UNIQUE (schedule_id, slot) and (recipient_id, slot) constraints make "is it decided?" and
        # "claim it" one statement.
        cur = await conn.execute(
            f"INSERT INTO deliveries (sink, {column}, channel_id, slot, status, claimed_at, finished_at, error,"  # noqa: S608 - constant column
            f" since, until, lease_worker, lease_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            f" ON CONFLICT ({column}, slot) DO NOTHING",
            (
                sink,
                target.id,
                channel_id,
                slot,
                status.value,
                to_db_time(now),
                finished,
                error,
                None if since is None else to_db_time(since),
                None if until is None else to_db_time(until),
                *lease_values(lease),
            ),
        )
        if cur.rowcount == 0:
            return None
        async with conn.execute(f"SELECT {COLUMNS} FROM deliveries WHERE id = ?", (cur.lastrowid,)) as c2:  # noqa: S608
            row = await c2.fetchone()
    assert row is not None  # noqa: S101 - inserted in this transaction
    return delivery_row(row)


async def get(db: Database, delivery_id: int) -> Delivery | None:
    """Return one delivery by id."""
    row = await db.fetchone(f"SELECT {COLUMNS} FROM deliveries WHERE id = ?", (delivery_id,))  # noqa: S608
    return None if row is None else delivery_row(row)


async def get_for(db: Database, target: TargetRef, slot: str) -> Delivery | None:
    """Return the delivery of one target's slot."""
    column = _TARGET_COLUMN[target.table]
    row = await db.fetchone(
        f"SELECT {COLUMNS} FROM deliveries WHERE {column} = ? AND slot = ?",  # noqa: S608 - constant column
        (target.id, slot),
    )
    return None if row is None else delivery_row(row)


async def get_delivery(db: Database, schedule_id: int, slot: str) -> Delivery | None:
    """Return the delivery of one schedule's slot."""
    return await get_for(db, TargetRef(TargetTable.SCHEDULE, schedule_id), slot)


async def unfinished(db: Database, sink: str) -> list[Delivery]:
    """Return the sink's rows still CLAIMED, whoever holds them (being sent, or left by a stopped process)."""
    rows = await db.fetchall(
        f"SELECT {COLUMNS} FROM deliveries WHERE sink = ? AND status = 'claimed' ORDER BY id",  # noqa: S608
        (sink,),
    )
    return [delivery_row(r) for r in rows]


async def mark_sending(db: Database, delivery_id: int, lease: Lease | None = None) -> bool:
    """Record that the first message of a claimed post is about to go out; False if the claim is not ``lease``'s.

    With ``lease`` the claim must still be its worker's, and its lease is renewed; without, the owner is not checked.
    """
    if lease is None:
        await db.execute("UPDATE deliveries SET sending = 1 WHERE id = ? AND status = 'claimed'", (delivery_id,))
        return True
    async with db.transaction() as conn:
        cur = await conn.execute(
            "UPDATE deliveries SET sending = 1, lease_until = ? WHERE id = ? AND status = 'claimed'"
            " AND lease_worker = ?",
            (to_db_time(lease.until), delivery_id, lease.worker),
        )
        return cur.rowcount > 0


async def add_message_id(db: Database, delivery_id: int, message_id: str) -> None:
    """Record that one more message of the post arrived (a retry resumes after it)."""
    if db.dialect == "postgresql":
        append = "(message_ids::jsonb || jsonb_build_array(?::text))::text"
    else:
        append = "json_insert(message_ids, '$[#]', ?)"
    await db.execute(f"UPDATE deliveries SET message_ids = {append} WHERE id = ?", (message_id, delivery_id))  # noqa: S608


async def last_delivery(db: Database, target: TargetRef | int) -> Delivery | None:
    """Return the target's (or schedule id's) most recent delivery of any status."""
    ref = target if isinstance(target, TargetRef) else TargetRef(TargetTable.SCHEDULE, target)
    column = _TARGET_COLUMN[ref.table]
    row = await db.fetchone(
        f"SELECT {COLUMNS} FROM deliveries WHERE {column} = ? ORDER BY claimed_at DESC, id DESC LIMIT 1",  # noqa: S608
        (ref.id,),
    )
    return None if row is None else delivery_row(row)


async def last_window_end(db: Database, target: TargetRef) -> datetime | None:
    """Return where the target's last sent post's window ended, so the next one starts there."""
    column = _TARGET_COLUMN[target.table]
    row = await db.fetchone(
        f"SELECT MAX(until) AS until FROM deliveries WHERE {column} = ? AND status = 'sent'",  # noqa: S608
        (target.id,),
    )
    return opt_time(row["until"]) if row is not None else None


async def mark_sent(
    db: Database,
    delivery_id: int,
    *,
    now: datetime,
    message_ids: Sequence[int | str] = (),
    article_ids: Iterable[int] = (),
) -> None:
    """Record that every message of the post arrived, and which articles it carried, in one transaction.

    ``message_ids``, if given, replace those recorded; ``article_ids`` are the leads of the stories shown.
    """
    async with db.transaction() as conn:
        if message_ids:
            await conn.execute(
                "UPDATE deliveries SET status = 'sent', finished_at = ?, error = NULL, next_attempt_at = NULL,"
                " message_ids = ? WHERE id = ?",
                (to_db_time(now), json.dumps([str(i) for i in message_ids]), delivery_id),
            )
        else:
            await conn.execute(
                "UPDATE deliveries SET status = 'sent', finished_at = ?, error = NULL, next_attempt_at = NULL"
                " WHERE id = ?",
                (to_db_time(now), delivery_id),
            )
        await conn.executemany(
            "INSERT INTO delivery_articles (delivery_id, article_id) SELECT ?, id FROM articles WHERE id = ?"
            " ON CONFLICT DO NOTHING",
            [(delivery_id, article_id) for article_id in dict.fromkeys(article_ids)],
        )


async def posts_carrying(db: Database, article_ids: Iterable[int]) -> list[tuple[int, Delivery]]:
    """Return (article id, delivery) for every sent post that carried one of these articles, oldest first."""
    wanted = list(dict.fromkeys(article_ids))
    if not wanted:
        return []
    marks = ", ".join("?" * len(wanted))
    cols = ", ".join(f"d.{c.strip()}" for c in COLUMNS.split(","))
    # The index delivery_articles_article answers this.
    rows = await db.fetchall(
        f"SELECT a.article_id AS carried, {cols} FROM delivery_articles AS a"  # noqa: S608 - placeholders only
        f" JOIN deliveries AS d ON d.id = a.delivery_id WHERE a.article_id IN ({marks})"
        " ORDER BY d.finished_at, d.id, a.article_id",
        wanted,
    )
    return [(row["carried"], delivery_row(row)) for row in rows]


async def mark_failed(
    db: Database, delivery_id: int, *, now: datetime, error: str, retry_at: datetime | None = None
) -> None:
    """Record that the post failed, with the error shown in /schedule show; ``retry_at``: when to try again."""
    await db.execute(
        "UPDATE deliveries SET status = 'failed', finished_at = ?, error = ?, next_attempt_at = ? WHERE id = ?",
        (to_db_time(now), error, None if retry_at is None else to_db_time(retry_at), delivery_id),
    )


async def mark_skipped(db: Database, delivery_id: int, *, now: datetime, reason: str) -> None:
    """Record that a claimed post was given up on purpose (too late, nothing to say, in doubt)."""
    await db.execute(
        "UPDATE deliveries SET status = 'skipped', finished_at = ?, error = ?, next_attempt_at = NULL WHERE id = ?",
        (to_db_time(now), reason, delivery_id),
    )


async def reclaim(db: Database, delivery_id: int, *, now: datetime, lease: Lease | None = None) -> bool:
    """Turn a FAILED row back into CLAIMED (``lease``'s) for another attempt; return whether it was still failed.

    ``sending`` is cleared: after a recorded failure, what arrived is exactly ``message_ids``.
    """
    async with db.transaction() as conn:
        cur = await conn.execute(
            "UPDATE deliveries SET status = 'claimed', claimed_at = ?, finished_at = NULL, next_attempt_at = NULL,"
            " sending = 0, attempts = attempts + 1, lease_worker = ?, lease_until = ?"
            " WHERE id = ? AND status = 'failed'",
            (to_db_time(now), *lease_values(lease), delivery_id),
        )
        return cur.rowcount > 0


async def due_retries(db: Database, sink: str, now: datetime) -> list[Delivery]:
    """Return the sink's failed rows whose next attempt has come."""
    # The partial index deliveries_retry answers this.
    rows = await db.fetchall(
        f"SELECT {COLUMNS} FROM deliveries WHERE status = 'failed' AND next_attempt_at IS NOT NULL"  # noqa: S608
        " AND next_attempt_at <= ? AND sink = ? ORDER BY next_attempt_at",
        (to_db_time(now), sink),
    )
    return [delivery_row(r) for r in rows]


async def next_retry_at(db: Database, sink: str) -> datetime | None:
    """Return when the sink's earliest planned retry is due, if any."""
    row = await db.fetchone(
        "SELECT MIN(next_attempt_at) AS at FROM deliveries WHERE status = 'failed' AND next_attempt_at IS NOT NULL"
        " AND sink = ?",
        (sink,),
    )
    return opt_time(row["at"]) if row is not None else None


async def for_recipient(db: Database, recipient_id: int | None = None) -> list[Delivery]:
    """Return the newsletter deliveries, of one recipient or of all, oldest first."""
    if recipient_id is None:
        rows = await db.fetchall(
            f"SELECT {COLUMNS} FROM deliveries WHERE recipient_id IS NOT NULL ORDER BY id"  # noqa: S608
        )
    else:
        rows = await db.fetchall(
            f"SELECT {COLUMNS} FROM deliveries WHERE recipient_id = ? ORDER BY id",  # noqa: S608
            (recipient_id,),
        )
    return [delivery_row(r) for r in rows]


async def last_digest_at(db: Database, channel_id: int) -> datetime | None:
    """Return when the channel last received a shared digest."""
    row = await db.fetchone("SELECT last_digest_at FROM channel_state WHERE channel_id = ?", (channel_id,))
    return None if row is None else from_db_time(row["last_digest_at"])


async def set_last_digest_at(db: Database, channel_id: int, when: datetime) -> None:
    """Remember that the channel received a digest covering up to ``when``."""
    # SQLite's two-argument MAX is PostgreSQL's GREATEST.
    later = "GREATEST" if db.dialect == "postgresql" else "MAX"
    await db.execute(
        "INSERT INTO channel_state (channel_id, last_digest_at) VALUES (?, ?)"  # noqa: S608 - a constant name
        f" ON CONFLICT (channel_id) DO UPDATE SET last_digest_at = {later}(channel_state.last_digest_at,"
        " excluded.last_digest_at)",
        (channel_id, to_db_time(when)),
    )


async def covering(db: Database, target: TargetRef, moment: datetime) -> Delivery | None:
    """Return the target's latest post whose window holds ``moment`` (since <= moment < until)."""
    column = _TARGET_COLUMN[target.table]
    # UNIQUE (schedule_id, slot) / (recipient_id, slot) narrows this to the target's rows.
    row = await db.fetchone(
        f"SELECT {COLUMNS} FROM deliveries WHERE {column} = ? AND since <= ? AND until > ?"  # noqa: S608
        " ORDER BY id DESC LIMIT 1",
        (target.id, to_db_time(moment), to_db_time(moment)),
    )
    return None if row is None else delivery_row(row)
