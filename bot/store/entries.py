"""A feed's entries into the store, one savepoint each: an entry the database refuses never costs the feed."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from bot.errors import DatabaseUnavailable, NewsdigestError
from bot.models import AddResult, Article, Identity, NewArticle
from bot.store.articles import insert_articles, reserve
from bot.store.constraints import WriteConflict
from bot.store.db import Database, translate
from bot.store.sqltypes import Conn

log = logging.getLogger(__name__)

# A feed entry on its way into the store: the article and its identity (bot.text.identity.identify).
Entry = tuple[Article, Identity]


async def store_entries(
    db: Database, source_id: int, entries: Sequence[Entry], *, arrived_at: datetime, initial: bool
) -> list[AddResult]:
    """Store a feed document's entries for a source in one transaction (``ingest URL``: no subscription).

    Raises:
        StoreError: if SQLite refuses; nothing is stored then.
    """
    row = await db.fetchone("SELECT location FROM sources WHERE id = ?", (source_id,))
    if row is None:
        raise NewsdigestError(f"feed source {source_id} is missing")
    where = str(row["location"])
    return await db.write(lambda conn: store_each(conn, source_id, where, entries, arrived_at, initial=initial))


def store_each(
    conn: Conn, source_id: int, where: str, entries: Sequence[Entry], now: datetime, *, initial: bool
) -> list[AddResult]:
    """Store entries inside the caller's transaction, one savepoint each (``where`` names the feed in the log).

    An entry the database refuses is skipped with a log line; a locked or full database stops them all, and
    so does a deadlock or serialization conflict (the whole transaction is run again, nothing skipped).
    """
    results = []
    # Outside the savepoints: rolling back to one would release the locks taken after it.
    reserve(conn, [article.title for article, _ in entries])
    for article, identity in entries:
        conn.execute("SAVEPOINT entry")
        try:
            record = _unshared(conn, NewArticle(article, source_id, identity))
            results += insert_articles(conn, [record], now, initial=initial)
        except Exception as exc:  # one entry's fault costs that entry; a locked or full database stops them all
            conn.execute("ROLLBACK TO entry")
            conn.execute("RELEASE entry")
            if isinstance(exc, DatabaseUnavailable | WriteConflict) or (
                isinstance(exc, sqlite3.Error) and isinstance(translate(exc), DatabaseUnavailable)
            ):
                raise  # a conflict broken by the server: the writer runs the whole transaction again
            log.warning("feed %s: entry %r not stored: %s", where, article.guid or article.url or article.title, exc)
            continue
        conn.execute("RELEASE entry")
    return results


def _unshared(conn: Conn, record: NewArticle) -> NewArticle:
    """Keep a new entry whose link an earlier, different entry of the same feed already has, without that link.

    One canonical URL is one article in the store, which is right across feeds (the same story) but wrong within
    one feed: posts on one day page told apart by #fragments, or two posts about one external article, would
    merge into one and the later one would be lost. The later entry is kept, known by its other keys.
    (Entries sharing a link within one document are told apart by the parser; this is for a later poll.)
    """
    canonical = record.identity.canonical_url
    if canonical is None:
        return record
    # articles_canonical_url serves this lookup.
    row = conn.execute("SELECT source_id FROM articles WHERE canonical_url = ?", (canonical,)).fetchone()
    if row is None or row[0] != record.source_id:
        return record
    wanted = list(record.identity.keys)
    if wanted:
        marks = ",".join("?" * len(wanted))
        seen = conn.execute(
            f"SELECT 1 FROM entry_keys WHERE source_id = ? AND key IN ({marks}) LIMIT 1",  # noqa: S608 - only '?'
            (record.source_id, *wanted),
        ).fetchone()
        if seen is not None:
            return record  # the same entry seen again: the store's own dedup handles it
    # Its link stays for readers; only its claim to be the article at that address goes.
    return replace(record, identity=replace(record.identity, canonical_url=None))
