"""Records the emulator keeps: interactions it sent, requests it received, rate limits it will answer."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Interaction:
    id: str
    token: str
    channel_id: str
    user_id: str
    created: float
    kind: int
    ephemeral: bool = False
    responded: bool = False
    original: dict[str, Any] | None = None
    message: dict[str, Any] | None = None  # the message a component interaction came from


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
