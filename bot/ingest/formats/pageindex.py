"""A saved page laid out as story links and text, for the index-page test of ``bot.text.indexpage``."""

from __future__ import annotations

from lxml import etree
from lxml.html import HtmlElement

from bot.ingest.formats.meta import clean_inline
from bot.text.indexpage import IndexSigns, Piece, index_signs, link_host, story_link

# Never a story's text or an index's list: the site's menus, sidebars, footers, and what shows no text (and the
# site's <header>, its logo and menus, outside an article).
_SKIPPED = frozenset(
    ("nav", "aside", "footer", "form", "script", "style", "noscript", "template", "select", "button", "svg", "head")
)
_HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
_HEADING_PATH = etree.XPath("boolean(.//h1|.//h2|.//h3|.//h4|.//h5|.//h6)")


def page_index_signs(tree: HtmlElement, url: str | None) -> IndexSigns:
    """Return the index-page signs of a parsed page, whose own address is ``url`` (None when unknown)."""
    body = tree.find("body")
    own = link_host(url) if url else ""
    return index_signs(page_pieces(tree if body is None else body, own), own_known=bool(own))


def page_pieces(root: HtmlElement, own: str) -> list[Piece]:
    """Return a page's story links and text in reading order; a link to host ``own`` is the page's own site's.

    A story link is a link to another page whose text reads as a headline and stands alone: in a heading, around
    one, or with no text of its own block beside it (a list's item, a card's title). A link inside a sentence is
    part of that sentence's text.
    """
    pieces: list[Piece] = []
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, element in walker:
        tag = element.tag
        if event == "end":
            if element.tail and element is not root:
                pieces.append(Piece(element.tail))
            continue
        if not isinstance(tag, str) or tag in _SKIPPED or (tag == "header" and _site_header(element)):
            walker.skip_subtree()
            continue
        if tag == "a":
            site = _story_site(element, own)
            if site is not None:
                pieces.append(Piece(clean_inline(element.text_content()), site))
                walker.skip_subtree()
                continue
        if element.text:
            pieces.append(Piece(element.text))
    return pieces


def _site_header(header: HtmlElement) -> bool:
    """Tell whether a <header> is the site's (its logo and menus), not an article's (its headline and byline)."""
    return not any(a.tag in ("article", "main") for a in header.iterancestors())


def _story_site(link: HtmlElement, own: str) -> str | None:
    """Return the host a story link points to ("" for the page's own site), or None when it is no story link."""
    href = (link.get("href") or "").strip()
    if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
        return None
    if not story_link(clean_inline(link.text_content())):
        return None
    if not (_HEADING_PATH(link) or any(a.tag in _HEADINGS for a in link.iterancestors()) or _alone(link)):
        return None
    return link_host(href, own)


def _alone(link: HtmlElement) -> bool:
    """Tell whether a link has no text of its parent beside it (the block's item, not a sentence's words)."""
    if (link.tail or "").strip():
        return False
    before = link.getprevious()
    while before is not None and not isinstance(before.tag, str):
        before = before.getprevious()  # a comment
    parent = link.getparent()
    text = (before.tail if before is not None else parent.text if parent is not None else None) or ""
    return not text.strip()
