"""Deliveries (claimed, sent, failed, skipped posts) and each channel's last digest time.

Exactly-once rule: a scheduled post is CLAIMED by inserting its (schedule_id, slot) row; the UNIQUE
constraint makes the check and the claim one atomic step, so two loops (or a restart) cannot both own
a slot. After Discord accepts every message the row becomes SENT with the message ids. A row still
CLAIMED when the bot starts was left by a process that stopped between claim and send; the poster
resolves it by looking at the channel (see ``bot.chat.poster``). A webhook cannot be read back, so the
webhook scheduler marks a claimed row as POSTING (``message_ids`` set to an empty list) just before its
first request: a row claimed but not posting never reached the service and can be sent after a restart.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from datetime import datetime

from bot.models import Delivery, DeliveryStatus
from bot.store.db import Database, from_db_time, opt_time, to_db_time

_COLUMNS = "id, schedule_id, channel_id, slot, status, claimed_at, finished_at, error, since, until"


def _row(row: sqlite3.Row) -> Delivery:
    return Delivery(
        id=row["id"],
        schedule_id=row["schedule_id"],
        channel_id=row["channel_id"],
        slot=row["slot"],
        status=DeliveryStatus(row["status"]),
        claimed_at=from_db_time(row["claimed_at"]),
        finished_at=opt_time(row["finished_at"]),
        error=row["error"],
        since=opt_time(row["since"]),
        until=opt_time(row["until"]),
    )


async def claim(
    db: Database,
    *,
    schedule_id: int,
    channel_id: int | None,
    slot: str,
    since: datetime,
    until: datetime,
    now: datetime,
    status: DeliveryStatus = DeliveryStatus.CLAIMED,
    error: str | None = None,
) -> Delivery | None:
    """Claim a slot (or record it skipped); return the new row, or None if the slot was already decided."""
    finished = to_db_time(now) if status is not DeliveryStatus.CLAIMED else None
    async with db.transaction() as conn:
        # The UNIQUE (schedule_id, slot) index makes "is it decided?" and "claim it" one statement.
        cur = await conn.execute(
            "INSERT INTO deliveries"
            " (schedule_id, channel_id, slot, status, claimed_at, finished_at, error, since, until)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (schedule_id, slot) DO NOTHING",
            (
                schedule_id,
                channel_id,
                slot,
                status.value,
                to_db_time(now),
                finished,
                error,
                to_db_time(since),
                to_db_time(until),
            ),
        )
        if cur.rowcount == 0:
            return None
        async with conn.execute(f"SELECT {_COLUMNS} FROM deliveries WHERE id = ?", (cur.lastrowid,)) as c2:  # noqa: S608
            row = await c2.fetchone()
    assert row is not None  # noqa: S101 - inserted in this transaction
    return _row(row)


async def get_delivery(db: Database, schedule_id: int, slot: str) -> Delivery | None:
    """Return the delivery of one slot."""
    row = await db.fetchone(
        f"SELECT {_COLUMNS} FROM deliveries WHERE schedule_id = ? AND slot = ?",  # noqa: S608
        (schedule_id, slot),
    )
    return None if row is None else _row(row)


async def unfinished(db: Database, *, webhooks: bool = False) -> list[Delivery]:
    """Return the rows still CLAIMED (a previous process stopped between claim and send).

    Discord channel posts by default (and rows whose schedule is gone); with ``webhooks``, webhook posts only.
    """
    mine = "schedule_id IN (SELECT id FROM schedules WHERE target <> 'discord')"
    which = mine if webhooks else f"NOT coalesce({mine}, 0)"
    rows = await db.fetchall(
        f"SELECT {_COLUMNS} FROM deliveries WHERE status = 'claimed' AND {which} ORDER BY id"  # noqa: S608
    )
    return [_row(r) for r in rows]


async def mark_posting(db: Database, delivery_id: int) -> None:
    """Record that the first request of a claimed webhook post is about to go out."""
    await db.execute("UPDATE deliveries SET message_ids = '[]' WHERE id = ? AND status = 'claimed'", (delivery_id,))


async def posting_started(db: Database, delivery_id: int) -> bool:
    """Return whether a webhook post had begun sending (so a restart cannot know what arrived)."""
    row = await db.fetchone("SELECT message_ids IS NOT NULL AS started FROM deliveries WHERE id = ?", (delivery_id,))
    return bool(row is not None and row["started"])


async def last_delivery(db: Database, schedule_id: int) -> Delivery | None:
    """Return the schedule's most recent delivery of any status."""
    row = await db.fetchone(
        f"SELECT {_COLUMNS} FROM deliveries WHERE schedule_id = ? ORDER BY claimed_at DESC, id DESC LIMIT 1",  # noqa: S608
        (schedule_id,),
    )
    return None if row is None else _row(row)


async def last_window_end(db: Database, schedule_id: int) -> datetime | None:
    """Return where the schedule's last sent post's window ended, so the next one starts there."""
    row = await db.fetchone(
        "SELECT MAX(until) AS until FROM deliveries WHERE schedule_id = ? AND status = 'sent'", (schedule_id,)
    )
    return opt_time(row["until"]) if row is not None else None


async def mark_sent(db: Database, delivery_id: int, *, now: datetime, message_ids: Sequence[int]) -> None:
    """Record that Discord accepted every message of the post."""
    await db.execute(
        "UPDATE deliveries SET status = 'sent', finished_at = ?, error = NULL, message_ids = ? WHERE id = ?",
        (to_db_time(now), json.dumps([str(i) for i in message_ids]), delivery_id),
    )


async def mark_failed(db: Database, delivery_id: int, *, now: datetime, error: str) -> None:
    """Record that the post failed, with the error shown in /schedule show."""
    await db.execute(
        "UPDATE deliveries SET status = 'failed', finished_at = ?, error = ? WHERE id = ?",
        (to_db_time(now), error, delivery_id),
    )


async def mark_skipped(db: Database, delivery_id: int, *, now: datetime, reason: str) -> None:
    """Record that a claimed post was given up on purpose (too late, nothing to say)."""
    await db.execute(
        "UPDATE deliveries SET status = 'skipped', finished_at = ?, error = ? WHERE id = ?",
        (to_db_time(now), reason, delivery_id),
    )


async def reclaim(db: Database, delivery_id: int, *, now: datetime) -> bool:
    """Turn a FAILED row back into CLAIMED for a retry; return whether it was still failed."""
    async with db.transaction() as conn:
        cur = await conn.execute(
            "UPDATE deliveries SET status = 'claimed', claimed_at = ?, finished_at = NULL"
            " WHERE id = ? AND status = 'failed'",
            (to_db_time(now), delivery_id),
        )
        return cur.rowcount > 0


async def last_digest_at(db: Database, channel_id: int) -> datetime | None:
    """Return when the channel last received a shared digest."""
    row = await db.fetchone("SELECT last_digest_at FROM channel_state WHERE channel_id = ?", (channel_id,))
    return None if row is None else from_db_time(row["last_digest_at"])


async def set_last_digest_at(db: Database, channel_id: int, when: datetime) -> None:
    """Remember that the channel received a digest covering up to ``when``."""
    await db.execute(
        "INSERT INTO channel_state (channel_id, last_digest_at) VALUES (?, ?)"
        " ON CONFLICT (channel_id) DO UPDATE SET last_digest_at = MAX(last_digest_at, excluded.last_digest_at)",
        (channel_id, to_db_time(when)),
    )
