"""A social post or thread copied from the web: X, Bluesky, Mastodon or LinkedIn, read as its writer wrote it.

A copied X thread is the writer's name, the handle and the first post's text over its time ("2:14 PM · Dec 7,
2026") and counters ("12.3K Views", "14", "52"), then each further post under the name, the handle, "·" and its day.
Bluesky ("@annlee.bsky.social", "December 7, 2026 at 2:14 PM", "12 reposts") and Mastodon ("@annlee@mastodon.social",
"Dec 7, 2026, 14:14", "Web") copy in the same shape. A LinkedIn post is the name, the writer's job, the time since it
was posted ("1h •"), the text, "…see more", hashtags, counters and its buttons ("Like", "Comment", "Repost", "Send").
Read as an article, the name was the headline, the headers between posts ended the body (only the last post was
kept), and the furniture stayed in it.

The post's header must open the copy (below at most a page's own title, "Post", "Conversation"), with the post's
day or time where each site prints it: a post embedded in a story, its header in the middle, is the story's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.text.datematch import DateMatch
from bot.text.dates import best_match, outside_dates, search_dates
from bot.text.linepatterns import HASHTAGS
from bot.text.relativedates import relative_dates

# The name over a handle or a job: one to five words, no stop, no digits, at most this many characters; an emoji or a
# badge after it ("Ann Lee \U0001f1f3\U0001f1f4") is no part of it.
_NAME = re.compile(r"(?P<name>[^\W\d_][\w.'\u2019-]*(?: [^\W\d_][\w.'\u2019-]*){0,4})(?:\s*[^\w\s\x00-\x7f]+)*")
_NAME_CHARS = 60
# X's "@annlee_news", Bluesky's "@annlee.bsky.social", Mastodon's "@annlee@mastodon.social".
_HANDLE = re.compile(r"@[A-Za-z0-9_](?:[\w.-]{0,60}[A-Za-z0-9_])?(?:@[\w-]+(?:\.[\w-]+)+)?")
# A page's own lines over the post ("Post", "Conversation", "Thread").
_PAGE_TOP = frozenset({"post", "conversation", "thread", "skeet"})
# LinkedIn's time since the post ("1h •", "2d • Edited •", "3w •"; "5mo •", "1yr •" too; its bullet always) and what
# the digits mean.
_SINCE = re.compile(r"(?P<n>\d{1,2})\s?(?P<unit>m|h|d|w|mo|yr)\s*•\s*(?:Edited\s*•?\s*)?(?:\s*🌐)?", re.I)
_UNIT_WORDS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
# What LinkedIn prints between the name and the time: the name again, the connection's degree, a badge.
_LINKEDIN_MARK = re.compile(r"(?:•\s*)?(?:1st|2nd|3rd\+?|Following|Verified|Premium|Author|Visit my website)", re.I)
_LINKEDIN_HEAD = 6  # lines from the name down to the time since the post
_LINKEDIN_BUTTONS = frozenset({"like", "comment", "repost", "send", "share"})  # two or more in a row
# A post's day or time alone on its line: "2:14 PM · Dec 7, 2026", "Dec 7", "· 2h", "December 7, 2026 at 2:14 PM".
_STAMP_WORDS = re.compile(r"(?:[\s·•,]|at|um|à|a\.?m\.?|p\.?m\.?|\d{1,2}[:.]\d{2})*", re.I)
_SHORT_AGO = re.compile(r"(?P<n>\d{1,2})\s?(?P<unit>s|m|h|d)", re.I)
_POST_TOP = 4  # lines from the handle down to the post's text
# A post's furniture, each alone on its line: its buttons, labels and links to more.
_FURNITURE = frozenset({
    "·", "•", "follow", "following", "reply", "replies", "repost", "reposts", "quote", "quotes", "like", "likes",
    "bookmark", "bookmarks", "share", "views", "web", "edited", "translate", "boost", "boosts", "favourite",
    "favourites", "favorite", "favorites", "comment", "comments", "send", "pinned",
    "show more", "see more", "\u2026see more", "...see more", "\u2026more", "...more", "\u2026 more",
    "show this thread", "translate post", "see translation", "show translation", "+ follow",
    "everybody can reply", "post your reply", "discover more", "sourced from across x", "show replies",
    "show more replies", "activate to view larger image", "no alternative text description for this image",
})  # fmt: skip
# Counters: "14", "12.3K", "1.2M Views", "6 comments", "12 reposts", LinkedIn's reactions ("\U0001f44d\u2764\ufe0f 84",
# "Ann Lee and 83 others"), "Replying to @x".
_COUNTER = re.compile(
    r"[^\w\s]*\s*[\d.,]+\s*[KMB]?(?:\s+(?:views?|likes?|reposts?|quotes?|comments?|replies|reply|boosts?|favou?rites?"
    r"|bookmarks?|reactions?|shares?))?",
    re.I,
)
_OTHERS = re.compile(r".{1,80} and [\d,]+ others?|replying to (?:@\S+[ ,]*)+(?:and \d+ others?)?", re.I)
_POST_CHARS = 5000  # longer than any post: a copy with a longer first "post" is something else


@dataclass(frozen=True, slots=True)
class PostReading:
    """What was read from a copied post or thread: the writer's name, the first post's day, the posts' texts."""

    writer: str
    posted: DateMatch | None
    texts: tuple[str, ...]


def social_post(lines: Sequence[str], reference: datetime) -> PostReading | None:
    """Read a copy that is a social post or a thread (its lines, blank lines out); None for any other copy."""
    top = 0
    while top < min(len(lines), 2) and lines[top].strip().lower() in _PAGE_TOP:
        top += 1
    return _thread(lines, top, reference) or _linkedin(lines, top, reference)


def _name(line: str) -> str | None:
    """Return the writer's name a post's first line gives, else None."""
    name = _NAME.fullmatch(line.strip()) if len(line) <= _NAME_CHARS else None
    return name["name"] if name else None


def _thread(lines: Sequence[str], top: int, reference: datetime) -> PostReading | None:
    """Read an X, Bluesky or Mastodon post, or a thread of one writer's posts, from line ``top`` on."""
    handle = lines[top + 1].strip() if top + 2 < len(lines) else ""
    name = _name(lines[top]) if handle.startswith("@") and _HANDLE.fullmatch(handle) else None
    if name is None:
        return None
    texts: list[str] = []
    posted: DateMatch | None = None
    at = top + 2
    first = True
    while at < len(lines):
        header, at = _stamps(lines, at, reference)
        if first:
            posted = header
        start = at
        while at < len(lines) and not _opens_post(lines, at):
            at += 1
        read = _post_text(lines[start:at], reference)
        if read is None:
            return None
        post, stamp = read
        if first:
            if posted is None:
                posted = stamp
            if posted is None or not post or sum(map(len, post)) > _POST_CHARS:
                return None  # no day under the first post: no post's layout
            first = False
        texts.extend(post)
        if at >= len(lines) or lines[at + 1].strip() != handle:
            break  # the copy's end, or a reply by someone else: the writer's posts end
        at += 2
    return PostReading(name, posted, tuple(texts)) if texts else None


def _opens_post(lines: Sequence[str], at: int) -> bool:
    """Tell whether line ``at`` opens a post: a name over a handle."""
    return at + 1 < len(lines) and _name(lines[at]) is not None and _HANDLE.fullmatch(lines[at + 1].strip()) is not None


def _stamps(lines: Sequence[str], at: int, reference: datetime) -> tuple[DateMatch | None, int]:
    """Return the day a post's header gives under its handle ("·" / "Dec 7", "· 2h") and where its text starts.

    Only a day after a "·" is a post's: "Ann Lee" / "@annlee_news" / "Dec 7, 2026" over a headline is a byline.
    """
    found: DateMatch | None = None
    dot = False
    end = min(len(lines), at + _POST_TOP)
    while at < end:
        line = lines[at].strip()
        dot = dot or "·" in line
        stamp = _stamp(line, reference)
        if stamp is not None:
            found = found or (stamp if dot else None)
        elif not _furniture(line):
            break
        at += 1
    return found, at


def _stamp(line: str, reference: datetime) -> DateMatch | None:
    """Return the day or time a line holds alone ("2:14 PM · Dec 7, 2026", "· Dec 7", "· 2h"), else None."""
    short = _SHORT_AGO.fullmatch(line.strip(" ·•"))
    if short is not None:
        return _ago(short["n"], short["unit"], reference)
    matches = search_dates(line, reference=reference)
    if not matches:
        return None
    return best_match(matches) if _STAMP_WORDS.fullmatch(outside_dates(line, matches)) else None


def _ago(n: str, unit: str, reference: datetime) -> DateMatch | None:
    words = _UNIT_WORDS.get(unit.lower())
    return best_match(relative_dates(f"{n} {words} ago", reference)) if words else None


def _furniture(line: str) -> bool:
    lower = line.lower()
    return (
        not line
        or lower in _FURNITURE
        or _COUNTER.fullmatch(line) is not None
        or _OTHERS.fullmatch(line) is not None
        or HASHTAGS.fullmatch(line) is not None
    )


def _post_text(lines: Sequence[str], reference: datetime) -> tuple[list[str], DateMatch | None] | None:
    """Return one post's text lines, its furniture out, and the time printed under it (the first post's).

    None where text follows that time: a post's time closes it, only its counters and buttons come after.
    """
    text: list[str] = []
    stamp: DateMatch | None = None
    for line in lines:
        line = line.strip()
        if _furniture(line):
            continue
        when = _stamp(line, reference)
        if when is not None:
            stamp = stamp or when
        elif stamp is not None:
            return None
        else:
            text.append(line)
    return text, stamp


def _linkedin(lines: Sequence[str], top: int, reference: datetime) -> PostReading | None:
    """Read a LinkedIn post: name, job, "1h •", the text, down to its buttons."""
    head = (
        (i, _SINCE.fullmatch(lines[i].strip()) if "•" in lines[i] else None)
        for i in range(top + 2, min(len(lines), top + _LINKEDIN_HEAD))
    )
    since, ago = next(((i, m) for i, m in head if m is not None), (0, None))
    if ago is None:
        return None
    name = _name(lines[top])
    if name is None or not all(
        line == lines[top] or _LINKEDIN_MARK.fullmatch(line.strip()) for line in lines[top + 1 : since - 1]
    ):
        return None  # the name, marks, the job on the line over the time: nothing else
    end = next((i for i in range(since + 1, len(lines) - 1) if _buttons(lines[i]) and _buttons(lines[i + 1])), None)
    if end is None:
        return None  # no bar of buttons under the text: no post's layout
    texts = [line for line in (lines[i].strip() for i in range(since + 1, end)) if not _furniture(line)]
    if not texts or sum(map(len, texts)) > _POST_CHARS:
        return None
    return PostReading(name, _ago(ago["n"], ago["unit"], reference), tuple(texts))


def _buttons(line: str) -> bool:
    return line.strip().lower() in _LINKEDIN_BUTTONS
