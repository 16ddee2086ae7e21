"""Plain text to paragraphs: the one rule for every reader of text without markup (feeds, mail, JSON, HTML's text).

A blank line (or U+2029) ends a paragraph; a single line break inside one is a wrap, joined with a space; every
run of white space, the zero width space among it, is one space.
"""

from __future__ import annotations

import re

from bot.text.linepatterns import READ_ON_WORDS

_LINE_BREAKS = str.maketrans({"\r": "\n", "\x0b": "\n", "\x0c": "\n", "\x85": "\n", "\u2028": "\n", "\u2029": "\n\n"})
_OTHER_BREAKS = "\r\x0b\x0c\x85\u2028\u2029"
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")
_SPACE = re.compile(r"[\s\u200b]+")
_ZERO_WIDTH_SPACE = "\u200b"


def text_to_paragraphs(text: str) -> list[str]:
    """Split plain text into paragraphs at blank lines, with the lines of each joined and white space collapsed."""
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    # str.translate is slow on long text: only where a break is. (One search for each, in C, costs less than a
    # pattern's set tried at every position.)
    if any(char in text for char in _OTHER_BREAKS):
        text = text.translate(_LINE_BREAKS)
    paragraphs = []
    for block in _BLANK_LINE.split(text):
        # Without a zero width space, the runs _SPACE replaces are the white space str.split() splits at (the
        # pattern's \s is str.isspace): the words joined, not one match and replacement a word.
        joined = _SPACE.sub(" ", block).strip() if _ZERO_WIDTH_SPACE in block else " ".join(block.split())
        if joined:
            paragraphs.append(joined)
    return paragraphs


# Where a generator cut an excerpt: WordPress's "[\u2026]" (or "[...]"), Medium's "\u2026". Three dots are a
# person's as often ("When I was done, I took two steps..." ends a comic's teaser): not read as a cut.
CUT_MARKS = ("[\u2026]", "[...]", "[ \u2026 ]", "\u2026")
# A teaser's call to read on after its last sentence, as plain text ("... debate. Read more »", "Continue reading
# \u2192", "Weiterlesen", "Lire la suite"): a few words at most after the call's own, and no stop. Looked for in the
# last characters only, and only where one of them is a stop.
_READ_ON_AFTER_STOP = re.compile(
    rf"(?<=[.!?\u2026\"\u201d\u2019)])\s+(?:{READ_ON_WORDS})\b[^.!?\u2026]{{0,25}}$", re.IGNORECASE
)
_HAS_STOP = re.compile(r"[.!?\u2026]")
_CALL_CHARS = 60
# A sentence's end inside a paragraph: a stop and a space, or a CJK stop.
_SENTENCE_STOP = re.compile(r"[\u3002\uff01\uff1f]|[.!?][\"'\u201d\u2019)\]]*\s")


def without_cut_sentence(paragraphs: list[str]) -> list[str]:
    """The paragraphs without the sentence an excerpt was cut in ("..., the operator [\u2026]"), and the mark.

    It was a key point ending in "[\u2026]". Only the last paragraph's, and only where a whole sentence is before
    it: an excerpt of one cut sentence keeps it. A news API's count of the characters cut ("\u2026 [+1843 chars]",
    NewsAPI's content) goes with the mark, and a call to read on written after the last sentence as plain text ("...
    debate. Read more \u00bb", "Weiterlesen") goes too. Feeds' entries and JSON records.
    """
    last = paragraphs[-1].rstrip() if paragraphs else ""
    if _HAS_STOP.search(last[-_CALL_CHARS:]):  # "... after a long debate. Read more »", "... Weiterlesen"
        call = _READ_ON_AFTER_STOP.search(last, max(0, len(last) - _CALL_CHARS))
        if call is not None and call.start() > 0:
            paragraphs = [*paragraphs[:-1], last[: call.start()]]
            last = paragraphs[-1]
    counted = last.endswith(" chars]") and last[last.rfind("[+") + 2 : -7].isdigit()
    if counted:
        last = last[: last.rfind("[+")].rstrip()
    mark = next((m for m in CUT_MARKS if last.endswith(m)), None)
    if mark is None:
        return [*paragraphs[:-1], last] if counted and last else paragraphs
    kept = last[: -len(mark)].rstrip()
    if kept[-1:] in (".", "!", "?", "\u3002", "\uff01", "\uff1f"):
        return [*paragraphs[:-1], kept]  # "Opening hours will be ten to four. \u2026": only the mark goes
    stops = [found.end() for found in _SENTENCE_STOP.finditer(kept)]
    if not stops:
        return paragraphs
    return [*paragraphs[:-1], kept[: stops[-1]].rstrip()]


def title_from_text(paragraphs: list[str], limit: int = 90) -> str:
    """Make a title from the first sentence of the text, shortened at a word boundary."""
    text = next((p for p in paragraphs if p.strip()), "").strip()
    if not text:
        return ""
    match = re.match(r"(.+?[.!?])(?:\s|$)", text)
    sentence = match.group(1) if match and len(match.group(1)) >= 12 else text
    if len(sentence) <= limit:
        return sentence.rstrip(".") if sentence.endswith(".") and not sentence.endswith("..") else sentence
    cut = sentence[:limit].rsplit(" ", 1)[0].rstrip(",;:-\u2013\u2014 ")
    return (cut or sentence[:limit]) + "\u2026"
