"""Hostile input at the chat's doors the audit found: through the real discord.py client and the emulator."""

from __future__ import annotations

RSS = (
    b'<?xml version="1.0"?><rss version="2.0"><channel><link>https://pier.example/</link>'
    b"<item><title>Harbour pier reopens</title><link>https://pier.example/a</link>"
    b"<description>The harbour authority said on Friday the pier would reopen after repairs.</description></item>"
    b"</channel></rss>"
)


def everything_said(emu) -> str:
    """Every body and file the bot sent to Discord, as one text."""
    parts = [repr(r.body) for r in emu.requests]
    parts += [data.decode("utf-8", "replace") for r in emu.requests for data in r.files.values()]
    return "\n".join(parts)


async def test_a_feed_urls_password_is_never_posted(harness):
    """`/feeds add url: https://user:pw@host/feed` answered "Added **https://user:pw@host/feed**"; `/feeds list`,
    `/feeds status` (the embed's title and link), the remove command's suggestions and the export repeated it."""
    emu = harness.emu
    await harness.start()
    secret = "s3cret-p@ss"  # noqa: S105 - a test feed's password
    url = emu.serve("private.xml", RSS).replace("http://", f"http://reader:{secret}@")
    add = await emu.slash("feeds", sub="add", options={"url": url})
    await emu.done(add, followups=1)
    assert "Added **http://reader:[redacted]@127.0.0.1:" in emu.text_of(add)
    again = await emu.slash("feeds", sub="add", options={"url": url})
    await emu.done(again, followups=1)
    listing = await emu.slash("feeds", sub="list")
    await emu.done(listing)
    assert "reader:[redacted]@127.0.0.1" in emu.text_of(listing)
    status = await emu.slash("feeds", sub="status")
    await emu.done(status)
    [embed] = emu.answers(status)[0]["data"]["embeds"]
    assert "url" not in embed  # no link at all rather than one with a password (or a broken one)
    typing = await emu.slash("feeds", sub="remove", options={"feed": "reader"}, focused="feed")
    [choice] = (await emu.done(typing))[0]["data"]["choices"]
    assert "[redacted]" in choice["name"]
    export = await emu.slash("feeds", sub="export")
    await emu.done(export)
    assert "1 feed address(es) hold a password, written [redacted]" in emu.text_of(export)
    [opml] = [data for r in emu.requests for data in r.files.values()]
    assert b'xmlUrl="http://reader:[redacted]@127.0.0.1:' in opml
    said = everything_said(emu)
    assert secret not in said
    assert "p@ss" not in said
