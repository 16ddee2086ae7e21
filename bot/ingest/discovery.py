"""Find a site's feed: the URL itself, the feeds its page announces with <link rel="alternate">, or a usual address."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urljoin

import lxml.html
from lxml import etree

from bot.errors import FetchError, NewsdigestError, ParseError
from bot.ingest.feeds import ParsedFeed, describe_html, parse_feed, sniff
from bot.ingest.fetch import Fetcher, FetchResult
from bot.ingest.xmlfeed import decode_bytes

log = logging.getLogger(__name__)

FEED_TYPES = {
    "application/rss+xml": "rss",
    "application/atom+xml": "atom",
    "application/feed+json": "json",
    "application/json": "json",
    "application/rdf+xml": "rdf",
    "application/x.atom+xml": "atom",
    "application/x-atom+xml": "atom",
    "text/xml": "rss",
    "application/xml": "rss",
}
MAX_CANDIDATES = 5


@dataclass(frozen=True, slots=True)
class FeedLink:
    """A feed a page announces."""

    url: str
    title: str | None
    type: str


@dataclass(frozen=True, slots=True)
class Discovered:
    """A feed found from a URL: where it is, what was fetched, and what it parsed to."""

    url: str
    fetched: FetchResult
    feed: ParsedFeed


def find_feed_links(data: bytes, base_url: str, content_type: str | None = None) -> list[FeedLink]:
    """Return the feeds an HTML page announces, in page order, with absolute URLs."""
    text = decode_bytes(data, content_type)
    if not text.strip():
        return []
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return []
    base = base_url
    for href in root.xpath("//base/@href"):
        base = urljoin(base_url, str(href).strip())
        break
    found: list[FeedLink] = []
    seen: set[str] = set()
    for link in root.xpath("//link[@href]"):
        rels = {r.lower() for r in str(link.get("rel") or "").split()}
        kind = FEED_TYPES.get(str(link.get("type") or "").split(";")[0].strip().lower())
        if "alternate" not in rels or kind is None or "stylesheet" in rels:
            continue
        url = urljoin(base, str(link.get("href")).strip())
        if url in seen or not url.lower().startswith(("http://", "https://")):
            continue
        seen.add(url)
        found.append(FeedLink(url, (link.get("title") or "").strip() or None, kind))
    return found


async def discover(fetcher: Fetcher, url: str, *, now: datetime, key_points: int = 3) -> Discovered:
    """Fetch ``url``; if it is a feed, return it; if it is a page, return the first feed it announces that works.

    Where the page announces none, the first feed at one of the site's usual feed addresses (``USUAL_PATHS``).

    Raises:
        FetchError: if the URL cannot be fetched, or none of the feeds the page announces works.
        ParseError: if it is neither a feed nor a page announcing one, and no usual address holds one.
    """
    fetched = await fetcher.fetch(url)
    where = fetched.permanent_url or url
    kind = sniff(fetched.data, fetched.content_type)
    if kind != "html":
        return Discovered(where, fetched, await asyncio.to_thread(_parse, fetched, now, key_points))
    links = find_feed_links(fetched.data, fetched.url, fetched.content_type)
    if not links:
        message = describe_html(fetched.data)
        if "bot-check" in message:
            raise ParseError(message)
        found = await _at_usual_path(fetcher, fetched.url, now=now, key_points=key_points)
        if found is not None:
            return found
        raise ParseError(
            "not a feed: an HTML page that announces no feed, and none is at the usual addresses ("
            + ", ".join(USUAL_PATHS)
            + "); give the feed's own URL"
        )
    problems = []
    for link in links[:MAX_CANDIDATES]:
        try:
            got = await fetcher.fetch(link.url)
            return Discovered(got.permanent_url or link.url, got, await asyncio.to_thread(_parse, got, now, key_points))
        except NewsdigestError as exc:
            log.info("announced feed %s does not work: %s", link.url, exc)
            problems.append(f"{link.url}: {exc}")
    raise FetchError("the page announces feeds, but none of them works: " + "; ".join(problems))


# Where blogging platforms and site generators put a site's feed when its pages do not announce it: WordPress,
# Substack and Medium "/feed", Ghost and Tumblr "/rss", Jekyll "/feed.xml", Hugo "/index.xml", others "/rss.xml"
# and "/atom.xml". Tried on the page's own site, in this order, after the page announced none.
USUAL_PATHS = ("/feed", "/rss", "/feed.xml", "/index.xml", "/rss.xml", "/atom.xml")


async def _at_usual_path(fetcher: Fetcher, page_url: str, *, now: datetime, key_points: int) -> Discovered | None:
    """The feed at the first of the site's usual feed addresses that holds one, or None.

    The addresses are asked at once (as many at a time as the fetcher lets one host be asked, ``FEED_PER_HOST``): a
    slow site keeps the command waiting for one round of time-outs, not six in a row. The first address in
    ``USUAL_PATHS``' order that holds a feed wins, whichever answers first; the others are cancelled.
    """
    tries = [asyncio.create_task(_feed_at(fetcher, urljoin(page_url, path), now, key_points)) for path in USUAL_PATHS]
    try:
        for attempt in tries:
            found = await attempt
            if found is not None:
                return found
        return None
    finally:
        for attempt in tries:
            attempt.cancel()
        await asyncio.gather(*tries, return_exceptions=True)


async def _feed_at(fetcher: Fetcher, url: str, now: datetime, key_points: int) -> Discovered | None:
    """The feed at ``url``, or None where it holds none: a failure is logged and passed over."""
    try:
        got = await fetcher.fetch(url)
        if sniff(got.data, got.content_type) == "html":
            return None  # a site that answers every address with a page (its home page, a "not found" page)
        feed = await asyncio.to_thread(_parse, got, now, key_points)
    except NewsdigestError as exc:
        log.info("no feed at %s: %s", url, exc)
        return None
    return Discovered(got.permanent_url or url, got, feed)


def _parse(fetched: FetchResult, now: datetime, key_points: int) -> ParsedFeed:
    return parse_feed(
        fetched.data, now=now, base_url=fetched.url, content_type=fetched.content_type, key_points=key_points
    )
