"""Webhook schedules end to end: a real store, the real digest, a local aiohttp webhook server, a manual clock."""

from __future__ import annotations

import asyncio
import json
import logging
import sqlite3
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import aiohttp
import pytest
from newsletter_support import store_stories
from webhook_receiver import DISCORD_PATH, SLACK_PATH, serve_receiver

from bot.clock import ManualClock
from bot.config import Settings
from bot.delivery.discord_webhook import DiscordWebhookSink
from bot.delivery.scheduler import Scheduler
from bot.delivery.slack import SlackSink
from bot.digest.render import Renderer
from bot.models import Article, SourceKind
from bot.store import articles as repo
from bot.store import deliveries, schedules
from bot.store.db import Database, migrations
from bot.store.records import DeliveryStatus, TargetRef, TargetTable
from bot.webhooks.urls import WebhookTarget

TOKEN = DISCORD_PATH.rsplit("/", 1)[1]
# Friday before the spring-forward Sunday (29 March 2026: Berlin goes from UTC+1 to UTC+2).
START = datetime(2026, 3, 27, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock():
    return ManualClock(START)


@pytest.fixture
async def receiver(clock):
    async with serve_receiver(clock) as served:
        yield served


@pytest.fixture
async def session():
    async with aiohttp.ClientSession() as s:
        yield s


class Running:
    """A Scheduler.run() task, stepped by moving the manual clock (no wall-clock sleeping)."""

    def __init__(self, scheduler: Scheduler, clock: ManualClock):
        self.scheduler = scheduler
        self.clock = clock
        self.task = asyncio.create_task(scheduler.run())

    async def settled(self, rounds: int) -> None:
        async def wait():
            while not (self.scheduler.rounds >= rounds and self.clock.sleepers >= 1):
                if self.task.done():
                    self.task.result()
                await asyncio.sleep(0.005)

        await asyncio.wait_for(wait(), 5)

    async def step(self, when: datetime) -> None:
        """Jump to ``when`` and wait for the round it wakes (every pause is at most a minute, so it wakes)."""
        await self.settled(self.scheduler.rounds)
        target = self.scheduler.rounds + 1
        self.clock.set(when)
        await self.settled(target)

    async def stop(self) -> None:
        self.task.cancel()
        await asyncio.gather(self.task, return_exceptions=True)


def make_scheduler(db, settings, clock, session) -> Scheduler:
    """The delivery core over the two webhook sinks, as ``newsdigest run`` has it (loopback allowed for tests)."""
    sinks = [
        DiscordWebhookSink(db, clock, session, Renderer(), allow_loopback=True),
        SlackSink(db, clock, session, allow_loopback=True),
    ]
    return Scheduler(db, settings, clock, sinks)


async def add(db, clock, base, target=WebhookTarget.DISCORD, *, time="07:30", zone="Europe/Berlin", at=None):
    path = DISCORD_PATH if target is WebhookTarget.DISCORD else SLACK_PATH
    schedule, new = await schedules.set_webhook_schedule(
        db, target=target, url=base + path, time=time, timezone=zone, topic=None, now=at or clock.now()
    )
    assert new
    return schedule


async def store_story(db, when: datetime, number: int) -> None:
    source = await repo.get_or_create_source(db, SourceKind.FEED, "Daily Wire", "https://wire.example/feed", when)
    article = Article(
        title=f"Morning story number {number} about the ferry timetable",
        body=(f"Story {number} says the ferry timetable changes on day {number}. " * 3,),
        url=f"https://wire.example/story-{number}",
        key_points=(f"Point of story {number}.",),
        published=date(2026, 3, 27),
    )
    await repo.add_article(db, source, article, when)


async def test_posts_once_a_day_at_0730_berlin_across_the_dst_change(db, clock, receiver, session):
    rec, base = receiver
    settings = Settings()
    schedule = await add(db, clock, base)
    runner = Running(make_scheduler(db, settings, clock, session), clock)
    try:
        await runner.settled(1)
        # 07:30 in Berlin is 06:30 UTC before the change and 05:30 UTC after it.
        for number, slot in enumerate(
            [
                datetime(2026, 3, 28, 6, 30, tzinfo=UTC),
                datetime(2026, 3, 29, 5, 30, tzinfo=UTC),
                datetime(2026, 3, 30, 5, 30, tzinfo=UTC),
            ]
        ):
            await store_story(db, slot - timedelta(hours=3), number)
            await runner.step(slot - timedelta(minutes=2))
            assert len(rec.received) == number
            await runner.step(slot)
            assert len(rec.received) == number + 1
            for minutes in (3, 30, 120):
                await runner.step(slot + timedelta(minutes=minutes))
            assert len(rec.received) == number + 1
    finally:
        await runner.stop()

    assert rec.problems == []
    assert [when for _, _, when in rec.received] == [
        datetime(2026, 3, 28, 6, 30, tzinfo=UTC),
        datetime(2026, 3, 29, 5, 30, tzinfo=UTC),
        datetime(2026, 3, 30, 5, 30, tzinfo=UTC),
    ]
    # Each day's post holds what arrived since the last one, once.
    titles = [[e["title"] for e in payload["embeds"]] for _, payload, _ in rec.received]
    assert [len(t) for t in titles] == [1, 1, 1]
    assert [t[0].split()[3] for t in titles] == ["0", "1", "2"]
    rows = await db.fetchall("SELECT slot, status FROM deliveries WHERE schedule_id = ? ORDER BY id", (schedule.id,))
    assert [tuple(r) for r in rows] == [
        ("2026-03-28", "sent"),
        ("2026-03-29", "sent"),
        ("2026-03-30", "sent"),
    ]


async def test_a_restart_between_claim_and_send_posts_once(db, clock, receiver, session):
    rec, base = receiver
    settings = Settings()
    await store_stories(db, clock.now())
    schedule = await add(db, clock, base, at=clock.now() - timedelta(days=1))
    clock.set(datetime(2026, 3, 28, 6, 30, 5, tzinfo=UTC))
    # What a process that died right after claiming leaves behind.
    now = clock.now()
    claimed = await deliveries.claim(
        db,
        sink="discord-webhook",
        target=TargetRef(TargetTable.SCHEDULE, schedule.id),
        slot="2026-03-28",
        since=now - settings.digest_window,
        until=now,
        now=now,
    )
    assert claimed is not None
    # The Discord channel sink leaves webhook rows alone; the webhook sink settles them.
    assert await deliveries.unfinished(db, "discord") == []
    assert [d.id for d in await deliveries.unfinished(db, "discord-webhook")] == [claimed.id]

    clock.advance(600)
    scheduler = make_scheduler(db, settings, clock, session)
    await scheduler.resume_unfinished()
    await scheduler.tick()
    await make_scheduler(db, settings, clock, session).tick()  # a second process, or the next round

    assert len(rec.received) == 1
    assert rec.problems == []
    delivery = await deliveries.get_delivery(db, schedule.id, "2026-03-28")
    assert delivery.status is DeliveryStatus.SENT
    assert await deliveries.unfinished(db, "discord-webhook") == []


async def test_a_restart_while_posting_never_posts_twice(db, clock, receiver, session):
    rec, base = receiver
    settings = Settings()
    await store_stories(db, clock.now())
    schedule = await add(db, clock, base, at=clock.now() - timedelta(days=1))
    clock.set(datetime(2026, 3, 28, 6, 30, tzinfo=UTC))
    now = clock.now()
    claimed = await deliveries.claim(
        db,
        sink="discord-webhook",
        target=TargetRef(TargetTable.SCHEDULE, schedule.id),
        slot="2026-03-28",
        since=now - timedelta(days=1),
        until=now,
        now=now,
    )
    await deliveries.mark_sending(db, claimed.id)  # the process died with a request in flight

    scheduler = make_scheduler(db, settings, clock, session)
    await scheduler.resume_unfinished()
    await scheduler.tick()

    assert rec.received == []
    delivery = await deliveries.get_delivery(db, schedule.id, "2026-03-28")
    assert delivery.status is DeliveryStatus.SKIPPED
    assert "not posted again" in delivery.error
    assert "not posted again" in (await schedules.get_webhook_schedule(db, schedule.id)).last_error


@pytest.mark.parametrize(
    ("late", "posted"), [(timedelta(hours=2, minutes=50), True), (timedelta(hours=3, minutes=10), False)]
)
async def test_catch_up_after_downtime_only_within_the_grace(db, clock, receiver, session, late, posted):
    rec, base = receiver
    settings = Settings(catchup_grace=timedelta(hours=3))
    schedule = await add(db, clock, base, WebhookTarget.SLACK)
    await store_stories(db, datetime(2026, 3, 28, 5, 0, tzinfo=UTC))
    # The process was down from before the 07:30 slot until ``late`` after it.
    clock.set(datetime(2026, 3, 28, 6, 30, tzinfo=UTC) + late)

    scheduler = make_scheduler(db, settings, clock, session)
    await scheduler.resume_unfinished()
    await scheduler.tick()
    clock.advance(60)
    await scheduler.tick()

    delivery = await deliveries.get_delivery(db, schedule.id, "2026-03-28")
    if posted:
        assert len(rec.received) == 1
        assert delivery.status is DeliveryStatus.SENT
    else:
        assert rec.received == []
        assert delivery.status is DeliveryStatus.SKIPPED
        assert delivery.error.startswith("missed")
        assert "3h10m late" in delivery.error


async def big_slack_day(db, base, *, max_stories=50):
    """A Slack schedule at 10:00 UTC and 45 long articles: a digest of several Slack messages."""
    schedule, _ = await schedules.set_webhook_schedule(
        db,
        target=WebhookTarget.SLACK,
        url=base + SLACK_PATH,
        time="10:00",
        timezone="UTC",
        topic=None,
        now=START,
        max_stories=max_stories,
    )
    source = await repo.get_or_create_source(db, SourceKind.FEED, "Long Wire", "https://long.example/feed", START)
    for i in range(45):
        # Words of their own per article, so that no two are taken for the same story.
        words = " ".join(f"s{i}w{j}" for j in range(150))
        point = f"Story {i} <b>&</b> *bold* claim that goes on. {words}"
        article = Article(
            title=f"Long story {i:02d} " + " ".join(f"h{i}k{j}" for j in range(40)),
            body=(f"Unique body {words}.",),
            url=f"https://long.example/{i}",
            key_points=(point, point + "again", point + "thrice"),
        )
        await repo.add_article(db, source, article, START + timedelta(minutes=i))
    return schedule


async def test_slack_schedule_posts_a_big_digest_within_slack_limits(db, clock, receiver, session):
    rec, base = receiver
    settings = Settings()
    schedule = await big_slack_day(db, base)
    clock.set(datetime(2026, 3, 27, 10, 0, tzinfo=UTC))

    await make_scheduler(db, settings, clock, session).tick()

    assert rec.problems == []
    assert len(rec.received) >= 2  # split at article boundaries under Slack's per-message caps
    assert all(service == "slack" for service, _, _ in rec.received)
    sections = [b["text"]["text"] for _, p, _ in rec.received for b in p["blocks"] if b["type"] == "section"]
    assert len(sections) == 45
    assert all(len(s) <= 3000 for s in sections)
    assert "&lt;b&gt;&amp;&lt;/b&gt;" in sections[0]
    delivery = await deliveries.get_delivery(db, schedule.id, "2026-03-27")
    assert delivery.status is DeliveryStatus.SENT


async def test_a_slack_schedule_keeps_the_default_cap_and_counts_the_rest_in_one_line(db, clock, receiver, session):
    rec, base = receiver
    schedule = await big_slack_day(db, base, max_stories=None)
    clock.set(datetime(2026, 3, 27, 10, 0, tzinfo=UTC))

    await make_scheduler(db, Settings(), clock, session).tick()

    assert rec.problems == []
    blocks = [b for _, p, _ in rec.received for b in p["blocks"]]
    assert sum(b["type"] == "section" for b in blocks) == 10
    assert blocks[-1]["type"] == "context"
    assert "and 35 more stories" in blocks[-1]["elements"][0]["text"]
    delivery = await deliveries.get_delivery(db, schedule.id, "2026-03-27")
    assert delivery.status is DeliveryStatus.SENT
    carried = await deliveries.posts_carrying(db, range(1, 100))
    assert len(carried) == 10
    assert {d.id for _, d in carried} == {delivery.id}


async def test_a_404_is_recorded_and_not_retried_and_the_token_is_never_logged(db, clock, receiver, session, caplog):
    rec, base = receiver
    settings = Settings()
    await store_stories(db, clock.now())
    schedule = await add(db, clock, base, time="10:00", zone="UTC")
    rec.script = [(404, {}, json.dumps({"message": "Unknown Webhook", "code": 10015}))]
    clock.set(datetime(2026, 3, 27, 10, 0, tzinfo=UTC))
    scheduler = make_scheduler(db, settings, clock, session)

    with caplog.at_level(logging.DEBUG, logger="bot"):
        await scheduler.tick()
        for _ in range(3):
            clock.advance(600)
            await scheduler.tick()
        await make_scheduler(db, settings, clock, session).resume_unfinished()

    assert len(rec.received) == 1
    delivery = await deliveries.get_delivery(db, schedule.id, "2026-03-27")
    assert delivery.status is DeliveryStatus.FAILED
    assert "no longer exists" in delivery.error
    assert "HTTP 404" in delivery.error
    stored = await schedules.get_webhook_schedule(db, schedule.id)
    assert stored.last_error.startswith("2026-03-27: ")
    assert "no longer exists" in stored.last_error
    assert TOKEN not in caplog.text
    assert TOKEN not in delivery.error
    assert "/api/webhooks/123456789012345678/Abc_" in caplog.text  # masked: enough to tell webhooks apart


async def test_nothing_new_posts_nothing_and_a_disabled_schedule_is_left_alone(db, clock, receiver, session):
    rec, base = receiver
    schedule = await add(db, clock, base, time="10:00", zone="UTC")
    clock.set(datetime(2026, 3, 27, 10, 1, tzinfo=UTC))
    await make_scheduler(db, Settings(), clock, session).tick()
    assert rec.received == []
    assert (await deliveries.get_delivery(db, schedule.id, "2026-03-27")).status is DeliveryStatus.SKIPPED

    await db.execute("UPDATE schedules SET enabled = 0 WHERE id = ?", (schedule.id,))
    await store_stories(db, clock.now())
    clock.set(datetime(2026, 3, 28, 10, 1, tzinfo=UTC))
    await make_scheduler(db, replace(Settings(), post_empty_digest=True), clock, session).tick()
    assert rec.received == []
    assert await deliveries.get_delivery(db, schedule.id, "2026-03-28") is None


async def test_migration_0004_keeps_schedules_and_delivery_links(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = ON")
    for number, _, sql in migrations()[:3]:
        conn.executescript(f"BEGIN; {sql}; PRAGMA user_version = {number}; COMMIT;")
    conn.execute(
        "INSERT INTO schedules (id, guild_id, channel_id, time, timezone, created_at)"
        " VALUES (7, 1, 123456789012345678, '07:30', 'Europe/Berlin', '2026-03-01T00:00:00.000000Z')"
    )
    conn.execute(
        "INSERT INTO deliveries (schedule_id, channel_id, slot, status, claimed_at)"
        " VALUES (7, 123456789012345678, '2026-03-02', 'sent', '2026-03-02T06:30:00.000000Z')"
    )
    conn.commit()
    conn.close()

    db = await Database.open(path)
    try:
        [kept] = await schedules.list_schedules(db)
        assert (kept.id, kept.channel_id, kept.time, kept.timezone) == (7, 123456789012345678, "07:30", "Europe/Berlin")
        assert (await deliveries.last_delivery(db, 7)).slot == "2026-03-02"
        assert [tuple(r) for r in await db.fetchall("PRAGMA foreign_key_check")] == []

        url = "https://hooks.slack.com/services/T0001ABCD/B0002EFGH/abcdefghijklmnop1234"
        first, new = await schedules.set_webhook_schedule(
            db, target=WebhookTarget.SLACK, url=url, time="08:00", timezone="UTC", topic=None, now=START
        )
        again, new_again = await schedules.set_webhook_schedule(
            db, target=WebhookTarget.SLACK, url=url, time="09:00", timezone="UTC", topic="rail", now=START
        )
        assert new
        assert not new_again
        assert again.id == first.id
        assert (again.time, again.topic) == ("09:00", "rail")
        assert TOKEN not in repr(again)
        assert "abcdefghijklmnop1234" not in repr(again)
        # The Discord channel schedule is untouched and still keyed by its channel.
        assert (await schedules.get_schedule(db, 123456789012345678)).id == 7
        assert await schedules.remove_schedule(db, 7)
        assert (await db.fetchone("SELECT schedule_id FROM deliveries"))["schedule_id"] is None
    finally:
        await db.close()


async def test_slack_server_errors_are_retried_on_the_clock_then_sent(db, clock, receiver, session):
    from test_webhooks import drive

    rec, base = receiver
    await store_stories(db, clock.now())
    schedule = await add(db, clock, base, WebhookTarget.SLACK, time="10:00", zone="UTC")
    rec.script = [(503, {}, "busy"), (429, {"Retry-After": "4"}, "slow down")]
    clock.set(datetime(2026, 3, 27, 10, 0, tzinfo=UTC))

    await drive(clock, make_scheduler(db, Settings(), clock, session).tick())

    assert len(rec.received) == 3
    assert rec.received[0][1] == rec.received[2][1]  # the same message until it went through
    assert (rec.received[2][2] - rec.received[0][2]).total_seconds() >= 5  # 1 s back-off, then 4 s asked
    assert (await deliveries.get_delivery(db, schedule.id, "2026-03-27")).status is DeliveryStatus.SENT
    assert (await schedules.get_webhook_schedule(db, schedule.id)).last_error is None


async def test_discord_server_errors_and_rate_limits_are_waited_out_by_discord_py(db, clock, receiver, session):
    rec, base = receiver
    await store_stories(db, clock.now())
    schedule = await add(db, clock, base, time="10:00", zone="UTC")
    rec.script = [(503, {}, "busy"), (429, {"Via": "1.1 google"}, json.dumps({"retry_after": 0.2}))]
    clock.set(datetime(2026, 3, 27, 10, 0, tzinfo=UTC))

    await make_scheduler(db, Settings(), clock, session).tick()

    assert len(rec.received) == 3
    assert rec.received[0][1] == rec.received[2][1]  # the same message until it went through
    assert rec.wall[2] - rec.wall[0] >= 1.2  # discord.py's 1 s after a 5xx, then the 0.2 s asked
    delivery = await deliveries.get_delivery(db, schedule.id, "2026-03-27")
    assert delivery.status is DeliveryStatus.SENT
    assert len(delivery.message_ids) == 1
    assert int(delivery.message_ids[0]) > 0  # Discord's id of the message, from ?wait=true
    assert (await schedules.get_webhook_schedule(db, schedule.id)).last_error is None
