"""Discord text helpers for the chat layer's own short replies (escaping lives in bot.digest.escape)."""

from __future__ import annotations

from datetime import UTC, datetime, time

from bot.limits.discord import DESCRIPTION_MAX as DESCRIPTION_LIMIT
from bot.models import Published

__all__ = ["DESCRIPTION_LIMIT", "timestamp"]


def timestamp(value: Published | datetime | None, style: str = "D") -> str:
    """Return a Discord timestamp tag that each reader sees in their own zone."""
    if value is None:
        return ""
    moment = value if isinstance(value, datetime) else datetime.combine(value, time(12), tzinfo=UTC)
    return f"<t:{int(moment.timestamp())}:{style}>"
