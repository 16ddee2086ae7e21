"""Typed records of what newsletter commands did; the rows themselves (Recipient, Delivery) are the store's."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from bot.store.records import Recipient


@dataclass(frozen=True, slots=True)
class AddedRecipient:
    """What ``newsletter add`` did: a new subscriber, or an existing one whose schedule changed."""

    recipient: Recipient
    new: bool


class Outcome(StrEnum):
    """What happened to one recipient in one send."""

    SENT = "sent"
    WRITTEN = "written"  # dry run: an .eml file was written instead
    FAILED = "failed"
    ALREADY_SENT = "already-sent"
    IN_DOUBT = "in-doubt"  # an earlier run was stopped mid-send; not resent to avoid a duplicate
    EMPTY = "empty"  # nothing new in the window
    NOT_DUE = "not-due"


@dataclass(frozen=True, slots=True)
class RecipientResult:
    """One recipient's line in a send report."""

    address: str
    slot: str
    outcome: Outcome
    detail: str | None = None
    path: Path | None = None
    message_id: str | None = None


@dataclass(frozen=True, slots=True)
class SendReport:
    """Everything one ``newsletter send`` did, recipient by recipient."""

    since: datetime
    until: datetime
    dry_run: bool
    results: tuple[RecipientResult, ...] = field(default_factory=tuple)

    def count(self, outcome: Outcome) -> int:
        """Return how many recipients had ``outcome``."""
        return sum(1 for r in self.results if r.outcome is outcome)

    @property
    def ok(self) -> bool:
        """Return True when no recipient failed."""
        return self.count(Outcome.FAILED) == 0
