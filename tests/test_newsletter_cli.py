"""``newsdigest newsletter ...`` through argparse, on a real database file."""

from __future__ import annotations

import argparse
import io
from datetime import timedelta

from newsletter_support import digest_from_store, store_stories

from bot.config import Settings
from bot.newsletter.cli import add_newsletter_parser, run_newsletter
from bot.store.db import Database


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="newsdigest")
    add_newsletter_parser(top.add_subparsers(dest="command"))
    return top


async def run(settings, clock, *argv):
    out, err = io.StringIO(), io.StringIO()
    args = parser().parse_args(["newsletter", *argv])
    status = await run_newsletter(args, settings, clock, out=out, err=err, digest_builder=digest_from_store)
    return status, out.getvalue(), err.getvalue()


async def test_add_list_send_dry_run_remove(tmp_path, clock):
    settings = Settings(database_path=tmp_path / "nd.db", smtp_from="news@digest.example", timezone="Europe/London")
    db = await Database.open(settings.database_path)
    await store_stories(db, clock.now() - timedelta(hours=3))
    await db.close()

    assert await run(settings, clock, "add", "Ann@Example.org", "--time", "07:30", "--timezone", "Europe/Berlin") == (
        0,
        "added Ann@example.org: daily at 07:30 Europe/Berlin\n",
        "",
    )
    status, out, _ = await run(settings, clock, "add", "bob@example.org")
    assert (status, out) == (0, "added bob@example.org: on `newsletter send` only\n")
    status, out, _ = await run(settings, clock, "list")
    assert out.splitlines() == ["Ann@example.org  07:30 Europe/Berlin", "bob@example.org  manual", "2 subscribers"]

    status, out, err = await run(settings, clock, "send", "--since", "6h", "--dry-run", "--out", str(tmp_path / "eml"))
    assert status == 0, err
    assert sorted(p.name for p in (tmp_path / "eml").iterdir()) == [
        "2025-10-17_Ann@example.org.eml",
        "2025-10-17_bob@example.org.eml",
    ]
    assert out.splitlines()[-1] == "2 written"

    status, out, err = await run(
        settings, clock, "send", "--dry-run", "--out", str(tmp_path / "one"), "--to", "BOB@example.org"
    )
    assert (status, err) == (0, "")
    assert [p.name for p in (tmp_path / "one").iterdir()] == ["2025-10-17_bob@example.org.eml"]
    status, _, err = await run(
        settings, clock, "send", "--dry-run", "--out", str(tmp_path / "x"), "--to", "zed@example.org"
    )
    assert status == 1
    assert "not on the newsletter list: zed@example.org" in err

    status, _, err = await run(settings, clock, "send", "--dry-run")
    assert status == 1
    assert "--dry-run needs --out DIR" in err
    status, _, err = await run(settings, clock, "send")
    assert status == 1
    assert "SMTP_HOST" in err

    assert (await run(settings, clock, "remove", "ANN@example.org"))[:2] == (0, "removed Ann@example.org\n")
    status, _, err = await run(settings, clock, "remove", "ann@example.org")
    assert status == 1
    assert "not on the newsletter list" in err
    status, _, err = await run(settings, clock, "add", "not-an-address")
    assert status == 1
    assert "is not an email address" in err


async def test_since_is_checked_in_one_line(tmp_path, clock):
    settings = Settings(database_path=tmp_path / "nd.db", smtp_from="news@digest.example")
    status, out, err = await run(settings, clock, "send", "--since", "soon")
    assert (status, out) == (1, "")
    assert err == "newsdigest newsletter: --since: 'soon' is not a duration like 30m, 24h or 7d\n"


TOPICS = [
    "ferry timetable changes",
    "museum roof repaired",
    "school lunches cheaper",
    "bridge tolls abolished",
    "library opens sundays",
    "tram line extended north",
    "river cleanup volunteers",
    "stadium concert cancelled",
    "hospital wing funded",
    "bakery wins award",
    "zoo welcomes penguins",
    "marathon route published",
    "airport runway resurfaced",
    "orchestra hires conductor",
]


async def test_a_manual_send_is_capped_like_a_scheduled_edition(tmp_path, clock):
    """`newsletter send` builds with the default filter: ten stories, the rest counted in one line."""
    from email import policy
    from email.parser import BytesParser

    from bot.digest.select import build_digest
    from bot.models import Article, SourceKind
    from bot.store import articles as repo

    settings = Settings(database_path=tmp_path / "nd.db", smtp_from="news@digest.example")
    db = await Database.open(settings.database_path)
    now = clock.now() - timedelta(hours=2)
    for n in range(14):
        source = await repo.get_or_create_source(db, SourceKind.FEED, f"Outlet {n}", f"https://o{n}.example/feed", now)
        title = f"Harbour item {n} {TOPICS[n]}"
        body = (f"{TOPICS[n].capitalize()} was announced on Friday, in a statement about item {n}.",)
        await repo.add_article(db, source, Article(title=title, body=body, url=f"https://o{n}.example/{n}"), now, [])
    await db.close()
    await run(settings, clock, "add", "ann@example.org")
    out, err = io.StringIO(), io.StringIO()
    args = parser().parse_args(["newsletter", "send", "--since", "6h", "--dry-run", "--out", str(tmp_path / "eml")])
    assert await run_newsletter(args, settings, clock, out=out, err=err, digest_builder=build_digest) == 0, (
        err.getvalue()
    )
    (eml,) = (tmp_path / "eml").iterdir()
    message = BytesParser(policy=policy.default).parsebytes(eml.read_bytes())
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert sum(f"Harbour item {n} " in text for n in range(14)) == 10
    assert "4 more stories" in text
