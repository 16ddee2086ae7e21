"""Find where an article ends in pasted text: page furniture, promotions, the author's bio or an "About" box."""

from __future__ import annotations

import re

from bot.text.asciiwords import case_safe
from bot.text.clean import Kind, is_body_prose, is_prose, is_related_link, word_count, words
from bot.text.linekinds import contains_any
from bot.text.linepatterns import REFERENCES_HEADING, TAGS, TAGS_HEADING

_ABOUT = re.compile(r"^(?:about|über|à propos de|sobre|acerca de|informazioni su)\s+(?P<name>.+)$", re.I)
_ABOUT_US = re.compile(
    r"^(?:about\s+(?:the\s+)?(?:authors?|writers?|us|contributors?|reporters?)|über\s+(?:den|die)\s+autor)", re.I
)
_NAME_WORDS = 4
# What a press release says about its issuer after the news: "Acme Corp. is a leading ...", contacts, disclaimers.
_BOILERPLATE = re.compile(
    r"^(?:(?i:about)\s+[^:]{1,40}:\s*)?(?!(?i:the|this|that|it|its|he|she|they|their|our|we|his|her)\b)"
    r"(?:[A-Z0-9][\w&.,'\u2019-]*\s+){1,6}(?:is|are)\s+(?:a|an|the)\s+(?:\w+\s+){0,2}?"
    r"(?:leading|global|premier|independent|non-?profit|not-for-profit|privately|publicly|award-winning)\b|"
    r"(?i:forward-looking statements|^media contacts?\b)|^#{3}$",
)
# A release's contacts heading alone on its line ("Contacts", "Investor contact:", "Pressekontakt", "Contact presse").
_CONTACTS_HEADING = re.compile(
    r"(?:(?:media|press|investor|news)\s+)?contacts?|(?:presse)?kontakt|contacts?\s+presse|contactos?\s+de\s+prensa",
    re.I,
)
_HEADING_WORDS = 3
# A newsroom's note that a machine helped write or translate the article, closing it: "This article was written
# with the help of AI tools and checked by our newsroom.", "Dieser Artikel wurde mit Hilfe von KI erstellt.",
# "Cet article a été traduit avec l'aide de l'IA." (its words in any case; "AI", "KI", "IA" in capitals).
_AI_NOTE = re.compile(
    r"^(?i:this (?:article|story|summary|text|content|translation)|dieser (?:artikel|text|beitrag)|"
    r"cet (?:article|texte)|este (?:artículo|texto))\b[^.]{0,60}?"
    r"\b(?i:with|using|by|through|mit|durch|avec|par|grâce|con|por|mediante)\b[^.,]{0,30}?"
    r"\b(?:AI|KI|IA|(?i:artificial intelligence|künstliche[rn]? intelligenz|intelligence artificielle|"
    r"inteligencia artificial))\b"
)
_AI_MARKS = ("AI", "KI", "IA", "ntelligen", "nteligen")
# One of these is in every line whose start _BOILERPLATE's issuer branch matches (that branch is case-sensitive).
_ISSUER_WORDS = ("leading", "global", "premier", "independent", "profit", "privately", "publicly", "award-winning")
# A closing bio: a name, then what the person does for a living, in the paragraph's first words.
_BIO = re.compile(
    r"^(?:[A-Z][\w.'\u2019-]+ ){1,3}(?:is|was|has been|serves as)\b[^.]{0,80}?\b(?:writer|reporter|editor|journalist|"
    r"correspondent|contributor|author|columnist|producer|freelancer?|photographer|analyst at|blogger)s?\b"
)
_BIO_LOOK = 4
# The writer's full name opening a sentence about them ("Jane Doe is a lecturer in ...", "Jane Doe was ...", "Jan
# Nowak covers New England for The Example Times.", as a paper's closing line on its reporter says it).
_WRITER_IS = re.compile(
    r"(?P<name>(?:[A-Z][\w.'\u2019-]+ ){2,4})(?:(?:is|was|has been|serves as) (?:a|an|the)\b|"
    r"(?:covers|writes about|reports on|reports from)\s)"
)

_TAIL_LINES = 60
# A comment box's rules or sign-in prompt under the article: a word for "comments" and one about who wrote them,
# how they are moderated or how to join ("Los comentarios publicados son responsabilidad de sus autores").
_COMMENTS = re.compile(
    r"\b(?:comments|comentarios?|comentar|commentaires?|kommentare|komentáře|komentarze|комментари\w*)\b|التعليقات",
    re.I,
)
_COMMENT_RULES = re.compile(
    r"usuarios|autores|lectores|respons|respet|publicad|moderat|moderad|modér|normas|pol[ií]tica|politique|opini[oó]n|sesi[oó]n|"
    r"reg[ií]str|policy|guidelines|lecteurs|nutzer|правил|مراجعة|ننصحك",
    re.I,
)
# Lower-cased, one of these is in every line _COMMENTS matches: the expression runs only on those.
_COMMENT_HINTS = ("comment", "coment", "kommentar", "komentá", "komentarz", "коммент", "التعليقات")
# In an ASCII line, one of its ASCII words whole ("declined to comment" holds a hint, not these): the expression
# costs ~15 us on a long paragraph. (Only ASCII is sure: no other character matches these letters, lower-cased.)
_COMMENT_WORDS = ("comments", "comentar", "commentaire", "kommentare", "komentarze")
# Only in the closing part of the body: an article may well discuss readers' comments.
_COMMENT_SHARE = 0.6
# A promotion speaks to the reader: an imperative, "you", "we", "our", an exclamation.
_PROMO_VOICE = re.compile(
    r"^(?:get|sign|subscribe|join|follow|listen|watch|read|download|support|try|register|click|tap|don'?t)\b|"
    r"\b(?:you|your|we|our|us|i|my)\b|!",
    re.I,
)
_PROMO_BLURBS = 3
# A closing block after the page's last break holds at most this many paragraphs, a small share of the body's words.
_TRAILING_BLOCKS = 2
_TRAILING_PARAS = 3
_TRAILING_SHARE = 0.35
_BREAKS = frozenset({Kind.SUBSCRIBE, Kind.FOLLOW, Kind.COMMENTS, Kind.COPYRIGHT, Kind.SHARE})
_TAIL_FURNITURE = {Kind.SUBSCRIBE, Kind.FOLLOW, Kind.COMMENTS, Kind.COPYRIGHT}
_TEXT = Kind.TEXT  # a module constant: `Kind.TEXT` costs ~45 ns a lookup through the enum's metaclass
_SENTENCE_TAIL = re.compile(r"[.!?;,:\u3001\u3002\uff01\uff1f\u2026][\"'\u201d\u2019)\]\u300d]*$")


def bio_start(lines: list[str], start: int, end: int, author: str | None) -> int:
    """Return where a closing author bio or "About the author" box begins, or ``end`` when there is none."""
    names = _name_keys(author)
    for i in range(max(start + 1, end - _BIO_LOOK), end):
        line = lines[i]
        if _ABOUT_US.match(line):
            return i
        about = _ABOUT.match(line)
        if about and word_count(line) <= _NAME_WORDS + 1 and _person_like(about["name"]):
            following = " ".join(lines[i + 1 : i + 3])
            if about["name"].split()[-1] in following:
                return i  # "About Jane Doe", then a paragraph about her
        if (_BIO.match(line) and is_prose(line)) or _is_boilerplate(line):
            # "Jane Doe is a reporter at ...", "Acme Ltd. is a leading maker of ...": a bio or a press release's
            # description of its issuer, with the heading over it ("About Acme") if there is one.
            return i - 1 if i - 1 > start and _heading(lines[i - 1]) else i
        if names and not is_prose(line) and _name_keys(line) & names and word_count(line) <= _NAME_WORDS:
            return i  # the byline's name again under the last paragraph: the author box
        writer = _WRITER_IS.match(line) if names else None
        if writer and names <= _name_keys(writer["name"]):
            return i  # "Sarah Coleman is a lecturer in ...": the writer's bio, in any trade
    return end


def comment_rules_start(lines: list[str], start: int, end: int) -> int:
    """Return where a comment box's rules or sign-in prompt begins in the body's closing part, or ``end``."""
    for i in range(max(start + 1, start + int((end - start) * _COMMENT_SHARE)), end):
        lower = lines[i].lower()
        hints = _COMMENT_WORDS if lines[i].isascii() else _COMMENT_HINTS
        if contains_any(lower, hints) and _COMMENTS.search(lines[i]) and _COMMENT_RULES.search(lines[i]):
            return i - 1 if i - 1 > start and _heading(lines[i - 1]) else i
    return end


# A closing tag list: its label's line ("Tags: politics, economy") with at most this many words, or a bare heading
# ("Tags") over at most this many tags, one a line.
_TAG_WORDS = 30
_TAG_LINES = 8


def tags_start(paragraphs: list[str]) -> int:
    """Return where a blogging platform's topic tags close an article's paragraphs, or ``len(paragraphs)``.

    The label's line ("Tagged: politics, economy", "Schlagwörter: Politik, Wirtschaft") or a bare heading
    ("Etiquetas" / "Política" / "Economía"), under running text, with no running text from it to the end. So does
    a closing "References" or "Einzelnachweise" heading, where its list was left out of the copy or is no prose.
    """
    end = len(paragraphs)
    for i in range(max(1, end - _TAG_LINES - 1), end):
        line = paragraphs[i]
        # The cached tests first: the patterns, tried at a paragraph's start, cost ~5k instructions a line.
        if (
            is_prose(line)
            or word_count(line) > _TAG_WORDS
            or not (TAGS.match(line) or TAGS_HEADING.match(line) or REFERENCES_HEADING.match(line))
        ):
            continue
        if any(is_body_prose(other) for other in paragraphs[i + 1 :]):
            continue  # running text under the label: the article's own ("Topics: the council debated ...")
        if any(is_body_prose(other) for other in paragraphs[:i]):
            return i
    return end


def _is_boilerplate(line: str) -> bool:
    if word_count(line) <= _HEADING_WORDS and _CONTACTS_HEADING.fullmatch(line.rstrip(": ")):
        return True
    if contains_any(line, _AI_MARKS) and _AI_NOTE.match(line):
        return True
    # Only "forward-looking statements" can match away from the line's start: without it, match() says as much
    # as search() at a fraction of the cost on a long paragraph.
    if case_safe(line) and "forward-looking statements" not in line.lower():
        # At the start: "###", "Media contact", or an issuer "is a leading ..." (its words in their own case).
        if line != "###" and line[:1] not in "mM" and not contains_any(line, _ISSUER_WORDS):
            return False  # the pattern cannot match (it costs ~8 us on a paragraph of capitalised words)
        return _BOILERPLATE.match(line) is not None
    return _BOILERPLATE.search(line) is not None


def _heading(line: str) -> bool:
    return not is_prose(line) and word_count(line) <= _NAME_WORDS + 1 and not line.endswith((".", "!", "?"))


def _person_like(name: str) -> bool:
    parts = name.split()
    return 2 <= len(parts) <= _NAME_WORDS and all(
        p[:1].isupper() and p.replace("-", "").replace(".", "").isalpha() for p in parts
    )


def _name_keys(text: str | None) -> set[str]:
    if not text:
        return set()
    # "Anna Kowalski" or, as agencies print bylines, "ANNA KOWALSKI": one name either way.
    return {w.capitalize() for w in words(text) if len(w) > 2 and w[:1].isupper() and (w[1:].islower() or w.isupper())}


def body_end(lines: list[str], kinds: list[Kind], start: int) -> int:
    """Return the index after the body's last line: page furniture, promotions and closing blocks left out."""
    last = _last_paragraph(lines, kinds, start, len(lines) - 1)
    for _ in range(_PROMO_BLURBS):
        # A sentence boxed in by page furniture near the end is a promotion ("Get the news in your inbox!").
        if not any(kinds[j] in _TAIL_FURNITURE for j in range(max(start, last - 2), last)):
            break
        if not _PROMO_VOICE.search(lines[last]):
            break  # a plain report in the third person is the article's last paragraph, boxed in or not
        last = _last_paragraph(lines, kinds, start, last - 1)
    last = _before_trailing_blocks(lines, kinds, start, last)
    # Short lines after the last paragraph (a list, a tweet's attribution) belong to the article until the
    # first piece of page furniture; everything from there on is the page around it.
    end = last + 1
    while end < len(lines) and kinds[end] is _TEXT and end - last <= _TAIL_LINES:
        end += 1
    if end == last + 2 and end < len(lines) and kinds[end] in _BREAKS and _button(lines[last + 1]):
        end = last + 1  # an action bar's first button over its others: "Like" / "Comment" / "Share"
    if end == len(lines) and end - last > 1:
        # No furniture to tell where the article stops: keep the lines that end like sentences (the rest of a
        # list, a closing note), stop at the first that does not (a heading over related links, a tag). A "read
        # also" link ("Lesen Sie auch: ...", "関連記事" and a colon) stands between paragraphs: the body leaves it out.
        end = last + 1
        while end < len(lines) and (_SENTENCE_TAIL.search(lines[end]) or is_related_link(lines[end])):
            end += 1
    # A label with nothing of the article under it ("Read also:" in a language the lists do not know, "More:")
    # introduces what the copy left out: it is the page's, not the article's last line.
    while end > last + 1 and lines[end - 1].rstrip().endswith((":", "\uff1a")):
        end -= 1
    return end


# A button's label: one short word of a spaced script ("Like", "Clap", "Reply"), or a rule ("___").
_BUTTON = re.compile(r"[^\W\d_\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff]{2,15}|[_\-\u2013\u2014=*~]{3,}")


def _button(line: str) -> bool:
    """A button's label or a rule, not the article's: never a line of Chinese or Japanese (no spaces there)."""
    return _BUTTON.fullmatch(line.strip()) is not None


def _before_trailing_blocks(lines: list[str], kinds: list[Kind], start: int, last: int) -> int:
    """Drop the few paragraphs after the last break in the page (share bar, newsletter box): a bio or a promotion."""
    size: dict[int, int] = {}
    for turn in range(_TRAILING_BLOCKS):
        breaks = [j for j in range(start + 1, last) if kinds[j] in _BREAKS]
        if not breaks:
            break
        if turn == 0:  # the paragraphs' sizes, up to the first ``last``: only a page with a break needs them
            size = {i: word_count(lines[i]) for i in range(start, last + 1) if kinds[i] is _TEXT and is_prose(lines[i])}
        after = [i for i in size if breaks[-1] < i <= last]
        before = [i for i in size if i < breaks[-1]]
        if not before or len(after) > _TRAILING_PARAS:
            break
        if not any(_PROMO_VOICE.search(lines[i]) for i in after) and not _boxed(kinds, breaks[-1], last):
            break  # plain third-person reporting after a share bar is the article's end; bios are caught apart
        if sum(size[i] for i in after) > _TRAILING_SHARE * sum(size[i] for i in before):
            break
        last = before[-1]
    return last


_BOX_LINES = 3


def _boxed(kinds: list[Kind], opening: int, last: int) -> bool:
    """Tell whether the lines from a sign-up line to ``last`` are a sign-up box's: another sign-up line closes them.

    "Subscribe to The Harbour Letter" / "Notes on towns, work and the coast." / "Type your email..." / "Subscribe":
    a newsletter platform's box describes the publication in the third person.
    """
    return kinds[opening] is Kind.SUBSCRIBE and any(
        kinds[j] is Kind.SUBSCRIBE for j in range(last + 1, min(len(kinds), last + 1 + _BOX_LINES))
    )


def _last_paragraph(lines: list[str], kinds: list[Kind], start: int, last: int) -> int:
    while last > start and not (kinds[last] is _TEXT and is_body_prose(lines[last])):
        last -= 1
    return last
