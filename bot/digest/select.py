"""Pick a window's stories: one entry per story, newest first.

The picking is :func:`pick_stories`, a pure function over stored articles; :func:`build_digest` only
reads what it needs from the store.

Lead article of a story: the one with the most key points (the best summary to show), then one with a
link, then the earliest arrival (stable from one digest to the next). "Also in" lists every other source
that carried the story, articles and duplicate sightings alike, in the order they first carried it.

Order: newest story first by its lead's publication time, capped at its arrival time so a future date
cannot pin a story to the top; an article without a publication date counts from its arrival.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime, time

from bot.models import Digest, DigestItem, StoredArticle
from bot.store import articles as repo
from bot.store.db import Database
from bot.store.search import build_match, matching_ids

# Enough for a very busy day; the window is read newest first and capped here.
WINDOW_READ_LIMIT = 5000

ArticleFilter = Callable[[StoredArticle], bool]


def effective_time(stored: StoredArticle) -> datetime:
    """Return when a story counts as new: its publication time, never later than its arrival."""
    published = stored.article.published
    if published is None:
        return stored.arrived_at
    moment = published if isinstance(published, datetime) else datetime.combine(published, time(0), tzinfo=UTC)
    return min(moment, stored.arrived_at)


def _lead_key(stored: StoredArticle) -> tuple[int, int, datetime, int]:
    return (-len(stored.article.key_points), 0 if stored.article.url else 1, stored.arrived_at, stored.id)


def pick_stories(
    window: Iterable[StoredArticle],
    sources: Mapping[int, Sequence[str]],
    *,
    limit: int = 50,
    exclude: ArticleFilter | None = None,
) -> tuple[DigestItem, ...]:
    """Group the window's articles by story, choose each story's lead, order newest first, keep ``limit``.

    ``sources`` maps a story id to the names of every source that carried it; ``exclude`` drops articles
    before grouping (the hook for entries stored silently when a feed was first added).
    """
    stories: dict[int, list[StoredArticle]] = {}
    for stored in window:
        if exclude is not None and exclude(stored):
            continue
        stories.setdefault(stored.story_id, []).append(stored)
    items: list[tuple[datetime, datetime, DigestItem]] = []
    for story_id, members in stories.items():
        lead = min(members, key=_lead_key)
        names = list(sources.get(story_id, ()))
        for member in members:
            if member.source_name not in names:
                names.append(member.source_name)
        also = tuple(dict.fromkeys(n for n in names if n != lead.source_name))
        newest_arrival = max(m.arrived_at for m in members)
        items.append((effective_time(lead), newest_arrival, DigestItem(article=lead, also_in=also)))
    items.sort(key=lambda entry: (entry[0], entry[1], entry[2].article.id), reverse=True)
    return tuple(item for _, _, item in items[: max(0, limit)])


async def build_digest(
    db: Database,
    since: datetime,
    until: datetime,
    *,
    topic: str | None = None,
    limit: int = 50,
    exclude: ArticleFilter | None = None,
    title: str = "News digest",
) -> Digest:
    """Return the digest of the articles that arrived in [since, until), optionally about ``topic``.

    ``exclude`` drops articles that must never be shown (e.g. a feed's initial entries).

    Raises:
        InvalidSearchQueryError: when ``topic`` has nothing searchable.
        StoreError: when the database fails.
    """
    topic = topic.strip() if topic and topic.strip() else None
    if topic is not None:
        build_match(topic)  # a bad topic is reported even when the window is empty
    window = await repo.arrived_between(db, since, until, limit=WINDOW_READ_LIMIT)
    if topic is not None and window:
        wanted = await matching_ids(db, topic, (s.id for s in window))
        window = [s for s in window if s.id in wanted]
    sources = await repo.story_sources(db, {s.story_id for s in window}) if window else {}
    items = pick_stories(window, sources, limit=limit, exclude=exclude)
    return Digest(since=since, until=until, items=items, title=title, topic=topic)
