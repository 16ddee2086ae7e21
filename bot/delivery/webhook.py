"""What the Discord and Slack webhook sinks share: targets from webhook schedules, and the restart rule.

Restart rule: a webhook cannot be read back, so the core marks a claim as ``sending`` just before its first
request. A claim left unfinished but not sending never reached the service and is posted now (within the
grace); one left sending may have partly arrived, so it is recorded as skipped with the reason, never posted
twice (a retry after a *recorded* failure resumes after the last message that arrived).
"""

from __future__ import annotations

import aiohttp

from bot.clock import Clock
from bot.delivery.sink import Resolution, Target, Verdict
from bot.store import schedules
from bot.store.db import Database
from bot.store.records import Delivery, TargetRef, TargetTable, WebhookSchedule
from bot.webhooks.urls import mask_webhook_url

INTERRUPTED = "interrupted while posting; not posted again, as part of it may have arrived"


def webhook_target(schedule: WebhookSchedule) -> Target:
    """Return the core's view of a webhook schedule (its label masks the token)."""
    return Target(
        ref=TargetRef(TargetTable.SCHEDULE, schedule.id),
        time=schedule.time,
        timezone=schedule.timezone,
        topic=schedule.topic,
        created_at=schedule.created_at,
        label=f"webhook schedule {schedule.id} ({schedule.target} {mask_webhook_url(schedule.url)})",
        filter=schedule.filter,
        ping_role_id=schedule.ping_role_id,
    )


class WebhookSink:
    """The shared part of a URL sink; a subclass names its ``kind`` (its schedules' target) and renders and sends."""

    kind: str

    def __init__(
        self, db: Database, clock: Clock, session: aiohttp.ClientSession, *, allow_loopback: bool = False
    ) -> None:
        self.db = db
        self.clock = clock
        self.session = session
        self.allow_loopback = allow_loopback  # tests post to 127.0.0.1; real schedules are https only
        self._urls: dict[int, str] = {}

    @property
    def name(self) -> str:
        """Return the ``deliveries.sink`` value: the schedule's target."""
        return self.kind

    async def ready(self) -> bool:
        """A webhook needs nothing but the network."""
        return True

    def _keep(self, schedule: WebhookSchedule) -> Target:
        self._urls[schedule.id] = schedule.url
        return webhook_target(schedule)

    def url(self, target: Target) -> str:
        """Return the secret URL of a target listed by this sink."""
        return self._urls[target.ref.id]

    async def targets(self) -> list[Target]:
        """Return this kind's enabled webhook schedules."""
        found = await schedules.list_webhook_schedules(self.db, enabled_only=True)
        return [self._keep(s) for s in found if s.target == self.kind]

    async def target(self, ref: TargetRef) -> Target | None:
        """Return one enabled webhook schedule of this kind."""
        found = await schedules.get_webhook_schedule(self.db, ref.id)
        if found is None or found.target != self.kind or not found.enabled:
            return None
        return self._keep(found)

    async def resolve(self, target: Target, delivery: Delivery) -> Resolution:
        """Resend what never started; give up on what may have partly arrived (see the module rule)."""
        if delivery.sending:
            return Resolution(Verdict.GIVE_UP, reason=INTERRUPTED)
        return Resolution(Verdict.RESEND)

    async def note(self, target: Target, problem: str | None) -> None:
        """Show the problem in ``schedule list``."""
        await schedules.set_last_error(self.db, target.ref.id, problem)

    async def sent(self, target: Target, delivery: Delivery) -> None:
        """Nothing follows a webhook post."""

    async def end_round(self) -> None:
        """The HTTP session is the caller's."""
