"""POST JSON to a Slack incoming webhook: 429 waits out Retry-After, 5xx and network errors back off, 4xx stop.

Discord webhooks go through discord.py's own ``discord.Webhook`` instead (``bot.webhooks.discord_hook``), which
knows Discord's rate-limit buckets. Every wait here is on the injected clock.
"""

from __future__ import annotations

import logging
from typing import Any

import aiohttp

from bot.clock import Clock
from bot.retry_after import parse_retry_after
from bot.webhooks.urls import WebhookError, mask_webhook_url

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
MAX_RETRY_AFTER = 300.0  # longer than this and the post is reported, not held up
FIRST_BACKOFF = 1.0
_TIMEOUT = aiohttp.ClientTimeout(total=30)

CLIENT_ERRORS = {
    400: "the service rejected the message format",
    401: "the webhook token is wrong",
    403: "the webhook may not post here",
    404: "the webhook no longer exists (deleted, or the URL is wrong)",
    410: "the channel is archived or the webhook was removed",
    413: "the message is too large",
}


def refusal(status: int, text: str) -> str:
    """Return why a service refused a post (a 4xx other than 429), in plain words."""
    reason = CLIENT_ERRORS.get(status, "the service refused the post")
    return f"{reason} (HTTP {status}: {text[:200].strip()})"


async def post_json(
    session: aiohttp.ClientSession, url: str, body: dict[str, Any], *, clock: Clock, max_attempts: int = MAX_ATTEMPTS
) -> tuple[int, float]:
    """POST ``body`` as JSON and return (attempts made, seconds waited).

    Raises:
        WebhookError: on a 4xx other than 429, or when retries run out.
    """
    backoff = FIRST_BACKOFF
    waited = 0.0
    where = mask_webhook_url(url)  # the token must not reach a log or a stored error
    for attempt in range(1, max_attempts + 1):
        try:
            async with session.post(url, json=body, timeout=_TIMEOUT) as response:
                status = response.status
                text = await response.text(errors="replace")
                header = response.headers.get("Retry-After")
        except (aiohttp.ClientError, TimeoutError) as exc:
            # Some aiohttp errors quote the whole URL.
            detail = str(exc).replace(url, where)
            problem = f"cannot reach {where}: {exc.__class__.__name__} {detail}".strip()
            if attempt == max_attempts:
                raise WebhookError(problem) from exc
            log.warning("%s; retrying in %.0fs", problem, backoff)
            await clock.sleep(backoff)
            waited += backoff
            backoff *= 2
            continue
        if status < 300:
            return attempt, waited
        if status == 429:
            asked = parse_retry_after(header, clock.now())
            wait = FIRST_BACKOFF if asked is None else asked
            if wait > MAX_RETRY_AFTER:
                raise WebhookError(f"rate limited for {wait:.0f}s by {where}; try later", status=status)
            if attempt == max_attempts:
                raise WebhookError(f"still rate limited by {where} after {attempt} tries", status=status)
            log.info("webhook rate limited; waiting %.2fs as asked", wait)
            await clock.sleep(wait)
            waited += wait
            continue
        if status >= 500:
            if attempt == max_attempts:
                raise WebhookError(f"{where} kept failing (HTTP {status}) after {attempt} tries", status=status)
            log.warning("webhook answered HTTP %s; retrying in %.0fs", status, backoff)
            await clock.sleep(backoff)
            waited += backoff
            backoff *= 2
            continue
        raise WebhookError(refusal(status, text), status=status)
    raise WebhookError(f"no answer from {where}")  # pragma: no cover - the loop always returns or raises
