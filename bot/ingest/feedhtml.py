"""HTML fragments from feeds to clean text paragraphs, and short titles from text."""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import unescape
from urllib.parse import unquote, urljoin, urlsplit

import lxml.html
from lxml import etree

from bot.text.linepatterns import ADVERT, HASHTAGS
from bot.text.paragraphs import text_to_paragraphs, without_cut_sentence

# Blocks whose boundaries are paragraph breaks.
_BLOCKS = frozenset(
    {
        "p", "div", "section", "article", "header", "footer", "aside", "main", "blockquote", "pre", "ul", "ol",
        "li", "dl", "dt", "dd", "table", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "figure", "hr", "address",
    }
)  # fmt: skip
# Never text a reader wants: code to run, embedded players, forms, a post's navigation (a table of contents).
_DROP = frozenset(
    {"script", "style", "noscript", "iframe", "object", "embed", "form", "button", "svg", "template", "nav"}
)
# What a post's markup calls a button or a share bar ("button primary", "wp-block-button", "kg-btn", "share-bar"):
# a control ("Subscribe now", "Share", "Leave a comment"), no text of the story, in any language it is written in.
_CONTROL_CLASS = re.compile(r"(?:^|[\s_-])(?:button|btn|cta|share|sharing|subscribe)(?:$|[\s_-])", re.IGNORECASE)
# A picture's caption or credit ("The ferry at the quay. Photo: A. Name"): a figcaption, or what WordPress, Substack
# and page builders call one (wp-caption-text, image-caption, article-image__caption), beside an image.
_CAPTION_CLASS = re.compile(r"(?:^|[\s_-])caption(?:$|[\s_-])", re.IGNORECASE)
_CAPTION_HINT = re.compile(r"caption", re.IGNORECASE)
_SPACE = re.compile(r"[ \t\r\f\v\u00a0\u200b]+")
_TAG_HINT = re.compile(r"<\s*[a-zA-Z!/]")
_BREAK = "\x00P\x00"
# Around a link in the marked walk: open, its address, the start of its text, close.
_LINK_OPEN, _HREF_END, _LINK_CLOSE = "\x01", "\x03", "\x02"
_MARKS = str.maketrans("", "", "\x01\x02\x03")
_LINKED = re.compile("\x01([^\x03\x02]*)\x03?([^\x02]*)\x02?")
_WORD = re.compile(r"[^\W_]+")
# A block of a list of links may carry a short label beside its link: "The Daily Example", "submitted by".
_LABEL_WORDS = 5
# A block this long, or ending as a sentence does, is text even when it is linked (a podcast's whole description
# linked to its audio, a link blog's sentence around its link).
_LINK_WORDS = 30
_SENTENCE_END = re.compile(r"[.!?\u2026\u3002\uff01\uff1f][\"'\u201d\u2019)\]]*\s*$")
# A closing line that links back to the entry itself, with a few words around it: "The post X appeared first on
# Y.", "To read this article in full, please click here", "Continue reading".
_SELF_LINK_WORDS = 12
_CLOSING_BLOCKS = 3
# The notice a podcast host closes every episode's notes with: "Hosted on Acast. See acast.com/privacy for more
# information.", "Learn more about your ad choices. Visit megaphone.fm/adchoices", "See omnystudio.com/listener for
# privacy information.", "Privacy & Opt-Out: https://...", "... our collection and use of personal data for
# advertising." A short closing block holding one, and a link, is furniture.
_HOST_NOTICE = re.compile(
    r"\bsee\s+\S{1,80}\s+for\s+(?:more\s+|privacy\s+)?information\b|\bad\s?choices\b|"
    r"\bprivacy\s*(?:&|and)\s*opt[- ]?out\b|\bpersonal\s+data\s+for\s+advertising\b",
    re.IGNORECASE,
)
_NOTICE_WORDS = 40


def html_to_paragraphs(fragment: str, *, captions: bool = True) -> list[str]:
    """Return the readable text of an HTML fragment as paragraphs, with markup and scripts removed.

    ``captions=False`` leaves out the captions of pictures (:func:`_image_caption`).
    """
    if not fragment or not fragment.strip():
        return []
    if not _TAG_HINT.search(fragment):
        return text_to_paragraphs(unescape(fragment))
    root = _root(fragment)
    if root is None:
        return text_to_paragraphs(re.sub(r"<[^>]*>", " ", unescape(fragment)))
    parts: list[str] = []
    _walk(root, parts, pictured=None if captions else _pictured(root))
    return text_to_paragraphs("".join(parts).replace(_BREAK, "\n\n"))


# Markup that text rarely means literally: a tag of a known element, opening or closing ("<p>", "</em>").
_MARKUP = re.compile(
    r"</?(?:p|div|span|a|b|i|em|strong|u|li|ul|ol|h[1-6]|blockquote|figure|figcaption|table|td|tr|code|pre|br|hr|img"
    r"|script|style)\b[^<>]{0,500}>",
    re.IGNORECASE,
)


def holds_markup(text: str) -> bool:
    """Whether text holds HTML markup, not "<" as a character: "Generics <T> in Rust" is text, "<p>A</p>" is not.

    The one test for text that may be either: a feed's text escaped once too often ("&amp;lt;p&amp;gt;"), HTML in an
    Atom text element, a JSON file's text fields.
    """
    return "<" in text and _MARKUP.search(text) is not None


def _without_adverts(paragraphs: list[str]) -> list[str]:
    """The paragraphs without the ad slots a site leaves in its feed's HTML.

    "ADVERTISEMENT", "Anzeige", "Story continues below advertisement": never the story's, they stood between its
    paragraphs in ``/find`` and digests.
    """
    return [paragraph for paragraph in paragraphs if not ADVERT.match(paragraph)]


def entry_paragraphs(fragment: str | None, own: Sequence[str], *, title: str = "") -> list[str]:
    """:func:`html_to_paragraphs` of a feed entry's HTML, without the links a feed closes an entry with.

    A closing block that is only a link ("\u2605", "\u221e Permalink", "Comments") or that links back to the entry
    itself (any of ``own``, its link and id: "The post X appeared first on Y."; with more words around it only
    where its text is the entry's ``title``: Medium's "X was originally published in Y on Medium, where people
    are continuing the conversation by highlighting and responding to this story.") is the feed's furniture, and
    so is a link back to the entry after the last sentence of a teaser ("\u2026 Continue reading", "... [read
    more]"). Of an entry with a headline (``title``), a fragment that is only links (:func:`links_only`) gives
    no text.
    A picture's caption or credit is no text of the story (it was a key point: "The ferry at the quay on
    Saturday."), unless the entry has no other text (a photo post).
    """
    paragraphs = _entry_paragraphs(fragment, own, title=title, captions=False)
    if not paragraphs and fragment and _CAPTION_HINT.search(fragment):
        paragraphs = _entry_paragraphs(fragment, own, title=title, captions=True)
    # A social post's closing hashtags ("#energy #wind") are no text of it (never its only paragraph; a hashtag
    # heading inside show notes, "#askatp", stays).
    end = len(paragraphs)
    while end > 1 and paragraphs[end - 1][:1] == "#" and HASHTAGS.fullmatch(paragraphs[end - 1]):
        end -= 1
    return without_cut_sentence(_without_closing_furniture(paragraphs[:end]))


def _without_closing_furniture(paragraphs: list[str]) -> list[str]:
    """The paragraphs without the page's furniture a post's HTML closes with, once its links are gone.

    A share bar ("Share this:", "Facebook", "X"), a related posts box's heading ("Related", "Ähnliche Beiträge"),
    "Leave a comment", "Subscribe to our newsletter": the closing run of short lines that end no sentence, under
    the post's last sentence, from its first line the line kinds call furniture (a short "more" line only: "Listen
    on the website." is the post's). Never every paragraph.
    """
    from bot.text.clean import is_related_heading  # here: only the few closing lines of an entry ask them
    from bot.text.linekinds import classify_line

    cut = None
    at = len(paragraphs)
    while at > 1:
        line = paragraphs[at - 1]
        if len(line) > _FURNITURE_CHARS or _SENTENCE_END.search(line):
            break
        kind = classify_line(line)
        words = len(line.split())
        if kind in _CLOSING or (kind == "more" and words <= _LABEL_WORDS_MORE) or is_related_heading(line):
            cut = at - 1
        elif words > _BUTTON_WORDS:
            break  # a short line of text: the post's own, and all above it
        at -= 1
    if cut is None or not _SENTENCE_END.search(paragraphs[at - 1]):
        return paragraphs  # the run follows no sentence: a list the post introduces ("Useful help posts:")
    return paragraphs[:cut]


_FURNITURE_CHARS = 80
_CLOSING = frozenset({"share", "comments", "subscribe", "advert", "buttons", "follow"})
_LABEL_WORDS_MORE = 3  # "Related", "More from us", "Support Humans" (the heading over links the walk dropped)
_BUTTON_WORDS = 2  # a share button's label the kinds do not know ("X", "Bluesky") inside the run


def _entry_paragraphs(fragment: str | None, own: Sequence[str], *, title: str, captions: bool) -> list[str]:
    if fragment and not _TAG_HINT.search(fragment):
        # Text without markup (YouTube's media:description, a plain summary): its line breaks are its own ("Chapters:"
        # / "00:00 Opening" / "12:30 Debate" were one line, then a key point), but for a line cut mid-sentence (a
        # mailing list's text), as a pasted copy's lines are read.
        text = unescape(fragment)
        if holds_markup(text):  # HTML escaped twice by the feed's generator: "&lt;p&gt;" was shown as "<p>"
            return _entry_paragraphs(text, own, title=title, captions=captions)
        from bot.text.pasted import paragraph_lines  # here: the feed parser needs it for text without markup only

        return paragraph_lines(text)
    blocks = _marked_blocks(fragment, captions=captions) if fragment and _LINK_HINT.search(fragment) else None
    if blocks is None:
        return _without_adverts(html_to_paragraphs(fragment or "", captions=captions))
    if title and _only_links(blocks):
        return []
    pages = {page for page in (_page(url, None) for url in own) if page}
    base = next((url for url in own if url and url.startswith(("http://", "https://"))), None)
    worded = [i for i, block in enumerate(blocks) if block.strip() and not ADVERT.match(_plain(block).strip())]
    end = len(blocks)
    heading = _title_key(title)
    for step in range(min(_CLOSING_BLOCKS, len(worded))):
        last = worded[-1 - step]
        before = blocks[worded[-2 - step]] if step + 1 < len(worded) else ""
        if not _closing_link(blocks[last], before, pages if step == 0 else None, base, heading):
            break
        end = last
    kept = [i for i in worded if i < end]
    if kept:
        blocks[kept[-1]] = _without_more_link(blocks[kept[-1]], pages, base)
    return _without_adverts(text_to_paragraphs("\n\n".join(_plain(block) for block in blocks[:end])))


def links_only(fragment: str | None) -> bool:
    """Whether an HTML fragment is only links to other pages: each block a link, with at most a short label.

    What aggregators send as an entry's description (Google News: its headline and the other sources' headlines,
    each a link and a publisher's name; Hacker News: "Comments"; Reddit: "submitted by /u/name [link] [comments]"):
    no text of the story, and another story's headline is no key point of this one.
    """
    blocks = _marked_blocks(fragment) if fragment and _LINK_HINT.search(fragment) else None
    return blocks is not None and _only_links(blocks)


def linked_story(fragment: str | None, own: Sequence[str]) -> str | None:
    """The story a link aggregator's entry points to, where the entry's own link is its discussion page.

    Reddit's link post: "submitted by /u/name [link] [comments]", the entry's link the comments page (the
    "[comments]" link), the story behind "[link]". A community following a subreddit wants the story's page in its
    digest (and the story known as the one the publisher's own feed gives); None for any other entry (a self post's
    "[link]" is its own page).
    """
    if not fragment or "[link]" not in fragment or "[comments]" not in fragment:
        return None
    blocks = _marked_blocks(fragment)
    if blocks is None:
        return None
    links = {text.strip(): address.strip() for block in blocks for address, text in _LINKED.findall(block)}
    story, comments = links.get("[link]"), links.get("[comments]")
    pages = {page.rstrip("/") for page in own if page}
    if not story or not comments or comments.rstrip("/") not in pages or story.rstrip("/") in pages:
        return None
    return story if story.startswith(("https://", "http://")) else None


def _only_links(blocks: list[str]) -> bool:
    worded = [block for block in blocks if _WORD.search(_plain(block))]
    return bool(worded) and all(_link_block(block) for block in worded)


_LINK_HINT = re.compile(r"<a[\s>]", re.IGNORECASE)


def _marked_blocks(fragment: str, *, captions: bool = True) -> list[str] | None:
    """The fragment's blocks with each link marked (address and text); None where it cannot be parsed."""
    root = _root(_unmarked(fragment))
    if root is None:
        return None
    parts: list[str] = []
    _walk(root, parts, mark_links=True, pictured=None if captions else _pictured(root))
    return "".join(parts).split(_BREAK)


def _words(block: str) -> tuple[int, int]:
    """Words inside links and outside them, in a marked block."""
    inside = sum(len(_WORD.findall(text)) for _, text in _LINKED.findall(block))
    return inside, len(_WORD.findall(_LINKED.sub(" ", block)))


def _link_block(block: str) -> bool:
    """Whether a marked block is a link with at most a short label (not a sentence, not long)."""
    inside, outside = _words(block)
    if inside == 0 or outside > min(_LABEL_WORDS, inside) or inside + outside > _LINK_WORDS:
        return False
    return not _SENTENCE_END.search(_plain(block))


def _closing_link(block: str, before: str, pages: set[str] | None, base: str | None, heading: str = "") -> bool:
    """Whether a marked block closing an entry is furniture.

    A glyph linked; a podcast host's notice (:data:`_HOST_NOTICE`) with its link; a link line that does not end a
    list of links (a podcast's show notes are the entry's); the last block only (``pages`` given): a few words
    around a link back to the entry itself, or a sentence around such a link whose text is the entry's headline
    (``heading``, as :func:`_title_key` gives it). Never the text before such a line (a link blog's sentence
    around its link).
    """
    links = _LINKED.findall(block)
    if not links:
        return False
    inside, outside = _words(block)
    if inside == 0 and outside == 0:
        return True  # a glyph linked: "\u2605", "\u25c9", "\u00b6"
    if inside + outside <= _NOTICE_WORDS and _HOST_NOTICE.search(_plain(block)):
        return True
    if _link_block(block) and not (_LINKED.search(before) and _link_block(before)):
        return True
    if pages is None or outside > _LINK_WORDS:
        return False
    own = [text for href, text in links if _page(href, base) in pages]
    return bool(own) and (outside <= _SELF_LINK_WORDS or (bool(heading) and any(_title_key(t) == heading for t in own)))


def _title_key(text: str) -> str:
    """A headline or a link's text as words alone, to tell the entry's headline where a link repeats it."""
    return " ".join(_WORD.findall(_unmarked(text).casefold()))


# A marked block's last link and what follows it: nothing but spaces and punctuation ("Continue reading", "[read
# more]", "Read the full story \u2192").
_LAST_LINK = re.compile("\x01([^\x03\x02]*)\x03([^\x01\x02]*)\x02[^\\w\x01]*")


def _without_more_link(block: str, pages: set[str], base: str | None) -> str:
    """The last block without a short link back to the entry after its last sentence: a teaser's "read more".

    The link must stand after a sentence's end (".", "\u2026", "[\u2026]"): a sentence ending in a link to the
    entry's page is the story's ("... as the Courier reported <a>on Friday</a>.").
    """
    start = block.rfind(_LINK_OPEN)
    found = _LAST_LINK.fullmatch(block, start) if start >= 0 else None
    if found is None or _page(found[1], base) not in pages or len(_WORD.findall(found[2])) > _SELF_LINK_WORDS:
        return block
    rest = block[:start]
    if not _WORD.search(_plain(rest)) or not _SENTENCE_END.search(_plain(rest)):
        return block
    return rest


def _unmarked(text: str) -> str:
    """The text without the walk's marks (str.translate is slow on long text: only where one is found)."""
    if "\x01" in text or "\x02" in text or "\x03" in text:
        return text.translate(_MARKS)
    return text


def _plain(block: str) -> str:
    """A marked block's text: each link's text kept, the marks and addresses gone."""
    if _LINK_OPEN not in block:
        return _unmarked(block)
    return _unmarked(_LINKED.sub(r"\2", block))


def _page(url: str | None, base: str | None) -> str | None:
    """A web address as host and path, to tell two spellings of one page alike (scheme, query, fragment aside)."""
    if not url:
        return None
    try:
        parts = urlsplit(urljoin(base, url.strip()) if base else url.strip())
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return parts.netloc.lower().removeprefix("www.") + (parts.path.rstrip("/") or "/")


def _root(fragment: str) -> etree._Element | None:
    try:
        return lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return None


def _pictured(root: etree._Element) -> set[etree._Element]:
    """The elements holding a picture (an img, picture or video inside them), found in one pass."""
    holders: set[etree._Element] = set()
    for picture in root.iter("img", "picture", "video"):
        for ancestor in picture.iterancestors():
            if ancestor in holders:
                break  # and so are all of its ancestors
            holders.add(ancestor)
    return holders


def _image_caption(element: etree._Element, tag: str, pictured: set[etree._Element]) -> bool:
    """Whether an element is a picture's caption: a figcaption or a caption's class, beside a picture.

    A figure's caption without a picture stays (a quotation's source: "<figure><blockquote>...</blockquote>
    <figcaption>A. Name</figcaption>").
    """
    if tag != "figcaption" and _CAPTION_CLASS.search(element.get("class") or "") is None:
        return False
    return element.getparent() in pictured


def _walk(
    element: etree._Element,
    parts: list[str],
    mark_links: bool = False,
    pictured: set[etree._Element] | None = None,
) -> None:
    """Write the element's text into ``parts``; ``pictured`` given (:func:`_pictured`), without pictures' captions."""
    tag = element.tag if isinstance(element.tag, str) else ""
    tag = tag.lower()
    if (
        tag in _DROP
        or (tag and _CONTROL_CLASS.search(element.get("class") or "") is not None)
        or (tag and pictured is not None and _image_caption(element, tag, pictured))
    ):
        if element.tail:
            parts.append(element.tail)
        return
    block = tag in _BLOCKS
    link = mark_links and tag == "a"
    if block:
        parts.append(_BREAK)
    if tag == "br":
        parts.append("\n")
    if link:
        href = element.get("href")
        parts.append(_LINK_OPEN + (_unmarked(href) if isinstance(href, str) else "") + _HREF_END)
    if isinstance(element.tag, str) and element.text:
        parts.append(element.text)
    for child in element:
        _walk(child, parts, mark_links, pictured)
    if link:
        parts.append(_LINK_CLOSE)
    if block:
        parts.append(_BREAK)
    if element.tail:
        parts.append(element.tail)


def inline_text(text: str | None) -> str:
    """Return a one-line text (a title) with any markup and entities removed."""
    if not text:
        return ""
    if _TAG_HINT.search(text) or "&" in text:
        text = " ".join(html_to_paragraphs(text))
    return _SPACE.sub(" ", text.replace("\n", " ")).strip()


# A link's last path segment as words: "harbour-bridge-reopens-after-repairs", "Quay_lamps_relit.html".
_SLUG_SEPARATORS = re.compile(r"[-_+~]|%20")
_SLUG_SUFFIX = re.compile(r"\.(?:s?html?|php\d?|aspx?|jsp|cfm)$", re.IGNORECASE)
_SLUG_WORDS = 3
_SLUG_CHARS = 200


def title_from_link(url: str | None) -> str:
    """A headline read from an entry's link, for an entry with neither title nor text.

    A repost, a titleless image feed: "/2026/12/05/harbour-bridge-reopens-after-repairs/" is "Harbour bridge reopens
    after repairs". Only a last path segment of at least three words, nearly all letters, reads as one: "" for an id
    ("?p=1234", "/item/83415"), a file name ("IMG_2034.jpg") or a code.
    """
    if not url or not url.startswith(("http://", "https://")):
        return ""
    try:
        path = urlsplit(url).path
    except ValueError:
        return ""
    raw = next((part for part in reversed(path.split("/")) if part), "")
    if len(raw) > _SLUG_CHARS * 12:  # a character is at most four bytes, each written as a %XX escape
        return ""
    segment = unquote(raw)
    parts = [part for part in _SLUG_SEPARATORS.split(_SLUG_SUFFIX.sub("", segment)) if part]
    while parts and any(c.isdigit() for c in parts[-1]) and parts[-1].isalnum():
        parts.pop()  # the site's id after the words: "tram-line-approved-83415", Medium's "...-b959ded1a1a4"
    words = sum(1 for part in parts if part.isalpha())
    if words < _SLUG_WORDS or words < len(parts) - 1 or len(segment) > _SLUG_CHARS:
        return ""
    text = " ".join(parts)
    return text[0].upper() + text[1:]
