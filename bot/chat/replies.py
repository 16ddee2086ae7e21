"""Sending prepared messages and short texts as interaction replies, always without mentions."""

from __future__ import annotations

import discord

from bot.chat.answer import reply
from bot.chat.views import embeds_of
from bot.digest.escape import shorten
from bot.digest.render import DiscordMessage
from bot.limits.discord import CONTENT_MAX
from bot.logs import redact


async def send_all(interaction: discord.Interaction, messages: list[DiscordMessage], *, ephemeral: bool) -> None:
    """Send messages as the answer (the first one) and its follow-ups, in order."""
    for message in messages:
        await reply(interaction, content=message.content, embeds=embeds_of(message), ephemeral=ephemeral)


async def say(interaction: discord.Interaction, text: str, *, ephemeral: bool = True) -> None:
    """Answer with a short text, as the response or, once deferred, as a follow-up (a URL's password hidden)."""
    await reply(interaction, content=shorten(redact(text), CONTENT_MAX), ephemeral=ephemeral)
