import asyncio
from datetime import UTC, datetime, timedelta

from bot.store import deliveries, schedules
from bot.store.records import DeliveryStatus, TargetRef, TargetTable

T0 = datetime(2026, 3, 28, 10, 0, tzinfo=UTC)


async def _schedule(db, channel=111):
    return await schedules.set_schedule(
        db, channel_id=channel, guild_id=5, time="07:30", timezone="Europe/Berlin", topic=None, now=T0
    )


def ref(schedule):
    return TargetRef(TargetTable.SCHEDULE, schedule.id)


async def test_a_slot_is_claimed_once_even_by_racing_claimers(db):
    sched = await _schedule(db)
    claims = await asyncio.gather(
        *(
            deliveries.claim(
                db, sink="discord", target=ref(sched), channel_id=111, slot="2026-03-28", since=T0, until=T0, now=T0
            )
            for _ in range(5)
        )
    )
    won = [c for c in claims if c is not None]
    assert len(won) == 1
    assert won[0].status is DeliveryStatus.CLAIMED
    assert [d.id for d in await deliveries.unfinished(db, "discord")] == [won[0].id]


async def test_delivery_lifecycle_and_window_continuation(db):
    sched = await _schedule(db)
    first = await deliveries.claim(
        db, sink="discord", target=ref(sched), channel_id=111, slot="d1", since=T0 - timedelta(days=1), until=T0, now=T0
    )
    assert first is not None
    await deliveries.mark_failed(db, first.id, now=T0, error="Discord answered 503")
    assert (await deliveries.get_delivery(db, sched.id, "d1")).status is DeliveryStatus.FAILED
    assert await deliveries.reclaim(db, first.id, now=T0)
    assert not await deliveries.reclaim(db, first.id, now=T0)  # only a failed row can be reclaimed
    await deliveries.mark_sent(db, first.id, now=T0, message_ids=[1, 2])
    assert await deliveries.last_window_end(db, ref(sched)) == T0
    last = await deliveries.last_delivery(db, sched.id)
    assert last.status is DeliveryStatus.SENT
    assert last.error is None
    assert await deliveries.unfinished(db, "discord") == []


async def test_skipped_rows_are_decided_too(db):
    sched = await _schedule(db)
    skipped = await deliveries.claim(
        db,
        sink="discord",
        target=ref(sched),
        channel_id=111,
        slot="d1",
        since=T0,
        until=T0,
        now=T0,
        status=DeliveryStatus.SKIPPED,
        error="too late",
    )
    assert skipped.finished_at == T0
    again = await deliveries.claim(
        db, sink="discord", target=ref(sched), channel_id=111, slot="d1", since=T0, until=T0, now=T0
    )
    assert again is None


async def test_channel_state_only_moves_forward(db):
    assert await deliveries.last_digest_at(db, 7) is None
    await deliveries.set_last_digest_at(db, 7, T0)
    await deliveries.set_last_digest_at(db, 7, T0 - timedelta(hours=1))
    assert await deliveries.last_digest_at(db, 7) == T0


async def test_schedule_set_replaces_and_off_disables(db):
    first = await _schedule(db)
    later = T0 + timedelta(hours=1)
    second = await schedules.set_schedule(
        db, channel_id=111, guild_id=5, time="08:00", timezone="UTC", topic="rail", now=later
    )
    assert second.id == first.id
    assert (second.time, second.timezone, second.topic, second.created_at) == ("08:00", "UTC", "rail", later)
    await schedules.set_last_error(db, second.id, "boom")
    assert (await schedules.get_schedule(db, 111)).last_error == "boom"
    assert await schedules.disable_schedule(db, 111)
    assert not await schedules.disable_schedule(db, 111)
    assert await schedules.list_schedules(db, enabled_only=True) == []
    assert len(await schedules.list_schedules(db, guild_id=5)) == 1
    again = await _schedule(db)
    assert again.enabled
    assert again.last_error is None


async def test_a_reclaimed_row_starts_again_from_what_arrived(db):
    sched = await _schedule(db)
    first = await deliveries.claim(db, sink="discord", target=ref(sched), channel_id=111, slot="d1", now=T0)
    await deliveries.mark_sending(db, first.id)
    await deliveries.add_message_id(db, first.id, "901")
    await deliveries.mark_failed(db, first.id, now=T0, error="Discord answered 503", retry_at=T0 + timedelta(minutes=1))
    assert await deliveries.due_retries(db, "discord", T0) == []
    assert [d.id for d in await deliveries.due_retries(db, "discord", T0 + timedelta(minutes=1))] == [first.id]
    assert await deliveries.next_retry_at(db, "discord") == T0 + timedelta(minutes=1)
    assert await deliveries.reclaim(db, first.id, now=T0 + timedelta(minutes=1))
    again = await deliveries.get(db, first.id)
    assert (again.status, again.attempts, again.sending, again.message_ids, again.next_attempt_at) == (
        DeliveryStatus.CLAIMED,
        2,
        False,
        ("901",),
        None,
    )
    assert await deliveries.next_retry_at(db, "discord") is None
