"""Parse a .txt drop file: text a person copied from a news page."""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime

from bot.errors import ParseError
from bot.models import Article
from bot.text.pasted import read_pasted

log = logging.getLogger(__name__)

# Beyond this share of control characters a file is binary data, not pasted text.
_MAX_CONTROL_SHARE = 0.05


def parse_pasted_text(text: str, *, reference: datetime, name: str = "") -> Article:
    """Return the Article in text copied from a news page; ``reference`` is the file's modification time.

    Raises:
        ParseError: if the text is empty, only whitespace, or looks like binary data.
    """
    label = name or "pasted text"
    if not text or not text.strip():
        raise ParseError(f"{label}: the file is empty; paste the article's text into it")
    if "\x00" in text or _control_share(text) > _MAX_CONTROL_SHARE:
        raise ParseError(f"{label}: this looks like binary data, not text copied from a page")
    when = reference if reference.tzinfo else reference.replace(tzinfo=UTC)
    reading = read_pasted(text.lstrip("\ufeff"), reference=when.astimezone(UTC))
    if not reading.body and not reading.title:
        raise ParseError(f"{label}: no article text found")
    log.debug("read %s: title=%r, %d paragraphs", label, reading.title, len(reading.body))
    return Article(
        title=reading.title,
        body=reading.body,
        published=reading.date.value if reading.date else None,
        dateline=reading.dateline,
        author=reading.author,
    )


# Control characters other than tab, newlines and form feed, and the specials block: signs of a binary file.
_CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x1f\ufff0-\uffff]")


def _control_share(text: str) -> float:
    sample = text[:20000]
    return len(_CONTROL_CHARS.findall(sample)) / len(sample)
