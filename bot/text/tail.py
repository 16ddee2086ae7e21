"""Find where an article ends in pasted text: the author's bio or an "About the author" box after it."""

from __future__ import annotations

import re

from bot.text.asciiwords import case_safe
from bot.text.clean import is_prose, word_count, words

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
# A closing bio: a name, then what the person does for a living, in the paragraph's first words.
_BIO = re.compile(
    r"^(?:[A-Z][\w.'\u2019-]+ ){1,3}(?:is|was|has been|serves as)\b[^.]{0,80}?\b(?:writer|reporter|editor|journalist|"
    r"correspondent|contributor|author|columnist|producer|freelancer?|photographer|analyst at|blogger)s?\b"
)
_BIO_LOOK = 4


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
    return end


def _is_boilerplate(line: str) -> bool:
    # Only "forward-looking statements" can match away from the line's start: without it, match() says as much
    # as search() at a fraction of the cost on a long paragraph.
    if case_safe(line) and "forward-looking statements" not in line.lower():
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
    return {w for w in words(text) if len(w) > 2 and w[:1].isupper() and w[1:].islower()}
