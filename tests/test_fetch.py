"""Fetching against a real aiohttp server on 127.0.0.1: conditional GET, limits, redirects, errors in plain words."""

from __future__ import annotations

import asyncio
import gzip
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
from aiohttp import web
from feed_server import DATA, loopback_settings

from bot import USER_AGENT
from bot.errors import BlockedAddressError, FetchError
from bot.ingest.fetch import Fetcher, parse_retry_after


@pytest.fixture
async def fetcher(clock):
    async with Fetcher(loopback_settings(), clock) as f:
        yield f


async def test_plain_fetch_sends_an_honest_user_agent(server, fetcher):
    url = server.file("/rss.xml", "rss2.xml")
    result = await fetcher.fetch(url)
    assert result.status == 200
    assert result.data == (DATA / "rss2.xml").read_bytes()
    assert result.content_type == "application/rss+xml"
    assert server.requests[0].headers["User-Agent"] == USER_AGENT
    assert "newsdigest" in USER_AGENT
    assert "http" in USER_AGENT


async def test_etag_and_last_modified_give_304(server, fetcher):
    url = server.conditional("/c.xml", b"<rss/>", '"v1"', "Thu, 16 Oct 2025 08:00:00 GMT")
    first = await fetcher.fetch(url)
    assert first.etag == '"v1"'
    assert first.last_modified == "Thu, 16 Oct 2025 08:00:00 GMT"
    second = await fetcher.fetch(url, etag=first.etag, last_modified=first.last_modified)
    assert second.not_modified
    assert second.data == b""
    assert server.requests[1].headers["If-None-Match"] == '"v1"'
    assert server.requests[1].headers["If-Modified-Since"] == "Thu, 16 Oct 2025 08:00:00 GMT"


async def test_gzip_is_decoded(server, fetcher):
    body = (DATA / "atom.xml").read_bytes()
    url = server.bytes("/g.xml", gzip.compress(body), "application/atom+xml", **{"Content-Encoding": "gzip"})
    result = await fetcher.fetch(url)
    assert result.data == body
    assert "gzip" in server.requests[0].headers["Accept-Encoding"]


async def test_slow_response_times_out(server, clock):
    async def slow(request):
        await asyncio.sleep(2)
        return web.Response(text="late")

    url = server.route("/slow", slow)
    async with Fetcher(loopback_settings(feed_timeout=0.3), clock) as fetcher:
        with pytest.raises(FetchError, match=r"timed out after 0\.3 seconds"):
            await fetcher.fetch(url)


async def test_oversized_body_is_cut_off(server, clock):
    async def big(request):
        response = web.StreamResponse(headers={"Content-Type": "application/rss+xml"})
        await response.prepare(request)
        for _ in range(100):  # no Content-Length: the cap must stop reading
            await response.write(b"x" * 65536)
        return response

    url = server.route("/big", big)
    async with Fetcher(loopback_settings(feed_max_bytes=200_000), clock) as fetcher:
        with pytest.raises(FetchError, match="too large: more than 200000 bytes"):
            await fetcher.fetch(url)
    declared = server.bytes("/declared", b"y" * 300_000)
    async with Fetcher(loopback_settings(feed_max_bytes=200_000), clock) as fetcher:
        with pytest.raises(FetchError, match="too large: 300000 bytes"):
            await fetcher.fetch(declared)


@pytest.mark.parametrize(("status", "permanent"), [(301, True), (308, True), (302, False), (307, False)])
async def test_redirects_followed_and_permanent_ones_reported(server, fetcher, status, permanent):
    target = server.file("/new.xml", "rss2.xml")
    url = server.redirect("/old.xml", "/new.xml", status)
    result = await fetcher.fetch(url)
    assert result.status == 200
    assert result.url == target
    assert result.permanent_url == (target if permanent else None)


async def test_mixed_redirect_chain_is_not_permanent(server, fetcher):
    server.file("/c.xml", "rss2.xml")
    server.redirect("/b.xml", "/c.xml", 302)
    url = server.redirect("/a.xml", "/b.xml", 301)
    result = await fetcher.fetch(url)
    assert result.permanent_url is None


async def test_redirect_loop_is_an_error(server, fetcher):
    server.redirect("/ping", "/pong", 302)
    url = server.redirect("/pong", "/ping", 302)
    with pytest.raises(FetchError, match="redirect loop"):
        await fetcher.fetch(url)


async def test_too_many_redirects(server, fetcher):
    for i in range(10):
        server.redirect(f"/r{i}", f"/r{i + 1}", 302)
    with pytest.raises(FetchError, match="too many redirects"):
        await fetcher.fetch(server.url("/r0"))


async def test_redirect_to_a_refused_address_is_blocked(server, fetcher):
    url = server.redirect("/sneaky", "http://10.0.0.1/admin", 302)
    with pytest.raises(BlockedAddressError, match=r"10\.0\.0\.1, a private address"):
        await fetcher.fetch(url)
    url = server.redirect("/sneaky6", "http://[::1]:9/x", 301)
    with pytest.raises(BlockedAddressError, match="loopback"):
        await fetcher.fetch(url)


async def test_429_with_retry_after_seconds(server, fetcher):
    url = server.status("/busy", 429, "slow down", **{"Retry-After": "120"})
    with pytest.raises(FetchError, match="HTTP 429") as info:
        await fetcher.fetch(url)
    assert info.value.status == 429
    assert info.value.retry_after == 120


async def test_503_with_retry_after_date(server, fetcher, clock):
    when = format_datetime(clock.now() + timedelta(hours=2), usegmt=True)
    url = server.status("/down", 503, "maintenance", **{"Retry-After": when})
    with pytest.raises(FetchError, match="HTTP 503") as info:
        await fetcher.fetch(url)
    assert info.value.retry_after == pytest.approx(7200)


@pytest.mark.parametrize(("status", "words"), [(500, "server failed"), (404, "not found"), (410, "gone")])
async def test_http_errors_in_plain_words(server, fetcher, status, words):
    url = server.status("/e", status, "oops")
    with pytest.raises(FetchError, match=f"HTTP {status}: .*{words}") as info:
        await fetcher.fetch(url)
    assert info.value.status == status


async def test_cloudflare_challenge_is_named(server, fetcher):
    url = server.status("/cf", 403, (DATA / "challenge.html").read_text(), **{"Content-Type": "text/html"})
    with pytest.raises(FetchError, match="bot check"):
        await fetcher.fetch(url)


async def test_connection_refused_is_plain(fetcher):
    # Port 9 on loopback: nothing listens there.
    with pytest.raises(FetchError, match="cannot connect"):
        await fetcher.fetch("http://127.0.0.1:9/feed")


async def test_only_http_and_https(fetcher):
    with pytest.raises(BlockedAddressError, match="only http and https"):
        await fetcher.fetch("file:///etc/passwd")
    with pytest.raises(FetchError, match="not a valid URL"):
        await fetcher.fetch("http://")


async def test_loopback_refused_without_the_setting(server, clock):
    url = server.file("/rss.xml", "rss2.xml")
    async with Fetcher(loopback_settings(feed_allowed_networks=()), clock) as fetcher:
        with pytest.raises(BlockedAddressError, match="loopback"):
            await fetcher.fetch(url)
    assert server.hits["/rss.xml"] == 0


async def test_per_host_limit_is_respected(server, clock):
    active = 0
    peak = 0

    async def tracked(request):
        nonlocal active, peak
        active += 1
        peak = max(peak, active)
        await asyncio.sleep(0.05)
        active -= 1
        return web.Response(body=b"<rss/>")

    url = server.route("/t", tracked)
    async with Fetcher(loopback_settings(feed_per_host=2), clock) as fetcher:
        await asyncio.gather(*(fetcher.fetch(url) for _ in range(6)))
    assert peak == 2


def test_parse_retry_after():
    now = datetime(2025, 10, 17, 9, 0, tzinfo=UTC)
    assert parse_retry_after("30", now) == 30
    assert parse_retry_after("Fri, 17 Oct 2025 09:05:00 GMT", now) == 300
    assert parse_retry_after("Fri, 17 Oct 2025 08:00:00 GMT", now) == 0
    assert parse_retry_after("soon", now) is None
    assert parse_retry_after(None, now) is None
