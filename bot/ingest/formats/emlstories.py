"""An aggregator newsletter's stories: repeated blocks of a linked headline followed by a short blurb.

Decided by the mail's structure alone, never by who sent it: at least :data:`MIN_STORIES` blocks whose headline
is a link of its own (not a link inside a sentence), each followed by a short text, each to its own address.
A personal letter (links inside sentences), a single article (long text under one headline) and a mail whose
only links are its footer's (unsubscribe, preferences, social pages, view in browser) give no stories, and
stay one article. HTML layouts (tables, divs with headings, lists) and plain-text layouts ("Headline / URL /
blurb" blocks, markdown-ish bullets with links) are read.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, unquote, urlsplit

import trafilatura
from lxml.html import HtmlElement

from bot.ingest.formats.meta import clean_inline
from bot.ingest.images import article_image, plausible_image
from bot.models import ArticleImage
from bot.text.identity import canonical_url

__all__ = ["MIN_STORIES", "Story", "html_stories", "split_stories", "text_stories"]

MIN_STORIES = 3
_STORIES_MAX = 100  # one mail never floods the store: its first hundred stories
# A blurb is short: a newsletter's stories are a few sentences each. Longer texts under linked headings are
# the sections of one article.
_BLURB_MEDIAN_MAX = 700
_BLURB_KEPT = 1200
_BLURB_MIN = 25
_PARAGRAPHS = 3  # a story's blurb in HTML: its first few paragraphs, before a sign-off could creep in
_HEADLINE_MIN, _HEADLINE_MAX = 12, 250
_LINKS_SCANNED = 2000
_TEXT_TAGS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre")
_BLOCK_TAGS = (*_TEXT_TAGS, "td", "th", "div", "section", "article")
_HEADING_TAGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
# Links that are the mail's furniture, never a story: by what they say, and by where they go.
# Phrases a story's headline may also contain ("Council looks forward to...", "Residents opt out") are judged
# only at the start of the link's text.
_FURNITURE_TEXT = re.compile(
    r"unsubscribe|view (this |it )?(e-?mail |newsletter |message )?(in|on) (your |a |the )?(web )?browser"
    r"|^view (online|as a web ?page|in browser)|^web version|^(manage|update) (your )?(preferences|subscription|email"
    r"|profile)|^(privacy|terms|opt[ -]?out|forward|add us|whitelist|email preferences|sign up|subscribe|advertise"
    r"|follow us|contact us)\b"
    r"|^(facebook|twitter|x|linkedin|instagram|youtube|tiktok|mastodon|threads|bluesky)$",
    re.IGNORECASE,
)
_FURNITURE_URL = re.compile(
    r"unsubscribe|optout|opt-out|/(preferences|manage|profile|privacy|webversion|forward|subscription)(/|\?|#|$)"
    r"|view[-_]?in[-_]?browser|list-manage\.com/(profile|unsubscribe)"
    r"|//(www\.)?(facebook|twitter|x|linkedin|instagram|youtube|tiktok)\.com/|//t\.me/|//(apps|play)\.(apple|google)\.com/",
    re.IGNORECASE,
)
_READ_MORE = re.compile(
    r"^(read|see|continue|full|more|view|open)\b.{0,30}$|^(link|source|here|story)\W*$|^[\u2192\u00bb>\s]+$",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^\s*(?:[-*+\u2022\u00b7\u25aa\u25b8\u2013\u2014]|\d{1,2}[.)])\s+")
_URL = re.compile(r"https?://[^\s<>()\[\]\"']+")
_TRAILING = ".,;:!?'\")]}>"
_SEPARATOR = re.compile(r"^\s*(?:[-\u2013\u2014:|\u00b7\u2022]+\s*)+")
_MD_LINK_LINE = re.compile(r"^\[([^\]]{3,300})\]\((https?://[^)\s]+)\)\s*(.*)$")
_TRAILING_URL = re.compile(r"^(.*?)\s*[(<\[]?(https?://[^\s<>()\[\]]+)[)>\]]?\s*$")
_RULE_LINE = re.compile(r"^[\s\-=_*~#\u2500\u2014.]{3,}$")


@dataclass(frozen=True, slots=True)
class Story:
    """One story of a newsletter: its headline, its own link, its blurb (paragraphs) and image if any."""

    title: str
    url: str
    blurb: tuple[str, ...]
    image: ArticleImage | None = None


@dataclass(slots=True)
class _Draft:
    title: str
    url: str | None
    blurb: list[str] = field(default_factory=list)
    anchor: HtmlElement | None = None

    def add(self, text: str) -> None:
        text = _SEPARATOR.sub("", text).strip()
        if text and sum(len(p) for p in self.blurb) < _BLURB_KEPT * 2:
            self.blurb.append(text)


def split_stories(plain: str, html: str, *, furniture: Callable[[str], bool]) -> list[Story]:
    """Return the mail's stories when it is an aggregator newsletter, else an empty list.

    ``furniture`` tells a paragraph of mailing-list furniture (footer, address, copyright), left out of blurbs.
    Of the HTML and the plain-text part, the one that reads as more stories wins.
    """
    found = [html_stories(html, furniture=furniture) if html else [], text_stories(plain, furniture=furniture)]
    best = max(found, key=len)
    return best if len(best) >= MIN_STORIES else []


def html_stories(html: str, *, furniture: Callable[[str], bool]) -> list[Story]:
    """Return the stories of an HTML newsletter (empty unless its structure is one of repeated stories)."""
    tree = trafilatura.load_html(html)
    if tree is None:
        return []
    for junk in tree.xpath("//script|//style|//head|//noscript"):
        junk.drop_tree()
    drafts: list[_Draft] = []
    for node, text in _blocks(tree):
        headline = _headline(node, text)
        if headline is not None:
            title, url, rest, anchor = headline
            drafts.append(_Draft(title, url, anchor=anchor))
            drafts[-1].add(rest)
        elif node.tag in _HEADING_TAGS and _HEADLINE_MIN <= len(text) <= _HEADLINE_MAX and not furniture(text):
            drafts.append(_Draft(text, None))  # a heading without a link: a "Read more" link may follow
        elif drafts:
            more = _read_more(node, text)
            if more is not None:
                if drafts[-1].url is None:
                    drafts[-1].url = more
            elif not furniture(text) and not _only_furniture_links(node, text) and len(drafts[-1].blurb) < _PARAGRAPHS:
                drafts[-1].add(text)
    anchors = {id(d.anchor) for d in drafts if d.anchor is not None}
    return _judge(drafts, lambda d: _story_image(d.anchor, anchors) if d.anchor is not None else None)


def text_stories(text: str, *, furniture: Callable[[str], bool]) -> list[Story]:
    """Return the stories of a plain-text newsletter: "Headline / URL / blurb" blocks, or bullets with links."""
    lines = [_BULLET.sub("", line).strip() for line in text.splitlines()[:20000]]
    drafts: list[_Draft] = []
    paragraph_open = closed = False
    index = 0
    while index < len(lines):
        line = lines[index]
        following = lines[index + 1] if index + 1 < len(lines) else ""
        index += 1
        if not line or _RULE_LINE.match(line):
            if paragraph_open and drafts and drafts[-1].blurb:
                closed = True  # a story's blurb is one paragraph: what follows it is not the story's
            paragraph_open = False
            continue
        linked = _MD_LINK_LINE.match(line)
        trailing = _TRAILING_URL.match(line) if not linked else None
        if linked and _story_link(linked.group(1), linked.group(2)):
            drafts.append(_Draft(clean_inline(linked.group(1)), _unwrap(linked.group(2))))
            drafts[-1].add(_strip_markdown(linked.group(3)))
            closed = False
        elif _is_headline(line) and _only_url(following) and _story_link(line, _only_url(following)):
            drafts.append(_Draft(_strip_markdown(line), _unwrap(_only_url(following) or "")))
            index += 1
            closed = False
        elif (
            trailing
            and trailing.group(1)
            and _is_headline(trailing.group(1).rstrip(" -\u2013\u2014:|"))
            and not _READ_MORE.match(trailing.group(1).rstrip(" :"))
            and _story_link(trailing.group(1), trailing.group(2))
        ):
            headline = _strip_markdown(trailing.group(1).rstrip(" -\u2013\u2014:|"))
            drafts.append(_Draft(headline, _unwrap(trailing.group(2))))
            closed = False
        elif drafts and (url := _only_url(line) or _read_more_url(line)):
            if drafts[-1].url is None and _story_link("", url):
                drafts[-1].url = _unwrap(url)
        elif drafts and not closed and not furniture(line):
            if paragraph_open and drafts[-1].blurb:
                drafts[-1].blurb[-1] = f"{drafts[-1].blurb[-1]} {_strip_markdown(line)}"
            else:
                drafts[-1].add(_strip_markdown(line))
        paragraph_open = True
    return _judge(drafts, lambda _: None)


def _judge(drafts: list[_Draft], image: Callable[[_Draft], ArticleImage | None]) -> list[Story]:
    """Keep the drafts that are stories, and all of them only when the mail's structure is a newsletter's."""
    seen: set[str] = set()
    kept: list[_Draft] = []
    for draft in drafts[: _STORIES_MAX * 3]:
        key = canonical_url(draft.url) if draft.url else None
        blurb = " ".join(draft.blurb)
        if key is None or key in seen or len(blurb) < _BLURB_MIN:
            continue
        seen.add(key)
        kept.append(draft)
    if len(kept) < MIN_STORIES:
        return []
    if statistics.median(sum(len(p) for p in d.blurb) for d in kept) > _BLURB_MEDIAN_MAX:
        return []  # long texts under linked headings: the sections of one article
    stories = []
    for draft in kept[:_STORIES_MAX]:
        stories.append(Story(draft.title, draft.url or "", _cut(draft.blurb), image(draft)))
    return stories


def _cut(paragraphs: list[str]) -> tuple[str, ...]:
    kept: list[str] = []
    size = 0
    for paragraph in paragraphs:
        if size + len(paragraph) > _BLURB_KEPT:
            if not kept:
                kept.append(paragraph[: _BLURB_KEPT - 1].rsplit(" ", 1)[0] + "\u2026")
            break
        kept.append(paragraph)
        size += len(paragraph)
    return tuple(kept)


def _blocks(tree: HtmlElement) -> Iterator[tuple[HtmlElement, str]]:
    """Yield every block that holds text itself (no block inside it), with its text, in document order."""
    for node in tree.iter(*_BLOCK_TAGS):
        if node.tag in ("td", "th", "div", "section", "article") and any(
            isinstance(child.tag, str) and child.tag in _BLOCK_TAGS for child in node.iterdescendants()
        ):
            continue
        if any(a.tag in _TEXT_TAGS for a in node.iterancestors()):
            continue
        text = clean_inline(node.text_content())
        if text:
            yield node, text


def _headline(node: HtmlElement, text: str) -> tuple[str, str, str, HtmlElement] | None:
    """Return (headline, URL, the rest of the block, the link) when the block opens with a story's linked headline.

    The link must be the block's first words (after a bullet or number): a link inside a sentence is a reference,
    not a headline.
    """
    for anchor in node.iter("a"):
        title = clean_inline(anchor.text_content())
        href = (anchor.get("href") or "").strip()
        if not title:
            continue  # an image link: the headline may be the next one
        opening = _BULLET.sub("", text)
        if not opening.startswith(title) or not _is_headline(title) or not _story_link(title, href):
            return None
        return title, _unwrap(href), opening[len(title) :], anchor
    return None


def _only_furniture_links(node: HtmlElement, text: str) -> bool:
    """Tell a block that is nothing but links, none of them a story's ("Twitter Facebook", "Privacy | Terms")."""
    anchors = list(node.iter("a"))[:50]
    linked = sum(len(clean_inline(a.text_content())) for a in anchors)
    return (
        bool(anchors)
        and linked * 10 >= len(text.replace(" ", "")) * 7
        and not any(
            _story_link(clean_inline(a.text_content()), a.get("href")) and _is_headline(clean_inline(a.text_content()))
            for a in anchors
        )
    )


def _read_more(node: HtmlElement, text: str) -> str | None:
    """Return the link of a "Read more" block (a block that is only such a link), else None."""
    if len(text) > 60 or not _READ_MORE.match(text):
        return None
    for anchor in node.iter("a"):
        href = (anchor.get("href") or "").strip()
        if _story_link("", href):
            return _unwrap(href)
    return None


def _story_image(anchor: HtmlElement, anchors: set[int]) -> ArticleImage | None:
    """Return the first real image in the story's own box: the largest ancestor holding no other headline."""
    box = anchor
    for parent in list(anchor.iterancestors())[:6]:
        if parent.tag in ("body", "html") or sum(1 for a in parent.iter("a") if id(a) in anchors) > 1:
            break
        box = parent
    for img in box.iter("img"):
        image = article_image(img.get("src"), alt=img.get("alt"), width=img.get("width"), height=img.get("height"))
        hint = " ".join(filter(None, (img.get("class"), img.get("id"), img.get("alt"))))
        if plausible_image(image, hint=hint) is not None:
            return image
    return None


def _is_headline(text: str) -> bool:
    text = text.strip()
    return (
        _HEADLINE_MIN <= len(text) <= _HEADLINE_MAX
        and len(text.split()) >= 2
        and not text.endswith(":")
        and not _FURNITURE_TEXT.search(text)
        and not _URL.search(text)
    )


def _story_link(text: str, href: str | None) -> bool:
    """Tell whether a link may be a story's: an absolute web address that is not the mail's furniture."""
    if not href or not href.lower().startswith(("http://", "https://")) or len(href) > 2000:
        return False
    if text and _FURNITURE_TEXT.search(text):
        return False
    return not _FURNITURE_URL.search(_unwrap(href))


def _unwrap(url: str) -> str:
    """Return the address a click-tracking link carries (``?url=https%3A...``, ``/https:%2F%2F...``), else the link."""
    url = url.strip().rstrip(_TRAILING) if url.startswith("http") else url
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    for _, value in parse_qsl(parts.query):
        if value.lower().startswith(("http://", "https://")) and urlsplit(value).hostname:
            return value
    found = re.search(r"/(https?(?::|%3A)(?:/|%2F){2}[^/?#]+.*)$", parts.path, re.IGNORECASE)
    if found:
        inner = unquote(found.group(1))
        # Tracking services append their own path segments after the address (".../1/0100abc"): keep the
        # address's own path only when it is a single encoded string.
        if "%2F" in found.group(1) or "%2f" in found.group(1):
            inner = unquote(found.group(1).split("/", 1)[0])
        if urlsplit(inner).hostname:
            return inner
    return url


def _only_url(line: str) -> str | None:
    line = line.strip().strip("<>()[]")
    found = _URL.fullmatch(line.rstrip(_TRAILING))
    return found.group(0) if found else None


def _read_more_url(line: str) -> str | None:
    found = _TRAILING_URL.match(line)
    if found and _READ_MORE.match(found.group(1).rstrip(" :\u2192")):
        return found.group(2).rstrip(_TRAILING)
    return None


def _strip_markdown(text: str) -> str:
    text = re.sub(r"\[([^\]]+)\]\((?:[^)]*)\)", r"\1", text)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    return clean_inline(text.strip("*_ "))
