"""Make untrusted text inert in every output, and links safe: the one place for escaping and URL safety.

Discord: markdown shown literally, mentions that cannot ping. Slack: mrkdwn's three special characters and
its ``<url|text>`` delimiters. HTML is escaped by the templates' autoescape (``bot/digest/templating.py``).
Links: only absolute http(s) URLs become links anywhere (:func:`safe_url`); images only https ones
(:func:`safe_image_url`).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from bot.text.identity import without_tracking

ZWSP = "\u200b"

# Characters Discord's markdown gives a meaning to anywhere; a backslash before one shows it literally.
# '<' too: markdown elsewhere (files, webhooks) would read '<tag>' as HTML.
_INLINE = re.compile(r"([\\*_~`|\[\]<])")
# Quotes, headings, subtext and lists only mean something at the start of a line.
_LINE_START = re.compile(r"^([ \t]*)(?:([>#+\-])|(\d+)([.)]))", re.MULTILINE)
# '@everyone' / '@here' ping everyone; '<@1>', '<@!1>', '<@&1>', '<#1>', '</cmd:1>' are mentions.
_EVERYONE = re.compile(r"@(everyone|here)", re.IGNORECASE)
_ANGLE = re.compile(r"<(\\?[@#/])")


def escape_markdown(text: str) -> str:
    """Backslash-escape every Discord markdown character so the text shows exactly as written."""
    return _LINE_START.sub(_escape_line_start, _INLINE.sub(r"\\\1", text))


def _escape_line_start(match: re.Match[str]) -> str:
    indent, mark, number, dot = match.groups()
    return f"{indent}\\{mark}" if mark else f"{indent}{number}\\{dot}"


def neutralise_mentions(text: str) -> str:
    """Put a zero-width space inside every mention form so none can ping or resolve."""
    text = _EVERYONE.sub(lambda m: f"@{ZWSP}{m.group(1)}", text)
    return _ANGLE.sub(lambda m: f"<{ZWSP}{m.group(1)}", text)


def discord_text(text: str) -> str:
    """Escape markdown and neutralise mentions: untrusted text made safe for a Discord message or embed."""
    return neutralise_mentions(escape_markdown(text))


def discord_len(text: str) -> int:
    """Count as Discord's limits may (UTF-16 code units), never less than Python's character count."""
    return len(text.encode("utf-16-le")) // 2


def shorten(text: str, limit: int, ellipsis: str = "…") -> str:
    """Cut text to at most ``limit`` Discord characters, ending with an ellipsis; never leave a dangling escape."""
    if discord_len(text) <= limit:
        return text
    budget = limit - discord_len(ellipsis)
    if budget <= 0:
        return ellipsis[: max(limit, 0)]
    cut = text[:budget]
    while discord_len(cut) > budget:
        cut = cut[:-1]
    # An odd run of trailing backslashes would escape the ellipsis or leave half an escape.
    run = len(cut) - len(cut.rstrip("\\"))
    if run % 2:
        cut = cut[:-1]
    # A zero-width space only makes sense before the character it guards.
    cut = cut.rstrip(ZWSP)
    return cut.rstrip() + ellipsis


# Longer URLs are refused: browsers and Discord cope with about this much, and no article needs more.
MAX_URL = 2000


def safe_url(url: str | None) -> str | None:
    """Return the URL if it is an absolute http(s) link browsers, mail clients and Discord accept, else None."""
    if not url:
        return None
    url = url.strip()
    if len(url) > MAX_URL or any(ch.isspace() or ord(ch) < 32 for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def reader_url(url: str | None) -> str | None:
    """Return an article's link as readers get it: :func:`safe_url`, without tracking parameters (``utm_*``)."""
    return safe_url(without_tracking(url.strip())) if url else None


def safe_image_url(url: str | None) -> str | None:
    """Return the URL if it may be shown as an image: :func:`safe_url`, and https only, without credentials.

    Images are never fetched by newsdigest but by every reader's client, so a plain-http one (mixed content,
    readable on the way) or one naming a user and password is refused like ``data:`` and ``javascript:``.
    """
    url = safe_url(url)
    if url is None:
        return None
    parts = urlsplit(url)
    if parts.scheme.lower() != "https" or "@" in parts.netloc or not parts.hostname:
        return None
    return url


def escape_mrkdwn(text: str) -> str:
    """Escape the three characters Slack's mrkdwn gives meaning to."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slack_link_target(url: str) -> str:
    """Make a URL safe inside Slack's ``<url|text>``: the delimiters and spaces are percent-encoded."""
    return url.replace("|", "%7C").replace("<", "%3C").replace(">", "%3E").replace(" ", "%20")
