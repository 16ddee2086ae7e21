"""The upgrade that gives stored articles today's canonical URL (SQLite 0025, PostgreSQL 0029), on a real old schema.

A canonical URL is computed when an article is stored: rows an older release stored kept its rule's value. An AMP
copy's row was not found by its page's copy arriving later (posted twice), a page named "amp" held its section's
address (the section's page arriving later was merged into it), a single-page site's story held the site's.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from pg_support import database_before

from bot.models import Article, NewArticle
from bot.store import articles
from bot.store.db import Database
from bot.store.db import migrations as sqlite_migrations
from bot.store.pg import migrations as pg_migrations
from bot.text.identity import identify

NAME = "canonical_urls_again"
CREATED = "2025-10-16T09:00:00.000000Z"
PAGE = "https://tidewater-courier.example/2025/10/16/lock-gates-replaced"
CAPTURE = "https://web.archive.org/web/20251016093000/https://www.quayside.example/2025/10/16/crane"
# (link, canonical URL as an older release stored it, headline): each an article of its own source.
OLD = [
    ("https://www.tidewater-courier.example/2025/10/16/lock-gates-replaced/amp/", f"{PAGE}/amp", "Boats back"),
    ("https://www.tonewood.example/reviews/amp", "https://tonewood.example/reviews", "Small valve amps tested"),
    ("https://harbourwatch.example/#!/story/101", "https://harbourwatch.example/", "Ferry timetable changes"),
    ("https://www.quayside.example/2025/10/16/crane", "https://quayside.example/2025/10/16/crane", "Crane down"),
    (CAPTURE, "https://web.archive.org/web/20251016093000/https:/www.quayside.example/2025/10/16/crane", "Crane"),
    ("https://news.example/shared", None, "A link several entries of one feed shared"),
]
NEW = [  # what the upgrade leaves each row
    PAGE,
    "https://tonewood.example/reviews/amp",
    "https://harbourwatch.example/#!/story/101",
    "https://quayside.example/2025/10/16/crane",
    OLD[4][1],  # its page's address is the page's own row's: two articles of one page stay two
    None,
]


def _old_rows() -> list[tuple[str, tuple[object, ...]]]:
    rows: list[tuple[str, tuple[object, ...]]] = []
    for n, (link, canonical, title) in enumerate(OLD, start=1):
        rows += [
            (
                "INSERT INTO sources (kind, name, location, created_at) VALUES ('file', ?, ?, ?)",
                (f"door {n}", f"/drop/{n}", CREATED),
            ),
            ("INSERT INTO stories (first_seen) VALUES (?)", (CREATED,)),
            (
                "INSERT INTO articles (source_id, story_id, url, canonical_url, fingerprint, title, body, key_points,"
                " arrived_at) VALUES (?, ?, ?, ?, ?, ?, ?, '[]', ?)",
                (n, n, link, canonical, f"old-fingerprint-{n}", title, f"{title}: the story as told then.", CREATED),
            ),
        ]
    return rows


def _copy(title: str, link: str, source_id: int) -> NewArticle:
    article = Article(title=title, body=(f"{title}, as the paper tells it today.",), url=link)
    return NewArticle(article, source_id, identify(article))


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
async def test_old_articles_get_today_s_canonical_url_and_are_found_by_it(backend, tmp_path):
    async with database_before(backend, tmp_path, NAME, _old_rows()) as target:
        db = await Database.open(Path(target) if backend == "sqlite" else target)
        try:
            migrations = sqlite_migrations() if backend == "sqlite" else pg_migrations()
            assert await db.schema_version() == len(migrations)
            rows = await db.fetchall("SELECT canonical_url FROM articles ORDER BY id")
            assert [row[0] for row in rows] == NEW
            now = datetime(2025, 10, 16, 12, tzinfo=UTC)
            # The page of the old AMP copy, under the paper's own headline: that article, not a second one.
            page = _copy("Canal lock gates replaced after forty years", PAGE + "/", 1)
            # The section's page that an old row's address was taken for: an article of its own.
            reviews = _copy("Reviews of the month", "https://www.tonewood.example/reviews", 2)
            page_result, reviews_result = await articles.add_articles(db, [page, reviews], now)
            assert (page_result.new, page_result.duplicate_of) == (False, 1)
            assert reviews_result.new
        finally:
            await db.close()
