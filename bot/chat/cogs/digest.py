"""/digest: what is new since this channel's last digest."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.chat.answer import defer
from bot.chat.formatting import timestamp
from bot.chat.options import OptionError, parse_since
from bot.chat.replies import say, send_all
from bot.digest.escape import discord_text
from bot.digest.filters import FilterError, digest_filter
from bot.digest.select import filter_warning
from bot.models import DEFAULT_MAX_STORIES, MAX_STORIES_LIMIT
from bot.store import deliveries

if TYPE_CHECKING:
    from bot.chat.client import NewsBot


class DigestCog(commands.Cog):
    """The on-demand digest."""

    def __init__(self, bot: NewsBot) -> None:
        self.bot = bot

    @app_commands.command(name="digest", description="Show what is new since this channel's last digest")
    @app_commands.describe(
        since="How far back: 12h, 2d, 1w or a date like 2026-03-01 (default: since the last digest, or a day)",
        topic='Only stories about this (words, "phrases", OR, -word, word*)',
        exclude='Leave out stories holding any of these words or "phrases"',
        source="Only stories from these sources: whole names, separated by commas",
        max_stories=f"Show at most this many stories (default {DEFAULT_MAX_STORIES}); the rest are counted",
        public="Post it for everyone in the channel (default: only you see it)",
    )
    async def digest(
        self,
        interaction: discord.Interaction,
        since: app_commands.Range[str, 1, 40] | None = None,
        topic: app_commands.Range[str, 1, 100] | None = None,
        exclude: app_commands.Range[str, 1, 200] | None = None,
        source: app_commands.Range[str, 1, 200] | None = None,
        max_stories: app_commands.Range[int, 1, MAX_STORIES_LIMIT] | None = None,
        public: bool = False,
    ) -> None:
        """Build and show the digest of a window (never pinging anyone)."""
        services = self.bot.services
        now = services.clock.now()
        channel_id = interaction.channel_id or 0
        # Options are checked before deferring so a typo is answered privately even when public; the archive is
        # read only after deferring, as it may be slow.
        asked = parse_since(since, now)
        try:
            filt = digest_filter(
                topic=topic, exclude=exclude, sources=[source] if source else (), max_stories=max_stories
            )
        except FilterError as exc:
            raise OptionError(f"`{exc.option}`: {exc.problem}") from exc
        await defer(interaction, ephemeral=not public)
        start = asked or await deliveries.last_digest_at(services.db, channel_id) or now - timedelta(days=1)
        warning = await filter_warning(services.db, filt, now)
        digest = await services.digest(start, now, filters=filt)
        if not digest.items:
            about = f" about “{discord_text(filt.topic)}”" if filt.topic else ""
            note = f"\n{discord_text(warning)}" if warning else ""
            await say(interaction, f"Nothing new{about} since {timestamp(start, 'f')}.{note}", ephemeral=not public)
            return
        messages = await asyncio.to_thread(services.renderer.discord_messages, digest)  # off the loop: see scheduler
        if public:
            # Recorded as soon as it is decided (like scheduled posts), so two people asking at once
            # do not both post the same stories.
            await deliveries.set_last_digest_at(services.db, channel_id, now)
        await send_all(interaction, messages, ephemeral=not public)
        if warning:
            # Only the person who set the filter needs to know it is (partly) idle.
            await say(interaction, discord_text(warning), ephemeral=True)
