"""The next post of a schedule, exactly as it would go out now.

The window and filter are the scheduler's, the rendering the sink's own functions. Used by
``/schedule preview``, ``/schedule test`` and ``newsdigest schedule preview``; nothing here claims a slot, so a
preview or a test post never counts as the day's post.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.clock import Clock
from bot.config import Settings
from bot.delivery.channel import DiscordRenderer, channel_target, render_posts
from bot.delivery.claim import window_start
from bot.delivery.sink import DigestBuilder, Target
from bot.delivery.webhook import webhook_target
from bot.digest.select import build_digest
from bot.models import Digest
from bot.store.db import Database
from bot.store.records import ChannelSchedule, Schedule, WebhookTarget
from bot.webhooks.slack_payload import slack_messages


@dataclass(frozen=True, slots=True)
class NextPost:
    """A schedule's next post as of now: its target, its digest, and whether anything would be posted."""

    target: Target
    digest: Digest
    posts: bool  # False: the window is empty and POST_EMPTY_DIGEST is off, so nothing would go out


def target_of(schedule: Schedule) -> Target:
    """Return the delivery core's view of any schedule."""
    return channel_target(schedule) if isinstance(schedule, ChannelSchedule) else webhook_target(schedule)


async def next_post(
    db: Database, settings: Settings, clock: Clock, target: Target, *, builder: DigestBuilder = build_digest
) -> NextPost:
    """Build the digest the target's post would carry if it went out now (the scheduler's window and filter).

    Raises:
        InvalidSearchQueryError: when the stored filter cannot be used any more.
        StoreError: when the database fails.
    """
    now = clock.now()
    since = await window_start(db, target.ref, now, settings.digest_window)
    digest = await builder(db, since, now, filters=target.digest_filter)
    return NextPost(target, digest, bool(digest.items) or settings.post_empty_digest)


def payloads(schedule: Schedule, target: Target, digest: Digest, renderer: DiscordRenderer) -> list[dict[str, Any]]:
    """Return the JSON bodies the schedule's sink would send for this digest, in order."""
    if schedule.target == WebhookTarget.SLACK:
        return slack_messages(digest)
    return [post.payload() for post in render_posts(renderer, digest, target)]
