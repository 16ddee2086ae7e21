"""`newsdigest digest` filters and `newsdigest explain`, end to end: real subprocesses on a real database file."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from six_feeds import LOUD, SHARED, add, headline, store_six_feeds, word
from test_cli import run

from bot.models import Article
from bot.store import feedpolls, feeds
from bot.store.db import Database


async def _build(path: Path) -> dict[str, int]:
    now = datetime.now(UTC)
    db = await Database.open(path)
    try:
        feed = await feeds.add_feed(db, "https://loudwire.test/feed", now=now - timedelta(days=2), title=LOUD)
        await store_six_feeds(db, now)
        paused_at = now - timedelta(hours=3)
        await feedpolls.record_failure(
            db, feed.id, now=paused_at, error="HTTP 503", failures=8, next_poll_at=paused_at, paused=True, worker=None
        )
        old = Article(title="Lighthouse keeper retires after forty years", body=("The lighthouse keeper retires.",))
        await add(db, "Harbour Gazette", old, now - timedelta(days=3))
        backlog = Article(title="Backlog piece about canal locks", body=("Canal locks, from the backlog.",))
        result = await add(db, "City Herald", backlog, now - timedelta(hours=2))
    finally:
        await db.close()
    with sqlite3.connect(path) as conn:
        # What a feed's initial entries look like (stored when it was added, never posted).
        conn.execute("UPDATE articles SET initial = 1 WHERE id = ?", (result.article_id,))
    with sqlite3.connect(path) as conn:
        ids = {row[0]: row[1] for row in conn.execute("SELECT title, id FROM articles")}
    conn.close()
    return ids


@pytest.fixture(scope="module")
def stocked(tmp_path_factory) -> tuple[Path, dict[str, int]]:
    folder = tmp_path_factory.mktemp("cli-digest")
    path = folder / "six.db"
    return path, asyncio.run(_build(path))


def digest(tmp_path, db, *args):
    return run(tmp_path, "--db", str(db), "digest", "--format", "text", *args)


def story_lines(text: str) -> list[str]:
    return [line.split(". ", 1)[1] for line in text.splitlines() if line[:1].isdigit() and ". " in line[:4]]


def test_default_digest_is_ten_stories_and_one_line_for_the_rest(tmp_path, stocked):
    db, _ = stocked
    result = digest(tmp_path, db)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    shown = story_lines(result.stdout)
    assert len(shown) == 10
    assert shown[:2] == [title for _, _, title, _ in SHARED]
    assert sum(1 for title in shown if title.startswith("Wire ")) == 2
    assert result.stdout.rstrip().endswith("...and 107 more stories in this period.")


def test_filters_on_the_command_line(tmp_path, stocked):
    db, _ = stocked
    few = digest(tmp_path, db, "--max-stories", "3")
    assert len(story_lines(few.stdout)) == 3
    assert "...and 114 more stories" in few.stdout

    sources = digest(tmp_path, db, "--source", "coastal POST", "--source", "valley times", "--max-stories", "50")
    assert sources.returncode == 0, sources.stderr
    titles = story_lines(sources.stdout)
    assert len(titles) == 8
    assert all(t.startswith(("Coastal ", "Valley ")) or t in [s[2] for s in SHARED] for t in titles)
    assert "more stories" not in sources.stdout

    excluded = digest(tmp_path, db, "--exclude", '"ferry terminal" OR strike', "--max-stories", "50")
    assert not set(story_lines(excluded.stdout)) & {s[2] for s in SHARED}
    assert "...and 65 more" in excluded.stdout  # 117 stories less the two excluded, 50 shown

    topic = digest(tmp_path, db, "--topic", "rail OR ferr*", "--source", "Valley Times", "--format", "markdown")
    assert topic.returncode == 0, topic.stderr
    assert topic.stdout.count("\n## ") == 1
    assert "Regional rail strike called for Monday" in topic.stdout


def test_a_filter_that_keeps_nothing_this_week_is_flagged(tmp_path, stocked):
    db, _ = stocked
    misspelt = digest(tmp_path, db, "--source", "Valey Times")
    assert misspelt.returncode == 0
    assert misspelt.stderr.startswith("newsdigest digest: warning: No source is named “Valey Times”. Sources: ")
    assert "Valley Times" in misspelt.stderr
    assert "Nothing new in this period." in misspelt.stdout

    idle = digest(tmp_path, db, "--topic", "volcano")
    assert idle.stderr.strip() == (
        "newsdigest digest: warning: Nothing that arrived in the last week matches the topic “volcano”."
    )
    fine = digest(tmp_path, db, "--topic", "rail")
    assert fine.stderr == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--max-stories", "0"], "newsdigest digest: --max-stories: give a number from 1 to 50, not 0"),
        (["--topic=-rail"], "newsdigest digest: --topic: That search has only exclusions"),
        (["--exclude", "🙂"], "newsdigest digest: --exclude: Type a word to search for"),
        (["--source", "x" * 300], "newsdigest digest: --source: a source name is at most 200 characters"),
    ],
)
def test_unusable_filters_are_one_line_and_exit_2(tmp_path, stocked, args, message):
    db, _ = stocked
    result = digest(tmp_path, db, *args)
    assert result.returncode == 2
    assert result.stderr.startswith(message)
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""


def explain(tmp_path, db, *args):
    return run(tmp_path, "--db", str(db), "explain", *args)


def test_explain_a_story_in_the_digest_and_its_duplicates(tmp_path, stocked):
    db, ids = stocked
    terminal = SHARED[0][2]
    shown = explain(tmp_path, db, str(ids[terminal]))
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert lines[0] == f"Article {ids[terminal]}: In the digest."
    assert "Duplicates of it, not stored again: Harbour Gazette (" in shown.stdout
    assert "City Herald (" in shown.stdout
    assert "Its story is #1 of 10 in the digest." in shown.stdout
    assert "no other article tells it" in shown.stdout

    # The link a second outlet carried, tracking parameters and all, leads to the same article.
    link = f"https://coastalpost.test/shared-{word(len(terminal))}?utm_source=x&fbclid=1"
    by_link = json.loads(explain(tmp_path, db, "--json", link).stdout)
    assert (by_link["article_id"], by_link["in_digest"]) == (ids[terminal], True)


def test_explain_why_not(tmp_path, stocked):
    db, ids = stocked
    wire = ids[headline("Wire", 60)]
    held = json.loads(explain(tmp_path, db, str(wire), "--json").stdout)
    assert held["in_digest"] is False
    assert held["verdict"] == "Not in the digest: over max_stories."
    kinds = {f["kind"]: f["text"] for f in held["findings"]}
    assert "already leads its fair share of the post while other sources have stories" in kinds["max_stories"]
    assert "counted in the “and 107 more” line" in kinds["max_stories"]
    assert kinds["feed"].startswith("Its feed https://loudwire.test/feed is paused since ")
    assert kinds["feed"].endswith("after 8 failures: HTTP 503.")

    filtered = explain(tmp_path, db, str(wire), "--source", "Valley Times", "--exclude", "markets")
    assert "Not in the digest: left out by the filter (sources, exclude)." in filtered.stdout
    assert "Left out by sources: “Loud Wire” is not among “Valley Times”." in filtered.stdout
    assert "Left out by exclude: its story holds a word of “markets”." in filtered.stdout

    old = explain(tmp_path, db, str(ids["Lighthouse keeper retires after forty years"]))
    assert "Not in the digest: it arrived outside the window." in old.stdout
    lighthouse = ids["Lighthouse keeper retires after forty years"]
    wider = explain(tmp_path, db, str(lighthouse), "--since", "4d")
    assert wider.stdout.startswith(f"Article {lighthouse}: Not in the digest: over max_stories.")
    assert "better-ranked stories fill the post" in wider.stdout
    gazette = explain(tmp_path, db, str(lighthouse), "--since", "4d", "--source", "harbour gazette")
    assert gazette.stdout.startswith(f"Article {lighthouse}: In the digest.")
    assert "It passes the filter (sources “harbour gazette”, at most 10 stories)." in gazette.stdout

    backlog = explain(tmp_path, db, str(ids["Backlog piece about canal locks"]))
    assert "Not posted: it came with its feed's backlog." in backlog.stdout


def test_explain_unknown_and_bad_input(tmp_path, stocked):
    db, _ = stocked
    missing = explain(tmp_path, db, "999999")
    assert (missing.returncode, missing.stderr.strip()) == (1, "newsdigest explain: no stored article has id 999999")
    nowhere = explain(tmp_path, db, "https://nowhere.test/a")
    assert nowhere.stderr.strip() == "newsdigest explain: no stored article has the link https://nowhere.test/a"
    junk = explain(tmp_path, db, "javascript:alert(1)")
    assert junk.returncode == 1
    bad = explain(tmp_path, db, "1", "--max-stories", "99")
    assert (bad.returncode, bad.stderr.strip()) == (
        2,
        "newsdigest explain: --max-stories: give a number from 1 to 50, not 99",
    )
