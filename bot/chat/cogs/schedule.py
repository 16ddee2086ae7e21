"""/schedule set, show, preview, test, off (the daily posts themselves are sent by ``bot.delivery``)."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import discord
from discord import app_commands
from discord.ext import commands

from bot.chat.answer import defer, in_time
from bot.chat.formatting import timestamp
from bot.chat.options import OptionError, parse_time, parse_zone, zone_choices
from bot.chat.poster import PostError
from bot.chat.replies import say, send_all
from bot.delivery.channel import channel_target, matching_tags, post_title, render_posts
from bot.delivery.preview import next_post
from bot.delivery.sink import Target
from bot.digest.escape import discord_text as escape
from bot.digest.escape import shorten as clip
from bot.digest.filters import FilterError, describe, digest_filter
from bot.digest.select import filter_warning
from bot.models import DEFAULT_MAX_STORIES, MAX_STORIES_LIMIT
from bot.scheduling import next_slot
from bot.store import deliveries, schedules
from bot.store.records import ChannelSchedule

if TYPE_CHECKING:
    from bot.chat.client import NewsBot

log = logging.getLogger(__name__)

MANAGE = discord.Permissions(manage_guild=True)


class PostableChannel(app_commands.Transformer):
    """A channel option offering text, announcement and forum channels; the command gets its id.

    (``TextChannel | ForumChannel`` would also offer media channels, which a digest cannot go to.)
    """

    @property
    def type(self) -> discord.AppCommandOptionType:
        """Return the option's type: a channel."""
        return discord.AppCommandOptionType.channel

    @property
    def channel_types(self) -> list[discord.ChannelType]:
        """Return the kinds of channel Discord offers."""
        return [discord.ChannelType.text, discord.ChannelType.news, discord.ChannelType.forum]

    async def transform(self, interaction: discord.Interaction, value: object, /) -> int:
        """Return the chosen channel's id."""
        channel_id = getattr(value, "id", None)
        if not isinstance(channel_id, int):
            raise OptionError("`channel`: pick a text or forum channel")
        return channel_id


Postable = app_commands.Transform[int, PostableChannel]


def _missing_permissions(interaction: discord.Interaction, channel_id: int, *, thread: bool) -> list[str]:
    """Name the permissions the bot lacks to post a digest in a channel (none when it cannot tell).

    Saved all the same (they may be granted before the first post), but said now rather than at 07:30.
    """
    guild = interaction.guild
    me = guild.me if guild is not None else None
    channel = guild.get_channel(channel_id) if guild is not None else None
    if me is None or channel is None:
        return []
    perms = channel.permissions_for(me)
    needed = [("View Channel", perms.view_channel), ("Send Messages", perms.send_messages)]  # in a forum: Create Posts
    if perms.send_messages:  # without it Discord denies embeds and threads too: granting it is the first step
        needed.append(("Embed Links", perms.embed_links))
        if thread and isinstance(channel, discord.TextChannel):
            needed.append(("Create Public Threads", perms.create_public_threads))
    return [name for name, granted in needed if not granted]


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
        channel="Where to post: a text or forum channel (default: here)",
        topic='Only stories about this (words, "phrases", OR, -word, word*)',
        exclude='Leave out stories holding any of these words or "phrases"',
        sources="Only stories from these sources: whole names, separated by commas",
        max_stories=f"Show at most this many stories (default {DEFAULT_MAX_STORIES}); the rest are counted",
        thread="Open a thread on each post for discussion (in a forum channel each post is a forum post)",
        ping="A role to mention when the post has at least one story (never @everyone)",
    )
    @app_commands.checks.has_permissions(manage_guild=True)
    async def set_(
        self,
        interaction: discord.Interaction,
        time: app_commands.Range[str, 3, 5],
        timezone: app_commands.Range[str, 1, 64],
        channel: Postable | None = None,
        topic: app_commands.Range[str, 1, 100] | None = None,
        exclude: app_commands.Range[str, 1, 200] | None = None,
        sources: app_commands.Range[str, 1, 200] | None = None,
        max_stories: app_commands.Range[int, 1, MAX_STORIES_LIMIT] | None = None,
        thread: bool = False,
        ping: discord.Role | None = None,
    ) -> None:
        """Create or change the channel's schedule, with its filter, thread and ping options."""
        services = self.bot.services
        hhmm, zone = parse_time(time), parse_zone(timezone)
        try:
            # A filter with nothing searchable is refused now, not at 07:30.
            filt = digest_filter(
                topic=topic, exclude=exclude, sources=[sources] if sources else (), max_stories=max_stories
            )
        except FilterError as exc:
            option = "sources" if exc.option == "source" else exc.option  # this command's option name
            raise OptionError(f"`{option}`: {exc.problem}") from exc
        if ping is not None and ping.is_default():
            raise OptionError("`ping`: I never mention @everyone; pick a role people can join for this topic")
        target = channel or interaction.channel_id
        assert target is not None  # noqa: S101 - guild_only commands always come from a channel
        now = services.clock.now()

        async def save() -> tuple[ChannelSchedule, str | None]:
            saved = await schedules.set_schedule(
                services.db,
                channel_id=target,
                guild_id=interaction.guild_id,
                time=hhmm,
                timezone=zone,
                topic=filt.topic,
                now=now,
                exclude=filt.exclude,
                sources=filt.sources,
                max_stories=max_stories,
                thread=thread,
                ping_role_id=ping.id if ping else None,
            )
            return saved, await filter_warning(services.db, filt, now)

        saved, warning = await in_time(interaction, services.clock, save(), ephemeral=True)
        due = next_slot(saved.time, ZoneInfo(saved.timezone), now).at
        lines = [
            f"Every day at {hhmm} ({zone}) I will post a digest in <#{target}>: {escape(describe(saved.filter))}."
            f" Next: {timestamp(due, 'F')} ({timestamp(due, 'R')}).",
            *self._extras(channel_target(saved), ping),
        ]
        missing = _missing_permissions(interaction, target, thread=thread)
        if missing:
            lines.append(
                f"⚠️ I cannot post in <#{target}> yet: I need {' and '.join(missing)} there. Until then each post fails,"
                " and `/schedule show` says why."
            )
        if warning:
            lines.append(f"⚠️ {escape(warning)}")
        lines.append("`/schedule preview` shows the next post now; `/schedule test` posts it once, as a test.")
        await say(interaction, "\n".join(lines))

    def _extras(self, target: Target, ping: discord.Role | None) -> list[str]:
        """Say how the posts will look: a forum post with tags, a thread, a ping."""
        lines = []
        title = escape(post_title(self.bot.services.clock.now(), target.timezone))
        tags = self.bot.poster.forum_tags(target.channel_id or 0)
        if tags is not None:
            chosen = set(matching_tags(tags, target.topic))
            names = ", ".join(escape(name) for tag_id, name in tags if tag_id in chosen)
            lines.append(f"Each post is a new forum post titled like “{title}”{f', tagged {names}' if names else ''}.")
        elif target.thread:
            lines.append(f"Each post opens a thread named like “{title}”.")
        if ping is not None:
            lines.append(f"Posts with a story mention {ping.mention}; nobody else is ever pinged.")
            if not ping.mentionable:
                lines.append(
                    "⚠️ That role is not mentionable: make it mentionable (Server Settings > Roles) or give me"
                    " Mention @everyone, @here and All Roles, or the mention will not notify anyone."
                )
        return lines

    @set_.autocomplete("timezone")
    async def zones(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        """Offer IANA zone names."""
        return [app_commands.Choice(name=z, value=z) for z in zone_choices(current)]

    @schedule.command(name="show", description="Show this server's daily posts and how the last ones went")
    async def show(self, interaction: discord.Interaction) -> None:
        """List schedules with their filter, next post, last delivery and last problem."""
        text = await in_time(interaction, self.bot.services.clock, self._overview(interaction), ephemeral=True)
        await say(interaction, text)

    async def _overview(self, interaction: discord.Interaction) -> str:
        services = self.bot.services
        now = services.clock.now()
        found = await schedules.list_schedules(services.db, guild_id=interaction.guild_id)
        if not found:
            return "No daily posts yet. Set one with `/schedule set time: 07:30 timezone: Europe/Berlin`."
        lines = []
        for item in found:
            head = f"<#{item.channel_id}> at **{item.time}** {item.timezone} · {escape(describe(item.filter))}"
            if item.thread:
                head += " · in a thread"
            if item.ping_role_id is not None:
                head += f" · pings <@&{item.ping_role_id}>"
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
        return clip("\n\n".join(lines), 1990)

    async def _schedule_of(self, interaction: discord.Interaction, channel: Postable | None) -> ChannelSchedule:
        where = channel or interaction.channel_id
        found = await schedules.get_schedule(self.bot.services.db, where or 0)
        if found is None or not found.enabled:
            raise OptionError(f"There is no daily post in <#{where}>. Set one with `/schedule set`.")
        return found

    @schedule.command(name="preview", description="See the next daily post now, exactly as it would go out")
    @app_commands.describe(channel="Which channel's daily post (default: here)")
    async def preview(self, interaction: discord.Interaction, channel: Postable | None = None) -> None:
        """Show the caller alone the post that would go out now; nothing is posted or counted."""
        services = self.bot.services
        saved = await in_time(interaction, services.clock, self._schedule_of(interaction, channel), ephemeral=True)
        await defer(interaction, ephemeral=True)
        target = channel_target(saved)
        upcoming = await next_post(
            services.db, services.settings, services.clock, target, builder=services.build_digest
        )
        digest = upcoming.digest
        if not upcoming.posts:
            await say(
                interaction,
                f"Nothing would be posted in <#{saved.channel_id}> now: no story since"
                f" {timestamp(digest.since, 'f')} passes {escape(describe(saved.filter))}.",
            )
            return
        more = f" (and {digest.more} more, counted in the last line)" if digest.more else ""
        intro = [
            f"Preview of the next post in <#{saved.channel_id}>, as it would go out now: {len(digest.items)}"
            f" stories{more} since {timestamp(digest.since, 'f')}. Only you see this.",
            *self._extras(target, None),
        ]
        await say(interaction, "\n".join(intro))
        posts = await asyncio.to_thread(render_posts, services.renderer, digest, target)  # off the loop: see scheduler
        await send_all(interaction, [post.message for post in posts], ephemeral=True)

    @schedule.command(name="test", description="Post the next daily post now, marked as a test")
    @app_commands.describe(channel="Which channel's daily post (default: here)")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def test(self, interaction: discord.Interaction, channel: Postable | None = None) -> None:
        """Post the digest now as a test: marked, never pinging, not counted as the day's post."""
        services, sink = self.bot.services, self.bot.channel_sink
        saved = await in_time(interaction, services.clock, self._schedule_of(interaction, channel), ephemeral=True)
        await defer(interaction, ephemeral=True)
        target = channel_target(saved)
        upcoming = await next_post(
            services.db, services.settings, services.clock, target, builder=services.build_digest
        )
        posts = await asyncio.to_thread(render_posts, services.renderer, upcoming.digest, target, test=True)
        sent: list[str] = []
        try:
            for post in posts:
                sent.append(await sink.send(target, post))
        except PostError as exc:
            await say(interaction, f"The test post failed after {len(sent)} message(s): {escape(str(exc))}")
            return
        finally:
            sink.forget_test(target)
        notes = []
        if target.thread and not sink.is_forum(target) and sent and sent[0].isdigit():
            problem = await sink.open_thread(target, int(sent[0]), posts[0].title)
            if problem:
                notes.append(f"⚠️ {escape(problem)}")
        due = next_slot(saved.time, ZoneInfo(saved.timezone), services.clock.now()).at
        ping = " It mentioned no role: a test never pings." if saved.ping_role_id is not None else ""
        await say(
            interaction,
            "\n".join(
                [
                    f"Test post sent to <#{saved.channel_id}> ({len(sent)} message(s)). It is not the day's post,"
                    f" which still comes {timestamp(due, 'R')}.{ping}",
                    *notes,
                ]
            ),
        )

    @schedule.command(name="off", description="Stop the daily post in a channel")
    @app_commands.describe(channel="Which channel (default: here)")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def off(self, interaction: discord.Interaction, channel: Postable | None = None) -> None:
        """Disable the channel's schedule."""
        target = channel or interaction.channel_id
        services = self.bot.services
        if target is not None and await in_time(
            interaction, services.clock, schedules.disable_schedule(services.db, target), ephemeral=True
        ):
            await say(interaction, f"Daily posts in <#{target}> are off.")
        else:
            await say(interaction, f"There is no daily post in <#{target}> to turn off.")
