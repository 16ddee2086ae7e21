"""Pick a window's stories: one entry per story, ranked, each source held to a fair share, capped.

The picking is pure (:func:`rank_stories`, :func:`fair_share`); :func:`select_window` only reads what it
needs from the store and applies the filter (``bot/digest/filters.py``), and :func:`build_digest` turns the
selection into a :class:`Digest`.

Lead article of a story: the one with the most key points (the best summary to show), then one with a
link, then the earliest arrival (stable from one digest to the next). "Also in" lists every other source
that carried the story, articles and duplicate sightings alike, in the order they first carried it.

Rank: a story carried by more outlets first (a story three newsrooms wrote up matters more than one a single
feed carried), then the newest first by its lead's publication time, capped at its arrival time so a future
date cannot pin a story to the top (an article without a publication date counts from its arrival).

Fair share: a post shows at most ``max_stories`` stories, and while a story led by another source is waiting,
no source leads more than ``max(2, ceil(max_stories / sources))`` of them, ``sources`` being how many sources
lead a story that passed the filter. One feed carrying 100 entries a day would otherwise fill every post. The
ceiling is an equal split of the post; its floor of 2 keeps a source's second-best story when many sources
share the post (with 12 sources and 10 places an equal split gives each source one, and a strong source's
second story would give way to a weak source's only one). When the other sources have nothing left, the
remaining places go to the best of the rest, so a post is never shorter than it needs to be. What does not fit
is counted (``Digest.more``) and said in one line.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, time

from bot.digest.filters import Reason, apply_filter, digest_filter, find_matches, quiet_since, quiet_warning
from bot.models import MAX_STORIES_LIMIT, Digest, DigestFilter, DigestItem, StoredArticle
from bot.store import articles as repo
from bot.store.db import Database
from bot.store.lookup import source_names

# Enough for a very busy day; the window is read newest first and capped here.
WINDOW_READ_LIMIT = 5000
FAIR_SHARE_FLOOR = 2
# build_digest's cap when the caller passes no DigestFilter (see there).
UNFILTERED_MAX_STORIES = MAX_STORIES_LIMIT

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


def rank_stories(
    window: Iterable[StoredArticle],
    sources: Mapping[int, Sequence[str]],
    *,
    exclude: ArticleFilter | None = None,
) -> list[DigestItem]:
    """Group the window's articles by story, choose each story's lead, and rank the stories (best first).

    ``sources`` maps a story id to the names of every source that carried it; ``exclude`` drops articles
    before grouping.
    """
    stories: dict[int, list[StoredArticle]] = {}
    for stored in window:
        if exclude is not None and exclude(stored):
            continue
        stories.setdefault(stored.story_id, []).append(stored)
    ranked: list[tuple[tuple[int, datetime, datetime, int], DigestItem]] = []
    for story_id, members in stories.items():
        lead = min(members, key=_lead_key)
        names = list(sources.get(story_id, ()))
        for member in members:
            if member.source_name not in names:
                names.append(member.source_name)
        also = tuple(dict.fromkeys(n for n in names if n != lead.source_name))
        outlets = len({n.casefold() for n in names} | {lead.source_name.casefold()})
        newest_arrival = max(m.arrived_at for m in members)
        key = (outlets, effective_time(lead), newest_arrival, lead.id)
        ranked.append((key, DigestItem(article=lead, also_in=also)))
    ranked.sort(key=lambda entry: entry[0], reverse=True)
    return [item for _, item in ranked]


def fair_share(ranked: Sequence[DigestItem], cap: int) -> tuple[tuple[DigestItem, ...], tuple[DigestItem, ...]]:
    """Return (shown, held): at most ``cap`` stories in rank order, no source over its share (module doc)."""
    cap = max(0, cap)
    leads = {item.article.source_name.casefold() for item in ranked}
    share = max(FAIR_SHARE_FLOOR, math.ceil(cap / len(leads))) if leads else cap
    taken: set[int] = set()
    per_source: Counter[str] = Counter()
    for index, item in enumerate(ranked):
        if len(taken) >= cap:
            break
        name = item.article.source_name.casefold()
        if per_source[name] < share:
            taken.add(index)
            per_source[name] += 1
    # Fewer than cap taken means every other source ran out: the best of the rest fill the post.
    for index in range(len(ranked)):
        if len(taken) >= cap:
            break
        taken.add(index)
    shown = tuple(item for index, item in enumerate(ranked) if index in taken)
    held = tuple(item for index, item in enumerate(ranked) if index not in taken)
    return shown, held


def pick_stories(
    window: Iterable[StoredArticle],
    sources: Mapping[int, Sequence[str]],
    *,
    limit: int = 50,
    exclude: ArticleFilter | None = None,
) -> tuple[DigestItem, ...]:
    """Rank the window's stories and return the ``limit`` a post shows (:func:`rank_stories`, :func:`fair_share`)."""
    return fair_share(rank_stories(window, sources, exclude=exclude), limit)[0]


@dataclass(frozen=True, slots=True)
class Selection:
    """What a filter and the cap made of a window: shown and held stories, and why articles were left out."""

    since: datetime
    until: datetime
    filter: DigestFilter
    window: tuple[StoredArticle, ...]  # every article read (a feed's initial backlog is never read)
    ranked: tuple[DigestItem, ...]  # every story that passed the filter, best first
    shown: tuple[DigestItem, ...]
    held: tuple[DigestItem, ...]  # over max_stories (or over their source's share), best first
    dropped: Mapping[int, tuple[Reason, ...]] = field(default_factory=dict)  # article id -> filter parts

    def digest(self, title: str = "News digest") -> Digest:
        """Return the digest this selection posts."""
        return Digest(
            since=self.since,
            until=self.until,
            items=self.shown,
            title=title,
            topic=self.filter.topic,
            more=len(self.held),
        )


async def select_window(db: Database, since: datetime, until: datetime, filt: DigestFilter) -> Selection:
    """Read the articles that arrived in [since, until), apply ``filt``, rank and cap.

    Raises:
        InvalidSearchQueryError: when a filter text has nothing searchable.
        StoreError: when the database fails.
    """
    window = await repo.arrived_between(db, since, until, limit=WINDOW_READ_LIMIT)
    filtered = apply_filter(window, filt, await find_matches(db, window, filt))
    sources = await repo.story_sources(db, {s.story_id for s in filtered.kept}) if filtered.kept else {}
    ranked = rank_stories(filtered.kept, sources)
    shown, held = fair_share(ranked, filt.max_stories)
    return Selection(
        since=since,
        until=until,
        filter=filt,
        window=tuple(window),
        ranked=tuple(ranked),
        shown=shown,
        held=held,
        dropped=filtered.dropped,
    )


async def build_digest(
    db: Database,
    since: datetime,
    until: datetime,
    *,
    filters: DigestFilter | None = None,
    topic: str | None = None,
    limit: int | None = None,
    title: str = "News digest",
) -> Digest:
    """Return the digest of the articles that arrived in [since, until) that ``filters`` keeps.

    ``topic`` and ``limit`` are shorthands for callers that know only those: they replace the filter's
    topic and max_stories. Without ``filters`` a post keeps the former cap of :data:`UNFILTERED_MAX_STORIES`
    stories: the callers that pass no filter record yet (daily posts, webhooks, the newsletter) are unchanged
    until they pass their own (``DigestFilter()`` brings the default of 10).

    Raises:
        InvalidSearchQueryError: when a filter text has nothing searchable.
        StoreError: when the database fails.
    """
    base = filters if filters is not None else DigestFilter(max_stories=UNFILTERED_MAX_STORIES)
    # Checked before the window is read: a bad topic is reported even when the window is empty.
    filt = digest_filter(
        topic=base.topic if topic is None else topic,
        exclude=base.exclude,
        sources=base.sources,
        max_stories=base.max_stories if limit is None else max(1, min(limit, MAX_STORIES_LIMIT)),
    )
    return (await select_window(db, since, until, filt)).digest(title)


async def filter_warning(db: Database, filt: DigestFilter, now: datetime) -> str | None:
    """Return a warning when ``filt`` keeps nothing that arrived in the last week (None when it is fine).

    Said when a filter is set (``digest`` on the command line, ``/digest``, a schedule): a misspelt source
    or a topic nobody writes about would otherwise look like a quiet news day.

    Raises:
        InvalidSearchQueryError: when a filter text has nothing searchable.
        StoreError: when the database fails.
    """
    if not filt.narrows:
        return None
    week = await repo.arrived_between(db, quiet_since(now), now, limit=WINDOW_READ_LIMIT)
    filtered = apply_filter(week, filt, await find_matches(db, week, filt))
    return quiet_warning(filt, week, filtered, await source_names(db))
