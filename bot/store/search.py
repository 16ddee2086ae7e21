"""Search: any user text becomes a safe FTS5 query; hits ranked by relevance and recency."""

from __future__ import annotations

from datetime import datetime

from bot.models import SearchPage
from bot.store.db import Database


async def search(
    db: Database,
    text: str,
    *,
    now: datetime,
    limit: int = 10,
    offset: int = 0,
    since: datetime | None = None,
    source: str | None = None,
) -> SearchPage:
    """Search the archive.

    Raises:
        InvalidSearchQueryError: with a friendly message when the text has nothing searchable.
    """
    raise NotImplementedError
