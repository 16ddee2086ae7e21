"""Claims that carry their owner: this process's worker id, its lease, and the heartbeat that renews it.

Every claim a scheduler makes (``bot.store.deliveries.claim`` and ``reclaim``,
``bot.store.delivery_leases.take_over``) names its worker (``host:pid:random``, the feed leases' style) and runs
until ``DELIVERY_LEASE`` from now. While a post is in
flight the worker renews its lease every third of that (:meth:`Owner.keep`); once the post is recorded the claim
is no longer ``claimed`` and the lease means nothing. A claim whose lease ran out belongs to a process that
died, or lost the database for longer than the lease: any process takes it over and settles it by its sink's
verdict (``Scheduler.settle_abandoned``), never a live owner's, since its lease is renewed. A worker that finds
one of its claims taken over (it was cut off from the database too long) sends no further message of it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import timedelta

from bot.clock import Clock, SystemClock
from bot.ingest.leases import keep_renewing, new_worker_id  # the feed and drop leases' ids and heartbeat: one place
from bot.store import delivery_leases
from bot.store.db import Database
from bot.store.records import Lease


class Owner:
    """One worker's claims: it leases what it claims and renews the leases of the posts it has in flight."""

    def __init__(self, db: Database, clock: Clock, lease: timedelta, worker: str | None = None) -> None:
        self.db = db
        self.clock = clock
        self.lease_time = lease
        self.worker = worker or new_worker_id()
        self._flying: dict[int, int] = {}  # delivery id -> how many blocks send it (settling one delivers it)
        self._lost: set[int] = set()

    def lease(self) -> Lease:
        """Return a lease from now for a claim about to be made."""
        return Lease(self.worker, self.clock.now() + self.lease_time)

    @contextlib.contextmanager
    def flying(self, delivery_id: int) -> Iterator[None]:
        """Renew the claim's lease while the block sends it."""
        if delivery_id not in self._flying:
            self._lost.discard(delivery_id)
        self._flying[delivery_id] = self._flying.get(delivery_id, 0) + 1
        try:
            yield
        finally:
            self._flying[delivery_id] -= 1
            if not self._flying[delivery_id]:
                del self._flying[delivery_id]
                self._lost.discard(delivery_id)

    def lost(self, delivery_id: int) -> bool:
        """Return whether another process took the claim over (this one must send no more of it)."""
        return delivery_id in self._lost

    async def renew(self) -> None:
        """Extend the leases of the posts in flight; note those another process took over meanwhile."""
        ids = sorted(self._flying)
        if not ids:
            return
        held = await delivery_leases.renew(self.db, ids, self.lease())
        for delivery_id in ids:
            if delivery_id not in held and delivery_id in self._flying:
                self._lost.add(delivery_id)

    async def keep(self) -> None:
        """Renew the leases every third of DELIVERY_LEASE until cancelled; the database's absence is waited out."""
        # Wall time, not the injected clock: a heartbeat is how often to speak, and a test's manual clock (which
        # the leases are read by) must not see it as one more sleeper.
        await keep_renewing(self.renew, self.lease_time, SystemClock(), "the posts in flight")
