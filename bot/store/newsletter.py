"""Newsletter recipients: the raw SQL behind ``newsletter add/remove/list``; their editions are deliveries rows."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from bot.store import deliveries as delivery_rows
from bot.store.db import Database, from_db_time, to_db_time, translate
from bot.store.records import Delivery, Recipient
from bot.store.sqltypes import Row

_RECIPIENT_COLUMNS = "id, address, time, timezone, topic, unsubscribe_token, created_at"


def _recipient(row: Row) -> Recipient:
    return Recipient(
        id=row["id"],
        address=row["address"],
        time=row["time"],
        timezone=row["timezone"],
        topic=row["topic"],
        unsubscribe_token=row["unsubscribe_token"],
        created_at=from_db_time(row["created_at"]),
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
) -> tuple[Recipient, bool]:
    """Subscribe ``address``, or update the schedule of an address already subscribed; say whether it is new.

    Raises:
        StoreError: if SQLite refuses.
    """
    async with db.transaction() as conn:
        try:
            # UNIQUE address (any case): an address already subscribed only has its schedule changed. The
            # conflict is a no-op rather than an error, which would end the whole transaction on PostgreSQL.
            cur = await conn.execute(
                "INSERT INTO newsletter_recipients (address, time, timezone, topic, unsubscribe_token, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (address) DO NOTHING",
                (address, time, timezone, topic, token, to_db_time(now)),
            )
            new = cur.rowcount > 0
            if not new:
                await conn.execute(
                    "UPDATE newsletter_recipients SET time = ?, timezone = ?, topic = ? WHERE address = ?",
                    (time, timezone, topic, address),
                )
        except sqlite3.Error as exc:
            raise translate(exc) from exc
    recipient = await get_recipient(db, address)
    assert recipient is not None  # noqa: S101 - written just above
    return recipient, new


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


async def get_recipient_by_id(db: Database, recipient_id: int) -> Recipient | None:
    """Return the recipient with this id, if still subscribed."""
    sql = f"SELECT {_RECIPIENT_COLUMNS} FROM newsletter_recipients WHERE id = ?"  # noqa: S608 - constant columns
    row = await db.fetchone(sql, (recipient_id,))
    return None if row is None else _recipient(row)


async def deliveries(db: Database, recipient_id: int | None = None) -> list[Delivery]:
    """Return the newsletter editions recorded, of one recipient or of all, oldest first."""
    return await delivery_rows.for_recipient(db, recipient_id)
