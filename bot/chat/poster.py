"""Send digests and notices to channels: no mentions ever, Discord errors translated into our own."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

import aiohttp
import discord

from bot.chat.views import embeds_of
from bot.delivery.sink import SendError
from bot.digest.escape import discord_text as escape
from bot.digest.escape import shorten
from bot.digest.render import DiscordMessage
from bot.limits.discord import CONTENT_MAX
from bot.models import Feed

log = logging.getLogger(__name__)

NO_MENTIONS = discord.AllowedMentions.none()


class PostError(SendError):
    """A post did not reach the channel; ``retry`` says whether trying again later may help."""


class Poster:
    """Posts prepared messages to channels by id, without needing the channel in the cache."""

    def __init__(self, client: discord.Client) -> None:
        self.client = client

    async def send(self, channel_id: int, messages: Sequence[DiscordMessage]) -> list[int]:
        """Send the messages in order; return their ids.

        Raises:
            PostError: saying why Discord refused (403/404 are final; 5xx and network errors may pass).
        """
        channel = self.client.get_partial_messageable(channel_id)
        sent: list[int] = []
        try:
            for message in messages:
                posted = await channel.send(
                    content=message.content or None, embeds=embeds_of(message), allowed_mentions=NO_MENTIONS
                )
                sent.append(posted.id)
        except discord.Forbidden as exc:
            raise PostError(
                f"missing permission in <#{channel_id}> (needs View Channel, Send Messages, Embed Links): {exc.text}",
                retry=False,
            ) from exc
        except discord.NotFound as exc:
            raise PostError(
                f"channel {channel_id} no longer exists or I cannot see it: {exc.text}", retry=False
            ) from exc
        except discord.HTTPException as exc:
            raise PostError(
                # A 429 reaches here only after discord.py waited out its retry_after several times.
                f"Discord answered {exc.status}: {exc.text or 'no details'}",
                retry=exc.status >= 500 or exc.status == 429,
            ) from exc
        except (aiohttp.ClientError, OSError, TimeoutError) as exc:
            raise PostError(f"could not reach Discord: {exc}", retry=True) from exc
        return sent

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
        name = escape(feed.title or feed.url)
        text = (
            f"⏸️ Feed **{name}** is paused after repeated failures: {escape(reason)[:500]}\n"
            "Check it with `/feeds list`; remove and add it again once it works."
        )
        try:
            await self.send(feed.channel_id, [DiscordMessage(content=shorten(text, CONTENT_MAX))])
        except PostError as exc:
            log.warning("could not tell channel %s that feed %s paused: %s", feed.channel_id, feed.url, exc)
