"""A forwarded message inside a mail's text: its header (From, Date, Subject, as clients write them) and its date.

Gmail ("---------- Forwarded message ---------"), Outlook ("-----Original Message-----", "From: ... Sent: ..."),
Apple Mail ("Begin forwarded message:", each field a block of its own) and Thunderbird write the original
message's fields into the body, in their user's language; the innermost such header starts the letter.

Also the rules a mail's own headers and a forward's share: a subject as a headline, a From field's name and address
(the .eml reader's, and the pasted-text reader's for a forward copied whole).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime
from email.utils import getaddresses

from bot.ingest.formats.meta import clean_inline
from bot.models import Published
from bot.text.dates import best_match, search_dates
from bot.text.machinedates import hour_24

# A forwarded message's header fields, as mail clients write them into the body in their user's language
# (Thunderbird's French "Sujet" and "Pour", Italian "Mittente", Portuguese "Assunto"; Spanish Outlook's "Enviado el";
# Polish, Russian, Japanese, Chinese and Korean Outlook's and Thunderbird's).
_FIELD_KINDS = {
    "from": "from, von, de, da, van, mittente, od, \u043e\u0442, \u5dee\u51fa\u4eba, \u53d1\u4ef6\u4eba, "
    "\u5bc4\u4ef6\u8005, \ubcf4\ub0b8 \uc0ac\ub78c",
    "date": "date, sent, datum, gesendet, envoy\u00e9, enviado, enviado el, fecha, data, inviato, verzonden, "
    "wys\u0142ano, \u0434\u0430\u0442\u0430, \u043e\u0442\u043f\u0440\u0430\u0432\u043b\u0435\u043d\u043e, "
    "\u9001\u4fe1\u65e5\u6642, \u65e5\u4ed8, \u53d1\u9001\u65f6\u95f4, \u65e5\u671f, "
    "\u5bc4\u4ef6\u65e5\u671f, \ubcf4\ub0b8 \ub0a0\uc9dc, \ub0a0\uc9dc",
    "subject": "subject, betreff, objet, sujet, asunto, assunto, oggetto, onderwerp, temat, \u0442\u0435\u043c\u0430, "
    "\u4ef6\u540d, \u4e3b\u9898, \u4e3b\u65e8, \uc81c\ubaa9",
    "to": "to, an, \u00e0, pour, para, a, aan, cc, bcc, reply-to, do, \u043a\u043e\u043c\u0443, \u5b9b\u5148, "
    "\u6536\u4ef6\u4eba, \ubc1b\ub294 \uc0ac\ub78c, \uc218\uc2e0",
}
_FIELD_KIND = {label: kind for kind, labels in _FIELD_KINDS.items() for label in labels.split(", ")}
_LABELS = "|".join(sorted(map(re.escape, _FIELD_KIND), key=len, reverse=True))
_FIELD = re.compile(rf"(?:^|(?<=\s))({_LABELS})\s?[:\uff1a]\s*", re.IGNORECASE)  # a full-width colon too
# What a client writes above the fields: "---------- Forwarded message ---------", "-----Original Message-----",
# Outlook's rule of underscores.
_FORWARD_MARK = re.compile(r"^\s*(?:-{2,}[^:]{0,60}?-{2,}|_{3,})\s*")
_FORWARD_FIELDS = 8  # Apple Mail writes each field as a block of its own: at most this many follow each other
_FORWARD_SCAN = 2000  # paragraphs searched for forward headers
# "7:02 AM", and Korean, Japanese and Chinese clocks' morning or afternoon before the time ("오후 4:30", "午後4:30").
_CLOCK = re.compile(
    r"(?:(\uc624\uc804|\uc624\ud6c4|\u5348\u524d|\u5348\u5f8c|\u4e0a\u5348|\u4e0b\u5348)\s*)?"
    r"(?<!\d)([01]?\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?(?:\s*([ap])\.?\s?m\b\.?)?",
    re.IGNORECASE,
)
_AFTERNOON = ("\uc624\ud6c4", "\u5348\u5f8c", "\u4e0b\u5348")  # 오후, 午後, 下午
_CLOCK_AFTER = 20  # characters between a date and its time ("... 2026 at 7:02 AM")
_FAR = datetime(2199, 12, 31, tzinfo=UTC)
# Reply and forward prefixes, and a mailing list's tag ("[Eastside-talk] Re: ...").
_SUBJECT_PREFIX = re.compile(r"^\s*(\[[^\]]{1,40}\]\s*|(re|fwd?|aw|wg|tr|rv|r)\s*:\s*)+", re.IGNORECASE)


def forwarded(paragraphs: list[str]) -> tuple[int, dict[str, str]] | None:
    """Find the innermost forwarded message's header: (the index after it, its fields by kind), else None.

    Its From, a Date (or Sent) and a Subject, in one block ("---------- Forwarded message --------- From: ...")
    or in blocks that follow each other, each starting with its label, in the client user's language.
    """
    found: tuple[int, dict[str, str]] | None = None
    index = 0
    limit = min(len(paragraphs), _FORWARD_SCAN)
    while index < limit:
        header = _header(paragraphs, index)
        if header is None:
            index += 1
            continue
        found = header
        index = header[0]
    return found


def _header(paragraphs: list[str], start: int) -> tuple[int, dict[str, str]] | None:
    fields: dict[str, str] = {}
    end = start
    for index in range(start, min(len(paragraphs), start + _FORWARD_FIELDS)):
        text = _FORWARD_MARK.sub("", paragraphs[index], count=1) if index == start else paragraphs[index]
        if len(text) > 2000 or not _FIELD.match(text):
            break
        marks = list(_FIELD.finditer(text))
        for mark, following in zip(marks, [*marks[1:], None], strict=True):
            value = text[mark.end() : following.start() if following else len(text)].strip()
            fields.setdefault(_FIELD_KIND[mark.group(1).casefold()], value)
        end = index + 1
    if not {"from", "date", "subject"} <= fields.keys():
        return None
    # A header names an address or a date a reader can read: not prose that happens to say "From: ... Date: ...".
    readable = "@" in fields["from"] or best_match(search_dates(fields["date"][:300], reference=_FAR)) is not None
    return (end, fields) if readable else None


def original_date(text: str, forwarded_at: Published | None) -> Published | None:
    """Read a forwarded message's Date line: "Mon, Nov 30, 2026 at 7:02 AM", "30 November 2026 at 08:14:05 GMT".

    Clients print it in words, in their user's zone and language, often without the zone: a time without one is
    taken in the zone of the forward's own Date header (the same client wrote both). None when unreadable.
    """
    # A date without its year ("Dec 03 07:41PM") takes it from the outer mail's date, never later than it.
    outer = forwarded_at if isinstance(forwarded_at, datetime) else None
    best = best_match(search_dates(text[:300], reference=outer or _FAR))
    if best is None or best.kind not in ("full", "yearless") or (best.kind == "yearless" and outer is None):
        return None
    shown = best.shown
    zone = shown.tzinfo if isinstance(shown, datetime) else None
    if zone is None and isinstance(forwarded_at, datetime):
        zone = forwarded_at.tzinfo
    clock = _CLOCK.search(text, best.start, best.end + _CLOCK_AFTER)
    if clock is None or zone is None:
        return shown if isinstance(shown, datetime) else best.day
    meridiem = clock.group(5) or (("p" if clock.group(1) in _AFTERNOON else "a") if clock.group(1) else None)
    hour = hour_24(int(clock.group(2)), meridiem)
    day = best.day
    return datetime(day.year, day.month, day.day, hour, int(clock.group(3)), int(clock.group(4) or 0), tzinfo=zone)


def subject_headline(raw: str) -> str:
    """Return a subject as a headline: no "Re:"/"Fwd:" prefixes, no emoji or symbols before its first word."""
    subject = _SUBJECT_PREFIX.sub("", clean_inline(raw))
    start = 0
    while start < len(subject) and (
        unicodedata.category(subject[start]) in ("So", "Sk", "Mn", "Cf", "Zs") or subject[start] in "\ufe0f"
    ):
        start += 1
    return subject[start:].strip()


def sender_of(value: str) -> tuple[str | None, str | None]:
    """Return a From field's display name and address ("Metro Desk <desk@example.com>"), each None when absent."""
    pairs = getaddresses([value])
    if not pairs:
        return None, None
    display, address = pairs[0]
    display = clean_inline(display)
    if not display and "@" not in address:  # "From: Island Herald" with no address: the name is the value
        return clean_inline(value) or None, None
    return display or None, address or None
