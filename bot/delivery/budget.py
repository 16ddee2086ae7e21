"""One rate budget per bot token: scheduled posts keep under Discord's global limit instead of meeting 429s.

Discord allows a bot token about 50 requests a second in all (DISCORD_RATE_LIMIT) across its processes;
each process takes its shards' share. discord.py keeps to per-route buckets from the X-RateLimit headers and
waits out the ``retry_after`` of a 429 (blocking every request after a global one), but it sends as fast as
it is asked until Discord says no: a rush of posts to thousands of channels (each its own bucket) would meet
a 429 every second. The budget spaces the posts instead, with a little headroom (``HEADROOM``) for network
jitter and for the other processes' clocks.

The pace is physical time (the monotonic clock), not the scheduling clock of ``bot.clock``: Discord counts
real seconds, and a test's manual clock must not hold posts back. Tests hand in their own ``monotonic`` and
``sleep``.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

HEADROOM = 0.9  # the part of the share spent: arrival jitter must not push a second over the limit


class RateBudget:
    """Spaces requests at most ``rate`` a second."""

    def __init__(
        self,
        rate: float,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.rate = rate
        self._gap = 1 / rate
        self._monotonic = monotonic
        self._sleep = sleep
        self._next: float | None = None
        self._lock = asyncio.Lock()
        self.taken = 0
        self.waited = 0.0  # seconds spent waiting in all, for logs and benchmarks

    @classmethod
    def for_share(cls, limit: float, share: float) -> RateBudget:
        """Return the budget of a process holding ``share`` of the bot's shards under a global ``limit``."""
        return cls(max(limit * share * HEADROOM, 0.1))

    async def take(self) -> None:
        """Wait until one more request fits the budget."""
        async with self._lock:
            now = self._monotonic()
            start = now if self._next is None else max(now, self._next)
            self._next = start + self._gap
            self.taken += 1
            wait = start - now
        if wait > 0:
            self.waited += wait
            await self._sleep(wait)
