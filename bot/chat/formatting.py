"""Discord text helpers for the chat layer's own short replies: escaping, clipping, timestamps."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time

from bot.models import Published

DESCRIPTION_LIMIT = 4096

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
