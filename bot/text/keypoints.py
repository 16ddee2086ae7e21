"""Key points: the few sentences that tell the story, picked extractively (lead bias, centrality, no repeats)."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from operator import itemgetter

from bot.text.asciiwords import ascii_separated, byte_table, count_ascii, kept_bytes, split_ascii, split_folded
from bot.text.linecache import LineCache
from bot.text.phrased import KHMER, THAI_LAO
from bot.text.pointfilter import compress, is_cruft, strip_lead, tells_no_story, trim_tail
from bot.text.sentences import REFERENCE_MARKS, split_sentences, sure_pieces
from bot.text.stopwords import STOPWORDS, stem

__all__ = ["Weights", "is_cruft", "key_points", "rank", "redundant"]

_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*", re.UNICODE)
_LETTERS_DIGITS = byte_table("")
_WITH_APOSTROPHES = byte_table("'")
_KEPT_WITH_APOSTROPHES = kept_bytes("'")
# Where a run of word characters and apostrophes is not one word of _WORD: an apostrophe at its edge, or two together.
_LOOSE_APOSTROPHES = (" '", "' ", "''", " \u2019", "\u2019 ", "\u2019\u2019", "'\u2019", "\u2019'")
_QUOTES = "\"'\u201c\u2018"
_ENDINGS = ".!?\"'\u201d\u2019)\u00bb\u00ab\u201c\u3002\uff01\uff1f\u300d\u300f\u104b\u0964\u0965\u06d4\u17d4\u061f"
# Scripts written without spaces between words (Chinese, Japanese kana): a run of them is not
# one word. Their characters count as half a word each (a Chinese or Japanese word is about two characters),
# and their words for overlap are character pairs.
# Thai, Lao and Khmer set phrases off with spaces, but a phrase is several words: their phrases count a fifth of
# a word per character (a Thai word is four or five, its vowel and tone marks counted), or as many words as there
# are phrases when that is more ("ขณะที่ นาย ว.", three short phrases, stays three words: no key point). Else a
# sentence of twenty words between two spaces counts as one and none of theirs reaches a key point's five.
# (Burmese spaces its phrases more often: counted by its spaces, the dataset's Burmese copy's key points are its
# lead; by its letters, one is lost to the length rules.)
_PHRASED_CHAR = re.compile(f"[{THAI_LAO}{KHMER}]")
_PHRASED_WORD = 5
_UNSPACED = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_UNSPACED_CHAR = re.compile(f"[{_UNSPACED}]")
_UNSPACED_RUN = re.compile(f"[{_UNSPACED}]+")
_UNSPACED_SPLIT = re.compile(f"([{_UNSPACED}]+)")
# A character word_count counts apart: of _UNSPACED_CHAR or of _PHRASED_CHAR.
_COUNTED_CHAR = re.compile(f"[{_UNSPACED}{THAI_LAO}{KHMER}]")
# Two key points whose content words overlap this much (of the smaller set) say the same thing.
_REPEAT = 0.6
# A line ending with a colon is a list's or a quote's opener; a short one is no point of the story (a long one
# may be its lead: "X said in a statement that ...:").
_OPENER_WORDS = 8
# Where an over-long sentence may be cut: a comma (Arabic's "،" too), a semicolon or a dash between blanks.
_CLAUSE = re.compile(r"(?:,|\u060c|;|\s--|\s\u2013|\s\u2014)\s")


@dataclass(frozen=True)
class Weights:
    """Tunable knobs of the ranking (defaults chosen by measurement on half of cnndm-dev)."""

    window: int = 8
    position: float = 1.0
    flat: int = 3
    decay: float = 0.3
    quote: float = 0.2
    centrality: float = 0.6
    title: float = 0.05
    ideal_words: int = 12
    length: float = 0.4
    redundancy: float = 0.6
    max_words: int = 60
    unfinished: float = 0.2
    min_words: int = 5
    trim_tails: bool = True
    labels: bool = True
    photo_parens: bool = True
    connectives: bool = True
    reading_order: bool = True


DEFAULT = Weights()


def _content(sentence: str) -> list[str]:
    """Return the stemmed content words of a sentence."""
    words = _words(sentence.lower())
    try:
        return list(filter(None, _known_stems(words)))  # no Python-level loop for known words
    except KeyError:
        return list(filter(None, _learned(words)))


def _words(lower: str) -> list[str]:
    """Return the words of lower-cased text as _WORD finds them."""
    plain = ascii_separated(lower)
    apostrophe = "'"
    if plain is None and "\u2019" in lower and "'" not in lower:
        # The right single quote as every apostrophe (most copies beyond ASCII): _WORD reads it as the straight one,
        # so the words are those of the text with straight ones, each "'" in them given back as the curly one.
        plain = ascii_separated(lower.replace("\u2019", "'"))
        apostrophe = "\u2019"
    if plain is None:
        # Beyond ASCII (accents, the right single quote as apostrophe, other scripts): each distinct character is
        # kept or blanked as _WORD reads it, then the runs are split as below.
        words = split_folded(lower, _KEPT_WITH_APOSTROPHES, _word_char)
        if "'" in lower or "\u2019" in lower:
            joined = f" {' '.join(words)} "
            if any(loose in joined for loose in _LOOSE_APOSTROPHES):
                return _WORD.findall(lower)
        return words
    if "'" not in plain:
        return split_ascii(plain, _LETTERS_DIGITS)  # without apostrophes: the runs of letters and digits
    # Runs of letters, digits and apostrophes: each is one word when every apostrophe in it stands between two
    # letters or digits ("don't", "o'neill"), as the pattern joins them; an apostrophe at a run's edge or
    # doubled is left to the pattern.
    runs = f" {plain} ".encode("ascii").translate(_WITH_APOSTROPHES).decode("ascii")
    if " '" in runs or "' " in runs or "''" in runs:
        return _WORD.findall(lower)
    return runs.split() if apostrophe == "'" else runs.replace("'", apostrophe).split()


def _word_or_blank(char: str) -> str:
    """Return ``char`` where _WORD takes it into a word (a word character or the right single quote), else a blank."""
    return char if char.isalnum() or char == "\u2019" else " "


# One answer a character (``asciiwords.split_folded`` asks it of each distinct character beyond ASCII of a text).
_word_char = LineCache(_word_or_blank, 65536).__getitem__


def _terms(sentence: str) -> list[str]:
    """Return the terms two sentences are compared by: content words, runs of unspaced scripts as pairs."""
    words = _content(sentence)
    return words if sentence.isascii() else _pairs(words)


def _pairs(words: list[str]) -> list[str]:
    """Replace each run of a script written without spaces by its character pairs ("東京会議" -> 東京 京会 会議)."""
    if not _UNSPACED_CHAR.search("".join(words)):  # one search, not one per word: the pattern is one character
        return words
    out: list[str] = []
    for word in words:
        if not _UNSPACED_CHAR.search(word):
            out.append(word)
            continue
        for piece in _UNSPACED_SPLIT.split(word):
            if _UNSPACED_RUN.fullmatch(piece):
                out.extend(piece[i : i + 2] for i in range(max(1, len(piece) - 1)))
            elif len(piece) > 1:
                out.append(piece)
    return out


def word_count(text: str) -> int:
    """Count words: blank-separated ones, plus half a word per CJK character; Thai, Lao, Khmer as _PHRASED_WORD says."""
    n = len(text.split())
    if text.isascii() or _COUNTED_CHAR.search(text) is None:
        return n  # (accents, curly quotes, Cyrillic...: one scan finds no character either count below counts)
    n += len(_UNSPACED_CHAR.findall(text)) // 2
    letters = len(_PHRASED_CHAR.findall(text))
    if not letters:
        return n
    phrases = sum(1 for word in text.split() if _PHRASED_CHAR.search(word))
    return n - phrases + max(phrases, letters // _PHRASED_WORD)


# Lower-case word -> its stem, or "" for a stop word or a single letter. Bounded: cleared when it grows large.
# Threads share it: a lookup that misses because another thread cleared it computes the stems instead.
_STEMS: dict[str, str] = {}
_STEMS_LIMIT = 50_000  # a few MB at most; a day of news uses fewer distinct words
_LONGEST_WORD = 100


def _known_stems(words: list[str]) -> list[str]:
    """Return ``_STEMS[word]`` of each word, in order; KeyError where one is not known.

    ``operator.itemgetter`` of the words looks each up in the dict in one C loop: ~40 % fewer instructions than
    ``map(_STEMS.__getitem__, words)``, which calls the bound method once a word.
    """
    if len(words) > 1:
        return list(itemgetter(*words)(_STEMS))
    return [_STEMS[words[0]]] if words else []


def _stem_or_none(word: str) -> str:
    return "" if word in STOPWORDS or len(word) <= 1 else stem(word)


def _learned(words: list[str]) -> list[str]:
    """Return each word's stem, in order, the words not known yet learnt first.

    Once learnt, the words are looked up again, in C (a text's few new words, a name, once stemmed): only where one
    is not kept (a word over _LONGEST_WORD characters, or the stems cleared by another thread) is each word stemmed.
    """
    _learn(words)
    try:
        return _known_stems(words)
    except KeyError:
        return list(map(_stem_or_none, words))


def _learn(words: list[str]) -> None:
    if len(_STEMS) > _STEMS_LIMIT:
        _STEMS.clear()
    for word in set(words).difference(_STEMS):  # only the new words (a set looks words up in a dict in C)
        if len(word) <= _LONGEST_WORD:  # a hostile megabyte "word" is stemmed each time, never kept
            _STEMS[word] = _stem_or_none(word)


def redundant(a: str, b: str, threshold: float = _REPEAT) -> bool:
    """Tell whether two sentences say much the same thing (content-word containment of the shorter)."""
    sa, sb = set(_terms(a)), set(_terms(b))
    small = min(len(sa), len(sb))
    return small > 0 and len(sa & sb) / small >= threshold


def _shorten(sentence: str, max_words: int) -> str | None:
    """Cut an over-long sentence at its last clause boundary that fits, or give up (None)."""
    words = sentence.split()
    if len(words) <= max_words:
        return sentence
    head = " ".join(words[:max_words])
    cuts = [m.start() for m in _CLAUSE.finditer(head)]
    if cuts and len(head[: cuts[-1]].split()) >= 12:
        return head[: cuts[-1]].rstrip(" ,;\u060c") + "."
    return None


_EMBEDDED_POST = "pic.twitter.com/"


def _candidates(
    paragraphs: Sequence[str], weights: Weights
) -> tuple[list[tuple[int, str, set[str], int]], Counter[str], Sequence[str]]:
    """Return the sentences that may become key points (position, text, word set, length), word counts, the rest.

    The rest is the paragraphs past the lead window: their sentences only add to the counts, and
    :func:`_count_rest` counts them later for just the words the candidates use.
    """
    out: list[tuple[int, str, set[str], int]] = []
    # How many sentences use each word: a sentence whose words recur across the story is central to it. Each
    # sentence's distinct words go into one list, counted once at the end (Counter.update costs per call).
    used: list[str] = []
    # Positions count only sentences that could be key points, so page furniture at the top of a pasted
    # page does not push the story out of the lead window; the scan for them is bounded all the same.
    position = examined = 0
    limit = 8 * weights.window
    for index, paragraph in enumerate(paragraphs):
        if position >= weights.window or examined >= limit:
            return out, Counter(used), paragraphs[index:]  # every further sentence only counts words
        if _EMBEDDED_POST in paragraph:
            continue  # an embedded post's text ("... pic.twitter.com/AbC123"): quoted in the story, none of its points
        for raw in split_sentences(paragraph):
            examined += 1
            if position >= weights.window or examined > limit:
                used.extend(set(_terms(raw)))
                continue
            text = strip_lead(raw, weights.labels)
            if "[" in text:
                text = REFERENCE_MARKS.sub("", text)  # "... in three districts.[4]": no words of the point
            if is_cruft(text) or (text.endswith((":", "\uff1a")) and word_count(text) <= _OPENER_WORDS):
                continue  # furniture, or a short line that opens what follows ("Three things I read this week:")
            if tells_no_story(text):
                used.extend(set(_terms(text)))
                continue  # "The authority declined to comment.", "Here's how it works.": its words count, no key point
            if weights.trim_tails:
                text = trim_tail(text)
            if weights.photo_parens:
                text = compress(text, weights.connectives)
            n_words = word_count(text)
            if text[-1] in _ENDINGS or n_words >= weights.min_words:
                # Short unpunctuated lines (menu words, section names) do not take a place in the lead.
                position += 1
            short = text
            if n_words > weights.max_words:
                cut = _shorten(text, weights.max_words)
                if cut is None:
                    continue
                short, n_words = cut, word_count(cut)
            words = set(_terms(short))
            used.extend(words)
            if n_words >= weights.min_words and words:
                out.append((max(position - 1, 0), short, words, n_words))
    return out, Counter(used), ()


def _count_rest(paragraphs: Sequence[str], wanted: set[str], df: Counter[str]) -> None:
    """Add to ``df`` the sentences of ``paragraphs`` that use each word of ``wanted`` (and only those words)."""
    used: list[str] = []
    for paragraph in paragraphs:
        # A paragraph's words are its sentences' words in order (sentences split only at blanks), so a word
        # that occurs once in it occurs in exactly one of its sentences: splitting is only needed for repeats.
        stems = _stems(_words(paragraph.lower()))
        if not paragraph.isascii() and _UNSPACED_CHAR.search("".join(stems)):
            # A script written without spaces: its terms are character pairs, not one per word (see _pairs).
            hits = list(filter(wanted.__contains__, _pairs(list(filter(None, stems)))))
            if len(set(hits)) == len(hits):
                used.extend(hits)
            else:
                for raw in split_sentences(paragraph):
                    used.extend(set(_wanted_stems(_words(raw.lower()), wanted, raw.isascii())))
            continue
        hits = list(filter(wanted.__contains__, stems))
        used.extend(hits if len(set(hits)) == len(hits) else _sentence_hits(paragraph, stems, wanted))
    df.update(used)


def _sentence_hits(paragraph: str, stems: list[str], wanted: set[str]) -> list[str]:
    """Return the wanted stems of each sentence of ``paragraph``, each once per sentence, all in one list.

    ``stems`` are the paragraph's words' stems in order: each sentence's are the next as many as it has words
    (counted, not found and stemmed again). An ASCII paragraph is first cut at its sure sentence ends
    (``sure_pieces``, no sentence split): only a piece that uses a wanted word twice is split into sentences, as
    in the others every wanted word is in its sentence once. (Beyond ASCII a piece's words cost a pass of their
    own to count, more than the split spares.) Should the counts not add up, each sentence is read on its own.
    """
    pieces = sure_pieces(paragraph) if paragraph.isascii() else [paragraph]
    last = len(pieces) - 1
    out: list[str] = []
    start = 0
    for i, piece in enumerate(pieces):
        # Words are never cut between pieces, so the last piece's words are the rest: only the others are counted.
        end = len(stems) if i == last else start + _count_words(piece)
        if last:  # (one piece is the paragraph, which uses a wanted word twice, or it would not be split here)
            hits = list(filter(wanted.__contains__, stems[start:end]))
            if len(set(hits)) == len(hits):
                out.extend(hits)
                start = end
                continue
        for raw in split_sentences(piece):
            stop = start + _count_words(raw)
            out.extend(set(filter(wanted.__contains__, stems[start:stop])))
            start = stop
        if start != end:
            break
    if start == len(stems):
        return out
    return [
        stem
        for raw in split_sentences(paragraph)
        for stem in set(_wanted_stems(_words(raw.lower()), wanted, raw.isascii()))
    ]


def _count_words(text: str) -> int:
    """Return ``len(_words(text.lower()))``, counted without making the words where the text allows it."""
    if text.isascii() and "'" not in text:
        return count_ascii(text, _LETTERS_DIGITS)  # ASCII letters and digits are such in either case
    return len(_words(text.lower()))


def _stems(words: list[str]) -> list[str]:
    """Return each word's stem, in order ("" for a stop word or a single letter)."""
    try:
        return _known_stems(words)  # no Python-level loop for known words
    except KeyError:
        return _learned(words)


def _wanted_stems(words: list[str], wanted: set[str], ascii_only: bool = True) -> list[str]:
    """Return the stems of ``words`` that are in ``wanted``, in order (stop words have stem "", never wanted)."""
    stems = _stems(words)
    if not ascii_only and _UNSPACED_CHAR.search("".join(stems)):
        stems = _pairs(list(filter(None, stems)))
    # Without a script written without spaces the pairs are the stems less the stop words' "", never wanted.
    return list(filter(wanted.__contains__, stems))


def rank(paragraphs: Sequence[str], title: str | None, count: int, weights: Weights) -> list[str]:
    """Pick ``count`` key points with the given weights (exposed for the benchmark's tuning)."""
    if count <= 0:
        return []
    pool, df, rest = _candidates(paragraphs, weights)
    if not pool:
        return []
    _count_rest(rest, {w for _, _, words, _ in pool for w in words}, df)
    title_words = set(_terms(title)) if title else set()
    title_length = word_count(title) if title else 0
    # A title cut from the text's first sentence ("The ferry timetable changes on Monday: the first boat\u2026", a
    # post's or a feed item's without a title of its own): that sentence, whole, tells what the cut title does not.
    # It is left out as the headline said again, unless too few other sentences are left (a one-sentence post).
    cut_from = title[:-1].rstrip() if title and title.endswith("\u2026") else None
    completed: list[tuple[float, int, str, set[str]]] = []
    uniqs = [words for _, _, words, _ in pool]
    # Integer sums, so the same as summing df[w] - 1 word by word.
    cents = [(sum(map(df.__getitem__, uniq)) - len(uniq)) / math.sqrt(len(uniq)) for uniq in uniqs]
    top = max(cents) or 1.0
    scored: list[tuple[float, int, str, set[str]]] = []
    for (pos, text, _, n), uniq, cent in zip(pool, uniqs, cents, strict=True):
        if (
            title_words
            and len(uniq & title_words) >= 2
            and len(uniq - title_words) <= 1
            and n <= title_length + _RESTATED_WORDS
        ):
            # The headline repeated in the body (pasted pages): the digest shows the headline already. Not a lead
            # that says it again at a sentence's length ("The ferry between Keldan and the mainland sailed again on
            # Saturday after six weeks in dry dock." under "Keldan ferry sails again after six weeks in dry dock").
            if cut_from and text.startswith(cut_from):
                completed.append((0.0, pos, text, uniq))
            continue
        # The lead sentences are about equally good; past them the chance of carrying the story falls off.
        prior = 1.0 if pos < weights.flat else math.exp(-weights.decay * (pos - weights.flat + 1))
        score = weights.position * prior + weights.centrality * cent / top
        if text[:1] in _QUOTES:
            # A quotation colours a story more often than it states it.
            score -= weights.quote
        if text[-1] not in _ENDINGS:
            # No full stop: a heading, menu or caption line more often than a sentence of the story.
            score -= weights.unfinished
        if title_words:
            score += weights.title * len(uniq & title_words) / len(title_words)
        score -= weights.length * abs(math.log(n / weights.ideal_words))
        scored.append((score, pos, text, uniq))
    # A short or title-case line without a sentence's end, or a table's row, is taken only where enough other lines
    # are left: a subheading, a share button or a menu tells less than any sentence of the story. (A long caption is
    # kept: a picture's line often states the story, as "Fans gather outside the stadium on Saturday".) Not where
    # such lines are most of the text: a podcast's show notes list its topics so, between its sponsors' sentences.
    # A question, too, is taken only where enough statements are left: it asks what the story tells (a teaser's
    # "Why is the market rising?", an interviewer's question).
    headings = [_heading_like(s[2]) for s in scored]
    if 2 * headings.count(True) <= len(scored):
        sentences = [s for s, heading in zip(scored, headings, strict=True) if not heading]
        told = [s for s in sentences if not _asks(s[2])]
        scored = told if len(told) >= count else sentences if len(sentences) >= count else scored
    chosen = _select(sorted(scored, key=lambda s: -s[0]), count, weights.redundancy)
    chosen += completed[: count - len(chosen)]
    if weights.reading_order:
        chosen.sort(key=lambda c: c[1])
    return [c[2] for c in chosen]


_RESTATED_WORDS = 3  # words a repeated headline may have over it (a kicker, a dateline's place) and still be one
_HEADING_WORDS = 10
_CAPITALISED_FROM = 4  # letters: a title capitalises its words of this length or more ("Get", "the" may stay small)


def _asks(text: str) -> bool:
    """Tell whether a sentence is a question (its mark last, or last inside its closing quote)."""
    return text[-1] in _QUESTION_MARKS or (
        len(text) > 1 and text[-1] in _CLOSING_QUOTES and text[-2] in _QUESTION_MARKS
    )


_QUESTION_MARKS = "?\uff1f\u061f"
_CLOSING_QUOTES = "\"'\u201d\u2019\u00bb\u00ab\u201c\u300d\u300f"


def _heading_like(text: str) -> bool:
    """Tell whether a key point candidate is a heading, a menu or a table's row rather than a sentence."""
    if text[-1] in _ENDINGS or (not text.isascii() and _PHRASED_CHAR.search(text)):
        return False  # (Thai, Lao and Khmer end a sentence with a blank, not a mark)
    words = text.split()
    if "|" in text or len(words) <= _HEADING_WORDS:
        return True
    long_words = [word for word in words if len(word) >= _CAPITALISED_FROM and word[:1].isalpha()]
    return bool(long_words) and all(word[:1].isupper() for word in long_words)


def _select(
    remaining: list[tuple[float, int, str, set[str]]], count: int, redundancy: float
) -> list[tuple[float, int, str, set[str]]]:
    """Pick up to ``count`` of the scored sentences (best first), each penalised for overlap with those picked."""
    chosen: list[tuple[float, int, str, set[str]]] = []
    # Each sentence's largest overlap with the chosen ones, kept up to date as sentences are chosen (a maximum
    # taken step by step is the same number); a sentence that repeats a chosen one can never be chosen.
    overlaps = [0.0] * len(remaining)
    while remaining and len(chosen) < count:
        best_i, best_val = -1, -math.inf
        for i, (score, _, _, _) in enumerate(remaining):
            value = score - redundancy * overlaps[i]
            if value > best_val:
                best_i, best_val = i, value
        if best_i < 0:
            break
        pick = remaining.pop(best_i)
        del overlaps[best_i]
        chosen.append(pick)
        if len(chosen) == count:
            break
        picked = pick[3]
        kept: list[tuple[float, int, str, set[str]]] = []
        kept_overlaps: list[float] = []
        for item, overlap in zip(remaining, overlaps, strict=True):
            uniq = item[3]
            overlap = max(overlap, len(uniq & picked) / min(len(uniq), len(picked)))
            if overlap < _REPEAT:
                kept.append(item)
                kept_overlaps.append(overlap)
        remaining, overlaps = kept, kept_overlaps
    return chosen


def key_points(paragraphs: Sequence[str], title: str | None = None, count: int = 3) -> list[str]:
    """Return up to ``count`` sentences from the body that best tell the story, in reading order."""
    return rank(paragraphs, title, count, DEFAULT)
