"""/find: search the archive, with paging buttons only the asker may press."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.chat.options import OptionError, parse_since
from bot.chat.replies import NO_MENTIONS
from bot.chat.views import Pager, embeds_of
from bot.digest.render import DiscordMessage
from bot.store.articles import arrived_between

if TYPE_CHECKING:
    from bot.chat.client import NewsBot


class FindCog(commands.Cog):
    """Search."""

    def __init__(self, bot: NewsBot) -> None:
        self.bot = bot

    @app_commands.command(name="find", description="Search the news archive")
    @app_commands.describe(
        query="Words to look for; use quotes for a phrase",
        since="Only articles since: 12h, 2d, 1w or a date like 2026-03-01",
        source="Only articles from this source (its name)",
    )
    async def find(
        self,
        interaction: discord.Interaction,
        query: app_commands.Range[str, 1, 200],
        since: app_commands.Range[str, 1, 40] | None = None,
        source: app_commands.Range[str, 1, 100] | None = None,
    ) -> None:
        """Show the first page of hits with Previous/Next buttons."""
        services = self.bot.services
        now = services.clock.now()
        start = parse_since(since, now, default=now - timedelta(days=3650)) if since else None
        if not query.strip():
            raise OptionError("Type some words to search for, for example `/find query: heat pump`.")
        size = services.page_size

        async def load(page: int) -> tuple[DiscordMessage, int]:
            result = await services.search(
                services.db, query, now=now, limit=size, offset=page * size, since=start, source=source
            )
            # A page holds at most ``page_size`` hits, which fit in one message; the rest would be a bug.
            message = (await asyncio.to_thread(services.renderer.search_messages, result))[0]  # off the loop
            return message, -(-result.total // size)

        # FTS5 answers in milliseconds, so the first page is fetched before answering: a bad query then
        # gets a private reply instead of a public error.
        message, pages = await load(0)
        if pages == 0:
            # The page's own words: the query escaped and marked where cut, and the note when only its start
            # was searched.
            await interaction.response.send_message(
                f"{message.content}\nTry fewer or different words, or a longer `since`.",
                ephemeral=True,
                allowed_mentions=NO_MENTIONS,
            )
            return
        view = Pager(owner_id=interaction.user.id, load=load, pages=pages, timeout=services.view_timeout)
        view.origin = interaction
        await interaction.response.send_message(
            message.content or "", embeds=embeds_of(message), view=view, allowed_mentions=NO_MENTIONS
        )

    @find.autocomplete("query")
    async def recent_headlines(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        """Offer recent headlines that contain what has been typed."""
        services = self.bot.services
        now = services.clock.now()
        recent = await arrived_between(
            services.db, now - timedelta(days=7), now + timedelta(seconds=1), limit=300, include_initial=True
        )
        needle = current.strip().lower()
        titles = dict.fromkeys(a.article.title.strip()[:100] for a in recent if needle in a.article.title.lower())
        return [app_commands.Choice(name=t, value=t) for t in list(titles)[:25] if t]
