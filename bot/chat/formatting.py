"""Discord text helpers the chat layer builds itself: escaping, timestamps, search result pages."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from typing import Any

from bot.digest.render import DiscordMessage
from bot.models import Published, SearchPage

CONTENT_LIMIT = 2000
DESCRIPTION_LIMIT = 4096
TITLE_LIMIT = 256
EMBED_TOTAL_LIMIT = 6000
COLOUR = 0x3B82F6

_MARKDOWN = re.compile(r"([\\*_~`|\[\]()<])")
# Headings, quotes and list bullets only mean something at the start of a line.
_LINE_START = re.compile(r"(?m)^(\s*)([#>-])")
_MENTION = re.compile(r"@(everyone|here)|<(@[!&]?|#)(\d+)>")


def escape(text: str) -> str:
    """Return text that Discord shows literally: no markdown, no mentions, no links."""
    # Mentions first: a zero-width space after '@' (and '<') keeps them from being parsed at all;
    # allowed_mentions none already stops the ping, this also stops the blue highlight.
    text = _MENTION.sub(lambda m: "@\u200b" + m.group(1) if m.group(1) else f"<\u200b{m.group(2)}{m.group(3)}>", text)
    return _LINE_START.sub(r"\1\\\2", _MARKDOWN.sub(r"\\\1", text))


def clip(text: str, limit: int) -> str:
    """Cut text to ``limit`` characters, ending with an ellipsis when cut, never inside an escape."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if cut.endswith("\\") and not cut.endswith("\\\\"):
        cut = cut[:-1]
    return cut + "…"


def timestamp(value: Published | datetime | None, style: str = "D") -> str:
    """Return a Discord timestamp tag that each reader sees in their own zone."""
    if value is None:
        return ""
    moment = value if isinstance(value, datetime) else datetime.combine(value, time(12), tzinfo=UTC)
    return f"<t:{int(moment.timestamp())}:{style}>"


def search_message(page: SearchPage, *, page_size: int) -> DiscordMessage:
    """Build one message for a page of search hits: headline linked, source, date, snippet."""
    lines: list[str] = []
    for number, hit in enumerate(page.hits, page.offset + 1):
        title = escape(clip(hit.title, 200))
        head = f"**{number}. [{title}](<{hit.url}>)**" if hit.url and _safe_url(hit.url) else f"**{number}. {title}**"
        when = timestamp(hit.published if isinstance(hit.published, date) else hit.arrived_at)
        meta = " · ".join(p for p in (escape(hit.source), when) if p)
        snippet = escape(clip(" ".join(hit.snippet.split()), 300))
        lines.append(f"{head}\n{meta}\n{snippet}" if snippet else f"{head}\n{meta}")
    pages = max(1, -(-page.total // page_size))
    current = page.offset // page_size + 1
    embed: dict[str, Any] = {
        "title": clip(f"Search: {escape(page.query)}", TITLE_LIMIT),
        "description": clip("\n\n".join(lines), DESCRIPTION_LIMIT),
        "color": COLOUR,
        "footer": {"text": f"Page {current} of {pages} · {page.total} result{'s' if page.total != 1 else ''}"},
    }
    return DiscordMessage(content="", embeds=(embed,))


def _safe_url(url: str) -> bool:
    return url.startswith(("https://", "http://")) and not any(c in url for c in "<> \n")
