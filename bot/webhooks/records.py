"""The typed record of a webhook schedule: a daily digest to a Discord or Slack webhook URL."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from bot.webhooks.urls import WebhookTarget


@dataclass(frozen=True, slots=True)
class WebhookSchedule:
    """A daily digest posted to a webhook at a local time; ``url`` is a secret (its last part is the token)."""

    id: int
    target: WebhookTarget
    url: str = field(repr=False)
    time: str  # HH:MM, local to ``timezone``
    timezone: str
    topic: str | None
    enabled: bool
    last_error: str | None
    created_at: datetime
