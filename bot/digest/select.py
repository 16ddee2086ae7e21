"""Pick a window's stories: one entry per story, newest first."""

from __future__ import annotations

from datetime import datetime

from bot.models import Digest
from bot.store.db import Database


async def build_digest(
    db: Database, since: datetime, until: datetime, *, topic: str | None = None, limit: int = 50
) -> Digest:
    """Return the digest of the articles that arrived in [since, until), optionally about ``topic``."""
    raise NotImplementedError
