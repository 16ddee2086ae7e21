"""Parse a .txt drop file: text a person copied from a news page."""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime

from bot.errors import ParseError
from bot.ingest.formats.decode import count_controls
from bot.ingest.formats.emlforward import forwarded, original_date, sender_of, subject_headline
from bot.ingest.formats.titles import strip_site_affix, without_host_tag
from bot.models import Article
from bot.text.indexpage import pasted_index_signs
from bot.text.pasted import paragraph_lines, read_pasted

log = logging.getLogger(__name__)

# Beyond this share of control characters a file is binary data, not pasted text.
_MAX_CONTROL_SHARE = 0.05


def parse_pasted_text(text: str, *, reference: datetime, name: str = "") -> Article:
    """Return the Article in text copied from a news page; ``reference`` is the file's modification time.

    Raises:
        ParseError: if the text is empty, only whitespace, looks like binary data, or is a page of story links.
    """
    label = name or "pasted text"
    if not text or not text.strip():
        raise ParseError(f"{label}: the file is empty; paste the article's text into it")
    if "\x00" in text or _control_share(text) > _MAX_CONTROL_SHARE:
        raise ParseError(f"{label}: this looks like binary data, not text copied from a page")
    when = reference if reference.tzinfo else reference.replace(tzinfo=UTC)
    text = text.lstrip("\ufeff")
    fields: dict[str, str] = {}
    letter = _forwarded_letter(text)
    if letter is not None:  # a forwarded mail copied whole: the letter under its header, its subject the headline
        text, fields = letter
        subject = subject_headline(fields.get("subject", ""))
        if subject and not text.lstrip().startswith(subject):
            text = f"{subject}\n\n{text}"
    lines = paragraph_lines(text)
    reading = read_pasted(text, reference=when.astimezone(UTC), lines=lines)
    if not reading.body:
        # Every line that reads as a sentence is body text (bot.text.pasted); none at all means a title alone,
        # a list of links or page furniture: not an article.
        raise ParseError(f"{label}: no article text found: not one sentence, only a title, links or page furniture")
    signs = pasted_index_signs(lines)
    if signs.is_index:
        raise ParseError(f"{label}: {signs.note()}")  # a home or section page copied: its teasers are no one story
    log.debug("read %s: title=%r, %d paragraphs", label, reading.title, len(reading.body))
    published = reading.date.shown if reading.date else None
    if published is None and "date" in fields:
        published = original_date(fields["date"], None)
    return Article(
        # A shared page's title is its <title>: "Headline | The Daily Example", cut as a saved page's is.
        title=strip_site_affix(reading.title, None) if reading.url else without_host_tag(reading.title),
        body=reading.body,
        published=published,
        dateline=reading.dateline,
        author=reading.author,
        url=reading.url or reading.captured,
        source=(sender_of(fields["from"])[0] or "") if "from" in fields else "",
    )


_BLANK_LINES = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_FORWARD_TOP = 8  # blocks at a copy's top searched for a forwarded message's header
_BLOCK_CHARS = 3000  # of each: a header block is short (emlforward reads at most 2,000 characters of one)
_FIELD_COLONS = 3


def _forwarded_letter(text: str) -> tuple[str, dict[str, str]] | None:
    """Return a forwarded mail's letter and its header's fields, where a copy opens with the forward's header.

    Gmail's "---------- Forwarded message ---------", Outlook's "From: ... Sent: ...", Apple Mail's "Begin forwarded
    message:", with their From, Date and Subject, in the first blocks of lines (as ``emlforward`` reads a mail's).
    """
    if text.count(":", 0, _FORWARD_TOP * _BLOCK_CHARS) < _FIELD_COLONS:
        return None  # From, Date and Subject each have their colon: most copies are spared the blocks' split
    starts = [0]
    blocks: list[str] = []
    for gap in _BLANK_LINES.finditer(text):
        blocks.append(text[starts[-1] : gap.start()])
        starts.append(gap.end())
        if len(blocks) == _FORWARD_TOP:
            break
    else:
        blocks.append(text[starts[-1] :])
    found = forwarded([" ".join(block[:_BLOCK_CHARS].split()) for block in blocks])
    if found is None:
        return None
    end, fields = found
    return (text[starts[end] :] if end < len(starts) else ""), fields


# The specials block (U+FFF0 to U+FFFF) in UTF-8: EF BF B0 to EF BF BF, bytes no other character's encoding holds.
_SPECIALS_UTF8 = re.compile(b"\xef\xbf[\xb0-\xbf]")


def _control_share(text: str) -> float:
    """Return the share of control characters (not tab, newlines, form feed, DEL) and specials: binary signs."""
    sample = text[:20000]
    data = sample.encode("utf-8", "surrogatepass")
    specials = len(_SPECIALS_UTF8.findall(data)) if b"\xef\xbf" in data else 0
    return (count_controls(data) - data.count(b"\x7f") + specials) / len(sample)
