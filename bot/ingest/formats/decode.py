"""Bytes to text for the drop-folder parsers: refuse binary and empty files, then BOM, UTF-8, charset, cp1252."""

from __future__ import annotations

import codecs
import re

from bot.errors import ParseError
from bot.ingest.textsafe import valid_unicode

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Magic numbers of common binary files people drop by mistake.
_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b", b"Rar!", b"7z\xbc\xaf", b"\x7fELF")
_CHARSET = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
# Control bytes that text files do not contain (tab, newlines, form feed and carriage return are fine).
_BINARY_BYTES = bytes([*range(0x09), *range(0x0E, 0x20), 0x7F])
_SAMPLE = 20000


def count_controls(data: bytes) -> int:
    """Return how many control bytes (other than tab, newlines, form feed) ``data`` holds."""
    return len(data) - len(data.translate(None, _BINARY_BYTES))


def _text_controls(text: str) -> int:
    # In UTF-8 these characters are single bytes that no other character's encoding contains.
    return count_controls(text.encode("utf-8", "surrogatepass"))


def check_readable(data: bytes) -> None:
    """Refuse bytes that are empty or binary.

    Raises:
        ParseError: "empty file" or "binary file ...".
    """
    if not data.strip():
        raise ParseError("empty file")
    if data.startswith(_MAGIC):
        raise ParseError("binary file (looks like an image, PDF or archive, not text)")
    if any(data.startswith(bom) for bom, _ in _BOMS):
        return  # UTF-16/32 text is full of NUL bytes; decode_text checks it once decoded
    head = data[:8192]
    if b"\x00" in head:
        raise ParseError("binary file (contains NUL bytes)")
    if count_controls(head) > max(8, len(head) // 50):
        raise ParseError("binary file (too many control characters to be text)")


def declared_charset(data: bytes, content_type: str | None = None) -> str | None:
    """Return the charset named by the content type, an XML declaration or an HTML meta tag, if valid."""
    candidates: list[bytes] = []
    if content_type:
        found = _CHARSET.search(content_type.encode("ascii", "ignore"))
        if found:
            candidates.append(found.group(1))
    head = data[:4096]
    for pattern in (_XML_ENCODING, _CHARSET):
        found = pattern.search(head)
        if found:
            candidates.append(found.group(1))
    for name in candidates:
        try:
            return codecs.lookup(name.decode("ascii")).name
        except LookupError:
            continue
    return None


def decode_text(data: bytes, content_type: str | None = None) -> str:
    """Decode bytes to text: BOM, then UTF-8, then the declared charset, then cp1252; always valid Unicode.

    UTF-8 is tried before a declared charset because pages often declare latin-1 while being UTF-8, and
    non-ASCII text that happens to be valid UTF-8 by accident is vanishingly rare.

    Raises:
        ParseError: if the bytes are empty, binary or not text in any of those encodings.
    """
    check_readable(data)
    text: str | None = None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                # surrogatepass: a lone surrogate in UTF-16/32 text is one bad character, not a bad file.
                text = valid_unicode(data.decode(encoding, "surrogatepass"))
            except UnicodeDecodeError as exc:
                text = _utf8_with_stray_bytes(data) if encoding == "utf-8-sig" else None
                if text is None:
                    raise ParseError(
                        f"undecodable text (it starts with a {encoding} byte-order mark but is not {encoding})"
                    ) from exc
            break
    if text is None:
        text = _decode_guess(data, content_type)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ParseError("empty file")
    sample = text[:_SAMPLE]
    controls = _text_controls(sample)
    if controls > max(8, len(sample) // 50):
        raise ParseError("binary file (too many control characters to be text)")
    if controls == 0 and (len(text) <= _SAMPLE or _text_controls(text[_SAMPLE:]) == 0):
        return text  # nothing to remove
    return _CONTROL.sub("", text)


def _utf8_with_stray_bytes(data: bytes) -> str | None:
    """Decode text that a UTF-8 byte-order mark says is UTF-8, a stray byte becoming U+FFFD (None: not text).

    One bad byte in a page saved as UTF-8 is one bad character, as it is without the mark; only a file where
    such bytes are many (binary behind a mark) is refused.
    """
    text = data.decode("utf-8-sig", "replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    return text if bad <= max(8, len(text) // 1000) else None


def _decode_guess(data: bytes, content_type: str | None) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = declared_charset(data, content_type)
    if declared and declared not in {"utf-8", "utf_8"}:
        try:
            return data.decode(declared)
        except (UnicodeDecodeError, LookupError):
            pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; latin-1 maps every byte, so the text is at worst slightly off.
        return data.decode("latin-1")
