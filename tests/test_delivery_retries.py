"""Retries survive a restart: a failure that may pass is stored with its next attempt, and a new process sends it.

Each "restart" is a new Scheduler with new sinks over the same database file: nothing is remembered in memory.
Real parts: the local webhook receiver, an aiosmtpd server, SQLite files, the manual clock.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import aiohttp
import pytest
from newsletter_support import free_port, running_inbox, settings_for, store_stories
from test_webhook_schedules import big_slack_day, make_scheduler
from test_webhooks import drive
from webhook_receiver import DISCORD_PATH, SLACK_PATH, serve_receiver

from bot.clock import ManualClock
from bot.config import Settings
from bot.delivery.email import EmailSink
from bot.delivery.scheduler import Scheduler
from bot.newsletter import commands
from bot.store import deliveries, newsletter, schedules
from bot.store.records import DeliveryStatus, WebhookTarget

TEN = datetime(2026, 3, 27, 10, 0, tzinfo=UTC)


@pytest.fixture
def clock():
    return ManualClock(datetime(2026, 3, 27, 9, 0, tzinfo=UTC))


@pytest.fixture
async def receiver(clock):
    async with serve_receiver(clock) as served:
        yield served


async def restart_and_tick(db, settings, clock):
    """A new process: settle unfinished claims, then one round; its own HTTP session, nothing in memory."""
    async with aiohttp.ClientSession() as session:
        scheduler = make_scheduler(db, settings, clock, session)
        await scheduler.resume_unfinished()
        await drive(clock, scheduler.tick())


# What makes the first attempt fail: five 5xx answers use up the tries inside one attempt (discord.py's own
# for Discord: 1+3+5+7+9 s of real time, hence slow; the hand-written ones for Slack, on the manual clock).
# A 429 from Discord's edge (no Via header) is not waited out by discord.py, so it fails the attempt at once.
FAILURES = [
    pytest.param(
        WebhookTarget.DISCORD, DISCORD_PATH, [(503, {}, "busy")] * 5, marks=pytest.mark.slow, id="discord-5xx"
    ),
    pytest.param(WebhookTarget.DISCORD, DISCORD_PATH, [(429, {}, "error code: 1015")], id="discord-edge-429"),
    pytest.param(WebhookTarget.SLACK, SLACK_PATH, [(503, {}, "busy")] * 5, id="slack-5xx"),
]


@pytest.mark.parametrize(("target", "path", "failures"), FAILURES)
async def test_a_webhook_failure_that_may_pass_is_retried_after_a_restart(db, clock, receiver, target, path, failures):
    if db.dialect == "postgresql" and target is WebhookTarget.DISCORD and failures[0][0] == 503:
        # 25 s of discord.py's own retry sleeps, the same on both backends; the store's part of a failed
        # attempt retried after a restart runs on PostgreSQL in the two other cases.
        pytest.skip("discord.py's 5xx retries are timed on SQLite only")
    rec, base = receiver
    settings = Settings()
    await store_stories(db, clock.now())
    schedule, _ = await schedules.set_webhook_schedule(
        db, target=target, url=base + path, time="10:00", timezone="UTC", topic=None, now=clock.now()
    )
    rec.script = list(failures)  # every try of the first attempt, then the service recovers
    clock.set(TEN)
    await restart_and_tick(db, settings, clock)

    failed = await deliveries.get_delivery(db, schedule.id, "2026-03-27")
    assert failed.status is DeliveryStatus.FAILED
    assert str(failures[0][0]) in failed.error
    assert failed.attempts == 1
    assert failed.next_attempt_at is not None
    assert timedelta(seconds=50) <= failed.next_attempt_at - TEN <= timedelta(minutes=2)
    tried = len(rec.received)

    # The process stops; a new one starts before the next attempt is due: it waits for it.
    clock.set(failed.next_attempt_at - timedelta(seconds=5))
    await restart_and_tick(db, settings, clock)
    assert len(rec.received) == tried
    clock.set(failed.next_attempt_at)
    await restart_and_tick(db, settings, clock)

    assert len(rec.received) == tried + 1
    assert rec.problems == []
    sent = await deliveries.get_delivery(db, schedule.id, "2026-03-27")
    assert (sent.status, sent.attempts, sent.next_attempt_at) == (DeliveryStatus.SENT, 2, None)
    assert (await schedules.get_webhook_schedule(db, schedule.id)).last_error is None
    clock.advance(3600)
    await restart_and_tick(db, settings, clock)
    assert len(rec.received) == tried + 1  # sent once, never again


async def test_a_retry_resumes_after_the_last_message_that_arrived(db, clock, receiver):
    rec, base = receiver
    settings = Settings()
    schedule = await big_slack_day(db, base)
    rec.script = [(200, {}, "ok")] + [(502, {}, "bad gateway")] * 5  # message 1 arrives, message 2 does not
    clock.set(TEN)
    await restart_and_tick(db, settings, clock)
    failed = await deliveries.get_delivery(db, schedule.id, "2026-03-27")
    assert failed.status is DeliveryStatus.FAILED
    assert failed.message_ids == ("1",)

    clock.set(failed.next_attempt_at)
    await restart_and_tick(db, settings, clock)

    sent = await deliveries.get_delivery(db, schedule.id, "2026-03-27")
    assert sent.status is DeliveryStatus.SENT
    payloads = [p for _, p, _ in rec.received]
    first, rest = payloads[0], payloads[6:]
    assert payloads.count(first) == 1  # the first message is never posted again
    assert len(sent.message_ids) == 1 + len(rest) >= 3
    assert rec.problems == []


async def test_retries_stop_after_the_last_attempt_or_the_grace(db, clock, receiver):
    rec, base = receiver
    settings = Settings()
    await store_stories(db, clock.now())
    schedule, _ = await schedules.set_webhook_schedule(
        db, target=WebhookTarget.SLACK, url=base + SLACK_PATH, time="10:00", timezone="UTC", topic=None, now=clock.now()
    )
    rec.script = [(500, {}, "down")] * 100
    clock.set(TEN)
    await restart_and_tick(db, settings, clock)
    for _ in range(6):
        row = await deliveries.get_delivery(db, schedule.id, "2026-03-27")
        if row.next_attempt_at is None:
            break
        clock.set(row.next_attempt_at)
        await restart_and_tick(db, settings, clock)
    row = await deliveries.get_delivery(db, schedule.id, "2026-03-27")
    assert (row.status, row.attempts, row.next_attempt_at) == (DeliveryStatus.FAILED, 4, None)
    assert len(rec.received) == 4 * 5  # four attempts of five tries each, then it is left for tomorrow


@pytest.fixture
def inbox():
    yield from running_inbox()


async def test_an_unreachable_mail_server_is_retried_after_a_restart(db, inbox):
    handler, port = inbox
    clock = ManualClock(datetime(2025, 10, 17, 9, 0, tzinfo=UTC))
    down = settings_for(free_port())  # nothing listens there
    await store_stories(db, clock.now() - timedelta(hours=1))
    added = await commands.add(db, down, clock, "reader@example.org", at="09:30", timezone="UTC")
    clock.set(datetime(2025, 10, 17, 9, 30, tzinfo=UTC))
    first = Scheduler(db, down, clock, [EmailSink(db, down)])
    await first.tick()
    [failed] = await newsletter.deliveries(db)
    assert failed.status is DeliveryStatus.FAILED
    assert "cannot connect" in failed.error
    assert failed.next_attempt_at is not None
    assert handler.messages == []

    up = settings_for(port)  # the mail server is back; a new process starts
    clock.set(failed.next_attempt_at)
    second = Scheduler(db, up, clock, [EmailSink(db, up)])
    await second.resume_unfinished()
    await second.tick()
    await second.tick()

    assert [m["To"] for m in handler.messages] == [added.recipient.address]
    [sent] = await newsletter.deliveries(db)
    assert (sent.status, sent.attempts, sent.message_ids) == (
        DeliveryStatus.SENT,
        2,
        (handler.messages[0]["Message-ID"],),
    )


async def test_a_mail_claim_left_sending_is_never_mailed_twice_but_one_never_sent_is(db, inbox):
    handler, port = inbox
    settings = settings_for(port)
    clock = ManualClock(datetime(2025, 10, 17, 9, 0, tzinfo=UTC))
    await store_stories(db, clock.now() - timedelta(hours=1))
    one = (await commands.add(db, settings, clock, "one@example.org", at="09:30", timezone="UTC")).recipient
    two = (await commands.add(db, settings, clock, "two@example.org", at="09:30", timezone="UTC")).recipient
    clock.set(datetime(2025, 10, 17, 9, 30, tzinfo=UTC))
    # A process stopped after claiming both: one while handing its message to the server, one before.
    _, sending = await commands.claim_edition(db, one, "2025-10-17", clock.now())
    await deliveries.mark_sending(db, sending.id)
    await commands.claim_edition(db, two, "2025-10-17", clock.now())

    clock.advance(120)
    scheduler = Scheduler(db, settings, clock, [EmailSink(db, settings)])
    await scheduler.resume_unfinished()
    await scheduler.tick()

    assert [m["To"] for m in handler.messages] == ["two@example.org"]
    rows = {d.target.id: d for d in await newsletter.deliveries(db)}
    assert rows[one.id].status is DeliveryStatus.SKIPPED
    assert "not resent" in rows[one.id].error
    assert rows[two.id].status is DeliveryStatus.SENT
