"""Digest filters: user text checked into a :class:`DigestFilter`, applied to a window, flagged when idle.

Filters are written in the search language and go through the search's query builder
(``bot/store/search.py``), never through regular expressions: user text never reaches FTS5 as written, and
the search's caps (500 characters, 32 terms) bound what a filter costs, so no filter can hang the bot.

- ``topic``: an article is kept when it matches (words ANDed, ``OR``, ``"phrases"``, ``-word``, ``word*``).
- ``exclude``: a story is dropped when any of its articles in the window holds ANY of the words, phrases or
  prefixes (``-word`` is an exception: ``football -final``). The whole story goes, whoever told it.
- ``sources``: only articles from sources of these names (compared case-insensitively, whole names).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from bot.errors import InvalidSearchQueryError
from bot.models import DEFAULT_MAX_STORIES, MAX_STORIES_LIMIT, DigestFilter, StoredArticle
from bot.store.db import Database
from bot.store.search import MAX_QUERY_CHARS, MAX_TERMS, build_match, build_match_any, is_cut, matching_ids

MAX_SOURCES = 20
MAX_SOURCE_NAME = 200
# A filter that keeps nothing that arrived this long ago is flagged when it is set.
QUIET_SPAN = timedelta(days=7)


class FilterError(InvalidSearchQueryError):
    """A filter option the bot cannot use; the message names the option and what to write instead."""

    def __init__(self, option: str, problem: str) -> None:
        """Say which option (``topic``, ``exclude``, ``source``, ``max_stories``) is wrong, and how."""
        super().__init__(f"{option}: {problem}")
        self.option = option
        self.problem = problem


class Reason(StrEnum):
    """Which part of a filter left an article out."""

    SOURCES = "sources"
    TOPIC = "topic"
    EXCLUDE = "exclude"


def _clean(text: str | None) -> str | None:
    if text is None:
        return None
    text = " ".join(text.split())
    return text or None


def _cut(text: str) -> bool:
    try:
        return is_cut(text)
    except InvalidSearchQueryError:
        return False  # said with the option's own message below


def digest_filter(
    *,
    topic: str | None = None,
    exclude: str | None = None,
    sources: Iterable[str] = (),
    max_stories: int | None = None,
) -> DigestFilter:
    """Check and normalise a filter as a person typed it (blank text means no filter).

    Raises:
        FilterError: naming the option that cannot be used and why.
    """
    topic, exclude = _clean(topic), _clean(exclude)
    for option, text in (("topic", topic), ("exclude", exclude)):
        # A filter is kept and applied every day: refused when too long rather than silently cut.
        if text is not None and (len(text) > MAX_QUERY_CHARS or _cut(text)):
            raise FilterError(option, f"at most {MAX_TERMS} words and {MAX_QUERY_CHARS} characters")
    if topic is not None:
        try:
            build_match(topic)
        except InvalidSearchQueryError as exc:
            raise FilterError("topic", str(exc)) from exc
    if exclude is not None:
        try:
            build_match_any(exclude)
        except InvalidSearchQueryError as exc:
            raise FilterError(
                "exclude", f'{exc} List the words or phrases to leave out, e.g. `football "transfer window"`.'
            ) from exc
    names: dict[str, str] = {}
    for raw in sources:
        for part in raw.split(","):
            name = _clean(part)
            if name is None:
                continue
            if len(name) > MAX_SOURCE_NAME:
                raise FilterError("source", f"a source name is at most {MAX_SOURCE_NAME} characters")
            names.setdefault(name.casefold(), name)
    if len(names) > MAX_SOURCES:
        raise FilterError("source", f"at most {MAX_SOURCES} sources")
    if max_stories is None:
        max_stories = DEFAULT_MAX_STORIES
    if not 1 <= max_stories <= MAX_STORIES_LIMIT:
        raise FilterError("max_stories", f"give a number from 1 to {MAX_STORIES_LIMIT}, not {max_stories}")
    return DigestFilter(topic=topic, exclude=exclude, sources=tuple(names.values()), max_stories=max_stories)


@dataclass(frozen=True, slots=True)
class Matches:
    """Which articles of a window the filter's search text matched (found by the store)."""

    topic: frozenset[int] | None = None  # None: the filter has no topic
    excluded: frozenset[int] = frozenset()


@dataclass(frozen=True, slots=True)
class Filtered:
    """A window after the filter: what is kept, and why each other article was left out."""

    kept: tuple[StoredArticle, ...]
    dropped: Mapping[int, tuple[Reason, ...]] = field(default_factory=dict)


async def find_matches(db: Database, window: Sequence[StoredArticle], filt: DigestFilter) -> Matches:
    """Ask the search index which of the window's articles match the filter's topic and exclusions.

    Raises:
        InvalidSearchQueryError: when a text has nothing searchable (a filter not built by digest_filter).
    """
    ids = [s.id for s in window]
    topic: frozenset[int] | None = None
    if filt.topic:
        topic = frozenset(await matching_ids(db, filt.topic, ids)) if ids else frozenset()
    excluded: frozenset[int] = frozenset()
    if filt.exclude and ids:
        excluded = frozenset(await matching_ids(db, filt.exclude, ids, any_term=True))
    return Matches(topic=topic, excluded=excluded)


def apply_filter(window: Iterable[StoredArticle], filt: DigestFilter, matches: Matches) -> Filtered:
    """Keep the articles the filter lets through; say for each other one every part that left it out."""
    articles = list(window)
    wanted = {name.casefold() for name in filt.sources}
    excluded_stories = {s.story_id for s in articles if s.id in matches.excluded}
    kept: list[StoredArticle] = []
    dropped: dict[int, tuple[Reason, ...]] = {}
    for stored in articles:
        reasons: list[Reason] = []
        if wanted and stored.source_name.casefold() not in wanted:
            reasons.append(Reason.SOURCES)
        if matches.topic is not None and stored.id not in matches.topic:
            reasons.append(Reason.TOPIC)
        if stored.story_id in excluded_stories:
            reasons.append(Reason.EXCLUDE)
        if reasons:
            dropped[stored.id] = tuple(reasons)
        else:
            kept.append(stored)
    return Filtered(kept=tuple(kept), dropped=dropped)


def describe(filt: DigestFilter) -> str:
    """Return the filter as one line a person reads back, e.g. ``topic “tram”, max 10 stories``."""
    parts = []
    if filt.topic:
        parts.append(f"topic “{filt.topic}”")
    if filt.exclude:
        parts.append(f"exclude “{filt.exclude}”")
    if filt.sources:
        parts.append("sources " + ", ".join(f"“{name}”" for name in filt.sources))
    parts.append(f"at most {filt.max_stories} stories")
    return ", ".join(parts)


def quiet_warning(
    filt: DigestFilter, week: Sequence[StoredArticle], filtered: Filtered, known_sources: Iterable[str]
) -> str | None:
    """Return a warning when the filter keeps nothing of a week's articles (or names an unknown source).

    ``week`` is what arrived in the last :data:`QUIET_SPAN`, ``filtered`` the filter applied to it, and
    ``known_sources`` every source name in the store (to point at a misspelt one).
    """
    if not filt.narrows:
        return None
    known = {name.casefold(): name for name in known_sources}
    unknown = [name for name in filt.sources if name.casefold() not in known]
    if unknown:
        names = sorted(known.values(), key=str.casefold)
        hint = f" Sources: {', '.join(names[:15])}{' …' if len(names) > 15 else ''}." if names else ""
        return f"No source is named {', '.join(f'“{n}”' for n in unknown)}.{hint}"
    if filtered.kept:
        return None
    if not week:
        return "Nothing at all arrived in the last week, so this filter cannot be checked yet."
    reasons = {r for why in filtered.dropped.values() for r in why}
    if Reason.SOURCES in reasons and all(Reason.SOURCES in why for why in filtered.dropped.values()):
        return f"Nothing arrived from {', '.join(f'“{n}”' for n in filt.sources)} in the last week."
    if Reason.TOPIC in reasons and all(Reason.TOPIC in why for why in filtered.dropped.values()):
        return f"Nothing that arrived in the last week matches the topic “{filt.topic}”."
    if Reason.EXCLUDE in reasons and all(Reason.EXCLUDE in why for why in filtered.dropped.values()):
        return f"Every story of the last week holds a word of exclude “{filt.exclude}”: nothing would be left."
    return f"Nothing that arrived in the last week passes this filter ({describe(filt)})."


def quiet_since(now: datetime) -> datetime:
    """Return the start of the span :func:`quiet_warning` looks at."""
    return now - QUIET_SPAN
