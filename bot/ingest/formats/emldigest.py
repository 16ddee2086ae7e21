"""A mailing list's digest: the messages it gathers (Mailman, Google Groups, groups.io...), one story each.

Decided by the mail's own word for itself (a subject with "digest", or a multipart/digest body) and by its
structure: at least two messages, each under a header block of its own (a From and a Date line, a Subject or a
"Topic:" line above it), each with text. The table of contents, the list's instructions and its footer are no
message. Each message's text ends at the digest's separator line or at its writer's signature; quoted lines
("> ...") are the earlier messages, not this one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.ingest.formats.emlrules import trim_furniture
from bot.text.paragraphs import text_to_paragraphs

MIN_MESSAGES = 2
_MESSAGES_MAX = 100  # one digest never floods the store
_LINES_MAX = 50_000
_HEADER_LINES = 12
_DIGEST_SUBJECT = re.compile(r"\bdigest\b", re.IGNORECASE)
_HEADER = re.compile(
    r"^(from|date|sent|subject|to|cc|reply-to|message-id|in-reply-to|references|content-type"
    r"|content-transfer-encoding|mime-version)\s*:\s?(.*)$",
    re.IGNORECASE,
)
_TOPIC = re.compile(r"^(?:topic|thread)\s*:\s*(\S.*)$", re.IGNORECASE)  # Google Groups names a topic above its posts
# Where a message's text ends: the digest's separator ("-----", "=====", "---------- 2 of 3 ----------") or the
# writer's signature ("-- ").
_SEPARATOR = re.compile(r"^\s*(?:[-=_*~]{3,}|-- ?$)")


@dataclass(frozen=True, slots=True)
class DigestMessage:
    """One message of a digest: its header values as written, and its text's paragraphs."""

    subject: str
    sender: str
    date: str
    body: tuple[str, ...]


def is_digest(content_type: str, subject: str) -> bool:
    """Tell a mail that calls itself a digest (its subject, or a multipart/digest body)."""
    return content_type == "multipart/digest" or bool(_DIGEST_SUBJECT.search(subject[:500]))


def digest_messages(text: str, *, furniture: Callable[[str], bool]) -> list[DigestMessage]:
    """Return the messages of a plain-text digest, or an empty list when it holds fewer than two with text."""
    lines = text.splitlines()[:_LINES_MAX]
    blocks: list[tuple[int, int, dict[str, str], str]] = []
    topic = ""
    index = 0
    while index < len(lines):
        found = _TOPIC.match(lines[index].strip())
        if found:
            topic = found.group(1).strip()
            index += 1
            continue
        fields: dict[str, str] = {}
        end = index
        while end < len(lines) and end - index < _HEADER_LINES and (header := _HEADER.match(lines[end].strip())):
            fields.setdefault(header.group(1).lower(), header.group(2).strip())
            end += 1
        if "from" in fields and ("date" in fields or "sent" in fields) and ("subject" in fields or topic):
            blocks.append((index, end, fields, topic))
            index = end
        else:
            index += 1
    messages: list[DigestMessage] = []
    for number, (_, end, fields, topic) in enumerate(blocks):
        stop = blocks[number + 1][0] if number + 1 < len(blocks) else len(lines)
        own: list[str] = []
        for line in lines[end:stop]:
            if _SEPARATOR.match(line) and any(kept.strip() for kept in own):
                break
            if not line.lstrip().startswith(">"):
                own.append(line)
        paragraphs = [p for p in text_to_paragraphs("\n".join(own)) if not furniture(p) and not _SEPARATOR.match(p)]
        if paragraphs:
            subject = fields.get("subject") or topic
            messages.append(
                DigestMessage(
                    subject,
                    fields["from"],
                    fields.get("date") or fields.get("sent", ""),
                    tuple(trim_furniture(paragraphs)),
                )
            )
    return messages[:_MESSAGES_MAX] if len(messages) >= MIN_MESSAGES else []
