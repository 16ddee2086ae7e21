"""/schedule set, show, off (the daily posts themselves are sent by ``bot.delivery``, started by runner.py)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import discord
from discord import app_commands
from discord.ext import commands

from bot.chat.formatting import timestamp
from bot.chat.options import parse_time, parse_zone, zone_choices
from bot.chat.replies import say
from bot.digest.escape import discord_text as escape
from bot.digest.escape import shorten as clip
from bot.scheduling import next_slot
from bot.store import deliveries, schedules
from bot.store.search import build_match

if TYPE_CHECKING:
    from bot.chat.client import NewsBot

log = logging.getLogger(__name__)

MANAGE = discord.Permissions(manage_guild=True)


class ScheduleCog(commands.Cog):
    """Daily digest posts."""

    # Default permissions apply to the whole group (Discord ignores them on subcommands); see FeedsCog.
    schedule = app_commands.Group(
        name="schedule", description="Post a digest every day", guild_only=True, default_permissions=MANAGE
    )

    def __init__(self, bot: NewsBot) -> None:
        self.bot = bot

    @schedule.command(name="set", description="Post a digest here every day at a local time")
    @app_commands.describe(
        time="Local time of day, 24-hour, like 07:30",
        timezone="Time zone, like Europe/Berlin",
        channel="Where to post (default: here)",
        topic="Only stories about this",
    )
    @app_commands.checks.has_permissions(manage_guild=True)
    async def set_(
        self,
        interaction: discord.Interaction,
        time: app_commands.Range[str, 3, 5],
        timezone: app_commands.Range[str, 1, 64],
        channel: discord.TextChannel | None = None,
        topic: app_commands.Range[str, 1, 100] | None = None,
    ) -> None:
        """Create or change the channel's schedule."""
        services = self.bot.services
        hhmm, zone = parse_time(time), parse_zone(timezone)
        if topic:
            build_match(topic)  # a topic with nothing searchable is refused now, not at 07:30
        target = channel.id if channel else interaction.channel_id
        assert target is not None  # noqa: S101 - guild_only commands always come from a channel
        saved = await schedules.set_schedule(
            services.db,
            channel_id=target,
            guild_id=interaction.guild_id,
            time=hhmm,
            timezone=zone,
            topic=topic,
            now=services.clock.now(),
        )
        due = next_slot(saved.time, ZoneInfo(saved.timezone), services.clock.now()).at
        about = f" about “{escape(topic)}”" if topic else ""
        await say(
            interaction,
            f"Every day at {hhmm} ({zone}) I will post a digest{about} in <#{target}>."
            f" Next: {timestamp(due, 'F')} ({timestamp(due, 'R')}).",
        )

    @set_.autocomplete("timezone")
    async def zones(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        """Offer IANA zone names."""
        return [app_commands.Choice(name=z, value=z) for z in zone_choices(current)]

    @schedule.command(name="show", description="Show this server's daily posts and how the last ones went")
    async def show(self, interaction: discord.Interaction) -> None:
        """List schedules with next post, last delivery and last error."""
        services = self.bot.services
        now = services.clock.now()
        found = await schedules.list_schedules(services.db, guild_id=interaction.guild_id)
        if not found:
            await say(
                interaction, "No daily posts yet. Set one with `/schedule set time: 07:30 timezone: Europe/Berlin`."
            )
            return
        lines = []
        for item in found:
            head = f"<#{item.channel_id}> at **{item.time}** {item.timezone}"
            if item.topic:
                head += f", about “{escape(item.topic)}”"
            if not item.enabled:
                lines.append(head + " · off")
                continue
            due = next_slot(item.time, ZoneInfo(item.timezone), now).at
            line = head + f" · next {timestamp(due, 'F')}"
            last = await deliveries.last_delivery(services.db, item.id)
            if last is not None:
                line += f"\nLast: {last.slot} {last.status.value}"
                if last.error and last.status.value != "sent":
                    line += f" ({escape(clip(last.error, 200))})"
            if item.last_error:
                line += f"\n⚠️ Last problem: {escape(clip(item.last_error, 300))}"
            lines.append(line)
        await say(interaction, clip("\n\n".join(lines), 1990))

    @schedule.command(name="off", description="Stop the daily post in a channel")
    @app_commands.describe(channel="Which channel (default: here)")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def off(self, interaction: discord.Interaction, channel: discord.TextChannel | None = None) -> None:
        """Disable the channel's schedule."""
        target = channel.id if channel else interaction.channel_id
        if target is not None and await schedules.disable_schedule(self.bot.services.db, target):
            await say(interaction, f"Daily posts in <#{target}> are off.")
        else:
            await say(interaction, f"There is no daily post in <#{target}> to turn off.")
