"""Time the poller's "which entries were seen" lookup for a feed of 500 entries, all seen, on SQLite and PostgreSQL.

``python -m bench.poll_seen [--url postgresql://...]``: a fresh SQLite file (and, given a server, a fresh database
on it) holding one feed's 500 entries (a GUID and a link each), then the lookup of all 500 fifteen times; the
fastest run is printed. It runs on a checkout before ``seen_entries`` too (``known_keys`` of their keys), to compare.
"""

from __future__ import annotations

import argparse
import asyncio
import secrets
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg

from bot.models import Article, Identity, SourceKind
from bot.store import articles
from bot.store.db import Database
from bot.store.entries import store_entries
from bot.text.identity import identify

NOW = datetime(2026, 3, 1, tzinfo=UTC)
ENTRIES = 500
RUNS = 15


def _entries() -> list[tuple[Article, Identity]]:
    out = []
    for n in range(ENTRIES):
        published = NOW - timedelta(hours=n)
        article = Article(
            title=f"Post number {n} about the harbour",
            body=(f"Text {n} of the post.",),
            url=f"https://f.example/{n}",
            guid=f"urn:f:{n}",
            published=published,
        )
        out.append((article, identify(article, feed_entry=True, dated=published)))
    return out


async def fastest(target: Path | str) -> float:
    """The fastest of :data:`RUNS` lookups, in ms, in the database at ``target`` (migrated on opening)."""
    db = await Database.open(target)
    try:
        source = await articles.get_or_create_source(db, SourceKind.FEED, "f", "https://f.example/feed", NOW)
        entries = _entries()
        await store_entries(db, source.id, entries, arrived_at=NOW, initial=True)
        times = []
        for _ in range(RUNS):
            start = time.perf_counter()
            if hasattr(articles, "seen_entries"):
                seen = await articles.seen_entries(db, source.id, entries)
                assert len(seen) == ENTRIES
            else:  # main before guid30
                keys = [k for _, i in entries for k in i.keys]
                assert len(await articles.known_keys(db, source.id, keys)) == len(keys)  # type: ignore[attr-defined]
            times.append(time.perf_counter() - start)
        return min(times) * 1000
    finally:
        await db.close()


def main() -> None:
    """Print the fastest lookup on SQLite, and on PostgreSQL when ``--url`` names a server (a database is made)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", help="a PostgreSQL server's URL (its user may create databases)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        print(f"sqlite: {asyncio.run(fastest(Path(folder) / 'seen.db')):.1f} ms")
    if args.url:
        name = f"nd_bench_seen_{secrets.token_hex(4)}"
        with psycopg.connect(args.url, autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        try:
            url = args.url.rsplit("/", 1)[0] + "/" + name
            print(f"postgresql: {asyncio.run(fastest(url)):.1f} ms")
        finally:
            with psycopg.connect(args.url, autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


if __name__ == "__main__":
    main()
