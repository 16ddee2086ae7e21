from datetime import timedelta

from bot.models import Article

NEWS = [
    Article(
        title=f"Tram line {n} extended to the harbour",
        body=(f"The city extends tram line {n} by two stops.",),
        url=f"https://news.test/tram-{n}",
        key_points=(f"Line {n} gets two stops", "Works start in May"),
    )
    for n in range(1, 6)
]


async def test_digest_is_private_by_default_and_public_on_request(harness):
    emu = harness.emu
    await harness.add_articles(*NEWS[:2], at=harness.clock.now() - timedelta(hours=2))
    await harness.start()
    private = await emu.slash("digest")
    await emu.done(private, followups=1)
    assert emu.received[0]["type"] == 5  # deferred first
    assert emu.interactions[private.id].ephemeral
    assert "Tram line 1" in emu.text_of(private)
    assert emu.channel_posts(harness.channel, kind=20) == []

    public = await emu.slash("digest", options={"public": True})
    await emu.done(public, followups=1)
    assert not emu.interactions[public.id].ephemeral
    shown = emu.channel_posts(harness.channel, kind=20)
    assert len(shown) == 1
    assert "Tram line 2" in str(shown[0]["embeds"])

    # A public digest moves the channel's mark: nothing new since then.
    again = await emu.slash("digest")
    await emu.done(again, followups=1)
    assert "Nothing new" in emu.text_of(again)


async def test_digest_since_and_topic_and_bad_since(harness):
    emu = harness.emu
    await harness.add_articles(NEWS[0], at=harness.clock.now() - timedelta(days=3))
    await harness.add_articles(NEWS[1], at=harness.clock.now() - timedelta(hours=1))
    await harness.start()
    week = await emu.slash("digest", options={"since": "1w", "topic": "line 1"})
    await emu.done(week, followups=1)
    assert "Tram line 1" in emu.text_of(week)
    assert "Tram line 2" not in emu.text_of(week)

    bad = await emu.slash("digest", options={"since": "yesterdayish"})
    await emu.done(bad)
    assert emu.interactions[bad.id].ephemeral
    assert "`since` should be a duration" in emu.text_of(bad)
    assert [a["type"] for a in emu.answers(bad)] == [4]  # answered, not deferred: a private hint


async def test_find_pages_only_for_the_asker(harness):
    emu = harness.emu
    await harness.add_articles(*NEWS, at=harness.clock.now() - timedelta(hours=1))
    await harness.start()
    ask = await emu.slash("find", options={"query": "tram harbour"})
    await emu.done(ask)
    first = emu.interactions[ask.id].original
    assert not emu.interactions[ask.id].ephemeral
    assert "Page 1 of 3" in emu.text_of(ask)

    stranger = await emu.press(first, "Next", user_id="900000000000000777")
    await emu.done(stranger)
    assert emu.interactions[stranger.id].ephemeral
    assert "Only the person who searched" in emu.text_of(stranger)
    assert "Page 1 of 3" in first["embeds"][0]["footer"]["text"]

    own = await emu.press(first, "Next")
    await emu.done(own)
    assert [a["type"] for a in emu.answers(own)] == [7]
    assert "Page 2 of 3" in first["embeds"][0]["footer"]["text"]
    buttons = {c["label"]: c.get("disabled", False) for c in first["components"][0]["components"]}
    assert buttons == {"◀ Previous": False, "Next ▶": False}
    last = await emu.press(first, "Next")
    await emu.done(last)
    assert "Page 3 of 3" in first["embeds"][0]["footer"]["text"]
    assert {c["label"]: c.get("disabled", False) for c in first["components"][0]["components"]}["Next ▶"] is True


async def test_find_buttons_expire_cleanly(harness):
    emu = harness.emu
    await harness.add_articles(*NEWS, at=harness.clock.now() - timedelta(hours=1))
    bot = await harness.start()
    bot.services.view_timeout = 0.2
    ask = await emu.slash("find", options={"query": "tram"})
    await emu.done(ask)
    original = emu.interactions[ask.id].original
    await emu.wait_for(lambda: all(c.get("disabled") for c in original["components"][0]["components"]))
    assert any(r.method == "PATCH" and r.path.endswith("/messages/@original") for r in emu.requests)


async def test_find_bad_and_empty_queries_get_private_hints(harness):
    emu = harness.emu
    await harness.add_articles(*NEWS[:1])
    await harness.start()
    bad = await emu.slash("find", options={"query": "+++ ***"})
    await emu.done(bad)
    assert emu.interactions[bad.id].ephemeral
    assert "nothing to search for" in emu.text_of(bad)
    none = await emu.slash("find", options={"query": "volcano"})
    await emu.done(none)
    assert emu.interactions[none.id].ephemeral
    assert "Nothing found" in emu.text_of(none)


async def test_find_autocompletes_recent_headlines(harness):
    emu = harness.emu
    await harness.add_articles(*NEWS[:3])
    await harness.start()
    typing = await emu.slash("find", options={"query": "line 2"}, focused="query")
    answers = await emu.done(typing)
    assert answers[0]["type"] == 8
    assert [c["name"] for c in answers[0]["data"]["choices"]] == ["Tram line 2 extended to the harbour"]
