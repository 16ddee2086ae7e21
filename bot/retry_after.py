"""The one reading of an HTTP ``Retry-After`` header (feeds and webhooks ask it; Discord's own is discord.py's)."""

from __future__ import annotations

from datetime import datetime

from bot.text.machinedates import read_rfc2822


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Return the seconds a Retry-After header asks for (whole seconds or an HTTP date), or None if unreadable."""
    if not value or not value.strip():
        return None
    value = value.strip()
    if value.isdigit():
        return float(int(value))
    when = read_rfc2822(value)  # an HTTP date is RFC 822's, read as every machine-written date is
    if when is None or when.tzinfo is None:  # HTTP dates are GMT; one without a zone is no date to wait for
        return None
    return max(0.0, (when - now).total_seconds())
