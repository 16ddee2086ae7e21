"""Saved single-file pages (MHTML, ``.mhtml`` / ``.mht``): the page's own HTML part, its charset and its address.

Chrome, Edge and Internet Explorer save "Webpage, Single File" as a MIME document of ``multipart/related``
parts: the page's HTML (usually quoted-printable) with a ``Content-Location`` holding the page's URL, then its
images, styles and frames. Only the root HTML part is read (the part the ``start`` parameter names, else the
first HTML part), decoded by its transfer encoding and charset; the other parts are skipped unread.

Bounded like every drop file (50 MB at most, by the reader before this): the parts are found by their
delimiter lines in one pass of a regular expression, never parsed whole; at most ``_PARTS_MAX`` part headers
are read, each within ``_HEADER_MAX`` bytes, and only the page's part is decoded.
"""

from __future__ import annotations

import binascii
import quopri
import re
from collections.abc import Iterator
from dataclasses import dataclass
from email import policy
from email.message import Message
from email.parser import BytesHeaderParser

from bot.errors import ParseError
from bot.ingest.formats.decode import check_readable, head_text
from bot.ingest.formats.sniff import is_html_document

_PARTS_MAX = 1000
_HEADER_MAX = 65536
_BLANK_LINE = re.compile(rb"\r?\n\r?\n")
_LINE_BREAK = re.compile(rb"\r?\n")
_NOT_BASE64 = re.compile(rb"[^A-Za-z0-9+/]")
_NOT_MHTML = "not a saved web page (MHTML): "
_DAMAGED = "damaged saved web page (MHTML): "


@dataclass(frozen=True, slots=True)
class SavedPage:
    """A saved page's HTML as its part held it, with what the part says about it."""

    html: bytes
    content_type: str | None  # "text/html; charset=..." when the part names its charset
    location: str | None  # the page's address (http or https only): its links' base and the article's URL


def saved_page(data: bytes) -> SavedPage:
    """Return the page an MHTML document holds.

    Raises:
        ParseError: if the bytes are empty or binary, not an MHTML document, damaged, or hold no HTML page.
    """
    check_readable(data)
    top, body_at = _headers(data, 0, len(data))
    if top is None or "content-type" not in top:
        raise ParseError(_NOT_MHTML + "it does not start with a MIME header block naming its Content-Type")
    address = top.get("Snapshot-Content-Location") or top.get("Content-Location")  # str, or a Header
    if top.get_content_type() == "text/html":  # a page saved as a single part
        return _page(data[body_at:], top, address)
    if top.get_content_type() != "multipart/related":
        raise ParseError(_NOT_MHTML + f"it holds {top.get_content_type()}, not multipart/related parts")
    boundary = top.get_param("boundary")
    if not isinstance(boundary, str) or not boundary.strip():
        raise ParseError(_DAMAGED + "its header names no boundary between its parts")
    start = _content_id(top.get_param("start"))
    first: tuple[Message, int, int, int] | None = None
    count = 0
    for at, end in _parts(data, body_at, boundary.encode("utf-8", "surrogateescape")):
        if count == _PARTS_MAX:
            break
        count += 1
        headers, part_body = _headers(data, at, end)
        if headers is None or headers.get_content_type() != "text/html":
            continue
        if first is None:
            first = (headers, at, part_body, end)
        if start is None or _content_id(headers.get("Content-ID")) == start:
            first = (headers, at, part_body, end)
            break
    if first is None:
        among = f"its first {count}" if count == _PARTS_MAX else f"its {count}"
        raise ParseError(_NOT_MHTML + f"no HTML page (a text/html part) among {among} parts")
    headers, at, part_body, end = first
    return _page(data[part_body:end], headers, headers.get("Content-Location") or address)


def _headers(data: bytes, at: int, end: int) -> tuple[Message | None, int]:
    """Return the header block starting at ``at`` and where the body after it starts; None when there is none."""
    if data[at : at + 1] in (b"\n", b"\r"):
        blank = _LINE_BREAK.match(data, at)
        return (Message(), blank.end()) if blank else (None, at)
    found = _BLANK_LINE.search(data, at, min(end, at + _HEADER_MAX))
    if found is None:
        return None, at
    return BytesHeaderParser(policy=policy.compat32).parsebytes(data[at : found.end()]), found.end()


def _parts(data: bytes, at: int, boundary: bytes) -> Iterator[tuple[int, int]]:
    """Yield where each part starts and ends: between two delimiter lines, or the end of the data (never closed).

    The line break before a delimiter line belongs to the delimiter (RFC 2046).
    """
    delimiter = re.compile(rb"^--" + re.escape(boundary) + rb"(--)?[ \t]*\r?$", re.MULTILINE)
    start: int | None = None
    for found in delimiter.finditer(data, at):
        if start is not None:
            end = found.start() - 1  # the line break before the delimiter
            if end > start and data[end - 1 : end] == b"\r":
                end -= 1
            yield start, max(start, end)
        if found.group(1):
            return
        start = found.end() + 1
    if start is not None and start < len(data):
        yield start, len(data)


def _page(body: bytes, headers: Message, address: object) -> SavedPage:
    """Decode the page's part by its transfer encoding; its charset is left to the text decoder, as a label."""
    encoding = str(headers.get("Content-Transfer-Encoding", "")).strip().lower()
    html = body
    if encoding == "quoted-printable":
        html = quopri.decodestring(body)
    elif encoding == "base64":
        html = _base64(body)
    charset = headers.get_content_charset()
    return SavedPage(
        html=html,
        content_type=f"text/html; charset={charset}" if charset else None,
        location=web_address(address),
    )


def _base64(body: bytes) -> bytes:
    """Decode a part labelled base64: strictly, else leniently or as it is, when that is an HTML page.

    A copy cut short leaves base64 that only a lenient reading decodes; some tools label a page base64 and
    write it as it is. Anything else is damaged.
    """
    packed = b"".join(body.split())
    try:
        return binascii.a2b_base64(packed, strict_mode=True)
    except binascii.Error:
        pass
    letters = _NOT_BASE64.sub(b"", packed)
    lenient = binascii.a2b_base64(letters[: len(letters) // 4 * 4])  # whole groups of the base64 alphabet only
    for html in (lenient, body.lstrip()):
        if is_html_document(head_text(html, 4096)):
            return html
    raise ParseError(_DAMAGED + "its HTML part says it is base64 but is not")


def _content_id(value: object) -> str | None:
    """Return a Content-ID as compared: without its angle brackets and outer space, or None."""
    if value is None:
        return None
    return str(value).strip().strip("<>").strip() or None


def web_address(value: object) -> str | None:
    """Return the page's address when it is a web one (a saved page may name a file or a cid: instead)."""
    address = str(value or "").strip()
    return address if address.lower().startswith(("http://", "https://")) and " " not in address else None
