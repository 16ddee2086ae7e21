"""The feed poller: polls due feeds, backs off failing ones, pauses hopeless ones and says so once.

Any number of pollers (processes, or tasks in one) share one database: each takes its due feeds by lease
(:func:`bot.store.feedpolls.take_due_feeds`), a batch of ``FEED_CONCURRENCY`` at a time, so that every feed is
fetched once per due time. A poller renews the leases of the feeds it is still fetching every third of
``FEED_LEASE`` (:func:`bot.ingest.leases.heartbeat`), so a slow batch is never taken twice; the feeds of a
poller killed mid-batch are taken by another once its last renewal runs out.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta

from bot.clock import Clock, sleep_unless_stopped
from bot.config import Settings
from bot.config_values import format_duration
from bot.errors import DuplicateFeedError, FetchError, NewsdigestError
from bot.ingest.backoff import next_poll_after_failure
from bot.ingest.fetch import Fetcher
from bot.ingest.leases import WORKER_ID, beat_interval, heartbeat
from bot.ingest.subscribe import poll_feed
from bot.logs import redact
from bot.models import Feed, IngestReport
from bot.store import feedpolls as feed_polls
from bot.store import feeds as feed_store
from bot.store.db import Database
from bot.store.outage import outage_of

log = logging.getLogger(__name__)

# Called once when a feed is paused, with why in plain words ("8 failed polls in a row; the last one: ..."); the
# Discord layer tells the channel.
OnPaused = Callable[[Feed, str], Awaitable[None] | None]
IDLE_CHECK = timedelta(minutes=1)  # how often run() looks for due feeds when none is due sooner
MOST_PER_PASS = 500  # feeds one pass polls at most, so that run() logs and looks up again now and then
GONE = 410  # HTTP's "removed for good": the one failure that pauses a feed at once


@dataclass(frozen=True, slots=True)
class FeedOutcome:
    """What polling one feed did."""

    feed_id: int
    url: str
    ok: bool
    report: IngestReport = field(default_factory=IngestReport)
    error: str | None = None
    paused: bool = False


@dataclass(frozen=True, slots=True)
class PollReport:
    """What one pass over the due feeds did."""

    outcomes: tuple[FeedOutcome, ...] = ()

    @property
    def polled(self) -> int:
        """Return how many feeds were polled."""
        return len(self.outcomes)

    @property
    def failed(self) -> int:
        """Return how many polls failed."""
        return sum(1 for o in self.outcomes if not o.ok)

    @property
    def paused(self) -> tuple[FeedOutcome, ...]:
        """Return the feeds paused by this pass."""
        return tuple(o for o in self.outcomes if o.paused)

    @property
    def ingest(self) -> IngestReport:
        """Return the summed ingest counts."""
        total = IngestReport()
        for outcome in self.outcomes:
            total = total + outcome.report
        return total


async def poll_once(
    db: Database,
    *,
    fetcher: Fetcher,
    settings: Settings,
    clock: Clock,
    on_paused: OnPaused | None = None,
    worker: str = WORKER_ID,
) -> PollReport:
    """Poll the due feeds no other poller holds, ``FEED_CONCURRENCY`` at a time, and return what happened.

    Feeds are taken by lease as slots free up (a quarter of them at least, so that a take is one write for
    several feeds), not a whole batch after the last one's slowest fetch: the fetches in flight stay near
    ``FEED_CONCURRENCY``. The leases of the feeds still being fetched are renewed while they run (a
    heartbeat), so a fetch slower than ``FEED_LEASE`` is never taken by a second worker, while the feeds of a
    worker killed mid-fetch are free a lease after its last renewal. Recording each feed's result frees it.
    """
    slots = max(1, settings.feed_concurrency)
    refill = max(1, slots // 4)
    running: dict[asyncio.Task[FeedOutcome], int] = {}
    outcomes: list[FeedOutcome] = []
    taken_in_all = 0
    more = True
    lost_said = False

    async def renew() -> None:
        nonlocal lost_said
        ids = sorted(running.values())
        lost = await feed_polls.renew_feed_leases(db, worker, ids, clock.now(), settings.feed_lease)
        if lost and not lost_said:
            lost_said = True
            log.warning(
                "%d feed(s) this poller is still fetching were taken by another: it stalled longer than FEED_LEASE"
                " (%s); their entries are stored once, but the feeds may be fetched twice",
                lost,
                format_duration(settings.feed_lease),
            )

    try:
        async with heartbeat(renew, settings.feed_lease, clock, "the feeds being polled"):
            while True:
                room = min(slots - len(running), MOST_PER_PASS - taken_in_all)
                if more and room >= min(refill, MOST_PER_PASS - taken_in_all) and room > 0:
                    taken = await feed_polls.take_due_feeds(db, clock.now(), worker, settings.feed_lease, room)
                    taken_in_all += len(taken)
                    more = len(taken) == room and taken_in_all < MOST_PER_PASS
                    for feed in taken:
                        task = asyncio.create_task(
                            poll_one(
                                db,
                                feed,
                                fetcher=fetcher,
                                settings=settings,
                                clock=clock,
                                on_paused=on_paused,
                                worker=worker,
                            )
                        )
                        running[task] = feed.id
                if not running:
                    break
                done, _ = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
                for task in done:
                    del running[task]
                    outcomes.append(task.result())
    finally:
        for task in running:  # cancelled (the bot stopping): the fetches stop with it, their leases run out
            task.cancel()
        if running:
            await asyncio.gather(*running, return_exceptions=True)
    return PollReport(tuple(outcomes))


async def poll_one(
    db: Database,
    feed: Feed,
    *,
    fetcher: Fetcher,
    settings: Settings,
    clock: Clock,
    on_paused: OnPaused | None = None,
    worker: str = WORKER_ID,
) -> FeedOutcome:
    """Poll one feed ``worker`` took; on failure back off; after too many failures in a row, or a 410, pause it.

    Its channel is told once. Its result is recorded only while ``worker`` still holds the feed (see
    ``bot.store.feedpolls._holder``).
    """
    try:
        report = await poll_feed(db, feed, fetcher=fetcher, settings=settings, clock=clock, worker=worker)
    except NewsdigestError as exc:
        return await _failed(db, feed, exc, settings=settings, clock=clock, on_paused=on_paused, worker=worker)
    except Exception as exc:  # a bug must cost one poll of one feed, not the poller
        log.exception("polling %s failed unexpectedly", feed.url)
        return await _failed(db, feed, exc, settings=settings, clock=clock, on_paused=on_paused, worker=worker)
    return FeedOutcome(feed.id, feed.url, True, report)


async def _failed(
    db: Database,
    feed: Feed,
    exc: Exception,
    *,
    settings: Settings,
    clock: Clock,
    on_paused: OnPaused | None,
    worker: str,
) -> FeedOutcome:
    # Stored as the feed's last error and shown in /feeds status and `feeds list`: never with a URL's password.
    reason = redact(str(exc)) if isinstance(exc, NewsdigestError) else f"internal error ({type(exc).__name__})"
    failures = feed.failures + 1
    now = clock.now()
    retry_after = exc.retry_after if isinstance(exc, FetchError) else None
    # 410 says the feed was removed for good: polled on with back-off, its channel heard of it some 32 hours later.
    # A feed moved to another feed's address was polled twice, both "ok", said only in the log at every poll.
    at_once = (isinstance(exc, FetchError) and exc.status == GONE) or isinstance(exc, DuplicateFeedError)
    paused = at_once or failures >= settings.feed_max_failures
    recorded = await feed_polls.record_failure(
        db,
        feed.id,
        now=now,
        error=reason,
        failures=failures,
        next_poll_at=next_poll_after_failure(now, failures, retry_after),
        paused=paused,
        worker=worker,
    )
    if not recorded:  # another poller took the feed while this one stalled: its poll, not this one, counts
        log.warning(
            "feed %s failed (%s), but another poller took it meanwhile (this one stalled longer than FEED_LEASE):"
            " the other's poll is the one recorded",
            feed.url,
            reason,
        )
        return FeedOutcome(feed.id, feed.url, False, IngestReport(failed=1, problems=(reason,)), reason, False)
    log.warning("feed %s failed (%d in a row): %s", feed.url, failures, reason)
    if paused and await feed_polls.claim_pause_notice(db, feed.id):
        if at_once:
            message = f"{reason}; it is not polled again unless it is resumed"
        else:
            message = f"{failures} failed polls in a row; the last one: {reason}"
        log.warning("feed %s paused: %s", feed.url, message)
        if on_paused is not None:
            stored = await feed_store.get_feed(db, feed.id) or feed
            try:
                result = on_paused(stored, message)
                if result is not None:
                    await result
            except Exception:  # the notice failing must not stop the poller
                log.exception("telling the owners of %s that it is paused failed", feed.url)
    return FeedOutcome(feed.id, feed.url, False, IngestReport(failed=1, problems=(reason,)), reason, paused)


async def run(
    db: Database,
    *,
    fetcher: Fetcher,
    settings: Settings,
    clock: Clock,
    on_paused: OnPaused | None = None,
    stop: asyncio.Event | None = None,
    worker: str = WORKER_ID,
) -> None:
    """Poll due feeds until ``stop`` is set (or the task is cancelled), surviving and logging every error."""
    lease = format_duration(settings.feed_lease)
    every = format_duration(timedelta(seconds=round(beat_interval(settings.feed_lease))))
    log.info(
        "feed poller %s started: taking due feeds by lease (FEED_LEASE %s, renewed every %s)", worker, lease, every
    )
    while stop is None or not stop.is_set():
        try:
            report = await poll_once(
                db, fetcher=fetcher, settings=settings, clock=clock, on_paused=on_paused, worker=worker
            )
            if report.polled:
                totals = report.ingest
                log.info("polled %d feeds: %d new, %d failed", report.polled, totals.new, report.failed)
            wait = IDLE_CHECK.total_seconds()
            due = await feed_polls.next_due_at(db)
            if due is not None:
                wait = min(wait, max(1.0, (due - clock.now()).total_seconds()))
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            if not await outage_of(db, clock).survive(exc):  # a lost database: waited out, said once
                log.exception("the feed poller hit an error; trying again in a minute")
            wait = IDLE_CHECK.total_seconds()
        await sleep_unless_stopped(clock, wait, stop)
