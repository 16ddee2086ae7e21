"""Feeds by URL against a hostile server on 127.0.0.1 (the audit18 round): every bad answer is one plain line.

What test_fetch.py does not cover already: answers that are not HTTP, compression bombs, bodies that trickle or
lie about their length. A raw asyncio server stands in where aiohttp's own server refuses to send such bytes.
"""

from __future__ import annotations

import asyncio
import time
import zlib
from collections.abc import AsyncIterator

import pytest
from aiohttp import web
from feed_server import loopback_settings
from test_audit_doors import acli

from bot.errors import FetchError
from bot.ingest.fetch import Fetcher
from bot.ingest.subscribe import ingest_feed_url
from bot.text.bidi import closed_bidi

FEED = b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>'
NOT_HTTP = "the server's answer is not valid HTTP (a status or header line that is malformed or too long)"


@pytest.fixture
async def raw_answers() -> AsyncIterator[dict[str, bytes]]:
    """A loopback server that answers every request with the bytes set for it, then closes."""
    answers: dict[str, bytes] = {}

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(answers["now"])
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(answer, "127.0.0.1", 0)
    answers["url"] = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/feed".encode()
    yield answers
    server.close()
    await server.wait_closed()


@pytest.mark.parametrize(
    "head",
    [
        b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n@everyone <@&123> no colon here\r\n",
        b"HTTP/1.1 200 OK\r\nX-Big: " + b"a" * 20_000 + b"\r\n",
        b"HTTP/1.1 2OO Fine\r\n",
        b"\x00\x01\x02 not http at all\r\n",
    ],
    ids=["malformed-header", "huge-header", "bad-status", "binary"],
)
async def test_an_answer_that_is_not_http_is_one_plain_line(raw_answers, clock, sqlite_db, head):
    """aiohttp's own words were the error: several lines quoting the server's bytes (a header saying
    "@everyone ..."), stored as the feed's last error and said by `feeds add` and `ingest`."""
    raw_answers["now"] = head + b"\r\n" + FEED
    url = raw_answers["url"].decode()
    async with Fetcher(loopback_settings(), clock) as fetcher:
        with pytest.raises(FetchError) as caught:
            await fetcher.fetch(url)
    assert str(caught.value) == NOT_HTTP
    report = await ingest_feed_url(sqlite_db, url, settings=loopback_settings(), clock=clock)
    assert report.failed == 1
    assert report.problems == (f"{url}: {NOT_HTTP}",)


def _bomb(wbits: int) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, wbits)
    chunk = b" " * (1 << 20)
    return b"".join([packer.compress(b"<rss>"), *(packer.compress(chunk) for _ in range(64)), packer.flush()])


@pytest.mark.parametrize(("encoding", "wbits"), [("gzip", 31), ("deflate", 15)])
async def test_a_compression_bomb_stops_at_the_limit_unpacked(server, clock, encoding, wbits):
    """64 MB of spaces packed into ~64 KB: the limit counts what is unpacked, and reading stops there."""
    packed = _bomb(wbits)
    assert len(packed) < 100_000
    url = server.bytes("/bomb.xml", packed, **{"Content-Encoding": encoding})
    async with Fetcher(loopback_settings(feed_max_bytes=1_000_000), clock) as fetcher:
        with pytest.raises(FetchError, match=r"too large: more than 1000000 bytes \(FEED_MAX_BYTES\)"):
            await fetcher.fetch(url)


async def test_a_body_that_trickles_or_lies_about_its_length_ends_in_one_line(server, raw_answers, clock):
    async def trickle(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "application/rss+xml"})
        await response.prepare(request)
        for byte in FEED * 100:  # a byte a tenth of a second: each read is quick, the whole never ends
            await response.write(bytes([byte]))
            await asyncio.sleep(0.1)
        return response

    async def longer_than_sent(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "application/rss+xml", "Content-Length": "100000"})
        await response.prepare(request)
        await response.write(FEED)
        return response  # the connection stays open, the rest never comes

    settings = loopback_settings(feed_timeout=1.0)
    for url in (server.route("/trickle", trickle), server.route("/longer", longer_than_sent)):
        started = time.monotonic()
        async with Fetcher(settings, clock) as fetcher:
            with pytest.raises(FetchError, match=r"^timed out after 1 seconds$"):
                await fetcher.fetch(url)
        assert time.monotonic() - started < 5
    # Cut off: the server closes the connection before the length it announced.
    raw_answers["now"] = b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" + FEED
    async with Fetcher(settings, clock) as fetcher:
        with pytest.raises(FetchError, match="broke off during the download"):
            await fetcher.fetch(raw_answers["url"].decode())


RLO, PDF, RLI, PDI = "\u202e", "\u202c", "\u2067", "\u2069"


async def test_a_text_direction_control_left_open_is_closed_where_its_field_ends(server, tmp_path):
    """A headline holding U+202E (right-to-left override) and never closing it turned the rest of its line
    around in every output: the markdown digest's link after the headline, the source after the date."""
    entries = [
        (f"Harbour {RLO}lanac wen", f"Body {RLO}reversed, never closed."),
        (f"Quay {RLI}\u05e9\u05dc\u05d5\u05dd", "Plain body."),
        (f"Pier {RLO}closed{PDF} well", "Plain body."),
    ]
    items = "".join(
        f"<item><title>{title}</title><link>https://pier.example/{n}</link><description>{body}</description></item>"
        for n, (title, body) in enumerate(entries)
    )
    feed = f"<rss version='2.0'><channel><title>Desk {RLO}x</title>{items}</channel></rss>".encode()
    url = server.bytes("/bidi.rss", feed)
    db = str(tmp_path / "news.db")
    code, out, err = await acli(tmp_path, "--db", db, "ingest", url, FEED_ALLOWED_NETWORKS="127.0.0.1/32")
    assert code == 0, err
    code, out, err = await acli(tmp_path, "--db", db, "digest", "--format", "markdown")
    assert code == 0, err
    assert f"[Harbour {RLO}lanac wen{PDF}](<https://pier.example/0>)" in out
    assert f"[Quay {RLI}\u05e9\u05dc\u05d5\u05dd{PDI}](<https://pier.example/1>)" in out
    assert f"[Pier {RLO}closed{PDF} well](<https://pier.example/2>)" in out  # closed by itself: as written
    assert f"Body {RLO}reversed, never closed.{PDF}" in out
    assert f"Desk {RLO}x{PDF}" in out
    for line in out.splitlines():
        assert closed_bidi(line) == line, line


def test_closed_bidi_closes_what_is_open_and_nothing_else():
    assert closed_bidi("caf\u00e9, \u05e9\u05dc\u05d5\u05dd") == "caf\u00e9, \u05e9\u05dc\u05d5\u05dd"
    assert closed_bidi(f"a{RLO}b") == f"a{RLO}b{PDF}"
    assert closed_bidi(f"a{RLI}b{RLO}c{PDI}d") == f"a{RLI}b{RLO}c{PDI}d"  # a PDI closes what opened inside
    assert closed_bidi(f"a{RLO}b{RLI}c") == f"a{RLO}b{RLI}c{PDI}{PDF}"
    assert closed_bidi(f"a{RLI}b{PDF}c") == f"a{RLI}b{PDF}c{PDI}"  # a PDF never closes an isolate
    assert closed_bidi(f"{PDF}{PDI}stray") == f"{PDF}{PDI}stray"
    assert closed_bidi(RLO * 126 + "deep" + PDF) == "deep"  # deeper than any renderer keeps: no text


def test_a_cut_closes_the_direction_controls_it_leaves_open():
    """Each output cuts texts to its limits (a Discord embed's title, a feed's name in a reply, a Slack headline):
    a closed headline or name cut before its closer left its U+202E or U+2067 open over the rest of the line."""
    from datetime import UTC, datetime

    from bot.digest.escape import discord_len, shorten
    from bot.models import Article, Digest, DigestItem, StoredArticle
    from bot.webhooks.slack_payload import slack_messages

    title = f"Harbour {RLO}evil {'t' * 400}{PDF}"
    for limit in (256, 100, 12):
        cut = shorten(title, limit)
        assert cut.endswith(f"{PDF}…")
        assert RLO in cut
        assert discord_len(cut) <= limit
    assert shorten(f"{RLI}{'q' * 50}{PDI}", 20) == f"{RLI}{'q' * 17}{PDI}…"
    assert shorten(f"{RLO}{PDF}{RLO}{'x' * 40}", 2) == "…"  # no room for the control and its closer
    moment = datetime(2026, 3, 1, tzinfo=UTC)
    article = Article(title, ("Body.",), url="https://pier.example/a", key_points=(f"Point {RLO}{'p' * 900}{PDF}",))
    stored = StoredArticle(1, article, 1, f"Desk {RLI}{'d' * 200}{PDI}", moment, 1)
    [message] = slack_messages(Digest(moment, moment, (DigestItem(stored),)))
    for line in message["blocks"][2]["text"]["text"].splitlines():
        assert closed_bidi(line) == line, line
