"""A feed's life through the bot: added (backlog stored, not posted), polled, its new story in the morning post."""

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.runner import drop_folder_watcher, feed_poller
from bot.store.articles import arrived_between

RSS = (Path(__file__).resolve().parents[1] / "data" / "feeds" / "rss2.xml").read_bytes()
NEW_ITEM = b"""<item>
      <title>Lighthouse keeper retires after forty years</title>
      <link>https://gazette.example/news/lighthouse-keeper</link>
      <guid isPermaLink="false">gazette-lighthouse-2026-03</guid>
      <pubDate>Fri, 27 Mar 2026 09:10:00 GMT</pubDate>
      <description>The last keeper of the north light hands over the key on Sunday.</description>
    </item>
    """


async def wait_until(check, within=3.0):
    deadline = asyncio.get_running_loop().time() + within
    while not await check():
        assert asyncio.get_running_loop().time() < deadline, "condition not met in time"
        await asyncio.sleep(0.02)


async def test_new_feed_floods_nobody_and_its_next_story_is_posted(harness, clock):
    emu = harness.emu
    harness.background.append(feed_poller)
    url = emu.serve("gazette.xml", RSS)
    bot = await harness.start()
    add = await emu.slash("feeds", sub="add", options={"url": url})
    await emu.done(add, followups=1)
    assert "Added **Harbour Town Gazette**" in emu.text_of(add)
    await harness.set_schedule("10:00", "UTC")

    emu.serve("gazette.xml", RSS.replace(b"<item>", NEW_ITEM + b"<item>", 1))
    db = bot.services.db

    async def polled():
        window = await arrived_between(db, clock.now() - timedelta(hours=2), clock.now() + timedelta(seconds=1))
        return any("Lighthouse" in a.article.title for a in window)

    await harness.advance_to(datetime(2026, 3, 27, 9, 20, tzinfo=UTC))  # the feed is due 15 minutes after adding
    await wait_until(polled)
    await harness.advance_to(datetime(2026, 3, 27, 10, 0, tzinfo=UTC))
    await emu.wait_for(lambda: len(emu.channel_posts(harness.channel)) == 1)
    [post] = emu.channel_posts(harness.channel)
    titles = [e["title"] for e in post["embeds"]]
    assert titles == ["Lighthouse keeper retires after forty years"]


async def test_a_feed_moved_onto_another_feed_tells_its_channel(harness, clock, server):
    """A permanent redirect onto the address of another feed pauses the moved feed (its entries come through the
    other): the notice reaches the feed's channel through the bot, said harmlessly. (That it is said once, and the
    paused feed not fetched again, is tests/test_poller.py's.)"""
    emu = harness.emu
    harness.background.append(feed_poller)
    old = server.bytes("/old.xml", RSS.replace(b"Harbour Town Gazette", b"@everyone Old Gazette", 1))
    new = server.bytes("/new.xml", RSS.replace(b"<item>", NEW_ITEM + b"<item>", 1))
    await harness.start()
    for url in (old, new):
        add = await emu.slash("feeds", sub="add", options={"url": url})
        await emu.done(add, followups=1)
    server.redirect("/old.xml", new)
    await harness.advance_to(clock.now() + timedelta(minutes=20))  # both feeds are due 15 minutes after adding
    await emu.wait_for(lambda: any("is paused" in p["content"] for p in emu.channel_posts(harness.channel)))
    [notice] = [p["content"] for p in emu.channel_posts(harness.channel) if "is paused" in p["content"]]
    assert notice.startswith("⏸️ Feed **@\u200beveryone Old Gazette** is paused: moved permanently to " + new)
    assert "which is already feed 2 (Harbour Town Gazette): its entries come through that one" in notice
    assert server.hits["/old.xml"] == 1 + 1  # added, then polled once


async def test_drop_folder_file_is_archived_and_searchable(harness, clock, tmp_path):
    emu = harness.emu
    drop = tmp_path / "drop"
    drop.mkdir()
    harness.configure(drop_folders=(drop,), archive_dir=tmp_path / "archive", quarantine_dir=tmp_path / "quarantine")
    harness.background.append(drop_folder_watcher)
    bot = await harness.start()
    (drop / "quay.md").write_text(
        "# Quay lights switch to warm LEDs\n\nThe council replaced every lamp on the old quay this week.\n",
        encoding="utf-8",
    )
    clock.advance(harness.settings.scan_interval + 1)

    async def archived():
        return (tmp_path / "archive").exists() and any((tmp_path / "archive").rglob("quay.md"))

    await wait_until(archived)
    found = await bot.services.search(bot.services.db, "quay lamps", now=clock.now())
    assert found.total == 1
    find = await emu.slash("find", options={"query": "quay"})
    await emu.done(find)
    assert "Quay lights switch to warm LEDs" in emu.text_of(find)
