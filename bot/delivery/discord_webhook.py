"""The Discord webhook sink: the digest as the bot renders it, posted to a channel's webhook URL (no bot needed)."""

from __future__ import annotations

from collections.abc import Sequence

import aiohttp

from bot.clock import Clock
from bot.delivery.channel import ChannelPost, DiscordRenderer, render_posts
from bot.delivery.sink import Target
from bot.delivery.webhook import WebhookSink
from bot.models import Digest
from bot.store.db import Database
from bot.store.records import WebhookTarget
from bot.webhooks.discord_hook import post_discord_message
from bot.webhooks.urls import validate_webhook_url


class DiscordWebhookSink(WebhookSink):
    """Posts to Discord webhooks; the restart rule is the webhooks' (see ``bot.delivery.webhook``)."""

    kind = WebhookTarget.DISCORD

    def __init__(
        self,
        db: Database,
        clock: Clock,
        session: aiohttp.ClientSession,
        renderer: DiscordRenderer,
        *,
        allow_loopback: bool = False,
    ) -> None:
        super().__init__(db, clock, session, allow_loopback=allow_loopback)
        self.renderer = renderer

    def render(self, digest: Digest, target: Target) -> Sequence[object]:
        """Render as a channel post is rendered (templates, escaping, limits, the one-role ping)."""
        return render_posts(self.renderer, digest, target)

    async def send(self, target: Target, message: object, *, key: str | None = None) -> str:
        """Post one message with ``discord.Webhook`` (it keeps to Discord's buckets); its Discord id names it."""
        assert isinstance(message, ChannelPost)  # noqa: S101 - from render()
        url = validate_webhook_url(WebhookTarget.DISCORD, self.url(target), allow_loopback=self.allow_loopback)
        return str(await post_discord_message(self.session, url, message.message, mention_role=message.ping_role_id))
