"""Chinese, Japanese and Korean text made searchable by engines that split words on spaces and punctuation.

SQLite's ``unicode61`` tokenizer and PostgreSQL's default parser take a run of Han, kana or Hangul as ONE word
(a whole Chinese headline is a single token), so a word of such a run was found only where it stood alone
between punctuation. :func:`cjk_spaced` puts a separator on each side of every CJK character: each character
is then a word of its own, and a CJK word searched for becomes the phrase of its characters (an exact substring
match, the classic unigram approach; :mod:`bot.store.search`).
"""

from __future__ import annotations

import re
import unicodedata

# U+001F (UNIT SEPARATOR, a control character no stored text holds): a separator for SQLite's unicode61 and for
# PostgreSQL's parser in every locale. (U+200B, a zero width space, is one for unicode61, but PostgreSQL's parser
# takes any non-ASCII character for a letter when the database's LC_CTYPE is C: "東<U+200B>京" stayed one word.)
SEPARATOR = "\x1f"

# Han (radicals, CJK symbols 々〆〇, extension A, unified, compatibility, extensions B-H), kana (hiragana,
# katakana with its phonetic extensions and half-width forms, the kana supplements) and Hangul (syllables,
# jamo, compatibility and half-width jamo). CJK punctuation (、。「」) is left out: it separates already.
CJK_CLASS = (
    "\u2e80-\u2fdf\u3005-\u3007\u3021-\u3029\u3031-\u3035\u3038-\u303c\u3041-\u30ff\u3105-\u312f\u3131-\u318f"
    "\u31a0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\uff66-\uffdc"
    "\U0001b000-\U0001b16f\U00020000-\U0003134f\u1100-\u11ff"
)
# CJK_CLASS in two: Hangul (Korean, written with spaces between words) and the rest, Han and kana (Chinese and
# Japanese, written without: bot.text.similarity reads their headlines by character pairs). tests check that the
# two make CJK_CLASS.
HANGUL_CLASS = "\u1100-\u11ff\u3131-\u318f\ua960-\ua97f\uac00-\ud7ff\uffa0-\uffdc"
HAN_KANA_CLASS = (
    "\u2e80-\u2fdf\u3005-\u3007\u3021-\u3029\u3031-\u3035\u3038-\u303c\u3041-\u30ff\u3105-\u312f\u31a0-\u31ff"
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f\U0001b000-\U0001b16f\U00020000-\U0003134f"
)
# Compatibility forms, folded before anything reads CJK text (the search indexes' content, the search query, the
# story pairs): the ideographic space, full-width Latin letters and digits (not the full-width punctuation a Chinese
# text is written with: U+FF0C stays in the snippets /find shows), half-width katakana with their punctuation and sound
# marks, and the compatibility ideographs (U+F900-FAFF, U+2F800-2FA1F), each run of them to its NFKC form
# ("ﾄｳｷｮｳ" -> "トウキョウ", "ｶﾞ" -> "ガ", U+FF21 U+FF29 -> "AI", U+F91F -> "樂"). Only these: NFKC of a whole
# text would fold ligatures, superscripts and circled letters too ("ﬁ", "²", "①"), changing what search finds in
# every language.
# PostgreSQL 0020's newsdigest_compat_folded spells the class in escapes (tests check the two agree).
FOLD_CLASS = "\u3000\uf900-\ufaff\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff61-\uff9f\U0002f800-\U0002fa1f"
_FOLD_RUN = re.compile(f"[{FOLD_CLASS}]+")
_ANY = re.compile(f"[{CJK_CLASS}]")
# A run of Han and kana (bot.text.similarity reads one as its character pairs); compiled once: a class this wide
# takes ~3 ms to compile, at every start.
HAN_KANA_RUN = re.compile(f"([{HAN_KANA_CLASS}]+)")
# Lead bytes common in text without CJK (Vietnamese and Greek letters, dashes and curly quotes, BOM): told apart
# by the byte after them.
_SHARED_LEADS = (0xE1, 0xE2, 0xEF)


def _utf8_starts() -> tuple[bytes, dict[bytes, frozenset[int]]]:
    """The UTF-8 lead bytes of CJK_CLASS's and FOLD_CLASS's characters, and the second bytes after shared ones."""
    leads: set[int] = set()
    seconds: dict[bytes, set[int]] = {}
    for first, last in re.findall("(.)(?:-(.))?", CJK_CLASS + FOLD_CLASS, flags=re.DOTALL):
        last = last or first
        # Every 64 code points the second byte may change (every 4,096 for four-byte characters).
        for point in [*range(ord(first), ord(last), 64), ord(last)]:
            data = chr(point).encode()
            if data[0] in _SHARED_LEADS:
                seconds.setdefault(data[:1], set()).add(data[1])
            else:
                leads.add(data[0])
    return bytes(sorted(leads)), {lead: frozenset(found) for lead, found in seconds.items()}


# Text whose UTF-8 holds none of these has no CJK and no form to fold: substring tests at memchr speed, then a look
# at the byte after each shared lead byte (a regular expression over the characters cost ~20 ns each: 0.1-0.2 ms
# for an English article with curly quotes, on every article stored).
_LEADS, _SECONDS = _utf8_starts()


def _maybe_cjk(text: str) -> bool:
    if text.isascii():
        return False
    data = text.encode("utf-8", "surrogatepass")
    if any(data.find(lead) >= 0 for lead in _LEADS):
        return True
    for lead, seconds in _SECONDS.items():
        if lead in data and any(piece and piece[0] in seconds for piece in data.split(lead)[1:]):
            return True
    return False


def has_cjk(text: str) -> bool:
    """Return whether ``text`` holds a Han, kana or Hangul character."""
    return _maybe_cjk(text) and _ANY.search(text) is not None


def has_han_kana(text: str) -> bool:
    """Return whether ``text`` holds a Han or kana character (Chinese or Japanese, written without spaces)."""
    return _maybe_cjk(text) and HAN_KANA_RUN.search(text) is not None


def compat_folded(text: str) -> str:
    """Return ``text`` with its compatibility forms (FOLD_CLASS) folded, each run to its NFKC form.

    Text without any is returned as it is (the same object). Every other character stays as it is.
    """
    if not _maybe_cjk(text):
        return text
    return _folded_runs(text)


def _folded_runs(text: str) -> str:
    return _FOLD_RUN.sub(lambda found: unicodedata.normalize("NFKC", found.group()), text)


def cjk_spaced(text: str, separator: str = SEPARATOR) -> str:
    """Return ``text`` folded (:func:`compat_folded`), with ``separator`` on each side of every CJK character.

    PostgreSQL's newsdigest_cjk_spaced (0018, folding since 0020). Text without CJK or a form to fold is returned
    as it is (the same object; tests at memchr speed first: this runs on every article stored). Nothing else
    changes: removing the separators gives ``compat_folded(text)`` back when it held none.
    """
    if not _maybe_cjk(text):
        return text
    return _spaced_characters(_folded_runs(text), separator)


def _spaced_characters(text: str, separator: str) -> str:
    return _ANY.sub(lambda found: separator + found.group() + separator, text)


def cjk_words(text: str) -> str:
    """Return ``text`` with every CJK character a word of its own, the words of a CJK-holding text joined by one space.

    What a search term holding CJK becomes: the phrase of its characters, for FTS5 and ``to_tsquery`` alike, its
    compatibility forms folded as the indexes' text is. Reading it again gives it back (a term already spaced
    stays as it is); text without CJK or a form to fold is returned as it is.
    """
    if not _maybe_cjk(text):
        return text
    return " ".join(cjk_spaced(text, " ").split())


def cjk_spaced_sql(value: object) -> object:
    """:func:`cjk_spaced` for SQL: a text spaced, any other value (NULL, a number, a blob) as it is."""
    return cjk_spaced(value) if isinstance(value, str) else value


def cjk_spaced_as_written(value: object) -> object:
    """:func:`cjk_spaced_sql` as it was before SQLite's migration 0019: CJK spaced, compatibility forms as written.

    What the search indexes held of a row before that migration, which removes it from them (FTS5 removes a row
    of an external-content index by the text it was made from) and indexes the row folded.
    """
    return _spaced_characters(value, SEPARATOR) if isinstance(value, str) and _maybe_cjk(value) else value


def without_separators(text: str) -> str:
    """Return ``text`` without the separators :func:`cjk_spaced` puts in (what a snippet of spaced text shows)."""
    return text.replace(SEPARATOR, "")
