"""The unsubscribe page behind the newsletter's List-Unsubscribe link (served where PUBLIC_URL points)."""

from __future__ import annotations

import asyncio
import html
import logging
from collections.abc import MutableMapping
from typing import Any, cast

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError

from bot.clock import Clock
from bot.store import newsletter as store
from bot.store.db import Database

log = logging.getLogger(__name__)

UNSUBSCRIBE_PATH = "/newsletter/unsubscribe"

_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark"><title>Newsletter</title></head>
<body style="font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;line-height:1.5">
{body}
</body></html>
"""


class _RequestErrors(logging.LoggerAdapter[logging.Logger]):
    """aiohttp's log of failed requests: a malformed one is one quiet line, a failure of ours keeps its traceback.

    An over-long request line or header, or bytes that are not HTTP, are answered by aiohttp itself (400) before
    any handler runs; it logs each at ERROR with a traceback, which on a public port means a traceback per
    scanner. Nothing of ours failed, so one DEBUG line says it.
    """

    def log(self, level: int, msg: object, *args: object, **kwargs: Any) -> None:  # noqa: ANN401 - logging's own
        """Log, turning a malformed request's error and traceback into one debug line."""
        exc = kwargs.get("exc_info")
        if isinstance(exc, HttpProcessingError):
            remote = args[0] if args else "?"
            reason = " ".join(str(exc.message).split())[:120]
            self.logger.debug(
                "unsubscribe page: refused a malformed request from %s (%s: %s)", remote, exc.code, reason
            )
            return
        super().log(level, msg, *args, **kwargs)

    def process(self, msg: object, kwargs: MutableMapping[str, Any]) -> tuple[object, MutableMapping[str, Any]]:
        """Leave the message as it is."""
        return msg, kwargs


REQUEST_ERRORS = _RequestErrors(logging.getLogger(f"{__name__}.requests"))


def make_runner(db: Database) -> web.AppRunner:
    """Return the app runner of the unsubscribe page: no access log, malformed requests logged quietly."""
    # aiohttp types its logger as a Logger; an adapter offers every method its request handler calls.
    return web.AppRunner(unsubscribe_app(db), access_log=None, logger=cast(logging.Logger, REQUEST_ERRORS))


def _page(body: str, status: int = 200) -> web.Response:
    return web.Response(text=_PAGE.format(body=body), status=status, content_type="text/html")


def unsubscribe_app(db: Database) -> web.Application:
    """Return an aiohttp app with GET (a confirm button) and POST (RFC 8058 one-click) unsubscribe."""

    async def confirm(request: web.Request) -> web.Response:
        # GET only asks: mail scanners follow links, and a visit must not unsubscribe anyone.
        token = request.query.get("token", "")
        if not token:
            return _page("<p>This unsubscribe link is incomplete.</p>", 400)
        return _page(
            "<p>Stop receiving the news digest by email?</p>"
            f'<form method="post" action="{UNSUBSCRIBE_PATH}?token={html.escape(token, quote=True)}">'
            '<button type="submit" style="font-size:1rem;padding:.5rem 1rem">Unsubscribe</button></form>'
        )

    async def unsubscribe(request: web.Request) -> web.Response:
        token = request.query.get("token", "")
        address = await store.unsubscribe_by_token(db, token) if token else None
        if address is None:
            # Unknown or already used: say so without revealing whether any address is subscribed.
            return _page("<p>You are not on the list (any more).</p>")
        log.info("newsletter recipient unsubscribed by link")
        return _page("<p>Done: you will not receive the news digest by email any more.</p>")

    app = web.Application()
    app.router.add_get(UNSUBSCRIBE_PATH, confirm)
    app.router.add_post(UNSUBSCRIBE_PATH, unsubscribe)
    return app


async def serve_unsubscribe(db: Database, host: str, port: int, public_url: str, clock: Clock) -> None:
    """Serve the unsubscribe page on host:port until cancelled; a port in use is retried, never fatal.

    PUBLIC_URL is what readers' mail links to; a reverse proxy (or the port itself) must lead there.
    """
    pause = 5.0
    while True:
        runner = make_runner(db)
        await runner.setup()
        try:
            await web.TCPSite(runner, host, port).start()
        except OSError as exc:
            await runner.cleanup()
            log.error(
                "cannot serve the newsletter's unsubscribe page on %s:%s (WEB_LISTEN): %s; trying again in %.0f s",
                host,
                port,
                exc.strerror or exc,
                pause,
            )
            await clock.sleep(pause)
            pause = min(pause * 2, 300.0)
            continue
        break
    try:
        log.info("unsubscribe page on http://%s:%s%s, for links to %s", host, port, UNSUBSCRIBE_PATH, public_url)
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()
