"""Malformed requests to the unsubscribe page, sent on a raw socket: answered by aiohttp, one quiet line at most."""

import asyncio
import contextlib
import logging

import pytest
from newsletter_support import free_port

from bot.newsletter.web import UNSUBSCRIBE_PATH, serve_unsubscribe

BAD_REQUESTS = {
    "over-long request line": b"GET /newsletter/unsubscribe?token=" + b"a" * 20_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
    "over-long header": b"GET / HTTP/1.1\r\nHost: x\r\nX-Long: " + b"b" * 20_000 + b"\r\n\r\n",
    "over-long header name": b"GET / HTTP/1.1\r\nHost: x\r\n" + b"N" * 20_000 + b": v\r\n\r\n",
    "too many headers": b"GET / HTTP/1.1\r\nHost: x\r\n"
    + b"".join(b"X-%d: v\r\n" % n for n in range(40_000))
    + b"\r\n",
    "not HTTP": b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 64 + b"\r\n\r\n",
    "broken request line": b"GET\r\n\r\n",
    "bad version": b"GET / HTTP/9.9\r\nHost: x\r\n\r\n",
    "control characters in header": b"GET / HTTP/1.1\r\nHost: x\r\nX-A: \x00\x01\r\n\r\n",
}


async def _exchange(port: int, data: bytes) -> bytes:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(data)
        with contextlib.suppress(ConnectionError):  # the server may answer and close before reading it all
            await writer.drain()
        return await asyncio.wait_for(reader.read(4096), 5)
    except ConnectionError:
        return b""
    finally:
        writer.close()


@pytest.fixture
async def page(db, clock):
    port = free_port()
    task = asyncio.create_task(serve_unsubscribe(db, "127.0.0.1", port, "https://news.example.org", clock))
    for _ in range(200):
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            await asyncio.sleep(0.02)
            continue
        writer.close()
        break
    yield port
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)


@pytest.mark.parametrize("name", list(BAD_REQUESTS))
async def test_malformed_request_is_answered_and_logged_quietly(page, caplog, name):
    caplog.set_level(logging.DEBUG)
    caplog.clear()
    answer = await _exchange(page, BAD_REQUESTS[name])
    await asyncio.sleep(0.05)  # let the server finish its logging
    status_line = answer.split(b"\r\n", 1)[0]
    assert status_line == b"" or status_line.split()[1] in {b"400", b"404", b"413", b"414", b"431", b"505"}, answer[:80]
    records = [r for r in caplog.records if r.name.startswith(("aiohttp", "bot"))]
    assert not [r for r in records if r.levelno >= logging.WARNING], [r.getMessage() for r in records]
    assert not [r for r in records if r.exc_info], "no traceback"
    assert len([r for r in records if "malformed" in r.getMessage() or "Error handling" in r.getMessage()]) <= 1
    assert "\n" not in "".join(r.getMessage() for r in records)


async def test_page_still_answers_after_malformed_requests(page):
    for data in BAD_REQUESTS.values():
        await _exchange(page, data)
    answer = await _exchange(page, f"GET {UNSUBSCRIBE_PATH} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
    assert answer.startswith(b"HTTP/1.1 400")  # no token: the page's own answer
    assert b"incomplete" in answer


async def test_a_failure_of_ours_still_logs_its_traceback(caplog):
    from bot.newsletter.web import REQUEST_ERRORS

    caplog.set_level(logging.DEBUG)
    try:
        raise RuntimeError("handler bug")
    except RuntimeError as exc:
        REQUEST_ERRORS.exception("Error handling request from %s", "127.0.0.1", exc_info=exc)
    (record,) = [r for r in caplog.records if "Error handling" in r.getMessage()]
    assert record.levelno == logging.ERROR
    assert record.exc_info
