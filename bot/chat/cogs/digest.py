"""/digest: what is new since this channel's last digest."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.chat.formatting import timestamp
from bot.chat.options import parse_since
from bot.chat.replies import say, send_all
from bot.store import deliveries
from bot.store.search import build_match

if TYPE_CHECKING:
    from bot.chat.client import NewsBot


class DigestCog(commands.Cog):
    """The on-demand digest."""

    def __init__(self, bot: NewsBot) -> None:
        self.bot = bot

    @app_commands.command(name="digest", description="Show what is new since this channel's last digest")
    @app_commands.describe(
        since="How far back: 12h, 2d, 1w or a date like 2026-03-01 (default: since the last digest, or a day)",
        topic="Only stories about this",
        public="Post it for everyone in the channel (default: only you see it)",
    )
    async def digest(
        self,
        interaction: discord.Interaction,
        since: app_commands.Range[str, 1, 40] | None = None,
        topic: app_commands.Range[str, 1, 100] | None = None,
        public: bool = False,
    ) -> None:
        """Build and show the digest of a window."""
        services = self.bot.services
        now = services.clock.now()
        channel_id = interaction.channel_id or 0
        last = await deliveries.last_digest_at(services.db, channel_id)
        # Options are checked before deferring so a typo is answered privately even when public.
        start = parse_since(since, now, default=last or now - timedelta(days=1))
        if topic:
            build_match(topic)
        await interaction.response.defer(ephemeral=not public, thinking=True)
        digest = await services.digest(start, now, topic=topic)
        if not digest.items:
            about = f" about “{topic}”" if topic else ""
            await say(interaction, f"Nothing new{about} since {timestamp(start, 'f')}.", ephemeral=not public)
            return
        messages = services.renderer.discord_messages(digest)
        if public:
            # Recorded as soon as it is decided (like scheduled posts), so two people asking at once
            # do not both post the same stories.
            await deliveries.set_last_digest_at(services.db, channel_id, now)
        await send_all(interaction, messages, ephemeral=not public)
