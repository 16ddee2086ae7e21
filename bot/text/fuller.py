"""When a later copy of a stored article is a fuller text of it: the stored text a cut excerpt of the new one.

A search alert's one-line snippet ("... the ministry said on\u2026"), a feed's excerpt, a news API's cut content
("\u2026 [+1843 chars]") or a newsletter's blurb often arrives before the publisher's own entry or page with the
whole text; the store keeps the first copy of an article (:func:`bot.store.articles.insert_articles`), and takes
a later copy's text when this says it is the fuller one.
"""

from __future__ import annotations

import re

from bot.text.paragraphs import CUT_MARKS
from bot.text.similarity import normalise

# Where a snippet was cut: the excerpt generators' marks, and three dots (a person's as often, but a text is only
# taken for cut there when its words are found in the new one all the same).
_CUT_AT_END = (*CUT_MARKS, "...")
_CUT_AT_START = ("\u2026", "...", "[\u2026]", "[...]")
# A news API's count of the characters it cut ("\u2026 [+1843 chars]").
_COUNTED_CUT = re.compile(r"\s*\[\+\d+ chars\]$")


# A blurb: a newsletter's or a channel's few sentences about a page, in its own words (not a cut of its text).
BLURB_WORDS = 60


def fuller(stored: str, new: str, *, same_page: bool = False) -> bool:
    """Whether ``new`` is clearly a fuller text of the same article than ``stored``, its stored text.

    Either the stored text is marked as cut (it ends in "\u2026", "...", "[\u2026]" or a news API's "[+1843 chars]",
    or begins with "\u2026" or "...", as an alert's snippet from the middle of a page) and its words, less the word at
    each cut (perhaps a part of one), are a run of the new text's words; or, unmarked (a parser takes an excerpt's
    cut sentence off with its mark: :func:`bot.text.paragraphs.without_cut_sentence`), its words are the new text's
    first words and at most half of them. A stored text without words is a cut one of any text with words. Never
    the other way: the new text has more words than the stored one.

    ``same_page``: both copies name the same page (its canonical URL), so a stored blurb in other words than the
    page's (a letter's or a channel's few sentences: at most :data:`BLURB_WORDS` words, a third of them the new
    text's) is the page's text too, once the new text has three times its words.
    """
    text = stored.strip()
    counted = _COUNTED_CUT.search(text)
    if counted is not None:
        text = text[: counted.start()].rstrip()
    cut_end = counted is not None or text.endswith(_CUT_AT_END)
    cut_start = text.startswith(_CUT_AT_START)
    old_words = normalise(text).split()
    new_words = normalise(new).split()
    if len(new_words) <= len(old_words):
        return False
    if not old_words:
        return True
    if same_page and len(old_words) <= BLURB_WORDS and 3 * len(old_words) <= len(new_words):
        told = set(new_words)
        if 3 * sum(word in told for word in old_words) >= len(old_words):
            return True
    if not (cut_start or cut_end):
        return 2 * len(old_words) <= len(new_words) and new_words[: len(old_words)] == old_words
    run = old_words[int(cut_start) : len(old_words) - int(cut_end)]
    return bool(run) and f" {' '.join(run)} " in f" {' '.join(new_words)} "


def fuller_headline(stored: str, new: str) -> str:
    """The headline a stored article keeps when a fuller copy comes: its own, unless cut ("...", "\u2026").

    A cut headline (a search alert's, at its length limit) whose words, less the cut one, open the new copy's is
    the new copy's headline cut: the whole one is taken.
    """
    text = stored.strip()
    if not text.endswith(("...", "\u2026")):
        return stored
    kept = normalise(text.rstrip(".\u2026 ")).split()[:-1]
    whole = normalise(new).split()
    return new if kept and len(whole) > len(kept) and whole[: len(kept)] == kept else stored
