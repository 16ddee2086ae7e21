"""Split datelines (``WASHINGTON DC:``, ``KYIV, Ukraine (AP) \u2014``, ``LONDON (Reuters) -``) off paragraphs."""

from __future__ import annotations

import re

_WORD = re.compile(r"[\w'\u2019+\-]+")
_AGENCY = r"\((?:[A-Z][\w.&' -]{0,30})\)"
_PLACE_CAPS = r"[A-Z][A-Z.'\u2019\- ]{1,40}[A-Z.]"
_REGION = r"(?:,\s*[A-Z][\w.'\u2019\- ]{1,30}?)?"
_DAY = r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"
_DASH = r"\s*[\u2014\u2013-]{1,2}\s*"
_DATELINES = (
    # WASHINGTON DC:<no-break space> / LONDON: (capitals then a colon)
    re.compile(rf"^(?P<place>{_PLACE_CAPS}{_REGION}{_DAY})\s*(?:{_AGENCY})?\s*:[\s\u00a0]+(?=\S)"),
    # KYIV, Ukraine (AP) — / LONDON (Reuters) - / NEW YORK, Oct 17 (Reuters) -
    re.compile(rf"^(?P<place>{_PLACE_CAPS}{_REGION}{_DAY})\s*(?:{_AGENCY})?{_DASH}(?=\S)"),
    # Dekalb, Ill. \u2014 / Indianapolis \u2013 (title-case place, only with a dash and an agency or a short name)
    re.compile(
        rf"^(?P<place>[A-Z][a-z]+(?:\s[A-Z][a-z]+){{0,2}},\s*[A-Z][\w.]{{1,12}}\.?)\s*(?:{_AGENCY})?\s*[\u2014\u2013]\s*(?=\S)"
    ),
    re.compile(rf"^(?P<place>[A-Z][a-z]+(?:\s[A-Z][a-z]+){{0,2}})\s*(?:{_AGENCY}\s*)?[\u2014\u2013]\s*(?=[A-Z])"),
    # (Reuters) — without a place
    re.compile(rf"^(?P<place>){_AGENCY}{_DASH}(?=\S)"),
)


def split_dateline(paragraph: str) -> tuple[str | None, str]:
    """Split a leading dateline (``WASHINGTON DC:``, ``KYIV, Ukraine (AP) —``) off ``paragraph``.

    Returns the dateline's place (None when there is none) and the paragraph without it.
    """
    for pattern in _DATELINES:
        m = pattern.match(paragraph)
        if m is None:
            continue
        rest = paragraph[m.end() :].lstrip()
        place = " ".join(m["place"].split()).strip(" ,")
        first = rest[:1]
        if len(_WORD.findall(rest)) < 3 or not (first.isupper() or first.isdigit() or first in "\"\u201c\u2018'"):
            continue
        if pattern is _DATELINES[3] and len(_WORD.findall(place)) > 2:
            continue
        return (place or None), rest
    return None, paragraph
