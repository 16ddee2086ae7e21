"""Scheduled posts with a filter, a thread, a forum post with tags and a one-role ping, in the emulator."""

from datetime import UTC, datetime, timedelta

from six_feeds import headline

from bot.models import Article
from bot.store import deliveries, schedules
from bot.store.db import Database
from bot.store.records import TargetRef, TargetTable

ROLE = "900000000000000050"
FORUM = "900000000000000030"
TRAMS_TAG, WEATHER_TAG = "900000000000000031", "900000000000000032"
TEN = datetime(2026, 3, 27, 10, 0, tzinfo=UTC)  # a Friday


def tram(n: int) -> Article:
    title = headline("Tram", n)
    return Article(title=title, body=(f"{title}. Trams, again.",), url=f"https://trams.test/{n}", key_points=("T.",))


def weather(n: int) -> Article:
    title = headline("Weather", n)
    return Article(title=title, body=(f"{title}. Rain.",), url=f"https://weather.test/{n}", key_points=("W.",))


def thread_requests(emu):
    return [r for r in emu.requests if r.method == "POST" and r.path.endswith("/threads")]


async def set_directly(harness, channel: str, **options) -> None:
    db = await Database.open(harness.settings.database_path)
    try:
        await schedules.set_schedule(
            db, channel_id=int(channel), guild_id=int(harness.emu.guild_id), time="10:00", timezone="UTC",
            now=harness.clock.now(), **{"topic": None, **options},
        )  # fmt: skip
    finally:
        await db.close()


async def test_set_with_filter_thread_and_ping_posts_capped_in_a_thread_pinging_one_role(harness):
    emu = harness.emu
    emu.roles[ROLE] = "Tram fans"
    hour_ago = harness.clock.now() - timedelta(hours=1)
    await harness.add_articles(*[tram(n) for n in range(6)], source="Tram Wire", at=hour_ago)
    await harness.add_articles(*[weather(n) for n in range(3)], source="Sky Post", at=hour_ago)
    await harness.start()

    setting = await emu.slash(
        "schedule",
        sub="set",
        options={"time": "10:00", "timezone": "UTC", "topic": "tram", "max_stories": 4, "thread": True, "ping": ROLE},
        resolved={"roles": {ROLE: emu.role(ROLE)}},
    )
    await emu.done(setting)
    said = emu.text_of(setting)
    assert "topic “tram”, at most 4 stories" in said
    assert "Each post opens a thread named like “News digest · Fri 27 Mar”." in said
    assert f"Posts with a story mention <@&{ROLE}>; nobody else is ever pinged." in said

    await harness.advance_to(TEN)
    await emu.wait_for(lambda: emu.threads)
    [post] = emu.channel_posts(harness.channel)
    assert post["content"].startswith(f"<@&{ROLE}>")
    assert emu.pings == [(harness.channel, ROLE)]
    titles = [e["title"] for e in post["embeds"]]
    assert len(titles) == 4
    assert all(t.startswith("Tram") for t in titles)
    assert post["embeds"][-1]["footer"]["text"].startswith("…and 2 more")
    [thread] = emu.threads.values()
    assert (thread["id"], thread["parent_id"]) == (post["id"], harness.channel)
    assert thread["name"] == "News digest · Fri 27 Mar"
    assert await harness.deliveries() == [("2026-03-27", "sent", None)]

    shown = await emu.slash("schedule", sub="show")
    await emu.done(shown)
    text = emu.text_of(shown)
    assert "topic “tram”, at most 4 stories · in a thread" in text
    assert f"pings <@&{ROLE}>" in text
    assert "Last problem" not in text


async def test_a_forum_channel_gets_one_forum_post_with_the_topics_tags(harness):
    emu = harness.emu
    emu.channels[FORUM] = "news-forum"
    emu.forums[FORUM] = [{"id": TRAMS_TAG, "name": "Trams"}, {"id": WEATHER_TAG, "name": "Weather"}]
    emu.roles[ROLE] = "Tram fans"
    await harness.add_articles(*[tram(n) for n in range(14)], source="Tram Wire")
    await harness.start()
    resolved = {"channels": {FORUM: {**emu.channel(FORUM), "permissions": "117760"}}, "roles": {ROLE: emu.role(ROLE)}}
    setting = await emu.slash(
        "schedule",
        sub="set",
        options={"time": "10:00", "timezone": "UTC", "channel": FORUM, "topic": "trams OR tram", "max_stories": 12,
                 "ping": ROLE},
        resolved=resolved,
    )  # fmt: skip
    await emu.done(setting)
    assert "Each post is a new forum post titled like “News digest · Fri 27 Mar”, tagged Trams." in emu.text_of(setting)

    await harness.advance_to(TEN)
    await emu.wait_for(lambda: emu.threads and len(emu.messages.get(next(iter(emu.threads)), [])) == 2)
    [thread] = emu.threads.values()
    assert thread["parent_id"] == FORUM
    assert thread["name"] == "News digest · Fri 27 Mar"
    assert thread["applied_tags"] == [TRAMS_TAG]
    first, second = emu.messages[thread["id"]]
    assert first["id"] == thread["id"]
    assert len(first["embeds"]) + len(second["embeds"]) == 12
    assert first["content"].startswith(f"<@&{ROLE}>")
    assert emu.pings == [(thread["id"], ROLE)]  # the second message pings nobody
    assert FORUM not in emu.messages  # never a plain message in the forum itself
    assert len(thread_requests(emu)) == 1
    assert await harness.deliveries() == [("2026-03-27", "sent", None)]


async def test_after_a_crash_between_post_and_thread_the_post_is_not_repeated_and_the_thread_opens(harness):
    emu = harness.emu
    await harness.add_articles(tram(1), source="Tram Wire")
    await set_directly(harness, harness.channel, thread=True)
    harness.clock.set(TEN)
    await harness.claim_only("2026-03-27")
    # The process posted the digest a moment later, then died before opening its thread or recording the post.
    harness.clock.set(TEN + timedelta(seconds=1))
    posted = emu._message(harness.channel, {"content": "News digest"}, author=emu.bot_user())
    emu.messages.setdefault(harness.channel, []).append(posted)

    await harness.start()
    await emu.wait_for(lambda: emu.threads)
    assert [p["id"] for p in emu.channel_posts(harness.channel)] == [posted["id"]]
    assert list(emu.threads) == [posted["id"]]
    assert emu.threads[posted["id"]]["name"] == "News digest · Fri 27 Mar"
    await harness.idle()
    assert await harness.deliveries() == [("2026-03-27", "sent", None)]
    db = await Database.open(harness.settings.database_path)
    try:  # the post found after the restart is recorded with the article it carried
        [(_, delivery)] = await deliveries.posts_carrying(db, range(1, 10))
        assert delivery.message_ids == (posted["id"],)
    finally:
        await db.close()

    # Another restart owes nothing: no post, no second thread.
    await harness.stop()
    await harness.start()
    await harness.advance_to(TEN + timedelta(minutes=5))
    assert len(emu.channel_posts(harness.channel)) == 1
    assert len(thread_requests(emu)) == 1


async def test_a_missing_thread_permission_is_shown_and_not_retried(harness):
    emu = harness.emu
    emu.forbidden_thread_channels.add(harness.channel)
    await harness.add_articles(tram(1), source="Tram Wire")
    await set_directly(harness, harness.channel, thread=True)
    await harness.start()

    await harness.advance_to(TEN)
    await emu.wait_for(lambda: thread_requests(emu))
    await harness.advance_to(TEN + timedelta(minutes=10))
    await harness.advance_to(TEN + timedelta(hours=1))
    assert len(emu.channel_posts(harness.channel)) == 1
    assert len(thread_requests(emu)) == 1
    assert await harness.deliveries() == [("2026-03-27", "sent", None)]
    shown = await emu.slash("schedule", sub="show")
    await emu.done(shown)
    text = emu.text_of(shown)
    assert "⚠️ Last problem: 2026-03-27: the post went out, but its thread could not be opened" in text
    assert "Create Public Threads" in text


async def test_preview_is_private_and_a_test_post_is_marked_unpinging_and_not_the_days_post(harness):
    emu = harness.emu
    emu.roles[ROLE] = "Tram fans"
    hour_ago = harness.clock.now() - timedelta(hours=1)
    await harness.add_articles(*[tram(n) for n in range(3)], source="Tram Wire", at=hour_ago)
    await harness.add_articles(weather(1), source="Sky Post", at=hour_ago)
    await set_directly(harness, harness.channel, topic="tram", ping_role_id=int(ROLE))
    await harness.start()

    preview = await emu.slash("schedule", sub="preview")
    await emu.done(preview, followups=2)
    assert emu.interactions[preview.id].ephemeral
    assert all(a["message"].get("flags", 0) & 64 for a in emu.answers(preview) if "followup" in a)
    text = emu.text_of(preview)
    assert "Preview of the next post in" in text
    assert "3 stories" in text
    assert "Weather" not in text
    assert emu.channel_posts(harness.channel) == []
    assert emu.pings == []

    test = await emu.slash("schedule", sub="test")
    await emu.done(test, followups=1)
    [posted] = emu.channel_posts(harness.channel)
    assert posted["content"].startswith("🧪 **Test post**")
    assert f"<@&{ROLE}>" not in posted["content"]
    assert emu.pings == []
    assert "It is not the day's post" in emu.text_of(test)
    assert await harness.deliveries() == []

    await harness.advance_to(TEN)
    await emu.wait_for(lambda: len(emu.channel_posts(harness.channel)) == 2)
    daily = emu.channel_posts(harness.channel)[1]
    assert daily["content"].startswith(f"<@&{ROLE}>")
    assert emu.pings == [(harness.channel, ROLE)]
    assert await harness.deliveries() == [("2026-03-27", "sent", None)]


async def test_a_forum_post_that_may_have_gone_out_unrecorded_is_given_up_not_repeated(harness):
    emu = harness.emu
    emu.channels[FORUM] = "news-forum"
    emu.forums[FORUM] = [{"id": TRAMS_TAG, "name": "Trams"}]
    await harness.add_articles(tram(1), source="Tram Wire")
    await set_directly(harness, FORUM, topic="trams")
    harness.clock.set(TEN)
    db = await Database.open(harness.settings.database_path)
    try:  # a process claimed the post and started creating the forum post, then died
        schedule = await schedules.get_schedule(db, int(FORUM))
        claimed = await deliveries.claim(
            db, sink="discord", target=TargetRef(TargetTable.SCHEDULE, schedule.id), channel_id=int(FORUM),
            slot="2026-03-27", now=TEN, since=TEN - timedelta(days=1), until=TEN,
        )  # fmt: skip
        await deliveries.mark_sending(db, claimed.id)
    finally:
        await db.close()

    await harness.start()
    await harness.idle()
    [(slot, status, error)] = await harness.deliveries()
    assert (slot, status) == ("2026-03-27", "skipped")
    assert "forum post" in error
    assert emu.threads == {}
    assert thread_requests(emu) == []


async def test_a_forum_post_recorded_before_a_crash_is_read_back_from_its_thread(harness):
    emu = harness.emu
    emu.channels[FORUM] = "news-forum"
    emu.forums[FORUM] = [{"id": TRAMS_TAG, "name": "Trams"}]
    await harness.add_articles(tram(1), source="Tram Wire")
    await set_directly(harness, FORUM, topic="trams")
    harness.clock.set(TEN)
    db = await Database.open(harness.settings.database_path)
    try:  # the forum post went out and was recorded, then the process died before marking the post sent
        schedule = await schedules.get_schedule(db, int(FORUM))
        claimed = await deliveries.claim(
            db, sink="discord", target=TargetRef(TargetTable.SCHEDULE, schedule.id), channel_id=int(FORUM),
            slot="2026-03-27", now=TEN, since=TEN - timedelta(days=1), until=TEN,
        )  # fmt: skip
        await deliveries.mark_sending(db, claimed.id)
        harness.clock.set(TEN + timedelta(seconds=1))
        thread_id = emu.snowflake()
        emu._new_thread(thread_id, FORUM, "News digest · Fri 27 Mar", [TRAMS_TAG])
        starter = {**emu._message(thread_id, {"content": "News digest"}, author=emu.bot_user()), "id": thread_id}
        emu.messages[thread_id] = [starter]
        await deliveries.add_message_id(db, claimed.id, thread_id)
    finally:
        await db.close()

    await harness.start()
    await harness.idle()
    assert await harness.deliveries() == [("2026-03-27", "sent", None)]
    assert list(emu.threads) == [thread_id]
    assert len(emu.messages[thread_id]) == 1
    assert thread_requests(emu) == []


async def test_a_test_post_in_a_forum_is_its_own_forum_post_and_counts_for_nothing(harness):
    emu = harness.emu
    emu.channels[FORUM] = "news-forum"
    emu.forums[FORUM] = [{"id": TRAMS_TAG, "name": "Trams"}]
    await harness.add_articles(*[tram(n) for n in range(14)], source="Tram Wire", at=TEN - timedelta(hours=2))
    await set_directly(harness, FORUM, topic="trams OR tram", max_stories=12)
    await harness.start()
    resolved = {"channels": {FORUM: {**emu.channel(FORUM), "permissions": "117760"}}}

    test = await emu.slash("schedule", sub="test", options={"channel": FORUM}, resolved=resolved)
    await emu.done(test, followups=1)
    [thread] = emu.threads.values()
    assert thread["name"] == "Test · News digest · Fri 27 Mar"
    assert thread["applied_tags"] == [TRAMS_TAG]
    first, second = emu.messages[thread["id"]]
    assert first["content"].startswith("🧪 **Test post**")
    assert len(first["embeds"]) + len(second["embeds"]) == 12
    assert "Test post sent to" in emu.text_of(test)
    assert await harness.deliveries() == []

    await harness.advance_to(TEN)
    await emu.wait_for(lambda: len(emu.threads) == 2)
    [daily] = [t for t in emu.threads.values() if t["id"] != thread["id"]]
    assert daily["name"] == "News digest · Fri 27 Mar"
    await emu.wait_for(lambda: len(emu.messages.get(daily["id"], [])) == 2)
    assert await harness.deliveries() == [("2026-03-27", "sent", None)]


async def test_set_refuses_a_bad_filter_and_an_everyone_ping_privately_and_warns_about_an_idle_filter(harness):
    emu = harness.emu
    await harness.add_articles(tram(1), source="Tram Wire", at=harness.clock.now() - timedelta(hours=1))
    await harness.start()
    everyone = emu.guild_id  # @everyone's role id is the server's id
    cases = [
        ({"exclude": "***"}, "`exclude`: "),
        ({"sources": ", ".join(f"Source {n}" for n in range(21))}, "`sources`: at most 20 sources"),
        ({"ping": everyone}, "`ping`: I never mention @everyone"),
    ]
    for options, message in cases:
        refused = await emu.slash(
            "schedule",
            sub="set",
            options={"time": "10:00", "timezone": "UTC", **options},
            resolved={"roles": {everyone: emu.role(everyone)}},
        )
        await emu.done(refused)
        assert emu.interactions[refused.id].ephemeral
        assert message in emu.text_of(refused), emu.text_of(refused)
    assert await harness.deliveries() == []
    shown = await emu.slash("schedule", sub="show")
    await emu.done(shown)
    assert "No daily posts yet" in emu.text_of(shown)

    idle = await emu.slash("schedule", sub="set", options={"time": "10:00", "timezone": "UTC", "sources": "Tram Wyre"})
    await emu.done(idle)
    assert "⚠️ No source is named “Tram Wyre”. Sources: Tram Wire." in emu.text_of(idle)
