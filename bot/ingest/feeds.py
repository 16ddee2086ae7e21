"""Feed bytes to articles: sniff the format, parse, clean the HTML, date, identify (fetching lives in fetch.py)."""

from __future__ import annotations

import functools
import logging
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from bot.digest.escape import safe_url
from bot.errors import ParseError
from bot.ingest.feedhtml import entry_paragraphs, inline_text, linked_story, title_from_link
from bot.ingest.feedraw import RawEntry, RawFeed, as_moment, valid_raw_feed
from bot.ingest.images import content_image
from bot.ingest.jsonfeed import parse_json_feed
from bot.ingest.textsafe import bounded_title, clean_article
from bot.ingest.xmlfeed import decode_bytes, parse_xml_feed
from bot.models import Article, Identity, Published
from bot.text.bidi import closed_bidi
from bot.text.datelines import split_dateline
from bot.text.identity import canonical_url, fold_guid, identify
from bot.text.language import declared_language
from bot.text.machinedates import not_after
from bot.text.paragraphs import title_from_text
from bot.text.tail import bio_start

log = logging.getLogger(__name__)

_SUMMARY_LIMIT = 600
# The entries of one feed document fetched by URL that are read: real feeds list tens to a few hundred (the
# largest, a daily preprint listing, about two thousand); a document of a hundred thousand would tie up a thread
# for minutes at each poll. The newest are kept. (A feed file dropped in a folder is an archive someone chose:
# all of it is read.)
ENTRIES_MAX = 2000
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_FEED_ROOT = re.compile(r"<(?:\w+:)?(?:rss|feed|rdf|channel)\b", re.IGNORECASE)
_HTML_ROOT = re.compile(r"<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE)
_CHALLENGE = re.compile(r"just a moment\.\.\.|cf-chl|challenge-platform|attention required! \| cloudflare", re.I)


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One entry: its article and its identity (stable keys within its feed, best first; URL; fingerprint)."""

    article: Article
    identity: Identity

    @property
    def keys(self) -> tuple[str, ...]:
        """Return the keys that identify the entry within its feed, best first."""
        return self.identity.keys


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
    data: bytes,
    *,
    now: datetime,
    base_url: str | None = None,
    content_type: str | None = None,
    key_points: int = 3,
    entries_max: int | None = ENTRIES_MAX,
) -> ParsedFeed:
    """Parse RSS, Atom, RDF, JSON Feed or RSS-in-JSON bytes.

    ``now`` is the first-seen time, used for entries without a date and to clamp future dates. Of a document
    listing more than ``entries_max`` entries the newest are read (None: all).

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
    return build_feed(raw, now=now, key_points=key_points, entries_max=entries_max)


def build_feed(
    raw: RawFeed, *, now: datetime, key_points: int = 3, entries_max: int | None = ENTRIES_MAX
) -> ParsedFeed:
    """Turn raw entries into articles with clean text, safe dates, titles and identities.

    Text is made valid Unicode first (a lone surrogate from a JSON escape or a numeric character reference
    becomes U+FFFD). An entry that cannot be understood is skipped with a log line naming the feed and the
    entry; the others are kept.
    """
    listed = len(raw.entries)
    if entries_max is not None and listed > entries_max:
        raw = replace(raw, entries=newest_entries(raw.entries, entries_max))
    raw = valid_raw_feed(raw)
    # Also the feed's name, kept beside others, shown beside every story and in every message about the feed:
    # bounded as a headline is (a feed titled with thousands of characters was named so everywhere), and closed
    # after the cut, as an article's fields are (closed first, the cut took the closer of a long title's U+202E).
    feed_title = closed_bidi(bounded_title(inline_text(raw.title))) or None
    where = feed_title or raw.link or "feed"
    if entries_max is not None and listed > entries_max:
        log.warning("feed %s lists %d entries: only the %d newest are read", where, listed, entries_max)
    links = Counter(c for c in (canonical_url(e.link) for e in raw.entries) if c)
    # A GUID that several entries share (a broken feed) identifies none of them; nor does one that is the site's own
    # address (a "latest post" feed giving every post the home page's: the next post was taken for the last, lost).
    guids = Counter(e.guid for e in raw.entries if e.guid)
    site = _site_key(raw.link)
    entries: list[FeedEntry] = []
    language = declared_language(raw.language)
    for number, item in enumerate(raw.entries, 1):
        try:
            entry = _entry(
                item,
                feed_title or "",
                now,
                key_points,
                shared_link=links[canonical_url(item.link) or ""] > 1,
                shared_guid=item.guid is not None and (guids[item.guid] > 1 or _site_key(item.guid) == site != ""),
                language=language,
            )
        except Exception as exc:  # one entry's fault costs that entry, never the feed
            log.warning("feed %s: entry %d (%s) skipped: %r", where, number, _name(item), exc)
            continue
        if entry is not None:
            entries.append(entry)
    return ParsedFeed(feed_title, raw.link, tuple(entries))


def newest_entries(entries: Sequence[RawEntry], count: int) -> tuple[RawEntry, ...]:
    """Return the ``count`` newest entries, in their document order.

    Dated ones rank by date; undated ones below them, the first in the document first (feeds list the newest first).
    """
    ranked = sorted(
        range(len(entries)),
        key=lambda i: (entries[i].published is not None, as_moment(entries[i].published) or _EPOCH, -i),
        reverse=True,
    )
    return tuple(entries[i] for i in sorted(ranked[:count]))


def _name(item: RawEntry) -> str:
    for value in (item.guid, item.link, item.title):
        if isinstance(value, str) and value.strip():
            return repr(value.strip()[:120])
    return "without id, link or title"


def _site_key(address: str | None) -> str:
    """A site's address as a GUID is compared: scheme and trailing slashes aside ("" for none)."""
    return fold_guid(address).rstrip("/").lower() if address else ""


def _entry(
    item: RawEntry,
    feed_title: str,
    now: datetime,
    count: int,
    *,
    shared_link: bool,
    shared_guid: bool,
    language: str | None = None,
) -> FeedEntry | None:
    # Of an aggregator's entry, the source's name; of any entry, the feed's own ("Ferry returns | Keldan TV").
    title = without_publisher(without_publisher(inline_text(item.title), inline_text(item.publisher)), feed_title)
    # An entry with a headline whose description is only links (an aggregator's) has no text of its own.
    own = (item.link or "", item.guid or "")
    content = entry_paragraphs(item.html, own, title=title)
    summary = entry_paragraphs(item.summary, own, title=title)
    body = content if len(" ".join(content)) >= len(" ".join(summary)) else summary
    # "LONDON (Reuters) -", "OSLO, Norway, Dec. 7, 2026 /PRNewswire/ --": the dateline goes in its field, as every
    # other reader puts it, not in the first sentence, the key points or a title cut from the text.
    dateline, first = split_dateline(body[0]) if body else (None, "")
    if dateline is not None:
        body = [first, *body[1:]] if first else body[1:]
    # A press release's closing blocks ("About Acme" and "Acme is a leading ...", forward-looking statements, media
    # contacts) and a writer's bio: where a pasted copy's text ends (bot.text.tail), a feed's full text ends too.
    body = body[: bio_start(body, 0, len(body), inline_text(item.author) or None)] if len(body) > 1 else body
    title = title or title_from_text(body)
    # A link no reader can follow (javascript:, data:) makes no news of an entry that has nothing else.
    if not title and not body and not safe_url(item.link) and not item.guid:
        return None
    title = title or title_from_link(item.link) or "(untitled)"
    published = as_moment(item.published)
    moment = not_after(published, now)
    # A bare day stays a day (shown as that day in every reader's zone), unless it is after today.
    shown: Published = item.published if moment == published and item.published is not None else moment
    summary_text = " ".join(summary)
    if len(summary_text) > _SUMMARY_LIMIT:
        summary_text = summary_text[:_SUMMARY_LIMIT].rsplit(" ", 1)[0] + "\u2026"
    points = key_points_for(body, title, count)
    article = Article(
        title=title,
        body=tuple(body),
        published=shown,
        author=inline_text(item.author) or None,
        dateline=dateline,
        url=linked_story(item.html or item.summary, own) or item.link,
        key_points=points,
        source=feed_title,
        # A GUID that several entries share (a broken feed) identifies none of them.
        guid=None if shared_guid else item.guid,
        summary=summary_text or None,
        shared_link=shared_link,
        image=item.image or content_image(item.html or item.summary),
        language=language,
    )
    # The one boundary every parsed article passes (a bounded title and body, too).
    article = clean_article(article, f"feed {feed_title or '(untitled)'}, entry {item.guid or item.link or title[:80]}")
    identity = identify(article, feed_entry=True, dated=published)
    return FeedEntry(article, identity)


_PUBLISHER_SEPARATORS = (" - ", " \u2013 ", " \u2014 ", " | ", " \u00b7 ")


def without_publisher(title: str, publisher: str) -> str:
    """Return a headline without the publisher's name appended to it ("Headline - The Daily Example").

    Only a name the feed itself gives is taken away (an aggregator entry's source, the feed's own title: YouTube
    and many sites end each headline with " | Channel"), never a headline's own last words.
    """
    if not publisher or len(title) <= len(publisher) + 3:
        return title
    for separator in _PUBLISHER_SEPARATORS:
        ending = separator + publisher
        if title[-len(ending) :].casefold() == ending.casefold():
            return title[: -len(ending)].rstrip() or title
    return title


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
