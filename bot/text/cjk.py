"""Text made searchable alike by engines that split words on spaces and punctuation: CJK, Thai, and folded scripts.

SQLite's ``unicode61`` tokenizer and PostgreSQL's default parser take a run of Han, kana or Hangul as ONE word
(a whole Chinese headline is a single token), so a word of such a run was found only where it stood alone
between punctuation. :func:`cjk_spaced` puts a separator on each side of every CJK character: each character
is then a word of its own, and a CJK word searched for becomes the phrase of its characters (an exact substring
match, the classic unigram approach; :mod:`bot.store.search`). Thai, Lao, Khmer and Burmese write no spaces
between words either: their letters are set apart as CJK characters are (:data:`PHRASED_LETTERS`). Before any of
that, the text is folded (:func:`search_folded`): compatibility forms to their NFKC form, and the script variants
neither engine folds alike (Arabic and Persian yeh and kaf, tashkeel, niqqud, Greek accents and final sigma,
Turkish dotless i, Vietnamese d with stroke) to one letter each. The search indexes of both engines hold that
text, and a search term is read the same way.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable

from bot.text.bidi import DIRECTION_CLASS
from bot.text.phrased import PHRASED

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


def _class(points: Iterable[int]) -> str:
    """A regular expression class's inside (no brackets) for the code points, as ranges of consecutive ones."""
    spans: list[list[int]] = []
    for point in sorted(points):
        if spans and point == spans[-1][1] + 1:
            spans[-1][1] = point
        else:
            spans.append([point, point])
    return "".join(chr(a) if a == b else f"{chr(a)}-{chr(b)}" for a, b in spans)


def _points(ranges: str) -> list[int]:
    return [p for a, b in re.findall("(.)(?:-(.))?", ranges, flags=re.DOTALL) for p in range(ord(a), ord(b or a) + 1)]


# Thai, Lao, Khmer and Burmese (bot.text.phrased) split by category: their letters (and the few digits inside the
# ranges) are set apart one by one, as CJK characters are; their vowel and tone marks (Mn, Mc) are no token
# characters to unicode61, and to PostgreSQL's parser a mark alone is a word of its own: a search term's marks are
# dropped and the vectors' marks are blanks (cjk_spaced with marks=False), so both engines match a word by its
# letters ("เรือ" finds "เรอ" too: bench/README.md, search24). The snippets keep them (SQLite's content, the
# excerpt PostgreSQL marks up). Punctuation and symbols (Khmer's "។", Thai's "฿") stay as they are.
PHRASED_LETTERS = _class(p for p in _points(PHRASED) if unicodedata.category(chr(p))[0] in "LN")
PHRASED_MARKS = _class(p for p in _points(PHRASED) if unicodedata.category(chr(p))[0] == "M")


def _script_fold() -> dict[int, str]:
    table = {
        ord(a): b
        for a, b in zip("\u06cc\u0649\u06a9\u03c2\u0131\u0111\u0110", "\u064a\u064a\u0643\u03c3idD", strict=True)
    }
    # Tashkeel and the superscript alef; Hebrew points and cantillation (its marks only: maqaf, paseq, sof pasuq
    # and nun hafukha are punctuation, and the maqaf separates two words).
    for point in [*range(0x064B, 0x0660), 0x0670, *range(0x0591, 0x05C8)]:
        if unicodedata.category(chr(point)).startswith("M"):
            table[point] = ""
    # Greek letters with tonos, dialytika and the polytonic accents and breathings: their base letter.
    for point in [*range(0x0370, 0x0400), *range(0x1F00, 0x2000)]:
        letter = chr(point)
        base = "".join(c for c in unicodedata.normalize("NFD", letter) if not unicodedata.combining(c))
        if (
            unicodedata.category(letter).startswith("L")
            and len(base) == 1
            and base != letter
            and "\u0370" <= base < "\u0400"
        ):
            table[point] = base
    return table


# What neither engine folds alike (bench/README.md, world23 and search24): Persian yeh and alef maksura to Arabic
# yeh, keheh to Arabic kaf (teh marbuta and heh are two spellings, not variants: not folded); tashkeel (U+064B-065F,
# U+0670) and niqqud (U+0591-05C7's marks) dropped; Greek accents (tonos, dialytika, polytonic) and the final
# sigma; Turkish dotless i; Vietnamese d with stroke. Latin accents are left to the engines, which both fold them
# (unicode61's remove_diacritics, PostgreSQL's unaccent). ZWNJ (U+200C) stays: a separator to both.
# PostgreSQL 0021's newsdigest_search_folded spells the table in escapes (tests check the two agree).
SCRIPT_FOLD = _script_fold()
SCRIPT_FOLD_CLASS = _class(SCRIPT_FOLD)
_SCRIPT_FOLD_ANY = re.compile(f"[{SCRIPT_FOLD_CLASS}]")
# What the search indexes set apart, one character a word: CJK characters and the letters of the four scripts.
SPACED_CLASS = CJK_CLASS + PHRASED_LETTERS
_SPACED = re.compile(f"([{SPACED_CLASS}])")
_MARK = re.compile(f"[{PHRASED_MARKS}]")
# A run of Han and kana, or of Thai, Lao, Khmer or Burmese letters with their marks: bot.text.similarity reads one
# by its pairs of characters (of letters, the marks dropped). Compiled once: a class this wide takes ~3 ms to
# compile, at every start.
PAIRED_RUN = re.compile(f"([{HAN_KANA_CLASS}]+|[{PHRASED_LETTERS}][{PHRASED_LETTERS}{PHRASED_MARKS}]*)")
# Lead bytes common in text without any of the characters above, told apart by the byte after them: Latin
# Extended-A (Polish, Czech; the dotless i and d with stroke are there too), Greek, Hebrew and Armenian, Arabic
# (its letters but yeh), the Indic scripts before Thai, Vietnamese letters, dashes and curly quotes, CJK
# punctuation and kana (FOLD_CLASS's ideographic space beside them), the BOM, emoji.
_SHARED_LEADS = (0xC4, 0xCE, 0xCF, 0xD6, 0xD7, 0xD9, 0xDA, 0xDB, 0xE0, 0xE1, 0xE2, 0xE3, 0xEF, 0xF0)


class _Bytes:
    """A test at memchr speed of whether a text's UTF-8 may hold a character of some classes (never a false no).

    Substring tests for the lead bytes only these characters use, then, for each shared lead byte the text holds
    (:data:`_SHARED_LEADS`), a search for it followed by one of its second bytes. (A regular expression over the
    characters cost ~20 ns each: 0.1-0.2 ms for an English article with curly quotes, on every article stored;
    splitting the bytes at each shared lead and looking at every piece, ~75 ns a character of Hindi text.)
    """

    def __init__(self, classes: str) -> None:
        leads: set[int] = set()
        seconds: dict[int, set[int]] = {}
        for first, last in re.findall("(.)(?:-(.))?", classes, flags=re.DOTALL):
            last = last or first
            # A two-byte character's second byte changes at every code point; a longer one's every 64 code points
            # (every 4,096 for four-byte characters).
            step = 1 if ord(last) < 0x800 else 64
            for point in [*range(ord(first), ord(last), step), ord(last)]:
                data = chr(point).encode()
                if data[0] in _SHARED_LEADS:
                    seconds.setdefault(data[0], set()).add(data[1])
                else:
                    leads.add(data[0])
        self.leads = tuple(bytes([lead]) for lead in sorted(leads))
        self.pairs = tuple(
            (bytes([lead]), re.compile(b"\\x%02x[%s]" % (lead, b"".join(b"\\x%02x" % b for b in sorted(found)))))
            for lead, found in sorted(seconds.items())
        )

    def holds(self, data: bytes) -> bool:
        # find(), not "in": a bytes object's "in" first tries its operand as an integer and builds, then drops, a
        # TypeError for each test (~75 ns of a ~180 ns test).
        find = data.find
        if any(find(lead) >= 0 for lead in self.leads):
            return True
        return any(find(lead) >= 0 and pair.search(data) is not None for lead, pair in self.pairs)


# The bidirectional embeddings, overrides and isolates (bot.text.bidi.DIRECTION_CLASS) that Twitter/X, Wikipedia and
# some CMSs put around a right-to-left name in left-to-right text ("Harbour \u2067...\u2069 pier"): unicode61 takes
# the isolates for letters (its tables predate them), and PostgreSQL's parser every one of them where the database's
# LC_CTYPE is C (C.UTF-8 reads them as blanks), so the word was indexed with them and never found. The search text has
# a SEPARATOR for each (a blank to both engines' word splitting, nothing in a snippet: without_separators), the
# search term too (search_folded); the stored text keeps them. PostgreSQL 0024 spells the class in escapes (tests
# check it agrees).
_DIRECTION = re.compile(f"[{DIRECTION_CLASS}]")
# Each one looked for in the text, only in text that is not ASCII: nine searches in C, ~4 us for 4,000 characters
# of English text with curly quotes (bench/README.md, bidi29), no more than a regular expression over its UTF-8
# (curly quotes share their first two bytes with U+202A-202E) and a quarter of one over the text.
_DIRECTION_CHARS = tuple(filter(_DIRECTION.match, map(chr, range(0x2000, 0x2070))))


def _has_direction(text: str) -> bool:
    return any(control in text for control in _DIRECTION_CHARS)


# What the search text folds (FOLD_CLASS, SCRIPT_FOLD), and what it sets apart (SPACED_CLASS, and the marks, blanks
# in the text PostgreSQL's vectors are made of).
_FOLDED = _Bytes(FOLD_CLASS + SCRIPT_FOLD_CLASS)
_SET_APART = _Bytes(SPACED_CLASS + PHRASED_MARKS)
# FOLD_CLASS's characters start with one of these in UTF-8 (the ideographic space, U+F900-FFFF, U+2F800-2FA1F).
_FOLD_STARTS = (b"\xef", b"\xe3\x80\x80", b"\xf0\xaf")


def _changes(text: str) -> tuple[bytes | None, bool, bool]:
    """``text`` in UTF-8 (None for ASCII), whether it may hold a character to fold, and one to set apart.

    A direction control (DIRECTION_CLASS) is one to fold.
    """
    if text.isascii():
        return None, False, False
    data = text.encode("utf-8", "surrogatepass")
    return data, _FOLDED.holds(data) or _has_direction(text), _SET_APART.holds(data)


def _maybe_changed(text: str) -> bool:
    _, fold, spaced = _changes(text)
    return fold or spaced


def _maybe_spaced(text: str) -> bool:
    return not text.isascii() and _SET_APART.holds(text.encode("utf-8", "surrogatepass"))


def _folded_as_read(text: str, data: bytes, *, directions: bool = True) -> str:
    # The compatibility forms' scan, only where there may be one; the direction controls' likewise.
    if any(data.find(start) >= 0 for start in _FOLD_STARTS):
        text = _folded_runs(text)
    if directions and _has_direction(text):
        text = _DIRECTION.sub(SEPARATOR, text)
    return _script_folded(text)


def has_cjk(text: str) -> bool:
    """Return whether ``text`` holds a Han, kana or Hangul character."""
    return _maybe_spaced(text) and _cjk_only().search(text) is not None


@functools.cache
def _cjk_only() -> re.Pattern[str]:
    # Compiled when first asked (a class this wide takes ~3 ms): the store asks for SPACED_CLASS, this only the
    # upgrades of old indexes and has_cjk.
    return re.compile(f"([{CJK_CLASS}])")


def has_spaced(text: str) -> bool:
    """Return whether ``text`` holds a character the search indexes hold as a word of its own (CJK, Thai...)."""
    return _maybe_spaced(text) and _SPACED.search(text) is not None


def has_paired(text: str) -> bool:
    """Return whether ``text`` holds a Han or kana character, or a Thai, Lao, Khmer or Burmese letter (PAIRED_RUN).

    Scripts written without spaces between words: a headline holding one is read by its pairs of characters.
    """
    return _maybe_spaced(text) and PAIRED_RUN.search(text) is not None


def without_marks(text: str) -> str:
    """Return ``text`` without the marks of Thai, Lao, Khmer and Burmese (the letters the indexes hold of it)."""
    return _MARK.sub("", text)


def compat_folded(text: str) -> str:
    """Return ``text`` with its compatibility forms (FOLD_CLASS) folded, each run to its NFKC form.

    Text without any is returned as it is (the same object). Every other character stays as it is.
    """
    data, fold, _ = _changes(text)
    if data is None or not fold or not any(data.find(start) >= 0 for start in _FOLD_STARTS):
        return text
    return _folded_runs(text)


def _folded_runs(text: str) -> str:
    return _FOLD_RUN.sub(lambda found: unicodedata.normalize("NFKC", found.group()), text)


def search_folded(text: str) -> str:
    """Return ``text`` as both engines' search indexes read it: compatibility forms, controls and scripts folded.

    :func:`compat_folded`, each direction control (DIRECTION_CLASS) a SEPARATOR, then SCRIPT_FOLD applied. The
    fold of the indexed text and of a search term alike. Text without anything to fold is returned as it is.
    """
    data, fold, _ = _changes(text)
    return _folded_as_read(text, data) if fold and data is not None else text


def _script_folded(text: str) -> str:
    # Each letter found replaced throughout (a text holds few of them, often): str.translate looks every character
    # of the text up in the table, ~70 ns each.
    for found in set(_SCRIPT_FOLD_ANY.findall(text)):
        text = text.replace(found, SCRIPT_FOLD[ord(found)])
    return text


def cjk_spaced(text: str, separator: str = SEPARATOR, *, marks: bool = True, directions: bool = True) -> str:
    """Return ``text`` folded (:func:`search_folded`), with ``separator`` on each side of every SPACED_CLASS character.

    With ``marks=False`` the marks of Thai, Lao, Khmer and Burmese are separators too (what PostgreSQL's vectors
    are made of, and a search term; with them, what SQLite indexes and the snippets show: unicode61 takes no mark
    for a token character). PostgreSQL's newsdigest_cjk_spaced (``marks=False``) and newsdigest_cjk_shown
    (PostgreSQL 0021). With ``directions=False``, the direction controls stay as written (the spacing before
    SQLite's 0021). Text without anything to fold or set apart is returned as it is (the same object; tests
    at memchr speed first: this runs on every article stored).
    """
    data, fold, spaced = _changes(text)
    if data is None or not (fold or spaced):
        return text
    folded = _folded_as_read(text, data, directions=directions) if fold else text
    return _spaced_characters(folded, separator, marks=marks) if spaced else folded


def _spaced_characters(text: str, separator: str, *, marks: bool = True, pattern: re.Pattern[str] | None = None) -> str:
    # Split on each character (the pattern's one group keeps it) and joined by the separator: a separator on each
    # side of every one, in C (a substitution calls Python once a character, with a function or a template alike).
    spaced = separator.join((pattern or _SPACED).split(text))
    if marks or _MARK.search(spaced) is None:
        return spaced
    return _MARK.sub((separator + separator).replace("\\", "\\\\"), spaced)


def cjk_words(text: str, *, marks: bool = False) -> str:
    """Return ``text`` with every SPACED_CLASS character a word of its own, its words joined by one space.

    What a search term holding CJK or Thai, Lao, Khmer or Burmese letters becomes: the phrase of its characters,
    for FTS5 and ``to_tsquery`` alike, folded as the indexes' text is. The four scripts' marks are dropped, or with
    ``marks`` kept as words of their own (what PostgreSQL's parser reads in the text a snippet is marked in; FTS5
    reads no token in them). Reading it again gives it back (a term already spaced stays as it is); text without
    anything to fold or set apart is returned as it is.
    """
    if not _maybe_changed(text):
        return text
    return " ".join(cjk_spaced(text, " ", marks=marks).split())


def cjk_spaced_sql(value: object) -> object:
    """:func:`cjk_spaced` for SQL: a text spaced, any other value (NULL, a number, a blob) as it is."""
    return cjk_spaced(value) if isinstance(value, str) else value


def cjk_spaced_as_written(value: object) -> object:
    """:func:`cjk_spaced_sql` as it was before SQLite's migration 0019: CJK spaced, compatibility forms as written.

    What the search indexes held of a row before that migration, which removes it from them (FTS5 removes a row
    of an external-content index by the text it was made from) and indexes the row folded.
    """
    if isinstance(value, str) and _maybe_changed(value):
        return _spaced_characters(value, SEPARATOR, pattern=_cjk_only())
    return value


def cjk_spaced_before_scripts(value: object) -> object:
    """:func:`cjk_spaced_sql` as it was from SQLite's migration 0019 to 0020: compatibility forms folded, CJK spaced.

    What the search indexes held of a row before 0020, which removes it from them by this text and indexes it
    with the scripts folded and Thai, Lao, Khmer and Burmese letters set apart.
    """
    if isinstance(value, str) and _maybe_changed(value):
        return _spaced_characters(_folded_runs(value), SEPARATOR, pattern=_cjk_only())
    return value


def cjk_spaced_before_bidi(value: object) -> object:
    """:func:`cjk_spaced_sql` as it was from SQLite's migration 0020 to 0021: the direction controls as written.

    What the search indexes held of a row before 0021, which removes it from them by this text and indexes it
    with each direction control a separator.
    """
    return cjk_spaced(value, directions=False) if isinstance(value, str) else value


def has_direction_controls(value: object) -> bool:
    """Whether a text holds a direction control (DIRECTION_CLASS): its search spacing changed in SQLite's 0021."""
    return isinstance(value, str) and _has_direction(value)


def changed_by_scripts(value: object) -> bool:
    """Whether a text's search spacing changed in SQLite's 0020: it holds a SCRIPT_FOLD or PHRASED_LETTERS character."""
    return isinstance(value, str) and _maybe_changed(value) and _changed_by_scripts().search(value) is not None


@functools.cache
def _changed_by_scripts() -> re.Pattern[str]:
    # Compiled when first asked (~1 ms): only SQLite's 0020 asks.
    return re.compile(f"[{SCRIPT_FOLD_CLASS}{PHRASED_LETTERS}]")


def without_separators(text: str) -> str:
    """Return ``text`` without the separators :func:`cjk_spaced` puts in (what a snippet of spaced text shows)."""
    return text.replace(SEPARATOR, "")
