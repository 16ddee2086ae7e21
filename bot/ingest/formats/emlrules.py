"""What both readers of an aggregator newsletter share: what a story is, and which mails' stories are kept.

A story's headline is a link of its own to an absolute web address that is not the mail's furniture
(:func:`story_link`, :func:`is_headline`; click-tracking wrappers unwrapped, :func:`unwrap`); the readers of each
layout (``emlstories`` for HTML, ``emltext`` for plain text) gather :class:`Draft` stories, and :func:`judge`
keeps them only when the mail's structure is a newsletter's (see ``emlstories``).
"""

from __future__ import annotations

import base64
import json
import re
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, unquote, urlsplit

import trafilatura
from lxml.etree import ParserError
from lxml.html import HtmlElement, document_fromstring

from bot.ingest.formats.html import break_lines
from bot.models import ArticleImage
from bot.text.identity import canonical_url
from bot.text.linepatterns import ADVERT
from bot.text.linepatterns import READ_ON_WORDS as _READ_ON

MIN_STORIES = 3
_STORIES_MAX = 100  # one mail never floods the store: its first hundred stories
# A blurb is short: a newsletter's stories are a few sentences each. Longer texts under linked headings are
# the sections of one article.
_BLURB_MEDIAN_MAX = 700
_BLURB_KEPT = 1200
_BLURB_MIN = 25
_LABEL_WORDS = 4  # a source's or section's name over a story's blurb
HEADLINE_MIN, HEADLINE_MAX = 12, 250
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
# Only that call: the link a single story's letter ends with is the story's own address.
READ_ON = re.compile(rf"^({_READ_ON})\b.{{0,30}}$", re.IGNORECASE)
# Such a call, or any short link under a story's heading in a letter of several ("More", "See the story", "→",
# Axios' "Go deeper").
READ_MORE = re.compile(
    r"^(read|see|continue|full|more|view|open|(go|dig) deeper)\b.{0,30}$|^(link|source|here|story)\W*$"
    r"|^[\u2192\u00bb>\s]+$"
    rf"|^({_READ_ON})\b.{{0,30}}$",
    re.IGNORECASE,
)
BULLET = re.compile(r"^\s*(?:[-*+\u2022\u00b7\u25aa\u25b8\u2013\u2014]|\d{1,2}[.)])\s+")
URL = re.compile(r"https?://[^\s<>()\[\]\"']+")
TRAILING_URL = re.compile(r"^(.*?)\s*[(<\[]?(https?://[^\s<>()\[\]]+)[)>\]]?\s*$")
TRAILING = ".,;:!?'\")]}>"
_SEPARATOR = re.compile(r"^\s*(?:[-\u2013\u2014:|\u00b7\u2022]+\s*)+")
# A line that only draws a rule in a plain-text mail ("-----", "=====", "***", box-drawing "\u2501\u2501\u2501").
RULE_LINE = re.compile(r"^[\s\-=_*~#.\u2014\u2500-\u257f]{3,}$")
# A paragraph that ends as a sentence does (closing quotes and brackets after the stop allowed).
_SENTENCE_END = re.compile(r"[.!?\u2026\u3002\uff01\uff1f][\"'\u201d\u2019\u00bb)\]\u300d\u300f]*$")
_PROSE_LONG = 200  # a paragraph this long is text, whatever its last character
_POLL_QUESTION = 60  # a question this short at the end of a mail is the sender's ("How did we like it?")
# Elements a mail client never shows: the preheader (the inbox preview text), Outlook-only or mobile-only copies.
_HIDDEN = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|max-height\s*:\s*0(?![.\d])|font-size\s*:\s*0(?![.\d])"
    r"|mso-hide\s*:\s*all",
    re.IGNORECASE,
)


# The label right over a newsletter's paid block: "Together with Harbour Coffee", "Sponsored by ...", "A message
# from ...", "From our partners" (and a page's "Advertisement", "Sponsored", "Anzeige": ``ADVERT``); a headline
# marked "(Sponsor)". Not "Presented by ...": a letter's sponsor of the day is named so over its first real story.
_SPONSOR = re.compile(
    r"^(?:(?:together with|(?:sponsored|brought to you) by|in partnership with|a (?:word|message) from) [^.!?]{1,60}"
    r"|from (?:our|today'?s|this week'?s) (?:sponsors?|partners?)|(?:today'?s |this week'?s |our )?(?:sponsor|partner)"
    r"(?:ed)?(?: content| post| message)?|(?:sponsor|partner)(?:ed)? ?: [^.!?]{1,60}|paid (?:post|partnership))\W*$",
    re.IGNORECASE,
)
_READS_ON = re.compile(rf"{_READ_ON}|continues", re.IGNORECASE)
_SPONSOR_MARK = re.compile(r"\((?:sponsor(?:ed)?|ad|partner)\)\s*$", re.IGNORECASE)


def is_sponsor_label(text: str) -> bool:
    """Tell the short label that marks a newsletter's block as an advertisement ("Together with X", "Sponsored")."""
    text = text.strip()
    # A page's advert words include "Continue reading" and "Story continues below": a call to read on is no label.
    return len(text) <= 80 and bool(_SPONSOR.match(text) or ADVERT.match(text)) and not _READS_ON.search(text)


def is_sponsor_headline(text: str) -> bool:
    """Tell a headline that marks itself as an advertisement: "Ship faster with Acme (Sponsor)"."""
    return bool(_SPONSOR_MARK.search(text))


@dataclass(frozen=True, slots=True)
class Story:
    """One story of a newsletter: its headline, its own link, its blurb (paragraphs) and image if any."""

    title: str
    url: str
    blurb: tuple[str, ...]
    image: ArticleImage | None = None
    redirected: bool = False  # its link goes through a redirect that names the story's address (``unwrap``)


@dataclass(slots=True)
class Draft:
    """A story as a reader gathers it: its headline, its link once known, its blurb so far, its link element."""

    title: str
    url: str | None
    blurb: list[str] = field(default_factory=list)
    anchor: HtmlElement | None = None
    href: str | None = None  # the link as a plain-text part writes it (HTML's is its anchor's), before ``unwrap``
    sponsored: bool = False  # labelled as an advertisement right above its headline (``is_sponsor_label``)

    def add(self, text: str) -> None:
        """Add a paragraph to the blurb (a leading separator dropped), up to twice what a story keeps."""
        text = _SEPARATOR.sub("", text).strip()
        if text and sum(len(p) for p in self.blurb) < _BLURB_KEPT * 2:
            self.blurb.append(text)


def judge(
    drafts: list[Draft], image: Callable[[Draft], ArticleImage | None], *, minimum: int = MIN_STORIES
) -> list[Story]:
    """Keep the drafts that are stories, and all of them only when the mail's structure is a newsletter's.

    ``minimum``: how many stories make that structure (:data:`MIN_STORIES`; fewer only where the caller has seen
    that they are the whole mail).
    """
    seen: set[str] = set()
    kept: list[Draft] = []
    for draft in drafts[: _STORIES_MAX * 3]:
        key = canonical_url(draft.url) if draft.url else None
        blurb = " ".join(draft.blurb)
        if key is None or key in seen or len(blurb) < _BLURB_MIN:
            continue
        if draft.sponsored or is_sponsor_headline(draft.title) or (draft.blurb and is_sponsor_label(draft.blurb[0])):
            continue  # an advertisement laid out as a story
        seen.add(key)
        kept.append(draft)
    if len(kept) < minimum:
        return []
    if statistics.median(sum(len(p) for p in d.blurb) for d in kept) > _BLURB_MEDIAN_MAX:
        return []  # long texts under linked headings: the sections of one article
    stories = []
    for draft in kept[:_STORIES_MAX]:
        kept_blurb = _cut(trim_furniture(_without_label(draft.blurb), head=False))  # the last runs into the footer
        href = draft.anchor.get("href", "") if draft.anchor is not None else (draft.href or "")
        stories.append(Story(draft.title, draft.url or "", kept_blurb, image(draft), redirected=_redirect(href)))
    return stories


def _without_label(blurb: list[str]) -> list[str]:
    """Return a blurb without the label over its text: the source's name ("Baltic News"), a section ("POLITICS").

    Only a line of a few words that is no sentence, right over the story's prose.
    """
    if len(blurb) > 1 and len(blurb[0].split()) <= _LABEL_WORDS and not is_prose(blurb[0]) and is_prose(blurb[1]):
        return blurb[1:]
    return blurb


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


def mail_html(html: str) -> HtmlElement | None:
    """Parse a mail's HTML part without what a reader never sees: scripts, styles, the head, hidden elements."""
    tree = trafilatura.load_html(html)
    if tree is None and html.strip():
        # trafilatura refuses a fragment of one block (Gmail's whole part is one <div dir="ltr">): lxml reads it.
        try:
            tree = document_fromstring(html)
        except (ParserError, ValueError):
            return None
    if tree is None:
        return None
    for junk in tree.xpath("//script|//style|//head|//noscript"):
        junk.drop_tree()
    break_lines(tree)  # a line break parts words: "From: X<br>Date: Y" is not "XDate: Y"
    for hidden in tree.xpath("//*[@style]"):
        if _HIDDEN.search(hidden.get("style") or "") and hidden.getparent() is not None:
            hidden.drop_tree()
    return tree


def is_prose(text: str) -> bool:
    """Tell a paragraph of text (it ends as a sentence, or is long) from a masthead, heading, byline or button."""
    text = text.strip()
    return len(text) >= _PROSE_LONG or bool(_SENTENCE_END.search(text))


def trim_furniture(paragraphs: list[str], *, head: bool = True) -> list[str]:
    """Drop the lines around a letter's text that are not prose (see :func:`is_prose`); keep at least one.

    Before the text: mastheads, issue dates, "Read online", the headline again, bylines. After it: "Read more"
    links, buttons, social and poll links, postal addresses, and a short question to the reader. ``head=False``
    trims the end only (a story's blurb, whose first line may be short). A letter without a line of prose (a
    list of events, say) has nothing to tell its text by, and stays whole.
    """
    if head and not any(is_prose(p) for p in paragraphs):
        return paragraphs
    start, end = 0, len(paragraphs)
    while head and end - start > 1 and not is_prose(paragraphs[start]):
        start += 1
    while end - start > 1 and (
        not is_prose(paragraphs[end - 1])
        or (paragraphs[end - 1].rstrip().endswith("?") and len(paragraphs[end - 1]) < _POLL_QUESTION)
    ):
        end -= 1
    return paragraphs[start:end]


def read_more_url(line: str) -> str | None:
    """Return the address of a "Read more: URL" line (a short call to read on, then an address), else None."""
    found = TRAILING_URL.match(line) if len(line) < 2100 else None
    if found and READ_MORE.match(found.group(1).rstrip(" :\u2192")):
        return found.group(2).rstrip(TRAILING)
    return None


def is_headline(text: str) -> bool:
    """Tell whether a text may be a story's headline: a few words, not furniture, no address, no colon last."""
    text = text.strip()
    return (
        HEADLINE_MIN <= len(text) <= HEADLINE_MAX
        and len(text.split()) >= 2
        and not text.endswith(":")
        and not _FURNITURE_TEXT.search(text)
        and not URL.search(text)
    )


def story_link(text: str, href: str | None) -> bool:
    """Tell whether a link may be a story's: an absolute web address that is not the mail's furniture."""
    if not href or not href.lower().startswith(("http://", "https://")) or len(href) > 2000:
        return False
    if text and _FURNITURE_TEXT.search(text):
        return False
    return not _FURNITURE_URL.search(unwrap(href))


def _redirect(href: str) -> bool:
    """Tell a link that goes through a redirect naming its target (what :func:`unwrap` reads)."""
    return bool(href) and unwrap(href) != (href.strip().rstrip(TRAILING) if href.startswith("http") else href)


def unwrap(url: str) -> str:
    """Return the address a click-tracking link carries, else the link.

    Carried plainly (``?url=https%3A...``, ``/https:%2F%2F...``) or in base64 (:func:`_encoded_target`: Substack's
    ``/redirect/2/eyJ...``). A tracker whose link holds only its own key (Mailchimp's ``list-manage.com/track/click``,
    SendGrid's ``/ls/click?upn=``) names no address this side of the network: the link stays.
    """
    url = url.strip().rstrip(TRAILING) if url.startswith("http") else url
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
    for piece in (*parts.path.split("/"), *(value for _, value in parse_qsl(parts.query))):
        target = _encoded_target(piece)
        if target is not None:
            return target
    return url


# A piece of a link in base64 (URL-safe or not) that opens a JSON object ('{"' is "eyJ") or an address ("http" is
# "aHR0c"); a JSON Web Token's parts are joined by dots (Substack's redirect: the claims {"e": address, ...} and a
# signature).
_BASE64_PIECE = re.compile(r"(?:eyJ|aHR0c)[A-Za-z0-9_+/-]{12,}={0,2}")
# The claims that name the address, looked at before any other that holds one (the sender's site, say).
_TARGET_KEYS = frozenset({"e", "url", "u", "l", "link", "href", "target", "dest", "destination", "redirect"})
_WEB_ADDRESS = re.compile(r"https?://[^\s\x00-\x1f]+", re.IGNORECASE)


def _encoded_target(piece: str) -> str | None:
    """The web address a link's piece carries in base64: itself, or a JSON object's value that is one."""
    for part in unquote(piece).split("."):
        if not _BASE64_PIECE.fullmatch(part) or len(part) > 4000:
            continue
        try:
            text = base64.b64decode(part + "=" * (-len(part) % 4), altchars=b"-_").decode("utf-8").strip()
        except ValueError:  # binascii.Error and UnicodeDecodeError are ValueErrors
            continue
        target = _claimed(text) if text.startswith("{") else text
        if target is not None and _WEB_ADDRESS.fullmatch(target) and urlsplit(target).hostname:
            return target
    return None


def _claimed(text: str) -> str | None:
    """The address a JSON object names (:data:`_TARGET_KEYS` first), or None."""
    try:
        claims = json.loads(text)
    except ValueError:
        return None
    if not isinstance(claims, dict):
        return None
    values = [v for k, v in sorted(claims.items(), key=lambda pair: pair[0] not in _TARGET_KEYS) if isinstance(v, str)]
    return next((v for v in values if _WEB_ADDRESS.fullmatch(v)), None)
