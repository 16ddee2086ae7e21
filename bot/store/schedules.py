"""Schedules: a daily digest at a local time in an IANA zone, to a Discord channel or to a webhook URL.

Discord schedules (target ``discord``) are keyed by channel and read as :class:`ChannelSchedule`; webhook
schedules (``discord-webhook``, ``slack-webhook``) have no channel, are keyed by their URL (migration 0004) and
read as :class:`WebhookSchedule`. The ``target`` column is the discriminator (see ``bot.store.records``).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from datetime import datetime

from bot.store.db import Database, from_db_time, to_db_time, translate
from bot.store.records import CHANNEL_TARGET, ChannelSchedule, Schedule, WebhookSchedule
from bot.store.sqltypes import Row

_COLUMNS = (
    "id, guild_id, channel_id, time, timezone, topic, enabled, last_error, created_at, target, webhook_url,"
    " exclude, sources, max_stories, thread, ping_role_id"
)


def _sources(text: str | None) -> tuple[str, ...]:
    try:
        data = json.loads(text or "[]")
    except ValueError:
        return ()
    return tuple(str(n) for n in data) if isinstance(data, list) else ()


def _row(row: Row) -> ChannelSchedule:
    return ChannelSchedule(
        id=row["id"],
        guild_id=row["guild_id"],
        channel_id=row["channel_id"],
        time=row["time"],
        timezone=row["timezone"],
        topic=row["topic"],
        enabled=bool(row["enabled"]),
        last_error=row["last_error"],
        created_at=from_db_time(row["created_at"]),
        exclude=row["exclude"],
        sources=_sources(row["sources"]),
        max_stories=row["max_stories"],
        thread=bool(row["thread"]),
        ping_role_id=row["ping_role_id"],
    )


async def set_schedule(
    db: Database,
    *,
    channel_id: int,
    guild_id: int | None,
    time: str,
    timezone: str,
    topic: str | None,
    now: datetime,
    exclude: str | None = None,
    sources: Sequence[str] = (),
    max_stories: int | None = None,
    thread: bool = False,
    ping_role_id: int | None = None,
) -> ChannelSchedule:
    """Create or replace the channel's schedule (with its filter and options) and enable it.

    ``created_at`` is reset to ``now`` so that a slot whose time has already passed today is not posted
    at once: a schedule only owes the slots that come after it was set.
    """
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO schedules (guild_id, channel_id, time, timezone, topic, enabled, last_error, created_at,"
            " exclude, sources, max_stories, thread, ping_role_id) VALUES (?, ?, ?, ?, ?, 1, NULL, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (channel_id, target) DO UPDATE SET guild_id = excluded.guild_id, time = excluded.time,"
            " timezone = excluded.timezone, topic = excluded.topic, enabled = 1, last_error = NULL,"
            " created_at = excluded.created_at, exclude = excluded.exclude, sources = excluded.sources,"
            " max_stories = excluded.max_stories, thread = excluded.thread, ping_role_id = excluded.ping_role_id",
            (
                guild_id,
                channel_id,
                time,
                timezone,
                topic,
                to_db_time(now),
                exclude,
                json.dumps(list(sources)),
                max_stories,
                int(thread),
                ping_role_id,
            ),
        )
        async with conn.execute(
            f"SELECT {_COLUMNS} FROM schedules WHERE channel_id = ? AND target = 'discord'",  # noqa: S608
            (channel_id,),
        ) as cur:
            row = await cur.fetchone()
    assert row is not None  # noqa: S101 - just written in the same transaction
    return _row(row)


async def add_schedule_if_missing(
    db: Database, *, channel_id: int, guild_id: int | None, time: str, timezone: str, now: datetime
) -> bool:
    """Create the channel's schedule unless it has one (on or off); return whether it was created."""
    async with db.transaction() as conn:
        cur = await conn.execute(
            "INSERT INTO schedules (guild_id, channel_id, time, timezone, enabled, created_at)"
            " VALUES (?, ?, ?, ?, 1, ?) ON CONFLICT (channel_id, target) DO NOTHING",
            (guild_id, channel_id, time, timezone, to_db_time(now)),
        )
        return cur.rowcount > 0


async def set_guild_if_unknown(db: Database, channel_id: int, guild_id: int) -> None:
    """Record which server a channel's schedule belongs to, when it was created without knowing."""
    await db.execute(
        "UPDATE schedules SET guild_id = ? WHERE channel_id = ? AND guild_id IS NULL", (guild_id, channel_id)
    )


async def get_schedule(db: Database, channel_id: int) -> ChannelSchedule | None:
    """Return the channel's Discord schedule, enabled or not."""
    row = await db.fetchone(
        f"SELECT {_COLUMNS} FROM schedules WHERE channel_id = ? AND target = 'discord'",  # noqa: S608
        (channel_id,),
    )
    return None if row is None else _row(row)


async def list_schedules(
    db: Database, *, guild_id: int | None = None, enabled_only: bool = False
) -> list[ChannelSchedule]:
    """Return the Discord schedules, optionally of one server and only the enabled ones."""
    sql = f"SELECT {_COLUMNS} FROM schedules WHERE target = 'discord'"  # noqa: S608
    params: list[object] = []
    if guild_id is not None:
        sql += " AND guild_id = ?"
        params.append(guild_id)
    if enabled_only:
        sql += " AND enabled = 1"
    return [_row(r) for r in await db.fetchall(sql + " ORDER BY id", params)]


async def disable_schedule(db: Database, channel_id: int) -> bool:
    """Turn the channel's schedule off; return whether there was one on."""
    async with db.transaction() as conn:
        cur = await conn.execute(
            "UPDATE schedules SET enabled = 0 WHERE channel_id = ? AND target = 'discord' AND enabled = 1",
            (channel_id,),
        )
        return cur.rowcount > 0


async def set_last_error(db: Database, schedule_id: int, error: str | None) -> None:
    """Record (or clear, with None) the last posting problem, shown by /schedule show."""
    await db.execute("UPDATE schedules SET last_error = ? WHERE id = ?", (error, schedule_id))


def _webhook_row(row: Row) -> WebhookSchedule:
    return WebhookSchedule(
        id=row["id"],
        target=row["target"],
        url=row["webhook_url"],
        time=row["time"],
        timezone=row["timezone"],
        topic=row["topic"],
        enabled=bool(row["enabled"]),
        last_error=row["last_error"],
        created_at=from_db_time(row["created_at"]),
        exclude=row["exclude"],
        sources=_sources(row["sources"]),
        max_stories=row["max_stories"],
        ping_role_id=row["ping_role_id"],
    )


async def set_webhook_schedule(
    db: Database,
    *,
    target: str,
    url: str,
    time: str,
    timezone: str,
    topic: str | None,
    now: datetime,
    exclude: str | None = None,
    sources: Sequence[str] = (),
    max_stories: int | None = None,
    ping_role_id: int | None = None,
) -> tuple[WebhookSchedule, bool]:
    """Create the webhook's schedule, or replace the one it has; return it and whether it is new.

    As with :func:`set_schedule`, ``created_at`` becomes ``now``: a slot already past today is not owed.

    Raises:
        StoreError: if SQLite refuses.
    """
    names = json.dumps(list(sources))
    async with db.transaction() as conn:
        try:
            # UNIQUE (target, webhook_url): this webhook has a schedule already, which is replaced. The conflict
            # is a no-op rather than an error, which would end the whole transaction on PostgreSQL.
            cur = await conn.execute(
                "INSERT INTO schedules (time, timezone, topic, enabled, created_at, target, webhook_url,"
                " exclude, sources, max_stories, ping_role_id) VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (target, webhook_url) DO NOTHING",
                (time, timezone, topic, to_db_time(now), str(target), url, exclude, names, max_stories, ping_role_id),
            )
            new = cur.rowcount > 0
            if not new:
                await conn.execute(
                    "UPDATE schedules SET time = ?, timezone = ?, topic = ?, enabled = 1, last_error = NULL,"
                    " created_at = ?, exclude = ?, sources = ?, max_stories = ?, ping_role_id = ?"
                    " WHERE target = ? AND webhook_url = ?",
                    (
                        time,
                        timezone,
                        topic,
                        to_db_time(now),
                        exclude,
                        names,
                        max_stories,
                        ping_role_id,
                        str(target),
                        url,
                    ),
                )
            # The UNIQUE (target, webhook_url) constraint answers this.
            async with conn.execute(
                f"SELECT {_COLUMNS} FROM schedules WHERE target = ? AND webhook_url = ?",  # noqa: S608
                (str(target), url),
            ) as c2:
                row = await c2.fetchone()
        except sqlite3.Error as exc:
            raise translate(exc) from exc
    assert row is not None  # noqa: S101 - just written in the same transaction
    return _webhook_row(row), new


async def list_webhook_schedules(db: Database, *, enabled_only: bool = False) -> list[WebhookSchedule]:
    """Return the webhook schedules, optionally only the enabled ones."""
    sql = f"SELECT {_COLUMNS} FROM schedules WHERE target <> 'discord'"  # noqa: S608
    if enabled_only:
        sql += " AND enabled = 1"
    return [_webhook_row(r) for r in await db.fetchall(sql + " ORDER BY id")]


async def get_webhook_schedule(db: Database, schedule_id: int) -> WebhookSchedule | None:
    """Return one webhook schedule by id, enabled or not."""
    row = await db.fetchone(
        f"SELECT {_COLUMNS} FROM schedules WHERE id = ? AND target <> 'discord'",  # noqa: S608
        (schedule_id,),
    )
    return None if row is None else _webhook_row(row)


async def get_any_schedule(db: Database, schedule_id: int) -> Schedule | None:
    """Return the schedule with this id, whatever its target."""
    row = await db.fetchone(f"SELECT {_COLUMNS} FROM schedules WHERE id = ?", (schedule_id,))  # noqa: S608
    if row is None:
        return None
    return _row(row) if row["target"] == CHANNEL_TARGET else _webhook_row(row)


async def remove_schedule(db: Database, schedule_id: int) -> bool:
    """Delete a schedule of any target (its deliveries stay, unlinked); return whether it existed."""
    async with db.transaction() as conn:
        cur = await conn.execute("DELETE FROM schedules WHERE id = ?", (schedule_id,))
        return cur.rowcount > 0
