"""The newsletter on schedule: while ``newsdigest run`` runs, each recipient gets its edition at its local time.

About once a minute the loop asks :func:`bot.newsletter.commands.send` (``due_only``) to mail the recipients
whose daily time has come and who have not had today's edition; ``send`` claims each edition in the
database, so a restart never mails one twice. Recipients already served today are left out before any digest
is built, and one that failed or had nothing new is tried again only every few minutes.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.config import Settings
from bot.errors import ConfigError, NewsdigestError
from bot.models import DeliveryStatus
from bot.newsletter import commands
from bot.newsletter.commands import Sender
from bot.newsletter.message import sender_address
from bot.newsletter.records import Outcome, SendReport
from bot.store import newsletter as store
from bot.store.db import Database

log = logging.getLogger(__name__)

INTERVAL = 60.0
RETRY_AFTER = timedelta(minutes=10)
_DONE = {DeliveryStatus.SENT, DeliveryStatus.CLAIMED, DeliveryStatus.SKIPPED}


class NewsletterLoop:
    """Sends due editions every ``interval`` seconds of the clock until cancelled."""

    def __init__(
        self,
        db: Database,
        settings: Settings,
        clock: Clock,
        *,
        interval: float = INTERVAL,
        sender: Sender | None = None,
    ) -> None:
        self.db = db
        self.settings = settings
        self.clock = clock
        self.interval = interval
        self.sender = sender  # tests hand in their own; production opens an SMTP session per round
        self._tried: dict[tuple[int, str], datetime] = {}
        self.rounds = 0

    async def ready(self) -> bool:
        """Return whether mail can be sent; say once why not when recipients are waiting for it."""
        scheduled = [r for r in await store.list_recipients(self.db) if r.time is not None]
        if not self.settings.smtp_host and self.sender is None:
            if scheduled:
                log.info(
                    "%d newsletter recipient(s) have a daily time, but SMTP_HOST is not set: no newsletter is sent",
                    len(scheduled),
                )
            return False
        try:
            sender_address(self.settings.smtp_from)
        except ConfigError as exc:
            log.warning("the newsletter is not sent on schedule: setting %s", exc)
            return False
        return True

    async def run(self) -> None:
        """Send due editions about once a minute; return at once if mail cannot be sent."""
        if not await self.ready():
            return
        while True:
            try:
                await self.send_due()
            except NewsdigestError as exc:
                log.warning("newsletter round failed: %s; trying again next round", exc)
            except Exception:
                log.exception("newsletter round failed; trying again next round")
            self.rounds += 1
            await self.clock.sleep(self.interval)

    async def pending(self, now: datetime) -> list[str]:
        """Return the addresses whose edition is due now and not yet settled (nor tried in the last minutes)."""
        wanted = []
        for recipient in await store.list_recipients(self.db):
            if not commands.is_due(recipient, self.settings, now):
                continue
            slot = commands.slot_for(recipient, self.settings, now)
            if any(d.slot == slot and d.status in _DONE for d in await store.deliveries(self.db, recipient.id)):
                continue
            tried = self._tried.get((recipient.id, slot))
            if tried is not None and now - tried < RETRY_AFTER:
                continue
            self._tried[(recipient.id, slot)] = now
            wanted.append(recipient.address)
        return wanted

    async def send_due(self) -> SendReport | None:
        """Send the editions due now; return what was done, or None when nobody was due."""
        now = self.clock.now()
        addresses = await self.pending(now)
        if not addresses:
            return None
        report = await commands.send(
            self.db, self.settings, self.clock, addresses=addresses, due_only=True, sender=self.sender
        )
        for result in report.results:
            if result.outcome is Outcome.IN_DOUBT:
                log.warning("newsletter %s to %s: %s", result.slot, result.address, result.detail)
            elif result.outcome is Outcome.EMPTY:
                log.info("newsletter %s to %s: nothing new, not sent", result.slot, result.address)
        return report
