"""Build a digest once per window and filter, not once per channel: the morning rush asks the same many times.

A thousand channels due at 07:30 with the same topic and filters ask for the digest of the same window (their
claims share the round's time, and each window starts where that channel's last post ended, mostly the same
minute yesterday). The cache keeps the newest ``size`` digests for ``ttl`` on the injected clock; builds
of one key running at once share one build. A failed build is not kept.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.delivery.sink import DigestBuilder
from bot.models import Digest, DigestFilter
from bot.store.db import Database

Key = tuple[datetime, datetime, DigestFilter | None, str | None, int | None]


class CachedBuilder:
    """A :class:`~bot.delivery.sink.DigestBuilder` that remembers recent digests; ``builds`` counts real builds."""

    def __init__(
        self, builder: DigestBuilder, clock: Clock, *, size: int = 64, ttl: timedelta = timedelta(minutes=1)
    ) -> None:
        self.builder = builder
        self.clock = clock
        self.size = size
        self.ttl = ttl
        self.builds = 0
        self._kept: OrderedDict[Key, tuple[datetime, asyncio.Future[Digest]]] = OrderedDict()

    async def __call__(
        self,
        db: Database,
        since: datetime,
        until: datetime,
        *,
        filters: DigestFilter | None = None,
        topic: str | None = None,
        limit: int | None = None,
    ) -> Digest:
        """Return the digest of a window, built now or a moment ago."""
        key: Key = (since, until, filters, topic, limit)
        now = self.clock.now()
        kept = self._kept.get(key)
        if kept is not None and now - kept[0] <= self.ttl:
            self._kept.move_to_end(key)
            return await asyncio.shield(kept[1])
        future: asyncio.Future[Digest] = asyncio.get_running_loop().create_future()
        self._kept[key] = (now, future)
        while len(self._kept) > self.size:
            self._kept.popitem(last=False)
        self.builds += 1
        try:
            digest = await self.builder(db, since, until, filters=filters, topic=topic, limit=limit)
        except BaseException as exc:
            if key in self._kept and self._kept[key][1] is future:
                del self._kept[key]
            if isinstance(exc, Exception):
                future.set_exception(exc)
                future.exception()  # the waiters, if any, see it; nobody else has to
            else:
                future.cancel()
            raise
        future.set_result(digest)
        return digest
