"""The Discord client: minimal intents, no mentions, one cog per feature, commands synced on start."""

from __future__ import annotations

import asyncio
import logging

import discord
import yarl
from discord import app_commands
from discord.ext import commands

from bot.chat.cogs import about, digest, feeds, find, schedule
from bot.chat.context import Services
from bot.chat.errors import on_app_command_error
from bot.chat.poster import Poster
from bot.config import Settings
from bot.delivery.channel import ChannelSink
from bot.delivery.scheduler import Scheduler
from bot.store import schedules

log = logging.getLogger(__name__)


def apply_endpoints(settings: Settings) -> None:
    """Point discord.py at DISCORD_API_BASE and DISCORD_GATEWAY_URL (a REST proxy, or a test emulator)."""
    # Both are process-wide class attributes that discord.py reads each time it builds a route or connects.
    discord.http.Route.BASE = settings.discord_api_base.rstrip("/")
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.discord_gateway_url)


class Tree(app_commands.CommandTree["NewsBot"]):
    """The command tree, answering every failure with a friendly private message."""

    async def on_error(self, interaction: discord.Interaction[NewsBot], error: app_commands.AppCommandError) -> None:
        """Route to the one error handler."""
        await on_app_command_error(interaction, error)


class NewsBot(commands.Bot):
    """newsdigest in Discord; cogs reach the store and the digest layers through ``services``."""

    def __init__(self, services: Services, *, guild_ready_timeout: float = 2.0) -> None:
        # Only the guilds intent: no privileged intents (members, presences, message content) are needed.
        intents = discord.Intents.none()
        intents.guilds = True
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents,
            allowed_mentions=discord.AllowedMentions.none(),
            help_command=None,
            tree_cls=Tree,
            guild_ready_timeout=guild_ready_timeout,
        )
        self.services = services
        self.poster = Poster(self)
        self.ready_event = asyncio.Event()
        # The daily channel posts; runner.py runs this loop beside the other sinks' (it waits for READY).
        self.channel_sink = ChannelSink(services.db, self.poster, services.renderer, self.ready_event)
        self.scheduler = Scheduler(
            services.db,
            services.settings,
            services.clock,
            [self.channel_sink],
            digest_builder=services.build_digest,
        )
        self.synced = asyncio.Event()

    async def setup_hook(self) -> None:
        """Load the cogs and register the slash commands with Discord."""
        for cog in (
            digest.DigestCog(self),
            find.FindCog(self),
            feeds.FeedsCog(self),
            schedule.ScheduleCog(self),
            about.AboutCog(self),
        ):
            await self.add_cog(cog)
        await self.schedule_from_settings()
        await self.sync_commands()

    async def schedule_from_settings(self) -> None:
        """Create the schedule DIGEST_TIME + DISCORD_CHANNEL_ID ask for, once; /schedule changes it later."""
        settings = self.services.settings
        if settings.digest_time is None or settings.discord_channel_id is None:
            return
        created = await schedules.add_schedule_if_missing(
            self.services.db,
            channel_id=settings.discord_channel_id,
            guild_id=settings.discord_guild_id,
            time=settings.digest_time,
            timezone=settings.timezone,
            now=self.services.clock.now(),
        )
        if created:
            log.info(
                "daily digest at %s %s in channel %s (from DIGEST_TIME)",
                settings.digest_time,
                settings.timezone,
                settings.discord_channel_id,
            )

    async def sync_commands(self) -> None:
        """Sync globally, or to DISCORD_GUILD_ID where changes show at once (handy while developing)."""
        guild_id = self.services.settings.discord_guild_id
        try:
            if guild_id is not None:
                guild = discord.Object(guild_id)
                self.tree.copy_global_to(guild=guild)
                synced = await self.tree.sync(guild=guild)
                log.info("registered %d slash commands in server %s", len(synced), guild_id)
            else:
                synced = await self.tree.sync()
                log.info("registered %d slash commands (global; new ones can take up to an hour to show)", len(synced))
        except discord.HTTPException as exc:
            log.error("Discord refused the slash commands (%s): %s", exc.status, exc.text)
        self.synced.set()

    async def close(self) -> None:
        """Log out; also stop discord.py's READY-delay task, which outlives the close during start-up."""
        ready_task = getattr(self._connection, "_ready_task", None)
        if isinstance(ready_task, asyncio.Task):
            ready_task.cancel()
        await super().close()

    async def on_ready(self) -> None:
        """Note the connection; the scheduler waits for it."""
        log.info("connected to Discord as %s in %d server(s)", self.user, len(self.guilds))
        channel_id = self.services.settings.discord_channel_id
        channel = self.get_channel(channel_id) if channel_id else None
        if channel_id and isinstance(channel, discord.abc.GuildChannel):
            # DIGEST_TIME's schedule was made before the gateway told which server the channel is in.
            await schedules.set_guild_if_unknown(self.services.db, channel_id, channel.guild.id)
        elif channel_id:
            log.warning("DISCORD_CHANNEL_ID %s is not a channel I can see; check the id and my permissions", channel_id)
        self.ready_event.set()
