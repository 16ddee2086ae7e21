"""Safari's web archives (``.webarchive``, "Save As: Web Archive"): the page's HTML, its address and its charset.

A web archive is a property list (binary, or XML from older tools) whose ``WebMainResource`` holds the page:
``WebResourceData`` (its HTML bytes), ``WebResourceURL``, ``WebResourceMIMEType`` and
``WebResourceTextEncodingName``; its images and frames (``WebSubresources``, ``WebSubframeArchives``) are never
looked at. The page goes to the HTML reader as a saved single-file page's does (bot.ingest.formats.mhtml).

Bounded like every drop file (50 MB at most), and so is what plistlib builds of one: before it reads a binary
property list, its trailer must fit the file, claim at most :data:`_OBJECTS_MAX` objects, and its arrays and
dictionaries hold at most :data:`_REFERENCES_MAX` references in all (ten million references to one object would
be a list of 80 MB); an XML one may have at most :data:`_ELEMENTS_MAX` elements, and one declaring entities is
refused by plistlib. A property list of another shape, a main resource that is not a page, or damage is refused
with a reason.
"""

from __future__ import annotations

import plistlib
import struct
from xml.parsers.expat import ExpatError

from bot.errors import ParseError
from bot.ingest.formats.decode import head_text
from bot.ingest.formats.mhtml import SavedPage, web_address
from bot.ingest.formats.sniff import is_html_document

WHAT = "Safari web archive (.webarchive)"
_BINARY = b"bplist00"
_OBJECTS_MAX = 200_000  # a page with thousands of images has some tens of thousands of objects
_REFERENCES_MAX = 1_000_000
_ELEMENTS_MAX = 1_000_000
_COLLECTIONS = frozenset({0xA, 0xC, 0xD})  # the markers of an array, a set and a dictionary
_PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_CHARSET_SIGNS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-_.:")


def read_plist(data: bytes, what: str) -> object:
    """Return what a property list (binary or XML) holds; ``what`` names the file in errors.

    Raises:
        ParseError: if it is no property list, is damaged, too large in objects or nested too deeply.
    """
    if not data.strip():
        raise ParseError("empty file")
    if data.startswith(_BINARY):
        _check_binary(data, what)
    elif data.count(b"<") > _ELEMENTS_MAX:
        raise ParseError(f"refused {what}: its property list has more than {_ELEMENTS_MAX:,} elements")
    try:
        return plistlib.loads(data)
    except RecursionError:
        raise ParseError(f"refused {what}: its property list is nested too deeply") from None
    except (
        plistlib.InvalidFileException,
        ExpatError,
        ValueError,
        TypeError,
        OverflowError,
        struct.error,
        LookupError,  # an XML declaration naming no known encoding; a closing tag without its opening one
    ) as exc:
        shown = str(exc) or "it cannot be read"
        if not data.startswith(_BINARY) and not data.lstrip().startswith(b"<"):
            raise ParseError(f"not a {what}: no property list (binary, or XML) inside") from None
        raise ParseError(f"damaged {what}: its property list is damaged or cut short ({shown})") from None


def _check_binary(data: bytes, what: str) -> None:
    """Refuse a binary property list whose trailer does not fit it or that would build too much.

    Raises:
        ParseError: if so, saying which.
    """
    cut = f"damaged {what}: its property list's trailer or offsets do not fit it (the file was cut short?)"
    if len(data) < len(_BINARY) + 32:
        raise ParseError(cut)
    end = len(data) - 32
    offset_size, ref_size, objects, top, table = struct.unpack(">6xBBQQQ", data[end:])
    if not (0 < offset_size <= 8 and 0 < ref_size <= 8 and top < objects) or table + objects * offset_size > end:
        raise ParseError(cut)
    if objects > _OBJECTS_MAX:
        raise ParseError(f"refused {what}: its property list claims {objects:,} objects (limit {_OBJECTS_MAX:,})")
    references = 0
    for index in range(objects):
        start = table + index * offset_size
        at = int.from_bytes(data[start : start + offset_size], "big")
        if at >= end:
            raise ParseError(cut)
        marker = data[at]
        if marker >> 4 not in _COLLECTIONS:
            continue
        size = marker & 0xF
        if size == 0xF:  # the size follows as an integer object: its marker 0x1N, then 2**N bytes
            width = 1 << (data[at + 1] & 0x3) if at + 1 < end else 0
            size = int.from_bytes(data[at + 2 : at + 2 + width], "big")
        references += size * 2 if marker >> 4 == 0xD else size
        if references > _REFERENCES_MAX:
            raise ParseError(
                f"refused {what}: its property list's arrays and dictionaries hold more than "
                f"{_REFERENCES_MAX:,} references"
            )


def archived_page(data: bytes) -> SavedPage:
    """Return the page a web archive holds.

    Raises:
        ParseError: if it is no web archive, is damaged, or its main resource is not a web page.
    """
    root = read_plist(data, WHAT)
    if not isinstance(root, dict):
        raise ParseError(f"not a {WHAT}: its property list holds a {_kind(root)}, not a web archive")
    main = root.get("WebMainResource")
    if not isinstance(main, dict):
        raise ParseError(f"not a {WHAT}: no WebMainResource (the archived page) in its property list")
    html = main.get("WebResourceData")
    if not isinstance(html, bytes):
        raise ParseError(f"damaged {WHAT}: its page's WebResourceData is a {_kind(html)}, not the page's bytes")
    kind = main.get("WebResourceMIMEType")
    kind = kind.strip().lower() if isinstance(kind, str) else ""
    if kind not in _PAGE_TYPES and not (not kind and is_html_document(head_text(html, 4096).lstrip())):
        shown = "".join(c for c in kind[:80] if c.isprintable()) or "no type"
        raise ParseError(f"not a web page: the {WHAT} holds {shown}, not HTML; save the page itself")
    label = main.get("WebResourceTextEncodingName")
    charset = label.strip() if isinstance(label, str) and set(label.strip().lower()) <= _CHARSET_SIGNS else ""
    return SavedPage(
        html=html,
        content_type=f"text/html; charset={charset}" if charset else None,
        location=web_address(main.get("WebResourceURL")),
    )


def _kind(value: object) -> str:
    names = {dict: "dictionary", list: "list", bytes: "data", str: "string", int: "number", float: "number"}
    return "nothing" if value is None else names.get(type(value), type(value).__name__)
