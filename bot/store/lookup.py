"""Reads that explain one article (``newsdigest explain``) and that check a filter's source names."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.models import Feed, StoredArticle
from bot.store.articles import row_to_article
from bot.store.db import Database, from_db_time, row_id
from bot.store.feeds import row_to_feed
from bot.text.identity import canonical_url

_COLUMNS = """
    a.id, a.source_id, a.story_id, a.guid, a.url, a.canonical_url, a.title, a.published, a.dateline, a.author,
    a.summary, a.body, a.key_points, a.arrived_at, a.initial, s.name AS source_name,
    a.image_url, a.image_alt, a.image_width, a.image_height
"""
_FROM = "FROM articles a JOIN sources s ON s.id = a.source_id"


@dataclass(frozen=True, slots=True)
class Sighting:
    """One source that carried an article: its own source, or another whose copy was a duplicate of it."""

    source_id: int
    source_name: str
    first_seen: datetime


@dataclass(frozen=True, slots=True)
class Found:
    """An article found by id or link, and whether it was a feed's initial backlog (never posted)."""

    article: StoredArticle
    initial: bool
    matched_by: str  # "id", "link" or "entry"


async def source_names(db: Database) -> list[str]:
    """Return every source's name, once each."""
    rows = await db.fetchall("SELECT DISTINCT name FROM sources ORDER BY name")
    return [str(r[0]) for r in rows]


async def find_article(db: Database, wanted: str) -> Found | None:
    """Find an article by its id, or by a link (canonical URL first, then any entry key holding the link)."""
    text = wanted.strip()
    if text.isdigit():  # any digits: a number is an id, never a link (one out of range is no article)
        article_id = row_id(text)
        if article_id is None:
            return None
        row = await db.fetchone(f"SELECT {_COLUMNS} {_FROM} WHERE a.id = ?", (article_id,))
        return None if row is None else Found(row_to_article(row), bool(row["initial"]), "id")
    canonical = canonical_url(text)
    if canonical is None:
        return None
    # articles_canonical_url serves this.
    row = await db.fetchone(f"SELECT {_COLUMNS} {_FROM} WHERE a.canonical_url = ?", (canonical,))
    if row is not None:
        return Found(row_to_article(row), bool(row["initial"]), "link")
    # A feed records each entry's canonical link as a key, also when the entry was a duplicate of another
    # article (same content under another address); entry_keys' primary key is (source_id, key), so this scans.
    row = await db.fetchone(
        f"SELECT {_COLUMNS} {_FROM} WHERE a.id = (SELECT article_id FROM entry_keys WHERE key = ? LIMIT 1)",  # noqa: S608
        (f"url:{canonical}",),
    )
    return None if row is None else Found(row_to_article(row), bool(row["initial"]), "entry")


async def sightings(db: Database, article_id: int) -> list[Sighting]:
    """Return every source that carried the article, the first first (its own source included)."""
    rows = await db.fetchall(
        "SELECT e.source_id, s.name, MIN(e.seen_at) AS first FROM entry_keys e JOIN sources s ON s.id = e.source_id"
        " WHERE e.article_id = ? GROUP BY e.source_id, s.name ORDER BY first, e.source_id",
        (article_id,),
    )
    return [Sighting(int(r["source_id"]), str(r["name"]), from_db_time(r["first"])) for r in rows]


async def story_articles(db: Database, story_id: int) -> list[StoredArticle]:
    """Return every stored article of a story, first arrival first (articles_story serves it)."""
    rows = await db.fetchall(
        f"SELECT {_COLUMNS} {_FROM} WHERE a.story_id = ? ORDER BY a.arrived_at, a.id LIMIT 200",
        (story_id,),
    )
    return [row_to_article(r) for r in rows]


async def feed_of_source(db: Database, source_id: int) -> Feed | None:
    """Return the feed that feeds a source, if the source is a feed."""
    row = await db.fetchone("SELECT * FROM feeds WHERE source_id = ?", (source_id,))
    return None if row is None else row_to_feed(row)
