"""OPML import and export, and the feed commands the CLI and chat call."""

from __future__ import annotations

from pathlib import Path

import pytest
from feed_server import DATA, loopback_settings
from lxml import etree

from bot.errors import NewsdigestError, ParseError
from bot.ingest import feedcmds
from bot.ingest.discovery import find_feed_links
from bot.ingest.opml import export_opml, parse_opml
from bot.store import feedpolls as feed_polls
from bot.store import feeds as feed_store


def test_parse_nested_opml():
    feeds = parse_opml((DATA / "opml-nested.opml").read_bytes())
    assert [(f.url, f.title, f.category) for f in feeds] == [
        ("https://gazette.example/rss.xml", "Harbour Town Gazette", "News"),
        ("https://trams.example/feed.json", "Tram Works Diary", "News / Local"),
        ("https://observatory.example/atom.xml", "Observatory", None),
    ]
    assert feeds[0].site_url == "https://gazette.example/"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"<opml><body><outline", "broken XML"),
        (b"<rss version='2.0'/>", "root is not <opml>"),
        (b"<opml version='2.0'><head/></opml>", "no <body>"),
    ],
)
def test_malformed_opml_is_a_parse_error(data, message):
    with pytest.raises(ParseError, match=message):
        parse_opml(data)


def test_external_entities_are_never_read():
    data = b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><opml><body><outline xmlUrl="https://x.example/f">&e;</outline></body></opml>'
    try:
        feeds = parse_opml(data)
    except ParseError:
        return
    assert [f.url for f in feeds] == ["https://x.example/f"]
    assert all("root:" not in (f.title or "") for f in feeds)


async def test_export_is_valid_opml_that_imports_back(db, clock):
    await feed_store.add_feed(db, "https://a.example/feed", now=clock.now(), title="A & B <news>")
    await feed_store.add_feed(db, "https://c.example/rss", now=clock.now())
    text = (await feedcmds.export_feeds(db, now=clock.now())).text
    root = etree.fromstring(text.encode())
    assert root.tag == "opml"
    assert root.get("version") == "2.0"
    assert root.find("head/title").text
    assert root.find("head/dateCreated").text.endswith("GMT")
    back = parse_opml(text.encode())
    assert [(f.url, f.title) for f in back] == [
        ("https://a.example/feed", "A & B <news>"),
        ("https://c.example/rss", "https://c.example/rss"),
    ]
    assert export_opml([], now=clock.now()).startswith("<?xml")


async def test_import_adds_what_works_and_says_why_the_rest_failed(db, server, clock, tmp_path: Path):
    good = server.file("/rss.xml", "rss2.xml")
    json_feed = server.file("/feed.json", "feed.json", "application/feed+json")
    broken = server.status("/gone.xml", 410, "gone")
    opml = (
        '<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>'
        f'<outline text="Good" xmlUrl="{good}"/><outline text="Group"><outline text="Json" xmlUrl="{json_feed}"/>'
        f'</outline><outline text="Gone" xmlUrl="{broken}"/></body></opml>'
    )
    result = await feedcmds.import_opml(db, opml.encode(), settings=loopback_settings(), clock=clock, channel_id=7)
    assert [f.url for f, _ in result.added] == [good, json_feed]
    assert [r.new for _, r in result.added] == [5, 2]
    assert len(result.skipped) == 1
    assert result.skipped[0][0] == broken
    assert "HTTP 410" in result.skipped[0][1]
    statuses = await feedcmds.list_feed_status(db, now=clock.now())
    assert [s.feed.url for s in statuses] == [good, json_feed]
    assert all(s.state.startswith("ok; next poll in") for s in statuses)


async def test_feed_commands_list_remove_resume(db, clock):
    feed = await feed_store.add_feed(db, "https://a.example/feed", now=clock.now())
    await feed_polls.record_failure(
        db,
        feed.id,
        now=clock.now(),
        error="HTTP 404: not found",
        failures=8,
        next_poll_at=clock.now(),
        paused=True,
        worker=None,
    )
    [status] = await feedcmds.list_feed_status(db, now=clock.now())
    assert status.state == "paused: HTTP 404: not found"
    resumed = await feedcmds.resume_feed(db, str(feed.id), now=clock.now())
    assert not resumed.paused
    assert resumed.failures == 0
    renamed = await feedcmds.rename_feed(db, str(feed.id), "  Alpha   News ")
    assert renamed.title == "Alpha News"
    with pytest.raises(NewsdigestError, match="empty"):
        await feedcmds.rename_feed(db, str(feed.id), "   ")
    assert (await feedcmds.set_full_text(db, str(feed.id), True)).full_text
    removed = await feedcmds.remove_feed(db, "https://a.example/feed")
    assert removed.id == feed.id
    assert await feed_store.list_feeds(db) == []
    with pytest.raises(NewsdigestError, match="no feed"):
        await feedcmds.remove_feed(db, "99")


async def test_guild_scoping(db, clock):
    mine = await feed_store.add_feed(db, "https://a.example/feed", now=clock.now(), guild_id=111)
    theirs = await feed_store.add_feed(db, "https://b.example/feed", now=clock.now(), guild_id=222)
    cli = await feed_store.add_feed(db, "https://c.example/feed", now=clock.now())
    assert [f.id for f in await feed_store.list_feeds(db, guild_id=111)] == [mine.id, cli.id]
    with pytest.raises(NewsdigestError, match="no feed"):
        await feedcmds.remove_feed(db, str(theirs.id), guild_id=111)
    assert (await feedcmds.remove_feed(db, str(theirs.id), guild_id=222)).id == theirs.id


async def test_store_url_update_and_rename(db, clock):
    one = await feed_store.add_feed(db, "https://one.example/feed", now=clock.now())
    two = await feed_store.add_feed(db, "https://two.example/feed", now=clock.now())
    assert await feed_store.update_url(db, one.id, "https://one.example/new")
    assert not await feed_store.update_url(db, one.id, two.url)
    await feed_store.rename_feed(db, one.id, "One News")
    stored = await feed_store.get_feed(db, one.id)
    assert (stored.url, stored.title) == ("https://one.example/new", "One News")
    with pytest.raises(feed_store.FeedExistsError):
        await feed_store.add_feed(db, two.url, now=clock.now())


def test_find_feed_links():
    links = find_feed_links((DATA / "page.html").read_bytes(), "https://gazette.example/index.html")
    assert [(link.url, link.type, link.title) for link in links] == [
        ("https://gazette.example/rss2.xml", "rss", "Gazette RSS"),
        ("https://gazette.example/atom.xml", "atom", "Observatory"),
    ]
    assert find_feed_links(b"", "https://x.example/") == []
    assert (
        find_feed_links(b"<html><link rel='alternate' type='text/html' href='/fr/'></html>", "https://x.example/") == []
    )
