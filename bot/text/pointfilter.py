"""Keep page furniture out of key points: bylines, captions, credits, datelines, calls to action."""

from __future__ import annotations

import re

from bot.text.asciiwords import case_safe
from bot.text.linepatterns import contains_any, contains_any_grouped, hint_groups

_DASH = r"(?:-{1,2}|\u2013|\u2014|:)"
# "LONDON (Reuters) -", "KYIV, Ukraine (AP) \u2014", "(CNN)", "WASHINGTON DC:", "PARIS \u2014"
_DATELINE = re.compile(
    r"^\s*(?:"
    r"\((?:CNN|AP|Reuters|AFP|UPI)[^)]{0,20}\)\s*" + _DASH + r"?\s*"
    r"|[A-Z][A-Z.'\u2019-]+(?:\s+[A-Z][A-Z.'\u2019-]+){0,3}(?:,\s*[A-Z][\w.'\u2019 -]{1,30})?"
    r"\s*(?:\([A-Za-z .&/-]{1,30}\)\s*)?" + _DASH + r"\s+"
    r"|[A-Z\u00c0-\u00de][^\W\d_]+(?:\s+[A-Z\u00c0-\u00de][^\W\d_]+){0,2},\s*[A-Z][^\W\d_]{1,12}\.?"
    r"\s*(?:\([A-Za-z .&/-]{1,30}\)\s*)?(?:\u2013|\u2014|--)\s+(?=[A-Z\"'\u201c\u2018])"
    r")"
)
# "By . Jane Doe . PUBLISHED: ... | . UPDATED: ..." and the like at the start of a sentence.
_LEAD_CRUFT = re.compile(
    r"^\s*(?:By\s*\.?\s*[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*){0,3}\s*\.\s*"
    r"|(?:PUBLISHED|UPDATED|Last updated|Published|Updated)\s*:?\s*\.?\s*[\d:]+[^|]*?\d{4}\s*\.?\s*\|?\s*\.?\s*"
    r"|Scroll down for (?:the )?video\s*"
    r"|(?:Watch the video|WATCH|VIDEO|PHOTOS?|READ MORE|RELATED)\s*:\s*"
    r")+"
)
# A list item's mark in a pasted copy or a letter's plain text: "- ", "* ", "• " before a sentence. (Not a number:
# "1. FC Köln won ..." opens a German sentence; not a dash: "— We are glad, — he said." is direct speech.)
_LIST_MARK = re.compile(r"^[-*\u2022\u00b7\u2023\u25aa\u25cf]\s+(?=[\w\"'\u201c\u2018\u00ab(])")
_LIST_MARK_FIRST = frozenset("-*\u2022\u00b7\u2023\u25aa\u25cf")
# A caption's label ("Impressive results: ...", "Pictured: ..."); not a speaker ("Mr Smith said: ...").
_LABEL = re.compile(r"^[A-Z][\w'\u2019-]*(?:\s+[\w'\u2019-]+){0,3}:\s+(?=[A-Z\"'\u2018\u201c])")
_SPEAKER = re.compile(r"\b(?:said|says|told|added|wrote|explained|continued|tweeted|asked|warned|claimed)\b", re.I)
# Every alternative of the cruft expression, with lower-cased substrings one of which is in every text it matches
# (in a case-safe text, where re.IGNORECASE matches ASCII letters only to ASCII letters). On other texts the
# expression runs whole; on case-safe ones only the alternatives whose substring is there, ~1 us each rather than
# the whole expression's 20-40 us a sentence (hints such as "read" in "already" or "author" in "authorities").
_CRUFT_PARTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        r"\b(?:click here|read more|sign up|subscribe|newsletter|follow us|share this|scroll down|"
        r"share your (?:videos|photos|pictures|stories|story|experiences?)|"
        r"watch the video|download the app|all rights reserved|terms of use|privacy policy)\b",
        (
            *("click here", "read more", "sign up", "subscribe", "newsletter", "follow us", "share this", "share your"),
            *("scroll down", "watch the video", "download the app", "all rights reserved", "terms of use"),
            "privacy policy",
        ),
    ),
    (
        r"\b(?:photo|picture|image|video|graphic|illustration)s?\s*(?:copyright|credit|courtesy)\b",
        ("copyright", "credit", "courtesy"),
    ),
    (
        r"\((?:photo|picture|image)s?\s*(?::|by\b|credit)[^)]*\)|\(credit\b[^)]*\)",
        ("(photo", "(picture", "(image", "(credit"),
    ),
    (
        r"\b(?:getty images|reuters/|afp/|ap photo|shutterstock|epa/)",
        ("getty images", "reuters/", "afp/", "ap photo", "shutterstock", "epa/"),
    ),
    (r"\|\s*(?:updated|published)\b", ("|",)),
    (r"@\w+|https?://|www\.|\u00a9", ("@", "http", "www.", "\u00a9")),
    (r"\bfollow (?:us|\w+ on)\b", ("follow ",)),
    (r"\b(?:email|contact) the author\b|\bauthor archive\b", ("the author", "author archive")),
    (r"\bmin(?:ute)?s? read\b", (" read",)),
    (r"\bexternal (?:links?|sites?)\b|\baffiliate (?:links?|commission)\b", ("external ", "affiliate ")),
    (r"\bearn (?:a|an) (?:\w+ )?commission\b", ("commission",)),
    (
        r"\bopinions expressed\b|\bsupported by (?:its |our )?(?:audience|readers)\b",
        ("opinions expressed", "supported by "),
    ),
    (
        r"\s(?:>|\u203a|\u00bb)\s[^.!?]*\s(?:>|\u203a|\u00bb)\s|\byou are here\b",
        (">", "\u203a", "\u00bb", "you are here"),
    ),
    (r"(?:^|[/|\u2022\u00b7]\s*)\d+\s+comments?\b", ("comment",)),
    (r"/\s*by\s", ("/",)),
    # An agency's closing credit: "Associated Press writer Jan Nowak contributed to this report."
    (r"\bcontributed(?: reporting)? to (?:this|the) (?:report|story|article)\b", ("contributed",)),
    # A sponsor's read in a podcast's or newsletter's notes: "Use code ATP for 10% off", "This episode is sponsored
    # by:", "Sponsored by Harbour Mattress.", "Start your free 30-day trial" (not "A bill sponsored by Senator ...",
    # nor "Sponsored by the foundation, the audit found ...").
    (
        r"\b(?:use|with|enter) (?:the )?(?:promo |coupon |discount |offer )?code\b|\bpromo code\b|\bsponsored by:"
        r"|^(?:this \w+(?: of [\w ]{1,40})? is )?sponsored by [^,;:.!?]{1,40}[.!]?$|\bfree (?:\d+[- ]day )?trial\b",
        ("code", "sponsored", "free trial", "day trial"),
    ),
)
_CRUFT = re.compile("|".join(part for part, _ in _CRUFT_PARTS), re.IGNORECASE)
_CRUFT_ALTERNATIVES = tuple((hints, re.compile(part, re.IGNORECASE)) for part, hints in _CRUFT_PARTS)
_COMMENTS = next(pattern for hints, pattern in _CRUFT_ALTERNATIVES if hints == ("comment",))
# Cheap substrings that must be present before the expression above is worth running (it is slow). One of
# them is in every match ("read" stands for "read more", "/" for "reuters/").
_CRUFT_HINTS = (
    "click",
    "sign up",
    "subscri",
    "newsletter",
    "share this",
    "share your",
    "scroll",
    "watch the",
    "download",
    "rights reserved",
    "terms of",
    "privacy",
    "copyright",
    "credit",
    "courtesy",
    "getty",
    "ap photo",
    "shutterstock",
    "http",
    "www.",
    "@",
    "(photo",
    "(picture",
    "(image",
    "\u00a9",
    "follow",
    "author",
    "you are here",
    "comment",
    "/",
    "read",
    "external",
    "affiliate",
    "commission",
    "opinions",
    "supported",
    ">",
    "\u203a",
    "\u00bb",
    "|",
    "contributed",
    "code",
    "sponsored",
    "free trial",
    "day trial",
)
# Pieces the hints share, each rarer in a sentence than its hints together: 25 scans of most sentences, not 45.
_CRUFT_PIECES = (
    *("tt", "(", "tri", "are ", "cr", "ig", "rte", "comm", "ons", "ow", "ho", "ter", "li"),
    *("\u00a9", "\u203a", "\u00bb", "|", "@", "/", ">", "watch the", "privacy", "code", "www.", "read"),
)
_CRUFT_HINT_GROUPS = hint_groups(_CRUFT_HINTS, _CRUFT_PIECES)
_OTHER_HINTS = tuple(hint for hint in _CRUFT_HINTS if hint != "comment")
_CRUFT_START = re.compile(
    r"\s*(?:published|updated|last updated|posted)\b\s*:?"
    r"|\s*(?:image|photo|picture|caption|credit|source)\s*:"
    r"|\s*(?:advertisement|related|more:|see also|editor'?s note)",
    re.IGNORECASE,
)
_BYLINE = re.compile(
    r"^\s*(?:By|BY)\s+[A-Z][\w'.-]+(?:\s+[A-Z][\w'.-]+){0,3}\s*"
    r"(?:,\s*[A-Z]|\||$|\d|(?:and|for|on|at)\s+[A-Z0-9]|[-\u2013\u2014\u2022\u00b7/]\s)"
)
# A short line with a date and no full stop: "Nov 19, 2019 at 6:46 pm ET", "19 November 2019 | By: Staff".
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATE_LINE = re.compile(
    r"\b(?:" + _MONTH + r"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|\d{1,2}\s+" + _MONTH + r"\s+\d{4}|\d{4}-\d\d-\d\d)\b"
)
# A photo caption ends on the date the picture was taken: "A cyclist rides past the plant, November 19, 2019."
_CAPTION_DATE = re.compile(
    r",\s*(?:on\s+)?(?:" + _MONTH + r"\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+" + _MONTH + r"\s+\d{4})\.?$"
)
# A short line with a slash and no full stop: a photo credit ("Jane Roe / Reuters file") or a menu.
_SLASHED = re.compile(r"^[^.!?]{0,80}\s/\s[^.!?]{0,80}$")
# Attribution tails that add words but no facts: ", police said.", ", he told the BBC."
_TAIL = re.compile(
    r",\s+(?:(?:he|she|they|it|police|officials|authorities|the (?:\w+ ){0,2}\w+)\s+"
    r"(?:said|says|added|told [\w ]{1,30}|explained|claimed|reported)"
    r"|(?:said|says|according to)\s+[\w .'-]{1,60}?)"
    r"(?:\s+(?:on|in|last|this)\s+\w+)?(?=[.!?][\"'\u201d\u2019]?$)"
)

# One of these is in every tail _TAIL matches (it is case-sensitive): without them it is not tried.
_TAIL_WORDS = ("said", "says", "added", "told ", "explained", "claimed", "reported", "according to")


def strip_lead(sentence: str, labels: bool = True) -> str:
    """Remove a list's mark, dateline, (CNN), byline, 'Scroll down' or caption label ('Critical: ') from its start."""
    if sentence[:1] in _LIST_MARK_FIRST:
        sentence = _LIST_MARK.sub("", sentence, count=1)  # "- Bus fares will rise ...": the point, not its mark
    lead = _LEAD_CRUFT.match(sentence)
    out = sentence[lead.end() :] if lead else sentence
    match = _DATELINE.match(out)
    if match and len(out) - match.end() > 20:
        out = out[match.end() :]
    if labels and ":" in out:  # the label's colon; without one the pattern is not tried
        label = _LABEL.match(out)
        if label and not _SPEAKER.search(label.group(0)) and len(out) - label.end() > 20:
            out = out[label.end() :]
    return out.strip()


def trim_tail(sentence: str) -> str:
    """Drop an attribution tail (', police said.') from a sentence that is not a quote."""
    if sentence[:1] in "\"'\u201c\u2018":
        return sentence
    if "," not in sentence or not contains_any(sentence, _TAIL_WORDS):
        return sentence.strip()  # what the pattern leaves of a sentence without its comma or verbs
    return _TAIL.sub("", sentence).strip()


# A sentence that only says someone would not comment tells no story: "The authority declined to comment.", "The
# operator did not immediately respond to a request for comment.", "Die Firma wollte sich nicht dazu äußern."
_NO_COMMENT = re.compile(
    r"^(?:[^\W\d][\w'\u2019.&-]*\s+){1,8}?(?:"
    r"(?:declined|refused|did not wish|did not want|didn't want) to (?:comment|be interviewed)|"
    r"(?:did not|didn't|could not|couldn't|has not|hasn't|have not|haven't|was not|wasn't|were not|weren't|"
    r"did not immediately|could not immediately)\s+(?:immediately\s+)?(?:respond|reply|return|be reached|"
    r"(?:be )?available)\b[^.!?]{0,60}\bcomments?\b|"
    r"(?:wollte|wollten) sich (?:dazu |zunächst )?nicht (?:äußern|dazu äußern)|"
    r"(?:n'a|n'ont) pas (?:souhaité|voulu|répondu)[^.!?]{0,40}\bcomment|"
    r"(?:declinó|declinaron|rehusó) (?:hacer )?comentari|no respondi(?:ó|eron)[^.!?]{0,40}\bcomentari"
    r")[^.!?]{0,30}[.!]$",
    re.I,
)
_NO_COMMENT_HINTS = ("comment", "äußern", "comentari", "respond", "reached", "interview")  # one in every match
_NO_COMMENT_WORDS = 25


# A sentence that only announces what follows: "Here's how it works.", "Here is what riders need to know.", "Voici
# ce qu'il faut savoir.", "Esto es lo que sabemos.", "Das müssen Sie wissen.": the lines under it tell the story.
_ANNOUNCES = re.compile(
    r"^(?:here(?:'s|\u2019s| is| are)|and here(?:'s|\u2019s| is)) (?:what|how|why|where|who|when|everything|all you)\b"
    r"|^voici (?:ce qu|comment|pourquoi|tout ce qu)|^(?:esto|esta) es (?:lo que|como|cómo)|^así (?:es como|funciona)"
    r"|^(?:das|dies) (?:müssen|sollten) sie wissen|^so funktioniert|^(?:veja|saiba) (?:o que|como)"
    r"|^ecco (?:cosa|come|perché)",
    re.IGNORECASE,
)
_ANNOUNCE_WORDS = 14
_ANNOUNCE_OPENERS = " \"'\u201c\u2018"
# Every character _ANNOUNCES can open with: the first letters of its alternatives ("here", "and here", "voici",
# "esto", "das", "so", ...) in either case, and the long s, which re.IGNORECASE matches to "s"
# (tests/test_text_fastpaths.py checks it against the pattern over every code point).
_ANNOUNCE_FIRSTS = frozenset("aAdDeEhHsSvV\u017f")


def says_no_comment(sentence: str) -> bool:
    """Tell whether a sentence only says that someone did not comment (no key point, though news)."""
    lower = sentence.lower()
    return (
        contains_any(lower, _NO_COMMENT_HINTS)
        and len(sentence.split()) <= _NO_COMMENT_WORDS
        and _NO_COMMENT.match(sentence.strip()) is not None
    )


def tells_no_story(sentence: str) -> bool:
    """Tell whether a sentence is no key point, though its words are the story's.

    It says someone did not comment (:func:`says_no_comment`), or it only announces what follows ("Here is what
    riders need to know.").
    """
    opening = sentence.lstrip(_ANNOUNCE_OPENERS)
    if (
        opening[:1] in _ANNOUNCE_FIRSTS  # (most sentences: no split, no pattern)
        and len(sentence.split()) <= _ANNOUNCE_WORDS
        and _ANNOUNCES.match(opening)
    ):
        return True
    return says_no_comment(sentence)


def is_cruft(sentence: str) -> bool:
    """Tell whether a sentence is page furniture rather than news (byline, caption, credit, call to action)."""
    text = sentence.strip()
    if len(text) < 2:
        return True
    if text.isupper() and len(text) > 4:
        # All capitals: a section label, a caption credit or a shouted call to action, not a sentence of news.
        return True
    if _BYLINE.match(text) or _CRUFT_START.match(text) or (len(text) < 120 and "/" in text and _SLASHED.match(text)):
        return True
    if text[-1] not in ".!?\"'\u201d\u2019" and len(text.split()) <= 14 and _DATE_LINE.search(text):
        return True
    if "," in text and _ends_with_year(text) and _CAPTION_DATE.search(text):
        return True
    lower = text.lower()
    if not contains_any_grouped(lower, _CRUFT_HINT_GROUPS):
        return False  # (none of _CRUFT_HINTS)
    return _has_cruft(text, lower)


def _has_cruft(text: str, lower: str) -> bool:
    """Tell whether the cruft expression finds something in ``text`` (``lower`` is ``text.lower()``)."""
    if not case_safe(text):
        return bool(_CRUFT.search(text))
    if not contains_any(lower, _OTHER_HINTS):
        # Only "comment" ("declined to comment", the hint most sentences of news hold): its one alternative.
        return bool(_COMMENTS.search(text))
    return any(contains_any(lower, hints) and alternative.search(text) for hints, alternative in _CRUFT_ALTERNATIVES)


def _ends_with_year(text: str) -> bool:
    """Tell whether ``text`` ends with four digits, or four digits and a full stop (as a caption's date does)."""
    return (text[:-1] if text.endswith(".") else text)[-4:].isdigit()


# Stage directions for photographs: "(pictured)", "(left)", "(pictured, centre, in 2012)".
_PHOTO_PAREN = re.compile(
    r" ?\((?=[^()]{0,30}\))\s*(?:pictured|picture|left|right|centre|center|above|below|inset|top|bottom|"
    r"file photo|seen here|circled|second from|far left|far right|from left)(?![\w-])[^()]*\)",
    re.IGNORECASE,
)
# Only connectives whose removal leaves a sentence ("So far, ..." or "Also killed was ..." would not).
_CONNECTIVE = re.compile(r"^(?:But|And|Yet|(?:However|Meanwhile|Indeed|Instead|Now),)\s+(?=\w)")


def compress(sentence: str, connectives: bool = True) -> str:
    """Drop words that carry no news: photo stage directions and a leading connective ('But', 'However,')."""
    out = _PHOTO_PAREN.sub("", sentence) if "(" in sentence else sentence
    if connectives:
        match = _CONNECTIVE.match(out)
        cut = out[match.end() :] if match else out
        if cut != out and cut:
            out = cut[0].upper() + cut[1:]
    return out
