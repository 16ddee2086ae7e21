"""Records the emulator keeps: interactions it sent, requests it received, rate limits it will answer."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass
class Interaction:
    id: str
    token: str
    channel_id: str
    user_id: str
    created: datetime  # on the emulator's clock, which times the 3-second and 15-minute limits
    kind: int  # 2 a slash command, 3 a button press, 4 an autocomplete
    ephemeral: bool = False  # the visibility of the response (a deferral's holds for the answer replacing it)
    responded: bool = False
    original: dict[str, Any] | None = None
    message: dict[str, Any] | None = None  # the message a component interaction came from
    # Every message the bot showed for this interaction, in order (the response and the follow-ups, an
    # ephemeral one with flag 64), less the deleted ones.
    shown: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Request:
    method: str
    path: str
    body: Any
    query: dict[str, str]
    status: int | None = None  # the answer's; a 429 was refused unprocessed, so its re-send is no second post
    files: dict[str, bytes] = field(default_factory=dict)  # a multipart request's attachments, by part name


@dataclass
class RateLimit:
    method: str
    path_prefix: str
    retry_after: float
    remaining: int = 1
