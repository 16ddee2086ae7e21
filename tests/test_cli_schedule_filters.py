"""`schedule add` with filters, `schedule preview ID` and `explain --schedule ID`: real subprocesses, real files."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta

from test_cli import run

from bot.models import Article, SourceKind
from bot.store import articles as repo
from bot.store import deliveries, schedules
from bot.store.db import Database
from bot.store.records import TargetRef, TargetTable

SLACK = "https://hooks.slack.com/services/T0001ABCD/B0002EFGH/abcdefghijklmnop1234"
HOUR = timedelta(hours=1)


def article(n: int, title: str) -> Article:
    return Article(
        title=title,
        body=(f"{title}. Report number {n} with words of its own: w{n}a w{n}b w{n}c.",),
        url=f"https://city.test/{n}",
        key_points=(f"{title}: point {n}.",),
    )


def store(path, items) -> list[int]:
    """Store (source, title) pairs that arrived an hour ago (the CLI runs on the real clock); return their ids."""

    async def work():
        db = await Database.open(path)
        try:
            now = datetime.now(UTC)
            ids = []
            for n, (source, title) in enumerate(items):
                src = await repo.get_or_create_source(
                    db, SourceKind.FEED, source, f"https://{source.lower().replace(' ', '')}.test/feed", now
                )
                ids.append((await repo.add_article(db, src, article(n, title), now - HOUR)).article_id)
            return ids
        finally:
            await db.close()

    return asyncio.run(work())


PLACES = ("harbour district", "airport terminal", "university campus", "old town square", "football stadium")
TRAMS = [("City Wire", f"Tram to the {place} opens {n + 1} new stops") for n, place in enumerate(PLACES)]
OTHERS = [("City Wire", "Tram drivers announce a strike"), ("Valley Post", "Tram museum opens in the valley")]


def test_schedule_add_keeps_its_filter_and_preview_shows_the_next_post(tmp_path):
    db = str(tmp_path / "news.db")
    store(db, TRAMS + OTHERS)
    added = run(tmp_path, "--db", db, "schedule", "add", "--time", "07:30", "--slack", SLACK, "--topic", "tram",
                "--exclude", "strike", "--source", "City Wire", "--max-stories", "3")  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert "topic “tram”, exclude “strike”, sources “City Wire”, at most 3 stories" in added.stdout
    assert added.stderr == ""  # the filter keeps stories of the last week: no warning
    listed = run(tmp_path, "--db", db, "schedule", "list").stdout
    assert "daily at 07:30 UTC; topic “tram”, exclude “strike”, sources “City Wire”, at most 3 stories" in listed

    preview = run(tmp_path, "--db", db, "schedule", "preview", "1")
    assert preview.returncode == 0, preview.stderr
    bodies = json.loads(preview.stdout)
    sections = [b["text"]["text"] for p in bodies for b in p["blocks"] if b["type"] == "section"]
    assert len(sections) == 3
    assert all("Tram to the" in s for s in sections)
    assert not any("strike" in s or "museum" in s for s in sections)
    assert "and 2 more stories" in bodies[-1]["blocks"][-1]["elements"][0]["text"]
    assert "3 stories (and 2 more over max_stories)" in preview.stderr
    # A preview claims nothing: the day's post is still owed.
    assert "last: none yet" in run(tmp_path, "--db", db, "schedule", "list").stdout


def test_schedule_add_refuses_a_bad_filter_in_one_line_and_warns_about_an_idle_one(tmp_path):
    db = str(tmp_path / "news.db")
    store(db, TRAMS)
    cases = [
        (["--max-stories", "0"], "newsdigest schedule: --max-stories: give a number from 1 to 50, not 0\n"),
        (["--topic=-tram"], "newsdigest schedule: --topic: "),
        (["--exclude", "***"], "newsdigest schedule: --exclude: "),
    ]
    for extra, message in cases:
        bad = run(tmp_path, "--db", db, "schedule", "add", "--time", "07:30", "--slack", SLACK, *extra)
        assert bad.returncode == 1, (extra, bad.stderr)
        assert bad.stderr.startswith(message), bad.stderr
        assert bad.stderr.count("\n") == 1
        assert "Traceback" not in bad.stderr
    assert "no schedules yet" in run(tmp_path, "--db", db, "schedule", "list").stdout
    idle = run(tmp_path, "--db", db, "schedule", "add", "--time", "07:30", "--slack", SLACK, "--source", "City Wyre")
    assert idle.returncode == 0, idle.stderr
    assert idle.stderr.startswith("newsdigest schedule add: warning: No source is named “City Wyre”. Sources: City")
    missing = run(tmp_path, "--db", db, "schedule", "preview", "9")
    assert missing.returncode == 1
    assert missing.stderr == "newsdigest schedule: there is no schedule 9; `newsdigest schedule list` shows them\n"


def channel_schedule_with_a_ping(path) -> None:
    async def work():
        db = await Database.open(path)
        try:
            await schedules.set_schedule(
                db, channel_id=223456789012345678, guild_id=1, time="06:45", timezone="Europe/Paris", topic="tram",
                now=datetime.now(UTC), max_stories=2, thread=True, ping_role_id=323456789012345678,
            )  # fmt: skip
        finally:
            await db.close()

    asyncio.run(work())


def test_preview_of_a_channel_schedule_shows_its_one_role_ping(tmp_path):
    db = str(tmp_path / "news.db")
    store(db, TRAMS)
    channel_schedule_with_a_ping(db)
    listed = run(tmp_path, "--db", db, "schedule", "list").stdout
    extras = "; in a thread (a forum post in a forum); pings role 323456789012345678"
    assert f"topic “tram”, at most 2 stories{extras}\n" in listed
    preview = run(tmp_path, "--db", db, "schedule", "preview", "1")
    assert preview.returncode == 0, preview.stderr
    [body] = json.loads(preview.stdout)
    assert body["allowed_mentions"] == {"parse": [], "roles": ["323456789012345678"]}
    assert body["content"].startswith("<@&323456789012345678>")
    assert len(body["embeds"]) == 2
    assert "and 3 more" in body["embeds"][-1]["footer"]["text"]


def record_post(path, schedule_id: int, carried: list[int]) -> None:
    """What the delivery core records when a post went out: the claim, then sent with its articles."""

    async def work():
        db = await Database.open(path)
        try:
            now = datetime.now(UTC)
            claimed = await deliveries.claim(
                db, sink="slack-webhook", target=TargetRef(TargetTable.SCHEDULE, schedule_id),
                slot=f"{now:%Y-%m-%d}", now=now, since=now - 24 * HOUR, until=now,
            )  # fmt: skip
            assert claimed is not None
            await deliveries.mark_sent(db, claimed.id, now=now, message_ids=["1"], article_ids=carried)
        finally:
            await db.close()

    asyncio.run(work())


def test_explain_with_a_schedule_says_where_and_when_it_was_posted_and_why_not(tmp_path):
    db = str(tmp_path / "news.db")
    ids = store(db, TRAMS + OTHERS)
    added = run(tmp_path, "--db", db, "schedule", "add", "--time", "07:30", "--slack", SLACK, "--topic", "tram",
                "--exclude", "strike", "--max-stories", "5")  # fmt: skip
    assert added.returncode == 0, added.stderr
    record_post(db, 1, ids[:5])

    posted = run(tmp_path, "--db", db, "explain", str(ids[0]), "--schedule", "1")
    assert posted.returncode == 0, posted.stderr
    assert posted.stdout.startswith(f"Article {ids[0]}: Posted by this schedule.\n")
    assert "- Schedule 1: daily at 07:30 UTC; topic “tram”, exclude “strike”, at most 5 stories." in posted.stdout
    assert "by schedule 1 to schedule 1's slack-webhook" in posted.stdout
    assert SLACK.rsplit("/", 1)[-1] not in posted.stdout

    excluded = run(tmp_path, "--db", db, "explain", str(ids[5]), "--schedule", "1", "--json")
    assert excluded.returncode == 0, excluded.stderr
    result = json.loads(excluded.stdout)
    assert result["in_digest"] is False
    kinds = [f["kind"] for f in result["findings"]]
    assert "schedule" in kinds
    texts = " ".join(f["text"] for f in result["findings"])
    assert "Left out by exclude" in texts
    assert "Schedule 1 has not posted it." in texts

    missing = run(tmp_path, "--db", db, "explain", str(ids[0]), "--schedule", "7")
    assert missing.returncode == 2
    assert missing.stderr == "newsdigest explain: --schedule: there is no schedule 7; `schedule list` shows them\n"


def test_a_discord_webhook_schedule_may_ping_one_role_and_a_slack_one_may_not(tmp_path):
    db = str(tmp_path / "news.db")
    store(db, TRAMS)
    hook = "https://discord.com/api/webhooks/123456789012345678/Abc_def-GHIjklMNOpqrSTUvwx"
    added = run(tmp_path, "--db", db, "schedule", "add", "--time", "07:30", "--webhook", hook,
                "--ping-role", "323456789012345678")  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert "; pings role 323456789012345678\n" in run(tmp_path, "--db", db, "schedule", "list").stdout
    [body] = json.loads(run(tmp_path, "--db", db, "schedule", "preview", "1").stdout)
    assert body["allowed_mentions"] == {"parse": [], "roles": ["323456789012345678"]}
    assert body["content"].startswith("<@&323456789012345678>")
    refused = run(tmp_path, "--db", db, "schedule", "add", "--time", "07:30", "--slack", SLACK, "--ping-role", "5")
    assert refused.returncode == 1
    assert refused.stderr == (
        "newsdigest schedule: --ping-role: give a Discord role id (a number), with --webhook only\n"
    )
