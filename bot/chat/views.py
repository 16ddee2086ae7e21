"""Previous / Next paging buttons that only the person who asked may press, and that expire cleanly."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

import discord

from bot.chat.answer import in_time, update
from bot.chat.errors import explain, is_expected, reply_privately
from bot.clock import Clock
from bot.digest.render import DiscordMessage

log = logging.getLogger(__name__)

# Returns the message for a page number (0-based) and how many pages there are.
PageLoader = Callable[[int], Awaitable[tuple[DiscordMessage, int]]]


def embeds_of(message: DiscordMessage) -> list[discord.Embed]:
    """Return the message's embeds as discord.py objects."""
    return [discord.Embed.from_dict(e) for e in message.embeds]


class Pager(discord.ui.View):
    """A result message with Previous and Next buttons bound to the asking user.

    A page slower to load than Discord's deadline is acknowledged first, then shown (``clock`` times it).
    """

    def __init__(
        self,
        *,
        owner_id: int,
        load: PageLoader,
        pages: int,
        clock: Clock,
        timeout: float = 300.0,
        refusal: str = "Only the person who searched can turn these pages. Try `/find` yourself.",
    ) -> None:
        super().__init__(timeout=timeout)
        self.owner_id = owner_id
        self.refusal = refusal
        self.load = load
        self.clock = clock
        self.page = 0
        self.pages = pages
        self.origin: discord.Interaction | None = None
        self._sync()

    def _sync(self) -> None:
        self.previous.disabled = self.page <= 0
        self.next.disabled = self.page >= self.pages - 1

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        """Let only the person who asked turn the pages; tell anyone else privately."""
        if interaction.user.id == self.owner_id:
            return True
        await reply_privately(interaction, self.refusal)
        return False

    async def _show(self, interaction: discord.Interaction, page: int) -> None:
        message, pages = await in_time(interaction, self.clock, self.load(page), ephemeral=True)
        self.page, self.pages = page, max(1, pages)
        self._sync()
        await update(interaction, content=message.content or None, embeds=embeds_of(message), view=self)

    @discord.ui.button(label="◀ Previous", style=discord.ButtonStyle.secondary)
    async def previous(self, interaction: discord.Interaction, button: discord.ui.Button[Pager]) -> None:
        """Show the page before."""
        await self._show(interaction, max(0, self.page - 1))

    @discord.ui.button(label="Next ▶", style=discord.ButtonStyle.secondary)
    async def next(self, interaction: discord.Interaction, button: discord.ui.Button[Pager]) -> None:
        """Show the page after."""
        await self._show(interaction, min(self.pages - 1, self.page + 1))

    async def on_timeout(self) -> None:
        """Grey the buttons out so an old result cannot be paged any more."""
        self.previous.disabled = True
        self.next.disabled = True
        if self.origin is None:
            return
        try:
            await self.origin.edit_original_response(view=self)
        except discord.HTTPException as exc:
            # The message may be gone, or the interaction token expired (15 minutes); nothing to undo.
            log.info("could not disable expired paging buttons: %s", exc)

    async def on_error(self, interaction: discord.Interaction, error: Exception, item: discord.ui.Item[Any], /) -> None:
        """Answer privately instead of failing silently."""
        if is_expected(error):
            log.info("paging refused: %s", error)
        else:
            log.error("paging failed", exc_info=error)
        await reply_privately(interaction, explain(error))
