"""What the cogs need, injected: store, settings, clock and the digest/search/render layers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.clock import Clock
from bot.config import Settings
from bot.delivery.sink import DigestBuilder
from bot.digest.render import DiscordMessage, Renderer
from bot.digest.select import build_digest
from bot.models import Digest, DigestFilter, SearchPage
from bot.store.db import Database
from bot.store.search import search


class Searcher(Protocol):
    """The signature of ``bot.store.search.search``."""

    async def __call__(
        self,
        db: Database,
        text: str,
        *,
        now: datetime,
        limit: int = 10,
        offset: int = 0,
        since: datetime | None = None,
        source: str | None = None,
    ) -> SearchPage:
        """Return one page of hits."""
        ...


class DigestRenderer(Protocol):
    """The part of ``bot.digest.render.Renderer`` the bot uses."""

    def discord_messages(self, digest: Digest) -> list[DiscordMessage]:
        """Split a digest into messages within Discord's limits."""
        ...

    def search_messages(self, page: SearchPage) -> list[DiscordMessage]:
        """Render a page of search hits as messages within Discord's limits."""
        ...


@dataclass(slots=True)
class Services:
    """Everything a cog calls; tests hand in their own digest/search/render layers."""

    settings: Settings
    db: Database
    clock: Clock
    renderer: DigestRenderer
    build_digest: DigestBuilder = build_digest
    search: Searcher = search
    view_timeout: float = 300.0
    page_size: int = 5

    async def digest(
        self, since: datetime, until: datetime, *, filters: DigestFilter | None = None, topic: str | None = None
    ) -> Digest:
        """Return the digest of a window (a newly added feed's backlog is never in it: no flood)."""
        return await self.build_digest(self.db, since, until, filters=filters, topic=topic)

    @classmethod
    def create(cls, settings: Settings, db: Database, clock: Clock) -> Services:
        """Wire the production layers."""
        return cls(settings=settings, db=db, clock=clock, renderer=Renderer(settings.templates_dir))
