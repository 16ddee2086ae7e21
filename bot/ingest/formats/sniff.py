"""What a drop file holds, told from its first bytes: a whole HTML page, a saved mail, a feed, a saved page (MHTML).

Files are saved under the wrong suffix all the time (a page as ``page.txt``, a newsletter as ``.txt``, a feed
as ``.html``); :func:`bot.ingest.formats.reader_of` asks here only about the kinds that the suffix's reader
would misread. Each test is strict, on purpose: Markdown with inline HTML, a text that mentions ``<html>``,
or a note that starts "From: my notes" are not these, and stay with the reader their suffix names. A look
reads at most the first 16 KB (a JSON Feed is confirmed by parsing it, only when a file starts with ``{`` and
names itself one). Never raises.
"""

from __future__ import annotations

import re

from bot.errors import ParseError
from bot.ingest.formats.decode import head_text

HTML = "html"
EMAIL = "email"
FEED = "feed"
JSON_FEED = "json-feed"
MHTML = "mhtml"
MARKDOWN = "markdown"

# The header block of a mail or of a saved page ends within this much (a mail's Received and DKIM fields can
# run to several KB); the other tests look at the first 4 KB.
_HEAD_BYTES = 16384
_ROOT_BYTES = 4096
_FIELD = re.compile(r"([A-Za-z0-9][A-Za-z0-9_-]*)[ \t]*:(.*)")
_MBOX_LINE = re.compile(r"From \S+ ")  # the separator line of a mailbox file, before its first header
# Fields a saved mail's header block holds; three of them, one saying who sent it or how it came, make a mail.
_MAIL_FIELDS = frozenset(
    {
        "from",
        "to",
        "cc",
        "date",
        "subject",
        "mime-version",
        "received",
        "return-path",
        "message-id",
        "reply-to",
        "delivered-to",
        "content-type",
        "sender",
    }
)
_SENT = frozenset({"from", "received", "return-path", "sender", "delivered-to"})
# Fields only a mail that was sent carries: a MIME document of related parts with none of them is a saved page.
_ADDRESSED = frozenset({"to", "cc", "received", "delivered-to", "message-id", "return-path"})
# What may come before a document's root element: white space, comments, the XML declaration and other
# processing instructions, and (for a feed) a document type declaration.
_PROLOG = re.compile(r"(?:\s+|<!--.*?-->|<\?[^>]*\?>)*", re.DOTALL)
_DOCTYPE = re.compile(r"<!doctype\s[^>\[]*+(?:\[[^\]]*+\])?\s*+>", re.IGNORECASE)
_HTML_START = re.compile(r"<!doctype\s*html\b|<html[\s>]", re.IGNORECASE)  # "<!doctypehtml>" in minified pages
_HTML_PART = re.compile(r"<(?:head|body|title|meta)[\s>/]", re.IGNORECASE)
# A feed's root element with what only a feed's root holds: RSS its version, Atom and RDF their namespaces.
# A Markdown document: its first line an ATX heading ("# Title", "## Title"), or front matter naming a title or a
# date (as the Markdown reader reads it: "---" then "title: ..." lines, "+++" then "title = ..."), as notes apps and
# static sites write it. A pasted page starts with neither; a "#hashtag" line has no space after the mark.
_HEADING_START = re.compile(r"#{1,3}[ \t]+\S[^\n]*\n")
_FEED_ROOT = re.compile(r"<rss\s[^>]*?\bversion\s*=|<(?:\w+:)?feed\s[^>]*?\bxmlns|<(?:\w+:)?RDF\s[^>]*?\bxmlns")


def content_kind(data: bytes, kinds: frozenset[str]) -> str | None:
    """Return which of ``kinds`` the bytes plainly are, or None when they are none of them (or cannot be told)."""
    if not kinds:
        return None
    head = head_text(data, _ROOT_BYTES)
    if kinds & {MHTML, EMAIL} and (_FIELD.match(head) or _MBOX_LINE.match(head)):
        fields = header_block(head_text(data, _HEAD_BYTES))
        if fields is not None:
            if is_saved_page(fields):
                return MHTML if MHTML in kinds else None  # never taken for a mail: it has a From and a Subject
            if EMAIL in kinds and _is_mail(fields):
                return EMAIL
    if MARKDOWN in kinds and _is_markdown(head.lstrip("\ufeff \t\r\n")):
        return MARKDOWN
    at = _after_prolog(head, 0)
    if not head.startswith(("<", "{"), at):
        return None  # most texts: no markup, no JSON
    if HTML in kinds and is_html_document(head, at):
        return HTML
    if FEED in kinds:
        doctype = _DOCTYPE.match(head, at, _ROOT_BYTES)
        if _FEED_ROOT.match(head, _after_prolog(head, doctype.end()) if doctype else at):
            return FEED
    if JSON_FEED in kinds and head.startswith("{", at) and _is_json_feed(data):
        return JSON_FEED
    return None


def _is_markdown(text: str) -> bool:
    if _HEADING_START.match(text):
        return True
    if not text.startswith(("---", "+++")):
        return False
    from bot.ingest.formats.markdown import parse_front_matter  # here: only texts opening with a rule ask it

    return bool({"title", "date"} & parse_front_matter(text.replace("\r\n", "\n"))[0].keys())


def _after_prolog(head: str, at: int) -> int:
    found = _PROLOG.match(head, at, _ROOT_BYTES)
    return found.end() if found else at


def is_html_document(head: str, at: int = 0) -> bool:
    """Tell a whole HTML document: its doctype, or an ``<html>`` root followed by its head, body or title."""
    found = _HTML_START.match(head, at)
    if found is None:
        return False
    if found.group().lower().startswith("<!doctype"):
        return True
    return _HTML_PART.search(head, found.end(), _ROOT_BYTES) is not None


def header_block(head: str) -> dict[str, str] | None:
    """Return the fields of the header block a text starts with (names lower-cased, the first of each), else None.

    Every line up to the first blank one must be a field (``Name: value``) or the continuation of one; a
    mailbox's separator line ("From someone@example.org Tue ...") may come first. None when the block does not
    end within ``head``.
    """
    if _MBOX_LINE.match(head):
        head = head[head.find("\n") + 1 :] if "\n" in head else ""
    if _FIELD.match(head) is None:
        return None  # most texts: their first line is no field, and the rest is never split
    lines = head.split("\n")
    fields: dict[str, str] = {}
    name = ""
    for line in lines[:-1]:  # the last line may be cut by the look's end
        line = line.rstrip("\r")
        if not line.strip():
            return fields or None
        if line[0] in " \t":
            if not name:
                return None
            fields[name] += " " + line.strip()
            continue
        found = _FIELD.fullmatch(line)
        if found is None:
            return None
        name = found.group(1).lower()
        if name in fields:
            name = f"{name} {len(fields)}"  # a repeated field (Received) kept apart, under a name no test asks for
        fields[name] = found.group(2).strip()
    return None


def is_saved_page(fields: dict[str, str]) -> bool:
    """Tell a saved single-file page (MHTML) by its header block: related parts, sent to no one.

    Chrome, Edge and Internet Explorer save a page as a MIME document of ``multipart/related`` parts (the page,
    then its images and styles), or a page without them as one ``text/html`` part with its ``Content-Location``;
    a mail with inline images has the first type too, but was addressed and carried.
    """
    kind = fields.get("content-type", "").split(";", 1)[0].strip().lower()
    one_page = kind == "text/html" and "content-location" in fields  # a page without images, saved as one part
    return (kind == "multipart/related" or one_page) and not (_ADDRESSED & fields.keys())


def opens_with_mail(data: bytes) -> bool:
    """Tell whether bytes open with a saved mail's header block (a mailbox's separator line may come first)."""
    fields = header_block(head_text(data, _HEAD_BYTES))
    return fields is not None and not is_saved_page(fields) and _is_mail(fields)


def _is_mail(fields: dict[str, str]) -> bool:
    known = _MAIL_FIELDS & fields.keys()
    return len(known) >= 3 and bool(_SENT & known)


def _is_json_feed(data: bytes) -> bool:
    from bot.ingest.formats.decode import decode_text
    from bot.ingest.formats.feedfile import is_json_feed, may_be_json_feed

    if not may_be_json_feed(data):
        return False
    try:
        return is_json_feed(decode_text(data))
    except ParseError:
        return True  # damaged JSON that names itself a JSON Feed: the feed reader says what is wrong with it
