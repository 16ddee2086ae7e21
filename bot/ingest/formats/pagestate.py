"""The story a JavaScript framework's page carries as data: Next.js, Nuxt, Redux and Apollo state in a script.

A page saved from a site that draws its articles in the browser ("Web Page, HTML only", or saved before the
script ran) shows an empty frame; its text is in the state the framework ships beside it
(``<script id="__NEXT_DATA__" type="application/json">``, ``window.__NUXT__=...``). Whatever the framework's
shape, the story is the longest run of prose among the state's strings, read in order.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from lxml.html import HtmlElement

from bot.ingest.formats.jsonfmt import text_paragraphs

# Scripts that hold a framework's state: by the id Next.js and Nuxt give them, or by the global they assign.
_STATE_IDS = frozenset(("__NEXT_DATA__", "__NUXT_DATA__"))
_STATE_START = re.compile(r"\s*(?:window\.__|self\.__next_f)")
_STATE_CHARS = 4_000_000  # of all the state read: a page's story is far less; the rest is not looked at
# A JSON or JavaScript string literal, or an unclosed one to the script's end; possessive, so that no text (a run
# of escaped quotes) makes the scan go back: each character is read once.
_LITERAL = re.compile(r'"([^"\\]*+(?:\\.?[^"\\]*+)*+)(?:"|\Z)', re.DOTALL)
_SENTENCE_END = re.compile(r"[.!?\u2026\u3002\uff01\uff1f][\"'\u201d\u2019)\u300d]?$")
_PROSE_WORDS = 12  # a paragraph of a story, not a label, a slug or a title
_PROSE_CJK = 40  # characters of a CJK paragraph, which has no spaces
_GAP = 8  # other strings (keys, types, ids) that may stand between two paragraphs of one story
_MIN_STORY = 400  # characters: less is a teaser or a description, which the page's metadata gives already


def state_scripts(tree: HtmlElement) -> list[HtmlElement]:
    """Return the page's scripts, kept before the tree loses them; their text is read only when asked."""
    return list(tree.iter("script"))


def state_story(scripts: Sequence[HtmlElement]) -> list[str]:
    """Return the story held in the framework-state scripts among ``scripts``, else []."""
    texts: list[str] = []
    size = 0
    for script in scripts:
        text = script.text or ""
        if script.get("id") not in _STATE_IDS and not _STATE_START.match(text):
            continue
        texts.append(text[: _STATE_CHARS - size])
        size += len(texts[-1])
        if size >= _STATE_CHARS:
            break
    return state_paragraphs(texts)


def state_paragraphs(scripts: Sequence[str]) -> list[str]:
    """Return the story held in the state scripts: the longest run of prose strings, else []."""
    best: list[str] = []
    for script in scripts:
        run: list[str] = []
        gap = 0
        for found in _LITERAL.finditer(script):
            paragraphs = _prose(found.group(1))
            if paragraphs:
                run += paragraphs
                gap = 0
                continue
            gap += 1
            if gap > _GAP and run:
                best = max(best, run, key=_chars)
                run = []
        best = max(best, run, key=_chars)
    story = list(dict.fromkeys(best))  # state often holds a paragraph twice (a preview beside the body)
    return story if _chars(story) >= _MIN_STORY else []


def _prose(literal: str) -> list[str]:
    """Return the paragraphs a string literal holds when it is prose (or HTML of prose), else []."""
    if len(literal) < 40:
        return []
    try:
        text = json.loads(f'"{literal}"')
    except ValueError:  # a JavaScript escape JSON lacks ("\x41", "\'"): read as written
        text = literal
    if not isinstance(text, str):
        return []
    return [p for p in text_paragraphs(text) if _is_prose(p)]


def _is_prose(text: str) -> bool:
    if not _SENTENCE_END.search(text) or "://" in text[:12]:
        return False
    return len(text.split()) >= _PROSE_WORDS or (len(text) >= _PROSE_CJK and text.count(" ") < len(text) / 20)


def _chars(paragraphs: list[str]) -> int:
    return sum(len(p) for p in paragraphs)
