"""Sending prepared messages as interaction replies, always without mentions."""

from __future__ import annotations

from typing import Any

import discord

from bot.chat.views import embeds_of
from bot.digest.escape import shorten
from bot.digest.render import DiscordMessage
from bot.limits.discord import CONTENT_MAX
from bot.logs import redact

NO_MENTIONS = discord.AllowedMentions.none()


async def send_all(interaction: discord.Interaction, messages: list[DiscordMessage], *, ephemeral: bool) -> None:
    """Send messages as follow-ups of a deferred interaction, in order."""
    for message in messages:
        kwargs: dict[str, Any] = {"embeds": embeds_of(message)}
        if message.content:
            kwargs["content"] = message.content
        await interaction.followup.send(ephemeral=ephemeral, allowed_mentions=NO_MENTIONS, **kwargs)


async def say(interaction: discord.Interaction, text: str, *, ephemeral: bool = True) -> None:
    """Answer with a short text, as the response or, once deferred, as a follow-up (a URL's password hidden)."""
    text = shorten(redact(text), CONTENT_MAX)
    if interaction.response.is_done():
        await interaction.followup.send(text, ephemeral=ephemeral, allowed_mentions=NO_MENTIONS)
    else:
        await interaction.response.send_message(text, ephemeral=ephemeral, allowed_mentions=NO_MENTIONS)
