"""Discord message payloads within Discord's limits: embeds packed at article boundaries."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.digest.escape import discord_len, safe_image_url, shorten
from bot.limits.discord import (
    AUTHOR_MAX,
    CONTENT_MAX,
    DESCRIPTION_MAX,
    EMBED_TOTAL_MAX,
    EMBEDS_PER_MESSAGE,
    FIELD_NAME_MAX,
    FIELD_VALUE_MAX,
    FIELDS_MAX,
    FOOTER_MAX,
    IMAGE_URL_MAX,
    TITLE_MAX,
)

__all__ = [
    "CONTENT_MAX",
    "DESCRIPTION_MAX",
    "EMBEDS_PER_MESSAGE",
    "EMBED_TOTAL_MAX",
    "STORY_DESCRIPTION_MAX",
    "DiscordMessage",
    "embed",
    "embed_size",
    "limit_problems",
    "pack",
]

# A digest entry is a glance, not the article: a shorter description keeps several stories per message.
STORY_DESCRIPTION_MAX = 1500


@dataclass(frozen=True, slots=True)
class DiscordMessage:
    """One Discord message payload: content and embeds as Discord's JSON wants them."""

    content: str = ""
    embeds: tuple[dict[str, Any], ...] = field(default_factory=tuple)

    def payload(self) -> dict[str, Any]:
        """Return the JSON body to post, with every mention disabled."""
        body: dict[str, Any] = {"allowed_mentions": {"parse": []}}
        if self.content:
            body["content"] = self.content
        if self.embeds:
            body["embeds"] = [dict(e) for e in self.embeds]
        return body


def embed(
    title: str,
    description: str,
    url: str | None,
    *,
    description_max: int = DESCRIPTION_MAX,
    image: str | None = None,
    large_image: bool = False,
) -> dict[str, Any]:
    """Build one embed, shortening (never splitting) the title and description to fit.

    ``image`` (an https URL, never fetched by newsdigest: Discord's proxy does) is shown as the thumbnail, or
    as the embed's large image with ``large_image``; a URL that is not a safe https one is left out.
    """
    result: dict[str, Any] = {"title": shorten(title.strip() or "Untitled", TITLE_MAX)}
    if url:
        result["url"] = url
    image = safe_image_url(image)
    if image and len(image) <= IMAGE_URL_MAX:
        result["image" if large_image else "thumbnail"] = {"url": image}
    description = description.strip()
    if description:
        result["description"] = shorten(description, min(description_max, DESCRIPTION_MAX))
    return result


def embed_size(data: dict[str, Any]) -> int:
    """Count an embed's characters the way the EMBED_TOTAL_MAX-per-message limit does."""
    size = discord_len(data.get("title", "")) + discord_len(data.get("description", ""))
    size += discord_len(data.get("footer", {}).get("text", "")) + discord_len(data.get("author", {}).get("name", ""))
    for item in data.get("fields", ()):
        size += discord_len(item.get("name", "")) + discord_len(item.get("value", ""))
    return size


def pack(embeds: Iterable[dict[str, Any]], header: str) -> list[DiscordMessage]:
    """Put whole embeds into as few messages as the limits allow; the header is the first one's content."""
    messages: list[DiscordMessage] = []
    current: list[dict[str, Any]] = []
    size = 0
    content = shorten(header.strip(), CONTENT_MAX)
    for item in embeds:
        need = embed_size(item)
        if current and (len(current) >= EMBEDS_PER_MESSAGE or size + need > EMBED_TOTAL_MAX):
            messages.append(DiscordMessage(content="" if messages else content, embeds=tuple(current)))
            current, size = [], 0
        current.append(item)
        size += need
    if current or not messages:
        messages.append(DiscordMessage(content="" if messages else content, embeds=tuple(current)))
    if not messages[0].content and not messages[0].embeds:
        messages[0] = DiscordMessage(content="Nothing to show.")
    return messages


def limit_problems(message: DiscordMessage) -> list[str]:
    """Return every way the message breaks Discord's limits (empty when it is fine to post)."""
    problems: list[str] = []
    if not message.content and not message.embeds:
        problems.append("empty message")
    if discord_len(message.content) > CONTENT_MAX:
        problems.append(f"content {discord_len(message.content)} > {CONTENT_MAX}")
    if len(message.embeds) > EMBEDS_PER_MESSAGE:
        problems.append(f"{len(message.embeds)} embeds > {EMBEDS_PER_MESSAGE}")
    total = sum(embed_size(e) for e in message.embeds)
    if total > EMBED_TOTAL_MAX:
        problems.append(f"embeds total {total} > {EMBED_TOTAL_MAX}")
    for n, data in enumerate(message.embeds):
        problems.extend(f"embed {n}: {p}" for p in _embed_problems(data))
    return problems


def _embed_problems(data: dict[str, Any]) -> list[str]:
    checks: Sequence[tuple[str, str, int]] = (
        ("title", data.get("title", ""), TITLE_MAX),
        ("description", data.get("description", ""), DESCRIPTION_MAX),
        ("footer", data.get("footer", {}).get("text", ""), FOOTER_MAX),
        ("author", data.get("author", {}).get("name", ""), AUTHOR_MAX),
    )
    problems = [f"{name} {discord_len(text)} > {limit}" for name, text, limit in checks if discord_len(text) > limit]
    for kind in ("image", "thumbnail"):
        if kind in data:
            link = data[kind].get("url", "")
            if safe_image_url(link) != link or len(link) > IMAGE_URL_MAX:
                problems.append(f"{kind} URL is not a safe https URL of at most {IMAGE_URL_MAX} characters")
    fields = data.get("fields", ())
    if len(fields) > FIELDS_MAX:
        problems.append(f"{len(fields)} fields > {FIELDS_MAX}")
    for item in fields:
        name, value = item.get("name", ""), item.get("value", "")
        if not name or not value:
            problems.append("empty field name or value")
        if discord_len(name) > FIELD_NAME_MAX or discord_len(value) > FIELD_VALUE_MAX:
            problems.append("field too long")
    return problems
