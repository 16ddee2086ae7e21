"""/digest with exclude, source and max_stories against the emulator: filtered, capped, counted, never pinging."""

from datetime import timedelta

from six_feeds import headline

from bot.models import Article


def wire(n: int) -> Article:
    title = headline("Wire", n)
    return Article(title=title, body=(f"{title}. Markets, again.",), url=f"https://loudwire.test/{n}")


GAZETTE = [
    Article(title="Harbour bridge budget approved by council", body=("The harbour gets money.",), key_points=("Yes.",)),
    Article(title="Football club signs a new goalkeeper", body=("Football news.",), key_points=("A signing.",)),
    Article(title="@everyone Ferry timetable changes in May", body=("The ferry runs later.",), key_points=("Later.",)),
]


def followup_bodies(emu, interaction):
    return [a["message"] for a in emu.answers(interaction) if "message" in a]


async def test_digest_filters_cap_and_count_without_pinging(harness):
    emu = harness.emu
    now = harness.clock.now()
    await harness.add_articles(*[wire(n) for n in range(12)], source="Loud Wire", at=now - timedelta(hours=1))
    await harness.add_articles(*GAZETTE, source="Harbour Gazette", at=now - timedelta(hours=2))
    await harness.start()

    asked = await emu.slash(
        "digest",
        options={"exclude": "football", "source": "harbour GAZETTE, loud wire", "max_stories": 4, "public": True},
    )
    await emu.done(asked, followups=1)
    posts = emu.channel_posts(harness.channel, kind=20)
    assert len(posts) == 1
    embeds = posts[0]["embeds"]
    titles = [e["title"] for e in embeds]
    assert len(titles) == 4
    # Two sources: each leads at most max(2, ceil(4 / 2)) = 2 stories while the other has some.
    assert sum(t.startswith("Wire ") for t in titles) == 2
    assert "Harbour bridge budget approved by council" in titles
    assert not any("Football" in t for t in titles)
    # 12 wire stories + 2 gazette ones passed the filter; 4 shown, the rest in one line.
    assert embeds[-1]["footer"]["text"] == "…and 10 more: /digest since:24h max_stories:14 to see them"
    for body in followup_bodies(emu, asked):
        assert body["allowed_mentions"] == {"parse": []}

    # A source that does not exist: nothing, and why, only to the asker.
    typo = await emu.slash("digest", options={"source": "Harbor Gazette", "since": "2d"})
    await emu.done(typo, followups=1)
    assert emu.interactions[typo.id].ephemeral
    text = emu.text_of(typo)
    assert "Nothing new since" in text
    assert "No source is named “Harbor Gazette”. Sources: Harbour Gazette, Loud Wire." in text

    # A filter with a warning on top of results: the digest, then a private note.
    partly = await emu.slash("digest", options={"source": "Loud Wire, Nowhere", "since": "2d", "max_stories": 2})
    await emu.done(partly, followups=2)
    assert "No source is named “Nowhere”" in emu.text_of(partly)
    assert "…and 10 more: /digest since:48h max_stories:12 to see them" in emu.text_of(partly)
    for body in followup_bodies(emu, partly):
        assert body["allowed_mentions"] == {"parse": []}


async def test_unusable_filter_options_are_answered_privately(harness):
    emu = harness.emu
    await harness.start()
    bad = await emu.slash("digest", options={"exclude": "-final", "public": True})
    await emu.done(bad)
    assert emu.interactions[bad.id].ephemeral
    assert "`exclude`: That search has only exclusions" in emu.text_of(bad)
    assert [a["type"] for a in emu.answers(bad)] == [4]
    assert emu.channel_posts(harness.channel, kind=20) == []


async def test_a_full_digest_does_not_suggest_asking_for_as_many_again(harness):
    """55 stories, `/digest max_stories:50`: the footer said "…and 5 more: /digest since:24h max_stories:50 to see
    them", the very command just run, which shows the same 50 again. Only a narrower filter shows the rest."""
    emu = harness.emu
    await harness.add_articles(
        *[wire(n) for n in range(55)], source="Loud Wire", at=harness.clock.now() - timedelta(hours=1)
    )
    await harness.start()
    asked = await emu.slash("digest", options={"max_stories": 50})
    await emu.done(asked, followups=5)
    embeds = [e for body in followup_bodies(emu, asked) for e in body.get("embeds") or []]
    assert len(embeds) == 50
    assert (
        embeds[-1]["footer"]["text"] == "…and 5 more than one digest shows (50): a topic, exclude or source narrows it"
    )
    assert "max_stories:50" not in emu.text_of(asked)
