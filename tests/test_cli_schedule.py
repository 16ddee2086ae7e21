"""`newsdigest schedule add|list|remove` end to end: real subprocesses and a real database file."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from test_cli import run

from bot.store import schedules
from bot.store.db import Database

DISCORD = "https://discord.com/api/webhooks/123456789012345678/Abc_def-GHIjklMNOpqrSTUvwx"
SLACK = "https://hooks.slack.com/services/T0001ABCD/B0002EFGH/abcdefghijklmnop1234"
SECRETS = ("Abc_def-GHIjklMNOpqrSTUvwx", "abcdefghijklmnop1234")


def add_channel_schedule(path) -> None:
    async def work():
        db = await Database.open(path)
        try:
            await schedules.set_schedule(
                db,
                channel_id=223456789012345678,
                guild_id=1,
                time="06:45",
                timezone="Europe/Paris",
                topic=None,
                now=datetime(2026, 1, 1, tzinfo=UTC),
            )
        finally:
            await db.close()

    asyncio.run(work())


def test_add_list_remove_with_tokens_masked(tmp_path):
    db = tmp_path / "news.db"
    added = run(tmp_path, "--db", str(db), "schedule", "add", "--time", "07:30", "--timezone", "Europe/Berlin",
                "--webhook", DISCORD)  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert added.stdout.startswith("schedule 1 added: every day at 07:30 Europe/Berlin to Discord webhook")
    assert "next post: " in added.stdout
    slack = run(tmp_path, "--db", str(db), "schedule", "add", "--time", "7:05", "--slack", SLACK, "--topic", "rail",
                env={"TIMEZONE": "America/New_York"})  # fmt: skip
    assert slack.returncode == 0, slack.stderr
    assert "every day at 07:05 America/New_York to Slack webhook" in slack.stdout
    assert "; topic “rail”, at most 10 stories\n" in slack.stdout
    again = run(tmp_path, "--db", str(db), "schedule", "add", "--time", "08:00", "--slack", SLACK)
    assert again.stdout.startswith("schedule 2 updated: every day at 08:00 UTC")
    add_channel_schedule(db)

    listed = run(tmp_path, "--db", str(db), "schedule", "list")
    assert listed.returncode == 0, listed.stderr
    out = listed.stdout
    assert "   1  Discord webhook https://discord.com/api/webhooks/123456789012345678/Abc_…\n" in out
    assert "   2  Slack webhook https://hooks.slack.com/services/T0001ABCD/B0002EFGH/abcd…\n" in out
    assert "   3  Discord channel 223456789012345678\n      daily at 06:45 Europe/Paris; at most 10 stories\n" in out
    assert out.count("next: ") == 3
    assert out.count("last: none yet") == 3
    for text in (added.stdout, slack.stdout, again.stdout, out, added.stderr, listed.stderr):
        assert not any(secret in text for secret in SECRETS)

    removed = run(tmp_path, "--db", str(db), "schedule", "remove", "1")
    assert removed.returncode == 0, removed.stderr
    assert (
        removed.stdout
        == "removed schedule 1 (Discord webhook https://discord.com/api/webhooks/123456789012345678/Abc_…)\n"
    )
    missing = run(tmp_path, "--db", str(db), "schedule", "remove", "1")
    assert missing.returncode == 1
    assert missing.stderr == "newsdigest schedule: there is no schedule 1; `newsdigest schedule list` shows them\n"
    after = run(tmp_path, "--db", str(db), "schedule", "list").stdout
    assert "Discord webhook" not in after
    assert "Slack webhook" in after


def test_bad_input_is_one_clear_line(tmp_path, cli_db):
    db = cli_db
    cases = [
        (["--time", "07:30", "--webhook", DISCORD.replace("https", "http")], "must start with https://"),
        (["--time", "07:30", "--slack", "https://hooks.slack.com/services/nope"], "not a slack-webhook URL"),
        (["--time", "07:30", "--timezone", "Moon/Base", "--slack", SLACK], "is not an IANA time zone"),
    ]
    for args, message in cases:
        result = run(tmp_path, "--db", db, "schedule", "add", *args)
        assert result.returncode == 1, (args, result.stderr)
        assert result.stderr.count("\n") == 1, result.stderr
        assert result.stderr.startswith("newsdigest schedule: ")
        assert message in result.stderr
        assert "Traceback" not in result.stderr
        assert not any(secret in result.stderr for secret in SECRETS)
    both = run(tmp_path, "--db", db, "schedule", "add", "--time", "07:30", "--webhook", DISCORD, "--slack", SLACK)
    assert both.returncode == 2
    assert "not allowed with argument" in both.stderr
    empty = run(tmp_path, "--db", db, "schedule", "list")
    assert empty.stdout.startswith("no schedules yet")
