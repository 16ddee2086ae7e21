"""Migration 0008: a database made at version 0006, with rows in both old claim tables, keeps every decision."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.errors import StoreError
from bot.store import deliveries, newsletter, schedules
from bot.store.db import Database, migrations, to_db_time
from bot.store.records import ChannelSchedule, DeliveryStatus, TargetRef, TargetTable, WebhookSchedule

NOW = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)
SLACK = "https://hooks.slack.com/services/T0001ABCD/B0002EFGH/abcdefghijklmnop1234"
T = "2026-03-0{}T06:30:00.000000Z"


def old_database(path: Path) -> None:
    """Build a database at version 6, as the release before this change left it, with rows in every old table."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = ON")
    for number, _, sql in migrations()[:6]:
        conn.executescript(f"BEGIN; {sql}; PRAGMA user_version = {number}; COMMIT;")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 6
    conn.executescript(
        """
        INSERT INTO schedules (id, guild_id, channel_id, time, timezone, created_at)
            VALUES (3, 1, 4242, '07:30', 'Europe/Berlin', '2026-03-01T06:30:00.000000Z');
        INSERT INTO schedules (id, time, timezone, created_at, target, webhook_url)
            VALUES (5, '08:00', 'UTC', '2026-03-01T06:30:00.000000Z',
                    'slack-webhook', 'https://hooks.slack.com/services/T0001ABCD/B0002EFGH/abcdefghijklmnop1234');
        -- channel: one sent with its message ids, one failed, one left claimed by a process that stopped
        INSERT INTO deliveries (schedule_id, channel_id, slot, status, claimed_at, finished_at, since, until,
                                message_ids)
            VALUES (3, 4242, '2026-03-02', 'sent', '2026-03-02T06:30:00.000000Z',
                    '2026-03-02T06:30:00.000000Z', '2026-03-01T06:30:00.000000Z',
                    '2026-03-02T06:30:00.000000Z', '["901","902"]');
        INSERT INTO deliveries (schedule_id, channel_id, slot, status, claimed_at, finished_at, error)
            VALUES (3, 4242, '2026-03-03', 'failed', '2026-03-03T06:30:00.000000Z',
                    '2026-03-03T06:30:00.000000Z', 'Discord answered 503');
        INSERT INTO deliveries (schedule_id, channel_id, slot, status, claimed_at)
            VALUES (3, 4242, '2026-03-04', 'claimed', '2026-03-04T06:30:00.000000Z');
        -- webhook: one left claimed while posting (message_ids '[]'), one left claimed before posting
        INSERT INTO deliveries (schedule_id, slot, status, claimed_at, message_ids)
            VALUES (5, '2026-03-04', 'claimed', '2026-03-04T06:30:00.000000Z', '[]');
        INSERT INTO deliveries (schedule_id, slot, status, claimed_at)
            VALUES (5, '2026-03-05', 'claimed', '2026-03-05T06:30:00.000000Z');
        -- a removed schedule's delivery, unlinked
        INSERT INTO deliveries (schedule_id, channel_id, slot, status, claimed_at)
            VALUES (NULL, 777, '2026-03-01', 'sent', '2026-03-01T06:30:00.000000Z');
        INSERT INTO newsletter_recipients (id, address, time, timezone, unsubscribe_token, created_at)
            VALUES (9, 'reader@example.org', '07:00', 'Europe/Paris', 'tok', '2026-03-01T06:30:00.000000Z');
        INSERT INTO newsletter_deliveries (recipient_id, slot, status, claimed_at, finished_at, message_id)
            VALUES (9, '2026-03-02', 'sent', '2026-03-02T06:30:00.000000Z',
                    '2026-03-02T06:30:00.000000Z', '<a@digest.example>');
        INSERT INTO newsletter_deliveries (recipient_id, slot, status, claimed_at, finished_at, error)
            VALUES (9, '2026-03-03', 'failed', '2026-03-03T06:30:00.000000Z',
                    '2026-03-03T06:30:00.000000Z', 'server refused');
        INSERT INTO newsletter_deliveries (recipient_id, slot, status, claimed_at)
            VALUES (9, '2026-03-04', 'claimed', '2026-03-04T06:30:00.000000Z');
        """
    )
    conn.close()


async def test_migration_0008_carries_over_every_claim(tmp_path):
    path = tmp_path / "old.db"
    old_database(path)

    db = await Database.open(path)
    try:
        tables = {r["name"] for r in await db.fetchall("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert "newsletter_deliveries" not in tables
        assert [tuple(r) for r in await db.fetchall("PRAGMA foreign_key_check")] == []

        channel = TargetRef(TargetTable.SCHEDULE, 3)
        sent = await deliveries.get_for(db, channel, "2026-03-02")
        assert (sent.sink, sent.status, sent.message_ids, sent.channel_id) == (
            "discord",
            DeliveryStatus.SENT,
            ("901", "902"),
            4242,
        )
        assert await deliveries.last_window_end(db, channel) == sent.until
        failed = await deliveries.get_for(db, channel, "2026-03-03")
        assert (failed.status, failed.error, failed.next_attempt_at) == (
            DeliveryStatus.FAILED,
            "Discord answered 503",
            None,
        )
        assert [d.slot for d in await deliveries.unfinished(db, "discord")] == ["2026-03-04"]
        assert not (await deliveries.get_for(db, channel, "2026-03-04")).sending

        hook = [(d.slot, d.sending) for d in await deliveries.unfinished(db, "slack-webhook")]
        assert hook == [("2026-03-04", True), ("2026-03-05", False)]

        email = await newsletter.deliveries(db, 9)
        assert [(d.slot, d.status.value, d.sink, d.message_ids) for d in email] == [
            ("2026-03-02", "sent", "email", ("<a@digest.example>",)),
            ("2026-03-03", "failed", "email", ()),
            ("2026-03-04", "claimed", "email", ()),
        ]
        assert email[2].sending  # claimed: it may have been mailed, so it is never mailed again
        # The claim rule still holds on the carried-over rows: a decided slot cannot be claimed twice.
        again = await deliveries.claim(
            db, sink="email", target=TargetRef(TargetTable.RECIPIENT, 9), slot="2026-03-02", now=sent.claimed_at
        )
        assert again is None
        unlinked = await db.fetchall(
            "SELECT sink, channel_id, slot FROM deliveries WHERE schedule_id IS NULL AND recipient_id IS NULL"
        )
        assert [tuple(r) for r in unlinked] == [("discord", 777, "2026-03-01")]
    finally:
        await db.close()


async def test_after_0008_schedules_read_as_their_own_records_and_recipients_cascade(tmp_path):
    path = tmp_path / "old.db"
    old_database(path)
    db = await Database.open(path)
    try:
        kinds = {
            s.id: type(s) for s in [*await schedules.list_schedules(db), *await schedules.list_webhook_schedules(db)]
        }
        assert kinds == {3: ChannelSchedule, 5: WebhookSchedule}
        assert isinstance(await schedules.get_any_schedule(db, 5), WebhookSchedule)
        assert (await schedules.get_any_schedule(db, 3)).target == "discord"
        # The target column is free text now: a sink added later stores its schedules without a migration.
        _, new = await schedules.set_webhook_schedule(
            db,
            target="matrix",
            url="https://matrix.example/hook/abc",
            time="06:00",
            timezone="UTC",
            topic=None,
            now=NOW,
        )
        assert new
        assert [s.target for s in await schedules.list_webhook_schedules(db)] == ["slack-webhook", "matrix"]
        with pytest.raises(StoreError):  # a channel row still needs its channel
            await db.execute(
                "INSERT INTO schedules (time, timezone, created_at, target) VALUES ('06:00', 'UTC', ?, 'discord')",
                (to_db_time(NOW),),
            )
        assert await newsletter.remove_recipient(db, "READER@example.org")
        assert await newsletter.deliveries(db) == []
        assert await schedules.remove_schedule(db, 3)
        left = await db.fetchall("SELECT schedule_id, channel_id FROM deliveries WHERE channel_id = 4242")
        assert [tuple(r) for r in left] == [(None, 4242)] * 3  # unlinked, kept
    finally:
        await db.close()
