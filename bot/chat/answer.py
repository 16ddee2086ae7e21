"""Answering an interaction within Discord's deadline, and where it belongs whatever was sent before.

Discord gives a bot 3 seconds for the first response to an interaction (a slash command, a button press, an
autocomplete); after that the token's first response fails with "Unknown interaction" (10062) and the user sees
"The application did not respond". A deferral within the 3 seconds buys 15 minutes for the answer. So a handler
whose work may be slow (the archive, a template) awaits it through :func:`in_time`: a quick answer is the
response itself, as it always was; work still running after :data:`ANSWER_WITHIN` seconds of the bot's clock is
deferred meanwhile ("thinking…" for a command, a silent acknowledgement for a button) and answered when done.
An autocomplete cannot be deferred: :func:`or_nothing` gives up on it in time instead.

Discord fixes a deferred answer's visibility when it is deferred: the first follow-up replaces the "thinking"
message and keeps its visibility whatever the follow-up's flags say, and an edit cannot change it either. So
:func:`reply` deletes a "thinking" message of the other visibility before answering (a public one before a
private refusal or error, so that it stays private), and every reply, deferred or not, goes through it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

import discord

from bot.clock import Clock

T = TypeVar("T")

# Discord allows 3 s from the interaction's creation; the rest is for the gateway's delivery and the callback's
# round trip. One budget for commands, buttons and autocompletes.
ANSWER_WITHIN = 2.0

NO_MENTIONS = discord.AllowedMentions.none()

# interaction.extras key: whether the "thinking" message still waiting for its answer is private.
_THINKING = "newsdigest.thinking_ephemeral"


async def _finished_within(clock: Clock, task: asyncio.Future[Any], seconds: float) -> bool:
    """Wait for ``task`` at most ``seconds`` of ``clock``; return whether it finished."""
    if not task.done():
        sleeper = asyncio.ensure_future(clock.sleep(seconds))
        try:
            await asyncio.wait({task, sleeper}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            sleeper.cancel()
    return task.done()


async def await_in_time(
    clock: Clock, work: Awaitable[T], late: Callable[[], Awaitable[object]], *, within: float = ANSWER_WITHIN
) -> T:
    """Return what ``work`` gives; if it is still running after ``within`` seconds, run ``late()`` meanwhile.

    ``late`` is a deferral. The work is never cancelled for being slow: its answer is still wanted. If the
    deferral fails (the interaction expired anyway), the work is left to finish (a write is not cut in half) and
    the deferral's error is raised.
    """
    task = asyncio.ensure_future(work)
    try:
        if not await _finished_within(clock, task, within):
            try:
                await late()
            except Exception:
                await asyncio.wait({task})
                if not task.cancelled():
                    task.exception()  # retrieved: the deferral's failure is the one to report
                raise
        return await task
    finally:
        if not task.done():  # only when the handler itself is cancelled (shutdown)
            task.cancel()


async def in_time(interaction: discord.Interaction, clock: Clock, work: Awaitable[T], *, ephemeral: bool) -> T:
    """Return what ``work`` gives, deferring the interaction (see :func:`defer`) if it takes over ANSWER_WITHIN.

    ``ephemeral`` is the visibility of the "thinking…" message (a button's deferral shows none).
    """

    async def late() -> None:
        await defer(interaction, ephemeral=ephemeral)

    return await await_in_time(clock, work, late)


async def or_nothing(clock: Clock, work: Awaitable[list[T]], *, within: float = ANSWER_WITHIN) -> list[T]:
    """Return what ``work`` gives, or an empty list if it takes longer than ``within`` (an autocomplete's answer).

    The work is cancelled then: its answer would come too late to be shown.
    """
    task = asyncio.ensure_future(work)
    try:
        return task.result() if await _finished_within(clock, task, within) else []
    finally:
        if not task.done():
            task.cancel()


async def defer(interaction: discord.Interaction, *, ephemeral: bool) -> None:
    """Acknowledge now, answer later: "thinking…" (private or public) for a command, nothing shown for a button.

    A button's deferral is the kind that edits the message the button is on (:func:`update`). Nothing happens
    when the interaction has been answered already.
    """
    if interaction.response.is_done():
        return
    if interaction.type is discord.InteractionType.component:
        await interaction.response.defer()
        return
    await interaction.response.defer(ephemeral=ephemeral, thinking=True)
    interaction.extras[_THINKING] = ephemeral


async def reply(
    interaction: discord.Interaction,
    *,
    ephemeral: bool,
    content: str | None = None,
    embeds: Sequence[discord.Embed] = (),
    view: discord.ui.View | None = None,
    file: discord.File | None = None,
) -> None:
    """Send a message as the interaction's answer, never mentioning anyone.

    It is the response itself when none was sent yet, else a follow-up, which replaces a "thinking" message of
    the same visibility; one of the other visibility is deleted first (Discord would show the answer with the
    deferral's visibility).
    """
    kwargs: dict[str, Any] = {"allowed_mentions": NO_MENTIONS}
    if content:
        kwargs["content"] = content
    if embeds:
        kwargs["embeds"] = list(embeds)
    if view is not None:
        kwargs["view"] = view
    if file is not None:
        kwargs["file"] = file
    if not interaction.response.is_done():
        await interaction.response.send_message(ephemeral=ephemeral, **kwargs)
        return
    thinking = interaction.extras.pop(_THINKING, None)
    if thinking is not None and thinking != ephemeral:
        await interaction.delete_original_response()
    await interaction.followup.send(ephemeral=ephemeral, **kwargs)


async def update(
    interaction: discord.Interaction,
    *,
    content: str | None,
    embeds: Sequence[discord.Embed],
    view: discord.ui.View | None,
) -> None:
    """Edit the message a button is on: as the response, or after a deferral (see :func:`defer`)."""
    if interaction.response.is_done():
        await interaction.edit_original_response(content=content, embeds=list(embeds), view=view)
    else:
        await interaction.response.edit_message(content=content, embeds=list(embeds), view=view)
