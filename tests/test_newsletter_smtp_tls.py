"""SMTP over STARTTLS and implicit TLS with a login, against aiosmtpd on 127.0.0.1 with a throwaway certificate."""

from __future__ import annotations

import email
import email.policy
import shutil
import ssl
import subprocess
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from newsletter_support import digest_from_store, free_port, store_stories

from bot.config import Settings
from bot.newsletter import commands
from bot.newsletter.records import Outcome
from bot.newsletter.send import SmtpSender

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl is needed to make a test certificate")


@pytest.fixture
def certificate(tmp_path):
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-keyout", str(key), "-out", str(cert), "-days", "1", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )  # fmt: skip
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server.load_cert_chain(cert, key)
    client = ssl.create_default_context(cafile=str(cert))
    return server, client


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 OK"


def check_login(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (b"digest", b"s3cret")
    return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd answers 535 itself


@pytest.mark.parametrize("security", ["starttls", "tls"])
async def test_login_over_tls_sends(db, clock, certificate, security):
    server_ctx, client_ctx = certificate
    inbox = Inbox()
    port = free_port()
    # aiosmtpd counts only STARTTLS as TLS when offering AUTH, so implicit TLS needs auth_require_tls off.
    tls = (
        {"tls_context": server_ctx, "require_starttls": True, "auth_require_tls": True}
        if security == "starttls"
        else {"ssl_context": server_ctx, "auth_require_tls": False}
    )
    controller = Controller(inbox, hostname="127.0.0.1", port=port, authenticator=check_login, **tls)
    controller.start()
    try:
        settings = Settings(
            smtp_host="127.0.0.1",
            smtp_port=port,
            smtp_security=security,
            smtp_user="digest",
            smtp_password="s3cret",  # noqa: S106 - a test server's password
            smtp_from="news@digest.example",
        )
        await store_stories(db, clock.now() - timedelta(hours=1))
        await commands.add(db, settings, clock, "reader@example.org")
        sender = SmtpSender(settings, tls_context=client_ctx)
        try:
            report = await commands.send(db, settings, clock, digest_builder=digest_from_store, sender=sender)
        finally:
            await sender.close()
        assert [r.outcome for r in report.results] == [Outcome.SENT]
        assert [m["To"] for m in inbox.messages] == ["reader@example.org"]
    finally:
        controller.stop()


async def test_wrong_password_is_explained(certificate):
    server_ctx, client_ctx = certificate
    port = free_port()
    controller = Controller(
        Inbox(), hostname="127.0.0.1", port=port, authenticator=check_login, auth_require_tls=True,
        tls_context=server_ctx, require_starttls=True,
    )  # fmt: skip
    controller.start()
    try:
        settings = Settings(
            smtp_host="127.0.0.1", smtp_port=port, smtp_user="digest", smtp_password="wrong",  # noqa: S106
            smtp_from="news@digest.example",
        )  # fmt: skip
        from bot.newsletter.errors import SmtpError

        with pytest.raises(SmtpError, match="refused the login: check SMTP_USER and SMTP_PASSWORD"):
            async with SmtpSender(settings, tls_context=client_ctx):
                pass
    finally:
        controller.stop()
