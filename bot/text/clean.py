"""Tell page cruft from article text in pasted news pages, line by line, and split datelines off paragraphs.

The line classifier lives in bot.text.linekinds; this module adds the test for running text.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.text.datelines import split_dateline
from bot.text.linecache import LineCache
from bot.text.linekinds import Kind, classify_line, contains_any, word_count, word_test, words
from bot.text.phrased import PHRASED

__all__ = [
    "Kind",
    "classify_line",
    "ends_link_list",
    "is_body_prose",
    "is_cjk_sentence",
    "is_cruft",
    "is_picture_credit",
    "is_prose",
    "is_related_heading",
    "is_related_link",
    "split_dateline",
    "without_related_lists",
    "word_count",
    "word_test",
    "words",
]

_CJK = re.compile(r"[\u3040-\u9fff\uac00-\ud7af]")
# Full stops of other scripts too: Burmese, Devanagari, Urdu, and the Arabic question mark.
_STOPS = (".", "!", "?", "\u2026", "\u104b", "\u0964", "\u06d4", "\u061f")
_CLOSERS = "\"'\u201d\u2019)]"
_CJK_PROSE = 40  # characters of a CJK line that is running text whatever its end
_CJK_SENTENCE = 15
_CJK_STOPS = ("\u3002", "\uff01", "\uff1f")  # the full-width full stop, exclamation and question marks
_CJK_CLOSERS = "\u300d\u300f\u201d\uff09)"  # and the closing quotes and brackets after them
# Letters of the scripts written without spaces between words that set phrases off with spaces: Thai, Lao,
# Burmese, Khmer (their combining vowels and tone marks included: each is a character of the line).
_PHRASED = re.compile(f"[{PHRASED}]")
_PHRASED_PROSE = 100  # characters: about 16 words of a spaced script, is_prose's bar without a stop
# A heading over a list of other stories, in the languages the bot reads ("Related" itself is Kind.MORE).
_RELATED = re.compile(
    r"must-reads?|people are (?:also )?reading|you (?:may|might) (?:also )?(?:like|enjoy)|what'?s trending|"
    r"more (?:stories|news|articles) (?:from|on|about)|related (?:stories|articles|news|links|posts)|similar posts|"
    r"recommended for you|ähnliche (?:beiträge|artikel)|(?:artículos|noticias|posts|artigos|notícias) relacionad[oa]s|"
    r"articoli correlati|articles (?:similaires|connexes)|gerelateerde (?:artikelen|berichten)|powiązane artykuły|"
    r"похожие (?:записи|статьи)|相关文章|関連する記事|"
    r"также может быть интересно|читайте также|смотрите также|เรื่องที่เกี่ยวข้อง|más sobre|te puede interesar|"
    r"lee también|lea también|lire aussi|sur le même sujet|leia também|veja também|lesen sie auch|mehr zum thema|"
    r"könnte sie auch interessieren|leggi anche|potrebbe interessarti|関連記事|関連ニュース|相关阅读|相关新闻|"
    r"相關新聞|延伸閱讀|관련\s?기사|czytaj (?:też|także|również)|zobacz (?:też|także|również)|lees ook|"
    r"baca juga|läs (?:också|även)|les også|læs også|lue myös|čtěte (?:také|též)|čítajte (?:tiež|aj)|"
    r"читайте також|διαβάστε (?:επίσης|ακόμη)|ilgili haberler|cite[șş]te [șş]i|xem thêm|यह भी पढ़ें|اقرأ أيضا",
    re.I,
)
# One other story's title after such a phrase and a colon ("Lire aussi : ...", "Leia também: ...", "関連記事" and
# a full-width colon): a link in the article's column, however long the title ("Read also:" is Kind.MORE).
_RELATED_LINK = re.compile(rf"(?:{_RELATED.pattern})\s*[:\uff1a]", re.I)
_LINK_LEAD_CHARS = 40  # the phrase and its colon open the line
_HEADING_WORDS = 8
# Under such a heading, running text shaped like another headline (fewer words, no full stop: "... court hears",
# '...: "We got her!"') close to the heading is one more item of the list; a paragraph ends it.
_LIST_HEADLINE_WORDS = 25
_LIST_LINES = 10  # a list of links is a handful of lines (a product box under "Don't miss:" runs on longer)
_FULL_STOPS = (".", "\u2026", "\u3002", "\u104b", "\u0964", "\u06d4")  # a statement's end, not "!" or "?"
_HEADING_CHARS = 80
# Lower-cased, one of these is in every line _RELATED matches: the expression (slow: many alternatives, any case)
# runs only on those.
_RELATED_HINTS = (
    "read", "like", "enjoy", "trending", "more ", "related", "recommended", "также", "по теме", "เรื่อง", "sobre",
    "puede", "tamb", "aussi", "sujet", "lesen", "thema", "interess", "anche", "関連", "相关", "相關", "延伸", "관련",
    "czytaj", "zobacz", "lees ook", "baca juga", "läs", "også", "myös", "čtěte", "čítajte", "також", "διαβάστε",
    "lgili", "citeș", "citeş", "thêm", "पढ़ें", "اقرأ", "similar", "ähnliche", "relacionad", "correlati",
    "similaires", "connexes", "gerelateerde", "powiązane", "похожие",
)  # fmt: skip
_RELATED_ASCII_HINTS = tuple(hint for hint in _RELATED_HINTS if hint.isascii())
# A picture's credit, alone or closing its caption: "Jane Doe Submitted photo", "... the drug. Getty",
# "Caption text. | Foto: Reuters", "Screenshot by Jane Doe/Site". The line's kind missed it (no "Photo:" lead).
# Agencies are matched in their own case: "(ePA)" is an abbreviation, "EPA" the agency.
_AGENCY = (
    r"(?-i:Getty(?: Images)?|Reuters|AP(?: Photo)?|AFP|EPA|Corbis|Shutterstock|iStock(?:photo)?|Alamy|Statista|"
    r"Xinhua|dpa|NurPhoto|SOPA Images|Rex Features|WireImage|Imago)"
)
_CREDIT_LEAD = re.compile(
    r"(?:(?:photo|image|picture|foto|bild|screenshot)s?\s*(?:by|courtesy)\b|\(?(?:photo|image) credit)", re.I
)
# Looked for only in a line's last characters (an agency's name, "Submitted photo"): long lines stay cheap.
_CREDIT_END = re.compile(
    rf"(?:^|[\s/|(]){_AGENCY}\W*$|\b(?:submitted|file|handout|courtesy) (?:photo|image)\W*$|\bvia {_AGENCY}\W*$",
    re.I,
)
_CREDIT_END_CHARS = 48
# The last word of every line _CREDIT_END matches (lower-cased): the expression runs only on those.
_CREDIT_LAST_WORDS = frozenset((
    "getty", "images", "reuters", "ap", "photo", "afp", "epa", "corbis", "shutterstock", "istock", "istockphoto",
    "alamy", "statista", "xinhua", "dpa", "nurphoto", "features", "wireimage", "imago", "image",
))  # fmt: skip
_CREDIT_LAST_ENDINGS = tuple(_CREDIT_LAST_WORDS)
# Where _last_word splits an ASCII tail (str.split's white space, and the separators it blanks), what it strips.
_TAIL_SPLITS = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f/|("
_WORD_TRIM = ".,;:!?)]'\""
_CREDIT_BAR = re.compile(r"\|\s*(?:foto|photo|image|bild)\s*:", re.I)
_CREDIT_WORDS = 40
NO_CREDIT_ENDS = (*_STOPS, ":", '"', "\u201d")  # a line ending so is no credit (a sentence, a quote)


def _is_prose(line: str) -> bool:
    """Tell whether ``line`` reads as running text: long enough, with a sentence's end or many words (uncached)."""
    text = line.strip()
    if not text.isascii() and _mostly_cjk(text):
        return len(text) >= _CJK_PROSE
    count = word_count(text)
    if count >= 16:
        return True
    # Not in capitals only; a script without letter case (Burmese, Devanagari, Arabic, ...) has no lower case.
    return count >= 7 and _ends_sentence(text) and (any(c.islower() for c in text) or not any(map(str.isupper, text)))


# A line cache (bot/text/linecache.py): a line of more than 1,000 characters is never kept.
is_prose: Callable[[str], bool] = LineCache(_is_prose, 8192).__getitem__
"""Tell whether ``line`` reads as running text: long enough, with a sentence's end or many words (cached)."""


def is_body_prose(line: str) -> bool:
    """Tell whether ``line`` is running text to the body's reader: is_prose, or a long Thai, Lao, ... paragraph.

    A paragraph of 100+ characters, most of them Thai, Lao, Burmese or Khmer letters. Those scripts write no
    spaces between words and only some between phrases, and Thai and Lao no full stop: a paragraph of three
    sentences may hold two spaces, so is_prose (16 words, or 7 and a stop) reads none as running text, and a copy's
    body was its date line. is_prose keeps its answer: it is a column of the headline model's rows (counting these
    letters as CJK's moves the rows of the datasets' Thai copy: a refit round), so only the body's reader (where
    the body starts and ends) asks this.
    """
    if is_prose(line):
        return True
    text = line.strip()
    return len(text) >= _PHRASED_PROSE and not text.isascii() and 2 * len(_PHRASED.findall(text)) > len(text)


def is_cjk_sentence(line: str) -> bool:
    """Tell whether ``line`` is a sentence of Chinese or Japanese too short for :func:`is_prose`'s 40 characters.

    A CJK sentence is short in characters: one of 15 ending with a full-width full stop, exclamation or question
    mark holds as much as seven or eight words of a spaced script. is_prose keeps its bar: its answer is a column
    of the headline model's rows (13 rows of the datasets' copies move with a lower one: a refit round), so only
    the body's reader asks this, where such a sentence ends a list of links (bot.text.pasted).
    """
    text = line.strip()
    return (
        _CJK_SENTENCE <= len(text) < _CJK_PROSE
        and text.rstrip(_CJK_CLOSERS).endswith(_CJK_STOPS)
        and not text.isascii()
        and _mostly_cjk(text)
    )


def _ends_sentence(text: str) -> bool:
    """Tell whether ``text`` ends with a stop or a colon, or a stop and closing quotes or brackets."""
    if text.endswith((*_STOPS, ":")):
        return True
    core = text.rstrip(_CLOSERS)
    return len(core) < len(text) and core.endswith(_STOPS)


def _mostly_cjk(text: str) -> bool:
    """Tell whether over 30 % of ``text`` is CJK characters.

    Each is 3 bytes in UTF-8 (2 more than ASCII), so under 25 % of them when the text's extra bytes are under half
    its length: the count, a scan of the text, is skipped (3 us on a paragraph of accented or quoted text).
    """
    if 2 * (len(text.encode("utf-8", "surrogatepass")) - len(text)) < len(text):
        return False
    return _cjk_share(text) > 0.3


def _cjk_share(text: str) -> float:
    if not text:
        return 0.0
    return len(_CJK.findall(text)) / len(text)


def is_cruft(line: str) -> bool:
    """Tell whether ``line`` is page furniture rather than article text."""
    return classify_line(line) is not Kind.TEXT


def is_related_heading(line: str) -> bool:
    """Tell whether ``line`` is a short heading over links to other stories ("More Must-Reads", "Lire aussi")."""
    if len(line) > _HEADING_CHARS or word_count(line) > _HEADING_WORDS:
        return False  # the cheap tests first: this runs on every line of a body
    hints = _RELATED_ASCII_HINTS if line.isascii() else _RELATED_HINTS  # the others cannot be in an ASCII line
    if not contains_any(line.lower(), hints) or _RELATED.search(line) is None:
        return False
    return not is_prose(line)


def is_related_link(line: str) -> bool:
    """Tell whether ``line`` is a link to another story under a "read also" phrase ("Lesen Sie auch: ...")."""
    lead = line[:_LINK_LEAD_CHARS]
    if ":" not in lead and "\uff1a" not in lead:
        return False  # the cheap test first: this runs on every line of a body
    hints = _RELATED_ASCII_HINTS if lead.isascii() else _RELATED_HINTS
    return contains_any(lead.lower(), hints) and _RELATED_LINK.match(line) is not None


def ends_link_list(line: str, below_heading: int) -> bool:
    """Tell whether running text ``below_heading`` lines under a related heading is the article's again."""
    return (
        below_heading > _LIST_LINES
        or word_count(line) >= _LIST_HEADLINE_WORDS
        or line.rstrip(_CLOSERS).endswith(_FULL_STOPS)
    )


def is_picture_credit(line: str) -> bool:
    """Tell whether ``line`` is a picture's credit, or a caption closed by one (never a line ending a sentence)."""
    text = line.rstrip()
    if text.endswith(NO_CREDIT_ENDS):
        return False
    found = (
        _CREDIT_LEAD.match(text) is not None
        or (
            _may_end_with_credit(text)
            and _last_word(text) in _CREDIT_LAST_WORDS
            and _CREDIT_END.search(text, max(0, len(text) - _CREDIT_END_CHARS)) is not None
        )
        or ("|" in text and _CREDIT_BAR.search(text) is not None)
    )
    return found and word_count(text) <= _CREDIT_WORDS


def _may_end_with_credit(text: str) -> bool:
    """Tell whether :func:`_last_word` can be one of _CREDIT_LAST_WORDS (False: it cannot), without splitting.

    In ASCII, the last word is what ends the tail once the blanks and separators it is split at, then the
    punctuation it is stripped of, are stripped from its end (0.5 -> 0.25 us a line; tests/test_linekinds_fastpaths.py).
    """
    tail = text[-_CREDIT_END_CHARS:]
    return not tail.isascii() or tail.lower().rstrip(_TAIL_SPLITS).rstrip(_WORD_TRIM).endswith(_CREDIT_LAST_ENDINGS)


def _last_word(text: str) -> str:
    tail = text[-_CREDIT_END_CHARS:].replace("/", " ").replace("|", " ").replace("(", " ").split()
    return tail[-1].strip(_WORD_TRIM).lower() if tail else ""


def without_related_lists(paragraphs: list[str]) -> list[str]:
    """Leave out each related-stories heading and the short lines under it, up to running text or a "...:" line."""
    out: list[str] = []
    in_links = False
    at = 0  # where the heading is
    for k, paragraph in enumerate(paragraphs):
        if is_related_heading(paragraph):
            in_links, at = True, k
            continue
        if in_links and ((is_prose(paragraph) and ends_link_list(paragraph, k - at)) or paragraph.endswith(":")):
            in_links = False
        if not in_links:
            out.append(paragraph)
    return out
