"""Content identity: fingerprints for exact duplicates, title tokens for stories told by several sources."""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections.abc import Callable

from bot.text.asciiwords import kept_bytes, split_folded
from bot.text.linecache import LineCache

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


_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def normalise(text: str) -> str:
    """Fold case, accents, quotes and whitespace so trivially different copies compare equal.

    The words of :func:`normalise_plainly`, found faster: ASCII text from its bytes, other text from its few
    distinct characters beyond ASCII, each folded on its own (:func:`_fold`).
    """
    if text.isascii():
        return " ".join(text.encode("ascii").translate(_FOLD_BYTES).decode("ascii").split())
    return " ".join(split_folded(text, _FOLD_BYTES, _fold))


def normalise_plainly(text: str) -> str:
    """:func:`normalise` by its definition: NFKD, combining marks dropped, casefold, the runs of letters and digits."""
    return " ".join(_WORD.findall(_folded(text)))


def _folded(text: str) -> str:
    """NFKD, combining marks dropped, casefold; Hangul syllables kept whole.

    NFKD takes a Hangul syllable apart into its letters (jamo): "시의회" became six letters, a word no search index
    holds (SQLite's and PostgreSQL's keep the syllables), so a Korean headline's story words found no other
    headline. A syllable has no accent or case to fold.
    """
    if _HANGUL.search(text) is None:
        text = unicodedata.normalize("NFKD", text)
    else:
        text = "".join(
            part if _HANGUL.fullmatch(part) else unicodedata.normalize("NFKD", part)
            for part in _HANGUL_SPLIT.split(text)
        )
    return "".join(char for char in text if not unicodedata.combining(char)).casefold()


_HANGUL = re.compile("[\uac00-\ud7a3]+")
_HANGUL_SPLIT = re.compile("([\uac00-\ud7a3]+)")


def _fold_char(char: str) -> str:
    """Return one character as :func:`normalise_plainly` reads it, with a blank for each that is no letter or digit.

    NFKD, dropping the marks and casefold each map every character on its own (NFKD's canonical reordering only
    moves marks, which are dropped), so a text's answer is its characters' answers in place; each character of an
    answer is its own answer (tests/test_text_fastpaths.py checks both over the whole of Unicode), as
    ``asciiwords.split_folded`` needs.
    """
    return "".join(part if part.isalnum() else " " for part in _folded(char))


# Cached by character (bot/text/linecache.py): a character is a short key, but a hostile text could bring many.
_fold: Callable[[str], str] = LineCache(_fold_char, 65536).__getitem__


# ASCII letters lower-cased, digits kept, every other ASCII byte blanked, the bytes of other characters kept.
_FOLD_BYTES = kept_bytes("").translate(bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ", b"abcdefghijklmnopqrstuvwxyz"))


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
