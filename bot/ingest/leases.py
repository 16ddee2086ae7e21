"""Work shared by leases between processes: who this process is, and the heartbeat that keeps its leases.

A worker takes work (due feeds, drop-folder files) until ``now + lease`` and renews its leases every third of
the lease while the work runs, so that work taking longer than the lease is never taken by a second worker;
the leases of a worker killed (or stalled past a whole lease) run out, and others take the work then.
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

log = logging.getLogger(__name__)

# Renewals per lease: a lease survives two renewals lost in a row (a database busy for 2/3 of a lease).
BEATS_PER_LEASE = 3


def new_worker_id() -> str:
    """Return a worker id unique across machines and restarts: ``host:pid:random``."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


WORKER_ID = new_worker_id()  # this process's, unless a caller names its own (tests run several in one process)


def beat_interval(lease: timedelta) -> float:
    """Return the seconds between two renewals of a lease."""
    return lease.total_seconds() / BEATS_PER_LEASE


@contextlib.asynccontextmanager
async def heartbeat(
    renew: Callable[[], Awaitable[None]], lease: timedelta, clock: Clock, what: str
) -> AsyncIterator[None]:
    """Call ``renew`` every third of ``lease`` (on ``clock``) while the block runs; stop when it ends.

    A renewal that fails is logged (once until one succeeds) and tried again at the next beat: the lease
    runs out only if renewals keep failing for two thirds of it.
    """

    async def beat() -> None:
        failing = False
        while True:
            await clock.sleep(beat_interval(lease))
            try:
                await renew()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                if not failing:
                    log.warning(
                        "renewing the leases of %s failed (%s); trying again in %.0f s",
                        what,
                        describe(exc),
                        beat_interval(lease),
                    )
                failing = True
            else:
                if failing:
                    log.info("renewing the leases of %s works again", what)
                failing = False

    task = asyncio.create_task(beat(), name=f"heartbeat of {what}")
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
