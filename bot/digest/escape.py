"""Make untrusted text inert in every output, and links safe: the one place for escaping and URL safety.

Discord: markdown shown literally, mentions that cannot ping. Slack: mrkdwn's three special characters.
HTML is escaped by the templates' autoescape (``bot/digest/templating.py``).
Links: only absolute http(s) URLs become links anywhere (:func:`safe_url`), with the characters no URL may hold
percent-encoded, so none ends the markup around it (markdown's ``(<url>)``, Slack's ``<url|text>``); images only
https ones (:func:`safe_image_url`).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from bot.text.bidi import closed_bidi
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


def discord_link(url: str) -> str:
    """Show a URL in a Discord message: a link without a preview (``<url>``) if it is a safe one, else inert text.

    Nothing inside ``<...>`` can be escaped: a '>' in the URL ended it there and the rest was read as markdown
    (an OPML file's ``https://x.example/a>[click](https://evil.example)`` showed a masked link). A safe URL
    (:func:`safe_url`) holds no '>', nor a space.
    """
    link = safe_url(url)
    return f"<{link}>" if link is not None else discord_text(url)


def discord_len(text: str) -> int:
    """Count as Discord's limits may (UTF-16 code units), never less than Python's character count."""
    return len(text.encode("utf-16-le")) // 2


def shorten(text: str, limit: int, ellipsis: str = "…") -> str:
    """Cut text to at most ``limit`` Discord characters, ending with an ellipsis; never leave a dangling escape.

    A text-direction control the cut leaves open (its closer was in the part cut off) is closed before the
    ellipsis: left open, it reversed the rest of the line the text was put in ("Added **‮name…** for #news").
    """
    if discord_len(text) <= limit:
        return text
    budget = limit - discord_len(ellipsis)
    if budget <= 0:
        return ellipsis[: max(limit, 0)]
    room = budget
    kept = closed_bidi(_cut(text, room))
    while discord_len(kept) > budget:  # closers added: cut shorter by as much
        room -= discord_len(kept) - budget
        kept = closed_bidi(_cut(text, room))
    return kept + ellipsis


def _cut(text: str, budget: int) -> str:
    cut = text[: max(budget, 0)]
    while discord_len(cut) > budget:
        cut = cut[:-1]
    # An odd run of trailing backslashes would escape the ellipsis or leave half an escape.
    run = len(cut) - len(cut.rstrip("\\"))
    if run % 2:
        cut = cut[:-1]
    # A zero-width space only makes sense before the character it guards.
    cut = cut.rstrip(ZWSP)
    return cut.rstrip()


# Longer URLs are refused: browsers and Discord cope with about this much, and no article needs more.
MAX_URL = 2000
# What RFC 3986 allows nowhere in a URL, and browsers percent-encode when they follow one ("a b" goes to "a%20b").
# A feed's link holding one is given out encoded: dropped, its article lost its link (a space in a path), and
# left as written it broke the markup around it (markdown's "(<url>)" ends at '>', Slack's "<url|text>" at '|').
_NOT_IN_URLS = re.compile(r'[ "<>\\^`{|}]')


def safe_url(url: str | None) -> str | None:
    """Return the URL if it is an absolute http(s) link browsers, mail clients and Discord accept, else None.

    Characters no URL may hold (a space, ``<``, ``>``, ``|``, ...) are percent-encoded after the host, as a
    browser would; in the host, or any other white space or control character anywhere, refuse the link.
    """
    if not url:
        return None
    url = url.strip()
    if len(url) > MAX_URL or any((ch.isspace() and ch != " ") or ord(ch) < 32 for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or _NOT_IN_URLS.search(parts.netloc):
        return None
    start = url.index("//") + 2 + len(parts.netloc)
    encoded = url[:start] + _NOT_IN_URLS.sub(lambda m: f"%{ord(m.group()):02X}", url[start:])
    return encoded if len(encoded) <= MAX_URL else None


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
