"""Discord's rate limits as the emulator enforces them: a global limit per bot token and per-route buckets.

- Global: at most ``per_second`` requests with the bot's Authorization in each second (fixed one-second
  windows); interaction callbacks and webhook calls carry no bot token and are not counted, as on Discord.
  Over it: 429 with ``global: true``, ``X-RateLimit-Global`` and ``X-RateLimit-Scope: global``.
- Route buckets: ``limit`` requests per ``per`` seconds for each (route, major parameter), e.g. a channel's
  messages; every answer carries ``X-RateLimit-Limit/Remaining/Reset/Reset-After/Bucket`` so discord.py waits
  before a bucket runs dry. Over it: 429 with ``X-RateLimit-Scope: user``.
Every 429 has a JSON ``retry_after`` and a ``Via`` header (discord.py retries only those) and is recorded.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from aiohttp import web
from discord_rules import json_response


@dataclass
class Bucket:
    remaining: int
    reset_at: float


@dataclass
class RateLimiter:
    """Counts requests; ``rejected`` lists (method, path, global) of every 429 it answered."""

    per_second: float | None = None  # the global limit; None: none
    route_limit: tuple[int, float] | None = None  # (requests, seconds) per bucket; None: no buckets
    clock: Callable[[], float] = time.monotonic
    rejected: list[tuple[str, str, bool]] = field(default_factory=list)
    counted: int = 0

    def __post_init__(self) -> None:
        self._window = -1
        self._in_window = 0
        self._buckets: dict[str, Bucket] = {}

    def check(
        self, method: str, route: str, major: str, *, bot_auth: bool
    ) -> tuple[web.Response | None, dict[str, str]]:
        """Return a 429 to answer, or None and the headers to add to the real answer."""
        now = self.clock()
        if bot_auth and self.per_second is not None:
            window = math.floor(now)
            if window != self._window:
                self._window, self._in_window = window, 0
            if self._in_window >= self.per_second:
                retry = round(window + 1 - now, 3) or 0.001
                self.rejected.append((method, route, True))
                return self._limited(retry, is_global=True, headers={"X-RateLimit-Global": "true"}), {}
            self._in_window += 1
            self.counted += 1
        if self.route_limit is None:
            return None, {}
        limit, per = self.route_limit
        name = f"{method} {route}"
        bucket = self._buckets.get(f"{name}:{major}")
        if bucket is None or now >= bucket.reset_at:
            bucket = self._buckets[f"{name}:{major}"] = Bucket(limit, now + per)
        headers = {
            "X-RateLimit-Limit": str(limit),
            "X-RateLimit-Reset": f"{time.time() + bucket.reset_at - now:.3f}",
            "X-RateLimit-Reset-After": f"{bucket.reset_at - now:.3f}",
            "X-RateLimit-Bucket": f"{abs(hash(name)):x}",
        }
        if bucket.remaining <= 0:
            self.rejected.append((method, route, False))
            headers["X-RateLimit-Remaining"] = "0"
            return self._limited(round(bucket.reset_at - now, 3) or 0.001, is_global=False, headers=headers), {}
        bucket.remaining -= 1
        headers["X-RateLimit-Remaining"] = str(bucket.remaining)
        return None, headers

    def _limited(self, retry_after: float, *, is_global: bool, headers: dict[str, str]) -> web.Response:
        return json_response(
            {"message": "You are being rate limited.", "retry_after": retry_after, "global": is_global},
            429,
            {
                **headers,
                "Via": "1.1 google",
                "Retry-After": str(math.ceil(retry_after)),
                "X-RateLimit-Scope": "global" if is_global else "user",
            },
        )

    @property
    def global_429s(self) -> int:
        return sum(1 for *_, is_global in self.rejected if is_global)


def route_of(path: str) -> tuple[str, str]:
    """Return a REST path's route template and major parameter (channel, guild or webhook id), as Discord buckets."""
    parts = path.strip("/").split("/")
    major = ""
    template = []
    for number, part in enumerate(parts):
        if part.isdigit() and number > 0 and parts[number - 1] in {"channels", "guilds", "webhooks"} and not major:
            major = part
            template.append("{" + parts[number - 1][:-1] + "_id}")
        elif part.isdigit():
            template.append("{id}")
        else:
            template.append(part)
    return "/" + "/".join(template), major
