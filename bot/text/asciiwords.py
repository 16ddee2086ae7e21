r"""ASCII fast paths for the word patterns of bot.text: the same words, found with bytes.translate.

Python's regex engine spends microseconds per line on Unicode classes such as ``\w``. For ASCII text the
classes are plain byte sets, so translating every other byte to a blank and splitting gives the same words
faster. Common non-ASCII punctuation (curly quotes, dashes, no-break spaces) separates words in every
pattern that uses these helpers, so it is blanked first; text with other non-ASCII characters (letters of
other scripts, accents) takes the patterns' own path.
"""

from __future__ import annotations

from collections.abc import Callable

# Characters that no word pattern using this module takes into a word. The right single quote (U+2019) is
# absent on purpose: the patterns read it as an apostrophe inside a word.
_SEPARATORS = ("\u201c", "\u201d", "\u2018", "\u2014", "\u2013", "\u2026", "\u00a0", "\u00ab", "\u00bb")
# The non-ASCII characters that re.IGNORECASE matches to ASCII letters (dotted and dotless i, long s, Kelvin).
_CASE_TWINS = ("\u0130", "\u0131", "\u017f", "\u212a")


def byte_table(word_chars: str) -> bytes:
    """Return a bytes.translate table keeping ASCII letters, digits and ``word_chars``, blanking the rest."""
    return bytes(b if chr(b).isalnum() or chr(b) in word_chars else 32 for b in range(128)) + b" " * 128


def ascii_separated(text: str) -> str | None:
    """Return ``text`` with common non-ASCII separators blanked, or None when it is not ASCII even then."""
    if text.isascii():
        return text
    for separator in _SEPARATORS:
        if separator in text:
            text = text.replace(separator, " ")
    return text if text.isascii() else None


def split_ascii(text: str, table: bytes) -> list[str]:
    """Return the runs of characters that ``table`` keeps in ASCII ``text``."""
    return text.encode("ascii").translate(table).decode("ascii").split()


def count_ascii(text: str, table: bytes) -> int:
    """Return how many runs of characters ``table`` keeps in ASCII ``text``.

    No list of runs is made: the kept bytes become "a" and the others stay blanks, so each run starts where a
    blank is followed by an "a" (one blank put first), a single count (0.4 instead of 0.7 us a line, 0.7 instead
    of 1.3 on a paragraph).
    """
    marks = _RUN_MARKS.get(table)
    if marks is None:  # what the table maps to ASCII white space (where split() splits) to a blank, the rest to "a"
        marks = _RUN_MARKS[table] = bytes(32 if table[b] in b" \t\n\r\x0b\x0c" else 97 for b in range(256))
    return (b" " + text.encode("ascii").translate(marks)).count(b" a")


_RUN_MARKS: dict[bytes, bytes] = {}  # per table of byte_table: its runs as "a" bytes between blanks


def case_safe(text: str) -> bool:
    """Tell whether a lower-cased substring test finds every ASCII word that re.IGNORECASE would match."""
    return text.isascii() or not any(twin in text for twin in _CASE_TWINS)


def collapse_blanks(text: str) -> str:
    """Return ``" ".join(text.split())``: the words with one blank between them, without a split when it is so already.

    Only the ASCII blank is printable white space (tabs, no-break and other spaces, line breaks are not), so a
    printable text without doubled, leading or trailing blanks is its own result. Lines of a pasted page mostly are.
    """
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())


_ASCII = bytes(range(128))


def kept_bytes(word_chars: str) -> bytes:
    """Return a bytes.translate table as :func:`byte_table`'s that keeps every byte beyond ASCII as it is."""
    return byte_table(word_chars)[:128] + bytes(range(128, 256))


def beyond_ascii(text: str) -> set[str]:
    """Return the distinct characters of ``text`` beyond ASCII, found in C (its UTF-8 bytes less the ASCII ones)."""
    return set(text.encode("utf-8", "surrogatepass").translate(None, _ASCII).decode("utf-8", "surrogatepass"))


def split_folded(text: str, table: bytes, fold: Callable[[str], str]) -> list[str]:
    """Return the blank-separated runs of ``text`` once mapped: ASCII by ``table``, other characters by ``fold``.

    ``table`` is a :func:`kept_bytes` table (its ASCII letters possibly lower-cased), which leaves the UTF-8 bytes
    of other characters as they are.
    ``fold`` gives each character's replacement, in which every character is a word character (no white space)
    that ``fold`` leaves as it is, or a blank. Such a map replaced one distinct character at a time is the map
    applied at once (a replacement never brings in a character replaced later), and text with a few distinct
    characters beyond ASCII (accents, quotes, a name) is read in C: a scan of its UTF-8 bytes for them, one
    ``str.replace`` each, one translate, instead of a Unicode pattern (or NFKD and casefold) over every character.
    """
    changes = {}
    for char in beyond_ascii(text):
        folded = fold(char)
        if folded != char:
            changes[char] = folded
    if len(changes) > _REPLACEMENTS:
        # Many distinct characters to change (a text of symbols): one replacement each would scan the text as many
        # times; one translate looks each character up once.
        text = text.translate({ord(char): folded for char, folded in changes.items()})
    else:
        for char, folded in changes.items():
            text = text.replace(char, folded)
    return text.encode("utf-8", "surrogatepass").translate(table).decode("utf-8", "surrogatepass").split()


_REPLACEMENTS = 32  # beyond as many, split_folded translates instead of replacing (~0.5 us each over 3,000 characters)
