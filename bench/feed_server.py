"""A local feed farm for the poll benchmark: many loopback hosts, a fixed latency, conditional GET.

    python -m bench.feed_server --hosts 100 --feeds 1000 --latency 0.05

Feed ``n`` lives at ``http://127.0.1.H:PORT/feed/n.xml`` with H = n % hosts + 1 (every 127.x address is
loopback on Linux, so one process serves many "hosts" and per-host limits behave as with real sites).
Feeds with ``n % 5 != 0`` (80 %) never change: they answer 304 to their ETag. The others change each time
``/advance`` is called: two new items in, the two oldest out, a new ETag. Every answer waits ``latency``.
Prints ``ready PORT`` once listening.
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import sys
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

from aiohttp import web

ITEMS = 10


def changing(n: int) -> bool:
    """Return whether feed ``n`` is one of the 20 % that change."""
    return n % 5 == 0


def etag_of(n: int, version: int) -> str:
    """Return feed ``n``'s ETag at ``version``."""
    return f'"f{n}-v{version if changing(n) else 0}"'


def _word(k: int) -> str:
    """An invented word for a number (base 26 in letters): names a place or a thing in distinct headlines."""
    letters = ""
    while True:
        k, digit = divmod(k, 26)
        letters += chr(97 + digit)
        if not k:
            return letters


def headline(n: int, i: int, *, distinct: bool = False) -> str:
    """Item ``i`` of feed ``n``'s headline: one story told by every feed, or (``distinct``) a story of its own.

    The one-story template shares all its words across feeds, so the store clusters every item into one story
    (and on PostgreSQL every writer of one takes the same story locks); a distinct headline names its own
    place and project, as different sites' news mostly does.
    """
    if distinct:
        return f"{_word(n)}borough weighs {_word(n * 97 + i)}waterfront plan for {_word(i * 131 + n)}harbour"
    return f"Feed {n} report {i}: council weighs harbour plan {i * 7 % 13}"


def rss(n: int, version: int, count: int = ITEMS, *, distinct: bool = False) -> bytes:
    """Return feed ``n``'s RSS document at ``version``: ``count`` items, numbered so that each version adds two."""
    base = datetime(2025, 10, 17, 8, 0, tzinfo=UTC)
    newest = count + 2 * version if changing(n) else count
    items = []
    for i in range(newest, newest - count, -1):
        when = format_datetime(base + timedelta(minutes=7 * i), usegmt=True)
        items.append(
            f"<item><title>{headline(n, i, distinct=distinct)}</title>"
            f"<link>https://site{n}.example/news/{i}</link><guid>site{n}-item-{i}</guid>"
            f"<pubDate>{when}</pubDate><description>Officials in district {n} discussed item {i} of the"
            " harbour plan on Thursday. The vote was delayed until the engineers report. Residents said"
            f" they would attend the next meeting. Figure {i}.{n % 10} percent.</description></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Site {n} news</title><link>https://site{n}.example/</link><description>News</description>"
        + "".join(items)
        + "</channel></rss>"
    ).encode()


def make_app(latency: float, items: int = ITEMS, *, distinct: bool = False) -> web.Application:
    """Return the feed farm's application."""
    state = {"version": 0, "requests": 0, "not_modified": 0}

    async def feed(request: web.Request) -> web.StreamResponse:
        state["requests"] += 1
        n = int(request.match_info["n"])
        await asyncio.sleep(latency)
        tag = etag_of(n, state["version"])
        if request.headers.get("If-None-Match") == tag:
            state["not_modified"] += 1
            return web.Response(status=304, headers={"ETag": tag})
        return web.Response(
            body=rss(n, state["version"], items, distinct=distinct),
            content_type="application/rss+xml",
            headers={"ETag": tag},
        )

    async def advance(request: web.Request) -> web.Response:
        state["version"] += 1
        return web.Response(text=str(state["version"]))

    async def stats(request: web.Request) -> web.Response:
        return web.json_response({**state, "cpu_s": time.process_time()})

    app = web.Application()
    app.router.add_get("/feed/{n:\\d+}.xml", feed)
    app.router.add_get("/advance", advance)
    app.router.add_get("/stats", stats)
    return app


def host_of(n: int, hosts: int) -> str:
    """Return the loopback address that serves feed ``n``."""
    return f"127.0.1.{n % hosts + 1}"


async def serve(hosts: int, latency: float, items: int = ITEMS, *, distinct: bool = False) -> None:
    """Listen on 127.0.1.1 .. 127.0.1.hosts at one free port and serve until killed."""
    probe = socket.socket()
    probe.bind(("127.0.1.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    runner = web.AppRunner(make_app(latency, items, distinct=distinct), access_log=None)
    await runner.setup()
    for h in range(1, hosts + 1):
        await web.TCPSite(runner, f"127.0.1.{h}", port, backlog=1024).start()
    print(f"ready {port}", flush=True)
    await asyncio.Event().wait()


def main() -> int:
    """Run the server."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--hosts", type=int, default=100)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--items", type=int, default=ITEMS, help="items per feed (two newer ones each /advance)")
    parser.add_argument("--distinct", action="store_true", help="a story of its own per item (see headline())")
    args = parser.parse_args()
    if not 1 <= args.hosts <= 250:
        parser.error("--hosts must be 1..250")
    if not 2 <= args.items <= 100:
        parser.error("--items must be 2..100")
    asyncio.run(serve(args.hosts, args.latency, args.items, distinct=args.distinct))
    return 0


if __name__ == "__main__":
    sys.exit(main())
