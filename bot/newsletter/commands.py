"""What ``newsdigest newsletter add/remove/list/send`` do, as async functions returning typed records."""

from __future__ import annotations

import asyncio
import logging
import re
import secrets
from collections.abc import Sequence
from datetime import datetime, time, timedelta
from email.message import EmailMessage
from pathlib import Path

from bot.clock import Clock
from bot.config import Settings, parse_hhmm
from bot.delivery.email import IN_DOUBT, EmailSink
from bot.delivery.owner import Owner
from bot.delivery.send import send_claimed
from bot.delivery.sink import DigestBuilder
from bot.digest.select import build_digest
from bot.errors import ConfigError
from bot.models import Digest, DigestFilter
from bot.newsletter.edition import Sender, compose, zone_named
from bot.newsletter.errors import NewsletterError, UnknownRecipientError
from bot.newsletter.message import normalize_address, sender_address
from bot.newsletter.records import AddedRecipient, Outcome, RecipientResult, SendReport
from bot.newsletter.render import NewsletterRenderer
from bot.store import deliveries
from bot.store import newsletter as store
from bot.store.db import Database
from bot.store.records import EMAIL_SINK, Delivery, DeliveryStatus, Lease, Recipient, TargetRef, TargetTable

log = logging.getLogger(__name__)


async def add(
    db: Database,
    settings: Settings,
    clock: Clock,
    address: str,
    *,
    at: str | None = None,
    timezone: str | None = None,
    topic: str | None = None,
) -> AddedRecipient:
    """Subscribe ``address`` (optionally daily at ``at`` HH:MM in ``timezone``), or update its schedule.

    Raises:
        InvalidAddressError: if the address is not one mail can go to.
        NewsletterError: if the time or zone is not valid.
    """
    clean = normalize_address(address)
    when = None
    if at is not None:
        try:
            when = parse_hhmm(at)
        except ValueError as exc:
            raise NewsletterError(str(exc)) from None
    if timezone is not None:
        zone_named(timezone.strip())
        timezone = timezone.strip()
        if when is None:
            raise NewsletterError("--timezone needs --time HH:MM (the zone says what the time means)")
    recipient, new = await store.add_recipient(
        db,
        clean,
        time=when,
        timezone=timezone,
        topic=topic.strip() if topic and topic.strip() else None,
        token=secrets.token_urlsafe(24),
        now=clock.now(),
    )
    log.info("newsletter recipient %s %s", clean, "added" if new else "updated")
    return AddedRecipient(recipient, new)


async def remove(db: Database, address: str) -> str:
    """Unsubscribe ``address`` and return it as it was stored.

    Raises:
        UnknownRecipientError: if it was not subscribed.
    """
    clean = normalize_address(address)
    existing = await store.get_recipient(db, clean)
    if existing is None or not await store.remove_recipient(db, clean):
        raise UnknownRecipientError(f"{clean} is not on the newsletter list")
    return existing.address


async def list_all(db: Database) -> list[Recipient]:
    """Return every recipient."""
    return await store.list_recipients(db)


def slot_for(recipient: Recipient, settings: Settings, now: datetime) -> str:
    """Return the edition a send at ``now`` belongs to: the recipient's local date."""
    return now.astimezone(zone_named(recipient.timezone or settings.timezone)).date().isoformat()


def is_due(recipient: Recipient, settings: Settings, now: datetime) -> bool:
    """Return True if the recipient's daily time has come today and is not older than CATCHUP_GRACE."""
    if recipient.time is None:
        return False
    zone = zone_named(recipient.timezone or settings.timezone)
    local = now.astimezone(zone)
    hour, minute = (int(p) for p in recipient.time.split(":"))
    scheduled = datetime.combine(local.date(), time(hour, minute), tzinfo=zone)
    return scheduled <= local <= scheduled + settings.catchup_grace


def eml_name(slot: str, address: str) -> str:
    """Return a safe file name for one recipient's dry-run message."""
    return f"{slot}_{re.sub(r'[^A-Za-z0-9@._-]+', '_', address)}.eml"


async def send(
    db: Database,
    settings: Settings,
    clock: Clock,
    *,
    since: timedelta | None = None,
    dry_run: bool = False,
    out_dir: Path | None = None,
    addresses: Sequence[str] | None = None,
    due_only: bool = False,
    digest_builder: DigestBuilder = build_digest,
    sender: Sender | None = None,
) -> SendReport:
    """Send today's edition to every recipient (or those given) that has not had it yet.

    With ``dry_run`` one .eml file per recipient is written into ``out_dir`` and nothing is sent or recorded.
    A recipient the server refuses is recorded as failed and the others are still sent; a later run retries it.

    Raises:
        ConfigError: if SMTP_FROM (or, to send for real, SMTP_HOST) is missing.
        NewsletterError: if --dry-run has no --out directory or it cannot be written.
    """
    now = clock.now()
    window = since if since is not None else settings.digest_window
    start = now - window
    if dry_run:
        if out_dir is None:
            raise NewsletterError("--dry-run needs --out DIR: the folder to write one .eml file per recipient into")
        try:
            out_dir.mkdir(parents=True, exist_ok=True)  # noqa: ASYNC240 - one mkdir, not worth a thread
        except OSError as exc:
            raise NewsletterError(f"cannot create {out_dir}: {exc.strerror or exc}") from exc
    sender_address(settings.smtp_from)  # fail before touching anything if SMTP_FROM is missing or wrong
    if not dry_run and sender is None and not settings.smtp_host:
        raise ConfigError("SMTP_HOST", "is needed to send the newsletter (or use --dry-run --out DIR)")
    recipients = await store.list_recipients(db)
    if addresses is not None:
        wanted = {normalize_address(a).lower() for a in addresses}
        missing = wanted - {r.address.lower() for r in recipients}
        if missing:
            raise UnknownRecipientError(f"not on the newsletter list: {', '.join(sorted(missing))}")
        recipients = [r for r in recipients if r.address.lower() in wanted]
    sink = EmailSink(db, settings, sender=sender)
    run = _Run(db, settings, clock, NewsletterRenderer(settings.templates_dir), digest_builder, start, now, sink)
    # Its claims are leased and renewed as a running process's are, so no `run` settles them meanwhile.
    keeper = asyncio.create_task(run.owner.keep(), name="newsletter-leases")
    try:
        for recipient in recipients:
            if dry_run:
                assert out_dir is not None  # noqa: S101 - checked above
                run.results.append(await run.write(recipient, out_dir, due_only=due_only))
            else:
                run.results.append(await run.deliver(recipient, due_only=due_only))
    finally:
        keeper.cancel()
        await sink.end_round()  # closes the SMTP session it opened (never a caller's own sender)
    return SendReport(since=start, until=now, dry_run=dry_run, results=tuple(run.results))


class _Run:
    """The state of one send by hand: digests per topic, the email sink, and whether the server is reachable.

    Claims and sending are the delivery core's (``claim_edition``, ``bot.delivery.send.send_claimed``); this adds
    what a command needs: which recipients, a report line each, and stopping after the server is down twice.
    """

    def __init__(
        self,
        db: Database,
        settings: Settings,
        clock: Clock,
        renderer: NewsletterRenderer,
        digest_builder: DigestBuilder,
        since: datetime,
        until: datetime,
        sink: EmailSink,
    ) -> None:
        self.db = db
        self.settings = settings
        self.clock = clock
        self.renderer = renderer
        self.digest_builder = digest_builder
        self.since = since
        self.until = until
        self.sink = sink
        self.results: list[RecipientResult] = []
        self.digests: dict[str | None, Digest] = {}
        self.drops = 0  # session failures in a row; two mean the server is down and the run stops trying
        self.broken: str | None = None
        self.owner = Owner(db, clock, settings.delivery_lease)

    async def _prepare(self, recipient: Recipient, slot: str, due_only: bool) -> EmailMessage | RecipientResult:
        """Return the recipient's message, or the result that says why there is none."""
        if due_only and not is_due(recipient, self.settings, self.until):
            return RecipientResult(recipient.address, slot, Outcome.NOT_DUE)
        if recipient.topic not in self.digests:
            # The same filter a scheduled edition is built with (the default cap and its "more" line).
            self.digests[recipient.topic] = await self.digest_builder(
                self.db, self.since, self.until, filters=DigestFilter(topic=recipient.topic)
            )
        digest = self.digests[recipient.topic]
        if not digest.items and not self.settings.post_empty_digest:
            return RecipientResult(recipient.address, slot, Outcome.EMPTY, "nothing new in the window")
        return compose(self.renderer, digest, recipient, self.settings, now=self.until)

    async def write(self, recipient: Recipient, out_dir: Path, *, due_only: bool) -> RecipientResult:
        """Write the recipient's message as an .eml file instead of sending it."""
        slot = slot_for(recipient, self.settings, self.until)
        message = await self._prepare(recipient, slot, due_only)
        if isinstance(message, RecipientResult):
            return message
        path = out_dir / eml_name(slot, recipient.address)
        try:
            path.write_bytes(message.as_bytes())
        except OSError as exc:
            raise NewsletterError(f"cannot write {path}: {exc.strerror or exc}") from exc
        return RecipientResult(recipient.address, slot, Outcome.WRITTEN, path=path, message_id=message["Message-ID"])

    async def deliver(self, recipient: Recipient, *, due_only: bool) -> RecipientResult:
        """Claim, send and record one recipient's edition."""
        slot = slot_for(recipient, self.settings, self.until)
        message = await self._prepare(recipient, slot, due_only)
        if isinstance(message, RecipientResult):
            return message
        if self.broken is not None:
            return RecipientResult(recipient.address, slot, Outcome.FAILED, f"not tried: {self.broken}")
        blocked, delivery = await claim_edition(self.db, recipient, slot, self.clock.now(), self.owner.lease())
        if blocked is DeliveryStatus.CLAIMED:
            return RecipientResult(recipient.address, slot, Outcome.IN_DOUBT, IN_DOUBT)
        if blocked is not None or delivery is None:
            return RecipientResult(recipient.address, slot, Outcome.ALREADY_SENT, f"edition {slot} already {blocked}")
        # Cancelled or crashed past this point, the claim stays, marked as sending: it is never mailed twice.
        target = self.sink.target_for(recipient)
        with self.owner.flying(delivery.id):
            failure = await send_claimed(self.db, self.clock, self.sink, target, delivery, [message], owner=self.owner)
        if failure is not None:
            if failure.retry:  # the server, not this recipient: twice in a row and the run stops trying
                self.drops += 1
                if self.drops >= 2:
                    self.broken = str(failure)
            else:
                self.drops = 0
            return RecipientResult(recipient.address, slot, Outcome.FAILED, str(failure))
        self.drops = 0
        message_id = str(message["Message-ID"])
        log.info("newsletter %s sent to %s", slot, recipient.address)
        return RecipientResult(recipient.address, slot, Outcome.SENT, message_id=message_id)


async def claim_edition(
    db: Database, recipient: Recipient, slot: str, now: datetime, lease: Lease | None = None
) -> tuple[DeliveryStatus | None, Delivery | None]:
    """Claim the recipient's edition for ``slot`` by the one claim rule; return (what blocks it, the claimed row).

    A failed earlier attempt is claimed again (the server refused it, so nothing was delivered). A ``claimed``
    row means a run stopped while sending: it blocks, because the message may have gone out.
    """
    ref = TargetRef(TargetTable.RECIPIENT, recipient.id)
    claimed = await deliveries.claim(db, sink=EMAIL_SINK, target=ref, slot=slot, now=now, until=now, lease=lease)
    if claimed is not None:
        return None, claimed
    existing = await deliveries.get_for(db, ref, slot)
    if existing is None:  # removed between the two statements: nothing to send to
        return DeliveryStatus.SKIPPED, None
    if existing.status is DeliveryStatus.FAILED and await deliveries.reclaim(db, existing.id, now=now, lease=lease):
        return None, await deliveries.get(db, existing.id)
    return existing.status, existing
