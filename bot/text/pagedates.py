"""The publication date of a pasted page: its header's date lines, read with the page's own conventions.

A page settles what one line cannot: whether 08/01/2014 is the 8th of January (its other dates write the
day first: "27-06-2012", "4 de mayo de 2014"), and which year "March 18 at 3:57 PM" belongs to (the page's
dates that carry a year: a caption's "March 18, 2015"), never after the reference clock.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import datetime

from bot.text.dates import DateMatch, best_match, outside_dates, search_dates, with_anchor, year_anchor
from bot.text.machinedates import after_reference

_NUMERIC = re.compile(r"(?<![\d./-])(\d{1,2})([/.-])(\d{1,2})\2((?:19|20)\d\d)(?![\d/.-])")
_WORD_DMY = re.compile(r"(?<![\d.])[0-3]?\d(?:er|\.|º)?\s+(?:de\s+)?[^\W\d_]{3,15}\.?,?\s+(?:de\s+)?(?:19|20)\d\d")
_WORD_MDY = re.compile(r"(?<![\w])[^\W\d_]{3,15}\.?\s+[0-3]?\d(?:st|nd|rd|th)?,\s*(?:19|20)\d\d")
_DIGIT = re.compile(r"\d")
_LATE_CHARS = 120  # a date line below the headline is short; a long line is prose that mentions a date
_BYLINE_CHARS = 200
_PART_CHARS = 60
_PARTS = re.compile(r"\s+[|•·]\s+")
_DATE_WORDS = 3  # "Actualizado", "Updated on", a zone: words about the date, not a sentence that holds one
_WORD = re.compile(r"[^\W\d_]+")
_ENGLISH = frozenset({"the", "and", "of", "to", "in", "is", "that", "for", "was", "with", "on", "it", "he", "she"})
_ENGLISH_SHARE = 0.05  # English prose has 20-25 % of these words; a few English quotes in French do not reach 5 %
_MIN_WORDS = 40
# A time with the zone it is in: a zone of the United States says the page writes the month first (as American
# pages do), a zone of the rest of the world (Britain, Europe, Africa, IST: India, Ireland and Israel alike, Australia,
# New Zealand) the day.
_ZONED_TIME = re.compile(
    r"\d[:.]\d\d\s*(?:[aApP]\.?\s?[mM]\.?\s*)?\(?(?P<us>(?:E|C|M|P|AK|H)[SD]?T)\b|"
    r"\d[:.]\d\d\s*(?:[aApP]\.?\s?[mM]\.?\s*)?\(?(?:GMT|BST|WET|WEST|CET|CEST|EET|EEST|SAST|WAT|EAT|IST|AEST|AEDT|ACST"
    r"|ACDT|AWST|NZST|NZDT)\b"
)


def page_date(
    header: Sequence[str],
    tail: Sequence[str],
    *,
    reference: datetime,
    is_date_line: Callable[[str], bool],
    body: Sequence[str] = (),
    context: Sequence[str] = (),
) -> DateMatch | None:
    """Return the page's publication date: from its header's date lines, else a "published" line below.

    ``is_date_line`` tells a header line that is a date line (the line classifier's verdict). The first line
    of ``body`` may be a byline with the date; ``context`` (every line of the page, captions included) tells
    how the page writes its dates.
    """
    page = context or [*header, *body, *tail]
    short_tail = [line for line in tail if len(line) <= _LATE_CHARS]
    # Reading the whole page for its convention costs more than the rest of the date: only when a date the
    # convention settles (03/04/2025) is where the date is looked for.
    looked_at = [*header, *body[:1], *short_tail]
    day_first = _day_first(page) if any(_unsettled(line) for line in looked_at) else None
    header_matches = _matches(
        [line for line in header if is_date_line(line) or _date_by_convention(line, reference, day_first)],
        reference,
        day_first,
    )
    if not header_matches:
        # A byline that carries the date among its parts ("Le Monde | 04.05.2015 à 13h36 | Par ...",
        # "Name | Place | 08/01/2014"): a short part that is a date, not a sentence that mentions one.
        bylines = [*header, *body[:1]]
        parts = [part for line in bylines if len(line) <= _BYLINE_CHARS for part in _PARTS.split(line)[1:]]
        header_matches = _matches([p for p in parts if len(p) <= _PART_CHARS], reference, day_first)
    if header_matches:
        return best_match(_with_years(header_matches, page, reference, day_first))
    late = [m for m in _matches(short_tail, reference, day_first) if m.published]
    return _with_years(late, page, reference, day_first)[0] if late else None


def _date_by_convention(line: str, reference: datetime, day_first: bool | None) -> bool:
    """Tell whether a short line is a date line once the page's convention reads its 05/12/2026.

    The line classifier does not know the page: it refuses 05/12/2026 (the 5th of December or the 12th of May),
    and a line such as "Actualizado: 05/12/2026 - 14:30 CET" is no date line to it, while the same line with the
    25th is one. Read by the page's convention, a line with at most _DATE_WORDS words beside its date is one too.
    """
    if day_first is None or len(line) > _PART_CHARS or not _unsettled(line):
        return False
    matches = search_dates(line, reference=reference, day_first=day_first)
    if not matches:
        return False
    return len(_WORD.findall(outside_dates(line, matches))) <= _DATE_WORDS


def _unsettled(line: str) -> bool:
    """Tell whether the line holds a numeric date whose day and month could be swapped (03/04/2025)."""
    # Such a date has a separator and decimal digits: a line without both is not scanned (most header lines).
    if ("/" not in line and "." not in line and "-" not in line) or _DIGIT.search(line) is None:
        return False
    return any(int(m[1]) <= 12 and int(m[3]) <= 12 and int(m[1]) != int(m[3]) for m in _NUMERIC.finditer(line))


def _matches(lines: Sequence[str], reference: datetime, day_first: bool | None) -> list[DateMatch]:
    """Return the dates of ``lines``, less those after the reference: a page is not published after it is read."""
    found = [m for line in lines for m in search_dates(line, reference=reference, day_first=day_first)]
    return [m for m in found if not after_reference(m.day, reference)]


def _with_years(
    matches: list[DateMatch], page: Sequence[str], reference: datetime, day_first: bool | None
) -> list[DateMatch]:
    """Give dates written without a year the year of the page's own dated evidence, when it has some."""
    if not any(m.kind == "yearless" for m in matches):
        return matches
    # The page's first full date, read line by line until one is found (not every line of the page first).
    anchor = year_anchor(matches) or next(
        (day for line in page if (day := year_anchor(search_dates(line, reference=reference, day_first=day_first)))),
        None,
    )
    if anchor is None:
        return matches
    return [with_anchor(m, anchor=anchor, reference=reference) for m in matches]


def zone_day_first(text: str) -> bool | None:
    """Tell whether a text writes the day first by the zone of its first time with one (None: no zone says)."""
    zoned = _ZONED_TIME.search(text)
    return None if zoned is None else zoned["us"] is None


def _day_first(lines: Sequence[str]) -> bool | None:
    """Tell whether the page writes the day before the month, by its dates that say so; None if they do not."""
    text = "\n".join(lines)
    day_votes = month_votes = 0
    for m in _NUMERIC.finditer(text):
        a, b = int(m[1]), int(m[3])
        day_votes += a > 12 >= b
        month_votes += b > 12 >= a
    day_votes += len(_WORD_DMY.findall(text))
    month_votes += len(_WORD_MDY.findall(text))
    if day_votes == month_votes:
        # No date of the page says: its language does. English pages of the US write the month first, the
        # rest of the world's pages (in their own languages) the day.
        words = _WORD.findall(text[:20000].lower())
        if len(words) >= _MIN_WORDS and sum(w in _ENGLISH for w in words) < _ENGLISH_SHARE * len(words):
            return True
        # An English page (or one too short to tell): the zone its times are in says where it was written.
        return zone_day_first(text[:20000])
    return day_votes > month_votes
