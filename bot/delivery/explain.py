"""Why-not for a schedule: which window and filter its post used, and whether and when an article went out where.

A sent post records the articles it carried (the lead of each story shown, ``delivery_articles``), so an
article counts as posted when it, or another article of its story, was carried. :func:`post_findings` is pure;
:func:`schedule_window` picks the window to explain: the post that carried the article, else the post whose
window holds its arrival, else the schedule's next post as of now.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from bot.delivery.claim import window_start
from bot.digest.explain import Explanation, Finding
from bot.digest.filters import describe
from bot.store import deliveries
from bot.store.db import Database
from bot.store.records import ChannelSchedule, Delivery, DeliveryStatus, Schedule, TargetRef, TargetTable


@dataclass(frozen=True, slots=True)
class Window:
    """The window a schedule's explanation is about, and the post it belongs to (None: the next post)."""

    since: datetime
    until: datetime
    post: Delivery | None


def _when(moment: datetime) -> str:
    return f"{moment.astimezone(UTC):%Y-%m-%d %H:%M} UTC"


def where(schedule: Schedule | None, delivery: Delivery) -> str:
    """Return where a post went, without secrets: a channel, or which schedule's webhook."""
    if delivery.channel_id is not None:
        return f"Discord channel {delivery.channel_id}"
    if schedule is not None and not isinstance(schedule, ChannelSchedule):
        return f"schedule {schedule.id}'s {schedule.target}"
    sid = delivery.schedule_id
    return f"schedule {sid}'s {delivery.sink}" if sid is not None else f"a removed schedule's {delivery.sink}"


def _post(schedules: Mapping[int, Schedule], delivery: Delivery) -> str:
    schedule = schedules.get(delivery.schedule_id) if delivery.schedule_id is not None else None
    at = _when(delivery.finished_at) if delivery.finished_at else "at an unknown time"
    by = f"schedule {delivery.schedule_id}" if delivery.schedule_id is not None else f"the {delivery.sink} post"
    messages = f", message {delivery.message_ids[0]}" if delivery.message_ids else ""
    return f"{at} by {by} to {where(schedule, delivery)} (the {delivery.slot} post{messages})"


def post_findings(
    article_id: int,
    story_ids: Iterable[int],
    carried: Sequence[tuple[int, Delivery]],
    schedules: Mapping[int, Schedule],
    schedule: Schedule,
    window: Window,
) -> tuple[bool, list[Finding]]:
    """Return (posted by this schedule, findings): every post that carried the article or its story."""
    story = set(story_ids)
    out = [
        Finding(
            "schedule",
            f"Schedule {schedule.id}: daily at {schedule.time} {schedule.timezone}; {describe(schedule.filter)}.",
        )
    ]
    if window.post is not None:
        out.append(
            Finding(
                "schedule",
                f"Its {window.post.slot} post covered {_when(window.since)} to {_when(window.until)}"
                f" ({window.post.status.value}{': ' + window.post.error if window.post.error else ''}).",
            )
        )
    else:
        out.append(Finding("schedule", f"Its next post, as of now, covers {_when(window.since)} to now."))
    mine = False
    for carried_id, delivery in carried:
        if delivery.status is not DeliveryStatus.SENT or carried_id not in story:
            continue
        how = "Posted" if carried_id == article_id else f"Its story was posted (as article {carried_id})"
        out.append(Finding("posted", f"{how} {_post(schedules, delivery)}."))
        mine = mine or delivery.schedule_id == schedule.id
    if not mine:
        out.append(Finding("posted", f"Schedule {schedule.id} has not posted it."))
    return mine, out


async def schedule_window(
    db: Database,
    schedule: Schedule,
    arrived_at: datetime,
    carried: Sequence[tuple[int, Delivery]],
    *,
    now: datetime,
    digest_window: timedelta,
) -> Window:
    """Return the window to explain the article against (module doc)."""
    for _, delivery in carried:
        if delivery.schedule_id == schedule.id and delivery.since and delivery.until:
            return Window(delivery.since, delivery.until, delivery)
    ref = TargetRef(TargetTable.SCHEDULE, schedule.id)
    post = await deliveries.covering(db, ref, arrived_at)
    if post is not None and post.since is not None and post.until is not None:
        return Window(post.since, post.until, post)
    return Window(await window_start(db, ref, now, digest_window), now, None)


def with_posts(result: Explanation, posted: bool, findings: Sequence[Finding], window: Window) -> Explanation:
    """Return the explanation with the schedule's findings, its verdict saying whether this schedule posted it."""
    verdict = result.verdict
    if posted:
        verdict = "Posted by this schedule."
    elif window.post is None and result.in_digest:
        verdict = "Not posted yet: it is in this schedule's next post."
    return replace(
        result, in_digest=posted or result.in_digest, verdict=verdict, findings=(*result.findings, *findings)
    )
