"""Time a feed whose entries' text changes at every poll ("Updated N minutes ago"), on SQLite and PostgreSQL.

``python -m bench.poll_churn [--url postgresql://...] [--polls 12]``: a fresh SQLite file (and, given a server, a
fresh database on it) holding one feed's 50 entries (a GUID, a link, a date and a ~2 kB text each, none posted),
then ``--polls`` polls of the same entries, each with its counter moved on, read as the poller reads them: the seen
lookup and the corrections (``bot.ingest.subscribe._unseen``, ``revise_articles``). Per poll: the articles rewritten
and the milliseconds of both steps. It runs on a checkout before the corrections were bounded too, to compare.
"""

from __future__ import annotations

import argparse
import asyncio
import secrets
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import psycopg

from bot.ingest import subscribe
from bot.ingest.feeds import parse_feed
from bot.models import NewArticle, SourceKind
from bot.store import articles
from bot.store.db import Database
from bot.store.entries import store_entries

NOW = datetime(2026, 3, 1, tzinfo=UTC)
ENTRIES = 50
PARAGRAPH = (
    "The harbour board met on {n} and agreed the winter timetable for the ferries to the islands, the repairs of"
    " the north pier and the price of a season ticket for the car deck, after a long debate on the budget."
)


def feed(counter: int) -> bytes:
    """The feed as one poll reads it: each entry's text ends with a counter that moves at every poll."""
    items = []
    for n in range(ENTRIES):
        text = " ".join(PARAGRAPH.format(n=f"day {n}, part {p}") for p in range(8))
        date = (NOW - timedelta(hours=n)).strftime("%a, %d %b %Y %H:%M:%S GMT")
        items.append(
            f"<item><title>Harbour board notes {n}</title><guid>urn:f:{n}</guid><link>https://f.example/{n}</link>"
            f"<pubDate>{date}</pubDate><description>{text} Updated {counter + n} minutes ago.</description></item>"
        )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>{"".join(items)}</channel></rss>'.encode()


async def polls(target: Path | str, count: int) -> list[tuple[int, float]]:
    """Per poll: (articles rewritten, ms of the seen lookup and the corrections), in the database at ``target``."""
    db = await Database.open(target)
    try:
        source = await articles.get_or_create_source(db, SourceKind.FEED, "f", "https://f.example/feed", NOW)
        first = parse_feed(feed(0), now=NOW, key_points=0)
        await store_entries(
            db, source.id, [(e.article, e.identity) for e in first.entries], arrived_at=NOW, initial=False
        )
        out = []
        for poll in range(1, count + 1):
            parsed = parse_feed(feed(poll * 15), now=NOW, key_points=0)
            start = time.perf_counter()
            _fresh, revised, *_moved = await subscribe._unseen(db, SimpleNamespace(source_id=source.id), parsed)  # type: ignore[arg-type]
            done = await articles.revise_articles(
                db, [(i, NewArticle(e.article, source.id, e.identity)) for i, e in revised]
            )
            out.append((len(done), (time.perf_counter() - start) * 1000))
        return out
    finally:
        await db.close()


def _print(name: str, results: list[tuple[int, float]]) -> None:
    rewritten = " ".join(str(n) for n, _ in results)
    times = " ".join(f"{ms:.0f}" for _, ms in results)
    print(f"{name}: rewritten {rewritten} (in all {sum(n for n, _ in results)}); ms {times}")


def main() -> None:
    """Print each poll's rewrites and time on SQLite, and on PostgreSQL when ``--url`` names a server."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", help="a PostgreSQL server's URL (its user may create databases)")
    parser.add_argument("--polls", type=int, default=12)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        _print("sqlite", asyncio.run(polls(Path(folder) / "churn.db", args.polls)))
    if args.url:
        name = f"nd_bench_churn_{secrets.token_hex(4)}"
        with psycopg.connect(args.url, autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        try:
            _print("postgresql", asyncio.run(polls(args.url.rsplit("/", 1)[0] + "/" + name, args.polls)))
        finally:
            with psycopg.connect(args.url, autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


if __name__ == "__main__":
    main()
