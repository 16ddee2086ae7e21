"""Two schedulers on one database, each owning one shard's servers: each target is claimed, posted, retried
and settled by its owner only, and a process never spins on another's due retry.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from bot.clock import ManualClock
from bot.config import Settings
from bot.delivery.channel import channel_target
from bot.delivery.scheduler import Scheduler
from bot.delivery.shards import Shards
from bot.delivery.sink import Resolution, SendError, Target, Verdict
from bot.models import Digest
from bot.store import deliveries, schedules
from bot.store.db import Database
from bot.store.records import ChannelSchedule, Delivery, TargetRef

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def guild_on(shard: int, n: int) -> int:
    return ((214_576_000_000 + 2 * n + shard) << 22) | 7


class RecordingSink:
    """Channel schedules as targets; sends are recorded as (process, channel); ``failing`` channels fail once."""

    name = "channel"

    def __init__(self, db: Database, process: str, sent: list[tuple[str, int]], failing: set[int]) -> None:
        self.db, self.process, self.posted, self.failing = db, process, sent, failing

    async def ready(self) -> bool:
        return True

    async def targets(self) -> list[Target]:
        return [channel_target(s) for s in await schedules.list_schedules(self.db, enabled_only=True)]

    async def target(self, ref: TargetRef) -> Target | None:
        found = await schedules.get_any_schedule(self.db, ref.id)
        return channel_target(found) if isinstance(found, ChannelSchedule) else None

    def render(self, digest: Digest, target: Target) -> Sequence[object]:
        return ["the digest"]

    async def send(self, target: Target, message: object, *, key: str | None = None) -> str:
        assert target.channel_id is not None
        if target.channel_id in self.failing:
            self.failing.discard(target.channel_id)
            raise SendError("Discord answered 503", retry=True)
        self.posted.append((self.process, target.channel_id))
        return str(len(self.posted))

    async def resolve(self, target: Target, delivery: Delivery) -> Resolution:
        return Resolution(Verdict.RESEND)

    async def note(self, target: Target, problem: str | None) -> None:
        await schedules.set_last_error(self.db, target.ref.id, problem)

    async def sent(self, target: Target, delivery: Delivery) -> None:
        return None

    async def end_round(self) -> None:
        return None


async def build(_db, since, until, *, filters=None, topic=None, limit=None) -> Digest:
    return Digest(since=since, until=until, items=())


async def test_each_target_is_claimed_posted_retried_and_settled_by_its_shards_process(tmp_path):
    clock = ManualClock(START - timedelta(minutes=5))
    path = tmp_path / "bot.db"
    setup = await Database.open(path)
    channels = {}
    for n in range(3):
        for shard in (0, 1):
            guild = guild_on(shard, n)
            channels[guild + 1] = shard
            await schedules.set_schedule(
                setup, channel_id=guild + 1, guild_id=guild, time="09:00", timezone="UTC", topic=None, now=clock.now()
            )
    await setup.close()
    clock.set(START)
    failing = {next(c for c, s in channels.items() if s == 0)}
    fails_once = set(failing)
    sent: list[tuple[str, int]] = []
    settings = Settings(post_empty_digest=True)
    dbs = [await Database.open(path), await Database.open(path)]
    try:
        a, b = (
            Scheduler(db, settings, clock, [RecordingSink(db, name, sent, failing)], digest_builder=build, owns=own)
            for db, name, own in zip(dbs, "AB", (Shards(2, (0,)).owns, Shards(2, (1,)).owns), strict=True)
        )
        await b.tick()
        await a.tick()
        assert sorted(sent) == sorted(("A" if s == 0 else "B", c) for c, s in channels.items() if c not in fails_once)
        # A's failed post is due again at 09:01: B neither takes it nor wakes up for it over and over.
        clock.advance(90)
        assert await b._pause(clock.now()) > 0
        await b.tick()
        assert len(sent) == 5
        await a.tick()
        assert sorted(sent) == sorted(("A" if s == 0 else "B", c) for c, s in channels.items())
        # A claim left unfinished is settled by its owner only, however many processes start.
        foreign = next(c for c, s in channels.items() if s == 0)
        schedule = next(s for s in await schedules.list_schedules(dbs[0]) if s.channel_id == foreign)
        row = await deliveries.claim(
            dbs[0], sink="channel", target=channel_target(schedule).ref, slot="2026-03-03", now=clock.now()
        )
        assert row is not None
        await b.resume_unfinished()
        again = await deliveries.get(dbs[0], row.id)
        assert again is not None
        assert again.status == row.status
        await a.resume_unfinished()
        assert sent[-1] == ("A", foreign)
    finally:
        for db in dbs:
            await db.close()
