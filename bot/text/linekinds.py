"""Tell what one line of a pasted news page is: article text, or which kind of page furniture.

Every rule here is about the shape of a line (its words, length, capitals, punctuation), never about a site.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from enum import StrEnum
from functools import lru_cache

from bot.text.asciiwords import ascii_separated, byte_table, case_safe, count_ascii
from bot.text.dates import search_dates

# Any fixed reference will do: the classifier only asks whether a line holds a date, not which.
_REFERENCE = datetime(2000, 1, 1, tzinfo=UTC)


class Kind(StrEnum):
    """What a line of a pasted page is."""

    TEXT = "text"
    DATE = "date"
    BYLINE = "byline"
    READING_TIME = "reading-time"
    BUTTONS = "buttons"
    SHARE = "share"
    ADVERT = "advert"
    CAPTION = "caption"
    MORE = "more"
    SUBSCRIBE = "subscribe"
    COMMENTS = "comments"
    NUMBER = "number"
    LINK = "link"
    COPYRIGHT = "copyright"
    FOLLOW = "follow"


_SHARE_WORDS = frozenset(
    str.split(
        """
    share shares sharing shared tweet facebook twitter x linkedin whatsapp email e-mail mail print pinterest reddit
    flipboard pocket messenger telegram copy link comments comment mix tumblr google+ google odnoklassniki vk this
    on via with to article story the options all submit sms url short get save bookmark instagram youtube rss
    snapchat threads bluesky mastodon gmail outlook more a friend opens in new window click cetak surat elektronik
    teilen partager compartir condividi gift reprints order copied or and for page is caring
    """
    )
)
# A share bar has a word starting with one of these; the regex finds one in the line before it is split.
_SHARE_STARTS = tuple(
    str.split(
        "share shar tweet facebook twitter whatsapp linkedin email pinterest reddit copy print e-mail mail flipboard "
        "telegram messenger teilen partager compartir cetak surat google pocket mix tumblr odnoklassniki instagram "
        "youtube rss sms gift"
    )
)
_SHARE_HINT = re.compile("|".join(re.escape(start) for start in _SHARE_STARTS))
_SHARE_SPLIT = re.compile(r"[\s,|/•·]+")
_SHARE_FOR = re.compile(r"^shar(?:e|ing)\b.{0,40}\bfor:", re.I)  # "Share All sharing options for: <headline>"
_BUTTONS = re.compile(
    r"^(?:(?:[Aa][+\-\u2212]?|[+\-\u2212]?[Aa]|T[+\-\u2212]?)\s*)+$|^(?:text|font)\s*size\b.{0,20}$", re.I
)
_READING = re.compile(
    r"^(?:reading\s+time\s*:?\s*)?(?:about\s+)?\d{1,3}\s*(?:-|to\s+)?\s*(?:\d{1,3}\s*)?(?:min(?:ute)?s?|m)\.?\s*"
    r"(?:read(?:ing)?|listen|watch)?(?:\s+time)?\.?$|^(?:reading|read)\s+time\b.{0,25}$|^\d+\s+min\s+read\b|"
    r"^(?:word\s*count|words)\s*:?\s*[\d,]+$",
    re.I,
)
_ADVERT = re.compile(
    r"^(?:advertisement|advertising|advert|ads?|sponsored(?:\s+content|\s+links?)?|promoted|paid\s+content|"
    r"adchoices|iklan|anzeige|werbung|publicité|publicidad|pubblicità|reklama|story continues below(?: advertisement)?|"
    r"continue reading(?: the main story| below)?|skip (?:advert|ad)(?:vertisement)?|ad feedback|report (?:this )?ad)"
    r"\W*$",
    re.I,
)
_BYLINE = re.compile(r"^(?:by|von|par|por|di|oleh|door|av|written\s+by|posted\s+by|words\s+by|story\s+by)\b\s*", re.I)
_CAPTION_START = re.compile(
    r"^(?:\(?(?:photo|image|picture|pic|foto|bild|credit|photograph|illustration|video|graphic|source|gallery)s?"
    r"(?:\s+(?:credit|caption|copyright|source)s?\b|\s*(?::|\.\.\.|\u2026|\bby\b|\d+\s+of\b|/))|"
    r"image\s+\d|caption\b|close\b|expand\b|enlarge\b|media caption|"
    r"hide caption|toggle caption|view (?:gallery|slideshow|image)|\d+\s*/\s*\d+$|"
    r"(?:advertisement\s*)?(?:video|watch|listen)\s*:)",
    re.I,
)
_AGENCIES = (
    r"(?:getty(?: images)?|shutterstock|afp|ap|ap photo|associated press|reuters|epa|istock(?:photo)?|alamy|file)"
)
_CREDIT_END = r")\W*(?:file)?\W*$"
# The last word (lower-cased) of any line that _CREDIT_LEAD matches: an agency's last word, a trailing "images"
# or "photo" with "file" run on, or an agency run on after "via" ("viaReuters").
_LEAD_AGENCIES = ("getty", "shutterstock", "afp", "ap", "reuters", "epa", "istock", "istockphoto", "alamy", "file")
_CREDIT_LEAD_ENDS = frozenset(
    (*_LEAD_AGENCIES, "images", "image", "photo", "press", "photofile", "imagefile", "imagesfile")
) | {f"via{agency}" for agency in _LEAD_AGENCIES}
_LAST_WORD_REVERSED = re.compile(r"\W*(\w*)")
_CREDIT = re.compile(
    r"(?:\b(?:credit|photo|image|photograph|picture)s?\s*(?::|\.\.\.|\u2026|by)\s*[^.]{2,80}|"
    r"\(\s*(?:image|photo)s?:[^)]*\)|"
    r"\([^()]{2,60}/[^()]{2,60}\)|"  # (Agency/Photographer)
    rf"[/|(]\s*(?:[\w .'-]*/\s*)?{_AGENCIES}\b[^.()]{{0,40}}\)?|"
    r"\u00a9[^.]{0,60}" + _CREDIT_END,
    re.I,
)
# The credit that opens the line ("Jane Doe / Reuters"), apart: it can only match at the start.
_CREDIT_LEAD = re.compile(
    rf"(?:^(?:[\w .'-]{{0,40}}(?:[|/,]|\bvia)\s*)?{_AGENCIES}\b(?:\s*(?:images?|photo))?" + _CREDIT_END, re.I
)
_NOTICE = re.compile(
    r"(?:requires javascript|enable javascript|your browser (?:does not|doesn't) support|"
    r"^\[\w+[^\]]*=[^\]]*\]|\bclick(?:ing)? here\b|\btap here\b|"
    r"^to (?:read|continue reading|keep reading) (?:the )?(?:full|whole|rest of (?:the|this)) (?:story|article))",
    re.I,
)
_CONTACT = re.compile(r"(?:[\w.+-]+@[\w-]+\.[\w.]+|\B@\w{2,})", re.I)
# "Reach the reporter at https://...": a contact line that gives a link instead of an address.
_CONTACT_LINK = re.compile(r"^(?:reach|follow|contact|email|e-mail|write to)\b.{0,80}(?:https?://|www\.)", re.I)
# An affiliate-link disclosure: "If you buy through our links we may earn a commission."
_DISCLOSURE = re.compile(
    r"\b(?:may|might|could|will)\s+(?:earn|receive|get|be paid)\s+"
    r"(?:an?\s+)?(?:small\s+)?(?:share|affiliate|commission)",
    re.I,
)
# "Opinions expressed by contributors are their own": the site's disclaimer, not the article.
_DISCLAIMER = re.compile(
    r"\b(?:views|opinions)\s+expressed\b.{0,80}\b(?:are\s+(?:their|his|her|the\s+author'?s?)\s+own|"
    r"do\s+not\s+necessarily\s+reflect)",
    re.I,
)
_DISCLOSURE_WORDS = 12
_CAPTION_LIMIT = 60
_CONTACT_WORDS = re.compile(r"\b(?:follow|email|e-mail|contact|reach(?:ed)?|write to|tips?)\b", re.I)
_MORE = re.compile(
    r"^(?:you are (?:here|at)\b|read more|more:|read also|also read|"
    r"see also|related(?:\s+\w+)?:?|recommended|read next|up next|next:|"
    r"more from|more on|more stories|most (?:popular|read|shared|viewed)|trending|popular|you (?:may|might) (?:also )?"
    r"like|previous(?: article| post)?|next(?: article| post)?|«|\u2039|tags?:|topics?:|filed under|categories:|"
    r"in this article|"
    r"related (?:roundup|topics|tags|articles|stories|posts|coverage)|story timeline|what to read next|"
    r"don't miss|more in|latest|top stories|watch next|more news|editor'?s picks|listen:|download:)",
    re.I,
)
# Imperative menu and promotion lines: "Watch live", "Read the magazine", "Support us".
_PROMO = re.compile(r"^(?:read|watch|listen|subscribe|shop|download|join|support|sign|get|see|view)\b(?!:)", re.I)
_PROMO_WORDS = 6
_MORE_END = re.compile(r"\bmore\s*[\u00bb\u203a>]*$", re.I)
_SUBSCRIBE = re.compile(
    r"\b(?:newsletters?|subscribe|subscription|subscribing|sign(?:ed)?\s*up|sign\s*in|log\s*in|unsubscribe|"
    r"inbox|e-?mail alerts|opt-in|breaking news emails|notifications|download (?:the|our) app|privacy policy|"
    r"user agreement|terms of (?:use|service)|cookies?)\b",
    re.I,
)
_COMMENTS = re.compile(
    r"^(?:(?:new,\s*)?\d+\s+comments?|leave a (?:comment|reply)|view comments|post a comment|comments?|"
    r"show comments|add a comment|\[\s*\d+\s+comments?\s*\]|join the (?:conversation|discussion)|top rated comments|"
    r"\(view all\)|discussion|"
    # The same box in other languages: comments, reviews, "add a comment".
    r"kommentare?|commentaires?|comentarios?|commenti|коммент\w*|отзыв\w*|добавить (?:отзыв|комментарий)|"
    r"\d+\s+(?:kommentare?|commentaires?|comentarios?|commenti)|コメント|댓글)\W*$",
    re.I,
)
_FOLLOW = re.compile(
    r"^(?:follow (?:us|me|him|her|them|[\w.]+(?: [\w.]+)?) on\b|follow\b.{0,30}$|like us on|find us on|"
    r"@\w+$|[\w.+-]+@[\w-]+\.[\w.]+$|click here\b|tap here\b|get (?:the|our) app|print(?: this)? article$)",
    re.I,
)
_FOLLOW_ON = re.compile(r"^follow\s+@?[\w.]+(?:\s+[\w.]+)?\s+on\s+(?:twitter|facebook|instagram|x|linkedin)\b", re.I)
_COPYRIGHT = re.compile(r"^(?:©|\(c\)|copyright\b|ⓒ)|all rights reserved|무단전재|alle rechte vorbehalten", re.I)
_LINK = re.compile(r"^(?:https?://|www\.)\S+$", re.I)
_NUMBER = re.compile(r"^[\d\s.,:/|#()+\-\u2013\u2014%]*$")

# "— Jane Doe (@janedoe) November 15, 2019": the signature line under an embedded social-media post.
_EMBED_SIGNATURE = re.compile(r"^[\u2014\u2013-]\s*[^()]{1,80}\(@\w{1,30}\)\s+\w+\.? \d{1,2},? \d{4}$")
_MORE_LABEL = re.compile(r"^[\w ]{2,20}:")
_WORD = re.compile(r"[\w'\u2019+\-]+")

# Words one of which a line must hold (lower-cased) for the expression beside them to match it. The test is
# only sure where no character matches an ASCII letter under re.IGNORECASE (a dotless i matches "i"): lines
# with one (see bot.text.asciiwords.case_safe) always run the expression.
_CREDIT_HINTS = ("credit", "photo", "image", "picture", "(", "/", "|", "\u00a9")
_NOTICE_HINTS = ("javascript", "your browser", "click", "tap here")
_DISCLOSURE_HINTS = ("share", "affiliate", "commission")
_SUBSCRIBE_HINTS = tuple(
    str.split(
        "newsletter|subscri|sign|log|inbox|mail alerts|opt-in|breaking news emails|notifications|download|"
        "privacy policy|user agreement|terms of|cookie",
        "|",
    )
)
_COPYRIGHT_STARTS = ("\u00a9", "(c)", "copyright", "\u24d2")
_COPYRIGHT_HINTS = ("all rights reserved", "\ubb34\ub2e8\uc804\uc7ac", "alle rechte vorbehalten")


# Every pattern classify_line matches at a line's start, as one: when it fails, none of them can match, and the
# line (most often a paragraph of the article) is spared a dozen separate attempts.
_ANCHORED = re.compile(
    "|".join(
        f"(?{'i' if p.flags & re.I else ''}:{p.pattern})"
        for p in (
            _NUMBER,
            _BUTTONS,
            _READING,
            _ADVERT,
            _LINK,
            _SHARE_FOR,
            _COMMENTS,
            _FOLLOW,
            _FOLLOW_ON,
            _EMBED_SIGNATURE,
            _BYLINE,
            _CAPTION_START,
            _MORE,
            _CONTACT_LINK,
            _PROMO,
        )
    )
)
# What _WORD takes into a word, for the ASCII fast paths.
_WORD_BYTES = byte_table("_'+-")
_WORD_CHARS = frozenset(chr(b) for b in range(128) if _WORD_BYTES[b] != 32)


def words(line: str) -> list[str]:
    """Return the words of ``line`` (runs of letters, digits and apostrophes)."""
    return _WORD.findall(line)


@lru_cache(maxsize=16384)
def word_count(line: str) -> int:
    """Return how many words :func:`words` finds in ``line``."""
    return _count_words(line)


def word_test(lines: Sequence[str]) -> Callable[[str], bool]:
    """Return a test telling whether a lower-cased word is one of the words of ``lines``, lower-cased."""
    plain_lines = []
    others: set[str] = set()  # the words of lines that are not ASCII
    for line in lines:
        plain = ascii_separated(line)
        if plain is None:
            others.update(map(str.lower, _WORD.findall(line)))
        else:
            plain_lines.append(plain)
    lower = " ".join(plain_lines).lower()

    def found(word: str) -> bool:
        if word in others:
            return True
        if not word.isascii():
            return False  # every word of ASCII text is ASCII
        # Only a few words are asked about: look for each as a whole word rather than list all of them.
        at = lower.find(word)
        while at >= 0:
            end = at + len(word)
            if (at == 0 or lower[at - 1] not in _WORD_CHARS) and (end == len(lower) or lower[end] not in _WORD_CHARS):
                return True
            at = lower.find(word, at + 1)
        return False

    return found


def _count_words(line: str) -> int:
    plain = ascii_separated(line)
    if plain is not None:
        return count_ascii(plain, _WORD_BYTES)  # no list of str made for a count
    return len(_WORD.findall(line))


def _has(lower: str, hints: tuple[str, ...]) -> bool:
    return any(hint in lower for hint in hints)


def _is_share(text: str, lower: str) -> bool:
    if not _SHARE_HINT.search(lower):
        return False  # no word can start like a share button's (a cheap test before the split)
    tokens = [t.lower().strip(":!?.()[]") for t in _SHARE_SPLIT.split(text) if t.strip(":!?.()[]")]
    if not tokens or len(tokens) > 14:
        return False
    if not any(t.startswith(_SHARE_STARTS) for t in tokens):
        return False
    rest = [t for t in tokens if t not in _SHARE_WORDS and not t.isdigit()]
    # "Share All sharing options for: <headline>" keeps the headline's words: allow them after "for".
    if rest and tokens[0].startswith("shar") and "for" in tokens:
        return True
    return not rest


@lru_cache(maxsize=8192)
def classify_line(line: str) -> Kind:
    """Return what kind of line ``line`` is; TEXT for anything that may be article text."""
    text = " ".join(line.split())
    if not text:
        return Kind.NUMBER
    lower = text.lower()
    plain = case_safe(text)  # see the hints above
    n_words = word_count(text)
    at = _ANCHORED.match(text) is not None  # False: none of the start-anchored patterns below can match
    if at and _NUMBER.match(text) and not search_dates(text, reference=_REFERENCE):
        return Kind.NUMBER
    if at and _BUTTONS.match(text):
        return Kind.BUTTONS
    if at and _READING.match(text):
        return Kind.READING_TIME
    if at and _ADVERT.match(text):
        return Kind.ADVERT
    if at and _LINK.match(text):
        return Kind.LINK
    if (n_words <= 14 and _is_share(text, lower)) or (at and _SHARE_FOR.match(text)):
        return Kind.SHARE
    if at and _COMMENTS.match(text):
        return Kind.COMMENTS
    if len(text) <= 200 and _is_copyright(text, lower, plain):
        return Kind.COPYRIGHT
    if at and ((n_words <= 12 and _FOLLOW.match(text)) or _FOLLOW_ON.match(text)):
        return Kind.FOLLOW
    if at and _EMBED_SIGNATURE.match(text):
        return Kind.TEXT  # an embedded post's signature belongs with the quoted post, as the article shows it
    if _is_dateish(text, n_words):
        return Kind.DATE
    if at and n_words <= 12 and _BYLINE.match(text) and not text.endswith((".", "?", "!")):
        return Kind.BYLINE
    if (at and _CAPTION_START.match(text)) or (
        n_words <= 40 and not lower.startswith(("“", '"')) and _is_credit(text, lower, plain)
    ):
        return Kind.CAPTION
    if at and (n_words <= 8 or (n_words <= 25 and _MORE_LABEL.match(text))) and _MORE.match(text):
        return Kind.MORE
    if (
        n_words <= 25
        and (not plain or _has(lower, _NOTICE_HINTS) or lower.startswith(("[", "to ")))
        and _NOTICE.search(text)
    ):
        return Kind.SUBSCRIBE
    if n_words <= 40 and (
        ("@" in text and _CONTACT.search(text) and _CONTACT_WORDS.search(text)) or (at and _CONTACT_LINK.match(text))
    ):
        return Kind.FOLLOW
    if _is_disclaimer(text, lower, plain, n_words):
        return Kind.ADVERT
    if n_words <= 30 and (not plain or _has(lower, _SUBSCRIBE_HINTS)) and _SUBSCRIBE.search(text):
        return Kind.SUBSCRIBE
    if n_words <= _PROMO_WORDS and ((at and _PROMO.match(text)) or _MORE_END.search(text)):
        return Kind.MORE
    return Kind.TEXT


def _last_word(text: str) -> str:
    """Return the last run of word characters in ``text``, lower-cased."""
    found = _LAST_WORD_REVERSED.match(text[::-1])
    return found.group(1)[::-1].lower() if found else ""


def _is_copyright(text: str, lower: str, plain: bool) -> bool:
    if plain and not (lower.startswith(_COPYRIGHT_STARTS) or _has(lower, _COPYRIGHT_HINTS)):
        return False
    return bool(_COPYRIGHT.search(text))


def _is_credit(text: str, lower: str, plain: bool) -> bool:
    if (not plain or _last_word(text) in _CREDIT_LEAD_ENDS) and _CREDIT_LEAD.match(text):
        return True
    return (not plain or _has(lower, _CREDIT_HINTS)) and bool(_CREDIT.search(text))


def _is_disclaimer(text: str, lower: str, plain: bool, n_words: int) -> bool:
    if n_words > _CAPTION_LIMIT:
        return False
    if n_words >= _DISCLOSURE_WORDS and (not plain or _has(lower, _DISCLOSURE_HINTS)) and _DISCLOSURE.search(text):
        return True
    return (not plain or "expressed" in lower) and bool(_DISCLAIMER.search(text))


def _is_dateish(text: str, n_words: int) -> bool:
    if len(text) > 140:
        return False
    matches = search_dates(text, reference=_REFERENCE)
    if not matches:
        return False
    outside = text
    for m in reversed(matches):
        outside = outside[: m.start] + " " + outside[m.end :]
    # A date with a few words around it (a name, "Updated", a place) is a date line; a sentence is not.
    left = _count_words(outside)
    return left <= 10 and not (n_words > 12 and text.endswith(".") and left > 7)
