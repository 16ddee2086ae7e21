"""A local webhook endpoint for Discord and Slack that enforces each service's limits and answers from a script.

Discord webhooks are posted by discord.py, which builds its URLs from ``discord.http.Route.BASE``: while the
receiver runs, that points here (as DISCORD_API_BASE points the bot at a proxy), and is restored after.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import discord
from aiohttp import web

DISCORD_PATH = "/api/webhooks/123456789012345678/Abc_def-GHIjklMNOpqrSTUvwx"
SLACK_PATH = "/services/T0001ABCD/B0002EFGH/abcdefghijklmnop1234"


class Receiver:
    """A webhook endpoint for both services that enforces their limits and can answer from a script."""

    def __init__(self, clock):
        self.clock = clock
        self.received: list[tuple[str, dict, object]] = []  # (service, payload, clock time)
        self.script: list[tuple[int, dict, str | None]] = []
        self.problems: list[str] = []
        self.wall: list[float] = []  # monotonic time of each request: discord.py waits on the real clock
        self.gate: asyncio.Event | None = None  # when set to an Event, each answer waits until it is set
        self.paths: list[str] = []  # the path of each Discord request (several webhooks, one receiver)
        self._ids = itertools.count(900000000000000001)

    def _answer(self, default: web.Response) -> web.Response:
        """Answer the next scripted (status, headers, body); a None body is the usual answer with those headers."""
        if self.script:
            status, headers, body = self.script.pop(0)
            if body is None:
                default.headers.update(headers)
                return default
            if body.startswith("{"):  # exactly application/json, as Discord sends: discord.py reads nothing else
                return web.Response(status=status, headers=headers, body=body.encode(), content_type="application/json")
            return web.Response(status=status, headers=headers, text=body)
        return default

    def _discord_message(self, payload: dict) -> web.Response:
        """Discord's answer to ``?wait=true``: the message it created (exactly application/json, as Discord)."""
        message = {
            "id": str(next(self._ids)),
            "channel_id": "900000000000000000",
            "webhook_id": DISCORD_PATH.split("/")[3],
            "author": {"id": DISCORD_PATH.split("/")[3], "username": "newsdigest", "discriminator": "0000"},
            "content": payload.get("content", ""),
            "timestamp": self.clock.now().isoformat(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [],
            "embeds": payload.get("embeds", []),
            "pinned": False,
            "type": 0,
            "flags": 0,
        }
        return web.Response(body=json.dumps(message).encode(), content_type="application/json")

    async def _hold(self) -> None:
        if self.gate is not None:
            await self.gate.wait()

    async def discord(self, request: web.Request) -> web.Response:
        payload = await request.json()
        self.received.append(("discord", payload, self.clock.now()))
        self.paths.append(request.path)
        await self._hold()
        self.wall.append(time.monotonic())
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
        wait = request.query.get("wait", "").lower() in {"1", "true"}
        return self._answer(self._discord_message(payload) if wait else web.Response(status=204))

    async def slack(self, request: web.Request) -> web.Response:
        payload = await request.json()
        self.received.append(("slack", payload, self.clock.now()))
        await self._hold()
        self.wall.append(time.monotonic())
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
    app.router.add_post(DISCORD_PATH.replace("/api/", "/api/v10/"), rec.discord)  # where discord.py posts
    app.router.add_post("/api/v10/webhooks/{webhook_id}/{token}", rec.discord)  # any other Discord webhook
    app.router.add_post(SLACK_PATH, rec.slack)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    before = discord.http.Route.BASE
    discord.http.Route.BASE = f"http://127.0.0.1:{port}/api/v10"
    try:
        yield rec, f"http://127.0.0.1:{port}"
    finally:
        discord.http.Route.BASE = before
        await runner.cleanup()
