"""Claims carry their owner (issue 14): two schedulers (two processes, two connections) posting the same webhook
schedules, both backends. A live owner's claim, renewed while it sends, is never settled by another process; a
dead owner's is taken over once its lease runs out, by one process, and settled by the sink's verdict; a worker
whose claim was taken over sends nothing more of it.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import aiohttp
import pytest
from webhook_receiver import SLACK_PATH, serve_receiver

from bot.clock import ManualClock
from bot.config import Settings
from bot.delivery.discord_webhook import DiscordWebhookSink
from bot.delivery.scheduler import Scheduler
from bot.delivery.send import send_claimed
from bot.delivery.slack import SlackSink
from bot.delivery.webhook import INTERRUPTED
from bot.digest.render import Renderer
from bot.models import Article, SourceKind
from bot.store import articles as repo
from bot.store import deliveries, delivery_leases, schedules
from bot.store.db import Database
from bot.store.records import DeliveryStatus, Lease, TargetRef, TargetTable
from bot.webhooks.urls import WebhookTarget

START = datetime(2026, 3, 27, 6, 0, tzinfo=UTC)  # 07:00 in Berlin
AT_0730 = datetime(2026, 3, 27, 6, 30, tzinfo=UTC)
LEASE = timedelta(seconds=60)
SETTINGS = Settings(delivery_lease=LEASE)


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


async def second_connection(db: Database) -> Database:
    """Another process's view of the same database: its own connection(s)."""
    return await Database.open(getattr(db, "url", None) or db.path)


def scheduler(db, clock, session, worker: str) -> Scheduler:
    sinks = [
        DiscordWebhookSink(db, clock, session, Renderer(), allow_loopback=True),
        SlackSink(db, clock, session, allow_loopback=True),
    ]
    return Scheduler(db, SETTINGS, clock, sinks, worker=worker)


async def slack_schedule(db, base: str):
    schedule, _ = await schedules.set_webhook_schedule(
        db,
        target=WebhookTarget.SLACK,
        url=base + SLACK_PATH,
        time="07:30",
        timezone="Europe/Berlin",
        topic=None,
        now=START,
    )
    source = await repo.get_or_create_source(db, SourceKind.FEED, "Wire", "https://wire.example/feed", START)
    article = Article(title="Ferry timetable changes", body=("The ferry timetable changes on Monday.",))
    await repo.add_article(db, source, article, START)
    return schedule


async def until(condition, what: str, within: float = 5.0) -> None:
    deadline = asyncio.get_running_loop().time() + within
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, what
        await asyncio.sleep(0.01)


async def test_a_live_owners_claim_is_never_settled_by_another_process(db, clock, receiver, session):
    rec, base = receiver
    schedule = await slack_schedule(db, base)
    other = await second_connection(db)
    try:
        rec.gate = asyncio.Event()  # the Slack answer waits: A is in the middle of sending
        a, b = scheduler(db, clock, session, "host-a:1:aaaa"), scheduler(other, clock, session, "host-b:2:bbbb")
        clock.set(AT_0730)
        sending = asyncio.create_task(a.tick())
        await until(lambda: len(rec.received) == 1, "A's post reached Slack")
        # B starts now, and again later: A's claim is A's, while A renews it.
        for later in (0, 40, 80, 120):
            clock.set(AT_0730 + timedelta(seconds=later))
            await a.owner.renew()  # A's heartbeat (every third of the lease in a real run)
            await b.resume_unfinished()
            await b.tick()
            row = await deliveries.get_for(other, TargetRef(TargetTable.SCHEDULE, schedule.id), "2026-03-27")
            assert row is not None
            assert row.status is DeliveryStatus.CLAIMED
            assert row.sending
            assert row.lease == Lease("host-a:1:aaaa", clock.now() + LEASE)
        rec.gate.set()
        await sending
    finally:
        await other.close()
    assert len(rec.received) == 1
    row = await deliveries.get_for(db, TargetRef(TargetTable.SCHEDULE, schedule.id), "2026-03-27")
    assert row is not None
    assert (row.status, row.lease.worker if row.lease else None) == (DeliveryStatus.SENT, "host-a:1:aaaa")


@pytest.mark.parametrize(("sending", "posted", "status"), [(False, 1, DeliveryStatus.SENT), (True, 0, "skipped")])
async def test_a_dead_owners_claim_is_settled_by_one_process_once_its_lease_runs_out(
    db, clock, receiver, session, sending, posted, status
):
    rec, base = receiver
    schedule = await slack_schedule(db, base)
    clock.set(AT_0730)
    dead = Lease("host-a:4242:dead", AT_0730 + LEASE)  # a process killed right after claiming (or mid-send)
    row = await deliveries.claim(
        db,
        sink="slack-webhook",
        target=TargetRef(TargetTable.SCHEDULE, schedule.id),
        slot="2026-03-27",
        now=AT_0730,
        since=AT_0730 - timedelta(hours=24),
        until=AT_0730,
        lease=dead,
    )
    assert row is not None
    if sending:
        await deliveries.mark_sending(db, row.id)
    other = await second_connection(db)
    try:
        b, c = scheduler(db, clock, session, "host-b:2:bbbb"), scheduler(other, clock, session, "host-c:3:cccc")
        clock.set(AT_0730 + LEASE - timedelta(seconds=1))
        await b.resume_unfinished()
        assert (await deliveries.get(db, row.id)).status is DeliveryStatus.CLAIMED  # not yet: it may be alive
        assert rec.received == []
        started = clock.now()
        assert await b._pause(started) <= 1.2  # B wakes when that lease runs out
        # A lease that runs out while B's round still runs (after its settling): B's next round starts at once,
        # not a whole tick later.
        clock.set(AT_0730 + LEASE)
        assert await b._pause(started) < 0.2
        assert await b._pause(clock.now()) > 1.2  # a round begun after it does not wake for it again (no spin)
        clock.set(AT_0730 + LEASE)
        await asyncio.gather(b.resume_unfinished(), c.resume_unfinished())  # two processes find it at once
        await b.tick()
        await c.tick()
    finally:
        await other.close()
    assert len(rec.received) == posted
    after = await deliveries.get(db, row.id)
    assert after is not None
    assert after.status == status
    assert after.lease is not None
    assert after.lease.worker in {"host-b:2:bbbb", "host-c:3:cccc"}
    if sending:
        assert after.error == INTERRUPTED


async def test_an_abandoned_claim_is_taken_over_by_exactly_one_of_many(db, clock, receiver):
    _, base = receiver
    schedule = await slack_schedule(db, base)
    ref = TargetRef(TargetTable.SCHEDULE, schedule.id)
    row = await deliveries.claim(
        db, sink="slack-webhook", target=ref, slot="d", now=START, lease=Lease("gone:1:x", START + LEASE)
    )
    assert row is not None
    others = [await second_connection(db) for _ in range(3)]
    try:
        later = START + LEASE
        won = await asyncio.gather(
            *(
                delivery_leases.take_over(o, row.id, now=later, lease=Lease(f"w{n}", later + LEASE))
                for n, o in enumerate(others)
            )
        )
    finally:
        for o in others:
            await o.close()
    assert sorted(won) == [False, False, True]
    assert [d.id for d in await delivery_leases.abandoned(db, "slack-webhook", later)] == []
    assert [d.id for d in await delivery_leases.abandoned(db, "slack-webhook", later + LEASE)] == [row.id]


async def test_a_worker_whose_claim_was_taken_over_sends_nothing_more_of_it(db, clock, receiver, session):
    rec, base = receiver
    await slack_schedule(db, base)
    a, b = scheduler(db, clock, session, "host-a:1:aaaa"), scheduler(db, clock, session, "host-b:2:bbbb")
    sink = a.sinks[1]
    target = (await sink.targets())[0]
    row = await deliveries.claim(
        db, sink=sink.name, target=target.ref, slot="2026-03-27", now=AT_0730, until=AT_0730, lease=a.owner.lease()
    )
    assert row is not None
    # A is cut off longer than its lease (no renewal reached the database); B takes the claim over.
    clock.set(AT_0730 + LEASE)
    assert await delivery_leases.take_over(db, row.id, now=clock.now(), lease=b.owner.lease())
    with a.owner.flying(row.id):
        await a.owner.renew()
        assert a.owner.lost(row.id)
        outcome = await send_claimed(db, clock, sink, target, row, ["a message"], owner=a.owner)
    assert outcome is None
    assert rec.received == []
    again = await deliveries.get(db, row.id)
    assert again is not None
    assert (again.status, again.sending, again.lease.worker if again.lease else None) == (
        DeliveryStatus.CLAIMED,
        False,
        "host-b:2:bbbb",
    )
