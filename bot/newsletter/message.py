"""Build one recipient's newsletter as an EmailMessage: text and HTML alternatives plus list headers."""

from __future__ import annotations

import email.policy
import re
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from urllib.parse import quote, urlsplit

from bot.errors import ConfigError
from bot.newsletter.errors import InvalidAddressError

# Headers are not folded below the RFC 5322 hard limit: a folded Message-ID or List-Unsubscribe link reads back
# with a leading space in some parsers (Python's among them).
_POLICY = email.policy.default.clone(max_line_length=998)
# Deliberately narrower than RFC 5322: what real mailboxes use, and nothing that could smuggle a header.
_LOCAL = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
_LABEL = re.compile(r"[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?")


def normalize_address(text: str) -> str:
    """Return ``text`` as a bare address ``local@domain`` with the domain lower-cased.

    Raises:
        InvalidAddressError: if it is not an address newsdigest can send to.
    """
    value = text.strip()
    if "<" in value:
        value = parseaddr(value)[1]
    if not value or any(c.isspace() for c in value) or len(value) > 254:
        raise InvalidAddressError(f"{text!r} is not an email address like reader@example.org")
    local, sep, domain = value.rpartition("@")
    if not sep or not local or not domain:
        raise InvalidAddressError(f"{text!r} is not an email address like reader@example.org (no @domain)")
    if len(local) > 64 or not _LOCAL.fullmatch(local):
        raise InvalidAddressError(f"{text!r}: the part before @ has characters an address cannot have")
    try:
        ascii_domain = domain.encode("idna").decode("ascii").lower()
    except UnicodeError:
        raise InvalidAddressError(f"{text!r}: {domain!r} is not a valid domain") from None
    labels = ascii_domain.split(".")
    if len(labels) < 2 or not all(_LABEL.fullmatch(label) for label in labels):
        raise InvalidAddressError(f"{text!r}: {domain!r} is not a domain like example.org")
    return f"{local}@{ascii_domain}"


def sender_address(smtp_from: str | None) -> Address:
    """Parse SMTP_FROM (``News <news@example.org>`` or a bare address).

    Raises:
        ConfigError: if it is missing or not an address.
    """
    if not smtp_from:
        raise ConfigError("SMTP_FROM", "is needed to send the newsletter (e.g. 'News digest <news@example.org>')")
    name, addr = parseaddr(smtp_from)
    try:
        bare = normalize_address(addr)
    except InvalidAddressError as exc:
        raise ConfigError("SMTP_FROM", str(exc)) from None
    local, _, domain = bare.rpartition("@")
    return Address(display_name=name, username=local, domain=domain)


def unsubscribe_links(sender: Address, token: str, public_url: str | None) -> tuple[str | None, str]:
    """Return (the web link or None, the mailto link) that unsubscribe the holder of ``token``."""
    mailto = f"mailto:{sender.addr_spec}?subject={quote(f'unsubscribe {token}')}"
    web = None
    if public_url:
        web = f"{public_url.rstrip('/')}/newsletter/unsubscribe?token={quote(token)}"
    return web, mailto


def build_message(
    *,
    sender: Address,
    to: str,
    subject: str,
    text: str,
    html: str,
    now: datetime,
    unsubscribe_url: str | None,
    unsubscribe_mailto: str,
) -> EmailMessage:
    """Return a multipart/alternative message (text first, HTML preferred) with list headers."""
    message = EmailMessage(policy=_POLICY)
    message["Subject"] = subject
    message["From"] = sender
    message["To"] = to
    message["Date"] = format_datetime(now)
    message["Message-ID"] = make_msgid(domain=sender.domain)
    links = [f"<{unsubscribe_mailto}>"]
    if unsubscribe_url:
        links.insert(0, f"<{unsubscribe_url}>")
    message["List-Unsubscribe"] = ", ".join(links)
    if unsubscribe_url and urlsplit(unsubscribe_url).scheme == "https":
        # RFC 8058 one-click unsubscribe is defined for an HTTPS link only.
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message["Auto-Submitted"] = "auto-generated"
    message["Precedence"] = "bulk"
    message.set_content(text, subtype="plain", charset="utf-8", cte="quoted-printable")
    message.add_alternative(html, subtype="html", charset="utf-8", cte="quoted-printable")
    return message
