"""One place that turns command failures into short, friendly, private replies (never a traceback)."""

from __future__ import annotations

import logging

import discord
from discord import app_commands

from bot.chat.answer import reply
from bot.digest.escape import discord_text
from bot.errors import FetchError, NewsdigestError, StoreError
from bot.logs import redact

log = logging.getLogger(__name__)

MESSAGE_LIMIT = 1900


def explain(error: BaseException) -> str:
    """Return what to tell the user about ``error``."""
    if isinstance(error, app_commands.CommandInvokeError | app_commands.TransformerError) and error.__cause__:
        cause = error.__cause__
        if isinstance(cause, NewsdigestError):
            error = cause
    if isinstance(error, app_commands.CommandInvokeError):
        error = error.original
    if isinstance(error, StoreError):
        return f"The archive could not be read or written: {redact(str(error))}. Try again in a moment."
    if isinstance(error, FetchError):
        # It may quote what a feed's server sent (an HTTP reason phrase, a redirect's address): shown as text.
        return discord_text(redact(str(error)))
    if isinstance(error, NewsdigestError):
        return redact(str(error))
    if isinstance(error, app_commands.MissingPermissions):
        return "You need the **Manage Server** permission to do that."
    if isinstance(error, app_commands.NoPrivateMessage):
        return "This command works in a server channel, not in direct messages."
    if isinstance(error, app_commands.CommandOnCooldown):
        return f"Slow down a little: try again in {error.retry_after:.0f} s."
    if isinstance(error, app_commands.TransformerError):
        return f"`{str(error.value)[:80]}` is not a valid value for that option."
    if isinstance(error, app_commands.CheckFailure):
        return "You cannot use this command here."
    if isinstance(error, discord.Forbidden):
        return "I am missing a permission in this channel (I need View Channel, Send Messages and Embed Links)."
    return "Something went wrong on my side; it has been logged. Please try again later."


def is_expected(error: BaseException) -> bool:
    """Return whether the error is the user's or the environment's, not a bug to log with a traceback."""
    if isinstance(error, app_commands.CommandInvokeError):
        error = error.original
    return isinstance(error, NewsdigestError | app_commands.CheckFailure | app_commands.TransformerError)


async def reply_privately(interaction: discord.Interaction, text: str) -> None:
    """Answer with an ephemeral message, whether or not the interaction was answered or deferred already.

    After a public deferral the "thinking" message is deleted first: an answer replacing it would be public.
    """
    text = text if len(text) <= MESSAGE_LIMIT else text[: MESSAGE_LIMIT - 1] + "…"
    try:
        await reply(interaction, content=text, ephemeral=True)
    except discord.HTTPException as exc:
        log.warning("could not tell the user about an error: %s", exc)


async def on_app_command_error(interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
    """Tell the user what went wrong; log bugs with their traceback, expected refusals at INFO."""
    name = interaction.command.qualified_name if interaction.command else "?"
    if is_expected(error):
        log.info("/%s refused for user %s: %s", name, interaction.user.id, explain(error))
    else:
        original = error.original if isinstance(error, app_commands.CommandInvokeError) else error
        log.error("/%s failed", name, exc_info=original)
    await reply_privately(interaction, explain(error))
