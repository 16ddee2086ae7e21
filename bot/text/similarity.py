"""Content identity: fingerprints for exact duplicates, title tokens for stories told by several sources."""

from __future__ import annotations

import functools
import hashlib
import math
import re
import unicodedata
from collections.abc import Callable, Iterable

from bot.text.asciiwords import kept_bytes, split_folded
from bot.text.cjk import PAIRED_RUN, PHRASED_LETTERS, compat_folded, has_paired, without_marks
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
    material = normalise(title) + "\n" + normalised_head(body)
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


def normalised_head(body: str) -> str:
    """The first 2,000 characters of the normalised body: what :func:`fingerprint` reads of it."""
    # Normalising never lengthens text much, so the first 3,000 characters give the first 2,000 normalised
    # ones without folding a whole long article.
    return normalise(body[:3000])[:2000]


# Two headlines tell one story when the Jaccard similarity of their words is at least STORY_THRESHOLD, or, both
# holding Chinese or Japanese (or Thai, Lao, Khmer or Burmese: the threshold is CJK's, bench/README.md search24),
# of their words and character pairs at least CJK_STORY_THRESHOLD: measured on the
# pairs of tests/test_story_cjk.py (one story in two wordings, two stories sharing a place), where pairs of one
# story scored 0.29-1.00 and of two stories 0.04-0.23, beside two that headlines alone cannot tell apart (0.36,
# 0.60: one thing changed in a frame shared word for word) (bench/README.md, "Stories in Chinese and Japanese").
# bot.store.pgarticles's story locks follow both.
STORY_THRESHOLD = 0.6
CJK_STORY_THRESHOLD = 0.25


def title_tokens(title: str) -> frozenset[str]:
    """Return the significant words of a headline (stop words and one-letter words dropped).

    Chinese and Japanese are written without spaces: a run of Han and kana is read as its character pairs (each
    two adjacent characters; a character alone is itself), the usual way to compare such text without a
    dictionary. Hiragana are left out, as stop words are (particles and inflections: "の", "が", "しい"), and so
    is punctuation; the words around such a run are read as ever. Thai, Lao, Khmer and Burmese, also written
    without spaces between words, are read by the pairs of their letters, the marks dropped (as the search
    indexes hold them: bot.text.cjk). Headlines without these get exactly the words they always got (Korean keeps
    its words: it has spaces).
    """
    return _reading(title)[0]


def reads_pairs(title: str) -> bool:
    """Whether a headline holds Han, kana, or Thai, Lao, Khmer or Burmese letters (read in pairs), remembered."""
    return _reading(title)[1]


# Cached by headline: a story lookup asks for a headline's words and script several times (its candidates, its
# locks, each comparison), and telling the script costs ~5 us for a headline with curly quotes.
@functools.lru_cache(maxsize=8192)
def _reading(title: str) -> tuple[frozenset[str], bool]:
    # Half-width kana and compatibility ideographs are paired as the search indexes hold them: folded.
    title = compat_folded(title)
    if not has_paired(title):
        return _words(title), False
    tokens: set[str] = set()
    for n, part in enumerate(PAIRED_RUN.split(title)):
        if n % 2 == 0:
            tokens.update(_words(part))
            continue
        # Thai, Lao, Khmer and Burmese by their letters, as the indexes hold them (bot.text.cjk); Han and kana
        # in pieces between hiragana and what is no letter.
        pieces = [without_marks(part)] if _PHRASED_LETTER.match(part) else _GRAM_BREAK.split(part)
        for piece in pieces:
            if len(piece) == 1:
                tokens.add(piece)
            tokens.update(piece[i : i + 2] for i in range(len(piece) - 1))
    return frozenset(tokens), True


# A column's headline names the column, not a story: "Letters to the editor", "Morning briefing", "Live updates",
# "Weather forecast", "Corrections and clarifications", perhaps with its day or number ("Morning briefing: Monday
# 7 December", "Newsletter no. 42"). Two outlets' columns of one name, or one outlet's on two days, are two stories
# under one headline. English, German, French, Spanish and Italian words.
_COLUMN_WORDS = frozenset(
    (
        "letters", "letter", "editor", "editors", "readers", "reader", "mailbag", "postbag", "inbox", "morning",
        "evening", "afternoon", "midday", "night", "weekend", "weekday", "daily", "weekly", "week", "today", "tonight",
        "day", "yesterday", "tomorrow", "briefing", "briefings", "brief", "digest", "roundup", "round", "wrap",
        "newsletter", "bulletin", "headlines", "news", "update", "updates", "latest", "live", "blog", "weather",
        "forecast", "outlook", "traffic", "travel", "tides", "tide", "times", "corrections", "correction",
        "clarifications", "clarification", "obituaries", "obituary", "deaths", "births", "marriages", "notices",
        "announcements", "crossword", "puzzle", "puzzles", "sudoku", "quiz", "horoscope", "horoscopes", "cartoon",
        "editorial", "opinion", "comment", "comments", "view", "views", "podcast", "episode", "photos", "pictures",
        "gallery", "front", "page", "top", "stories", "things", "know", "need", "you", "your", "our", "first", "thing",
        "edition", "issue", "no", "vol", "part", "sport", "sports", "results", "scores", "markets", "market", "report",
        # German, French, Spanish, Italian columns ("Leserbriefe", "Revue de presse", "Cartas al director", "Lettere
        # al direttore", "Météo du jour", "En direct", "Presseschau am Morgen"), their words as title_tokens folds
        # them, and the articles and prepositions such names hold.
        "leserbriefe", "leserbrief", "wetter", "wetterbericht", "verkehr", "verkehrslage", "presseschau",
        "morgenlage", "newsblog", "liveblog", "ticker", "nachrichten", "uberblick", "kommentar", "meinung", "tag",
        "morgen", "abend", "woche", "wochenende", "heute", "horoskop", "kreuzwortratsel", "korrektur", "korrekturen",
        "courrier", "lecteurs", "lecteur", "revue", "presse", "meteo", "direct", "jour", "semaine", "soir", "matin",
        "actualites", "infos", "flash", "edito", "chronique", "horoscope", "rectificatif", "cartas", "carta",
        "director", "tiempo", "directo", "ultima", "hora", "noticias", "resumen", "portada", "horoscopo",
        "crucigrama", "hoy", "semana", "dia", "tarde", "noche", "lettere", "direttore", "diretta", "notizie", "oggi",
        "rassegna", "stampa", "oroscopo", "cruciverba", "editoriale", "settimana", "giorno", "sera", "mattina",
        "de", "des", "du", "la", "le", "les", "el", "al", "del", "los", "las", "en", "am", "im", "der", "die", "das",
        "di", "il", "lo", "della", "dei", "au", "aux", "und", "et", "vom", "zum", "zur",
    )
)  # fmt: skip
_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)?")


@functools.lru_cache(maxsize=8192)
def column_headline(title: str) -> bool:
    """Whether a headline is a column's name (:data:`_COLUMN_WORDS`, with dates and numbers), not a story's.

    Such a headline joins no story by its words (:func:`same_story`), and its text (the same teaser every day) is
    no article's without its link (:func:`bot.text.identity.content_fingerprint`).
    """
    tokens = title_tokens(title)
    if not tokens or reads_pairs(title):
        return False
    months, weekday = _date_words()
    return all(
        word in _COLUMN_WORDS or word in months or _ORDINAL.fullmatch(word) or weekday.fullmatch(word)
        for word in tokens
    )


@functools.cache
def _date_words() -> tuple[dict[str, int], re.Pattern[str]]:
    """The month names and the weekday pattern (a table read from a file: only once a headline is asked about)."""
    from bot.text.datewords import MONTHS, WEEKDAY_PATTERN

    return MONTHS, re.compile(WEEKDAY_PATTERN)


def _words(text: str) -> frozenset[str]:
    return frozenset(w for w in normalise(text).split() if len(w) > 1 and w not in _STOP)


# Inside a run, hiragana (U+3041-U+309F) and what is no letter or digit (the katakana middle dot, sound marks,
# radicals) end a piece: what is left the search indexes hold character by character (bot.text.cjk), so that a
# pair is asked of them as the phrase of its two characters (bot.store.articles).
_GRAM_BREAK = re.compile(r"[\u3041-\u309f\W]+")
_PHRASED_LETTER = re.compile(f"[{PHRASED_LETTERS}]")


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """Return |a & b| / |a | b| (0 for two empty sets)."""
    common = len(a & b)
    union = len(a) + len(b) - common  # |a | b|, without making the union
    return common / union if union else 0.0


def story_threshold(title: str) -> float:
    """The lowest Jaccard similarity at which ``title`` may tell one story with another (:func:`same_story`)."""
    return CJK_STORY_THRESHOLD if reads_pairs(title) else STORY_THRESHOLD


def story_order(tokens: Iterable[str]) -> list[str]:
    """A headline's words in the one order every story lookup takes them: longest first (the rarer), then by spelling.

    Never by a set's order, which depends on the process's hash seed: two processes (or two runs) must ask for the
    same candidates and take the same locks for the same headline.
    """
    return sorted(tokens, key=lambda word: (-len(word), word))


def story_prefix(title: str) -> list[str]:
    """The first words of a headline (:func:`story_order`) of which every headline of its story holds at least one.

    Prefix filtering: two word sets whose Jaccard similarity is at least t share at least ceil(t * |x|) words
    (|x| the larger set's size, so either's), so the first |x| - ceil(t * |x|) + 1 words of one hold one of them.
    """
    tokens = story_order(title_tokens(title))
    shared = math.ceil(story_threshold(title) * len(tokens) - 1e-9)  # rounded down where float error could lift it
    return tokens[: len(tokens) - shared + 1]


def same_story(title_a: str, title_b: str, threshold: float = STORY_THRESHOLD) -> bool:
    """Tell whether two headlines very likely report the same story (never when either is a column's name).

    ``threshold`` is the one for words; two headlines both holding Chinese or Japanese are one story from
    :data:`CJK_STORY_THRESHOLD` on already (their character pairs overlap less than words do between two
    wordings).
    """
    return _same(title_a, title_tokens(title_a), title_b, threshold)


def first_same_story(title: str, others: Iterable[str], threshold: float = STORY_THRESHOLD) -> int | None:
    """The index of the first of ``others`` that tells ``title``'s story (:func:`same_story`), or None.

    ``title``'s words are looked up once for all of them: a story lookup compares a headline with up to 20
    candidates, and each lookup of a headline's words (cached) costs about a sixth of a comparison.
    """
    if column_headline(title):
        return None
    a = title_tokens(title)
    for index, other in enumerate(others):
        if _same(title, a, other, threshold):
            return index
    return None


def _same(title_a: str, a: frozenset[str], title_b: str, threshold: float) -> bool:
    """:func:`same_story` of ``title_a`` (whose words are ``a``) and ``title_b``: never a column's name."""
    b = title_tokens(title_b)
    if min(len(a), len(b)) < 3:
        same = normalise(title_a) == normalise(title_b)
    else:
        similarity = jaccard(a, b)
        same = similarity >= threshold or (
            similarity >= CJK_STORY_THRESHOLD and reads_pairs(title_a) and reads_pairs(title_b)
        )
    return same and not column_headline(title_a) and not column_headline(title_b)
