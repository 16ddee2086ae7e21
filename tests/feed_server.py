"""A real aiohttp server on 127.0.0.1 for feed tests: routes are set per test, hits are counted."""

from __future__ import annotations

import ipaddress
from collections import Counter
from collections.abc import Awaitable, Callable
from pathlib import Path

from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.config import Settings

DATA = Path(__file__).parent / "data" / "feeds"
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

LOOPBACK = (ipaddress.ip_network("127.0.0.1/32"),)


def loopback_settings(**overrides) -> Settings:
    values = {"feed_allowed_networks": LOOPBACK, "feed_timeout": 3.0}
    values.update(overrides)
    return Settings(**values)


class FeedServer:
    def __init__(self) -> None:
        self.routes: dict[str, Handler] = {}
        self.hits: Counter[str] = Counter()
        self.requests: list[web.Request] = []
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._dispatch)
        self.server = TestServer(app, host="127.0.0.1")

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        self.hits[request.path] += 1
        self.requests.append(request)
        handler = self.routes.get(request.path)
        if handler is None:
            return web.Response(status=404, text="no such page")
        return await handler(request)

    def url(self, path: str) -> str:
        return str(self.server.make_url(path))

    def route(self, path: str, handler: Handler) -> str:
        self.routes[path] = handler
        return self.url(path)

    def bytes(self, path: str, data: bytes, content_type: str = "application/rss+xml", **headers: str) -> str:
        async def handler(request: web.Request) -> web.StreamResponse:
            return web.Response(body=data, headers={"Content-Type": content_type, **headers})

        return self.route(path, handler)

    def file(self, path: str, name: str, content_type: str = "application/rss+xml") -> str:
        return self.bytes(path, (DATA / name).read_bytes(), content_type)

    def conditional(self, path: str, data: bytes, etag: str, last_modified: str) -> str:
        async def handler(request: web.Request) -> web.StreamResponse:
            headers = {"ETag": etag, "Last-Modified": last_modified}
            if (
                request.headers.get("If-None-Match") == etag
                or request.headers.get("If-Modified-Since") == last_modified
            ):
                return web.Response(status=304, headers=headers)
            return web.Response(body=data, headers={"Content-Type": "application/rss+xml", **headers})

        return self.route(path, handler)

    def redirect(self, path: str, target: str, status: int = 301) -> str:
        async def handler(request: web.Request) -> web.StreamResponse:
            return web.Response(status=status, headers={"Location": target})

        return self.route(path, handler)

    def status(self, path: str, status: int, body: str = "", **headers: str) -> str:
        async def handler(request: web.Request) -> web.StreamResponse:
            return web.Response(status=status, text=body, headers=headers)

        return self.route(path, handler)
