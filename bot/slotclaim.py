"""A due slot of a daily schedule, decided once: claimed for posting, or recorded skipped when too late.

Shared by the channel scheduler (``bot.chat.scheduler_loop``) and the webhook one (``bot.webhooks.scheduler``):
the claim happens in the transaction that decides it (``bot.store.deliveries.claim``), so two rounds or two
processes never both post a slot.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from bot.models import Delivery, DeliveryStatus
from bot.scheduling import CatchUp, Slot, catch_up
from bot.store import deliveries
from bot.store.db import Database

log = logging.getLogger(__name__)


async def window_start(db: Database, schedule_id: int, until: datetime, window: timedelta) -> datetime:
    """Return where the post ending at ``until`` starts: where the last one ended, unless that is long ago."""
    previous = await deliveries.last_window_end(db, schedule_id)
    if previous is not None and until - 2 * window <= previous < until:
        return previous
    return until - window


async def claim_due(
    db: Database,
    *,
    schedule_id: int,
    channel_id: int | None,
    slot: Slot,
    now: datetime,
    window: timedelta,
    grace: timedelta,
    what: str,
) -> Delivery | None:
    """Claim a slot nobody has decided yet and return the row to post; None when skipped or already decided.

    A slot more than ``grace`` late (the process was down at its time) is recorded as skipped, with the reason
    logged once; ``what`` names the schedule in that line ("schedule 3 for channel 42").
    """
    since = await window_start(db, schedule_id, now, window)
    if catch_up(slot, now, grace) is CatchUp.SKIP:
        late, limit = hours(now - slot.at), hours(grace)
        reason = f"missed: newsdigest was not running at the time; {late} late, beyond the {limit} catch-up grace"
        skipped = await deliveries.claim(
            db,
            schedule_id=schedule_id,
            channel_id=channel_id,
            slot=slot.id,
            since=since,
            until=now,
            now=now,
            status=DeliveryStatus.SKIPPED,
            error=reason,
        )
        if skipped is not None:
            log.warning("skipping the %s post of %s: %s", slot.id, what, reason)
        return None
    claimed = await deliveries.claim(
        db, schedule_id=schedule_id, channel_id=channel_id, slot=slot.id, since=since, until=now, now=now
    )
    if claimed is not None and now - slot.at > timedelta(minutes=1):
        log.info("catching up the %s post of %s after downtime", slot.id, what)
    return claimed


def hours(span: timedelta) -> str:
    """Return a span as 3h05m."""
    minutes = int(span.total_seconds() // 60)
    return f"{minutes // 60}h{minutes % 60:02d}m"
