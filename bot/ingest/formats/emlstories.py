"""An aggregator newsletter's stories: repeated blocks of a linked headline followed by a short blurb.

Decided by the mail's structure alone, never by who sent it: at least :data:`MIN_STORIES` blocks whose headline
is a link of its own (not a link inside a sentence), each followed by a short text, each to its own address.
A personal letter (links inside sentences), a single article (long text under one headline) and a mail whose
only links are its footer's (unsubscribe, preferences, social pages, view in browser) give no stories, and
stay one article. HTML layouts (tables, divs with headings, lists) and plain-text layouts ("Headline / URL /
blurb" blocks, markdown-ish bullets with links) are read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from lxml.html import HtmlElement

from bot.ingest.formats.emlrules import (
    BULLET,
    HEADLINE_MAX,
    HEADLINE_MIN,
    MIN_STORIES,
    READ_MORE,
    Draft,
    Story,
    is_headline,
    is_sponsor_label,
    judge,
    mail_html,
    story_link,
    unwrap,
)
from bot.ingest.formats.emltext import text_stories
from bot.ingest.formats.meta import clean_inline
from bot.ingest.images import article_image, plausible_image
from bot.models import ArticleImage

__all__ = ["MIN_STORIES", "Story", "html_stories", "split_stories", "text_stories"]

_PARAGRAPHS = 3  # a story's blurb in HTML: its first few paragraphs, before a sign-off could creep in
_TEXT_TAGS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre")
_BLOCK_TAGS = (*_TEXT_TAGS, "td", "th", "div", "section", "article")
_HEADING_TAGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))


def split_stories(
    plain: str, html: str, *, furniture: Callable[[str], bool], minimum: int = MIN_STORIES
) -> list[Story]:
    """Return the mail's stories when it is an aggregator newsletter, else an empty list.

    ``furniture`` tells a paragraph of mailing-list furniture (footer, address, copyright), left out of blurbs.
    Of the HTML and the plain-text part, the one that reads as more stories wins. ``minimum``: see ``judge``.
    """
    found = [
        html_stories(html, furniture=furniture, minimum=minimum) if html else [],
        text_stories(plain, furniture=furniture, minimum=minimum),
    ]
    best = max(found, key=len)
    return best if len(best) >= minimum else []


def html_stories(html: str, *, furniture: Callable[[str], bool], minimum: int = MIN_STORIES) -> list[Story]:
    """Return the stories of an HTML newsletter (empty unless its structure is one of repeated stories)."""
    tree = mail_html(html)
    if tree is None:
        return []
    drafts: list[Draft] = []
    above = ""  # the block right above: a sponsor's label ("Together with ...") makes the story under it an ad
    for node, text in _blocks(tree):
        headline = _headline(node, text)
        if headline is not None:
            title, url, rest, anchor = headline
            drafts.append(Draft(title, url, anchor=anchor, sponsored=is_sponsor_label(above)))
            drafts[-1].add(rest)
        elif node.tag in _HEADING_TAGS and HEADLINE_MIN <= len(text) <= HEADLINE_MAX and not furniture(text):
            # a heading without a link: a "Read more" link may follow
            drafts.append(Draft(BULLET.sub("", text), None, sponsored=is_sponsor_label(above)))  # "2. Headline"
        elif drafts:
            more = _read_more(node, text)
            if more is not None:
                if drafts[-1].url is None:
                    drafts[-1].url = more
            elif not furniture(text) and not _only_furniture_links(node, text) and len(drafts[-1].blurb) < _PARAGRAPHS:
                drafts[-1].add(text)
        above = text
    anchors = {id(d.anchor) for d in drafts if d.anchor is not None}
    return judge(drafts, lambda d: _story_image(d.anchor, anchors) if d.anchor is not None else None, minimum=minimum)


def _blocks(tree: HtmlElement) -> Iterator[tuple[HtmlElement, str]]:
    """Yield every block that holds text itself (no block inside it), with its text, in document order.

    A link standing loose in a box that also holds blocks (``<td><a>Headline</a><div>Source</div><div>Blurb</div>``,
    as Google Alerts and other digests lay out each story) is a block of its own: it was no block's text at all.
    """
    boxes: dict[HtmlElement, bool] = {}  # whether a box holds blocks, asked once for all of its links

    def holds_blocks(box: HtmlElement) -> bool:
        held = boxes.get(box)
        if held is None:
            held = boxes[box] = _holds_blocks(box)
        return held

    for node in tree.iter(*_BLOCK_TAGS, "a"):
        if node.tag == "a":
            if _loose(node, holds_blocks):
                text = clean_inline(node.text_content())
                if text:
                    yield node, text
            continue
        if _holds_blocks(node):
            continue
        if any(a.tag in _TEXT_TAGS for a in node.iterancestors()):
            continue
        text = clean_inline(node.text_content())
        if text:
            yield node, text


def _holds_blocks(node: HtmlElement) -> bool:
    return node.tag in ("td", "th", "div", "section", "article") and any(
        isinstance(child.tag, str) and child.tag in _BLOCK_TAGS for child in node.iterdescendants()
    )


def _loose(anchor: HtmlElement, holds_blocks: Callable[[HtmlElement], bool]) -> bool:
    """Tell whether a link stands alone on its line in a box of blocks, where no block yielded holds it.

    A link inside running text loose in such a box ("Read <a>the report</a> here") is a reference, no block.
    ``holds_blocks`` tells a box holding blocks (remembered: a box of ten thousand links is read once, not for each).
    """
    node = anchor
    for parent in anchor.iterancestors():
        if not isinstance(parent.tag, str):
            return False
        if parent.tag in _BLOCK_TAGS:
            return _alone(node) and holds_blocks(parent)
        if not _alone(node):
            return False
        node = parent  # an inline wrapper (<b><a>...</a></b>): the wrapper must stand alone in turn
    return False


def _alone(node: HtmlElement) -> bool:
    """Tell whether nothing but white space, a line break or a block stands right before and after a node."""
    before = node.getprevious()
    text_before = (before.tail if before is not None else node.getparent().text) or ""
    after = node.getnext()
    return (
        not text_before.strip()
        and (before is None or before.tag in (*_BLOCK_TAGS, "br", "img"))
        and not (node.tail or "").strip()
        and (after is None or after.tag in (*_BLOCK_TAGS, "br", "img"))
    )


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
        opening = BULLET.sub("", text)
        if not opening.startswith(title) or not is_headline(title) or not story_link(title, href):
            return None
        return title, unwrap(href), opening[len(title) :], anchor
    return None


def _only_furniture_links(node: HtmlElement, text: str) -> bool:
    """Tell a block that is nothing but links, none of them a story's ("Twitter Facebook", "Privacy | Terms")."""
    anchors = list(node.iter("a"))[:50]
    linked = sum(len(clean_inline(a.text_content())) for a in anchors)
    return (
        bool(anchors)
        and linked * 10 >= len(text.replace(" ", "")) * 7
        and not any(
            story_link(clean_inline(a.text_content()), a.get("href")) and is_headline(clean_inline(a.text_content()))
            for a in anchors
        )
    )


def _read_more(node: HtmlElement, text: str) -> str | None:
    """Return the link of a "Read more" block (a block that is only such a link), else None."""
    if len(text) > 60 or not READ_MORE.match(text):
        return None
    for anchor in node.iter("a"):
        href = (anchor.get("href") or "").strip()
        if story_link("", href):
            return unwrap(href)
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
