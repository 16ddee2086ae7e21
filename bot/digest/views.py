"""What templates see: stories and hits with their text already escaped for the output format."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from markupsafe import Markup, escape

from bot.digest.escape import discord_text, escape_markdown, reader_url, safe_image_url, shorten
from bot.models import MAX_STORIES_LIMIT, ArticleImage, Digest, DigestItem, Published, SearchHit, SearchPage
from bot.store.search import snippet_segments

Escaper = Callable[[str], str]
MAX_ALSO_IN = 5
MAX_NAME = 100
MAX_ALT = 300
MAX_QUERY_SHOWN = 500  # an over-long search is echoed cut (only its start is searched: store/search.py)
LEDE_CHARS = 300
# In Discord each key point is cut to this many characters, so one very long point cannot crowd out the rest.
DISCORD_POINT_CHARS = 400


def _plain(text: str) -> str:
    return text


ESCAPERS: dict[str, Escaper] = {"markdown": escape_markdown, "discord": discord_text, "text": _plain, "html": _plain}


def human_date(value: Published | None) -> str | None:
    """Write a publication date the way a reader says it: '7 Oct 2025', the day the source printed."""
    if value is None:
        return None
    # A datetime keeps the offset its page printed: an evening in New York is shown on its own day, not UTC's.
    day = value.date() if isinstance(value, datetime) else value
    return f"{day.day} {day:%b %Y}"


def unix_time(value: Published | datetime | None) -> int | None:
    """Return seconds since the epoch; a bare date counts as its noon UTC, the same day almost everywhere."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return int(value.timestamp())
    return int(datetime.combine(value, time(12), tzinfo=UTC).timestamp())


def iso(value: date | None) -> str | None:
    """Return ISO 8601 text for a date or datetime."""
    return None if value is None else value.isoformat()


@dataclass(frozen=True, slots=True)
class ImageView:
    """A story's image for a template: an https URL (``escape.safe_image_url``), alt text escaped, size if known."""

    url: str
    alt: str
    width: int | None
    height: int | None


def image_view(image: ArticleImage | None, esc: Escaper) -> ImageView | None:
    """Return the template view of an image, or None when there is none or its URL is not a safe https one."""
    url = safe_image_url(image.url) if image is not None else None
    if image is None or url is None:
        return None
    return ImageView(url=url, alt=esc(shorten(image.alt or "", MAX_ALT)), width=image.width, height=image.height)


@dataclass(frozen=True, slots=True)
class StoryView:
    """One digest entry for a template; every text field is escaped for the template's format."""

    headline: str
    url: str | None
    date: str | None
    date_iso: str | None
    unix: int | None
    source: str
    also_in: tuple[str, ...]
    also_in_more: int
    key_points: tuple[str, ...]
    lede: str | None
    dateline: str | None
    author: str | None
    item: DigestItem
    image: ImageView | None = None


@dataclass(frozen=True, slots=True)
class HitView:
    """One search hit for a template; ``snippet`` is escaped with matched words marked for the format."""

    headline: str
    url: str | None
    date: str | None
    date_iso: str | None
    unix: int | None
    source: str
    snippet: str
    snippet_plain: str
    hit: SearchHit


def story_view(item: DigestItem, esc: Escaper, point_chars: int | None = None) -> StoryView:
    """Build the template view of one digest item, each key point cut to ``point_chars`` if given."""
    article = item.article.article
    points = [p for p in article.key_points if p.strip()]
    if point_chars is not None:
        points = [shorten(p, point_chars) for p in points]
    lede = None
    if not article.key_points:
        first = article.summary or (article.body[0] if article.body else "")
        lede = esc(shorten(first, LEDE_CHARS)) if first.strip() else None
    return StoryView(
        headline=esc(article.title.strip() or "Untitled"),
        url=reader_url(article.url),
        date=human_date(article.published),
        date_iso=iso(article.published),
        unix=unix_time(article.published),
        source=esc(shorten(item.article.source_name, MAX_NAME)),
        also_in=tuple(esc(shorten(n, MAX_NAME)) for n in item.also_in[:MAX_ALSO_IN]),
        also_in_more=max(0, len(item.also_in) - MAX_ALSO_IN),
        key_points=tuple(esc(p) for p in points),
        lede=lede,
        dateline=esc(article.dateline) if article.dateline else None,
        author=esc(article.author) if article.author else None,
        item=item,
        image=image_view(article.image, esc),
    )


def marked_snippet(snippet: str, fmt: str) -> str:
    """Escape a hit's snippet for ``fmt`` and mark its matched words (bold in markdown, <mark> in html)."""
    esc = ESCAPERS[fmt]
    out: list[str] = []
    for text, matched in snippet_segments(snippet):
        if fmt == "html":
            out.append(f"<mark>{escape(text)}</mark>" if matched else str(escape(text)))
        elif fmt in ("markdown", "discord") and matched and text.strip():
            out.append(f"**{esc(text)}**")
        else:
            out.append(esc(text))
    joined = "".join(out)
    return Markup(joined) if fmt == "html" else joined  # noqa: S704 - every piece was escaped above


def hit_view(hit: SearchHit, fmt: str) -> HitView:
    """Build the template view of one search hit."""
    esc = ESCAPERS[fmt]
    return HitView(
        headline=esc(hit.title.strip() or "Untitled"),
        url=reader_url(hit.url),
        date=human_date(hit.published),
        date_iso=iso(hit.published),
        unix=unix_time(hit.published),
        source=esc(shorten(hit.source, MAX_NAME)),
        snippet=marked_snippet(hit.snippet, fmt),
        snippet_plain="".join(t for t, _ in snippet_segments(hit.snippet)),
        hit=hit,
    )


def window_words(since: datetime, until: datetime) -> str:
    """Return the window's length as a `since` option takes it, rounded up: ``24h``, ``3d``."""
    hours = max(1, math.ceil((until - since).total_seconds() / 3600))
    return f"{hours}h" if hours <= 72 else f"{math.ceil(hours / 24)}d"


def digest_context(digest: Digest, fmt: str) -> dict[str, Any]:
    """Return the variables every digest template gets."""
    esc = ESCAPERS[fmt]
    total = len(digest.items) + digest.more
    return {
        "digest": digest,
        "title": esc(digest.title),
        "topic": esc(digest.topic) if digest.topic else None,
        "since": digest.since,
        "until": digest.until,
        "since_unix": int(digest.since.timestamp()),
        "until_unix": int(digest.until.timestamp()),
        "period": f"{digest.since.astimezone(UTC):%d %b %Y %H:%M} to {digest.until.astimezone(UTC):%d %b %Y %H:%M} UTC",
        "stories": [story_view(item, esc, DISCORD_POINT_CHARS if fmt == "discord" else None) for item in digest.items],
        "count": len(digest.items),
        "more": digest.more,
        "total": total,
        # What brings the held stories back: /digest since:<window> max_stories:<total>. Unless the post already
        # shows as many as max_stories can ask for: then only a narrower filter does.
        "more_since": window_words(digest.since, digest.until),
        "more_max": min(total, MAX_STORIES_LIMIT),
        "more_reachable": min(total, MAX_STORIES_LIMIT) > len(digest.items),
    }


def search_context(page: SearchPage, fmt: str) -> dict[str, Any]:
    """Return the variables every search template gets."""
    esc = ESCAPERS[fmt]
    return {
        "page": page,
        "query": esc(page.query if len(page.query) <= MAX_QUERY_SHOWN else page.query[:MAX_QUERY_SHOWN] + "…"),
        "total": f"{page.total}+" if page.total_capped else page.total,
        "first": page.offset + 1 if page.hits else 0,
        "last": page.offset + len(page.hits),
        "has_more": page.offset + len(page.hits) < page.total,
        "hits": [hit_view(h, fmt) for h in page.hits],
        "note": esc(page.note),
    }
