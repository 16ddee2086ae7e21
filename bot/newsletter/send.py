"""Send messages over SMTP with aiosmtplib, one connection for a run, errors in plain words."""

from __future__ import annotations

import logging
import ssl
from email.message import EmailMessage
from types import TracebackType

import aiosmtplib

from bot.config import Settings
from bot.errors import ConfigError
from bot.newsletter.errors import RecipientRefusedError, SmtpError

log = logging.getLogger(__name__)

_TIMEOUT = 60.0


def _explain(exc: Exception, host: str, port: int) -> SmtpError:
    """Translate an aiosmtplib or socket error into an SmtpError a person can act on."""
    where = f"{host}:{port}"
    if isinstance(exc, aiosmtplib.SMTPAuthenticationError):
        return SmtpError(
            f"the mail server {where} refused the login: check SMTP_USER and SMTP_PASSWORD ({exc.message})"
        )
    if isinstance(exc, aiosmtplib.SMTPNotSupported):
        return SmtpError(f"the mail server {where} does not support what SMTP_SECURITY asks for: {exc}")
    if isinstance(exc, aiosmtplib.SMTPConnectTimeoutError | aiosmtplib.SMTPTimeoutError | TimeoutError):
        return SmtpError(f"the mail server {where} did not answer in time")
    if isinstance(exc, aiosmtplib.SMTPServerDisconnected):
        return SmtpError(f"the mail server {where} closed the connection")
    if isinstance(exc, aiosmtplib.SMTPConnectError | ConnectionError | OSError):
        return SmtpError(f"cannot connect to the mail server {where}: check SMTP_HOST and SMTP_PORT ({exc})")
    if isinstance(exc, ssl.SSLError):
        return SmtpError(f"TLS with the mail server {where} failed: {exc}")
    return SmtpError(f"the mail server {where} failed: {exc}")


class SmtpSender:
    """One SMTP session per run: ``async with SmtpSender(settings) as smtp: await smtp.send(msg)``."""

    def __init__(self, settings: Settings, *, tls_context: ssl.SSLContext | None = None) -> None:
        if not settings.smtp_host:
            raise ConfigError("SMTP_HOST", "is needed to send the newsletter (or use --dry-run --out DIR)")
        self.host = settings.smtp_host
        self.port = settings.smtp_port
        self.security = settings.smtp_security
        self.user = settings.smtp_user
        self.password = settings.smtp_password
        self.tls_context = tls_context
        self._client: aiosmtplib.SMTP | None = None

    def _new_client(self) -> aiosmtplib.SMTP:
        return aiosmtplib.SMTP(
            hostname=self.host,
            port=self.port,
            use_tls=self.security == "tls",
            start_tls=self.security == "starttls",
            tls_context=self.tls_context,
            timeout=_TIMEOUT,
        )

    async def _connect(self) -> aiosmtplib.SMTP:
        if self._client is not None and self._client.is_connected:
            return self._client
        client = self._new_client()
        try:
            await client.connect()
            if self.user:
                await client.login(self.user, self.password or "")
        except (aiosmtplib.SMTPException, OSError, ssl.SSLError, TimeoutError) as exc:
            client.close()
            raise _explain(exc, self.host, self.port) from exc
        self._client = client
        return client

    async def __aenter__(self) -> SmtpSender:
        await self._connect()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()

    async def close(self) -> None:
        """Say QUIT if still connected."""
        client, self._client = self._client, None
        if client is None or not client.is_connected:
            return
        try:
            await client.quit()
        except (aiosmtplib.SMTPException, OSError):
            client.close()

    async def send(self, message: EmailMessage) -> None:
        """Send one message, reconnecting if an earlier failure dropped the session.

        Raises:
            RecipientRefusedError: if the server refused this message or its recipient; the session is still usable.
            SmtpError: if the server cannot be reached or dropped the connection.
        """
        client = await self._connect()
        try:
            await client.send_message(message)
        except aiosmtplib.SMTPRecipientsRefused as exc:
            reasons = "; ".join(f"{e.recipient}: {e.code} {e.message}" for e in exc.recipients)
            raise RecipientRefusedError(f"the mail server refused the recipient ({reasons})") from exc
        except aiosmtplib.SMTPSenderRefused as exc:
            raise RecipientRefusedError(
                f"the mail server refused the sender {exc.sender}: {exc.code} {exc.message}"
            ) from exc
        except aiosmtplib.SMTPDataError as exc:
            raise RecipientRefusedError(f"the mail server refused the message: {exc.code} {exc.message}") from exc
        except (aiosmtplib.SMTPException, OSError, ssl.SSLError, TimeoutError) as exc:
            self._client = None
            client.close()
            raise _explain(exc, self.host, self.port) from exc
