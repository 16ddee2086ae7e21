"""A local webhook endpoint for Discord and Slack that enforces each service's limits and answers from a script."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from aiohttp import web

DISCORD_PATH = "/api/webhooks/123456789012345678/Abc_def-GHIjklMNOpqrSTUvwx"
SLACK_PATH = "/services/T0001ABCD/B0002EFGH/abcdefghijklmnop1234"


class Receiver:
    """A webhook endpoint for both services that enforces their limits and can answer from a script."""

    def __init__(self, clock):
        self.clock = clock
        self.received: list[tuple[str, dict, object]] = []  # (service, payload, clock time)
        self.script: list[tuple[int, dict, str]] = []
        self.problems: list[str] = []

    def _answer(self, default: web.Response) -> web.Response:
        if self.script:
            status, headers, body = self.script.pop(0)
            return web.Response(status=status, headers=headers, text=body)
        return default

    async def discord(self, request: web.Request) -> web.Response:
        payload = await request.json()
        self.received.append(("discord", payload, self.clock.now()))
        content = payload.get("content", "")
        embeds = payload.get("embeds", [])
        check = self.problems.append
        if not content and not embeds:
            check("empty message")
        if len(content) > 2000:
            check("content over 2000")
        if len(embeds) > 10:
            check("more than 10 embeds")
        total = 0
        for e in embeds:
            if len(e.get("title", "")) > 256:
                check("title over 256")
            if len(e.get("description", "")) > 4096:
                check("description over 4096")
            if len(e.get("footer", {}).get("text", "")) > 2048:
                check("footer over 2048")
            total += len(e.get("title", "")) + len(e.get("description", "")) + len(e.get("footer", {}).get("text", ""))
        if total > 6000:
            check(f"embeds total {total} over 6000")
        if payload.get("allowed_mentions") != {"parse": []}:
            check("mentions not disabled")
        return self._answer(web.Response(status=204))

    async def slack(self, request: web.Request) -> web.Response:
        payload = await request.json()
        self.received.append(("slack", payload, self.clock.now()))
        check = self.problems.append
        blocks = payload.get("blocks", [])
        if not payload.get("text"):
            check("no fallback text")
        if not 1 <= len(blocks) <= 50:
            check(f"{len(blocks)} blocks")
        for b in blocks:
            if b["type"] == "section" and len(b["text"]["text"]) > 3000:
                check("section over 3000")
            if b["type"] == "header" and len(b["text"]["text"]) > 150:
                check("header over 150")
        return self._answer(web.Response(text="ok"))


@asynccontextmanager
async def serve_receiver(clock) -> AsyncIterator[tuple[Receiver, str]]:
    """Serve a Receiver on 127.0.0.1; yield it and the base URL."""
    rec = Receiver(clock)
    app = web.Application()
    app.router.add_post(DISCORD_PATH, rec.discord)
    app.router.add_post(SLACK_PATH, rec.slack)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    try:
        yield rec, f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()
