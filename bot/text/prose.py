"""What reads as prose in a pasted copy, whatever its layout: a copy with a sentence is an article.

Used by bot.text.pasted when the layout reads as having no headline line or no body at all (issue 12: real
prose is never refused; only a copy without one sentence is not an article).
"""

from __future__ import annotations

import re

from bot.text.clean import Kind, is_prose, word_count

# Kinds that are never a sentence of the article, even in a copy read as having no body.
_NEVER_TEXT = frozenset({Kind.LINK, Kind.NUMBER, Kind.SHARE, Kind.BUTTONS, Kind.READING_TIME})
_SENTENCE_WORDS = 3
_SENTENCE_STOP = re.compile(r"[.!?\u2026\u3002\uff01\uff1f\u0964\u06d4\u061f][\"'\u201d\u2019)\]\u300d\u300f]*$")
# Letters of scripts written without spaces between words: CJK, kana, Thai, Lao, Khmer, Burmese.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\u0e00-\u0eff\u1780-\u17ff\u1000-\u109f]")
_UNSPACED_SENTENCE = 8


def mid_sentence(line: str) -> bool:
    """Tell whether running text starts inside a sentence: a lower-case word ("of the works, the council said")."""
    return line[:1].islower() and not line[1:2].isupper() and is_prose(line)


def any_prose(lines: list[str], kinds: list[Kind], title_at: int | None) -> list[str]:
    """Return the running text of a copy whose layout read as no body at all (never refuse real prose).

    A paragraph opening like a caption ("Photo: ..."), a date or a notice, a copy that starts mid-sentence or
    repeats one paragraph: every line that reads as a sentence is kept, in order, once; links, numbers, share
    bars and buttons are not text.
    """
    seen: set[str] = set()
    out = []
    for i, line in enumerate(lines):
        if kinds[i] in _NEVER_TEXT or line in seen or not sentence_like(line):
            continue
        if i == title_at and any(j != i and sentence_like(other) for j, other in enumerate(lines)):
            continue  # the headline, with other text to read
        seen.add(line)
        out.append(line)
    return out


def sentence_like(line: str) -> bool:
    """Tell whether a line reads as a sentence in any script: running text, or a few words closed by a stop.

    Scripts written without spaces (Chinese, Japanese, Thai, Burmese...) count their letters, not words.
    """
    if is_prose(line):
        return True
    unspaced = len(_UNSPACED.findall(line)) if not line.isascii() else 0
    if _SENTENCE_STOP.search(line):
        return word_count(line) >= _SENTENCE_WORDS or unspaced >= _UNSPACED_SENTENCE
    return unspaced >= 2 * _UNSPACED_SENTENCE
