"""Content identity: fingerprints for exact duplicates, title tokens for stories told by several sources."""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata

from bot.text.asciiwords import ascii_separated, byte_table, split_ascii

_STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "he",
        "her",
        "his",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "that",
        "the",
        "their",
        "they",
        "this",
        "to",
        "was",
        "were",
        "will",
        "with",
        "after",
        "over",
        "new",
        "says",
        "say",
        "said",
        "amid",
        "into",
        "up",
        "out",
        "about",
        "more",
        "than",
        "not",
        "but",
        "who",
        "what",
        "why",
        "how",
    ]
)


@functools.cache
def _combining() -> dict[int, None]:
    """Every combining mark (accents once NFKD has split them off), for str.translate to delete in C.

    Made at the first text that needs it (a scan of 196,608 code points, ~7 ms): an ingest of ASCII text never
    does, and every process paid it at start-up.
    """
    return dict.fromkeys(cp for cp in range(0x30000) if unicodedata.combining(chr(cp)))


_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_LETTERS_DIGITS = byte_table("")


def normalise(text: str) -> str:
    """Fold case, accents, quotes and whitespace so trivially different copies compare equal."""
    plain = ascii_separated(text)
    if plain is not None:
        # ASCII but for curly quotes, dashes, "\u2026" and no-break spaces (most English text): NFKD would only
        # make "..." and a blank of the last two, nothing has a mark, and casefold() is lower() on ASCII, so the
        # runs of letters and digits are those of the blanked text.
        return " ".join(split_ascii(plain.lower(), _LETTERS_DIGITS))
    return _normalise_any(text)


def _normalise_any(text: str) -> str:
    """:func:`normalise` for any text: NFKD, combining marks dropped, casefold, the runs of letters and digits."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        # str.translate looks every character up in the dict: first ask whether any of the distinct ones is a mark.
        marks = _combining()
        if not marks.keys().isdisjoint(map(ord, set(text))):
            text = text.translate(marks)
    folded = text.casefold()
    plain = ascii_separated(folded)
    if plain is not None:
        return " ".join(split_ascii(plain, _LETTERS_DIGITS))  # the runs of letters and digits, found faster
    return " ".join(_WORD.findall(folded))


def fingerprint(title: str, body: str) -> str:
    """Return a hash of the normalised title and the first 2,000 characters of the normalised body."""
    # Normalising never lengthens text much, so the first 3,000 characters give the first 2,000 normalised
    # ones without folding a whole long article.
    material = normalise(title) + "\n" + normalise(body[:3000])[:2000]
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


@functools.lru_cache(maxsize=8192)
def title_tokens(title: str) -> frozenset[str]:
    """Return the significant words of a headline (stop words and one-letter words dropped)."""
    return frozenset(w for w in normalise(title).split() if len(w) > 1 and w not in _STOP)


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """Return |a & b| / |a | b| (0 for two empty sets)."""
    common = len(a & b)
    union = len(a) + len(b) - common  # |a | b|, without making the union
    return common / union if union else 0.0


def same_story(title_a: str, title_b: str, threshold: float = 0.6) -> bool:
    """Tell whether two headlines very likely report the same story."""
    a, b = title_tokens(title_a), title_tokens(title_b)
    if min(len(a), len(b)) < 3:
        return normalise(title_a) == normalise(title_b)
    return jaccard(a, b) >= threshold
