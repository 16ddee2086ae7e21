"""The line caches (bot/text/linecache.py) give the function's answers and never keep a long line alive."""

import sys
from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from bot.text import clean, keypoints, linekinds, stopwords
from bot.text.keypoints import key_points
from bot.text.linecache import LineCache
from bot.text.pasted import read_pasted
from bot.text.stopwords import stem

NOW = datetime(2026, 1, 1, tzinfo=UTC)
CACHED = {
    "word_count": (linekinds.word_count, linekinds._count_words),
    "classify_line": (linekinds.classify_line, linekinds._classify_line),
    "classify_text": (linekinds.classify_text, linekinds._classify_text),
    "words_beside_dates": (linekinds.words_beside_dates, linekinds._words_beside_dates),
    "is_prose": (clean.is_prose, clean._is_prose),
}


def _caches() -> list[LineCache]:
    return [cached.__self__ for cached, _ in CACHED.values()]


def test_a_megabyte_line_is_kept_by_no_line_cache() -> None:
    line = "Council members said the bridge would reopen on 3 March 2024 after repairs. " * 14_000
    assert len(line) > 1_000_000
    before = sys.getrefcount(line)
    for cached, plain in CACHED.values():
        assert cached(line) == plain(line)
        assert cached(line) == plain(line)  # asked twice: computed twice, never stored
    assert linekinds.classify_paragraph_line(line) is linekinds._classify_text(line)
    assert sys.getrefcount(line) == before  # no cache holds it (an lru_cache would)
    assert all(len(key) <= cache.longest for cache in _caches() for key in cache)


def test_a_pasted_page_with_megabyte_lines_leaves_only_short_lines_in_the_caches() -> None:
    paragraph = "The council said on Tuesday that the new bridge would open in May, after years of delay. " * 12_000
    text = f"Bridge opens at last\n\nBy Ann Lee\n\n{paragraph}\n\n{paragraph.upper()}\n\nShare this story"
    reading = read_pasted(text, reference=NOW)
    assert reading.body
    assert all(len(key) <= 1000 for cache in _caches() for key in cache)


@given(st.lists(st.text(max_size=40), max_size=60), st.integers(min_value=1, max_value=8))
def test_a_line_cache_answers_as_its_function_and_holds_at_most_its_size(lines: list[str], size: int) -> None:
    calls: list[str] = []

    def compute(line: str) -> int:
        calls.append(line)
        return len(line.split())

    cache = LineCache(compute, size, longest=20)
    for line in lines + lines:
        assert cache[line] == len(line.split())
        assert len(cache) <= size
        assert all(len(key) <= 20 for key in cache)
    # A short line is computed again only after the cache was emptied for being full; a long one every time.
    assert sum(1 for line in calls if len(line) > 20) == 2 * sum(1 for line in lines if len(line) > 20)
    if len(set(lines)) <= size:
        assert sum(1 for line in calls if len(line) <= 20) == len({line for line in lines if len(line) <= 20})


def test_a_megabyte_word_is_kept_by_neither_stem_cache() -> None:
    word = "x" * 1_000_000
    body = [f"The council met on Tuesday {word} and said the bridge would open. It said {word} again."] * 3
    key_points(body, "Bridge", 3)
    key_points(body, "Bridge", 3)
    assert all(len(key) <= 100 for key in keypoints._STEMS)
    assert all(len(key) <= 100 for key in stem.__self__)
    assert stem(word) == stopwords._stem(word)
