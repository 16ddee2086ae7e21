"""/feeds add, remove, list, import, export."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.chat import feeds_api
from bot.chat.formatting import DESCRIPTION_LIMIT, clip, escape, timestamp
from bot.chat.replies import NO_MENTIONS, say
from bot.models import Feed

if TYPE_CHECKING:
    from bot.chat.client import NewsBot

MANAGE = discord.Permissions(manage_guild=True)


def _feed_line(feed: Feed) -> str:
    name = escape(clip(feed.title or feed.url, 80))
    parts = [f"**{name}** (#{feed.id})"]
    if feed.paused:
        parts.append("⏸️ paused")
    parts.append(f"ok {timestamp(feed.last_success_at, 'R')}" if feed.last_success_at else "never fetched yet")
    if feed.last_error:
        parts.append(f"last error {timestamp(feed.last_error_at, 'R')}: {escape(clip(feed.last_error, 150))}")
    if feed.next_poll_at and not feed.paused:
        parts.append(f"next poll {timestamp(feed.next_poll_at, 'R')}")
    return " · ".join(parts) + f"\n<{feed.url}>"


class FeedsCog(commands.Cog):
    """Feed subscriptions of a server."""

    # Discord only honours default permissions on top-level commands: the whole group is shown to
    # people with Manage Server (admins can widen it in Server Settings > Integrations), and the
    # commands that change something also check on our side.
    feeds = app_commands.Group(
        name="feeds", description="Manage the news feeds", guild_only=True, default_permissions=MANAGE
    )

    def __init__(self, bot: NewsBot) -> None:
        self.bot = bot

    @feeds.command(name="add", description="Subscribe to an RSS, Atom or JSON feed")
    @app_commands.describe(url="The feed's address (https://...)", channel="Where its stories belong (default: here)")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def add(
        self,
        interaction: discord.Interaction,
        url: app_commands.Range[str, 8, 2000],
        channel: discord.TextChannel | None = None,
    ) -> None:
        """Subscribe; the feed's current entries are stored without being posted."""
        # Fetching the feed for the first time can take a while.
        await interaction.response.defer(ephemeral=True, thinking=True)
        services = self.bot.services
        target = channel.id if channel else interaction.channel_id
        feed, new = await feeds_api.add_feed(
            services.db,
            url,
            settings=services.settings,
            clock=services.clock,
            guild_id=interaction.guild_id,
            channel_id=target,
        )
        name = escape(feed.title or feed.url)
        if new:
            text = (
                f"Added **{name}** for <#{target}>. What it carries now is stored, not posted;"
                " new stories will appear in digests."
            )
        else:
            text = f"**{name}** is already subscribed (#{feed.id})."
        await say(interaction, text)

    @feeds.command(name="remove", description="Unsubscribe from a feed (its stories stay searchable)")
    @app_commands.describe(feed="The feed's address or number, as shown by /feeds list")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def remove(self, interaction: discord.Interaction, feed: app_commands.Range[str, 1, 2000]) -> None:
        """Unsubscribe."""
        removed = await feeds_api.remove_feed(self.bot.services.db, feed, guild_id=interaction.guild_id)
        if removed is None:
            await say(interaction, "No such feed here; `/feeds list` shows the subscribed ones.")
            return
        await say(interaction, f"Removed **{escape(removed.title or removed.url)}**. Its stories stay searchable.")

    @remove.autocomplete("feed")
    async def feed_choices(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        """Offer the server's feeds."""
        needle = current.lower()
        found = await feeds_api.list_feeds(self.bot.services.db, guild_id=interaction.guild_id)
        return [
            app_commands.Choice(name=clip(f"#{f.id} {f.title or f.url}", 100), value=str(f.id))
            for f in found
            if needle in f.url.lower() or needle in (f.title or "").lower()
        ][:25]

    @feeds.command(name="list", description="List the feeds with their last success, last error and next poll")
    async def list_(self, interaction: discord.Interaction) -> None:
        """Show every feed of this server and its health."""
        found = await feeds_api.list_feeds(self.bot.services.db, guild_id=interaction.guild_id)
        if not found:
            await say(interaction, "No feeds yet. Add one with `/feeds add url: https://...`.")
            return
        lines = [_feed_line(f) for f in found]
        embed: dict[str, Any] = {
            "title": f"{len(found)} feed{'s' if len(found) != 1 else ''}",
            "description": clip("\n\n".join(lines), DESCRIPTION_LIMIT),
        }
        await interaction.response.send_message(
            embed=discord.Embed.from_dict(embed), ephemeral=True, allowed_mentions=NO_MENTIONS
        )

    @feeds.command(name="import", description="Subscribe to every feed of an OPML file")
    @app_commands.describe(file="An .opml file exported from another reader", channel="Where their stories belong")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def import_(
        self, interaction: discord.Interaction, file: discord.Attachment, channel: discord.TextChannel | None = None
    ) -> None:
        """Import an OPML subscription list."""
        if file.size > feeds_api.MAX_OPML_BYTES:
            await say(interaction, "That file is larger than 1 MB; an OPML list is usually a few kB.")
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        services = self.bot.services
        data = await file.read()
        result = await feeds_api.import_opml(
            services.db,
            data,
            settings=services.settings,
            clock=services.clock,
            guild_id=interaction.guild_id,
            channel_id=channel.id if channel else interaction.channel_id,
        )
        text = f"Imported {len(result.added)} new feed(s); {len(result.already)} were already subscribed."
        if result.problems:
            text += "\nNot imported:\n" + "\n".join(f"• {clip(p, 200)}" for p in result.problems[:10])
        await say(interaction, text)

    @feeds.command(name="export", description="Download the feeds as an OPML file")
    async def export(self, interaction: discord.Interaction) -> None:
        """Send the subscription list as a file."""
        services = self.bot.services
        data = await feeds_api.export_opml(services.db, guild_id=interaction.guild_id, now=services.clock.now())
        await interaction.response.send_message(
            "Your feeds as OPML:",
            file=discord.File(io.BytesIO(data), filename="newsdigest-feeds.opml"),
            ephemeral=True,
        )
