"""Tell what one line of a pasted news page is: article text, or which kind of page furniture.

Every rule here is about the shape of a line (its words, length, capitals, punctuation), never about a site.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from enum import StrEnum

from bot.text.asciiwords import ascii_separated, byte_table, case_safe, collapse_blanks, count_ascii, split_ascii
from bot.text.dates import may_hold_date, outside_dates, search_dates
from bot.text.linecache import LineCache
from bot.text.linepatterns import (
    ADVERT,
    BUTTONS,
    BYLINE,
    CAPTION_LIMIT,
    CAPTION_START,
    COMMENTS,
    CONTACT,
    CONTACT_LINK,
    CONTACT_WORDS,
    COPYRIGHT,
    COPYRIGHT_HINTS,
    COPYRIGHT_STARTS,
    CREDIT_LEAD,
    CREDIT_LEAD_ENDS,
    CREDIT_MARKED,
    CREDIT_MARKS,
    CREDIT_WORD_HINTS,
    CREDIT_WORDED,
    DISCLAIMER,
    DISCLOSURE,
    DISCLOSURE_HINTS,
    DISCLOSURE_WORDS,
    EMBED_SIGNATURE,
    FOLLOW,
    FOLLOW_ON,
    LAST_WORD_REVERSED,
    LINK,
    MORE,
    MORE_END,
    MORE_LABEL,
    NOTICE,
    NOTICE_HINTS,
    NUMBER,
    PRINT_NOTE,
    PROMO,
    PROMO_WORDS,
    READING,
    SHARE_FOR,
    SUBSCRIBE,
    SUBSCRIBE_HINTS,
    anchored,
    is_share_bar,
)
from bot.text.linepatterns import contains_any as contains_any  # its home moved; callers import it from here
from bot.text.walls import is_paywall_notice

# Any fixed reference will do: the classifier only asks whether a line holds a date, not which.
_REFERENCE = datetime(2000, 1, 1, tzinfo=UTC)


class Kind(StrEnum):
    """What a line of a pasted page is."""

    TEXT = "text"
    DATE = "date"
    BYLINE = "byline"
    READING_TIME = "reading-time"
    BUTTONS = "buttons"
    SHARE = "share"
    ADVERT = "advert"
    CAPTION = "caption"
    MORE = "more"
    SUBSCRIBE = "subscribe"
    COMMENTS = "comments"
    NUMBER = "number"
    LINK = "link"
    COPYRIGHT = "copyright"
    FOLLOW = "follow"


def _inner_marks() -> str:
    """Return the combining marks of the scripts that write vowel signs and diacritics inside words, escaped.

    Python's word class does not take combining marks (Unicode category M), so without them a Burmese, Thai or
    Devanagari word falls apart at each vowel sign and a short headline counts as a paragraph of "words".
    """
    blocks: list[tuple[int, int]] = [(0x0300, 0x036F), (0x0483, 0x0489), (0x0591, 0x05C7), (0x0610, 0x06ED)]
    blocks += [(0x0730, 0x07FF), (0x0900, 0x0DFF), (0x0E00, 0x0EFF), (0x0F00, 0x109F), (0x1700, 0x17FF)]
    blocks += [(0x1A00, 0x1BFF), (0x1DC0, 0x1DFF), (0x20D0, 0x20FF), (0x3099, 0x309A), (0xFE20, 0xFE2F)]
    marks = (chr(c) for low, high in blocks for c in range(low, high + 1))
    return "".join(re.escape(c) for c in marks if unicodedata.category(c).startswith("M"))


_WORD = re.compile(rf"[\w'\u2019+\-{_inner_marks()}]+")
# What _WORD takes into a word, for the ASCII fast paths.
_WORD_BYTES = byte_table("_'+-")
_WORD_CHARS = frozenset(chr(b) for b in range(128) if _WORD_BYTES[b] != 32)


def words(line: str) -> list[str]:
    """Return the words of ``line`` (runs of letters, digits and apostrophes).

    ASCII text (after the common non-ASCII separators) is split from its bytes, as :func:`word_count` counts it.
    """
    plain = ascii_separated(line)
    if plain is not None:
        return split_ascii(plain, _WORD_BYTES)
    return _WORD.findall(line)


def word_test(lines: Sequence[str]) -> Callable[[str], bool]:
    """Return a test telling whether a lower-cased word is one of the words of ``lines``, lower-cased."""
    plain_lines = []
    others: set[str] = set()  # the words of lines that are not ASCII
    for line in lines:
        plain = ascii_separated(line)
        if plain is None:
            others.update(map(str.lower, _WORD.findall(line)))
        else:
            plain_lines.append(plain)
    lower = " ".join(plain_lines).lower()

    def found(word: str) -> bool:
        if word in others:
            return True
        if not word.isascii():
            return False  # every word of ASCII text is ASCII
        # Only a few words are asked about: look for each as a whole word rather than list all of them.
        at = lower.find(word)
        while at >= 0:
            end = at + len(word)
            if (at == 0 or lower[at - 1] not in _WORD_CHARS) and (end == len(lower) or lower[end] not in _WORD_CHARS):
                return True
            at = lower.find(word, at + 1)
        return False

    return found


def _count_words(line: str) -> int:
    """Return how many words :func:`words` finds in ``line`` (:func:`word_count`, uncached)."""
    plain = ascii_separated(line)
    if plain is None and "\u2019" in line:
        # The right single quote is a word character as the apostrophe is: the same runs, so the same count
        # (an English line with "don\u2019t" then takes the ASCII path: 0.6 instead of ~12 us for a paragraph).
        plain = ascii_separated(line.replace("\u2019", "'"))
    if plain is not None:
        return count_ascii(plain, _WORD_BYTES)  # no list of str made for a count
    return len(_WORD.findall(line))


# The line caches (bot/text/linecache.py): a line of more than 1,000 characters is never kept.
word_count: Callable[[str], int] = LineCache(_count_words, 16384).__getitem__
"""Return how many words :func:`words` finds in ``line`` (cached)."""


# Beyond these, a line that no start-anchored pattern matches can only be a disclaimer or text (see classify_line).
_LONG_WORDS = 40
_LONG_CHARS = 200


def _classify_line(line: str) -> Kind:
    """Return what kind of line ``line`` is; TEXT for anything that may be article text (uncached)."""
    return classify_text(collapse_blanks(line))


classify_line: Callable[[str], Kind] = LineCache(_classify_line, 8192).__getitem__
"""Return what kind of line ``line`` is; TEXT for anything that may be article text (cached)."""


def classify_paragraph_line(line: str) -> Kind:
    """Return :func:`classify_line` of a line of ``pasted.paragraph_lines``, without collapsing it again.

    Such a line is single-spaced and stripped, and its only white space besides the blank is the no-break space
    paragraph_lines keeps: without one it is its own collapsed form (tests/test_linekinds_fastpaths.py), and the
    collapse's scans (0.5 us a line) are spared.
    """
    return classify_text(line) if "\u00a0" not in line else classify_line(line)


def _classify_text(text: str) -> Kind:
    """Return what kind of line ``text`` is, a line already collapsed (``asciiwords.collapse_blanks``; uncached)."""
    if not text:
        return Kind.NUMBER
    n_words = word_count(text)
    at = anchored(text)  # False: none of the start-anchored patterns below can match
    if not at and n_words > _LONG_WORDS and len(text) > _LONG_CHARS:
        # A paragraph: of the tests below only the disclaimer's reaches past 40 words and 200 characters
        # (the others need a start-anchored pattern, fewer words, or a short line). The same answer, sooner;
        # past its word limit without lower-casing the paragraph (2-3 us on text that is not ASCII).
        if n_words > CAPTION_LIMIT:
            return Kind.TEXT
        return Kind.ADVERT if _is_disclaimer(text, text.lower(), case_safe(text), n_words) else Kind.TEXT
    lower = text.lower()
    plain = case_safe(text)  # see the hints above
    if at and NUMBER.match(text) and not search_dates(text, reference=_REFERENCE):
        return Kind.NUMBER
    if at and BUTTONS.match(text):
        return Kind.BUTTONS
    if at and READING.match(text):
        return Kind.READING_TIME
    if at and ADVERT.match(text):
        return Kind.ADVERT
    if at and LINK.match(text):
        return Kind.LINK
    if (n_words <= 14 and is_share_bar(text, lower)) or (at and SHARE_FOR.match(text)):
        return Kind.SHARE
    if at and COMMENTS.match(text):
        return Kind.COMMENTS
    if len(text) <= 200 and _is_copyright(text, lower, plain):
        return Kind.COPYRIGHT
    if at and ((n_words <= 12 and FOLLOW.match(text)) or FOLLOW_ON.match(text)):
        return Kind.FOLLOW
    if at and EMBED_SIGNATURE.match(text):
        return Kind.TEXT  # an embedded post's signature belongs with the quoted post, as the article shows it
    if _is_dateish(text, n_words):
        return Kind.ADVERT if _is_print_note(text, lower, plain) else Kind.DATE
    if at and n_words <= 12 and BYLINE.match(text) and not text.endswith((".", "?", "!")):
        return Kind.BYLINE
    if (at and CAPTION_START.match(text)) or (
        n_words <= 40 and not lower.startswith(("“", '"')) and _is_credit(text, lower, plain)
    ):
        return Kind.CAPTION
    if at and (n_words <= 8 or (n_words <= 25 and MORE_LABEL.match(text))) and MORE.match(text):
        return Kind.MORE
    if (
        n_words <= 25
        and (not plain or contains_any(lower, NOTICE_HINTS) or lower.startswith(("[", "to ")))
        and NOTICE.search(text)
    ):
        return Kind.SUBSCRIBE
    if n_words <= 40 and (
        ("@" in text and CONTACT.search(text) and CONTACT_WORDS.search(text)) or (at and CONTACT_LINK.match(text))
    ):
        return Kind.FOLLOW
    if _is_disclaimer(text, lower, plain, n_words):
        return Kind.ADVERT
    if n_words <= 30 and (
        ((not plain or contains_any(lower, SUBSCRIBE_HINTS)) and SUBSCRIBE.search(text))
        or is_paywall_notice(text, lower)
    ):
        return Kind.SUBSCRIBE  # a sign-up, a log-in, a policy, or a paywall's notice (bot.text.walls)
    if n_words <= PROMO_WORDS and ((at and PROMO.match(text) and not _reports(text, n_words)) or MORE_END.search(text)):
        return Kind.MORE
    return Kind.TEXT


# What follows a promotion's verb: "Read the full story.", "Join us on Telegram.", "Shop now.", "Sign up today."
# fmt: off
_PROMO_OBJECTS = frozenset((
    "the", "a", "an", "our", "us", "my", "your", "this", "these", "it", "all", "more", "now", "here", "up", "in", "out",
    "on", "free", "latest", "full", "live", "today", "online", "exclusive", "to", "and", "at", "started",
))
# fmt: on


def _reports(text: str, n_words: int) -> bool:
    """Tell whether a short sentence opening with a promotion's verb reports instead ("Shop owners welcomed it.").

    A promotion's verb is followed by its object or a particle; a sentence of four words or more with a stop, whose
    opening word is followed by anything else, uses that word as a noun.
    """
    if n_words < 4 or not text.endswith(".") or text.endswith(" here."):
        return False  # "Get the full guide here."
    parts = text.split(None, 2)  # the words counted may be joined by punctuation: "Read-watch-listen-share."
    return len(parts) > 1 and parts[1].lower() not in _PROMO_OBJECTS


classify_text: Callable[[str], Kind] = LineCache(_classify_text, 8192).__getitem__
"""Return what kind of line ``text`` is, a line already collapsed (cached)."""


def _last_word(text: str) -> str:
    """Return the last run of word characters in ``text``, lower-cased."""
    found = LAST_WORD_REVERSED.match(text[::-1])
    return found.group(1)[::-1].lower() if found else ""


# The characters that are no word characters (\W) in ASCII text, and the last words of a credit, as endings.
_ASCII_NON_WORD = "".join(chr(b) for b in range(128) if not (chr(b).isalnum() or chr(b) == "_"))
_CREDIT_ENDINGS = tuple(CREDIT_LEAD_ENDS)
# What a line's end is stripped of before its last word is looked at: \W characters only.
_TRAILING = _ASCII_NON_WORD + "\u201c\u201d\u2018\u2019\u2014\u2013\u2026\u00a0\u00ab\u00bb"
_ASCII_WORD_CHARS = frozenset(chr(b) for b in range(128) if chr(b).isalnum() or chr(b) == "_")


def _may_end_credit(text: str, lower: str) -> bool:
    """Tell whether ``text``'s last word is one of CREDIT_LEAD_ENDS (as :func:`_last_word` reads it).

    A line whose lower-cased form, stripped of its trailing non-word characters (the ASCII ones and the common
    non-ASCII separators), ends with an ASCII letter, digit or "_" but with none of them has another last word:
    it is spared the reversal and the pattern (0.5 us a line; tests/test_linekinds_fastpaths.py). The last word's
    last character lower-cases to that one, so the word lower-cased is a suffix of the stripped line.
    """
    tail = lower.rstrip(_TRAILING)
    if (not tail or tail[-1] in _ASCII_WORD_CHARS) and not tail.endswith(_CREDIT_ENDINGS):
        return False
    return _last_word(text) in CREDIT_LEAD_ENDS


def _is_copyright(text: str, lower: str, plain: bool) -> bool:
    if plain and not (lower.startswith(COPYRIGHT_STARTS) or contains_any(lower, COPYRIGHT_HINTS)):
        return False
    return bool(COPYRIGHT.search(text))


def _is_credit(text: str, lower: str, plain: bool) -> bool:
    if (not plain or _may_end_credit(text, lower)) and CREDIT_LEAD.match(text):
        return True
    # CREDIT, its two halves each run only where its own hints are (tests/test_linekinds_fastpaths.py).
    if contains_any(text, CREDIT_MARKS) and CREDIT_MARKED.search(text):
        return True
    return (not plain or contains_any(lower, CREDIT_WORD_HINTS)) and CREDIT_WORDED.search(text) is not None


def _is_disclaimer(text: str, lower: str, plain: bool, n_words: int) -> bool:
    if n_words > CAPTION_LIMIT:
        return False
    if n_words >= DISCLOSURE_WORDS and (not plain or contains_any(lower, DISCLOSURE_HINTS)) and DISCLOSURE.search(text):
        return True
    if _is_print_note(text, lower, plain):
        return True
    return (not plain or "expressed" in lower) and bool(DISCLAIMER.search(text))


def _is_print_note(text: str, lower: str, plain: bool) -> bool:
    """A newspaper's note of its printed edition; asked before the date test, since the note often names a day."""
    return (not plain or "print" in lower) and PRINT_NOTE.match(text) is not None


def _is_dateish(text: str, n_words: int) -> bool:
    if len(text) > 140 or not may_hold_date(text):  # most lines: no digit, no relative date's word
        return False
    left = words_beside_dates(text)
    if left is None:
        return False
    # A date with a few words around it (a name, "Updated", a place) is a date line; a sentence is not.
    return left <= 10 and not (n_words > 12 and text.endswith(".") and left > 7)


def _words_beside_dates(text: str) -> int | None:
    """Count the words of ``text`` outside the dates it names, or None when it names no date (uncached)."""
    matches = search_dates(text, reference=_REFERENCE)
    if not matches:
        return None
    return _count_words(outside_dates(text, matches))


# Cached: the line classifier asks it of every short line, the headline features again of the dated ones.
words_beside_dates: Callable[[str], int | None] = LineCache(_words_beside_dates, 8192).__getitem__
"""Count the words of ``text`` outside the dates it names, or None when it names no date (cached)."""
