"""Migration 0009: schedules keep their filter and Discord options, and a sent post the articles it carried."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from bot.models import Article, DigestFilter, SourceKind
from bot.store import articles as repo
from bot.store import deliveries, schedules
from bot.store.constraints import INTEGRITY_ERRORS
from bot.store.db import Database, migrations
from bot.store.records import TargetRef, TargetTable, WebhookTarget

NOW = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)
SLACK = "https://hooks.slack.com/services/T0001ABCD/B0002EFGH/abcdefghijklmnop1234"


async def test_a_version_8_schedule_reads_with_the_default_filter(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = ON")
    for number, _, sql in migrations()[:8]:
        conn.executescript(f"BEGIN; {sql}; PRAGMA user_version = {number}; COMMIT;")
    conn.execute(
        "INSERT INTO schedules (id, guild_id, channel_id, time, timezone, topic, created_at)"
        " VALUES (3, 1, 4242, '07:30', 'Europe/Berlin', 'rail', '2026-03-01T06:30:00.000000Z')"
    )
    conn.commit()
    conn.close()
    db = await Database.open(path)
    try:
        schedule = await schedules.get_schedule(db, 4242)
        assert schedule is not None
        assert (schedule.thread, schedule.ping_role_id) == (False, None)
        assert schedule.filter == DigestFilter(topic="rail", max_stories=10)
    finally:
        await db.close()


async def test_schedule_options_round_trip_and_replace(db):
    saved = await schedules.set_schedule(
        db, channel_id=42, guild_id=1, time="07:30", timezone="UTC", topic="tram", now=NOW,
        exclude='strike "fare rise"', sources=("City Wire", "Valley Post"), max_stories=5, thread=True,
        ping_role_id=77,
    )  # fmt: skip
    assert saved.filter == DigestFilter(
        topic="tram", exclude='strike "fare rise"', sources=("City Wire", "Valley Post"), max_stories=5
    )
    assert (saved.thread, saved.ping_role_id) == (True, 77)
    # Setting a channel's schedule again replaces every option.
    again = await schedules.set_schedule(
        db, channel_id=42, guild_id=1, time="08:00", timezone="UTC", topic=None, now=NOW
    )
    assert again.id == saved.id
    assert again.filter == DigestFilter()
    assert (again.thread, again.ping_role_id) == (False, None)

    hook, new = await schedules.set_webhook_schedule(
        db, target=WebhookTarget.SLACK, url=SLACK, time="07:00", timezone="UTC", topic=None, now=NOW,
        exclude="football", sources=("City Wire",), max_stories=3,
    )  # fmt: skip
    assert new
    assert hook.filter == DigestFilter(exclude="football", sources=("City Wire",), max_stories=3)
    hook, new = await schedules.set_webhook_schedule(
        db, target=WebhookTarget.SLACK, url=SLACK, time="07:00", timezone="UTC", topic="rail", now=NOW
    )
    assert not new
    assert hook.filter == DigestFilter(topic="rail")


async def test_the_database_refuses_a_cap_out_of_range(db):
    with pytest.raises(INTEGRITY_ERRORS, match=r"(?i)check"):  # either engine's refusal
        await schedules.set_schedule(
            db, channel_id=42, guild_id=1, time="07:30", timezone="UTC", topic=None, now=NOW, max_stories=51
        )


async def test_a_sent_post_records_its_articles_and_explain_finds_the_post(db):
    source = await repo.get_or_create_source(db, SourceKind.FEED, "Wire", "https://wire.test/feed", NOW)
    ids = []
    for n in range(3):
        article = Article(title=f"Story {n} of its own kind w{n}x", body=(f"Body w{n}y w{n}z.",))
        ids.append((await repo.add_article(db, source, article, NOW - timedelta(hours=1))).article_id)
    schedule = await schedules.set_schedule(
        db, channel_id=42, guild_id=1, time="07:30", timezone="UTC", topic=None, now=NOW
    )
    ref = TargetRef(TargetTable.SCHEDULE, schedule.id)
    claimed = await deliveries.claim(
        db, sink="discord", target=ref, channel_id=42, slot="2026-03-10", now=NOW, since=NOW - timedelta(days=1),
        until=NOW,
    )  # fmt: skip
    assert claimed is not None
    await deliveries.mark_sent(db, claimed.id, now=NOW, message_ids=[901], article_ids=[ids[0], ids[1], ids[0], 9999])
    carried = await deliveries.posts_carrying(db, ids)
    assert [(article_id, d.id, d.message_ids) for article_id, d in carried] == [
        (ids[0], claimed.id, ("901",)),
        (ids[1], claimed.id, ("901",)),
    ]
    covering = await deliveries.covering(db, ref, NOW - timedelta(hours=1))
    assert covering is not None
    assert covering.id == claimed.id
    assert await deliveries.covering(db, ref, NOW) is None  # the window ends before its until
