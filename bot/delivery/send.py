"""Send a claimed post message by message and record how it ended: the one path every post takes.

Used by the scheduler for every sink, and by ``newsletter send`` for an edition mailed by hand.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from bot.clock import Clock
from bot.delivery.claim import retry_at
from bot.delivery.sink import SendError, Sink, Target
from bot.store import deliveries
from bot.store.db import Database
from bot.store.outage import outage_of
from bot.store.records import Delivery

if TYPE_CHECKING:
    from bot.delivery.owner import Owner

log = logging.getLogger(__name__)


async def send_claimed(
    db: Database,
    clock: Clock,
    sink: Sink,
    target: Target,
    delivery: Delivery,
    messages: Sequence[object],
    *,
    article_ids: Iterable[int] = (),
    owner: Owner | None = None,
) -> SendError | None:
    """Send what is left of a claimed post (after the messages that already arrived); return the failure, if any.

    The row is marked ``sending`` before the first message and records each message's id as it arrives, so a
    restart can tell what may have arrived and a retry resumes after the last one that did. ``article_ids``
    (the articles the post carries) are recorded with the post, in the transaction that marks it sent.
    With ``owner`` (the claiming worker), nothing is sent once another process has taken the claim over. That
    check cannot fence a message already on its way: an owner stalled (CPU, a paused VM) past its lease between
    the check and the service may send it after the taker re-sent it. Each message therefore goes with a key of
    its delivery and place, which a sink that can passes to its service to drop the repeat (Discord channels: an
    enforced nonce). What arrived is recorded even across a lost database: the record waits for its return
    (``bot.store.outage``).
    """
    done = list(delivery.message_ids)
    outage = outage_of(db, clock)
    if not await deliveries.mark_sending(db, delivery.id, None if owner is None else owner.lease()):
        log.warning("the %s post to %s was taken over by another process; not sent here", delivery.slot, target.label)
        return None
    try:
        for message in messages[len(done) :]:
            if owner is not None and owner.lost(delivery.id):
                log.warning("the %s post to %s was taken over by another process mid-post", delivery.slot, target.label)
                return None
            key = f"{delivery.id}:{delivery.slot}:{len(done)}"  # the same in every process and attempt
            ident = await sink.send(target, message, key=key) or str(len(done) + 1)  # its place, when it has no id
            await outage.retrying(functools.partial(deliveries.add_message_id, db, delivery.id, ident))
            done.append(ident)
    except SendError as exc:
        failure = exc
        await outage.retrying(lambda: record_failure(db, clock, sink, target, delivery, failure))
        return failure
    await outage.retrying(
        lambda: deliveries.mark_sent(db, delivery.id, now=clock.now(), message_ids=done, article_ids=article_ids)
    )
    await sink.note(target, None)
    await sink.sent(target, replace(delivery, message_ids=tuple(done)))
    log.info("the %s digest went to %s in %d message(s)", delivery.slot, target.label, len(done))
    return None


async def record_failure(
    db: Database, clock: Clock, sink: Sink, target: Target, delivery: Delivery, exc: SendError
) -> None:
    """Record a failed attempt, with its next attempt when it may pass (see ``bot.delivery.claim``)."""
    now = clock.now()
    again = retry_at(delivery, now, retry=exc.retry)
    later = f"; trying again at {again:%H:%M} UTC" if again is not None else ""
    log.warning("the %s post to %s failed: %s%s", delivery.slot, target.label, exc, later)
    await deliveries.mark_failed(db, delivery.id, now=now, error=str(exc), retry_at=again)
    await sink.note(target, f"{delivery.slot}: {exc}")
