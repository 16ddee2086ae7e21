"""The one delivery scheduler: decide, claim, render and send each target's daily digest exactly once.

Every round, for each sink and each of its targets, the latest slot (``bot.scheduling``: IANA zones, DST gaps
and overlaps) is claimed once by ``bot.delivery.claim`` and delivered; failed posts whose next attempt has come
are claimed again and resumed after the last message that arrived. Every claim carries this scheduler's worker
id and a lease renewed while it sends (``bot.delivery.owner``); each round, the claims whose owner's lease ran
out (a process that died) are taken over and settled by their sink's verdict
(:meth:`bot.delivery.sink.Sink.resolve`), never a live owner's. So any number of processes may post the same
targets: the claims decide. The loop survives any exception in one round or one target and logs it; a lost
database is waited out with back-off and said once (``bot.store.outage``).
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime

from bot.clock import Clock
from bot.config import Settings, find_zone
from bot.delivery.claim import claim_due, still_worth_it
from bot.delivery.digest_cache import CachedBuilder
from bot.delivery.fanout import each
from bot.delivery.owner import Owner
from bot.delivery.send import record_failure, send_claimed
from bot.delivery.sink import DigestBuilder, SendError, Sink, Target, Verdict
from bot.digest.select import build_digest
from bot.errors import NewsdigestError
from bot.scheduling import latest_slot, next_slot
from bot.store import deliveries, delivery_leases
from bot.store.db import Database
from bot.store.outage import outage_of
from bot.store.records import Delivery, TargetRef

log = logging.getLogger(__name__)


def everything(target: Target) -> bool:
    """Own every target: one process holds every shard."""
    return True


class Scheduler:
    """Posts the daily digests of some sinks' targets until cancelled; ``rounds`` counts finished rounds.

    ``owns`` picks the targets this process claims, posts and settles (its shards' servers, see
    ``bot.delivery.shards``); ``parallel`` targets of one sink are delivered at once (a sink whose sends may
    overlap: the channel sink); digests are built once per window and filter (``bot.delivery.digest_cache``).
    """

    def __init__(
        self,
        db: Database,
        settings: Settings,
        clock: Clock,
        sinks: Sequence[Sink],
        *,
        digest_builder: DigestBuilder = build_digest,
        tick: float = 60.0,
        owns: Callable[[Target], bool] = everything,
        parallel: int = 1,
        worker: str | None = None,
    ) -> None:
        self.db = db
        self.settings = settings
        self.clock = clock
        self.sinks = list(sinks)
        self.digest_cache = CachedBuilder(digest_builder, clock)
        self.digest_builder: DigestBuilder = self.digest_cache
        self.owns = owns
        self.parallel = parallel
        self.tick_seconds = tick
        self.rounds = 0
        self._bad_zones: set[TargetRef] = set()  # said once each, not every round
        self.owner = Owner(db, clock, settings.delivery_lease, worker)  # ``worker``: tests name one per scheduler
        self.outage = outage_of(db, clock)
        self._again = False  # a target met a lost database this round: once it is back, a round at once

    async def run(self) -> None:
        """Wait for the sinks, then each round settle abandoned claims and post due slots, until cancelled."""
        self.sinks = [sink for sink in self.sinks if await sink.ready()]
        if not self.sinks:
            return
        log.info(
            "posting %s as worker %s (claims leased for %.0f s)",
            ", ".join(sink.name for sink in self.sinks),
            self.owner.worker,
            self.settings.delivery_lease.total_seconds(),
        )
        keeper = asyncio.create_task(self.owner.keep(), name="delivery-leases")
        try:
            while True:
                pause = self.tick_seconds
                try:
                    started = self.clock.now()
                    await self.resume_unfinished()
                    await self.tick()
                    pause = 0.0 if self._again else await self._pause(started)
                    self._again = False
                except Exception as exc:
                    if await self.outage.survive(exc):
                        pause = 0.0  # back from an outage: a round at once
                    else:
                        log.exception("delivery round failed; trying again next round")
                self.rounds += 1
                await self.clock.sleep(pause)
        finally:
            keeper.cancel()

    async def _pause(self, started: datetime) -> float:
        """Return how long to sleep after a round that began at ``started``."""
        now = self.clock.now()
        wait = self.tick_seconds
        for _, _target, due in await self._upcoming(now):
            wait = min(wait, (due - now).total_seconds())
        for sink in self.sinks:
            retry = await deliveries.next_retry_at(self.db, sink.name)
            if retry is not None and retry <= now and self.owns is not everything:
                # Due but not taken by the round just run: another process's target. Waking for it would spin;
                # one of ours that fell due during the round waits for the next round (at most ``tick``).
                retry = None
            if retry is not None:
                wait = min(wait, (retry - now).total_seconds())
            # A claim whose owner may be dead: settle it when its lease runs out. Leases that ran out while the
            # round ran (after its settling) count too, or they would wait a whole tick; older ones are other
            # processes' to settle (their targets' shards), and waking for them would spin.
            ends = await delivery_leases.next_lease_end(self.db, sink.name, started)
            if ends is not None:
                wait = min(wait, (ends - now).total_seconds() + 0.1)
        return max(0.0, wait)

    async def _upcoming(self, now: datetime) -> list[tuple[Sink, Target, datetime]]:
        found = []
        for sink in self.sinks:
            for target in await self._targets(sink):
                zone = find_zone(target.timezone)
                if zone is not None:  # a bad zone is reported by tick() for that target alone
                    found.append((sink, target, next_slot(target.time, zone, now).at))
        return found

    async def next_post_at(self, *, guild_id: int | None = None) -> tuple[Target, datetime] | None:
        """Return the next post (of one Discord server, if given) and when it is due."""
        now = self.clock.now()
        found: tuple[Target, datetime] | None = None
        for _, target, due in await self._upcoming(now):
            if guild_id is not None and target.guild_id != guild_id:
                continue
            if found is None or due < found[1]:
                found = (target, due)
        return found

    async def tick(self) -> None:
        """Consider every target of every sink once, then the retries that are due; one sink's trouble is its own."""
        now = self.clock.now()
        for sink in self.sinks:
            try:
                await self._tick_sink(sink, now)
            except Exception as exc:
                # The sink's own reads (its targets, its due retries) can meet a lost database too: that is an
                # outage, waited out and said once like a target's, not a bug with a traceback.
                if await self.outage.survive(exc):
                    self._again = True
                else:
                    log.exception("the %s posts failed this round; trying again next round", sink.name)
            finally:
                await sink.end_round()

    async def _targets(self, sink: Sink) -> list[Target]:
        return [target for target in await sink.targets() if self.owns(target)]

    async def _tick_sink(self, sink: Sink, now: datetime) -> None:
        async def consider(target: Target) -> None:
            try:
                await self._consider(sink, target, now)
            except Exception as exc:
                if await self.outage.survive(exc):
                    self._again = True  # the database is back: the next round, at once, tries the target again
                else:
                    log.exception("%s failed this round", target.label)

        async def retry(delivery: Delivery) -> None:
            try:
                await self._retry(sink, delivery, now)
            except Exception as exc:
                if await self.outage.survive(exc):
                    self._again = True
                else:
                    log.exception("retrying delivery %s failed this round", delivery.id)

        await each(await self._targets(sink), consider, parallel=self.parallel)
        await each(await deliveries.due_retries(self.db, sink.name, now), retry, parallel=self.parallel)

    async def _consider(self, sink: Sink, target: Target, now: datetime) -> None:
        zone = find_zone(target.timezone)
        if zone is None:
            if target.ref not in self._bad_zones:
                self._bad_zones.add(target.ref)
                log.warning("%s: %r is not an IANA time zone; nothing is posted", target.label, target.timezone[:60])
            return
        slot = latest_slot(target.time, zone, now)
        if slot.at < target.created_at:
            return  # a target only owes the slots that come after it was set
        if await deliveries.get_for(self.db, target.ref, slot.id) is not None:
            return
        claimed = await claim_due(
            self.db,
            sink=sink.name,
            target=target.ref,
            channel_id=target.channel_id,
            slot=slot,
            now=now,
            window=self.settings.digest_window,
            grace=self.settings.catchup_grace,
            what=target.label,
            lease=self.owner.lease(),
        )
        if claimed is not None:
            await self.deliver(sink, target, claimed)

    async def _retry(self, sink: Sink, delivery: Delivery, now: datetime) -> None:
        target = await sink.target(delivery.target) if delivery.target is not None else None
        if target is not None and not self.owns(target):
            return  # another process's (its shard's server)
        if target is None:  # removed or turned off since: the failure stays, without a next attempt
            await deliveries.mark_failed(self.db, delivery.id, now=now, error=delivery.error or "failed")
            return
        if not still_worth_it(delivery, now, self.settings.catchup_grace):
            log.info("not retrying the %s post of %s: beyond the catch-up grace", delivery.slot, target.label)
            await deliveries.mark_failed(self.db, delivery.id, now=now, error=delivery.error or "failed")
            return
        if not await deliveries.reclaim(self.db, delivery.id, now=now, lease=self.owner.lease()):
            return  # another round or process took it
        again = await deliveries.get(self.db, delivery.id)
        assert again is not None  # noqa: S101 - reclaimed just above
        log.info("retrying the %s post of %s (attempt %d)", again.slot, target.label, again.attempts)
        await self.deliver(sink, target, again)

    async def resume_unfinished(self) -> None:
        """Settle the claims whose owner's lease ran out (a stopped process's), each by its sink's verdict."""
        for sink in self.sinks:
            for delivery in await delivery_leases.abandoned(self.db, sink.name, self.clock.now()):
                try:
                    await self._settle(sink, delivery)
                except Exception as exc:
                    if await self.outage.survive(exc):
                        self._again = True
                    else:
                        log.exception("could not settle unfinished delivery %s", delivery.id)

    async def _settle(self, sink: Sink, delivery: Delivery) -> None:
        db, now = self.db, self.clock.now()
        target = await sink.target(delivery.target) if delivery.target is not None else None
        if target is not None and not self.owns(target):
            return  # another process's: only the owner of a target's shard settles its claims
        if not await delivery_leases.take_over(db, delivery.id, now=now, lease=self.owner.lease()):
            return  # another process took it over first
        with self.owner.flying(delivery.id):
            await self._settle_held(sink, target, delivery, now)

    async def _settle_held(self, sink: Sink, target: Target | None, delivery: Delivery, now: datetime) -> None:
        db = self.db
        if target is None:
            await deliveries.mark_skipped(db, delivery.id, now=now, reason="schedule turned off before posting")
            return
        resolution = await sink.resolve(target, delivery)
        if resolution.verdict is Verdict.SENT:
            log.info("the %s post of %s had gone out before the restart", delivery.slot, target.label)
            carried = await self._carried(target, delivery)
            await deliveries.mark_sent(
                db, delivery.id, now=now, message_ids=resolution.message_ids, article_ids=carried
            )
            await sink.sent(target, replace(delivery, message_ids=resolution.message_ids or delivery.message_ids))
            return
        if resolution.verdict is Verdict.GIVE_UP:
            log.warning("the %s post of %s was %s", delivery.slot, target.label, resolution.reason)
            await deliveries.mark_skipped(db, delivery.id, now=now, reason=resolution.reason)
            await sink.note(target, f"{delivery.slot}: {resolution.reason}")
            return
        if now - delivery.claimed_at > self.settings.catchup_grace:
            log.warning("skipping the unfinished %s post of %s: beyond the catch-up grace", delivery.slot, target.label)
            await deliveries.mark_skipped(
                db, delivery.id, now=now, reason="unfinished before a restart, too late to post"
            )
            return
        log.info("posting the %s post of %s, interrupted by a restart", delivery.slot, target.label)
        await self.deliver(sink, target, delivery)

    async def _carried(self, target: Target, delivery: Delivery) -> list[int]:
        """Return the articles a post that went out before a restart carried (its window is fixed at the claim)."""
        since = delivery.since or delivery.claimed_at - self.settings.digest_window
        try:
            digest = await self.digest_builder(
                self.db, since, delivery.until or delivery.claimed_at, filters=target.digest_filter
            )
        except NewsdigestError as exc:
            log.warning("cannot tell which articles the %s post of %s carried: %s", delivery.slot, target.label, exc)
            return []
        return [item.article.id for item in digest.items]

    async def deliver(self, sink: Sink, target: Target, delivery: Delivery) -> bool:
        """Build, render and send a claimed delivery from where it stopped; record the outcome."""
        with self.owner.flying(delivery.id):  # its lease is renewed until the outcome is recorded
            return await self._deliver(sink, target, delivery)

    async def _deliver(self, sink: Sink, target: Target, delivery: Delivery) -> bool:
        db, settings = self.db, self.settings
        since = delivery.since or delivery.claimed_at - settings.digest_window
        until = delivery.until or delivery.claimed_at
        try:
            # A lost database is waited for here: the post claimed before it goes out once it is back.
            digest = await self.outage.retrying(
                functools.partial(self.digest_builder, db, since, until, filters=target.digest_filter)
            )
            # An empty digest renders as one short "Nothing new since ..." message where the sink has one. In a
            # worker thread: a user's template may take seconds (up to its deadline), and the event loop carries
            # the gateway's heartbeats and every command meanwhile.
            post = digest.items or settings.post_empty_digest
            messages = await asyncio.to_thread(sink.render, digest, target) if post else []
        except NewsdigestError as exc:
            # A locked database or a broken user template: nothing was sent, so a later attempt may work.
            failure = SendError(f"could not build the digest: {exc}", retry=True)
            await record_failure(db, self.clock, sink, target, delivery, failure)
            return False
        if not messages:
            log.info("nothing new for %s in the %s post; posting nothing", target.label, delivery.slot)
            await deliveries.mark_skipped(db, delivery.id, now=self.clock.now(), reason="nothing new")
            return False
        carried = [item.article.id for item in digest.items]
        outcome = await send_claimed(
            db, self.clock, sink, target, delivery, messages, article_ids=carried, owner=self.owner
        )
        return outcome is None
