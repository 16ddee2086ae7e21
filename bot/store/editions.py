"""Editions: a headline a source prints again on another day is a new article, not a telling of the same story.

Stories join articles by their headlines (:func:`bot.text.similarity.same_story`). A source's recurring headline
("Morning briefing", "Letters to the editor", "Weather") on Thursday and on Friday matched, so Friday's article
joined Thursday's story and the digest, which shows a story once, never showed it. An article therefore joins no
story that holds an article of its own source published on another day (the day the source printed: the first ten
characters of ``published`` as stored). Without a date on either side, the headlines decide as before.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from bot.models import Published

__all__ = ["EDITIONS_SQL", "OTHER_EDITION_SQL", "another_edition", "edition_day"]

# Does the story hold an article of this source from another day? (One article at a time, either engine.)
OTHER_EDITION_SQL = (
    "SELECT 1 FROM articles WHERE story_id = ? AND source_id = ? AND substr(published, 1, 10) <> ? LIMIT 1"
)
# Every dated article's source and day in these stories (PostgreSQL's batch, bot.store.pgbatch).
EDITIONS_SQL = (
    "SELECT story_id, source_id, substr(published, 1, 10) FROM articles"
    " WHERE story_id = ANY(%b::bigint[]) AND published IS NOT NULL"
)


def edition_day(published: Published | None) -> str | None:
    """The day the source printed, as ``published``'s first ten characters store it.

    ``bot.store.articles.published_to_db`` writes a datetime as printed, in its own offset (a UTC one as UTC),
    and a date as itself.
    """
    if published is None:
        return None
    return (published.date() if isinstance(published, datetime) else published).isoformat()


def another_edition(held: Iterable[tuple[int, str | None]], source_id: int, day: str | None) -> bool:
    """Tell whether a story's articles ``held`` (source, day) include one of ``source_id`` from a day not ``day``."""
    return day is not None and any(source == source_id and other not in (None, day) for source, other in held)
