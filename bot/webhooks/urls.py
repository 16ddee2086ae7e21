"""Webhook targets and the URL shapes each accepts.

``WebhookTarget`` itself is the store's (``bot.store.records``): the value of a webhook schedule's row.
"""

from __future__ import annotations

import re

from bot.delivery.sink import SendError
from bot.store.records import WebhookTarget


class WebhookError(SendError):
    """A webhook post failed; the message says why in plain words.

    Worth another try later (``retry``) when the service was busy or unreachable (429, 5xx, no answer), not
    when it refused the post (any other 4xx: a deleted webhook answers 404).
    """

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message, retry=status is None or status == 429 or status >= 500)
        self.status = status


class InvalidWebhookUrlError(WebhookError):
    """The URL is not a webhook URL of the service named."""

    def __init__(self, message: str) -> None:
        super().__init__(message, status=400)


# [0-9], not \d: "\d" takes any script's digits, and a webhook id in Arabic-Indic digits was stored, then failed
# every morning in discord.py.
_DISCORD_PATH = r"/api(?:/v[0-9]{1,2})?/webhooks/[0-9]{15,21}/[A-Za-z0-9_-]{20,200}/?(?:\?thread_id=[0-9]{15,21})?"
_SLACK_PATH = r"/services/T[A-Z0-9]{4,20}/B[A-Z0-9]{4,20}/[A-Za-z0-9]{10,60}/?"
_SHAPES = {
    WebhookTarget.DISCORD: (
        re.compile(rf"https://(?:(?:canary|ptb)\.)?discord(?:app)?\.com{_DISCORD_PATH}"),
        _DISCORD_PATH,
        "https://discord.com/api/webhooks/<id>/<token> (Channel settings > Integrations > Webhooks > Copy URL)",
    ),
    WebhookTarget.SLACK: (
        re.compile(rf"https://hooks\.slack\.com{_SLACK_PATH}"),
        _SLACK_PATH,
        "https://hooks.slack.com/services/T.../B.../... (from the Slack app's Incoming Webhooks page)",
    ),
}
_LOCAL = r"http://127\.0\.0\.1:[0-9]{1,5}"


def parse_target(text: str) -> WebhookTarget:
    """Return the target named ``discord-webhook``/``discord`` or ``slack-webhook``/``slack``.

    Raises:
        InvalidWebhookUrlError: if it names neither.
    """
    value = text.strip().lower()
    for target in WebhookTarget:
        if value in {target.value, target.value.removesuffix("-webhook")}:
            return target
    raise InvalidWebhookUrlError(f"{text!r} is not a webhook target: use discord-webhook or slack-webhook")


def validate_webhook_url(target: WebhookTarget, url: str, *, allow_loopback: bool = False) -> str:
    """Return ``url`` if it has the shape of ``target``'s webhook URLs (https only).

    ``allow_loopback`` also accepts the same path on ``http://127.0.0.1:PORT``, for tests and local relays.

    Raises:
        InvalidWebhookUrlError: naming what a right URL looks like.
    """
    value = url.strip()
    shape, path, example = _SHAPES[target]
    if shape.fullmatch(value):
        return value
    if allow_loopback and re.fullmatch(_LOCAL + path, value):
        return value
    if value.lower().startswith("http://"):
        raise InvalidWebhookUrlError("a webhook URL must start with https:// (the token must not travel in clear)")
    raise InvalidWebhookUrlError(f"that is not a {target.value} URL; it looks like {example}")


# The secret of a webhook URL is its token: Discord's last path part, Slack's third part after /services/.
_SECRET = re.compile(r"(/webhooks/\d+/|/services/[^/]+/[^/]+/)([^/?#\s]+)")


def mask_webhook_url(url: str) -> str:
    """Return ``url`` with its token cut to its first four characters, for output and logs."""
    # Four characters tell two webhooks apart; a token short enough for them to matter is not shown at all.
    masked, count = _SECRET.subn(lambda m: m.group(1) + m.group(2)[: 4 if len(m.group(2)) >= 16 else 0] + "…", url)
    if count:
        return masked.split("?", 1)[0]
    # Not a shape we know: keep only scheme and host rather than risk showing a secret.
    return re.sub(r"^([a-z]+://[^/]+).*$", r"\1/…", url.strip(), flags=re.IGNORECASE)
