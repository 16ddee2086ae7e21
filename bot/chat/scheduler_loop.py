"""The morning-post loop: decide, claim, render and post each schedule's daily digest exactly once.

Restart rule (a row still CLAIMED at start: the last process stopped between claim and send): the
channel's messages since the claim are read; if this bot posted a plain message there since then, the
post went out and the row becomes SENT; otherwise nothing reached Discord and the post is sent now, once,
if the slot is still within CATCHUP_GRACE (else it is skipped with a log line, like any missed slot).
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.chat.context import Services
from bot.chat.poster import Poster, PostError
from bot.errors import NewsdigestError
from bot.models import Delivery, DeliveryStatus, Schedule
from bot.scheduling import CatchUp, catch_up, latest_slot, next_slot
from bot.slotclaim import claim_due
from bot.store import deliveries, schedules

log = logging.getLogger(__name__)

MAX_RETRIES = 3


class DigestScheduler:
    """Runs in the bot's process; survives any exception in one round and logs it."""

    def __init__(self, services: Services, poster: Poster, *, tick: float = 60.0) -> None:
        self.services = services
        self.poster = poster
        self.tick_seconds = tick
        self._retries: dict[int, int] = {}
        self._retryable: set[int] = set()
        self.rounds = 0

    async def run(self, ready: asyncio.Event | None = None) -> None:
        """Resolve unfinished claims, then post due slots until cancelled."""
        if ready is not None:
            await ready.wait()
        try:
            await self.resume_unfinished()
        except Exception:
            log.exception("could not resolve posts left unfinished by the last run")
        while True:
            try:
                await self.tick()
            except Exception:
                log.exception("scheduler round failed; trying again next round")
            self.rounds += 1
            await self.services.clock.sleep(await self._pause())

    async def _pause(self) -> float:
        now = self.services.clock.now()
        wait = self.tick_seconds
        for schedule in await schedules.list_schedules(self.services.db, enabled_only=True):
            due = next_slot(schedule.time, ZoneInfo(schedule.timezone), now).at
            wait = min(wait, (due - now).total_seconds())
        return max(0.0, wait)

    async def next_post_at(self, *, guild_id: int | None = None) -> tuple[Schedule, datetime] | None:
        """Return the next scheduled post (of one server, if given) and when it is due."""
        now = self.services.clock.now()
        found: tuple[Schedule, datetime] | None = None
        for schedule in await schedules.list_schedules(self.services.db, guild_id=guild_id, enabled_only=True):
            due = next_slot(schedule.time, ZoneInfo(schedule.timezone), now).at
            if found is None or due < found[1]:
                found = (schedule, due)
        return found

    async def tick(self) -> None:
        """Consider every enabled schedule once."""
        now = self.services.clock.now()
        for schedule in await schedules.list_schedules(self.services.db, enabled_only=True):
            try:
                await self._consider(schedule, now)
            except Exception:
                log.exception("schedule %s (channel %s) failed this round", schedule.id, schedule.channel_id)

    async def _consider(self, schedule: Schedule, now: datetime) -> None:
        slot = latest_slot(schedule.time, ZoneInfo(schedule.timezone), now)
        if slot.at < schedule.created_at:
            return
        db = self.services.db
        existing = await deliveries.get_delivery(db, schedule.id, slot.id)
        grace = self.services.settings.catchup_grace
        if existing is None:
            claimed = await claim_due(
                db,
                schedule_id=schedule.id,
                channel_id=schedule.channel_id,
                slot=slot,
                now=now,
                window=self.services.settings.digest_window,
                grace=grace,
                what=f"schedule {schedule.id} for channel {schedule.channel_id}",
            )
            if claimed is not None:
                await self.deliver(schedule, claimed)
            return
        if (
            existing.status is DeliveryStatus.FAILED
            and existing.id in self._retryable
            and self._retries.get(existing.id, 0) < MAX_RETRIES
            and catch_up(slot, now, grace) is CatchUp.POST
            and await deliveries.reclaim(db, existing.id, now=now)
        ):
            self._retries[existing.id] = self._retries.get(existing.id, 0) + 1
            log.info(
                "retrying the %s post of schedule %s (attempt %s)", slot.id, schedule.id, self._retries[existing.id] + 1
            )
            await self.deliver(schedule, existing)

    async def resume_unfinished(self) -> None:
        """Settle the rows a previous process claimed but never finished (see the module rule)."""
        db = self.services.db
        now = self.services.clock.now()
        for delivery in await deliveries.unfinished(db):
            schedule = await schedules.get_schedule(db, delivery.channel_id) if delivery.channel_id else None
            if schedule is None or schedule.id != delivery.schedule_id or not schedule.enabled:
                await deliveries.mark_skipped(db, delivery.id, now=now, reason="schedule turned off before posting")
                continue
            try:
                posted = await self.poster.own_posts_since(schedule.channel_id, delivery.claimed_at)
            except PostError as exc:
                log.warning("cannot check channel %s for an unfinished post (%s); posting it", schedule.channel_id, exc)
                posted = []
            if posted:
                log.info("the %s post of schedule %s had gone out before the restart", delivery.slot, schedule.id)
                await deliveries.mark_sent(db, delivery.id, now=now, message_ids=posted)
                continue
            if now - delivery.claimed_at > self.services.settings.catchup_grace:
                log.warning(
                    "skipping the unfinished %s post of schedule %s: beyond the catch-up grace",
                    delivery.slot,
                    schedule.id,
                )
                await deliveries.mark_skipped(
                    db, delivery.id, now=now, reason="unfinished before a restart, too late to post"
                )
                continue
            log.info("posting the %s post of schedule %s, interrupted by a restart", delivery.slot, schedule.id)
            await self.deliver(schedule, delivery)

    async def deliver(self, schedule: Schedule, delivery: Delivery) -> bool:
        """Render and post a claimed delivery; record the outcome; return whether it was sent."""
        services = self.services
        db = services.db
        since = delivery.since or delivery.claimed_at - services.settings.digest_window
        until = delivery.until or delivery.claimed_at
        try:
            digest = await services.digest(since, until, topic=schedule.topic)
            # An empty digest renders as one short "Nothing new since ..." line.
            messages = (
                services.renderer.discord_messages(digest)
                if digest.items or services.settings.post_empty_digest
                else []
            )
        except NewsdigestError as exc:
            # A locked database or a broken user template: record it (shown in /schedule show), try again later.
            await self._failed(schedule, delivery, PostError(f"could not build the digest: {exc}", retry=True))
            return False
        if not messages:
            log.info("nothing new for channel %s in the %s post; posting nothing", schedule.channel_id, delivery.slot)
            await deliveries.mark_skipped(db, delivery.id, now=services.clock.now(), reason="nothing new")
            return False
        try:
            ids = await self.poster.send(schedule.channel_id, messages)
        except PostError as exc:
            await self._failed(schedule, delivery, exc)
            return False
        await deliveries.mark_sent(db, delivery.id, now=services.clock.now(), message_ids=ids)
        await schedules.set_last_error(db, schedule.id, None)
        await deliveries.set_last_digest_at(db, schedule.channel_id, until)
        self._retryable.discard(delivery.id)
        return True

    async def _failed(self, schedule: Schedule, delivery: Delivery, exc: PostError) -> None:
        log.warning("the %s post to channel %s failed: %s", delivery.slot, schedule.channel_id, exc)
        db, now = self.services.db, self.services.clock.now()
        await deliveries.mark_failed(db, delivery.id, now=now, error=str(exc))
        await schedules.set_last_error(db, schedule.id, f"{delivery.slot}: {exc}")
        if exc.retry:
            self._retryable.add(delivery.id)
