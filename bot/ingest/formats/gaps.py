"""Put back the sub-headings and paragraphs that the extractor dropped from the middle of an article."""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from bot.ingest.formats.meta import clean_inline

_WORD = re.compile(r"\w+")
_LEAF_BLOCKS = ("p", "h2", "h3", "h4", "h5", "h6", "div", "li", "blockquote", "figcaption", "td", "th", "pre")
_BLOCK_SET = frozenset(_LEAF_BLOCKS)
_HEADINGS = ("h2", "h3", "h4", "h5", "h6")
# A class that names a sub-heading: "subheadline", "sub-head", "article-heading", "section-title".
_HEADING_CLASS = re.compile(r"sub-?head|heading|section-?title|crosshead|intertitle", re.IGNORECASE)
# Classes of things that sit between paragraphs but are not the story.
_NOT_STORY = re.compile(
    r"caption|credit|related|promo|newsletter|share|social|advert|\bad\b|ad-|sponsor|embed|widget|signup|subscribe"
    r"|byline|author|meta|tags?\b|breadcrumb|comment|teaser|recirc|more|read-?next|footer|header|nav|hidden",
    re.IGNORECASE,
)
# Headings of boxes that point elsewhere ("Related news", "More from ...", "Most read").
_RECIRCULATION = re.compile(
    r"^(related|more|read|most|popular|trending|latest|top stories|recommended|see also|also|you may|you might"
    r"|editor'?s? picks?|watch|listen|sponsored|advertisement)\b",
    re.IGNORECASE,
)
# A picture's credit line: "Photo by A. Name/Agency", "Image: ...", "(Photo credit ...)".
_CREDIT = re.compile(
    r"^\(?(photo|image|picture|illustration|graphic|video)s?( credit)?\s*(by\b|:|\u00a9)|\u00a9|\bgetty images\b",
    re.IGNORECASE,
)
_MIN_KEY = 12  # characters of words: shorter blocks ("Share", "1") match too much to place


def _key(text: str) -> str:
    return "".join(_WORD.findall(text.casefold()))


def restore_gaps(container_root: HtmlElement, lines: list[str]) -> list[str]:
    """Return ``lines`` with the sub-headings and plain paragraphs that sit between kept paragraphs put back.

    The extractor's lines are located in the page; blocks between two located ones that are headings, or
    paragraphs of the same parent as a located paragraph, and whose markup does not name a caption, share box,
    advert or related-links box, are inserted where they stand.
    """
    keys = [_key(line) for line in lines]
    everything = "".join(keys)
    index_of = {k: i for i, k in reversed(list(enumerate(keys))) if len(k) >= _MIN_KEY}
    blocks: list[tuple[HtmlElement, str, int | None]] = []
    for node in _leaves(_container(container_root, lines)):
        key = _key(node.text_content())
        if key:
            blocks.append((node, key, index_of.get(key) if len(key) >= _MIN_KEY else None))
    located = [i for i, (_, _, at) in enumerate(blocks) if at is not None]
    if len(located) < 2:
        return lines
    parents = {blocks[i][0].getparent() for i in located}
    taken = {at for _, _, at in blocks if at is not None}
    inserts: dict[int, list[str]] = {}
    replaces: dict[int, str] = {}
    last_line: int | None = None
    for position in range(located[0], located[-1] + 1):
        node, key, at = blocks[position]
        if at is not None:
            last_line = at if last_line is None else max(last_line, at)
            continue
        if last_line is None or key in everything:
            continue
        if node.find(".//script") is not None or node.find(".//style") is not None:
            continue
        text = clean_inline(node.text_content())
        following = last_line + 1
        if following < len(lines) and following not in taken and _lost_words(keys[following], key):
            replaces[following] = text  # the extractor dropped some of its words (the text of inline links)
            taken.add(following)
            last_line = following
        elif _belongs(node, text, parents):
            inserts.setdefault(last_line, []).append(text)
    dropped = _link_lists(blocks)
    if not inserts and not replaces and not dropped:
        return lines
    out: list[str] = []
    for i, line in enumerate(lines):
        if i not in dropped:
            out.append(replaces.get(i, line))
        out += inserts.get(i, [])
    return out


def _link_lists(blocks: list[tuple[HtmlElement, str, int | None]]) -> set[int]:
    """Return the lines that come from a run of list items that are each one link: a related-stories list."""
    linked = {at for node, key, at in blocks if at is not None and node.tag == "li" and _all_link(node, key)}
    runs: list[list[int]] = []
    for i in sorted(linked):
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return {i for run in runs if len(run) >= 2 for i in run}


def _all_link(node: HtmlElement, key: str) -> bool:
    links = "".join(_key(a.text_content()) for a in node.iter("a"))
    return len(links) >= 0.9 * len(key)


def _lost_words(short: str, full: str) -> bool:
    """Tell whether ``short`` is ``full`` with words left out: same start, same end, shorter."""
    edge = 15
    return len(full) > len(short) >= 2 * edge and full.startswith(short[:edge]) and full.endswith(short[-edge:])


def _container(root: HtmlElement, lines: list[str]) -> HtmlElement:
    """Return the smallest element around the longest line that holds most of the text: the article's box.

    Only that box is searched, not the menus and footers around it; the whole page when the line is not found.
    """
    longest = max(lines, key=len, default="")
    snippet = longest[:40].strip()
    if len(snippet) < _MIN_KEY:
        return root
    found = root.xpath("//body//text()[contains(., $s)]", s=snippet)
    if len(found) != 1:
        return root
    node = found[0].getparent()
    wanted = 0.9 * sum(len(line) for line in lines)
    while node is not None and len(node.text_content()) < wanted:
        node = node.getparent()
    return root if node is None else node


def _leaves(root: HtmlElement) -> list[HtmlElement]:
    """Return the blocks that hold no other block, in document order."""
    blocks = list(root.iter(*_LEAF_BLOCKS))
    holders: set[HtmlElement] = set()
    for block in blocks:
        if len(block) == 0 and not (block.text or "").strip():
            continue  # an empty spacer inside a heading does not make the heading a container
        # Marking the nearest enclosing block is enough: it in turn marks the one above it.
        for ancestor in block.iterancestors():
            if ancestor.tag in _BLOCK_SET:
                holders.add(ancestor)
                break
    return [block for block in blocks if block not in holders]


def _belongs(node: HtmlElement, text: str, parents: set[HtmlElement]) -> bool:
    if len(text) > 1000:
        return False
    for element in (node, *list(node.iterancestors())[:2]):
        if element in parents:
            break  # the container of kept paragraphs: its classes ("author-x", "tag-y") describe the whole story
        marks = f"{element.get('class', '')} {element.get('id', '')}"
        if _NOT_STORY.search(marks) and not _HEADING_CLASS.search(marks):
            return False
    if _RECIRCULATION.search(text) or (len(text) < 160 and _CREDIT.search(text)):
        return False  # the title of a box of links to other pages, or a picture's credit
    if text.upper() == text and text.lower() != text:
        return False  # all capitals: a tabloid's cross-head, a teaser's title or a call to action
    if node.tag in _HEADINGS or _HEADING_CLASS.search(node.get("class", "")):
        # A link to a place on the same page (a table of contents' back-link, a permalink) points nowhere else.
        links = "".join(clean_inline(a.text_content()) for a in node.iter("a") if not a.get("href", "").startswith("#"))
        return (
            len(text) <= 200
            # A heading that is all link to another page is a teaser for it.
            and len(links) < 0.8 * len(text)
        )
    if node.tag != "p":
        return False
    parent = node.getparent()
    # A sibling of kept paragraphs, or a paragraph in a box of the same kind as theirs (one card per paragraph).
    return parent in parents or (
        parent is not None and bool(parent.get("class")) and _signature(parent) in {_signature(p) for p in parents}
    )


def _signature(element: HtmlElement) -> tuple[str, str]:
    return str(element.tag), " ".join(sorted((element.get("class") or "").split()))
