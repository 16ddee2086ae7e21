"""What the delivery core needs from a sink (a place digests go): the ``Sink`` protocol and its records."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from bot.errors import NewsdigestError
from bot.models import Digest, DigestFilter
from bot.store.db import Database
from bot.store.records import Delivery, TargetRef


class SendError(NewsdigestError):
    """A message did not reach the sink's service; ``retry`` says whether trying again later may help."""

    def __init__(self, message: str, *, retry: bool) -> None:
        super().__init__(message)
        self.retry = retry


class DigestBuilder(Protocol):
    """The signature of ``bot.digest.select.build_digest`` (tests hand in their own)."""

    async def __call__(
        self,
        db: Database,
        since: datetime,
        until: datetime,
        *,
        filters: DigestFilter | None = None,
        topic: str | None = None,
        limit: int | None = None,
    ) -> Digest:
        """Return the digest of a window."""
        ...


@dataclass(frozen=True, slots=True)
class Target:
    """One place a sink posts a daily digest to, as the core sees it: when, what, and a name for logs."""

    ref: TargetRef
    time: str  # HH:MM, local to ``timezone``
    timezone: str
    topic: str | None
    created_at: datetime  # only the slots after this are owed
    label: str  # for logs and errors: never a secret ("channel 42", a masked webhook URL, an address)
    channel_id: int | None = None
    guild_id: int | None = None
    filter: DigestFilter | None = None  # None: only ``topic``, with the default cap
    thread: bool = False  # a Discord channel post opens a thread (in a forum channel: is a new forum post)
    ping_role_id: int | None = None  # the one role a Discord channel post mentions when it has a story

    @property
    def digest_filter(self) -> DigestFilter:
        """Return the filter its posts are built with (the default cap when it names none)."""
        return self.filter if self.filter is not None else DigestFilter(topic=self.topic)


class Verdict(StrEnum):
    """What a claim left unfinished by a stopped process turns out to be."""

    SENT = "sent"  # it arrived (a channel shows it): record it as sent
    RESEND = "resend"  # nothing arrived: post it now, within the catch-up grace
    GIVE_UP = "give-up"  # part may have arrived and the sink cannot tell: record it skipped, never post twice


@dataclass(frozen=True, slots=True)
class Resolution:
    """A sink's verdict on an unfinished claim, with the ids it found or the reason it gave up."""

    verdict: Verdict
    message_ids: tuple[str, ...] = ()
    reason: str = ""


class Sink(Protocol):
    """A kind of place digests go: it lists its targets, renders, sends, and reads its own unfinished claims.

    ``name`` is the ``deliveries.sink`` value of its rows. Every method but :meth:`send` and :meth:`resolve`
    is quick; :meth:`send` raises :class:`SendError` and the core records the rest (claims, retries, errors).
    """

    @property
    def name(self) -> str:
        """Return the ``deliveries.sink`` value of this sink's rows."""
        ...

    async def ready(self) -> bool:
        """Wait until the sink can post; return False (having said why, once) if it never can in this run."""
        ...

    async def targets(self) -> list[Target]:
        """Return the enabled targets."""
        ...

    async def target(self, ref: TargetRef) -> Target | None:
        """Return one enabled target, or None if it was removed or turned off."""
        ...

    def render(self, digest: Digest, target: Target) -> Sequence[object]:
        """Return the messages of a digest for this target, in order, each within the service's limits."""
        ...

    async def send(self, target: Target, message: object, *, key: str | None = None) -> str:
        """Send one rendered message; return an id for it (the service's, or its place in the post).

        ``key`` names the message across attempts and processes (its delivery and place, ``bot.delivery.send``):
        a sink whose service drops a repeat of a key (Discord's enforced message nonce) passes it on, so a message
        sent twice (a takeover of a stalled owner's claim, a retry after an answer that never came) arrives once.
        """
        ...

    async def resolve(self, target: Target, delivery: Delivery) -> Resolution:
        """Say what a claim a stopped process left unfinished means (see :class:`Verdict`)."""
        ...

    async def note(self, target: Target, problem: str | None) -> None:
        """Record (None: clear) the target's last problem where its owner sees it, if the sink has such a place."""
        ...

    async def sent(self, target: Target, delivery: Delivery) -> None:
        """Do what follows a post that fully arrived (e.g. remember a channel's last digest time)."""
        ...

    async def end_round(self) -> None:
        """Release what a round held (e.g. an SMTP session)."""
        ...
