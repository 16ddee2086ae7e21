"""The newsletter on schedule: the delivery core `newsdigest run` runs mails each recipient once, at its local time."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta

import pytest
from newsletter_support import running_inbox, settings_for, store_stories

from bot.config import Settings
from bot.delivery.email import EmailSink
from bot.delivery.scheduler import Scheduler
from bot.newsletter import commands
from bot.store import newsletter as store


def newsletter_loop(db, settings, clock):
    return Scheduler(db, settings, clock, [EmailSink(db, settings)])


@pytest.fixture
def mailbox():
    yield from running_inbox()


async def wait_for(predicate, task):
    async def poll():
        while not predicate():
            if task.done():
                task.result()
            await asyncio.sleep(0.005)

    await asyncio.wait_for(poll(), 5)


async def test_each_recipient_gets_one_edition_at_its_local_time(db, clock, mailbox):
    handler, port = mailbox
    settings = settings_for(port)
    await store_stories(db, clock.now() - timedelta(hours=1))
    # The clock starts at 09:00 UTC on 17 October 2025: 11:00 in Berlin (CEST), 05:00 in New York.
    await commands.add(db, settings, clock, "berlin@example.org", at="11:30", timezone="Europe/Berlin")
    await commands.add(db, settings, clock, "newyork@example.org", at="07:00", timezone="America/New_York")
    await commands.add(db, settings, clock, "manual@example.org")
    loop = newsletter_loop(db, settings, clock)
    task = asyncio.create_task(loop.run())

    async def step(when):
        target = loop.rounds + 1
        clock.set(when)
        await wait_for(lambda: loop.rounds >= target and clock.sleepers >= 1, task)

    try:
        await wait_for(lambda: loop.rounds >= 1 and clock.sleepers >= 1, task)
        assert handler.messages == []
        await step(datetime(2025, 10, 17, 9, 29, tzinfo=UTC))
        assert handler.messages == []
        await step(datetime(2025, 10, 17, 9, 31, tzinfo=UTC))
        assert [m["To"] for m in handler.messages] == ["berlin@example.org"]
        for minute in range(33, 40, 2):
            await step(datetime(2025, 10, 17, 9, minute, tzinfo=UTC))
        assert len(handler.messages) == 1
        await step(datetime(2025, 10, 17, 11, 0, tzinfo=UTC))  # 07:00 in New York
        await step(datetime(2025, 10, 17, 11, 2, tzinfo=UTC))
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)

    assert sorted(m["To"] for m in handler.messages) == ["berlin@example.org", "newyork@example.org"]
    recorded = {(d.slot, d.status.value) for d in await store.deliveries(db)}
    assert recorded == {("2025-10-17", "sent")}
    assert len(await store.deliveries(db)) == 2


async def test_without_smtp_host_it_says_so_once_and_stops(db, clock, caplog):
    settings = Settings(smtp_from="news@digest.example")
    await commands.add(db, settings, clock, "reader@example.org", at="07:00", timezone="UTC")

    with caplog.at_level(logging.INFO, logger="bot"):
        await asyncio.wait_for(newsletter_loop(db, settings, clock).run(), 2)

    lines = [r.getMessage() for r in caplog.records if "SMTP_HOST" in r.getMessage()]
    assert lines == ["1 newsletter recipient(s) have a daily time, but SMTP_HOST is not set: no newsletter is sent"]
    assert await store.deliveries(db) == []


async def test_without_recipients_and_smtp_it_stops_quietly(db, clock, caplog):
    with caplog.at_level(logging.INFO, logger="bot"):
        await asyncio.wait_for(newsletter_loop(db, Settings(), clock).run(), 2)
    assert "SMTP_HOST" not in caplog.text
