"""Send digests and notices to channels: no mentions ever, Discord errors translated into our own."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

import aiohttp
import discord

from bot.chat.answer import NO_MENTIONS
from bot.chat.views import embeds_of
from bot.delivery.sink import SendError
from bot.digest.escape import discord_text as escape
from bot.digest.escape import shorten
from bot.digest.render import DiscordMessage
from bot.limits.discord import CONTENT_MAX
from bot.models import Feed

log = logging.getLogger(__name__)

SEND_PERMISSIONS = "View Channel, Send Messages, Embed Links"
THREAD_PERMISSIONS = "Create Public Threads, Send Messages in Threads"
MISSING_PERMISSIONS = 50013  # Discord's JSON error code
THREAD_ALREADY_CREATED = 160004


def mentions(role_id: int | None) -> discord.AllowedMentions:
    """Return the allowed mentions of a post: none, or exactly one role (never everyone, here or users)."""
    if role_id is None:
        return NO_MENTIONS
    return discord.AllowedMentions(everyone=False, users=False, roles=[discord.Object(role_id)], replied_user=False)


_FAULTS = (discord.HTTPException, aiohttp.ClientError, OSError, TimeoutError)


def _translate(exc: Exception, channel_id: int, needs: str) -> PostError:
    """Return the PostError a discord.py or network error means."""
    if isinstance(exc, discord.Forbidden):
        return PostError(f"missing permission in <#{channel_id}> (needs {needs}): {exc.text}", retry=False)
    if isinstance(exc, discord.NotFound):
        return PostError(f"channel {channel_id} no longer exists or I cannot see it: {exc.text}", retry=False)
    if isinstance(exc, discord.HTTPException):
        # A 429 reaches here only after discord.py waited out its retry_after several times: try again later.
        retry = exc.status >= 500 or exc.status == 429
        return PostError(f"Discord answered {exc.status}: {exc.text or 'no details'}", retry=retry)
    return PostError(f"could not reach Discord: {exc}", retry=True)


class PostError(SendError):
    """A post did not reach the channel; ``retry`` says whether trying again later may help."""


class Poster:
    """Posts prepared messages to channels by id, without needing the channel in the cache."""

    def __init__(self, client: discord.Client) -> None:
        self.client = client

    async def send(
        self,
        channel_id: int,
        messages: Sequence[DiscordMessage],
        *,
        mention_role: int | None = None,
        nonce: str | None = None,
    ) -> list[int]:
        """Send the messages in order; return their ids. ``mention_role`` is the one role they may ping.

        ``nonce`` (one message only): discord.py sends it with ``enforce_nonce``, so Discord creates no second
        message with it for a few minutes and answers with the first (``bot.delivery.channel.message_nonce``).

        Raises:
            PostError: saying why Discord refused (403/404 are final; 5xx and network errors may pass).
        """
        if nonce is not None and len(messages) != 1:
            raise ValueError("a nonce names one message")
        channel = self.client.get_partial_messageable(channel_id)
        sent: list[int] = []
        try:
            for message in messages:
                posted = await channel.send(
                    content=message.content or None,
                    embeds=embeds_of(message),
                    allowed_mentions=mentions(mention_role),
                    nonce=nonce,  # type: ignore[arg-type]  # None (the default) sends none; the overloads omit it
                )
                sent.append(posted.id)
        except _FAULTS as exc:
            raise _translate(exc, channel_id, SEND_PERMISSIONS) from exc
        return sent

    def forum_tags(self, channel_id: int) -> list[tuple[int, str]] | None:
        """Return the (id, name) of a forum channel's tags, or None when the channel is not a forum."""
        channel = self.client.get_channel(channel_id)
        if isinstance(channel, discord.ForumChannel):
            return [(tag.id, tag.name) for tag in channel.available_tags]
        return None

    async def forum_post(
        self,
        channel_id: int,
        name: str,
        message: DiscordMessage,
        *,
        tag_ids: Sequence[int] = (),
        mention_role: int | None = None,
    ) -> int:
        """Create a post in a forum channel starting with ``message``; return its id (the thread's and the message's).

        Raises:
            PostError: as :meth:`send`; a missing Create Posts permission is final.
        """
        channel = self.client.get_channel(channel_id)
        if not isinstance(channel, discord.ForumChannel):
            raise PostError(f"<#{channel_id}> is no longer a forum channel", retry=False)
        tags = [tag for tag in channel.available_tags if tag.id in set(tag_ids)]
        try:
            made = await channel.create_thread(
                name=name,
                content=message.content or None,
                embeds=embeds_of(message),
                applied_tags=tags,
                allowed_mentions=mentions(mention_role),
            )
        except _FAULTS as exc:
            raise _translate(exc, channel_id, SEND_PERMISSIONS) from exc
        return made.message.id

    async def open_thread(self, channel_id: int, message_id: int, name: str, *, guild_id: int | None = None) -> int:
        """Open a public thread on one of the channel's messages; return its id (a second one is the first).

        Raises:
            PostError: a missing Create Public Threads permission (50013) or a gone message is final.
        """
        cached = self.client.get_channel(channel_id)
        channel = (
            cached
            if isinstance(cached, discord.TextChannel)
            else self.client.get_partial_messageable(channel_id, guild_id=guild_id)
        )
        try:
            thread = await channel.get_partial_message(message_id).create_thread(name=name)
        except discord.HTTPException as exc:
            if exc.code == THREAD_ALREADY_CREATED:
                return message_id  # a thread opened on a message has the message's id
            raise _translate(exc, channel_id, THREAD_PERMISSIONS) from exc
        except _FAULTS as exc:
            raise _translate(exc, channel_id, THREAD_PERMISSIONS) from exc
        except ValueError as exc:  # discord.py: the channel's server is not known (not cached)
            raise PostError(f"cannot open a thread in <#{channel_id}>: {exc}", retry=False) from exc
        return thread.id

    async def own_posts_since(self, channel_id: int, since: datetime) -> list[int]:
        """Return ids of the plain messages this bot posted in the channel after ``since``.

        Slash-command replies are another message type, so only scheduled posts and notices count.

        Raises:
            PostError: if the channel's history cannot be read.
        """
        me = self.client.user
        if me is None:
            return []
        channel = self.client.get_partial_messageable(channel_id)
        try:
            return [
                m.id
                async for m in channel.history(limit=50, after=since, oldest_first=True)
                if m.author.id == me.id and m.type is discord.MessageType.default
            ]
        except discord.HTTPException as exc:
            raise PostError(f"cannot read the channel's recent messages: {exc.text}", retry=False) from exc

    async def notify_feed_paused(self, feed: Feed, reason: str) -> None:
        """Tell the feed's channel that polling stopped, once; usable as the poller's ``on_paused``."""
        if feed.channel_id is None:
            log.warning("feed %s paused (%s); it has no channel to tell", feed.url, reason)
            return
        name = escape(feed.name)
        text = (
            f"⏸️ Feed **{name}** is paused: {escape(reason)[:500]}\n"
            "Check it with `/feeds list`; remove and add it again once it works."
        )
        try:
            await self.send(feed.channel_id, [DiscordMessage(content=shorten(text, CONTENT_MAX))])
        except PostError as exc:
            log.warning("could not tell channel %s that feed %s paused: %s", feed.channel_id, feed.url, exc)
