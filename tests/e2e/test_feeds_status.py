"""/feeds status: every feed's health on paged embeds, private to the asker, text escaped."""

from datetime import timedelta

from bot.store import feedpolls as feed_polls
from bot.store import feeds as feed_store
from bot.store.db import Database


async def add_feeds(harness) -> None:
    """Three feeds of the server (ok, failing, paused) and one of another server."""
    now = harness.clock.now()
    guild = int(harness.emu.guild_id)
    db = await Database.open(harness.settings.database_path)
    try:
        ok = await feed_store.add_feed(db, "https://ok.test/feed", now=now, guild_id=guild, title="Calm Gazette")
        await feed_polls.record_success(
            db,
            ok.id,
            now=now - timedelta(minutes=5),
            next_poll_at=now + timedelta(minutes=10),
            etag=None,
            last_modified=None,
            worker=None,
        )
        failing = await feed_store.add_feed(
            db, "https://failing.test/feed", now=now, guild_id=guild, title="Shaky Post"
        )
        await feed_polls.record_failure(
            db, failing.id, now=now - timedelta(minutes=3), error="HTTP 503 @everyone *down*", failures=2,
            next_poll_at=now + timedelta(minutes=4), paused=False, worker=None,
        )  # fmt: skip
        paused = await feed_store.add_feed(db, "https://gone.test/feed", now=now, guild_id=guild, title="Gone Daily")
        await feed_polls.record_failure(
            db, paused.id, now=now - timedelta(hours=2), error="HTTP 404", failures=8,
            next_poll_at=now + timedelta(hours=1), paused=True, worker=None,
        )  # fmt: skip
        await feed_store.add_feed(db, "https://elsewhere.test/feed", now=now, guild_id=1, title="Other Server")
    finally:
        await db.close()


async def test_feeds_status_pages_every_feeds_health_for_the_asker_only(harness):
    emu = harness.emu
    await add_feeds(harness)
    await harness.start()  # the harness shows 2 per page

    asked = await emu.slash("feeds", sub="status")
    await emu.done(asked)
    assert emu.interactions[asked.id].ephemeral
    first = emu.interactions[asked.id].original
    assert first["content"] == "**Feed health**: 3 feeds, 1 paused, 1 failing · page 1 of 2"
    calm, shaky = first["embeds"]
    assert calm["title"] == f"#{1} Calm Gazette"
    assert calm["url"] == "https://ok.test/feed"
    calm_fields = {f["name"]: f["value"] for f in calm["fields"]}
    assert calm_fields["Last success"].startswith("<t:")
    assert calm_fields["Next poll"].startswith("<t:")
    shaky_fields = {f["name"]: f["value"] for f in shaky["fields"]}
    assert "@\u200beveryone" in shaky_fields["Last error"]
    assert "\\*down\\*" in shaky_fields["Last error"]
    assert shaky_fields["Last success"] == "never"
    assert "Other Server" not in emu.text_of(asked)

    stranger = await emu.press(first, "Next", user_id="900000000000000777")
    await emu.done(stranger)
    assert "Only the person who asked can turn these pages" in emu.text_of(stranger)

    turned = await emu.press(first, "Next")
    await emu.done(turned)
    assert first["content"].endswith("page 2 of 2")
    [gone] = first["embeds"]
    fields = {f["name"]: f["value"] for f in gone["fields"]}
    assert fields["Paused since"].startswith("<t:")
    assert "after 8 failures" in fields["Paused since"]
    assert fields["Last error"].startswith("HTTP 404")
    assert "Next poll" not in fields
