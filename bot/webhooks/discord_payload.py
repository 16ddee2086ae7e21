"""Discord webhook messages for a digest: embeds within Discord's limits, split at article boundaries.

The digest helper's ``Renderer.discord_messages`` is the long-term source of these; this module builds the same
``DiscordMessage`` records so the webhook path works on its own and can switch with a one-line change.
"""

from __future__ import annotations

import re
from typing import Any
from zoneinfo import ZoneInfo

from bot.digest.render import DiscordMessage
from bot.models import Digest, DigestItem
from bot.newsletter.render import format_published, safe_link

CONTENT_MAX = 2000
EMBEDS_PER_MESSAGE = 10
EMBED_TOTAL_MAX = 6000
TITLE_MAX = 256
DESCRIPTION_MAX = 4096
FOOTER_MAX = 2048
URL_MAX = 2048
_DESCRIPTION_BUDGET = 1200  # a digest entry is a glance, not the article
_UTC = ZoneInfo("UTC")
_ESCAPE = re.compile(r"([\\*_~`|\[\]<@])")
# Headings, quotes and list markers only mean something at the start of a line.
_LINE_START = re.compile(r"^(\s*|\s*\d+(?=\.))([#>+-]|\.)", re.MULTILINE)


def escape_markdown(text: str) -> str:
    """Escape Discord markdown so article text shows as written (mentions are also disabled in the payload)."""
    return _LINE_START.sub(lambda m: f"{m.group(1)}\\{m.group(2)}", _ESCAPE.sub(r"\\\1", text))


def clip(text: str, limit: int) -> str:
    """Return ``text`` cut to ``limit`` characters, with an ellipsis if cut, never ending in a lone backslash."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    # Do not leave half of an escape sequence behind.
    trailing = len(cut) - len(cut.rstrip("\\"))
    if trailing % 2:
        cut = cut[:-1]
    return cut.rstrip() + "…"


def embed_for(item: DigestItem) -> dict[str, Any]:
    """Return one article's embed."""
    stored = item.article
    article = stored.article
    lines = [f"• {escape_markdown(p)}" for p in article.key_points[:3] if p.strip()]
    if not lines:
        first = article.summary or (article.body[0] if article.body else "")
        if first.strip():
            lines = [escape_markdown(" ".join(first.split()))]
    description = clip("\n".join(lines), _DESCRIPTION_BUDGET)
    footer_parts = [stored.source_name]
    published = format_published(article.published, _UTC)
    if published:
        footer_parts.append(published)
    if item.also_in:
        footer_parts.append("also in " + ", ".join(item.also_in))
    embed: dict[str, Any] = {"title": clip(escape_markdown(" ".join(article.title.split())), TITLE_MAX)}
    url = safe_link(article.url) or safe_link(stored.canonical_url)
    if url and len(url) <= URL_MAX:
        embed["url"] = url
    if description:
        embed["description"] = clip(description, DESCRIPTION_MAX)
    embed["footer"] = {"text": clip(" · ".join(footer_parts), FOOTER_MAX)}
    return embed


def embed_size(embed: dict[str, Any]) -> int:
    """Return the characters Discord counts toward the 6000 per message."""
    footer = embed.get("footer", {}).get("text", "")
    return len(embed.get("title", "")) + len(embed.get("description", "")) + len(footer)


def header(digest: Digest) -> str:
    """Return the message text above the first embeds."""
    count = len(digest.items)
    title = digest.title if not digest.topic else f"{digest.title}: {digest.topic}"
    day = format_published(digest.until.astimezone(_UTC).date(), _UTC)
    return clip(f"**{escape_markdown(title)}** · {day} · {count} {'story' if count == 1 else 'stories'}", CONTENT_MAX)


def discord_messages(digest: Digest) -> list[DiscordMessage]:
    """Split the digest into webhook messages of at most 10 embeds and 6000 embed characters each."""
    messages: list[DiscordMessage] = []
    batch: list[dict[str, Any]] = []
    size = 0
    for item in digest.items:
        embed = embed_for(item)
        cost = embed_size(embed)
        if batch and (len(batch) == EMBEDS_PER_MESSAGE or size + cost > EMBED_TOTAL_MAX):
            messages.append(DiscordMessage(content="", embeds=tuple(batch)))
            batch, size = [], 0
        batch.append(embed)
        size += cost
    if batch:
        messages.append(DiscordMessage(content="", embeds=tuple(batch)))
    if not messages:
        return [DiscordMessage(content=header(digest) + "\nNothing new in this window.")]
    first = messages[0]
    messages[0] = DiscordMessage(content=header(digest), embeds=first.embeds)
    return messages


def payload(message: DiscordMessage, *, username: str | None = None) -> dict[str, Any]:
    """Return the JSON body for one webhook post; mentions in article text never ping anyone."""
    body: dict[str, Any] = {"allowed_mentions": {"parse": []}}
    if message.content:
        body["content"] = message.content
    if message.embeds:
        body["embeds"] = list(message.embeds)
    if username:
        body["username"] = clip(username, 80)
    return body
