"""Daily digests to Discord and Slack webhooks: decide, claim, render and post each slot exactly once.

The same rules as the Discord channel scheduler (``bot.chat.scheduler_loop``), on the same tables: a slot
is claimed in the transaction that decides it (``bot.slotclaim``), slot times come from
``bot.scheduling`` (IANA zones, DST gaps and overlaps), and a slot missed while the process was down is
posted on start if it is less than CATCHUP_GRACE late, else recorded as skipped.

Restart rule: a webhook cannot be read back, so just before its first request a claimed row is marked as
posting. A row left claimed but not posting never reached the service and is posted now (within the grace);
a row left posting may have partly arrived, so it is recorded as skipped with the reason, never posted twice.

Failures: 429 and 5xx are retried inside :func:`post_digest_to_webhook`; a post that still fails, or any
4xx (a deleted webhook answers 404), is recorded on the delivery and the schedule and not retried. A digest
that could not be built (nothing was sent) is tried again next round, a few times.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

import aiohttp

from bot.clock import Clock
from bot.config import Settings, find_zone
from bot.digest.render import DiscordMessage
from bot.digest.select import build_digest
from bot.errors import NewsdigestError
from bot.models import Delivery, DeliveryStatus, Digest
from bot.scheduling import latest_slot, next_slot
from bot.slotclaim import claim_due
from bot.store import deliveries, schedules
from bot.store.db import Database
from bot.webhooks.post import post_digest_to_webhook
from bot.webhooks.records import WebhookSchedule
from bot.webhooks.urls import WebhookError, WebhookTarget, mask_webhook_url

log = logging.getLogger(__name__)

MAX_BUILD_RETRIES = 3


class DigestBuilder(Protocol):
    """The signature of ``bot.digest.select.build_digest``."""

    async def __call__(self, db: Database, since: datetime, until: datetime, *, topic: str | None = None) -> Digest:
        """Return the digest of a window."""
        ...


class DiscordRenderer(Protocol):
    """The part of ``bot.digest.render.Renderer`` a Discord webhook needs."""

    def discord_messages(self, digest: Digest) -> list[DiscordMessage]:
        """Split a digest into messages within Discord's limits."""
        ...


class WebhookScheduler:
    """Posts every enabled webhook schedule's daily digest; survives any exception in one round and logs it."""

    def __init__(
        self,
        db: Database,
        settings: Settings,
        clock: Clock,
        *,
        session: aiohttp.ClientSession,
        renderer: DiscordRenderer,
        digest_builder: DigestBuilder = build_digest,
        allow_loopback: bool = False,
        tick: float = 60.0,
    ) -> None:
        self.db = db
        self.settings = settings
        self.clock = clock
        self.session = session
        self.renderer = renderer
        self.digest_builder = digest_builder
        self.allow_loopback = allow_loopback  # tests post to 127.0.0.1; real schedules are https only
        self.tick_seconds = tick
        self._build_failures: dict[int, int] = {}
        self.rounds = 0

    async def run(self) -> None:
        """Settle posts a previous process left unfinished, then post due slots until cancelled."""
        try:
            await self.resume_unfinished()
        except Exception:
            log.exception("could not resolve webhook posts left unfinished by the last run")
        while True:
            try:
                await self.tick()
            except Exception:
                log.exception("webhook scheduler round failed; trying again next round")
            self.rounds += 1
            await self.clock.sleep(await self._pause())

    async def _pause(self) -> float:
        now = self.clock.now()
        wait = self.tick_seconds
        for schedule in await schedules.list_webhook_schedules(self.db, enabled_only=True):
            zone = find_zone(schedule.timezone)
            if zone is None:
                continue  # reported by tick() for this schedule; it must not stop the others
            due = next_slot(schedule.time, zone, now).at
            wait = min(wait, (due - now).total_seconds())
        return max(0.0, wait)

    async def tick(self) -> None:
        """Consider every enabled webhook schedule once."""
        now = self.clock.now()
        for schedule in await schedules.list_webhook_schedules(self.db, enabled_only=True):
            try:
                await self._consider(schedule, now)
            except Exception:
                log.exception("webhook schedule %s (%s) failed this round", schedule.id, _where(schedule))

    async def _consider(self, schedule: WebhookSchedule, now: datetime) -> None:
        slot = latest_slot(schedule.time, ZoneInfo(schedule.timezone), now)
        if slot.at < schedule.created_at:
            return  # a schedule only owes the slots that come after it was set
        existing = await deliveries.get_delivery(self.db, schedule.id, slot.id)
        if existing is not None:
            await self._maybe_retry_build(schedule, existing, now, slot_late=now - slot.at)
            return
        claimed = await claim_due(
            self.db,
            schedule_id=schedule.id,
            channel_id=None,
            slot=slot,
            now=now,
            window=self.settings.digest_window,
            grace=self.settings.catchup_grace,
            what=f"webhook schedule {schedule.id}",
        )
        if claimed is not None:
            await self.deliver(schedule, claimed)

    async def _maybe_retry_build(
        self, schedule: WebhookSchedule, existing: Delivery, now: datetime, *, slot_late: timedelta
    ) -> None:
        """Try again a post whose digest could not be built: nothing reached the service, so no duplicate."""
        if (
            existing.status is not DeliveryStatus.FAILED
            or existing.id not in self._build_failures
            or self._build_failures[existing.id] > MAX_BUILD_RETRIES
            or slot_late > self.settings.catchup_grace
            or await deliveries.posting_started(self.db, existing.id)
            or not await deliveries.reclaim(self.db, existing.id, now=now)
        ):
            return
        log.info("retrying the %s post of webhook schedule %s", existing.slot, schedule.id)
        await self.deliver(schedule, existing)

    async def resume_unfinished(self) -> None:
        """Settle the webhook rows a previous process claimed but never finished (see the module rule)."""
        now = self.clock.now()
        for delivery in await deliveries.unfinished(self.db, webhooks=True):
            schedule = (
                await schedules.get_webhook_schedule(self.db, delivery.schedule_id)
                if delivery.schedule_id is not None
                else None
            )
            if schedule is None or not schedule.enabled:
                await deliveries.mark_skipped(self.db, delivery.id, now=now, reason="schedule removed before posting")
                continue
            if await deliveries.posting_started(self.db, delivery.id):
                reason = "interrupted while posting; not posted again, as part of it may have arrived"
                log.warning("the %s post of webhook schedule %s was %s", delivery.slot, schedule.id, reason)
                await deliveries.mark_skipped(self.db, delivery.id, now=now, reason=reason)
                await schedules.set_last_error(self.db, schedule.id, f"{delivery.slot}: {reason}")
                continue
            if now - delivery.claimed_at > self.settings.catchup_grace:
                log.warning(
                    "skipping the unfinished %s post of webhook schedule %s: beyond the catch-up grace",
                    delivery.slot,
                    schedule.id,
                )
                await deliveries.mark_skipped(
                    self.db, delivery.id, now=now, reason="unfinished before a restart, too late to post"
                )
                continue
            log.info("posting the %s post of webhook schedule %s, interrupted by a restart", delivery.slot, schedule.id)
            await self.deliver(schedule, delivery)

    async def deliver(self, schedule: WebhookSchedule, delivery: Delivery) -> bool:
        """Build, render and post a claimed delivery; record the outcome; return whether it was sent."""
        db = self.db
        since = delivery.since or delivery.claimed_at - self.settings.digest_window
        until = delivery.until or delivery.claimed_at
        try:
            digest = await self.digest_builder(db, since, until, topic=schedule.topic)
            messages = self.renderer.discord_messages(digest) if schedule.target is WebhookTarget.DISCORD else None
        except NewsdigestError as exc:
            # A locked database or a broken user template: nothing was sent, so the next round may try again.
            self._build_failures[delivery.id] = self._build_failures.get(delivery.id, 0) + 1
            await self._failed(schedule, delivery, f"could not build the digest: {exc}")
            return False
        if not digest.items and not self.settings.post_empty_digest:
            log.info("nothing new for webhook schedule %s in the %s post; posting nothing", schedule.id, delivery.slot)
            await deliveries.mark_skipped(db, delivery.id, now=self.clock.now(), reason="nothing new")
            return False
        await deliveries.mark_posting(db, delivery.id)
        try:
            report = await post_digest_to_webhook(
                schedule.target,
                schedule.url,
                digest,
                session=self.session,
                clock=self.clock,
                allow_loopback=self.allow_loopback,
                discord_messages=messages,
            )
        except WebhookError as exc:
            await self._failed(schedule, delivery, str(exc))
            return False
        self._build_failures.pop(delivery.id, None)
        await deliveries.mark_sent(db, delivery.id, now=self.clock.now(), message_ids=range(1, report.messages + 1))
        await schedules.set_last_error(db, schedule.id, None)
        log.info("the %s digest of webhook schedule %s went to %s", delivery.slot, schedule.id, _where(schedule))
        return True

    async def _failed(self, schedule: WebhookSchedule, delivery: Delivery, error: str) -> None:
        log.warning("the %s post to %s failed: %s", delivery.slot, _where(schedule), error)
        now = self.clock.now()
        await deliveries.mark_failed(self.db, delivery.id, now=now, error=error)
        await schedules.set_last_error(self.db, schedule.id, f"{delivery.slot}: {error}")


async def run_webhook_schedules(
    db: Database,
    settings: Settings,
    clock: Clock,
    *,
    renderer: DiscordRenderer,
    digest_builder: DigestBuilder = build_digest,
) -> None:
    """Run a :class:`WebhookScheduler` with its own HTTP session until cancelled."""
    async with aiohttp.ClientSession() as session:
        scheduler = WebhookScheduler(
            db, settings, clock, session=session, renderer=renderer, digest_builder=digest_builder
        )
        await scheduler.run()


def _where(schedule: WebhookSchedule) -> str:
    return f"{schedule.target.value} {mask_webhook_url(schedule.url)}"
