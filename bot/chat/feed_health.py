"""/feeds status pages: one embed per feed with its last success, last error, next poll and paused-since time."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from bot.chat.formatting import timestamp
from bot.digest.discord import DiscordMessage
from bot.digest.escape import discord_text as escape
from bot.digest.escape import safe_url
from bot.digest.escape import shorten as clip
from bot.limits.discord import FIELD_VALUE_MAX, TITLE_MAX
from bot.models import Feed


def _field(name: str, value: str) -> dict[str, Any]:
    return {"name": name, "value": clip(value, FIELD_VALUE_MAX) or "-", "inline": True}


def feed_embed(feed: Feed, now: datetime) -> dict[str, Any]:
    """Return one feed's health as an embed (every text escaped; "paused since" is the failure that paused it)."""
    embed: dict[str, Any] = {"title": clip(f"#{feed.id} {escape(feed.name)}", TITLE_MAX)}
    url = safe_url(feed.url) if feed.shown_url == feed.url else None  # a link never carries a password
    if url:
        embed["url"] = url
    ok = timestamp(feed.last_success_at, "R") if feed.last_success_at else "never"
    fields = [_field("Last success", ok)]
    if feed.last_error:
        when = f" ({timestamp(feed.last_error_at, 'R')})" if feed.last_error_at else ""
        fields.append(_field("Last error", f"{escape(clip(feed.last_error, 300))}{when}"))
    if feed.paused:
        since = timestamp(feed.last_error_at, "f") if feed.last_error_at else "unknown"
        fields.append(
            _field("Paused since", f"{since} after {feed.failures} failures; `newsdigest feeds resume` restarts it")
        )
    else:
        due = feed.next_poll_at
        fields.append(_field("Next poll", "now" if due is None or due <= now else timestamp(due, "R")))
    if feed.channel_id:
        fields.append(_field("Channel", f"<#{feed.channel_id}>"))
    embed["fields"] = fields
    return embed


def status_page(feeds: Sequence[Feed], page: int, size: int, now: datetime) -> tuple[DiscordMessage, int]:
    """Return page ``page`` (0-based) of ``size`` feeds, and how many pages there are."""
    pages = max(1, -(-len(feeds) // size))
    page = min(max(0, page), pages - 1)
    shown = feeds[page * size : (page + 1) * size]
    paused = sum(f.paused for f in feeds)
    failing = sum(bool(f.failures) and not f.paused for f in feeds)
    head = f"**Feed health**: {len(feeds)} feeds, {paused} paused, {failing} failing · page {page + 1} of {pages}"
    return DiscordMessage(content=head, embeds=tuple(feed_embed(f, now) for f in shown)), pages
