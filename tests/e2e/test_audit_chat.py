"""Hostile input at the chat's doors the audit found: through the real discord.py client and the emulator."""

from __future__ import annotations

import html
import re
from datetime import timedelta

from aiohttp import web

from bot.models import Article
from bot.store.search import CONTROL_MESSAGE, SEARCH_CAP_MESSAGE
from bot.text.bidi import closed_bidi

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
    assert "reader:\\[redacted\\]@127.0.0.1" in emu.text_of(listing)  # no link: shown as text
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


async def test_find_refuses_control_characters_and_escapes_what_it_echoes(harness):
    """`/find query: harbour<NUL>pier` answered "Nothing found for “harbour<NUL>pier”", and an escape sequence
    or a text-direction override came back as typed; a query over 100 characters was echoed cut without a mark,
    a search past 32 words was searched cut without a word, and `**bold**` or `@everyone` was echoed as markdown."""
    emu = harness.emu
    await harness.start()
    for query in ("harbour\x00pier", "zzz\x1b[31mred", "pier \u202eruobrah"):
        find = await emu.slash("find", options={"query": query})
        await emu.done(find)
        assert emu.text_of(find) == CONTROL_MESSAGE, query
        assert emu.interactions[find.id].ephemeral
    words = " ".join(f"w{n}" for n in range(60))  # 60 words, 229 characters: over the 32-word cap
    find = await emu.slash("find", options={"query": words[:200]})
    await emu.done(find)
    text = emu.text_of(find)
    assert "No results for “w0 w1" in text
    assert SEARCH_CAP_MESSAGE in text
    assert f"Your search was shortened to its first {len(' '.join(f'w{n}' for n in range(32))) + 1} characters" in text
    marked = await emu.slash("find", options={"query": "**quay** @everyone <@&123456789012345678>"})
    await emu.done(marked)
    text = emu.text_of(marked)
    assert "\\*\\*quay\\*\\*" in text
    assert "@everyone" not in text
    assert "<@&" not in text


async def test_a_bad_since_is_one_plain_sentence(harness):
    """`/digest since:0h` posted an empty digest for everyone; `-1h` and `٣h` were taken as durations or refused
    with the wrong reason; each is now a private sentence saying what is wrong."""
    emu = harness.emu
    await harness.start()
    for command, since, said in (
        ("digest", "0h", "`since`: '0h' is too short: a window is at least one minute"),
        ("digest", "-1h", "`since`: '-1h' is negative: a duration counts back from now, like 24h or 7d"),
        ("find", "99999d", "`since`: '99999d' is longer than ten years"),
        ("find", "٣h", "`since` should be a duration like `12h`, `2d` or `1w`, or a date like `2026-03-01`, not `٣h`"),
    ):
        options = {"since": since} if command == "digest" else {"since": since, "query": "harbour"}
        asked = await emu.slash(command, options=options)
        await emu.done(asked)
        assert emu.interactions[asked.id].ephemeral, (command, since)
        assert emu.text_of(asked) == said
    assert emu.channel_posts(harness.channel) == []


HOSTILE = [
    ("Click [here](http://evil.example/) now, harbour", "javascript:alert(1)"),
    ("@everyone the harbour pier reopens", "data:text/html,<script>alert(1)</script>"),
    ("<@&123456789012345678> harbour ferry news ||spoiler||", "JaVaScRiPt:alert(2)"),
    ("@\u200deveryone harbour zero width <\u200d@&1234>", " javascript:alert(3)"),
    ("Harbour headline, plain", "https://ok.example/a"),
]


async def test_hostile_headlines_and_links_are_shown_inert(harness):
    """Checked, not changed: masked links, mentions, spoilers and zero-width joiners in headlines show as text,
    and an entry's javascript: or data: link is never a link, in /digest and in /find alike."""
    emu = harness.emu
    await harness.add_articles(
        *[
            Article(title, (f"The harbour authority said on Friday the pier would reopen, part {n}.",), url=url)
            for n, (title, url) in enumerate(HOSTILE)
        ],
        at=harness.clock.now() - timedelta(hours=1),
    )
    await harness.start()
    digest = await emu.slash("digest")
    await emu.done(digest, followups=1)
    find = await emu.slash("find", options={"query": "harbour"})
    await emu.done(find)
    for asked in (digest, find):
        sent = [a.get("message") or a.get("data") or {} for a in emu.answers(asked)]
        embeds = [e for body in sent for e in body.get("embeds") or []]
        assert {e.get("url") for e in embeds} - {None} <= {"https://ok.example/a"}
        text = emu.text_of(asked)
        for live in ("javascript", "data:text", "[here](", "||spoiler||", "@everyone", "<@&"):
            assert live not in text.lower(), live
        assert all(b.get("allowed_mentions") in (None, {"parse": []}) for b in sent)
    text = emu.text_of(digest)  # the digest shows all five (a /find page only the first few)
    for inert in ("\\[here\\](http://evil.example/)", "@\u200beveryone", "<\u200b@&123456789012345678>"):
        assert inert in text, inert
    assert "\\|\\|spoiler\\|\\|" in text


async def test_a_feed_host_with_an_empty_or_over_long_label_is_one_plain_sentence(harness):
    """`/feeds add url: https://<300 letters>.example/` and `https://a..example/` answered "Something went wrong on
    my side": the resolver's UnicodeError (a label empty or over 63 characters) escaped the feed's checks."""
    emu = harness.emu
    await harness.start()
    for host in ("a" * 300 + ".example", "a..example"):
        add = await emu.slash("feeds", sub="add", options={"url": f"https://{host}/feed"})
        await emu.done(add, followups=1)
        assert emu.interactions[add.id].ephemeral
        text = emu.text_of(add)
        assert text.startswith("not a valid URL: the host name "), text
        assert text.endswith("has an empty part or a part longer than 63 characters"), text
        assert len(text) < 200


def texts_of(answers: list[dict]) -> list[str]:
    """Every text field of the answers, each a unit Discord shows on its own: content, embed parts, choices."""
    found = []
    for answer in answers:
        body = answer.get("message") or answer.get("data") or {}
        found += [body.get("content") or "", *(c["name"] for c in body.get("choices") or [])]
        for embed in body.get("embeds") or []:
            found += [embed.get("title") or "", embed.get("description") or ""]
            found += [f"{f['name']} {f['value']}" for f in embed.get("fields") or []]
    return [text for text in found if text]


async def test_a_feed_name_cut_to_fit_leaves_no_direction_override_open(harness):
    """A feed titled "... U+202E evil" and long: its name, closed when stored, was cut to fit (the stored headline
    to 300 characters, then each message's room) with its closer, and the U+202E left open reversed the rest of
    the line: "Added **‮evil ttt…** for #news. Its 1 current story ..." read right to left after the name."""
    emu = harness.emu
    await harness.start()
    title = "Harbour \u202eevil " + "t" * 400
    rss = RSS.replace(b"<channel>", f"<channel><title>{title}</title>".encode())
    url = emu.serve("override.xml", rss)
    add = await emu.slash("feeds", sub="add", options={"url": url})
    await emu.done(add, followups=1)
    asked = [add]
    for sub in ("list", "status"):
        asked.append(await emu.slash("feeds", sub=sub))
        await emu.done(asked[-1])
    asked.append(await emu.slash("feeds", sub="remove", options={"feed": "harb"}, focused="feed"))
    await emu.done(asked[-1])
    for interaction in asked:
        texts = texts_of(emu.answers(interaction))
        assert any("\u202eevil ttt" in text for text in texts), texts
        for text in texts:
            assert closed_bidi(text) == text, text[-60:]


def opml(*urls: str) -> bytes:
    outlines = "".join(f'<outline text="feed {n}" xmlUrl="{html.escape(u)}"/>' for n, u in enumerate(urls))
    return f'<?xml version="1.0"?><opml version="2.0"><body>{outlines}</body></opml>'.encode()


async def test_feed_names_and_addresses_in_feed_replies_are_inert(harness):
    """An OPML file's `https://x.example/a>**bold** [click](https://evil.example)` was put in `<...>` as written:
    the '>' ended the link and the rest was read as markdown, a masked link in the bot's reply; the reason beside
    it and a feed's name in the `/feeds status` title were not escaped either."""
    emu = harness.emu
    await harness.start()
    name = "**Bold** [click](https://evil.example/n) `code` ||spoiler||"
    url = emu.serve("named.xml", RSS.replace(b"<channel>", f"<channel><title>{name}</title>".encode()))
    add = await emu.slash("feeds", sub="add", options={"url": url})
    await emu.done(add, followups=1)
    hostile = "https://127.0.0.1:1/a>**bold** [click](https://evil.example/u) <@&1>"
    attachment = emu.add_attachment("subs.opml", opml(hostile))
    imported = await emu.slash(
        "feeds",
        sub="import",
        options={"file": attachment["id"]},
        resolved={"attachments": {attachment["id"]: attachment}},
    )
    await emu.done(imported, followups=1)
    text = emu.text_of(imported)
    assert "• <https://127.0.0.1:1/a%3E\\*\\*bold" not in text  # not a link, and not half of one
    assert "• <https://127.0.0.1:1/a%3E**bold**%20[click](https://evil.example/u)%20%3C@&1%3E>: " in text
    asked = [imported]
    for sub in ("list", "status"):
        asked.append(await emu.slash("feeds", sub=sub))
        await emu.done(asked[-1])
    for interaction in asked:
        for text in texts_of(emu.answers(interaction)):
            outside_links = re.sub(r"<https?://[^>\s]*>", "<link>", text)  # nothing is markdown inside <url>
            for live in (r"\*\*[Bb]old", r"\]\(https://evil", r"`code", r"\|\|spoiler", r"<@&1>"):
                assert not re.search(r"(?<!\\)" + live, outside_links), (live, text)


async def test_what_a_feeds_server_says_is_shown_as_text(harness, server):
    """`/feeds add` answers a failure with its reason, which quotes the server's HTTP reason phrase: a server
    answering `418 **[Verify your account](https://phish.example/)** @everyone` had its masked link shown in the
    bot's reply."""
    emu = harness.emu
    await harness.start()

    async def teapot(request: web.Request) -> web.Response:
        return web.Response(status=418, reason="**[Verify your account](https://phish.example/)** @everyone")

    add = await emu.slash("feeds", sub="add", options={"url": server.route("/teapot", teapot)})
    await emu.done(add, followups=1)
    text = emu.text_of(add)
    assert text == "HTTP 418: \\*\\*\\[Verify your account\\](https://phish.example/)\\*\\* @\u200beveryone"
