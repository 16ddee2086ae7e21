"""The Discord channel sink: the bot posts the digest into a channel; a channel can be read back.

Restart rule: a claim left unfinished is checked against the channel's messages since the claim; if this bot
posted a plain message there since then, the post went out and is recorded as sent; otherwise nothing reached
Discord and it is posted now, once (within CATCHUP_GRACE). An unreadable channel counts as "nothing there".
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import Protocol

from bot.chat.poster import Poster, PostError
from bot.delivery.budget import RateBudget
from bot.delivery.sink import Resolution, Target, Verdict
from bot.digest.render import DiscordMessage
from bot.models import Digest
from bot.store import deliveries, schedules
from bot.store.db import Database
from bot.store.records import CHANNEL_TARGET, ChannelSchedule, Delivery, TargetRef, TargetTable

log = logging.getLogger(__name__)

PARALLEL = 16  # channel posts in flight at once: enough to spend a process's rate budget over a slow network


class DiscordRenderer(Protocol):
    """The part of ``bot.digest.render.Renderer`` the Discord sinks call."""

    def discord_messages(self, digest: Digest) -> list[DiscordMessage]:
        """Split a digest into messages within Discord's limits."""
        ...


def channel_target(schedule: ChannelSchedule) -> Target:
    """Return the core's view of a channel schedule."""
    return Target(
        ref=TargetRef(TargetTable.SCHEDULE, schedule.id),
        time=schedule.time,
        timezone=schedule.timezone,
        topic=schedule.topic,
        created_at=schedule.created_at,
        label=f"schedule {schedule.id} for channel {schedule.channel_id}",
        channel_id=schedule.channel_id,
        guild_id=schedule.guild_id,
    )


class ChannelSink:
    """Posts to Discord channels through the bot's :class:`~bot.chat.poster.Poster`."""

    name = CHANNEL_TARGET

    def __init__(
        self,
        db: Database,
        poster: Poster,
        renderer: DiscordRenderer,
        ready: asyncio.Event,
        *,
        budget: RateBudget | None = None,
    ) -> None:
        self.db = db
        self.poster = poster
        self.renderer = renderer
        self._ready = ready
        self.budget = budget  # the process's share of the bot token's global limit (bot.delivery.budget)

    async def _spend(self) -> None:
        if self.budget is not None:
            await self.budget.take()

    async def ready(self) -> bool:
        """Wait for the gateway: history and channels are only there once connected."""
        await self._ready.wait()
        return True

    async def targets(self) -> list[Target]:
        """Return the enabled channel schedules."""
        return [channel_target(s) for s in await schedules.list_schedules(self.db, enabled_only=True)]

    async def target(self, ref: TargetRef) -> Target | None:
        """Return one enabled channel schedule."""
        found = await schedules.get_any_schedule(self.db, ref.id)
        if not isinstance(found, ChannelSchedule) or not found.enabled:
            return None
        return channel_target(found)

    def render(self, digest: Digest, target: Target) -> Sequence[object]:
        """Render with the bot's templates, escaping and Discord limits."""
        return self.renderer.discord_messages(digest)

    async def send(self, target: Target, message: object) -> str:
        """Post one message; its Discord id identifies it."""
        assert isinstance(message, DiscordMessage)  # noqa: S101 - from render()
        assert target.channel_id is not None  # noqa: S101 - every channel target has one
        await self._spend()
        [posted] = await self.poster.send(target.channel_id, [message])
        return str(posted)

    async def resolve(self, target: Target, delivery: Delivery) -> Resolution:
        """Look in the channel for this bot's posts since the claim."""
        assert target.channel_id is not None  # noqa: S101 - every channel target has one
        await self._spend()
        try:
            posted = await self.poster.own_posts_since(target.channel_id, delivery.claimed_at)
        except PostError as exc:
            log.warning("cannot check channel %s for an unfinished post (%s); posting it", target.channel_id, exc)
            posted = []
        if posted:
            return Resolution(Verdict.SENT, tuple(str(i) for i in posted))
        return Resolution(Verdict.RESEND)

    async def note(self, target: Target, problem: str | None) -> None:
        """Show the problem in /schedule show."""
        await schedules.set_last_error(self.db, target.ref.id, problem)

    async def sent(self, target: Target, delivery: Delivery) -> None:
        """Remember what the channel has seen, so /digest shows what is new since."""
        if target.channel_id is not None:
            await deliveries.set_last_digest_at(self.db, target.channel_id, delivery.until or delivery.claimed_at)

    async def end_round(self) -> None:
        """Nothing is held between messages."""
