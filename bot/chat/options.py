"""Turn slash-command option text (since, time, time zone) into values, with messages a user can act on."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from typing import overload
from zoneinfo import available_timezones

from bot.config import find_zone, parse_hhmm, parse_window
from bot.config_values import NotADurationError
from bot.errors import NewsdigestError


class OptionError(NewsdigestError):
    """A command option the bot cannot use; the message says what to type instead."""


@overload
def parse_since(text: str | None, now: datetime, default: datetime) -> datetime: ...


@overload
def parse_since(text: str | None, now: datetime, default: None = None) -> datetime | None: ...


def parse_since(text: str | None, now: datetime, default: datetime | None = None) -> datetime | None:
    """Read ``12h``, ``2d``, ``1w`` or a date ``2026-03-01`` as the start of a window (``default`` if not given).

    Raises:
        OptionError: if it is neither, or lies in the future.
    """
    if text is None or not text.strip():
        return default
    value = text.strip()
    try:
        day = date.fromisoformat(value)
    except ValueError:
        try:
            return now - parse_window(value)
        except NotADurationError:
            raise OptionError(
                "`since` should be a duration like `12h`, `2d` or `1w`, or a date like `2026-03-01`,"
                f" not `{value[:50]}`"
            ) from None
        except ValueError as exc:  # negative, shorter than a minute, longer than ten years
            raise OptionError(f"`since`: {exc}") from None
    start = datetime.combine(day, time(0), tzinfo=UTC)
    if start > now:
        raise OptionError("`since` is in the future; give a past date or a duration like `2d`")
    if now - start > timedelta(days=3650):
        raise OptionError("`since` is more than ten years ago")
    return start


def parse_time(text: str) -> str:
    """Return ``HH:MM`` or raise OptionError."""
    try:
        return parse_hhmm(text)
    except ValueError:
        raise OptionError(f"`time` should be a 24-hour time like `07:30`, not `{text[:30]}`") from None


def parse_zone(text: str) -> str:
    """Return a valid IANA zone name or raise OptionError."""
    name = text.strip()
    if find_zone(name) is None:
        raise OptionError(
            f"`{name[:60]}` is not a time zone name; pick one from the list, such as `Europe/Berlin` or `UTC`"
        )
    return name


@cache
def _zones() -> tuple[str, ...]:
    return tuple(sorted(available_timezones()))


def zone_choices(current: str, limit: int = 25) -> list[str]:
    """Return time zone names matching what the user has typed, for autocomplete."""
    needle = current.strip().lower().replace(" ", "_")
    if not needle:
        return ["UTC", "Europe/London", "Europe/Berlin", "America/New_York", "America/Los_Angeles", "Asia/Tokyo"]
    starts = [z for z in _zones() if z.lower().startswith(needle) or z.lower().split("/")[-1].startswith(needle)]
    rest = [z for z in _zones() if needle in z.lower() and z not in starts]
    return (starts + rest)[:limit]
