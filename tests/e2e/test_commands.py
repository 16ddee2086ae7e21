from datetime import timedelta

import pytest

from bot.models import Article

PLACES = ["harbour", "museum", "stadium", "airport", "university"]
TOPICS = ["Tram line", "Night bus", "Ferry route", "Cycle lane", "Cable car"]
NEWS = [
    Article(
        title=f"{TOPICS[n - 1]} {n} reaches the {PLACES[n - 1]}",
        body=(f"The city extends the {TOPICS[n - 1].lower()} {n} to the {PLACES[n - 1]}; transit plan, phase {n}.",),
        url=f"https://news.test/transit-{n}",
        key_points=(f"Stop {n} opens", "Works start in May"),
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
    assert "Tram line 1 reaches" in emu.text_of(private)
    assert emu.channel_posts(harness.channel, kind=20) == []

    public = await emu.slash("digest", options={"public": True})
    await emu.done(public, followups=1)
    assert not emu.interactions[public.id].ephemeral
    shown = emu.channel_posts(harness.channel, kind=20)
    assert len(shown) == 1
    assert "Night bus 2 reaches" in str(shown[0]["embeds"])

    # A public digest moves the channel's mark: nothing new since then.
    again = await emu.slash("digest")
    await emu.done(again, followups=1)
    assert "Nothing new" in emu.text_of(again)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
async def test_digest_since_and_topic_and_bad_since(harness):
    emu = harness.emu
    await harness.add_articles(NEWS[0], at=harness.clock.now() - timedelta(days=3))
    await harness.add_articles(NEWS[1], at=harness.clock.now() - timedelta(hours=1))
    await harness.start()
    week = await emu.slash("digest", options={"since": "1w", "topic": "tram"})
    await emu.done(week, followups=1)
    assert "Tram line 1 reaches" in emu.text_of(week)
    assert "Night bus 2 reaches" not in emu.text_of(week)

    bad = await emu.slash("digest", options={"since": "yesterdayish"})
    await emu.done(bad)
    assert emu.interactions[bad.id].ephemeral
    assert "`since` should be a duration" in emu.text_of(bad)
    assert [a["type"] for a in emu.answers(bad)] == [4]  # answered, not deferred: a private hint


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
async def test_find_pages_only_for_the_asker(harness):
    emu = harness.emu
    await harness.add_articles(*NEWS, at=harness.clock.now() - timedelta(hours=1))
    await harness.start()
    ask = await emu.slash("find", options={"query": "transit plan"})
    await emu.done(ask)
    first = emu.interactions[ask.id].original
    assert not emu.interactions[ask.id].ephemeral
    assert "Results 1\u20132 of 5" in emu.text_of(ask)

    stranger = await emu.press(first, "Next", user_id="900000000000000777")
    await emu.done(stranger)
    assert emu.interactions[stranger.id].ephemeral
    assert "Only the person who searched" in emu.text_of(stranger)
    assert first["content"].startswith("Results 1\u20132 of 5")

    own = await emu.press(first, "Next")
    await emu.done(own)
    assert [a["type"] for a in emu.answers(own)] == [7]
    assert first["content"].startswith("Results 3\u20134 of 5")
    buttons = {c["label"]: c.get("disabled", False) for c in first["components"][0]["components"]}
    assert buttons == {"◀ Previous": False, "Next ▶": False}
    last = await emu.press(first, "Next")
    await emu.done(last)
    assert first["content"].startswith("Results 5\u20135 of 5")
    assert {c["label"]: c.get("disabled", False) for c in first["components"][0]["components"]}["Next ▶"] is True


async def test_find_buttons_expire_cleanly(harness):
    emu = harness.emu
    await harness.add_articles(*NEWS, at=harness.clock.now() - timedelta(hours=1))
    bot = await harness.start()
    bot.services.view_timeout = 0.2
    ask = await emu.slash("find", options={"query": "transit"})
    await emu.done(ask)
    original = emu.interactions[ask.id].original
    await emu.wait_for(lambda: all(c.get("disabled") for c in original["components"][0]["components"]))
    assert any(r.method == "PATCH" and r.path.endswith("/messages/@original") for r in emu.requests)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
async def test_find_bad_and_empty_queries_get_private_hints(harness):
    emu = harness.emu
    await harness.add_articles(*NEWS[:1])
    await harness.start()
    bad = await emu.slash("find", options={"query": "+++ ***"})
    await emu.done(bad)
    assert emu.interactions[bad.id].ephemeral
    assert "Type a word to search for" in emu.text_of(bad)
    none = await emu.slash("find", options={"query": "volcano"})
    await emu.done(none)
    assert emu.interactions[none.id].ephemeral
    assert "No results for “volcano”" in emu.text_of(none)
    nowhere = await emu.slash("find", options={"query": "budget", "source": "Moon Gazette"})
    await emu.done(nowhere)
    assert emu.interactions[nowhere.id].ephemeral
    assert "No source's name contains “Moon Gazette”" in emu.text_of(nowhere)


async def test_find_autocompletes_recent_headlines(harness):
    emu = harness.emu
    await harness.add_articles(*NEWS[:3])
    await harness.start()
    typing = await emu.slash("find", options={"query": "bus"}, focused="query")
    answers = await emu.done(typing)
    assert answers[0]["type"] == 8
    assert [c["name"] for c in answers[0]["data"]["choices"]] == ["Night bus 2 reaches the museum"]


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
async def test_find_offers_a_headline_with_an_isolated_name_as_find_takes_it(harness):
    # A right-to-left name between bidi isolates (bidi29): the choice holds no control /find refuses, and finds
    # the article.
    emu = harness.emu
    title = "Harbour \u2067\u05e0\u05de\u05dc\u2069 pier reopens"
    await harness.add_articles(Article(title=title, body=("The pier reopens.",), url="https://news.test/pier"))
    await harness.start()
    typing = await emu.slash("find", options={"query": "pier"}, focused="query")
    answers = await emu.done(typing)
    choices = answers[0]["data"]["choices"]
    assert choices == [
        {"name": "Harbour \u05e0\u05de\u05dc pier reopens", "value": "Harbour \u05e0\u05de\u05dc pier reopens"}
    ]
    found = await emu.slash("find", options={"query": choices[0]["value"]})
    await emu.done(found)
    assert not emu.interactions[found.id].ephemeral
    assert "pier reopens" in emu.text_of(found)
