"""Render digests and search results through jinja2 templates, within each destination's limits."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.models import Digest


@dataclass(frozen=True, slots=True)
class DiscordMessage:
    """One Discord message payload: content and embeds as Discord's JSON wants them."""

    content: str = ""
    embeds: tuple[dict[str, Any], ...] = field(default_factory=tuple)


class Renderer:
    """Templates from a user's folder first, the bundled ones second."""

    def __init__(self, templates_dir: Path | None = None) -> None:
        self.templates_dir = templates_dir

    def render(self, digest: Digest, fmt: str) -> str:
        """Render as ``markdown``, ``text``, ``html`` or ``discord-json`` (a JSON list of messages)."""
        raise NotImplementedError

    def discord_messages(self, digest: Digest) -> list[DiscordMessage]:
        """Split the digest into messages within Discord's limits, at article boundaries."""
        raise NotImplementedError
