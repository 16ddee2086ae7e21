"""The publication date of a saved page: its own evidence, weighed as measured, and htmldate where it is better.

Each kind of evidence is read by one small function; :data:`ORDER` says which to trust first. The order was
chosen by cross-validation grouped by site on pages-train and extraction-dev (``python -m bench.quality_dates``
measures every order against plain htmldate in the same run). Datetimes keep the offset the page printed, so
the day shown is the page's own.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from lxml.html import HtmlElement

from bot.ingest.formats.meta import (
    clean_inline,
    find_text_date,
    is_masthead,
    ld_text,
    parse_meta_date,
    plausible,
    url_date,
)
from bot.models import Published
from bot.text.machinedates import after_reference, latest_day, read_iso

log = logging.getLogger(__name__)

DATE_METAS = (
    "article:published_time",
    "og:published_time",
    "og:article:published_time",
    "datepublished",
    "publishdate",
    "publish-date",
    "publish_date",
    "pubdate",
    "published",
    "published_time",
    "dc.date",
    "dc.date.issued",
    "dcterms.created",
    "dcterms.date",
    "date",
    "sailthru.date",
    "parsely-pub-date",
    "article.published",
    "article_date_original",
    "cxenseparse:recs:publishtime",
)
_BYLINE_WORDS = ("date", "time", "publish", "posted", "byline", "meta", "dateline", "timestamp")
_BYLINE_XPATH = (
    "//body//*["
    + " or ".join(
        f"contains(translate(@class, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'), '{w}')"
        for w in _BYLINE_WORDS
    )
    + " or self::time]"
)
# A <time> inside a link, a quotation or an aside dates another item: a related story, an embedded post.
_OWN = "[not(ancestor::a)][not(ancestor::blockquote)][not(ancestor::aside)]"
_UPDATED_WORDS = re.compile(r"updat|modif|aktualisiert|actualiz|atualiz|mis à jour|aggiornat|обновл|更新", re.I)


@dataclass
class PageEvidence:
    """What one page says about its date, read lazily: each kind is looked for only when asked."""

    tree: HtmlElement
    metas: dict[str, str]
    ld: list[dict[str, Any]]
    url: str | None
    title: str | None
    reference: datetime | None = None
    _seen: dict[str, Published | None] = field(default_factory=dict)

    def get(self, kind: str) -> Published | None:
        """Return the date this kind of evidence gives (None when the page has none), reading it once."""
        if kind not in self._seen:
            try:
                value = READERS[kind](self)
            except (ValueError, TypeError, OverflowError, RecursionError) as exc:  # a hostile page: no date
                log.debug("date evidence %s unreadable: %s", kind, exc)
                value = None
            self._seen[kind] = value if value is None or _not_future(value, self.reference) else None
        return self._seen[kind]


# The order the evidence is trusted in; "htmldate" is htmldate's own answer (original_date=True). Measured
# (bench/README.md, "Publication day of saved pages"): every fold of the site-grouped cross-validation chose
# htmldate after all of the page's own evidence; it settles the pages that say nothing we read (about one in
# ten), while its answer ahead of a byline's date was wrong more often than right ("2019-01-01" year guesses).
ORDER: tuple[str, ...] = (
    "jsonld",
    "meta",
    "itemprop",
    "jsonld_created",
    "time_pubdate",
    "article_time",
    "url",
    "time",
    "byline",
    "below_headline",
    "htmldate",
)


# A web archive's capture of a page (archive.today's): its meta tags, and htmldate which reads them first, give
# the capture's time, not the page's.
CAPTURE_ORDER: tuple[str, ...] = tuple(kind for kind in ORDER if kind not in ("meta", "htmldate"))


def page_date(evidence: PageEvidence, order: tuple[str, ...] = ORDER) -> Published | None:
    """Return the first date the evidence gives, trusting kinds in ``order``."""
    for kind in order:
        value = evidence.get(kind)
        if value is not None:
            return value
    return None


def _not_future(value: Published, reference: datetime | None) -> bool:
    """A page cannot be published after it was saved (a day of slack for zones)."""
    return reference is None or not after_reference(value, reference)


def _first_meta_date(texts: Iterator[str]) -> Published | None:
    for text in texts:
        value = parse_meta_date(text)
        if value is not None:
            return value
    return None


def _ld_dates(evidence: PageEvidence, key: str) -> Iterator[str]:
    return (ld_text(o.get(key)) for o in evidence.ld)


def _jsonld(evidence: PageEvidence) -> Published | None:
    return _first_meta_date(_ld_dates(evidence, "datePublished"))


def _jsonld_created(evidence: PageEvidence) -> Published | None:
    return _first_meta_date(_ld_dates(evidence, "dateCreated"))


def _meta(evidence: PageEvidence) -> Published | None:
    return _first_meta_date(evidence.metas[k] for k in DATE_METAS if evidence.metas.get(k))


def _itemprop(evidence: PageEvidence) -> Published | None:
    nodes = evidence.tree.xpath("//*[@itemprop='datePublished']")
    return _first_meta_date(n.get("content") or n.get("datetime") or clean_inline(n.text_content()) for n in nodes)


def _time_pubdate(evidence: PageEvidence) -> Published | None:
    return _first_meta_date(str(t) for t in evidence.tree.xpath("//time[@pubdate]/@datetime"))


def _article_time(evidence: PageEvidence) -> Published | None:
    return _first_meta_date(str(t) for t in evidence.tree.xpath(f"//article//time{_OWN}/@datetime"))


def _time(evidence: PageEvidence) -> Published | None:
    return _first_meta_date(str(t) for t in evidence.tree.xpath(f"//time{_OWN}/@datetime"))


def _url(evidence: PageEvidence) -> Published | None:
    return url_date(evidence.url) if evidence.url else None


def _htmldate(evidence: PageEvidence) -> Published | None:
    """Ask htmldate (offline: it is given the parsed tree, never a URL to fetch) for the original date."""
    import htmldate

    latest = latest_day(evidence.reference or datetime.now(UTC))
    try:
        found = htmldate.find_date(
            evidence.tree,  # htmldate copies a tree it is given; ours is not changed
            original_date=True,
            url=evidence.url,
            max_date=latest.strftime("%Y-%m-%d"),
        )
    except Exception as exc:  # a library's fault on one hostile page means no date, not a crash
        log.debug("htmldate failed: %s", exc)
        return None
    if not found:
        return None
    day = read_iso(str(found)[:10])
    if day is not None and (day.month, day.day) == (1, 1):
        # htmldate's answer when all it found was a year (the footer's "\u00a9 2026"): a guess, not the day. On the
        # datasets' pages it answered the 1st of January twice where the page's own evidence said nothing, both
        # wrong (bench/README.md); a page showing no date is better than one showing a day it never printed.
        return None
    return day if day is not None and plausible(day) else None


def _byline(evidence: PageEvidence) -> Published | None:
    """Find a date written in a byline-like element, preferring one that is not an "updated" date."""
    updated: Published | None = None
    for node in evidence.tree.xpath(_BYLINE_XPATH)[:40]:
        text = clean_inline(node.text_content())
        if not text or len(text) > 120:
            continue
        day = find_text_date(text)
        if day is None:
            continue
        if _UPDATED_WORDS.search(text):
            updated = updated or day
            continue
        return day
    return updated


def _below_headline(evidence: PageEvidence) -> Published | None:
    """Find a date written just below the headline (a byline whose markup names nothing).

    The headline is the first h1 that is not the masthead; on pages without one, the element showing the title.
    """
    tree, title = evidence.tree, evidence.title
    heads = [h for h in tree.xpath("//h1") if not is_masthead(h) and clean_inline(h.text_content())]
    if not heads and title:
        heads = [t.getparent() for t in tree.xpath("//body//text()[normalize-space()=$t]", t=title)[:1]]
    for head in heads[:1]:
        texts: list[str] = []
        for text in head.xpath("following::text()[not(ancestor::script)][not(ancestor::style)]"):
            texts.append(str(text))
            if sum(len(t) for t in texts) > 400:
                break
        return find_text_date(" ".join(texts))
    return None


READERS: dict[str, Callable[[PageEvidence], Published | None]] = {
    "jsonld": _jsonld,
    "meta": _meta,
    "itemprop": _itemprop,
    "jsonld_created": _jsonld_created,
    "time_pubdate": _time_pubdate,
    "article_time": _article_time,
    "url": _url,
    "time": _time,
    "htmldate": _htmldate,
    "byline": _byline,
    "below_headline": _below_headline,
}
