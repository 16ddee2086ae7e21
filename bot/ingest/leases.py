"""Work shared by leases between processes: who a worker is, and the one heartbeat that keeps its leases.

A worker takes work (due feeds, drop-folder files, scheduled posts) until ``now + lease`` and renews its leases
every third of the lease while the work runs, so that work taking longer than the lease is never taken by a
second worker; the leases of a worker killed (or stalled past a whole lease) run out, and others take the work
then. The feed poller and the drop folders renew per block of work (:func:`heartbeat`); the delivery core's
:class:`bot.delivery.owner.Owner` renews all its posts in flight for as long as it runs (:func:`keep_renewing`):
the same loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import secrets
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import timedelta

from bot.clock import Clock
from bot.ingest.faults import describe
from bot.store.outage import is_outage

log = logging.getLogger(__name__)

# Renewals per lease: a lease survives two renewals lost in a row (a database busy for 2/3 of a lease).
BEATS_PER_LEASE = 3
SHORTEST_BEAT_S = 0.5  # however short a lease (a test's), renewals never become a busy loop


def new_worker_id() -> str:
    """Return a worker id unique across machines and restarts: ``host:pid:random``."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


WORKER_ID = new_worker_id()  # this process's, unless a caller names its own (tests run several in one process)


def beat_interval(lease: timedelta) -> float:
    """Return the seconds between two renewals of a lease."""
    return max(lease.total_seconds() / BEATS_PER_LEASE, SHORTEST_BEAT_S)


async def keep_renewing(renew: Callable[[], Awaitable[None]], lease: timedelta, clock: Clock, what: str) -> None:
    """Call ``renew`` every third of ``lease`` (on ``clock``) until cancelled, surviving its failures.

    A renewal that fails is tried again at the next beat: the lease runs out only if renewals keep failing for
    two thirds of it. A lost database is not logged here (each job's outage watcher, ``bot.store.outage``, says
    it once for the process); any other failure is logged once, with its traceback, until a renewal works again.
    """
    failing = False
    while True:
        await clock.sleep(beat_interval(lease))
        try:
            await renew()
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            if not failing and not is_outage(exc):
                log.exception(
                    "renewing the leases of %s failed (%s); trying again every %.0f s",
                    what,
                    describe(exc),
                    beat_interval(lease),
                )
            failing = True
        else:
            if failing:
                log.info("renewing the leases of %s works again", what)
            failing = False


@contextlib.asynccontextmanager
async def heartbeat(
    renew: Callable[[], Awaitable[None]], lease: timedelta, clock: Clock, what: str
) -> AsyncIterator[None]:
    """Keep renewing (:func:`keep_renewing`) while the block runs; stop when it ends."""
    task = asyncio.create_task(keep_renewing(renew, lease, clock, what), name=f"heartbeat of {what}")
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
