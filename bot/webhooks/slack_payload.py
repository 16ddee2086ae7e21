"""Slack incoming-webhook messages for a digest: Block Kit within Slack's limits, split at article boundaries."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from bot.digest.escape import escape_mrkdwn
from bot.digest.escape import shorten as clip
from bot.limits.slack import BLOCKS_PER_MESSAGE, HEADER_MAX, MESSAGE_TEXT_MAX, SECTION_TEXT_MAX
from bot.models import Digest, DigestItem
from bot.newsletter.render import format_published, safe_link

_UTC = ZoneInfo("UTC")


def section_for(item: DigestItem) -> dict[str, Any]:
    """Return one article's section block (its text at most 3000 characters)."""
    stored = item.article
    article = stored.article
    # Clip before escaping, so a cut never leaves half an entity such as '&am'.
    title = escape_mrkdwn(clip(" ".join(article.title.split()), 250))
    # A safe link holds no '|', '<', '>' or space (``escape.safe_url`` encodes them): it cannot end "<url|text>".
    url = safe_link(article.url) or safe_link(stored.canonical_url)
    target = url if url and len(url) <= 1000 else None
    head = f"*<{target}|{title}>*" if target else f"*{title}*"
    meta = [escape_mrkdwn(clip(stored.source_name, 100))]
    published = format_published(article.published, _UTC)
    if published:
        meta.append(published)
    if item.also_in:
        meta.append("also in " + escape_mrkdwn(clip(", ".join(item.also_in), 200)))
    lines = [head, "_" + " · ".join(meta) + "_"]
    if sum(len(line) + 1 for line in lines) > SECTION_TEXT_MAX:
        lines = [head]  # only text full of '&' gets here; the headline and its link matter most
    budget = SECTION_TEXT_MAX - sum(len(line) + 1 for line in lines)
    for point in article.key_points[:3]:
        line = "• " + escape_mrkdwn(clip(" ".join(point.split()), 700))
        if len(line) + 1 > budget:
            break
        lines.append(line)
        budget -= len(line) + 1
    return {"type": "section", "text": {"type": "mrkdwn", "text": "\n".join(lines)}}


def _header_blocks(digest: Digest) -> list[dict[str, Any]]:
    count = len(digest.items)
    title = digest.title if not digest.topic else f"{digest.title}: {digest.topic}"
    day = format_published(digest.until.astimezone(_UTC).date(), _UTC)
    return [
        {"type": "header", "text": {"type": "plain_text", "text": clip(title, HEADER_MAX), "emoji": False}},
        {
            "type": "context",
            "elements": [{"type": "mrkdwn", "text": f"{day} · {count} {'story' if count == 1 else 'stories'}"}],
        },
    ]


def more_line(digest: Digest) -> str:
    """Return the line counting the stories over the post's cap (Slack has no /digest: it says how many)."""
    stories = "story" if digest.more == 1 else "stories"
    return f"…and {digest.more} more {stories} over this digest's limit of {len(digest.items)}."


def _text_size(block: dict[str, Any]) -> int:
    if "text" in block:
        return len(block["text"]["text"])
    return sum(len(e.get("text", "")) for e in block.get("elements", []))


def slack_messages(digest: Digest) -> list[dict[str, Any]]:
    """Return webhook payloads of at most 50 blocks each; an article is never split across two."""
    title = digest.title if not digest.topic else f"{digest.title}: {digest.topic}"
    batches: list[list[dict[str, Any]]] = []
    blocks = _header_blocks(digest)
    size = sum(_text_size(b) for b in blocks)
    if not digest.items:
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": "Nothing new in this window."}})
    for item in digest.items:
        section = section_for(item)
        cost = _text_size(section)
        if len(blocks) + 1 > BLOCKS_PER_MESSAGE or size + cost > MESSAGE_TEXT_MAX:
            batches.append(blocks)
            blocks, size = [], 0
        blocks.append(section)
        size += cost
    if digest.more:
        more = {"type": "context", "elements": [{"type": "mrkdwn", "text": more_line(digest)}]}
        if len(blocks) + 1 > BLOCKS_PER_MESSAGE:
            batches.append(blocks)
            blocks = []
        blocks.append(more)
    batches.append(blocks)
    total = len(batches)
    payloads = []
    for number, batch in enumerate(batches, 1):
        part = f" ({number}/{total})" if total > 1 else ""
        # ``text`` is the notification and screen-reader fallback when blocks are present.
        fallback = escape_mrkdwn(f"{title}: {len(digest.items)} stories{part}")
        payloads.append({"text": fallback, "blocks": batch, "unfurl_links": False, "unfurl_media": False})
    return payloads
