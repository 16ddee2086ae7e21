"""Describe each line near the top of a pasted page by numbers: the input of the learned headline model.

Features are about a line's shape and its neighbours (position, length, case, punctuation, what kind of line
the rules say it is, what follows it, how many of its words the text below repeats), never about a site.
bench/train_lines.py fits the model on these; bot/text/linemodel.py scores them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import accumulate

from bot.text.clean import Kind, is_prose, word_count
from bot.text.headline import STOP_WORDS, leads_into_article, line_words, rule_scores
from bot.text.linekinds import words_beside_dates
from bot.text.linepatterns import BYLINE, contains_any
from bot.text.linestructure import Around

# The headline of a pasted page is among its first lines (the wider copies start up to 6 lines above it).
WINDOW = 12
MAX_WORDS = 30  # the longest headline of the training pages has 28
MAX_CHARS = 300
_BODY_LINES = 30
_OVERLAP_WORDS = 12  # a line's first content words are looked for in the text below it
_META = frozenset({Kind.DATE, Kind.BYLINE, Kind.READING_TIME, Kind.BUTTONS})
# The kinds the loops below compare with, as module constants: a `Kind.X` lookup goes through the enum's metaclass
# (~45 ns in Python 3.11, a global ~8 ns), and a page asks a few dozen.
_TEXT, _DATE = Kind.TEXT, Kind.DATE
# The kinds a headline line was given on the training pages (a dated "Weekly Edition for ..." title, a title
# that reads like a "More ..." link); captions, bylines, copyright, share, advert lines and the rest never were
# (allowing captions and bylines too: 0.870 out of fold instead of 0.875).
_MAY_HEAD = frozenset({Kind.TEXT, Kind.DATE})
# A dated line is a headline only with words of its own ("Weekly Edition for March 26, 2015"), never a bare
# time or date with a label ("Monday 6:30PM", "Updated March 3, 2024").
_TITLE_BESIDE_DATE = 3
_ABOVE = 6  # the lines above a candidate that say whether it sits under menus
# A line ending with one of these ends as a sentence, a question or a quotation does.
CLOSING = frozenset('.!?\u2026"\u201d\u3002\uff01\uff1f')
_QUOTES = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u300c\u300d"
# The headline ranker's function words, and the commonest ones of other languages that are no English words.
_STOP = STOP_WORDS | frozenset(
    (
        "de",
        "la",
        "le",
        "les",
        "el",
        "en",
        "et",
        "und",
        "der",
        "die",
        "das",
        "di",
        "il",
    )
)


def content_words(words: Sequence[str]) -> list[str]:
    """Return the words of a line (lower-cased) that say what it is about: no function word, no single letter."""
    return [w for w in words if w not in _STOP and len(w) > 1]


_SEPARATOR = re.compile(r"\s[|\u00bb\u203a>/]\s|>>|\s::\s")
_MENU_ITEMS = 4
_TIME = re.compile(r"\b\d{1,2}[:.h]\d{2}\b|\b\d{1,2} ?(?:am|pm|a\.m\.|p\.m\.)", re.I)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_FRAGMENT = re.compile(r"(?:^|\s)[a-z](?:\s|$)")  # a lone lower-case letter: "Idea s", a broken drop cap
# Cheap tests that say when a pattern above cannot match, run first (each pattern costs 1.3-3.7 us a line, the
# tests 0.1-0.3 us; tests/test_linefeatures_fastpaths.py compares them with the patterns):
# _FRAGMENT's lone letter is a whole blank-separated word ("\s" and str.split() share one definition of white space);
_LONE_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz")
# _SEPARATOR needs one of these; _TIME needs a decimal digit (every \d is a str.isdigit character).
_SEPARATOR_PARTS = ("/", ">", "|", "::", "\u00bb", "\u203a")
_ASCII_DIGITS = b"0123456789"


def quoted(line: str) -> bool:
    """Tell whether a line is one quotation: it opens and closes with quotation marks (the ``quoted`` feature)."""
    return len(line) > 1 and line[0] in _QUOTES and line[-1] in _QUOTES


def _may_separate(line: str) -> bool:
    """Tell whether _SEPARATOR can match ``line`` (False: it cannot)."""
    return contains_any(line, _SEPARATOR_PARTS)


def _digits(line: str) -> int:
    """Return ``sum(map(str.isdigit, line))``: in ASCII text only 0-9 are digits, deleted from its bytes at once."""
    if line.isascii():
        return len(line) - len(line.encode("ascii").translate(None, _ASCII_DIGITS))
    return sum(map(str.isdigit, line))


def _fragment(line: str) -> bool:
    """Tell whether _FRAGMENT finds a lone lower-case letter in ``line``."""
    return not _LONE_LETTERS.isdisjoint(line.split())


FEATURES = (
    "pos",
    "first",
    "text_rank",
    "before_start",
    "kind_date",
    "words",
    "short",
    "chars",
    "prose",
    "end_stop",
    "end_question",
    "no_end",
    "separator",
    "quoted",
    "capitals",
    "digits",
    "time",
    "cjk",
    "fragment",
    "comma_list",
    "overlap",
    "overlap_count",
    "repeated",
    "prev_meta",
    "next_meta",
    "next_prose",
    "next_short",
    "prev_short",
    "shorts_around",
    "longest_above",
    "leads",
    "last_before_start",
    "to_start",
    "rule_score",
    "rule_pick",
    "first_words",
    "above_short",
    "above_open",
    "above_prose",
    "tail_of",
    "holds",
    "ellipsis",
    "parallel",
    "meta_below",
    "meta_above",
    "name_like",
)


class _Region:
    """Find in which of the page's lines a word occurs, searching one lower-cased text (no tokenising)."""

    def __init__(self, lines: Sequence[str], low: int, high: int) -> None:
        self.low = low
        part = lines[low:high]
        # Each line lower-cased apart (ASCII lines take str.lower's fast path; a line break stops the context of
        # a final sigma, so this is the lower-cased text: tests/test_linefeatures_fastpaths.py).
        self.text = "\n".join([line.lower() for line in part])
        # Where each line starts in the text (from the lines' own lengths, as the search has always counted).
        self.starts = [0, *accumulate([len(line) + 1 for line in part])]
        self.starts.pop()
        self.length = len(self.text)
        self.found: dict[int, dict[str, bool]] = {}  # per first line searched: whether each word was found

    def holds(self, word: str, begin: int) -> bool:
        """Tell whether ``word`` occurs as a whole word in the lines from ``begin`` on (at most 30 of them)."""
        return self.count([word], begin) == 1

    def count(self, words: list[str], begin: int) -> int:
        """Return how many of ``words`` occur as whole words in the lines from ``begin`` on (at most 30 of them).

        One call per candidate line, the search written out in its loop: a call per word cost as much as the search.
        """
        first = begin - self.low
        starts = self.starts
        if first >= len(starts):
            return 0
        last = first + _BODY_LINES
        low = starts[first]
        limit = starts[last] if last < len(starts) else self.length
        text, length = self.text, self.length
        found = self.found.get(begin)
        if found is None:
            found = self.found[begin] = {}
        total = 0
        for word in words:
            known = found.get(word)
            if known is None:
                size = len(word)
                at = text.find(word, low, limit)
                while at >= 0:
                    end = at + size
                    if (at == 0 or not _word_char(text[at - 1])) and (end == length or not _word_char(text[end])):
                        break
                    at = text.find(word, end, limit)
                known = found[word] = at >= 0
            total += known
        return total


def _word_char(char: str) -> bool:
    return char.isalnum() or char in "_'\u2019+-"


def _bigram_share(line: str, region: str) -> float:
    # The pairs that start at each CJK character but the last one (one search, not a match per character).
    grams = {line[m.start() : m.start() + 2] for m in _CJK.finditer(line, 0, len(line) - 1)}
    if not grams:
        return 0.0
    return sum(1 for g in grams if g in region) / len(grams)


def candidates(lines: Sequence[str], kinds: Sequence[Kind], start: int, *, sentences: bool = False) -> list[int]:
    """Return the indices of the lines that could be the headline: short enough, in the page's first lines.

    Never a dated line that opens like a byline ("Von <name> publiziert am <date>": 86 such lines on 36 training
    sites, none a headline), nor a menu of four or more items between separators ("Home | News | Sport | ...":
    16 lines on 10 sites, none a headline). Nor, unless ``sentences``, a sentence of the body under its first line
    (running text ending like a sentence below ``start``: 858 of the 5,580 rows of the training copies, 44 % of
    the synthetic files' rows, none a headline). The model is fitted with those rows (``sentences``, as the
    trainer asks), so a line's score does not depend on whether they are scored; the reader skips them.
    """
    return [
        i
        for i in range(min(len(lines), WINDOW))
        if kinds[i] in _MAY_HEAD
        and (kinds[i] is not _DATE or _dated_title(lines[i]))
        and len(lines[i]) <= MAX_CHARS
        and word_count(lines[i]) <= MAX_WORDS
        and (lines[i][:1].isalpha() or any(c.isalpha() for c in lines[i]))
        and (not _may_separate(lines[i]) or len(_SEPARATOR.findall(lines[i])) < _MENU_ITEMS - 1)
        and (sentences or i <= start or lines[i][-1:] not in CLOSING or not is_prose(lines[i]))
    ]


def _dated_title(line: str) -> bool:
    """Tell whether a dated line has words enough of its own to be a title, and does not open like a byline."""
    return _words_beside_date(line) >= _TITLE_BESIDE_DATE and BYLINE.match(line) is None


def _words_beside_date(line: str) -> int:
    """Count the words of a dated line outside its dates: "Updated 6:30 PM, March 3" has one, a title many."""
    left = words_beside_dates(line)  # the line classifier has asked the same of every dated line: cached
    return word_count(line) if left is None else left


def line_features(
    lines: Sequence[str], kinds: Sequence[Kind], start: int, *, sentences: bool = False
) -> list[tuple[int, list[float]]]:
    """Return (index, feature values in FEATURES order) for every headline candidate of a page.

    A row's values never depend on which other lines are candidates: ``sentences`` (see :func:`candidates`)
    only adds rows.
    """
    found = set(candidates(lines, kinds, start, sentences=sentences))
    if not found:
        return []
    head = lines[: WINDOW + _BODY_LINES]  # a line shown twice in it is "repeated" (counted per candidate)
    cjk_region: dict[int, str] = {}
    below = _Region(lines, min(start, 1), max(start, WINDOW) + _BODY_LINES)
    # The words of a line, lower-cased, and its capitals: shared by the old ranker's rows and the candidates'.
    said: dict[int, tuple[list[str], list[str], int]] = {}

    def words_of(i: int) -> tuple[list[str], list[str], int]:
        got = said.get(i)
        if got is None:
            got = said[i] = line_words(lines[i])
        return got

    # The old ranker's scores of the text lines above the body within the window (its arg-max is rule_pick).
    ruled = rule_scores(lines, kinds, start, lambda content: below.count(content, start), WINDOW, words_of)
    rule_pick = max(ruled, key=lambda k: ruled[k]) if ruled else -1
    last_text = next((i for i in range(start - 1, -1, -1) if kinds[i] is _TEXT), -1)  # the last text line above
    text_rank = 0
    longest = 0
    out = []
    n_lines = len(lines)
    top = min(n_lines, WINDOW)
    # What the lines above a candidate look like: menus (short, no closing stop) or running text.
    # Per line of the window and the one after it, computed once: words, a closing stop, running text.
    reach = min(n_lines, WINDOW + 1)
    sizes = [word_count(lines[j]) for j in range(reach)]
    prosy = [is_prose(lines[j]) for j in range(reach)]
    # Which lines of the window and the two after it have at most three words (the lines around a candidate).
    small = [s <= 3 for s in sizes] + [word_count(lines[j]) <= 3 for j in range(reach, min(n_lines, WINDOW + 2))]
    around = Around(lines, kinds, top, meta=_META, span=_ABOVE, stop=_STOP)
    first_words = min(sizes[0], 40) / 40 if top else 0.0
    for i in range(min(n_lines, WINDOW)):
        line = lines[i]
        kind = kinds[i]
        if i not in found:
            longest = max(longest, sizes[i])
            if kind is _TEXT:
                text_rank += 1
            continue
        tokens, lower, capitals = words_of(i)
        n = len(tokens)
        content = content_words(lower)[:_OVERLAP_WORDS]
        begin = max(start, i + 1)
        cjk = 0.0 if line.isascii() else len(_CJK.findall(line)) / len(line)
        if cjk > 0.3:
            region = cjk_region.get(begin)
            if region is None:
                region = cjk_region[begin] = "".join(lines[begin : begin + _BODY_LINES])[:6000]
            share = _bigram_share(line, region)
            shared = round(share * 10)
        else:
            shared = below.count(content, begin)
            share = shared / len(content) if content else 0.0
        nxt = lines[i + 1] if i + 1 < n_lines else ""
        prev = lines[i - 1] if i > 0 else ""
        next_kind = kinds[i + 1] if i + 1 < n_lines else None
        prev_kind = kinds[i - 1] if i > 0 else None
        last = line[-1:]
        digits = _digits(line)
        shorts = sum(small[max(0, i - 2) : i + 3]) - small[i]
        values = [
            min(i, WINDOW) / WINDOW,
            float(i == 0),
            min(text_rank, 8) / 8,
            float(i < start),
            float(kind is _DATE),
            min(n, 40) / 20,
            float(n <= 2),
            min(len(line), 300) / 100,
            float(prosy[i]),
            float(last in ".\u3002"),
            float(last in "?!\uff1f\uff01"),
            float(last.isalnum()),
            float(_may_separate(line) and _SEPARATOR.search(line) is not None),
            float(quoted(line)),
            capitals / (n - 1) if n > 1 else 0.0,
            digits / len(line),
            float(digits > 0 and _TIME.search(line) is not None),
            cjk,
            float(cjk == 0.0 and _fragment(line)),
            min(line.count(",") + line.count("\u00b7") + line.count("\u2022"), 6) / 6,
            share,
            min(shared, 10) / 10,
            float(head.count(line) > 1),
            float(prev_kind in _META),
            float(next_kind in _META),
            float(bool(nxt) and prosy[i + 1]),
            float(bool(nxt) and sizes[i + 1] <= 3),
            float(bool(prev) and sizes[i - 1] <= 3),
            shorts / 4,
            min(longest, 40) / 40,
            float(leads_into_article(lines, kinds, i, max(start, i + 1))),
            float(i == last_text),
            max(-4, min(start - i, 8)) / 8,
            max(-6.0, min(ruled.get(i, -6.0), 10.0)) / 5,
            float(i == rule_pick),
        ]
        low = max(0, i - _ABOVE)
        seen = (i - low) or 1
        # The stretch of lines above the candidate: how many are short, have no closing stop, are running text.
        values += [
            first_words,
            sum(small[low:i]) / seen,
            sum([lines[j][-1:] not in CLOSING for j in range(low, i)]) / seen,
            min(sum(prosy[low:i]), 4) / 4,
        ]
        values += around.values(i, tokens, lower)
        out.append((i, values))
        longest = max(longest, sizes[i])  # as for the lines that are no candidates (n counts the same words)
        if kind is _TEXT:
            text_rank += 1
    return out
