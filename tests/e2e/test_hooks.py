from datetime import UTC, datetime

from bot.models import Feed


async def test_feed_paused_notice_reaches_the_feeds_channel_harmlessly(harness):
    emu = harness.emu
    bot = await harness.start()
    now = harness.clock.now()
    feed = Feed(
        id=1,
        source_id=1,
        url="https://gazette.test/rss",
        title="@everyone Gazette",
        guild_id=int(emu.guild_id),
        channel_id=int(harness.channel),
        etag=None,
        last_modified=None,
        interval_s=900,
        next_poll_at=None,
        last_success_at=None,
        last_error="HTTP 410",
        last_error_at=now,
        failures=8,
        paused=True,
        pause_notified=False,
        full_text=False,
        created_at=now,
    )
    await bot.poster.notify_feed_paused(
        feed, "8 failed polls in a row; the last one: HTTP 500: the site's server failed"
    )
    [post] = emu.channel_posts(harness.channel)
    first_line = post["content"].splitlines()[0]
    assert first_line.endswith("is paused: 8 failed polls in a row; the last one: HTTP 500: the site's server failed")
    assert "@everyone" not in post["content"]
    # A feed without a channel, or a channel that is gone, is logged, not raised.
    await bot.poster.notify_feed_paused(
        Feed(**{**{f: getattr(feed, f) for f in feed.__slots__}, "channel_id": 900000000000000029}), "gone"
    )
    assert len(emu.channel_posts(harness.channel)) == 1


async def test_background_jobs_run_and_restart_after_a_failure(harness, clock):
    harness.expect_errors = True
    calls = []

    async def poller(bot):
        calls.append(bot.services.clock.now())
        if len(calls) == 1:
            raise RuntimeError("feed poller hiccup")
        await bot.services.clock.sleep(10**9)

    harness.background.append(poller)
    await harness.start()
    await harness.emu.wait_for(lambda: clock.sleepers >= 1 and len(calls) == 1)
    clock.set(datetime(2026, 3, 27, 9, 0, 6, tzinfo=UTC))
    await harness.emu.wait_for(lambda: len(calls) == 2)
    assert [r.getMessage() for r in harness.errors.records] == ["background job poller failed; restarting it in 5 s"]
    assert await harness.stop() == 0
