from pathlib import Path

import pytest

RSS = (Path(__file__).resolve().parents[1] / "data" / "feeds" / "rss2.xml").read_bytes()
ATOM = (Path(__file__).resolve().parents[1] / "data" / "feeds" / "atom.xml").read_bytes()


def opml(*urls: str) -> bytes:
    outlines = "".join(f'<outline text="feed {n}" xmlUrl="{u}"/>' for n, u in enumerate(urls))
    body = f'<body><outline text="Folder">{outlines}</outline></body>'
    return f'<?xml version="1.0"?><opml version="2.0">{body}</opml>'.encode()


async def test_feeds_add_list_remove_export(harness):
    emu = harness.emu
    await harness.start()
    url = emu.serve("gazette.xml", RSS)
    add = await emu.slash("feeds", sub="add", options={"url": url})
    await emu.done(add, followups=1)
    assert emu.answers(add)[0]["type"] == 5
    assert "Added **Harbour Town Gazette**" in emu.text_of(add)
    assert "stored and searchable, not posted" in emu.text_of(add)
    again = await emu.slash("feeds", sub="add", options={"url": url})
    await emu.done(again, followups=1)
    assert "already subscribed" in emu.text_of(again)

    # The backlog is searchable but no digest shows it: no flood.
    digest = await emu.slash("digest")
    await emu.done(digest, followups=1)
    assert "Nothing new" in emu.text_of(digest)
    find = await emu.slash("find", options={"query": "ferry"})
    await emu.done(find)
    assert "Ferry timetable" in emu.text_of(find)

    listing = await emu.slash("feeds", sub="list")
    await emu.done(listing)
    assert url in emu.text_of(listing)
    assert "ok; next poll" in emu.text_of(listing)
    assert emu.interactions[listing.id].ephemeral

    export = await emu.slash("feeds", sub="export")
    await emu.done(export)
    export_request = next(r for r in emu.requests if r.path.endswith(f"/{export.id}/{export.token}/callback"))
    assert export_request.body["data"]["attachments"][0]["filename"] == "newsdigest-feeds.opml"

    typing = await emu.slash("feeds", sub="remove", options={"feed": "gazette"}, focused="feed")
    choices = (await emu.done(typing))[0]["data"]["choices"]
    assert len(choices) == 1
    remove = await emu.slash("feeds", sub="remove", options={"feed": choices[0]["value"]})
    await emu.done(remove)
    assert "Removed" in emu.text_of(remove)
    gone = await emu.slash("feeds", sub="remove", options={"feed": url})
    await emu.done(gone)
    assert "No such feed" in emu.text_of(gone)


async def test_feeds_add_rejects_a_non_web_address_and_a_missing_feed(harness):
    emu = harness.emu
    await harness.start()
    add = await emu.slash("feeds", sub="add", options={"url": "file:///etc/passwd"})
    await emu.done(add, followups=1)
    assert "only http and https" in emu.text_of(add)
    missing = await emu.slash("feeds", sub="add", options={"url": f"http://127.0.0.1:{emu.port}/files/nothing.xml"})
    await emu.done(missing, followups=1)
    assert emu.interactions[missing.id].ephemeral
    assert "404" in emu.text_of(missing)
    emu.problems.remove("unknown route GET /files/nothing.xml")


async def test_feeds_import_opml_attachment(harness):
    emu = harness.emu
    await harness.start()
    gazette, valley = emu.serve("gazette.xml", RSS), emu.serve("valley.xml", ATOM, "application/atom+xml")
    attachment = emu.add_attachment("subs.opml", opml(gazette, valley, "ftp://old.test/feed"))
    imp = await emu.slash(
        "feeds",
        sub="import",
        options={"file": attachment["id"]},
        resolved={"attachments": {attachment["id"]: attachment}},
    )
    await emu.done(imp, followups=1)
    text = emu.text_of(imp)
    assert "Imported 2 feed(s)" in text
    listing = await emu.slash("feeds", sub="list")
    await emu.done(listing)
    assert "Harbour Town Gazette" in emu.text_of(listing)


async def test_schedule_set_show_off(harness):
    emu = harness.emu
    await harness.start()
    typing = await emu.slash("schedule", sub="set", options={"time": "07:30", "timezone": "berl"}, focused="timezone")
    assert [c["value"] for c in (await emu.done(typing))[0]["data"]["choices"]] == ["Europe/Berlin"]
    setting = await emu.slash(
        "schedule", sub="set", options={"time": "7:30", "timezone": "Europe/Berlin", "topic": "tram"}
    )
    await emu.done(setting)
    assert "Every day at 07:30 (Europe/Berlin)" in emu.text_of(setting)
    show = await emu.slash("schedule", sub="show")
    await emu.done(show)
    assert "**07:30** Europe/Berlin" in emu.text_of(show)
    assert "tram" in emu.text_of(show)
    about = await emu.slash("about")
    await emu.done(about)
    assert "Next scheduled post" in emu.text_of(about)
    off = await emu.slash("schedule", sub="off")
    await emu.done(off)
    assert "are off" in emu.text_of(off)
    show = await emu.slash("schedule", sub="show")
    await emu.done(show)
    assert " · off" in emu.text_of(show)


async def test_schedule_set_rejects_bad_time_and_zone(harness):
    emu = harness.emu
    await harness.start()
    bad_time = await emu.slash("schedule", sub="set", options={"time": "25:00", "timezone": "UTC"})
    await emu.done(bad_time)
    assert "24-hour time" in emu.text_of(bad_time)
    bad_topic = await emu.slash("schedule", sub="set", options={"time": "07:00", "timezone": "UTC", "topic": "+++"})
    await emu.done(bad_topic)
    assert "Type a word" in emu.text_of(bad_topic)
    bad_zone = await emu.slash("schedule", sub="set", options={"time": "07:00", "timezone": "Mars/Olympus"})
    await emu.done(bad_zone)
    assert "not a time zone" in emu.text_of(bad_zone)
    assert all(emu.interactions[i.id].ephemeral for i in (bad_time, bad_zone))


@pytest.mark.parametrize(
    ("name", "sub", "options"),
    [
        ("feeds", "add", {"url": "https://gazette.test/rss"}),
        ("feeds", "remove", {"feed": "1"}),
        ("schedule", "set", {"time": "07:30", "timezone": "UTC"}),
        ("schedule", "off", {}),
    ],
)
async def test_management_needs_manage_server(harness, name, sub, options):
    emu = harness.emu
    await harness.start()
    refused = await emu.slash(name, sub=sub, options=options, permissions=0x400)  # View Channel only
    await emu.done(refused)
    assert emu.interactions[refused.id].ephemeral
    assert "Manage Server" in emu.text_of(refused)
    listing = await emu.slash("schedule", sub="show")
    await emu.done(listing)
    assert "No daily posts yet" in emu.text_of(listing)


async def test_schedule_set_for_another_channel(harness):
    emu = harness.emu
    await harness.start()
    general = list(emu.channels)[1]
    resolved = {"channels": {general: {**emu.channel(general), "permissions": "117760"}}}
    setting = await emu.slash(
        "schedule", sub="set", options={"time": "06:00", "timezone": "UTC", "channel": general}, resolved=resolved
    )
    await emu.done(setting)
    assert f"<#{general}>" in emu.text_of(setting)
    off = await emu.slash("schedule", sub="off", options={"channel": general}, resolved=resolved)
    await emu.done(off)
    assert f"Daily posts in <#{general}> are off." in emu.text_of(off)


async def test_schedule_set_says_when_i_cannot_post_in_the_channel(harness):
    """A schedule for a channel the bot may not post in is kept (the permission may come before 07:30), and the
    reply says what is missing, now rather than at the first post; a channel it may post in gets no warning."""
    emu = harness.emu
    news, general = list(emu.channels)
    emu.members_known = True  # the server lists the bot's own member, as Discord does
    emu.forbidden_channels.add(general)  # an overwrite denies the bot Send Messages there
    await harness.start()
    resolved = {"channels": {general: {**emu.channel(general), "permissions": "117760"}}}
    setting = await emu.slash(
        "schedule", sub="set", options={"time": "06:00", "timezone": "UTC", "channel": general}, resolved=resolved
    )
    await emu.done(setting)
    text = emu.text_of(setting)
    assert f"Every day at 06:00 (UTC) I will post a digest in <#{general}>" in text
    assert f"⚠️ I cannot post in <#{general}> yet: I need Send Messages there." in text
    here = await emu.slash("schedule", sub="set", options={"time": "07:00", "timezone": "UTC"})
    await emu.done(here)
    assert f"<#{news}>" in emu.text_of(here)
    assert "cannot post" not in emu.text_of(here)
    listing = await emu.slash("schedule", sub="show")
    await emu.done(listing)
    assert f"<#{general}>" in emu.text_of(listing)  # kept all the same


async def test_schedule_set_with_threads_says_when_i_cannot_open_one(harness):
    emu = harness.emu
    news = next(iter(emu.channels))
    emu.members_known = True
    emu.forbidden_thread_channels.add(news)  # an overwrite denies the bot Create Public Threads here
    await harness.start()
    plain = await emu.slash("schedule", sub="set", options={"time": "07:00", "timezone": "UTC"})
    await emu.done(plain)
    assert "cannot post" not in emu.text_of(plain)  # posting without a thread is allowed
    threaded = await emu.slash("schedule", sub="set", options={"time": "07:00", "timezone": "UTC", "thread": True})
    await emu.done(threaded)
    assert f"⚠️ I cannot post in <#{news}> yet: I need Create Public Threads there." in emu.text_of(threaded)
