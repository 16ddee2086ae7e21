"""Pick the headline among the lines above an article's body by the shape of each line and what follows it.

Each candidate line gets a few features (overlap with the body, length, punctuation, capitals, position, what
follows it); a linear score ranks them. The weights were fitted on half of a development set of pasted pages
(bench/train_headline.py) and checked on the other half; nothing in them names a site.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from operator import mul

from bot.text.clean import Kind, is_prose, word_count, word_test, words
from bot.text.linepatterns import contains_any

HEADER_META = frozenset({Kind.DATE, Kind.BYLINE, Kind.READING_TIME, Kind.BUTTONS})
# Kinds that also follow a headline's last line in a page header; text, numbers, links and menus do not.
_NOT_AFTER_HEADLINE = frozenset({Kind.TEXT, Kind.NUMBER, Kind.LINK, Kind.MORE})
# As module constants: a `Kind.X` lookup goes through the enum's metaclass (~45 ns in Python 3.11, a global ~8 ns).
_TEXT, _MORE = Kind.TEXT, Kind.MORE
_NAME_WORDS = 6
_BODY_LINES = 30
_QUOTES = "\"'\u201c\u201d\u2018\u2019"
STOP_WORDS = frozenset(
    {
        "the",
        "a",
        "an",
        "and",
        "or",
        "of",
        "to",
        "in",
        "on",
        "for",
        "with",
        "at",
        "by",
        "from",
        "is",
        "are",
        "was",
        "be",
        "as",
        "it",
        "its",
        "this",
        "that",
        "after",
        "over",
        "new",
        "how",
        "why",
        "what",
        "who",
        "will",
        "has",
    }
)
_SIGNPOST = re.compile(r"[|\u00bb\u00ab\u203a]|read more|https?://", re.I)

FEATURES = (
    "bias",
    "overlap",
    "overlap_count",
    "words",
    "short",
    "long",
    "period",
    "prose",
    "leads",
    "next_meta",
    "quoted",
    "dash",
    "kicker",
    "breadcrumb",
    "signpost",
    "capitals",
    "first_text",
    "rank",
    "between",
    "after_menu",
    "repeated",
    "colon",
    "first_leader",
    "last_leader",
    "next_leader",
)
# Fitted by `python -m bench.train_headline --l2 0.003 --steps 3000 --rate 1.0` on the tuning half of
# extraction-dev's copy-paste sets (both renditions).
WEIGHTS: dict[str, float] = {
    "bias": -0.000,
    "overlap": 1.602,
    "overlap_count": 2.397,
    "words": 0.427,
    "short": -2.616,
    "long": -0.395,
    "period": -1.548,
    "prose": -1.753,
    "leads": 1.666,
    "next_meta": 1.030,
    "quoted": -1.599,
    "dash": -1.377,
    "kicker": -0.747,
    "breadcrumb": -1.312,
    "signpost": -0.121,
    "capitals": -0.415,
    "first_text": 1.166,
    "rank": -0.265,
    "between": -0.356,
    "after_menu": 0.057,
    "repeated": 0.754,
    "colon": 1.149,
    "first_leader": -0.459,
    "last_leader": -0.112,
    "next_leader": 0.940,
}


# What _SIGNPOST needs (lower-cased; no character of these words has a case twin under re.IGNORECASE).
_SIGNPOST_PARTS = ("|", "\u00bb", "\u00ab", "\u203a")
_SIGNPOST_WORDS = ("read more", "http")


def _signpost(line: str) -> bool:
    """Tell whether _SIGNPOST finds a separator, "read more" or a web address in ``line``, testing cheaply first."""
    if not contains_any(line, _SIGNPOST_PARTS) and not contains_any(line.lower(), _SIGNPOST_WORDS):
        return False
    return _SIGNPOST.search(line) is not None


_S_FIRST = "sS\u017f"
_SHARED_TITLE = re.compile(r"^shar(?:e|ing)\b.{0,40}\bfor:\s*(?P<title>.+)$", re.I)


def pick_headline(lines: Sequence[str], kinds: Sequence[Kind], start: int) -> int | None:
    """Return the index of the headline among ``lines[:start]``, or None when no line can be one."""
    candidates = candidate_features(lines, kinds, start)
    if not candidates:
        return None
    named = named_by_share_widget(lines, start, [i for i, _ in candidates])
    if named is not None:
        return named
    return max(candidates, key=lambda pair: score(pair[1]))[0]


def named_by_share_widget(lines: Sequence[str], start: int, among: Sequence[int]) -> int | None:
    """Return the line a share widget names ("Share all sharing options for: <headline>"): that settles it."""
    # Only a line starting with an s (or the long s that re.IGNORECASE takes for one) can match: tested first.
    named = {m["title"].strip() for line in lines[:start] if line[:1] in _S_FIRST and (m := _SHARED_TITLE.match(line))}
    return next((i for i in among if lines[i] in named), None) if named else None


def score(features: dict[str, float]) -> float:
    """Return the linear score of one candidate's features."""
    return sum(WEIGHTS[name] * value for name, value in features.items())


def candidate_features(
    lines: Sequence[str],
    kinds: Sequence[Kind],
    start: int,
    in_body: Callable[[str], bool] | None = None,
    top: int | None = None,
) -> list[tuple[int, dict[str, float]]]:
    """Return (index, features) for every line above the body (and above ``top``) that could be the headline.

    ``in_body`` tells whether a lower-cased word is among the 30 lines from ``start`` (built here when not given).
    """
    if in_body is None:
        in_body = word_test(lines[start : start + _BODY_LINES])
    test = in_body
    rows = _rows(lines, kinds, start, lambda content: sum(map(test, content)), top)
    return [(i, dict(zip(FEATURES, values, strict=True))) for i, values in rows]


def rule_scores(
    lines: Sequence[str],
    kinds: Sequence[Kind],
    start: int,
    shared: Callable[[list[str]], int],
    top: int,
    words_of: Callable[[int], tuple[list[str], list[str], int]] | None = None,
) -> dict[int, float]:
    """Return the :func:`score` of each candidate among the first ``top`` lines, without the features' dictionaries.

    ``shared`` counts how many of some lower-cased words are among the 30 lines from ``start``. The candidates are
    those of :func:`candidate_features` that lie above ``top`` (their values then read only those lines: the
    rank, the "between" count and the leaders are counted among them). ``words_of`` gives :func:`line_words` of a
    line by its index (a caller that needs them too shares them).
    """
    rows = _rows(lines, kinds, start, shared, top, words_of)
    return {i: sum(map(mul, _WEIGHT_LIST, values)) for i, values in rows}


def line_words(line: str) -> tuple[list[str], list[str], int]:
    """Return a line's words, the same lower-cased, and how many words after the first start with a capital."""
    found = words(line)
    return found, [w.lower() for w in found], sum([w[:1].isupper() for w in found[1:]])


_WEIGHT_LIST = tuple(WEIGHTS[name] for name in FEATURES)


def _rows(
    lines: Sequence[str],
    kinds: Sequence[Kind],
    start: int,
    shared_in_body: Callable[[list[str]], int],
    top: int | None = None,
    words_of: Callable[[int], tuple[list[str], list[str], int]] | None = None,
) -> list[tuple[int, tuple[float, ...]]]:
    """Return (index, feature values in FEATURES order) for every candidate line above the body (and ``top``)."""
    indices = [i for i in range(start if top is None else min(start, top)) if kinds[i] is _TEXT]
    if not indices:
        return []
    leaders = [i for i in indices if leads_into_article(lines, kinds, i, start)]
    leading = set(leaders)
    # Per line, how many of the later candidate lines have more than a name's words (the "between" count), and
    # the lines up to the body by their last character (a breadcrumb line ends with one of them).
    wordy = [0] * (len(indices) + 1)
    for rank in range(len(indices) - 1, -1, -1):
        wordy[rank] = wordy[rank + 1] + (word_count(lines[indices[rank]]) > _NAME_WORDS)
    ending: dict[str, list[int]] = {}
    for j in range(start):
        ending.setdefault(lines[j][-1:], []).append(j)
    out: list[tuple[int, tuple[float, ...]]] = []
    for rank, i in enumerate(indices):
        line = lines[i]
        _, tokens, capitals = line_words(line) if words_of is None else words_of(i)
        content = [w for w in tokens if w not in STOP_WORDS and len(w) > 1]
        shared = shared_in_body(content)
        n = len(tokens)
        prose = is_prose(line)
        breadcrumb = False
        for j in ending.get(line[-1:], ()):
            if j > i and (o := lines[j]) != line and len(o) >= len(line) / 2 and line.endswith(o):
                breadcrumb = True
                break
        out.append(
            (
                i,
                (
                    1.0,  # bias
                    shared / len(content) if content else 0.0,  # overlap
                    min(shared, 10) / 10,  # overlap_count
                    min(n, 40) / 20,  # words
                    float(n <= 2),  # short
                    float(n > 30),  # long
                    float(line.endswith(".") and prose and n > 14),  # period
                    float(prose),  # prose
                    float(i in leading),  # leads
                    float(i + 1 < len(kinds) and kinds[i + 1] in HEADER_META),  # next_meta
                    float(len(line) > 1 and line[0] in _QUOTES and line[-1] in _QUOTES),  # quoted
                    float(line[:1] in "-\u2013\u2014"),  # dash
                    float(line.isupper() and n <= 5),  # kicker
                    float(breadcrumb),
                    float(_signpost(line)),
                    capitals / (n - 1) if n > 1 else 0.0,  # capitals
                    float(rank == 0),  # first_text
                    float(min(rank, 10)),  # rank
                    min(wordy[rank + 1], 5) / 5,  # between
                    float(i > 0 and kinds[i - 1] is _MORE),  # after_menu
                    float(lines.count(line) > 1),  # repeated (counted per candidate, not a Counter of the page)
                    float(":" in line),  # colon
                    float(bool(leaders) and i == leaders[0]),  # first_leader
                    float(bool(leaders) and i == leaders[-1]),  # last_leader
                    float(i + 1 in leaders),  # next_leader
                ),
            )
        )
    return out


def leads_into_article(lines: Sequence[str], kinds: Sequence[Kind], i: int, start: int, depth: int = 0) -> bool:
    """Tell whether what follows line ``i`` is what follows a headline: standfirst, byline, date, picture, body."""
    nxt = i + 1
    if nxt >= start:
        return nxt == start
    if kinds[nxt] not in _NOT_AFTER_HEADLINE:
        return True
    following = lines[nxt]
    if is_prose(following) and following[-1:] in '.!?\u2026"\u201d':
        return True  # a standfirst
    if word_count(following) <= _NAME_WORDS:  # an author's name on its own line, then the date or the body
        return nxt + 1 == start or (nxt + 1 < len(kinds) and kinds[nxt + 1] in HEADER_META)
    # A standfirst without a full stop, itself followed by the byline or the body.
    return depth == 0 and leads_into_article(lines, kinds, nxt, start, depth + 1)
