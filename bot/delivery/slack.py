"""The Slack sink: the digest as Block Kit messages, posted to a Slack incoming webhook."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.delivery.sink import Target
from bot.delivery.webhook import WebhookSink
from bot.models import Digest
from bot.store.records import WebhookTarget
from bot.webhooks import slack_payload
from bot.webhooks.post import post_json
from bot.webhooks.urls import validate_webhook_url


class SlackSink(WebhookSink):
    """Posts to Slack incoming webhooks; the restart rule is the webhooks' (see ``bot.delivery.webhook``)."""

    kind = WebhookTarget.SLACK

    def render(self, digest: Digest, target: Target) -> Sequence[object]:
        """Split the digest at article boundaries within Slack's limits."""
        return slack_payload.slack_messages(digest)

    async def send(self, target: Target, message: object, *, key: str | None = None) -> str:
        """Post one message; 429 (Retry-After) and 5xx are waited out on the clock a few times before giving up."""
        assert isinstance(message, dict)  # noqa: S101 - from render()
        body: dict[str, Any] = message
        url = validate_webhook_url(WebhookTarget.SLACK, self.url(target), allow_loopback=self.allow_loopback)
        await post_json(self.session, url, body, clock=self.clock)
        return ""
