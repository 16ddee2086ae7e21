"""HTML fragments from feeds to clean text paragraphs, and short titles from text."""

from __future__ import annotations

import re
from html import unescape

import lxml.html
from lxml import etree

# Blocks whose boundaries are paragraph breaks.
_BLOCKS = frozenset(
    {
        "p", "div", "section", "article", "header", "footer", "aside", "main", "blockquote", "pre", "ul", "ol",
        "li", "dl", "dt", "dd", "table", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "figure", "hr", "address",
    }
)  # fmt: skip
# Never text a reader wants: code to run, embedded players, forms.
_DROP = frozenset({"script", "style", "noscript", "iframe", "object", "embed", "form", "button", "svg", "template"})
_SPACE = re.compile(r"[ \t\r\f\v\u00a0\u200b]+")
_TAG_HINT = re.compile(r"<\s*[a-zA-Z!/]")
_BREAK = "\x00P\x00"
# Around a link's text, in the walk of links_only only.
_LINK_OPEN, _LINK_CLOSE = "\x01", "\x02"
_LINKED = re.compile("\x01[^\x02]*\x02?")
_WORD = re.compile(r"[^\W_]+")
# A block of a list of links may carry a short label beside its link: "The Daily Example", "submitted by".
_LABEL_WORDS = 5
# A block this long, or ending as a sentence does, is text even when it is linked (a podcast's whole description
# linked to its audio, a link blog's sentence around its link).
_LINK_WORDS = 30
_SENTENCE_END = re.compile(r"[.!?\u2026\u3002\uff01\uff1f][\"'\u201d\u2019)\]]*\s*$")


def html_to_paragraphs(fragment: str) -> list[str]:
    """Return the readable text of an HTML fragment as paragraphs, with markup and scripts removed."""
    if not fragment or not fragment.strip():
        return []
    if not _TAG_HINT.search(fragment):
        return text_to_paragraphs(unescape(fragment))
    root = _root(fragment)
    if root is None:
        return text_to_paragraphs(re.sub(r"<[^>]*>", " ", unescape(fragment)))
    parts: list[str] = []
    _walk(root, parts)
    return text_to_paragraphs("".join(parts).replace(_BREAK, "\n\n"))


def links_only(fragment: str | None) -> bool:
    """Whether an HTML fragment is only links to other pages: each block a link, with at most a short label.

    What aggregators send as an entry's description (Google News: its headline and the other sources' headlines,
    each a link and a publisher's name; Hacker News: "Comments"; Reddit: "submitted by /u/name [link] [comments]"):
    no text of the story, and another story's headline is no key point of this one.
    """
    if not fragment or not re.search(r"<a[\s>]", fragment, re.IGNORECASE):
        return False
    root = _root(fragment)
    if root is None:
        return False
    parts: list[str] = []
    _walk(root, parts, mark_links=True)
    blocks = [block for block in "".join(parts).split(_BREAK) if _WORD.search(block)]
    for block in blocks:
        inside = sum(len(_WORD.findall(linked)) for linked in _LINKED.findall(block))
        outside = len(_WORD.findall(_LINKED.sub(" ", block)))
        if inside == 0 or outside > min(_LABEL_WORDS, inside) or inside + outside > _LINK_WORDS:
            return False
        if _SENTENCE_END.search(block.replace(_LINK_OPEN, "").replace(_LINK_CLOSE, "")):
            return False
    return bool(blocks)


def _root(fragment: str) -> etree._Element | None:
    try:
        return lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return None


def _walk(element: etree._Element, parts: list[str], mark_links: bool = False) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    tag = tag.lower()
    if tag in _DROP:
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
        parts.append(_LINK_OPEN)
    if isinstance(element.tag, str) and element.text:
        parts.append(element.text)
    for child in element:
        _walk(child, parts, mark_links)
    if link:
        parts.append(_LINK_CLOSE)
    if block:
        parts.append(_BREAK)
    if element.tail:
        parts.append(element.tail)


def text_to_paragraphs(text: str) -> list[str]:
    """Split plain text into paragraphs at blank lines, with whitespace inside each collapsed."""
    paragraphs = []
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n")):
        lines = [_SPACE.sub(" ", line).strip() for line in block.split("\n")]
        joined = " ".join(line for line in lines if line)
        if joined:
            paragraphs.append(joined)
    return paragraphs


def inline_text(text: str | None) -> str:
    """Return a one-line text (a title) with any markup and entities removed."""
    if not text:
        return ""
    if _TAG_HINT.search(text) or "&" in text:
        text = " ".join(html_to_paragraphs(text))
    return _SPACE.sub(" ", text.replace("\n", " ")).strip()


def title_from_text(paragraphs: list[str], limit: int = 90) -> str:
    """Make a title from the first sentence of the text, shortened at a word boundary."""
    text = next((p for p in paragraphs if p.strip()), "").strip()
    if not text:
        return ""
    match = re.match(r"(.+?[.!?])(?:\s|$)", text)
    sentence = match.group(1) if match and len(match.group(1)) >= 12 else text
    if len(sentence) <= limit:
        return sentence.rstrip(".") if sentence.endswith(".") and not sentence.endswith("..") else sentence
    cut = sentence[:limit].rsplit(" ", 1)[0].rstrip(",;:-\u2013\u2014 ")
    return (cut or sentence[:limit]) + "\u2026"
