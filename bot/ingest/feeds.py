"""Feed bytes to articles: sniff the format, parse, clean the HTML, date, identify (fetching lives in fetch.py)."""

from __future__ import annotations

import functools
import hashlib
import logging
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.errors import ParseError
from bot.ingest.feedhtml import clean_inline, html_to_paragraphs, title_from_text
from bot.ingest.feedraw import RawEntry, RawFeed
from bot.ingest.jsonfeed import parse_json_feed
from bot.ingest.urls import canonical_url
from bot.ingest.xmlfeed import decode_bytes, parse_xml_feed
from bot.models import Article

log = logging.getLogger(__name__)

_SUMMARY_LIMIT = 600
_FEED_ROOT = re.compile(r"<(?:\w+:)?(?:rss|feed|rdf|channel)\b", re.IGNORECASE)
_HTML_ROOT = re.compile(r"<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE)
_CHALLENGE = re.compile(r"just a moment\.\.\.|cf-chl|challenge-platform|attention required! \| cloudflare", re.I)


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One entry: its article and the stable keys that identify it within its feed, best first."""

    article: Article
    keys: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    """A parsed feed document."""

    title: str | None
    link: str | None
    entries: tuple[FeedEntry, ...]


def sniff(data: bytes, content_type: str | None = None) -> str:
    """Return 'json', 'xml' or 'html' from the bytes themselves (the name and the header often lie).

    Raises:
        ParseError: if the bytes are none of these.
    """
    head = decode_bytes(data[:4096])
    head = head.lstrip("\ufeff \t\r\n")
    if not head:
        raise ParseError("not a feed: the response is empty")
    if head[0] in "{[":
        return "json"
    if head[0] == "<":
        if _FEED_ROOT.search(head):
            return "xml"
        if _HTML_ROOT.search(head):
            return "html"
        return "xml"
    if content_type and "json" in content_type.lower():
        return "json"
    raise ParseError("not a feed: the content is neither XML nor JSON")


def describe_html(data: bytes) -> str:
    """Say in plain words what an HTML page served instead of a feed is."""
    if _CHALLENGE.search(data[:65536].decode("utf-8", "replace")):
        return "not a feed: a bot-check page (such as Cloudflare's 'Just a moment...') was served instead"
    return "not a feed: looks like an HTML page (give the feed's own URL, or the site's URL to discover it)"


def parse_feed(
    data: bytes, *, now: datetime, base_url: str | None = None, content_type: str | None = None, key_points: int = 3
) -> ParsedFeed:
    """Parse RSS, Atom, RDF, JSON Feed or RSS-in-JSON bytes.

    ``now`` is the first-seen time, used for entries without a date and to clamp future dates.

    Raises:
        ParseError: if the bytes are not a usable feed.
    """
    kind = sniff(data, content_type)
    if kind == "html":
        raise ParseError(describe_html(data))
    if kind == "json":
        raw = parse_json_feed(decode_bytes(data, "charset=utf-8"), base_url)
    else:
        try:
            raw = parse_xml_feed(data, base_url, content_type)
        except ParseError:
            if _HTML_ROOT.search(data[:4096].decode("utf-8", "replace")):
                raise ParseError(describe_html(data)) from None
            raise
    return build_feed(raw, now=now, key_points=key_points)


def build_feed(raw: RawFeed, *, now: datetime, key_points: int = 3) -> ParsedFeed:
    """Turn raw entries into articles with clean text, safe dates, titles and identity keys."""
    feed_title = clean_inline(raw.title) or None
    links = Counter(canonical_url(e.link) for e in raw.entries if canonical_url(e.link))
    # A GUID that several entries share (a broken feed) identifies none of them.
    guids = Counter(e.guid for e in raw.entries if e.guid)
    entries = []
    for item in raw.entries:
        entry = _entry(
            item,
            feed_title or "",
            now,
            key_points,
            shared_link=links[canonical_url(item.link)] > 1,
            shared_guid=item.guid is not None and guids[item.guid] > 1,
        )
        if entry is not None:
            entries.append(entry)
    return ParsedFeed(feed_title, raw.link, tuple(entries))


def fold_guid(guid: str) -> str:
    """Return the GUID with an http/https scheme folded, so a feed moving to https is not all new."""
    return re.sub(r"^https?://", "//", guid.strip(), flags=re.IGNORECASE)


def entry_keys(
    guid: str | None, link: str | None, title: str, published: datetime | None, shared: bool, text: str = ""
) -> list[str]:
    """Return an entry's identity keys within its feed, best first: GUID, canonical link, title + date.

    Without a date, a digest of the text stands in for it, so a recurring title ("Weekly notes") is not taken
    for an entry already seen.
    """
    keys = []
    if guid:
        keys.append("guid:" + fold_guid(guid))
    canonical = canonical_url(link)
    if canonical and not shared:
        # A link that several entries share (one day page with #fragments, empty hrefs) identifies none of them.
        keys.append("url:" + canonical)
    if not guid:
        if published is not None:
            when = published.isoformat()
        else:
            digest = hashlib.sha1(" ".join(text.split())[:1000].encode(), usedforsecurity=False).hexdigest()[:16]
            when = f"undated:{digest}"
        keys.append(f"title:{' '.join(title.lower().split())}|{when}")
    return keys


def _entry(
    item: RawEntry, feed_title: str, now: datetime, count: int, *, shared_link: bool, shared_guid: bool
) -> FeedEntry | None:
    content = html_to_paragraphs(item.html or "")
    summary = html_to_paragraphs(item.summary or "")
    body = content if len(" ".join(content)) >= len(" ".join(summary)) else summary
    title = clean_inline(item.title) or title_from_text(body)
    if not title and not body and not item.link and not item.guid:
        return None
    title = title or "(untitled)"
    published = item.published
    moment = now if published is None or published > now else published
    summary_text = " ".join(summary)
    if len(summary_text) > _SUMMARY_LIMIT:
        summary_text = summary_text[:_SUMMARY_LIMIT].rsplit(" ", 1)[0] + "\u2026"
    points = key_points_for(body, title, count)
    article = Article(
        title=title,
        body=tuple(body),
        published=moment,
        author=clean_inline(item.author) or None,
        url=item.link,
        key_points=points,
        source=feed_title,
        guid=item.guid,
        summary=summary_text or None,
    )
    keys = entry_keys(None if shared_guid else item.guid, item.link, title, published, shared_link, article.text)
    return FeedEntry(article, tuple(keys))


def key_points_for(body: Sequence[str], title: str, count: int) -> tuple[str, ...]:
    """Return the key points of a body through bot.text.keypoints, falling back to its opening paragraphs."""
    if not body or count <= 0:
        return ()
    picker = _picker()
    if picker is not None:
        try:
            return tuple(picker(list(body), title, count))
        except Exception:  # a picker failing on one text costs that text its key points, never the feed
            log.exception("key points failed for %r; using its opening paragraphs", title)
    return tuple(body[:count])


@functools.cache
def _picker() -> Callable[[list[str], str, int], Sequence[str]] | None:
    try:
        # Imported on first use so that a broken key-point module costs key points, never the feeds.
        from bot.text.keypoints import key_points
    except Exception:
        log.exception("the key-point picker cannot be loaded; feed entries use their opening paragraphs")
        return None
    return key_points
