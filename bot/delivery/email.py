"""The email sink: each newsletter recipient with a daily time gets its edition at that local time.

Restart rule: an inbox cannot be read back. The core marks a claim as ``sending`` just before the message is
handed to the SMTP server; an edition left claimed but not sending never left and is sent now (within the
grace); one left sending may have been mailed, so it is recorded as skipped and never mailed twice.
A recipient the server refuses is not retried; an unreachable server is retried like any failure that may pass.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from email.message import EmailMessage

from bot.config import Settings
from bot.delivery.sink import Resolution, SendError, Target, Verdict
from bot.errors import ConfigError
from bot.models import Digest
from bot.newsletter.edition import Sender, compose
from bot.newsletter.errors import RecipientRefusedError, SmtpError
from bot.newsletter.message import sender_address
from bot.newsletter.render import NewsletterRenderer
from bot.newsletter.send import SmtpSender
from bot.store import newsletter as recipients
from bot.store.db import Database
from bot.store.records import EMAIL_SINK, Delivery, Recipient, TargetRef, TargetTable

log = logging.getLogger(__name__)

IN_DOUBT = "an earlier run stopped while sending this edition; not resent to avoid a duplicate"


class EmailSink:
    """Mails editions over one SMTP session per round; tests hand in their own ``sender``."""

    name = EMAIL_SINK

    def __init__(self, db: Database, settings: Settings, *, sender: Sender | None = None) -> None:
        self.db = db
        self.settings = settings
        self.sender = sender
        self._session: Sender | None = None
        self._renderer = NewsletterRenderer(settings.templates_dir)
        self._recipients: dict[int, Recipient] = {}

    async def ready(self) -> bool:
        """Return whether mail can be sent; say once why not when recipients are waiting for it."""
        scheduled = [r for r in await recipients.list_recipients(self.db) if r.time is not None]
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

    def target_for(self, recipient: Recipient) -> Target:
        """Return the core's view of a recipient (one without a daily time is only mailed by hand)."""
        self._recipients[recipient.id] = recipient
        return Target(
            ref=TargetRef(TargetTable.RECIPIENT, recipient.id),
            time=recipient.time or "00:00",  # only read for recipients with a time: targets() lists no other
            timezone=recipient.timezone or self.settings.timezone,
            topic=recipient.topic,
            created_at=recipient.created_at,
            label=f"the newsletter to {recipient.address}",
        )

    async def targets(self) -> list[Target]:
        """Return the recipients with a daily time."""
        return [self.target_for(r) for r in await recipients.list_recipients(self.db) if r.time is not None]

    async def target(self, ref: TargetRef) -> Target | None:
        """Return one recipient, if still subscribed with a daily time."""
        found = await recipients.get_recipient_by_id(self.db, ref.id)
        return None if found is None or found.time is None else self.target_for(found)

    def render(self, digest: Digest, target: Target) -> Sequence[object]:
        """Return the recipient's one message (HTML with a plain-text part and unsubscribe headers)."""
        recipient = self._recipients[target.ref.id]
        return [compose(self._renderer, digest, recipient, self.settings, now=digest.until)]

    async def send(self, target: Target, message: object, *, key: str | None = None) -> str:
        """Hand the message to the SMTP server; its Message-ID identifies it."""
        assert isinstance(message, EmailMessage)  # noqa: S101 - from render()
        try:
            if self._session is None:
                self._session = self.sender or SmtpSender(self.settings)
            await self._session.send(message)
        except RecipientRefusedError as exc:
            raise SendError(str(exc), retry=False) from exc
        except SmtpError as exc:
            raise SendError(str(exc), retry=True) from exc
        return str(message["Message-ID"])

    async def resolve(self, target: Target, delivery: Delivery) -> Resolution:
        """Send what never left; never mail twice what may have (see the module rule)."""
        if delivery.sending:
            return Resolution(Verdict.GIVE_UP, reason=IN_DOUBT)
        return Resolution(Verdict.RESEND)

    async def note(self, target: Target, problem: str | None) -> None:
        """Recipients have no problem column: the delivery row and the log say it."""

    async def sent(self, target: Target, delivery: Delivery) -> None:
        """Nothing follows a mailed edition."""

    async def end_round(self) -> None:
        """Close the round's SMTP session (a test's own sender stays open)."""
        session, self._session = self._session, None
        if session is not None and session is not self.sender:
            await session.close()
