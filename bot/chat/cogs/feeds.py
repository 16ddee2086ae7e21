"""/feeds add, remove, list, import, export."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.chat.answer import defer, in_time, or_nothing, reply
from bot.chat.feed_health import status_page
from bot.chat.formatting import DESCRIPTION_LIMIT, timestamp
from bot.chat.replies import say
from bot.chat.views import Pager, embeds_of
from bot.digest.discord import DiscordMessage
from bot.digest.escape import discord_link
from bot.digest.escape import discord_text as escape
from bot.digest.escape import shorten as clip
from bot.errors import NewsdigestError
from bot.ingest import feedcmds
from bot.ingest.opml import MAX_OPML_BYTES
from bot.ingest.subscribe import add_feed_and_backfill
from bot.limits.discord import EMBEDS_PER_MESSAGE
from bot.logs import redact
from bot.store import feeds as feed_store
from bot.store.feeds import FeedExistsError

if TYPE_CHECKING:
    from bot.chat.client import NewsBot

MANAGE = discord.Permissions(manage_guild=True)


def _feed_line(status: feedcmds.FeedStatus) -> str:
    feed = status.feed
    name = escape(clip(feed.name, 80))
    parts = [f"**{name}** (#{feed.id})", escape(clip(status.state, 200))]
    parts.append(f"last success {timestamp(feed.last_success_at, 'R')}" if feed.last_success_at else "never fetched")
    if feed.last_error and feed.last_error_at:
        parts.append(f"last error {timestamp(feed.last_error_at, 'R')}")
    if feed.channel_id:
        parts.append(f"<#{feed.channel_id}>")
    return " · ".join(parts) + f"\n{discord_link(feed.shown_url)}"


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
        await defer(interaction, ephemeral=True)
        services = self.bot.services
        target = channel.id if channel else interaction.channel_id
        try:
            feed, report = await add_feed_and_backfill(
                services.db,
                url.strip(),
                settings=services.settings,
                clock=services.clock,
                guild_id=interaction.guild_id,
                channel_id=target,
            )
        except FeedExistsError:
            await say(interaction, "That feed is already subscribed; `/feeds list` shows it.")
            return
        await say(
            interaction,
            f"Added **{escape(feed.name)}** for <#{target}>. Its {report.new} current"
            f" stor{'y is' if report.new == 1 else 'ies are'} stored and searchable, not posted;"
            " new ones will appear in digests.",
        )

    @feeds.command(name="remove", description="Unsubscribe from a feed (its stories stay searchable)")
    @app_commands.describe(feed="The feed's address or number, as shown by /feeds list")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def remove(self, interaction: discord.Interaction, feed: app_commands.Range[str, 1, 2000]) -> None:
        """Unsubscribe."""
        services = self.bot.services
        try:
            removed = await in_time(
                interaction,
                services.clock,
                feedcmds.remove_feed(services.db, feed, guild_id=interaction.guild_id),
                ephemeral=True,
            )
        except NewsdigestError:
            await say(interaction, "No such feed here; `/feeds list` shows the subscribed ones.")
            return
        await say(interaction, f"Removed **{escape(removed.name)}**. Its stories stay searchable.")

    @remove.autocomplete("feed")
    async def feed_choices(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        """Offer the server's feeds (none when the archive is slow to answer)."""
        needle = current.lower()
        services = self.bot.services
        found = await or_nothing(services.clock, feed_store.list_feeds(services.db, guild_id=interaction.guild_id))
        return [
            app_commands.Choice(name=clip(f"#{f.id} {f.name}", 100), value=str(f.id))
            for f in found
            if needle in f.shown_url.lower() or needle in (f.title or "").lower()
        ][:25]

    @feeds.command(name="list", description="List the feeds with their last success, last error and next poll")
    async def list_(self, interaction: discord.Interaction) -> None:
        """Show every feed of this server and its health."""
        services = self.bot.services
        found = await in_time(
            interaction,
            services.clock,
            feedcmds.list_feed_status(services.db, now=services.clock.now(), guild_id=interaction.guild_id),
            ephemeral=True,
        )
        if not found:
            await say(interaction, "No feeds yet. Add one with `/feeds add url: https://...`.")
            return
        lines = [_feed_line(f) for f in found]
        embed: dict[str, Any] = {
            "title": f"{len(found)} feed{'s' if len(found) != 1 else ''}",
            "description": clip("\n\n".join(lines), DESCRIPTION_LIMIT),
        }
        await reply(interaction, embeds=[discord.Embed.from_dict(embed)], ephemeral=True)

    @feeds.command(name="status", description="Every feed's health: last success, last error, next poll, paused since")
    async def status(self, interaction: discord.Interaction) -> None:
        """Show the server's feeds, a few per page, with Previous/Next buttons for the asker."""
        services = self.bot.services
        now = services.clock.now()
        found = await in_time(
            interaction,
            services.clock,
            feed_store.list_feeds(services.db, guild_id=interaction.guild_id),
            ephemeral=True,
        )
        if not found:
            await say(interaction, "No feeds yet. Add one with `/feeds add url: https://...`.")
            return
        size = max(1, min(services.page_size, EMBEDS_PER_MESSAGE))

        async def load(page: int) -> tuple[DiscordMessage, int]:
            return status_page(found, page, size, now)

        message, pages = await load(0)
        view = Pager(
            owner_id=interaction.user.id,
            load=load,
            pages=pages,
            clock=services.clock,
            timeout=services.view_timeout,
            refusal="Only the person who asked can turn these pages. Try `/feeds status` yourself.",
        )
        view.origin = interaction
        await reply(interaction, content=message.content, embeds=embeds_of(message), view=view, ephemeral=True)

    @feeds.command(name="import", description="Subscribe to every feed of an OPML file")
    @app_commands.describe(file="An .opml file exported from another reader", channel="Where their stories belong")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def import_(
        self, interaction: discord.Interaction, file: discord.Attachment, channel: discord.TextChannel | None = None
    ) -> None:
        """Import an OPML subscription list."""
        if file.size > MAX_OPML_BYTES:
            await say(interaction, "That file is larger than 1 MB; an OPML list is usually a few kB.")
            return
        # Each listed feed is fetched once to store its current stories: this can take a while.
        await defer(interaction, ephemeral=True)
        services = self.bot.services
        data = await file.read()
        result = await feedcmds.import_opml(
            services.db,
            data,
            settings=services.settings,
            clock=services.clock,
            guild_id=interaction.guild_id,
            channel_id=channel.id if channel else interaction.channel_id,
        )
        text = f"Imported {len(result.added)} feed(s); their current stories are stored, not posted."
        if result.skipped:
            text += f"\nNot imported ({len(result.skipped)}):\n" + "\n".join(
                f"• {discord_link(clip(redact(url), 200))}: {escape(clip(redact(reason), 200))}"
                for url, reason in result.skipped[:10]
            )
        await say(interaction, text)

    @feeds.command(name="export", description="Download the feeds as an OPML file")
    async def export(self, interaction: discord.Interaction) -> None:
        """Send the subscription list as a file."""
        services = self.bot.services
        export = await in_time(
            interaction,
            services.clock,
            feedcmds.export_feeds(services.db, now=services.clock.now(), guild_id=interaction.guild_id),
            ephemeral=True,
        )
        data = export.text.encode("utf-8")
        note = (
            f" ({export.hidden_passwords} feed address(es) hold a password, written [redacted]: a password is never"
            " posted in chat; `newsdigest feeds export --with-passwords` keeps them)"
            if export.hidden_passwords
            else ""
        )
        await reply(
            interaction,
            content=f"Your feeds as OPML:{note}",
            file=discord.File(io.BytesIO(data), filename="newsdigest-feeds.opml"),
            ephemeral=True,
        )
