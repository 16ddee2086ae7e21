"""/find: search the archive, with paging buttons only the asker may press."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.chat.answer import in_time, or_nothing, reply
from bot.chat.options import OptionError, parse_since
from bot.chat.views import Pager, embeds_of
from bot.digest.render import DiscordMessage
from bot.store.articles import arrived_between
from bot.store.search import as_typed

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

        # The first page is fetched before answering, so that "no results" and a bad query are answered privately
        # while results are public. A page slower than Discord's deadline (a busy archive, a slow template) is
        # deferred publicly meanwhile, and a private answer then deletes the public "thinking…" first (see reply).
        message, pages = await in_time(interaction, services.clock, load(0), ephemeral=False)
        if pages == 0:
            # The page's own words: the query escaped and marked where cut, and the note when only its start
            # was searched.
            await reply(
                interaction,
                content=f"{message.content}\nTry fewer or different words, or a longer `since`.",
                ephemeral=True,
            )
            return
        view = Pager(
            owner_id=interaction.user.id, load=load, pages=pages, clock=services.clock, timeout=services.view_timeout
        )
        view.origin = interaction
        await reply(interaction, content=message.content, embeds=embeds_of(message), view=view, ephemeral=False)

    @find.autocomplete("query")
    async def recent_headlines(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        """Offer recent headlines that contain what has been typed (none when the archive is slow to answer)."""
        services = self.bot.services
        now = services.clock.now()
        recent = await or_nothing(
            services.clock,
            arrived_between(
                services.db, now - timedelta(days=7), now + timedelta(seconds=1), limit=300, include_initial=True
            ),
        )
        needle = current.strip().lower()
        # As /find takes them: a headline's direction controls (an isolated right-to-left name) left out.
        headlines = (as_typed(a.article.title).strip() for a in recent)
        titles = dict.fromkeys(title[:100] for title in headlines if needle in title.lower())
        return [app_commands.Choice(name=t, value=t) for t in list(titles)[:25] if t]
