"""The feed poller: polls due feeds, backs off failing ones, pauses hopeless ones and says so once.

Any number of pollers (processes, or tasks in one) share one database: each takes its due feeds by lease
(:func:`bot.store.feeds.take_due_feeds`), a batch of ``FEED_CONCURRENCY`` at a time, so that every feed is
fetched once per due time, and the feeds of a poller killed mid-batch are taken by another once its lease
(``FEED_LEASE``) runs out.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta

from bot.clock import Clock
from bot.config import Settings
from bot.config_values import format_duration
from bot.errors import FetchError, NewsdigestError
from bot.ingest.backoff import next_poll_after_failure
from bot.ingest.fetch import Fetcher
from bot.ingest.subscribe import poll_feed
from bot.models import Feed, IngestReport
from bot.store import feeds as feed_store
from bot.store.db import Database
from bot.store.outage import outage_of

log = logging.getLogger(__name__)

# Called once when a feed is paused, with the reason in plain words; the Discord layer tells the channel.
OnPaused = Callable[[Feed, str], Awaitable[None] | None]
IDLE_CHECK = timedelta(minutes=1)  # how often run() looks for due feeds when none is due sooner
MOST_PER_PASS = 500  # feeds one pass polls at most, so that run() logs and looks up again now and then


def new_worker_id() -> str:
    """Return a poller id unique across machines and restarts: ``host:pid:random``."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


WORKER_ID = new_worker_id()  # this process's, unless a caller names its own (tests run several in one process)


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
    """Poll the due feeds no other poller holds, a leased batch at a time, and return what happened.

    Each batch is at most ``FEED_CONCURRENCY`` feeds, polled concurrently (within the fetcher's limits), so
    that a batch is done well within its lease; recording each feed's result frees it.
    """
    outcomes: list[FeedOutcome] = []
    batch = max(1, settings.feed_concurrency)
    while len(outcomes) < MOST_PER_PASS:
        limit = min(batch, MOST_PER_PASS - len(outcomes))
        taken = await feed_store.take_due_feeds(db, clock.now(), worker, settings.feed_lease, limit)
        if not taken:
            break
        outcomes.extend(
            await asyncio.gather(
                *(
                    poll_one(db, feed, fetcher=fetcher, settings=settings, clock=clock, on_paused=on_paused)
                    for feed in taken
                )
            )
        )
        if len(taken) < limit:
            break
    return PollReport(tuple(outcomes))


async def poll_one(
    db: Database,
    feed: Feed,
    *,
    fetcher: Fetcher,
    settings: Settings,
    clock: Clock,
    on_paused: OnPaused | None = None,
) -> FeedOutcome:
    """Poll one feed; on failure back off, and after too many failures in a row pause it and notify once."""
    try:
        report = await poll_feed(db, feed, fetcher=fetcher, settings=settings, clock=clock)
    except NewsdigestError as exc:
        return await _failed(db, feed, exc, settings=settings, clock=clock, on_paused=on_paused)
    except Exception as exc:  # a bug must cost one poll of one feed, not the poller
        log.exception("polling %s failed unexpectedly", feed.url)
        return await _failed(db, feed, exc, settings=settings, clock=clock, on_paused=on_paused)
    return FeedOutcome(feed.id, feed.url, True, report)


async def _failed(
    db: Database, feed: Feed, exc: Exception, *, settings: Settings, clock: Clock, on_paused: OnPaused | None
) -> FeedOutcome:
    reason = str(exc) if isinstance(exc, NewsdigestError) else f"internal error ({type(exc).__name__})"
    failures = feed.failures + 1
    now = clock.now()
    retry_after = exc.retry_after if isinstance(exc, FetchError) else None
    paused = failures >= settings.feed_max_failures
    await feed_store.record_failure(
        db,
        feed.id,
        now=now,
        error=reason,
        failures=failures,
        next_poll_at=next_poll_after_failure(now, failures, retry_after),
        paused=paused,
    )
    log.warning("feed %s failed (%d in a row): %s", feed.url, failures, reason)
    if paused and await feed_store.claim_pause_notice(db, feed.id):
        message = f"paused after {failures} failed polls in a row; the last one: {reason}"
        log.warning("feed %s %s", feed.url, message)
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
    log.info("feed poller %s started: taking due feeds by lease (FEED_LEASE %s)", worker, lease)
    while stop is None or not stop.is_set():
        try:
            report = await poll_once(
                db, fetcher=fetcher, settings=settings, clock=clock, on_paused=on_paused, worker=worker
            )
            if report.polled:
                totals = report.ingest
                log.info("polled %d feeds: %d new, %d failed", report.polled, totals.new, report.failed)
            wait = IDLE_CHECK.total_seconds()
            due = await feed_store.next_due_at(db)
            if due is not None:
                wait = min(wait, max(1.0, (due - clock.now()).total_seconds()))
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            if not await outage_of(db, clock).survive(exc):  # a lost database: waited out, said once
                log.exception("the feed poller hit an error; trying again in a minute")
            wait = IDLE_CHECK.total_seconds()
        if stop is None:
            await clock.sleep(wait)
            continue
        sleeper = asyncio.ensure_future(clock.sleep(wait))
        stopper = asyncio.ensure_future(stop.wait())
        try:
            await asyncio.wait({sleeper, stopper}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            sleeper.cancel()
            stopper.cancel()
