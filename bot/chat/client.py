"""The Discord client: minimal intents, no mentions, one cog per feature, commands synced on start."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import discord
import yarl
from discord import app_commands
from discord.ext import commands

from bot.chat.cogs import about, digest, feeds, find, schedule
from bot.chat.context import Services
from bot.chat.errors import on_app_command_error
from bot.chat.poster import Poster
from bot.config import Settings
from bot.delivery.budget import RateBudget
from bot.delivery.channel import PARALLEL, ChannelSink
from bot.delivery.scheduler import Scheduler
from bot.delivery.shards import Shards
from bot.store import schedules

log = logging.getLogger(__name__)


def apply_endpoints(settings: Settings) -> None:
    """Point discord.py at DISCORD_API_BASE and DISCORD_GATEWAY_URL (a REST proxy, or a test emulator)."""
    # Both are process-wide class attributes that discord.py reads each time it builds a route or connects.
    discord.http.Route.BASE = settings.discord_api_base.rstrip("/")
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.discord_gateway_url)


def shard_ids(settings: Settings) -> dict[str, Any]:
    """Return discord.py's ``shard_ids`` argument: absent means every shard (its stub types no None)."""
    return {} if settings.shard_ids is None else {"shard_ids": list(settings.shard_ids)}


class Tree(app_commands.CommandTree["NewsBot"]):
    """The command tree, answering every failure with a friendly private message."""

    async def on_error(self, interaction: discord.Interaction[NewsBot], error: app_commands.AppCommandError) -> None:
        """Route to the one error handler."""
        await on_app_command_error(interaction, error)


class NewsBot(commands.AutoShardedBot):
    """newsdigest in Discord; cogs reach the store and the digest layers through ``services``.

    Sharded (``bot.delivery.shards``): SHARD_COUNT and SHARD_IDS say which shards this process connects; it
    gets the interactions of those shards' servers only and posts their schedules only. Without them it asks
    Discord for its recommended count and connects every shard, as one process.
    """

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
            shard_count=services.settings.shard_count,
            **shard_ids(services.settings),
        )
        self.services = services
        self.held = Shards.from_settings(services.settings)
        self.poster = Poster(self)
        self.ready_event = asyncio.Event()
        # This process's share of the token's global limit, spent by the scheduled posts.
        self.budget = RateBudget.for_share(services.settings.discord_rate_limit, self.held.share)
        # The daily channel posts; runner.py runs this loop beside the other sinks' (it waits for READY).
        self.channel_sink = ChannelSink(
            services.db, self.poster, services.renderer, self.ready_event, budget=self.budget
        )
        self.scheduler = Scheduler(
            services.db,
            services.settings,
            services.clock,
            [self.channel_sink],
            digest_builder=services.build_digest,
            owns=self.held.owns,
            parallel=PARALLEL,
        )
        self.synced = asyncio.Event()

    async def setup_hook(self) -> None:
        """Load the cogs, register the slash commands with Discord and settle the shard count."""
        if self.shard_count is None:
            # Asked here rather than by discord.py so that the gateway stays DISCORD_GATEWAY_URL.
            self.shard_count, _url, _limits = await self.http.get_bot_gateway()
            log.info("Discord recommends %d shard(s); connecting all of them in this process", self.shard_count)
        else:
            log.info("connecting %s", self.held.describe())
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

    async def on_shard_connect(self, shard_id: int) -> None:
        """Log each shard's connection."""
        log.info("shard %d/%s: connected to the gateway", shard_id, self.shard_count)

    async def on_shard_ready(self, shard_id: int) -> None:
        """Log each shard's servers once it has them."""
        count = sum(1 for g in self.guilds if g.shard_id == shard_id)
        log.info("shard %d/%s: ready with %d server(s)", shard_id, self.shard_count, count)

    async def on_shard_resumed(self, shard_id: int) -> None:
        """Log a resumed session."""
        log.info("shard %d/%s: session resumed", shard_id, self.shard_count)

    async def on_shard_disconnect(self, shard_id: int) -> None:
        """Log a lost connection (discord.py reconnects by itself)."""
        log.info("shard %d/%s: disconnected; reconnecting", shard_id, self.shard_count)

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
