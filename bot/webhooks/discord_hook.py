"""Post one message to a Discord webhook with discord.py's own ``discord.Webhook``.

discord.py keeps to Discord's rate-limit buckets, waits out a 429 it is asked to wait out and tries a 5xx again
a few times; what it still raises is translated here into a :class:`WebhookError` (a 5xx, a 429 or no answer
may pass and is retried later by the delivery core; any other 4xx is final: a deleted webhook answers 404).
Requests go to ``discord.http.Route.BASE`` (the DISCORD_API_BASE setting), like the bot's own, so a REST proxy
or the tests' emulator is reached the same way; only the id and token are taken from the stored URL.
"""

from __future__ import annotations

import re

import aiohttp
import discord
from discord.utils import MISSING

from bot.chat.poster import mentions
from bot.digest.render import DiscordMessage
from bot.webhooks.post import refusal
from bot.webhooks.urls import InvalidWebhookUrlError, WebhookError, mask_webhook_url

_ID_TOKEN = re.compile(r"/webhooks/(\d{15,21})/([A-Za-z0-9_-]{20,200})/?(?:\?thread_id=(\d{15,21}))?$")


async def post_discord_message(
    session: aiohttp.ClientSession,
    url: str,
    message: DiscordMessage,
    *,
    username: str | None = None,
    mention_role: int | None = None,
) -> int:
    """Post one message and return its Discord id; nothing pings but ``mention_role``, if given.

    Raises:
        InvalidWebhookUrlError: if the URL holds no webhook id and token.
        WebhookError: if Discord refused the message or could not be reached.
    """
    match = _ID_TOKEN.search(url)
    if match is None:
        raise InvalidWebhookUrlError(
            "that is not a Discord webhook URL (https://discord.com/api/webhooks/<id>/<token>)"
        )
    webhook_id, token, thread = match.groups()
    webhook = discord.Webhook.partial(int(webhook_id), token, session=session)
    where = mask_webhook_url(url)
    try:
        sent = await webhook.send(
            content=message.content or MISSING,
            embeds=[discord.Embed.from_dict(e) for e in message.embeds],
            allowed_mentions=mentions(mention_role),
            username=username[:80] if username else MISSING,
            thread=discord.Object(int(thread)) if thread else MISSING,
            wait=True,
        )
    except discord.HTTPException as exc:
        if exc.status >= 500:
            raise WebhookError(f"{where} kept failing (HTTP {exc.status})", status=exc.status) from exc
        if exc.status == 429:
            raise WebhookError(f"rate limited by {where} (HTTP 429)", status=exc.status) from exc
        raise WebhookError(refusal(exc.status, exc.text), status=exc.status) from exc
    except (aiohttp.ClientError, OSError, TimeoutError) as exc:
        detail = str(exc).replace(url, where).replace(token, "…")
        raise WebhookError(f"cannot reach Discord for {where}: {exc.__class__.__name__} {detail}".strip()) from exc
    return sent.id
