"""One recipient's edition as an email (HTML with a plain-text part and unsubscribe headers), and the SMTP port."""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage
from typing import Protocol
from zoneinfo import ZoneInfo

from bot.config import Settings, find_zone
from bot.models import Digest
from bot.newsletter.errors import NewsletterError
from bot.newsletter.message import build_message, sender_address, unsubscribe_links
from bot.newsletter.render import NewsletterRenderer, build_view
from bot.store.records import Recipient


class Sender(Protocol):
    """What sending needs from an SMTP session (SmtpSender in production)."""

    async def send(self, message: EmailMessage) -> None:
        """Send one message."""
        ...

    async def close(self) -> None:
        """End the session."""
        ...


def zone_named(name: str) -> ZoneInfo:
    """Return the IANA zone ``name``.

    Raises:
        NewsletterError: if there is no such zone.
    """
    zone = find_zone(name)
    if zone is None:
        raise NewsletterError(f"{name[:60]!r} is not an IANA time zone such as Europe/Berlin")
    return zone


def compose(
    renderer: NewsletterRenderer, digest: Digest, recipient: Recipient, settings: Settings, *, now: datetime
) -> EmailMessage:
    """Render and build one recipient's message."""
    sender = sender_address(settings.smtp_from)
    web, mailto = unsubscribe_links(sender, recipient.unsubscribe_token, settings.public_url)
    zone = zone_named(recipient.timezone or settings.timezone)
    view = build_view(digest, zone, unsubscribe_url=web, unsubscribe_mailto=mailto, public_url=settings.public_url)
    count = len(view.items)
    subject = f"{view.title}, {view.edition} ({count} {'story' if count == 1 else 'stories'})"
    return build_message(
        sender=sender,
        to=recipient.address,
        subject=subject,
        text=renderer.text(view),
        html=renderer.html(view),
        now=now,
        unsubscribe_url=web,
        unsubscribe_mailto=mailto,
    )
