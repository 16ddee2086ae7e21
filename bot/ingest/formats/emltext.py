"""A plain-text newsletter's stories: "Headline / URL / blurb" blocks, or bullets with links (see ``emlstories``)."""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.ingest.formats.emlrules import (
    BULLET,
    MIN_STORIES,
    READ_MORE,
    RULE_LINE,
    TRAILING,
    TRAILING_URL,
    URL,
    Draft,
    Story,
    is_headline,
    is_sponsor_label,
    judge,
    read_more_url,
    story_link,
    unwrap,
)
from bot.ingest.formats.meta import clean_inline

# A Markdown link opening a line, as a heading or in bold too ("## [Headline](url)", "**[Headline](url)**": Buttondown
# and other Markdown letters send their source as the plain-text part).
_MD_LINK_LINE = re.compile(r"^(?:#{1,6}\s+)?(\*\*|__|\*|_)?\[([^\]]{3,300})\]\((https?://[^)\s]+)\)\1?\s*(.*)$")


def text_stories(text: str, *, furniture: Callable[[str], bool], minimum: int = MIN_STORIES) -> list[Story]:
    """Return the stories of a plain-text newsletter: "Headline / URL / blurb" blocks, or bullets with links."""
    lines = [BULLET.sub("", line).strip() for line in text.splitlines()[:20000]]
    drafts: list[Draft] = []
    paragraph_open = closed = False
    above = ""  # the line right above: a sponsor's label ("Together with ...") makes the story under it an ad
    index = 0
    while index < len(lines):
        line = lines[index]
        following = lines[index + 1] if index + 1 < len(lines) else ""
        index += 1
        started = len(drafts)
        if not line or RULE_LINE.match(line):
            if paragraph_open and drafts and drafts[-1].blurb:
                closed = True  # a story's blurb is one paragraph: what follows it is not the story's
            paragraph_open = False
            continue
        linked = _MD_LINK_LINE.match(line)
        trailing = TRAILING_URL.match(line) if not linked else None
        if linked and story_link(linked.group(2), linked.group(3)):
            drafts.append(_draft(clean_inline(linked.group(2)), linked.group(3)))
            drafts[-1].add(_strip_markdown(linked.group(4)))
            closed = False
        elif not paragraph_open and (block := _url_last_block(lines, index - 1)) is not None:
            # "Headline / Source / blurb / <URL>": a search alert's story, its address closing the block.
            address, middle = block
            drafts.append(_draft(_strip_markdown(line), address))
            for text in middle:
                drafts[-1].add(_strip_markdown(text))
            index += len(middle) + 1
            closed = False
        elif is_headline(line) and _only_url(following) and story_link(line, _only_url(following)):
            drafts.append(_draft(_strip_markdown(line), _only_url(following) or ""))
            index += 1
            closed = False
        elif (
            trailing
            and trailing.group(1)
            and is_headline(trailing.group(1).rstrip(" -\u2013\u2014:|"))
            and not READ_MORE.match(trailing.group(1).rstrip(" :"))
            and story_link(trailing.group(1), trailing.group(2))
        ):
            headline = _strip_markdown(trailing.group(1).rstrip(" -\u2013\u2014:|"))
            drafts.append(_draft(headline, trailing.group(2)))
            closed = False
        elif drafts and (url := _only_url(line) or read_more_url(line)):
            if drafts[-1].url is None and story_link("", url):
                drafts[-1].url, drafts[-1].href = unwrap(url), url
        elif drafts and not closed and not furniture(line):
            if paragraph_open and drafts[-1].blurb:
                drafts[-1].blurb[-1] = f"{drafts[-1].blurb[-1]} {_strip_markdown(line)}"
            else:
                drafts[-1].add(_strip_markdown(line))
        if len(drafts) > started:
            drafts[-1].sponsored = is_sponsor_label(above)
        above = line
        paragraph_open = True
    return judge(drafts, lambda _: None, minimum=minimum)


def _draft(title: str, link: str) -> Draft:
    """A story's draft under its headline, its link unwrapped from a click-tracking address (and kept as written)."""
    return Draft(title, unwrap(link), href=link)


_URL_LAST_BLOCK = 6  # lines of a "Headline / Source / blurb / URL" block, its address last


def _url_last_block(lines: list[str], at: int) -> tuple[str, list[str]] | None:
    """Return the address closing the block that line ``at`` heads, and the lines between, for a story's block.

    The block runs to the next blank line; it is a story's when its first line may be a headline, its last is only
    an address (a story's), and at least one line stands between them.
    """
    end = at
    while end < len(lines) and lines[end] and end - at < _URL_LAST_BLOCK:
        end += 1
    if end - at < 3 or (end < len(lines) and lines[end]) or not is_headline(lines[at]):
        return None
    url = _only_url(lines[end - 1])
    if url is None or not story_link(lines[at], url) or any(_only_url(line) for line in lines[at + 1 : end - 1]):
        return None
    return url, lines[at + 1 : end - 1]


def _only_url(line: str) -> str | None:
    line = line.strip().strip("<>()[]")
    found = URL.fullmatch(line.rstrip(TRAILING))
    return found.group(0) if found else None


def _strip_markdown(text: str) -> str:
    text = re.sub(r"\[([^\]]+)\]\((?:[^)]*)\)", r"\1", text)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    return clean_inline(text.strip("*_ "))
