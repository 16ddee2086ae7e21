"""The unsubscribe link of a sent newsletter, followed against the real aiohttp app on 127.0.0.1."""

from __future__ import annotations

import aiohttp
from aiohttp import web

from bot.config import Settings
from bot.newsletter import commands
from bot.newsletter.web import UNSUBSCRIBE_PATH, unsubscribe_app


async def test_get_asks_and_one_click_post_unsubscribes(db, clock):
    settings = Settings(smtp_from="news@digest.example")
    recipient = (await commands.add(db, settings, clock, "reader@example.org")).recipient
    runner = web.AppRunner(unsubscribe_app(db))
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    base = f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}"
    url = f"{base}{UNSUBSCRIBE_PATH}?token={recipient.unsubscribe_token}"
    try:
        async with aiohttp.ClientSession() as session:
            async with session.get(url) as response:
                assert response.status == 200
                assert '<form method="post"' in await response.text()
            assert [r.address for r in await commands.list_all(db)] == ["reader@example.org"]  # a visit changes nothing

            # What a mail client sends for List-Unsubscribe-Post (RFC 8058).
            async with session.post(url, data={"List-Unsubscribe": "One-Click"}) as response:
                assert response.status == 200
                assert "Done" in await response.text()
            assert await commands.list_all(db) == []

            async with session.post(url) as response:
                assert "not on the list" in await response.text()
            async with session.get(f"{base}{UNSUBSCRIBE_PATH}") as response:
                assert response.status == 400
    finally:
        await runner.cleanup()
