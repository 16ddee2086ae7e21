"""A live owner stalled past its lease with its post on the way, and the process that took the claim over.

The hole the leases cannot close alone (``bot.delivery.send``): process A claims the 10:00 post and sends its
message; before the POST reaches Discord, A stalls (CPU starved, a paused VM) for longer than DELIVERY_LEASE, so
it renews nothing. The bot (process B) finds the claim's lease run out, takes it over, reads the channel (the
message is not there yet) and posts it. Then A's POST arrives. Both carry the nonce of the delivery and place
(``bot.delivery.channel.message_nonce``) with ``enforce_nonce``, so Discord, as the emulator does after its
documentation, answers A with B's message instead of creating a second: the channel holds the digest once.

Deterministic: A's POST is held by the emulator (``hold_post``) and time is the manual clock; no CPU load.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import discord
import pytest

from bot.chat.poster import Poster
from bot.delivery.channel import ChannelSink
from bot.delivery.owner import Owner
from bot.delivery.send import send_claimed
from bot.digest.select import build_digest
from bot.models import Article
from bot.store import deliveries, schedules
from bot.store.db import Database
from bot.store.records import DeliveryStatus, TargetRef, TargetTable

AT_10 = datetime(2026, 3, 28, 10, 0, tzinfo=UTC)
SLOT = "2026-03-28"


def posts_to(emu, channel: str) -> list:
    return [r for r in emu.requests if r.method == "POST" and r.path.endswith(f"/channels/{channel}/messages")]


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
async def test_a_stalled_owner_and_the_process_that_took_its_claim_over_post_the_digest_once(harness, clock):
    emu = harness.emu
    await harness.set_schedule("10:00", "UTC")
    clock.set(AT_10 - timedelta(hours=1))
    await harness.add_articles(Article(title="Harbour ferry timetable changes", body=("From Monday.",)))
    clock.set(AT_10)
    lease = harness.settings.delivery_lease
    db = await Database.open(harness.settings.database)  # process A's own connection
    try:
        stalled = Owner(db, clock, lease, "host-a:1:stalled")
        schedule = await schedules.get_schedule(db, int(harness.channel))
        assert schedule is not None
        ref = TargetRef(TargetTable.SCHEDULE, schedule.id)
        window = harness.settings.digest_window
        row = await deliveries.claim(
            db,
            sink="discord",
            target=ref,
            channel_id=schedule.channel_id,
            slot=SLOT,
            since=AT_10 - window,
            until=AT_10,
            now=AT_10,
            lease=stalled.lease(),
        )
        assert row is not None
        bot = await harness.start()  # process B: its claim is A's while A's lease runs
        await harness.idle()
        assert emu.channel_posts(harness.channel) == []
        # A is another process: its own discord.py client (its own connections and route buckets).
        client = discord.Client(intents=discord.Intents.none())
        await client.login(emu.token)
        ready = asyncio.Event()
        ready.set()
        sink = ChannelSink(db, Poster(client), bot.services.renderer, ready)
        target = await sink.target(ref)
        assert target is not None
        digest = await build_digest(db, AT_10 - window, AT_10, filters=target.digest_filter)
        messages = sink.render(digest, target)
        assert len(messages) == 1

        async def send_as_a() -> object:
            with stalled.flying(row.id):
                return await send_claimed(db, clock, sink, target, row, messages, owner=stalled)

        held = emu.hold_post = asyncio.Event()
        a_sends = asyncio.create_task(send_as_a())
        await emu.wait_for(lambda: emu.hold_post is None)  # A's POST is on its way; A renews nothing from now
        await harness.advance_to(AT_10 + lease + timedelta(seconds=1))
        # B took the claim over (A's lease ran out), found nothing in the channel, and posted the digest.
        taken = await deliveries.get(db, row.id)
        assert taken is not None
        assert taken.status is DeliveryStatus.SENT
        assert taken.lease is not None
        assert taken.lease.worker == bot.scheduler.owner.worker
        assert len(emu.channel_posts(harness.channel)) == 1
        held.set()  # A wakes up and its POST reaches Discord
        assert await asyncio.wait_for(a_sends, 5) is None
        after = await deliveries.get(db, row.id)
        await client.close()
    finally:
        await db.close()
    sent = posts_to(emu, harness.channel)
    assert len(sent) == 2  # both processes sent it ...
    assert len(emu.channel_posts(harness.channel)) == 1  # ... and Discord created it once:
    nonces = {(r.body["nonce"], r.body["enforce_nonce"]) for r in sent}
    assert len(nonces) == 1  # the same message (nonce) ...
    assert next(iter(nonces))[1] is True  # ... which Discord enforces
    assert after is not None
    assert after.status is DeliveryStatus.SENT
    assert after.message_ids == (emu.channel_posts(harness.channel)[0]["id"],)
    assert await harness.deliveries() == [(SLOT, "sent", None)]
