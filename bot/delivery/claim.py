"""The one claim rule: a due slot is claimed once or recorded skipped, and a failure that may pass is retried.

A slot is claimed in the transaction that decides it (``bot.store.deliveries.claim``), so two rounds or two
processes never both post it. A slot more than CATCHUP_GRACE late (the process was down at its time) is recorded
as skipped. A failure that may pass (a 5xx, a network error, a digest that could not be built) is tried again
after 1, 2, then 4 minutes on the injected clock, while the slot is within the grace; the time of the next try
is stored with the row, so a restart keeps the plan.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from bot.scheduling import CatchUp, Slot, catch_up
from bot.store import deliveries
from bot.store.db import Database
from bot.store.records import Delivery, DeliveryStatus, Lease, TargetRef

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 4  # the first try and three retries
FIRST_RETRY = timedelta(minutes=1)


def retry_at(delivery: Delivery, now: datetime, *, retry: bool) -> datetime | None:
    """Return when a failed attempt is tried again (doubling each time), or None when it is not."""
    if not retry or delivery.attempts >= MAX_ATTEMPTS:
        return None
    delay: timedelta = FIRST_RETRY * 2 ** (delivery.attempts - 1)
    return now + delay


def still_worth_it(delivery: Delivery, now: datetime, grace: timedelta) -> bool:
    """Return whether a retry is still timely: within the grace of when the post was first due."""
    return now - (delivery.until or delivery.claimed_at) <= grace


async def window_start(db: Database, target: TargetRef, until: datetime, window: timedelta) -> datetime:
    """Return where the post ending at ``until`` starts: where the last one ended, unless that is long ago."""
    previous = await deliveries.last_window_end(db, target)
    if previous is not None and until - 2 * window <= previous < until:
        return previous
    return until - window


async def claim_due(
    db: Database,
    *,
    sink: str,
    target: TargetRef,
    channel_id: int | None,
    slot: Slot,
    now: datetime,
    window: timedelta,
    grace: timedelta,
    what: str,
    lease: Lease | None = None,
) -> Delivery | None:
    """Claim a slot nobody has decided yet and return the row to post; None when skipped or already decided.

    ``what`` names the target in the log line of a skipped slot ("schedule 3 for channel 42"); ``lease``: the
    claiming worker's (``bot.delivery.owner``).
    """
    since = await window_start(db, target, now, window)
    if catch_up(slot, now, grace) is CatchUp.SKIP:
        late, limit = hours(now - slot.at), hours(grace)
        reason = f"missed: newsdigest was not running at the time; {late} late, beyond the {limit} catch-up grace"
        skipped = await deliveries.claim(
            db,
            sink=sink,
            target=target,
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
        db,
        sink=sink,
        target=target,
        channel_id=channel_id,
        slot=slot.id,
        since=since,
        until=now,
        now=now,
        lease=lease,
    )
    if claimed is not None and now - slot.at > timedelta(minutes=1):
        log.info("catching up the %s post of %s after downtime", slot.id, what)
    return claimed


def hours(span: timedelta) -> str:
    """Return a span as 3h05m."""
    minutes = int(span.total_seconds() // 60)
    return f"{minutes // 60}h{minutes % 60:02d}m"
