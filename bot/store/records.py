"""Typed records of the delivery tables: one type per kind of row, so no caller guesses which columns apply.

The ``schedules`` table holds two kinds of row, told apart by its ``target`` column: a Discord channel
(:class:`ChannelSchedule`, keyed by channel id) and a webhook (:class:`WebhookSchedule`, keyed by its URL). They
share a table because they share the daily-time columns, the ids that ``schedule list`` and ``schedule remove``
show, and the deliveries that point at them; each kind still gets its own record with only the fields that mean
something for it, and :data:`Schedule` is the union a reader narrows with ``isinstance``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from bot.models import DEFAULT_MAX_STORIES, DigestFilter


class DeliveryStatus(StrEnum):
    """Lifecycle of one post."""

    CLAIMED = "claimed"
    SENT = "sent"
    FAILED = "failed"
    SKIPPED = "skipped"


class WebhookTarget(StrEnum):
    """The webhook services the CLI knows URLs of: the ``schedules.target`` value of their rows."""

    DISCORD = "discord-webhook"
    SLACK = "slack-webhook"


CHANNEL_TARGET = "discord"  # the ``schedules.target`` value of a Discord channel row
EMAIL_SINK = "email"  # the ``deliveries.sink`` value of a newsletter edition


@dataclass(frozen=True, slots=True)
class ChannelSchedule:
    """A daily digest posted by the bot into a Discord channel at a local time."""

    id: int
    guild_id: int | None
    channel_id: int
    time: str  # HH:MM, local to ``timezone``
    timezone: str
    topic: str | None
    enabled: bool
    last_error: str | None
    created_at: datetime
    exclude: str | None = None
    sources: tuple[str, ...] = ()
    max_stories: int | None = None  # None: DEFAULT_MAX_STORIES
    thread: bool = False  # open a thread on each daily post (a new post in a forum channel)
    ping_role_id: int | None = None  # the one role mentioned when a post has a story

    @property
    def target(self) -> str:
        """Return the row's discriminator (the ``schedules.target`` column)."""
        return CHANNEL_TARGET

    @property
    def filter(self) -> DigestFilter:
        """Return what the schedule's posts keep and how many stories they show."""
        return _filter(self.topic, self.exclude, self.sources, self.max_stories)


@dataclass(frozen=True, slots=True)
class WebhookSchedule:
    """A daily digest posted to a URL at a local time; ``url`` is a secret (it holds the token).

    ``target`` names the sink that posts it: a :class:`WebhookTarget` value for Discord and Slack webhooks, or
    the name of a sink added later (no migration needed: the column is free text).
    """

    id: int
    target: str
    url: str = field(repr=False)
    time: str  # HH:MM, local to ``timezone``
    timezone: str
    topic: str | None
    enabled: bool
    last_error: str | None
    created_at: datetime
    exclude: str | None = None
    sources: tuple[str, ...] = ()
    max_stories: int | None = None  # None: DEFAULT_MAX_STORIES
    ping_role_id: int | None = None  # a Discord webhook's post mentions this one role when it has a story

    @property
    def filter(self) -> DigestFilter:
        """Return what the schedule's posts keep and how many stories they show."""
        return _filter(self.topic, self.exclude, self.sources, self.max_stories)


def _filter(topic: str | None, exclude: str | None, sources: tuple[str, ...], max_stories: int | None) -> DigestFilter:
    return DigestFilter(topic=topic, exclude=exclude, sources=sources, max_stories=max_stories or DEFAULT_MAX_STORIES)


Schedule = ChannelSchedule | WebhookSchedule  # told apart by ``schedules.target``: 'discord' is a channel


@dataclass(frozen=True, slots=True)
class Recipient:
    """One newsletter subscriber."""

    id: int
    address: str
    time: str | None  # HH:MM local to ``timezone``; None = only manual sends
    timezone: str | None  # IANA zone; None = the bot's TIMEZONE setting
    topic: str | None
    unsubscribe_token: str
    created_at: datetime


class TargetTable(StrEnum):
    """Which table a delivery's target lives in."""

    SCHEDULE = "schedule"
    RECIPIENT = "recipient"


@dataclass(frozen=True, slots=True)
class TargetRef:
    """What a delivery is for: a schedule row or a newsletter recipient row."""

    table: TargetTable
    id: int

    def __str__(self) -> str:
        return f"{self.table.value} {self.id}"


@dataclass(frozen=True, slots=True)
class Lease:
    """Who holds a claim (a worker id, ``host:pid:random``) and until when, unless the holder renews it."""

    worker: str
    until: datetime


@dataclass(frozen=True, slots=True)
class Delivery:
    """One post of one target for one slot (its local day): claimed, sent, failed or skipped, and its retries.

    ``sending`` is set just before the first message goes out, so a restart can tell "nothing left" from "may
    have partly arrived"; ``message_ids`` grows message by message, so a retry resumes after the last one that
    arrived; ``next_attempt_at`` is when a failure that may pass is tried again (None: not retried);
    ``lease`` names the process that claimed it last and until when the claim is its own (None: no owner).
    """

    id: int
    sink: str
    target: TargetRef | None  # None once the schedule it was for is removed
    channel_id: int | None
    slot: str
    status: DeliveryStatus
    claimed_at: datetime
    finished_at: datetime | None
    error: str | None
    since: datetime | None = None
    until: datetime | None = None
    attempts: int = 1
    next_attempt_at: datetime | None = None
    sending: bool = False
    message_ids: tuple[str, ...] = ()
    lease: Lease | None = None

    @property
    def schedule_id(self) -> int | None:
        """Return the schedule this delivery is for, if it is a schedule's."""
        return self.target.id if self.target is not None and self.target.table is TargetTable.SCHEDULE else None
