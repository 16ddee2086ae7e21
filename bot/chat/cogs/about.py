"""/about: version, counts, next scheduled post."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot import PROJECT_URL, __version__
from bot.chat.answer import in_time
from bot.chat.formatting import timestamp
from bot.chat.replies import say
from bot.store.articles import counts

if TYPE_CHECKING:
    from bot.chat.client import NewsBot


class AboutCog(commands.Cog):
    """What this bot is and how full its archive is."""

    def __init__(self, bot: NewsBot) -> None:
        self.bot = bot

    @app_commands.command(name="about", description="Version, archive size and the next scheduled post")
    async def about(self, interaction: discord.Interaction) -> None:
        """Describe the bot (counting a large archive may take a while: then it is deferred)."""

        async def describe() -> str:
            numbers = await counts(self.bot.services.db)
            upcoming = await self.bot.scheduler.next_post_at(guild_id=interaction.guild_id)
            next_line = (
                f"Next scheduled post: {timestamp(upcoming[1], 'F')} in <#{upcoming[0].channel_id}>"
                if upcoming
                else "No scheduled post (see `/schedule set`)."
            )
            return (
                f"**newsdigest {__version__}**: a calm daily news digest. <{PROJECT_URL}>\n"
                f"{numbers['articles']} articles ({numbers['stories']} stories) from {numbers['feeds']} feed(s) "
                f"and {numbers['sources']} source(s); {numbers['deliveries']} digests posted.\n{next_line}"
            )

        await say(interaction, await in_time(interaction, self.bot.services.clock, describe(), ephemeral=True))
