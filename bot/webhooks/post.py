"""POST JSON to a webhook: 429 waits out Retry-After, 5xx and network errors retry with back-off, 4xx stop."""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any

import aiohttp

from bot.clock import Clock
from bot.digest.render import DiscordMessage, Renderer
from bot.models import Digest
from bot.store.records import WebhookTarget
from bot.webhooks import slack_payload
from bot.webhooks.urls import WebhookError, mask_webhook_url, parse_target, validate_webhook_url

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
MAX_RETRY_AFTER = 300.0  # longer than this and the post is reported, not held up
FIRST_BACKOFF = 1.0
_TIMEOUT = aiohttp.ClientTimeout(total=30)

_CLIENT_ERRORS = {
    400: "the service rejected the message format",
    401: "the webhook token is wrong",
    403: "the webhook may not post here",
    404: "the webhook no longer exists (deleted, or the URL is wrong)",
    410: "the channel is archived or the webhook was removed",
    413: "the message is too large",
}


@dataclass(frozen=True, slots=True)
class WebhookReport:
    """What posting a digest did."""

    target: WebhookTarget
    messages: int
    attempts: int
    waited: float


def retry_after(headers: Mapping[str, str], body: str, clock: Clock) -> float:
    """Return the seconds a 429 asks to wait: Discord's JSON ``retry_after`` first, then the Retry-After header."""
    try:
        data = json.loads(body)
        if isinstance(data, dict) and isinstance(data.get("retry_after"), int | float):
            return max(0.0, float(data["retry_after"]))
    except ValueError:
        pass
    header = headers.get("Retry-After")
    if header:
        try:
            return max(0.0, float(header))
        except ValueError:
            try:
                return max(0.0, (parsedate_to_datetime(header) - clock.now()).total_seconds())
            except (TypeError, ValueError):
                pass
    return FIRST_BACKOFF


def _redact(url: str) -> str:
    """Return the URL without its secret token, for messages and logs."""
    return mask_webhook_url(url)


async def post_json(
    session: aiohttp.ClientSession, url: str, body: dict[str, Any], *, clock: Clock, max_attempts: int = MAX_ATTEMPTS
) -> tuple[int, float]:
    """POST ``body`` as JSON and return (attempts made, seconds waited).

    Raises:
        WebhookError: on a 4xx other than 429, or when retries run out.
    """
    backoff = FIRST_BACKOFF
    waited = 0.0
    for attempt in range(1, max_attempts + 1):
        try:
            async with session.post(url, json=body, timeout=_TIMEOUT) as response:
                status = response.status
                text = await response.text(errors="replace")
                headers = response.headers.copy()  # keeps case-insensitive lookups
        except (aiohttp.ClientError, TimeoutError) as exc:
            # Some aiohttp errors quote the whole URL; the token must not reach a log or a stored error.
            detail = str(exc).replace(url, _redact(url))
            problem = f"cannot reach {_redact(url)}: {exc.__class__.__name__} {detail}".strip()
            if attempt == max_attempts:
                raise WebhookError(problem) from exc
            log.warning("%s; retrying in %.0fs", problem, backoff)
            await clock.sleep(backoff)
            waited += backoff
            backoff *= 2
            continue
        if status < 300:
            # Discord says when a bucket is empty; waiting here keeps the next post from a 429.
            if headers.get("X-RateLimit-Remaining") == "0":
                try:
                    pause = min(MAX_RETRY_AFTER, float(headers.get("X-RateLimit-Reset-After", "0")))
                except ValueError:
                    pause = 0.0
                await clock.sleep(pause)
                waited += pause
            return attempt, waited
        if status == 429:
            wait = retry_after(headers, text, clock)
            if wait > MAX_RETRY_AFTER:
                raise WebhookError(f"rate limited for {wait:.0f}s by {_redact(url)}; try later", status=status)
            if attempt == max_attempts:
                raise WebhookError(f"still rate limited by {_redact(url)} after {attempt} tries", status=status)
            log.info("webhook rate limited; waiting %.2fs as asked", wait)
            await clock.sleep(wait)
            waited += wait
            continue
        if status >= 500:
            if attempt == max_attempts:
                raise WebhookError(f"{_redact(url)} kept failing (HTTP {status}) after {attempt} tries", status=status)
            log.warning("webhook answered HTTP %s; retrying in %.0fs", status, backoff)
            await clock.sleep(backoff)
            waited += backoff
            backoff *= 2
            continue
        reason = _CLIENT_ERRORS.get(status, "the service refused the post")
        raise WebhookError(f"{reason} (HTTP {status}: {text[:200].strip()})", status=status)
    raise WebhookError(f"no answer from {_redact(url)}")  # pragma: no cover - the loop always returns or raises


def discord_body(message: DiscordMessage, *, username: str | None = None) -> dict[str, Any]:
    """Return the JSON body of one Discord webhook post; mentions in article text never ping anyone."""
    body = message.payload()
    if username:
        body["username"] = username[:80]
    return body


async def post_digest_to_webhook(
    target: WebhookTarget | str,
    url: str,
    digest: Digest,
    *,
    session: aiohttp.ClientSession,
    clock: Clock,
    allow_loopback: bool = False,
    username: str | None = None,
    discord_messages: list[DiscordMessage] | None = None,
) -> WebhookReport:
    """Post ``digest`` to a Discord or Slack webhook, message by message, in order.

    ``discord_messages`` is the caller's ``Renderer.discord_messages(digest)`` (its templates, escaping and
    limits, shared with the bot); without it the bundled templates render them.

    Raises:
        InvalidWebhookUrlError: if the URL is not one of ``target``'s.
        WebhookError: if a post fails for good; messages before it were posted.
    """
    kind = target if isinstance(target, WebhookTarget) else parse_target(target)
    checked = validate_webhook_url(kind, url, allow_loopback=allow_loopback)
    if kind is WebhookTarget.DISCORD:
        messages = discord_messages if discord_messages is not None else Renderer().discord_messages(digest)
        bodies = [discord_body(m, username=username) for m in messages]
    else:
        bodies = slack_payload.slack_messages(digest)
    attempts = 0
    waited = 0.0
    for number, body in enumerate(bodies, 1):
        try:
            tries, pause = await post_json(session, checked, body, clock=clock)
        except WebhookError as exc:
            raise WebhookError(f"message {number} of {len(bodies)}: {exc}", status=exc.status) from exc
        attempts += tries
        waited += pause
    log.info("digest posted to %s in %d messages", kind.value, len(bodies))
    return WebhookReport(kind, len(bodies), attempts, waited)
