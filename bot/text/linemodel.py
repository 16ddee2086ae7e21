"""Score headline candidates with the learned model shipped as bot/text/linemodel.json, in pure Python.

The model is a small set of gradient-boosted decision trees over ``bot.text.linefeatures`` (fitted with
scikit-learn by bench/train_lines.py on pages from many sites, chosen by cross-validation grouped by site).
Scoring runs the trees as one plain Python function of comparisons, written from the JSON's numbers when the
model is loaded: a few hundred comparisons per line, no numeric library needed at run time.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from functools import cache
from importlib import resources
from typing import Any

from bot.text import copystart
from bot.text.clean import Kind, word_count
from bot.text.headline import HEADER_META, named_by_share_widget
from bot.text.linefeatures import FEATURES, line_features, quoted

_NAME = "linemodel.json"
# A share widget naming the story sits in the page's header, within its first lines.
_SHARE_LINES = 60
# How far under the best score a line over a date or byline line, below the best, may be and still be taken over it
# (``_over_meta_below``); chosen on the tune sites' out-of-fold scores (bench/README.md, eleventh round).
OVER_META_MARGIN = 2.5
_OVERLAP = FEATURES.index("overlap")
# A line that is only a time of day ("11:42 PM", "23h42", "10.30 a.m. EST"): a live blog's update stamp, never a title.
_ONLY_A_TIME = re.compile(
    r"(?:at\s+)?[0-2]?\d(?:[:.h]\s?[0-5]\d(?::[0-5]\d)?\s*(?:[aApP]\.?\s?[mM]\.?)?|\s*[aApP]\.?\s?[mM]\.?)"
    r"(?:\s*\(?[A-Z]{2,5}\)?)?"
)
# A web address in a line: a line made mostly of one ("The Wayback Machine - https://...", an archive's "https://...
# search" box) names where the page is, never what it says.
_WEB_ADDRESS = re.compile(r"(?:https?://|www\.)\S+", re.I)
_NAME_WORDS = 3  # a line this short between a title and its date line is a name (``linefeatures``' short lines)


class LineModel:
    """A tree ensemble: score = base + the sum of each tree's leaf value for the line's features."""

    def __init__(self, doc: dict[str, Any]) -> None:
        if list(doc["features"]) != list(FEATURES):
            raise ValueError("the model was fitted on other features; rebuild it with python -m bench.train_lines")
        self.base = float(doc.get("base", 0.0))
        # Under this best score no line is the headline (the copy starts with the body).
        self.threshold = float(doc.get("threshold", float("-inf")))
        # The same for a best line sitting right above a date or byline line (``over_meta``): a lower bar, chosen
        # out of fold as the other is (bench/train_lines.py); the threshold itself when the model has none.
        self.threshold_over_meta = min(self.threshold, float(doc.get("threshold_over_meta", self.threshold)))
        # Each tree as nested tuples (feature, threshold, left, right) down to its leaf values.
        self.trees: list[Node] = [_nest(t[0], t[1], t[2], t[3], t[4], 0) for t in doc["trees"]]
        self._scorer = _compiled(self.trees, self.base, len(FEATURES))

    def score(self, values: Sequence[float]) -> float:
        """Return the model's score for one line's feature values (higher: more like a headline)."""
        return self._scorer(values)

    def walk(self, values: Sequence[float]) -> float:
        """Return the same score by walking the trees (the reference the compiled scorer is tested against)."""
        total = self.base
        for node in self.trees:
            while type(node) is tuple:
                feature, threshold, left, right = node
                node = left if values[feature] <= threshold else right
            total += node  # type: ignore[operator]
        return total


Node = float | tuple[int, float, "Node", "Node"]


def _compiled(trees: list[Node], base: float, width: int) -> Callable[[Sequence[float]], float]:
    """Return the trees as one function of if/elif chains: ~7 times faster than walking tuples.

    The trees that split first on the same feature and threshold are grouped under one comparison, and on each
    side the second splits on one feature are merged into one chain of its thresholds, each branch adding the sum
    of the leaves it selects (so the sum is added in another order than the walk's: equal to ~1e-14). The source
    is written only from ints and floats (``repr`` of each), so no text of the JSON reaches it. ``width`` is the
    length of a row.
    """
    groups: dict[tuple[int, float], tuple[list[Node], list[Node]]] = {}
    for tree in trees:
        if not isinstance(tree, tuple):
            base += tree  # a tree that is a lone leaf
            continue
        feature, threshold, left, right = tree
        sides = groups.setdefault((int(feature), float(threshold)), ([], []))
        sides[0].append(left)
        sides[1].append(right)
    used = sorted({feature for tree in trees for feature in _features_of(tree)})
    # Each feature the trees read is unpacked into a local name once: comparing locals is faster than indexing.
    out = ["def score(v):", f" t = {float(base)!r}"]
    if used == list(range(width)):
        # The trees read every value of the row (the shipped model reads all 46): one unpacking of the row,
        # 0.6 us a row less than 46 subscripts (6.4 -> 5.8 us a row of the copies).
        out.append(f" {', '.join(f'f{k}' for k in used)}, = v")
    elif used:
        out.append(f" {', '.join(f'f{k}' for k in used)}, = {', '.join(f'v[{k}]' for k in used)},")
    for (feature, threshold), (lows, highs) in groups.items():
        out.append(f" if f{feature} <= {threshold!r}:")
        out += _side(lows, "  ")
        out.append(" else:")
        out += _side(highs, "  ")
    out.append(" return t")
    namespace: dict[str, Any] = {}
    exec(compile("\n".join(out), "<linemodel>", "exec"), namespace)  # noqa: S102 - numbers only, see above
    scorer: Callable[[Sequence[float]], float] = namespace["score"]
    return scorer


def _side(children: list[Node], pad: str) -> list[str]:
    """Return the source adding what ``children`` (the subtrees on one side of a grouped split) add to ``t``."""
    const = 0.0
    splits: dict[int, list[tuple[float, float, float]]] = {}  # feature -> (threshold, left leaf, right leaf)
    deeper: list[Node] = []
    for child in children:
        if not isinstance(child, tuple):
            const += child
        elif isinstance(child[2], tuple) or isinstance(child[3], tuple):
            deeper.append(child)  # not a depth-2 tree: walked as it is
        else:
            splits.setdefault(int(child[0]), []).append((float(child[1]), float(child[2]), float(child[3])))
    out: list[str] = []
    for feature, found in splits.items():
        # The sum of these splits' leaves is a step function of the feature: one branch per interval.
        cuts = sorted({threshold for threshold, _, _ in found})
        sums = [sum(low if threshold >= cut else high for threshold, low, high in found) for cut in cuts]
        sums.append(sum(high for _, _, high in found))
        if const:
            sums, const = [value + const for value in sums], 0.0
        for k, cut in enumerate(cuts):
            out.append(f"{pad}{'elif' if k else 'if'} f{feature} <= {cut!r}: t += {sums[k]!r}")
        out.append(f"{pad}else: t += {sums[-1]!r}")
    for node in deeper:
        _emit(node, pad, out)
    if const or not out:
        out.append(f"{pad}t += {const!r}")
    return out


def _emit(node: Node, pad: str, out: list[str]) -> None:
    """Append the nested if/else source of one subtree."""
    if not isinstance(node, tuple):
        out.append(f"{pad}t += {float(node)!r}")
        return
    feature, threshold, left, right = node
    out.append(f"{pad}if f{int(feature)} <= {float(threshold)!r}:")
    _emit(left, pad + " ", out)
    out.append(f"{pad}else:")
    _emit(right, pad + " ", out)


def _features_of(node: Node) -> set[int]:
    """Return the feature indices that a tree compares."""
    if not isinstance(node, tuple):
        return set()
    return {int(node[0])} | _features_of(node[2]) | _features_of(node[3])


def _nest(
    feature: list[int], threshold: list[float], left: list[int], right: list[int], value: list[float], at: int
) -> Node:
    """Turn scikit-learn's parallel node arrays (leaves have no children: -1) into nested tuples."""
    if left[at] < 0:
        return float(value[at])
    return (
        int(feature[at]),
        float(threshold[at]),
        _nest(feature, threshold, left, right, value, left[at]),
        _nest(feature, threshold, left, right, value, right[at]),
    )


@cache
def shipped() -> LineModel:
    """Return the model shipped with the package (read once)."""
    text = resources.files("bot.text").joinpath(_NAME).read_text(encoding="utf-8")
    return LineModel(json.loads(text))


def lettered(line: str) -> bool:
    """Tell whether a line holds a letter or a digit: a rule of marks ("=====", "* * *", "⭐⭐") is no headline."""
    return line[:1].isalnum() or any(map(str.isalnum, line))


_MASTHEAD_TOP = 2  # the copy's first lines, where a site's name stands over its sign-in buttons
_MASTHEAD_WORDS = 4
_MASTHEAD_UNDER_PRINT_BAR = 4
_HOME_ADDRESS = re.compile(r"(?:https?://)?www\.[\w-]+(?:\.[\w-]+)*\.[a-z]{2,24}/?", re.I)


def _masthead(lines: Sequence[str], kinds: Sequence[Kind], line: int) -> bool:
    """Tell whether a line is the site's name at the copy's top, over its "Subscribe" / "Sign in" buttons or address.

    A newsletter platform's page ("The Harbour Letter" / "Subscribe" / "Sign in" / the post's title ...): the name
    scored over the post's title. (No candidate, as a lone time is none: the others' features are as fitted.)
    """
    if line + 1 >= len(kinds) or word_count(lines[line]) > _MASTHEAD_WORDS:
        return False
    if line < _MASTHEAD_TOP and kinds[line + 1] is Kind.SUBSCRIBE:
        return True
    # A printed page's masthead over the site's own address ("The Harbour Gazette" / "www.harbour-gazette.example"),
    # under the print view's "Print this page" / "Close window" (a shared page's address has its story's path).
    return line < _MASTHEAD_UNDER_PRINT_BAR and _HOME_ADDRESS.fullmatch(lines[line + 1]) is not None


_LABEL_WORDS = 3
_VALUE_WORDS = 6
# A kicker over a headline, not a field's label: "Analysis:" / "Why the tram line matters".
_KICKERS = frozenset(
    (
        *("analysis", "opinion", "exclusive", "breaking", "breaking news", "live", "watch", "explainer", "review"),
        *("interview", "update", "factbox", "fact check", "video", "editorial", "comment", "column", "podcast"),
        *("analyse", "meinung", "kommentar", "exklusiv", "tribune", "éditorial", "análisis", "opinión"),
        *("exclusiva", "analisi", "commento", "esclusiva", "opinião", "análise"),
    )
)


def _field_value(lines: Sequence[str], line: int) -> bool:
    """Tell whether a line is the value under a field's label ("From:" / "Department for Transport"): no candidate.

    A government or company page's facts stand as label and value on lines of their own; the value, a short name
    over the "Published" date, looked like a headline over its meta.
    """
    if line == 0 or word_count(lines[line]) > _VALUE_WORDS:
        return False
    label = lines[line - 1]
    return (
        label.endswith(":")
        and word_count(label) <= _LABEL_WORDS
        and label[:-1].replace(" ", "").isalpha()
        and label[:-1].strip().lower() not in _KICKERS
    )


def _mostly_address(line: str) -> bool:
    """Tell whether web addresses make up half a line or more (no candidate, as a lone time is none)."""
    return "/" in line and 2 * sum(len(m) for m in _WEB_ADDRESS.findall(line)) >= len(line)


def pick_headline(lines: Sequence[str], kinds: Sequence[Kind], start: int) -> int | None:
    """Return the index of the line the model rates most like the headline, or None when no line is one."""
    # A time alone is no candidate; the others' features are computed with it there, as the model was fitted.
    scored = [
        (i, values)
        for i, values in line_features(lines, kinds, start)
        if not _ONLY_A_TIME.fullmatch(lines[i])
        and lettered(lines[i])
        and not _masthead(lines, kinds, i)
        and not _mostly_address(lines[i])
        and not _field_value(lines, i)
    ]
    if not scored:
        return None
    named = named_by_share_widget(lines, min(len(lines), _SHARE_LINES), [i for i, _ in scored])
    if named is not None:
        return named
    model = shipped()
    scores = [model.score(values) for _, values in scored]
    score, best = max(zip(scores, [i for i, _ in scored], strict=True))
    threshold = model.threshold
    over = _over_meta_above_sentence(lines, kinds, scored, scores, best, model.threshold_over_meta)
    if over is not None:
        (score, best), threshold = over, model.threshold_over_meta
    elif score < threshold:
        if score < model.threshold_over_meta or not over_meta(lines, kinds, best):
            return None
        threshold = model.threshold_over_meta
    # The copy's first line or the model's second line instead, where copy-level models say so (copystart.py).
    decided = copystart.decide(copystart.shipped(), lines, kinds, start, scored, scores, best, threshold)
    if decided == best:
        decided = _over_meta_below(lines, kinds, scored, scores, best, score)
    return _without_breadcrumb(lines, decided, [i for i, _ in scored])


def _over_meta_above_sentence(
    lines: Sequence[str],
    kinds: Sequence[Kind],
    scored: Sequence[tuple[int, Sequence[float]]],
    scores: Sequence[float],
    best: int,
    bar: float,
) -> tuple[float, int] | None:
    """Return the score and index of a title over a date or byline line above the best line, where that is a sentence.

    A short Chinese or Japanese headline ("北京首场降雪", "東京で初雪": one word of a few characters, whose character
    pairs the text below repeats little) scores under the first sentence of the story below it. Under the threshold
    the sentence was best but over no date line, so no line was taken and the headline opened the body; over it (a
    story of two paragraphs) the sentence was the headline. A line ending with a full stop is no headline: the best
    line above it that sits over a date or byline (or a name over one, ``_over_meta_near``), ends with none, and
    scores within the lower bar of lines over a date (``threshold_over_meta``), is.
    """
    if not lines[best].endswith(_SENTENCE_STOPS):
        return None
    over = [
        (score, i)
        for (i, _), score in zip(scored, scores, strict=True)
        if i < best and score >= bar and not lines[i].endswith(_SENTENCE_STOPS) and _over_meta_near(lines, kinds, i)
    ]
    return max(over) if over else None


_SENTENCE_STOPS = (".", "\u3002")  # a headline may end with "!" ("... your Worlds 2023 champion!"), not with a stop


def _over_meta_below(
    lines: Sequence[str],
    kinds: Sequence[Kind],
    scored: Sequence[tuple[int, Sequence[float]]],
    scores: Sequence[float],
    best: int,
    score: float,
) -> int:
    """Return a line over a date or byline line under the best line, when it scores near it; else the best.

    A wide copy's first lines may be other stories' headlines ("more stories", a contents list, a quoted claim) above
    the story's own, which sits over its date or byline line (``_over_meta_near``). Where the best line is not so
    placed, the best-scoring candidate below it that is, within ``OVER_META_MARGIN`` of its score, and whose words
    the text below it repeats (the ``overlap`` feature: a title is about the article under it) at least as much and
    at all, is taken instead. A standfirst or caption over a date line shares fewer of the article's words than the
    headline above it does. And a line right under the best one, with only a name between it and the date, is no
    headline where it is the best line's standfirst (``_standfirst_under``: "Headline" / "Standfirst" / "Name" /
    "Date", El País' header and many papers'). Where the best line is such a standfirst itself, over only a name and
    the date, the line right over it is the headline when it scores within the margin (a newsletter post's "Title" /
    "Subtitle" / "Name" / "Date"); so is the line over a name over it ("Headline" / "Name" / "Standfirst" / "Date",
    an opinion page's header, ``standfirst_under_name``), where a standfirst right under the best line is no
    headline either.
    """
    if _over_meta_near(lines, kinds, best):
        if best > 0 and not over_meta(lines, kinds, best) and _standfirst_under(lines, best - 1):
            headline = best - 1
        elif best > 1 and standfirst_under_name(lines, best - 2):
            headline = best - 2
        else:
            return best
        above = dict(zip((line for line, _ in scored), scores, strict=True)).get(headline)
        return headline if above is not None and above >= score - OVER_META_MARGIN else best
    values = dict(scored)
    least = values[best][_OVERLAP]
    options = [
        (value, line)
        for (line, row), value in zip(scored, scores, strict=True)
        if line > best
        and value >= score - OVER_META_MARGIN
        and row[_OVERLAP] >= least
        and row[_OVERLAP] > 0.0
        and _over_meta_near(lines, kinds, line)
        and (line > best + 1 or over_meta(lines, kinds, line) or not _standfirst_under(lines, best))
        and not copystart.standfirst_under_top(lines, best, line)
        and not (line == best + 2 and standfirst_under_name(lines, best))
        and lines[line] != lines[line - 1]  # a name shown twice (a picture's alt text, then the name): no title
    ]
    return max(options)[1] if options else best


# A headline has this many words at least where a standfirst is told from it; a shorter line over a longer one is a
# masthead, a newsletter's or a section's name ("The Harbour Letter" over the headline), not a headline.
_HEADLINE_WORDS = 5


def _standfirst_under(lines: Sequence[str], line: int) -> bool:
    """Tell whether the line under ``line`` is its standfirst: longer than it, under a line of a headline's length."""
    words = word_count(lines[line])
    return words >= _HEADLINE_WORDS and word_count(lines[line + 1]) > words


_NAME_MARKS = str.maketrans("", "", ".-'\u2019")  # "O'Neil", "Jean-Luc", "J." are names' words


def standfirst_under_name(lines: Sequence[str], line: int) -> bool:
    """Tell whether ``line`` is a headline over its writer's name and its standfirst (an opinion page's header).

    "Headline" / "Name" / "Standfirst" / "Date": the name's words capitalised, the standfirst the longer line.
    """
    if line + 2 >= len(lines):
        return False
    name = lines[line + 1].split()
    return (
        1 < len(name) <= _NAME_WORDS
        and all(word[:1].isupper() and word.translate(_NAME_MARKS).isalpha() for word in name)
        and _HEADLINE_WORDS <= word_count(lines[line]) < word_count(lines[line + 2])
    )


def _over_meta_near(lines: Sequence[str], kinds: Sequence[Kind], line: int) -> bool:
    """Tell whether ``line`` sits over a date or byline line, right above it or with a name between.

    Right above it is ``over_meta``; one line of at most three words may come between (the author's name on a line
    of its own: "<title>", "<name>", "<date>").
    """
    if over_meta(lines, kinds, line):
        return True
    return (
        line + 2 < len(kinds)
        and not _meta(lines, kinds, line + 1)
        and _meta(lines, kinds, line + 2)
        and word_count(lines[line + 1]) <= _NAME_WORDS
        and not quoted(lines[line])
    )


def over_meta(lines: Sequence[str], kinds: Sequence[Kind], line: int) -> bool:
    """Tell whether ``line`` sits right above a date, byline, reading-time or share line, as a story's title does.

    Where the model's best line is one, it is the headline at a lower score than elsewhere (``threshold_over_meta``):
    of the copies' best lines under the threshold, wide copies' headlines sat there ("About bugs" above "August 13,
    2018"), the body-only copies' first lines almost never. A quotation over its dated attribution is no title
    (bench/README.md, ninth round).
    """
    return line + 1 < len(kinds) and _meta(lines, kinds, line + 1) and not quoted(lines[line])


# A source line under a Chinese, Japanese or Korean story's headline ("来源\uff1a新华社", "來源\uff1a中央社",
# "출처: 연합뉴스"), a header line as a date or byline is. No line kind: a kind is a column of the model's rows.
_SOURCE_LINE = re.compile(r"(?:来源|來源|稿源|出处|出處|出典|출처)\s*[:\uff1a]\s*\S.{0,30}")
_SOURCE_FIRSTS = frozenset("来來稿出출")


def _meta(lines: Sequence[str], kinds: Sequence[Kind], line: int) -> bool:
    """Tell whether ``line`` is a header's date, byline, reading-time or share line, or a CJK story's source line."""
    if kinds[line] in HEADER_META:
        return True
    return lines[line][:1] in _SOURCE_FIRSTS and _SOURCE_LINE.fullmatch(lines[line]) is not None


# What ends a kicker or a label that is part of the headline ("Project: Better Journalism"; the full-width colon
# of CJK text), not a path.
_KICKER_END = (":", "\uff1a")


def _without_breadcrumb(lines: Sequence[str], best: int, found: list[int]) -> int:
    """Return the candidate that the chosen line ends with, when what comes before it is a breadcrumb or a label.

    "Home > News <title>" or "Blog Insights <title>" above the same title on its own line: the title is the line
    of its own. A kicker ending in a colon ("Project: <rest>") stays part of the headline.
    """
    line = lines[best]
    size = len(line)
    for j in found:
        other = lines[j]
        if (
            size > len(other) >= size / 3
            and line.endswith(other)
            and not line[: size - len(other)].rstrip().endswith(_KICKER_END)
        ):
            return j
    return best
