"""Newsletter recipients and deliveries: the raw SQL behind ``newsletter add/remove/list/send``."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from bot.models import DeliveryStatus
from bot.newsletter.records import AddedRecipient, NewsletterDelivery, Recipient
from bot.store.db import Database, from_db_time, opt_time, to_db_time, translate

_RECIPIENT_COLUMNS = "id, address, time, timezone, topic, unsubscribe_token, created_at"
_DELIVERY_COLUMNS = "id, recipient_id, slot, status, claimed_at, finished_at, error, message_id"


def _recipient(row: sqlite3.Row) -> Recipient:
    return Recipient(
        id=row["id"],
        address=row["address"],
        time=row["time"],
        timezone=row["timezone"],
        topic=row["topic"],
        unsubscribe_token=row["unsubscribe_token"],
        created_at=from_db_time(row["created_at"]),
    )


def _delivery(row: sqlite3.Row) -> NewsletterDelivery:
    return NewsletterDelivery(
        id=row["id"],
        recipient_id=row["recipient_id"],
        slot=row["slot"],
        status=DeliveryStatus(row["status"]),
        claimed_at=from_db_time(row["claimed_at"]),
        finished_at=opt_time(row["finished_at"]),
        error=row["error"],
        message_id=row["message_id"],
    )


async def get_recipient(db: Database, address: str) -> Recipient | None:
    """Return the recipient with ``address`` (any case), if subscribed."""
    # The address column is COLLATE NOCASE, so its unique index answers this.
    sql = f"SELECT {_RECIPIENT_COLUMNS} FROM newsletter_recipients WHERE address = ?"  # noqa: S608 - constant columns
    row = await db.fetchone(sql, (address,))
    return None if row is None else _recipient(row)


async def add_recipient(
    db: Database,
    address: str,
    *,
    time: str | None,
    timezone: str | None,
    topic: str | None,
    token: str,
    now: datetime,
) -> AddedRecipient:
    """Subscribe ``address``, or update the schedule of an address already subscribed.

    Raises:
        StoreError: if SQLite refuses.
    """
    async with db.transaction() as conn:
        try:
            cur = await conn.execute(
                "UPDATE newsletter_recipients SET time = ?, timezone = ?, topic = ? WHERE address = ?",
                (time, timezone, topic, address),
            )
            new = cur.rowcount == 0
            if new:
                await conn.execute(
                    "INSERT INTO newsletter_recipients (address, time, timezone, topic, unsubscribe_token, created_at)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    (address, time, timezone, topic, token, to_db_time(now)),
                )
        except sqlite3.Error as exc:
            raise translate(exc) from exc
    recipient = await get_recipient(db, address)
    assert recipient is not None  # noqa: S101 - written just above
    return AddedRecipient(recipient, new)


async def remove_recipient(db: Database, address: str) -> bool:
    """Unsubscribe ``address`` (and forget its deliveries); return whether it was subscribed."""
    async with db.transaction() as conn:
        try:
            cur = await conn.execute("DELETE FROM newsletter_recipients WHERE address = ?", (address,))
        except sqlite3.Error as exc:
            raise translate(exc) from exc
        return cur.rowcount > 0


async def unsubscribe_by_token(db: Database, token: str) -> str | None:
    """Remove the recipient whose unsubscribe link carries ``token``; return its address, or None."""
    row = await db.fetchone("SELECT address FROM newsletter_recipients WHERE unsubscribe_token = ?", (token,))
    if row is None:
        return None
    address = str(row["address"])
    await remove_recipient(db, address)
    return address


async def list_recipients(db: Database) -> list[Recipient]:
    """Return every recipient, in address order."""
    rows = await db.fetchall(f"SELECT {_RECIPIENT_COLUMNS} FROM newsletter_recipients ORDER BY address")  # noqa: S608
    return [_recipient(r) for r in rows]


async def claim_delivery(db: Database, recipient_id: int, slot: str, now: datetime) -> DeliveryStatus | None:
    """Claim the recipient's edition for ``slot``; return None if claimed now, else the status that blocks it.

    A failed earlier attempt is claimed again (the server refused it, so nothing was delivered). A ``claimed``
    row means a run stopped between claiming and recording the answer: it is returned, not retried, because
    the message may have gone out.
    """
    async with db.transaction() as conn:
        try:
            async with conn.execute(
                "SELECT status FROM newsletter_deliveries WHERE recipient_id = ? AND slot = ?", (recipient_id, slot)
            ) as cur:
                row = await cur.fetchone()
            if row is None:
                await conn.execute(
                    "INSERT INTO newsletter_deliveries (recipient_id, slot, status, claimed_at) VALUES (?, ?, ?, ?)",
                    (recipient_id, slot, DeliveryStatus.CLAIMED.value, to_db_time(now)),
                )
                return None
            status = DeliveryStatus(row["status"])
            if status is DeliveryStatus.FAILED:
                await conn.execute(
                    "UPDATE newsletter_deliveries SET status = ?, claimed_at = ?, finished_at = NULL, error = NULL"
                    " WHERE recipient_id = ? AND slot = ?",
                    (DeliveryStatus.CLAIMED.value, to_db_time(now), recipient_id, slot),
                )
                return None
            return status
        except sqlite3.Error as exc:
            raise translate(exc) from exc


async def finish_delivery(
    db: Database,
    recipient_id: int,
    slot: str,
    status: DeliveryStatus,
    now: datetime,
    *,
    error: str | None = None,
    message_id: str | None = None,
) -> None:
    """Record how the claimed delivery ended."""
    await db.execute(
        "UPDATE newsletter_deliveries SET status = ?, finished_at = ?, error = ?, message_id = ?"
        " WHERE recipient_id = ? AND slot = ?",
        (status.value, to_db_time(now), error, message_id, recipient_id, slot),
    )


async def deliveries(db: Database, recipient_id: int | None = None) -> list[NewsletterDelivery]:
    """Return the delivery records, of one recipient or of all, oldest first."""
    if recipient_id is None:
        rows = await db.fetchall(f"SELECT {_DELIVERY_COLUMNS} FROM newsletter_deliveries ORDER BY id")  # noqa: S608
    else:
        rows = await db.fetchall(
            f"SELECT {_DELIVERY_COLUMNS} FROM newsletter_deliveries WHERE recipient_id = ? ORDER BY id",  # noqa: S608
            (recipient_id,),
        )
    return [_delivery(r) for r in rows]
