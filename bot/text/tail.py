"""Find where an article ends in pasted text: the author's bio or an "About the author" box after it."""

from __future__ import annotations

import re

from bot.text.clean import is_prose, words

_ABOUT = re.compile(r"^(?:about|über|à propos de|sobre|acerca de|informazioni su)\s+(?P<name>.+)$", re.I)
_ABOUT_US = re.compile(
    r"^(?:about\s+(?:the\s+)?(?:authors?|writers?|us|contributors?|reporters?)|über\s+(?:den|die)\s+autor)", re.I
)
_NAME_WORDS = 4
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
        if about and len(words(line)) <= _NAME_WORDS + 1 and _person_like(about["name"]):
            following = " ".join(lines[i + 1 : i + 3])
            if about["name"].split()[-1] in following:
                return i  # "About Jane Doe", then a paragraph about her
        if _BIO.match(line) and is_prose(line):
            return i  # "Jane Doe is a reporter at ...": a bio, not the story
        if names and not is_prose(line) and _name_keys(line) & names and len(words(line)) <= _NAME_WORDS:
            return i  # the byline's name again under the last paragraph: the author box
    return end


def _person_like(name: str) -> bool:
    parts = name.split()
    return 2 <= len(parts) <= _NAME_WORDS and all(
        p[:1].isupper() and p.replace("-", "").replace(".", "").isalpha() for p in parts
    )


def _name_keys(text: str | None) -> set[str]:
    if not text:
        return set()
    return {w for w in words(text) if len(w) > 2 and w[:1].isupper() and w[1:].islower()}
