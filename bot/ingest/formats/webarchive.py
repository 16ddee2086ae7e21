"""Safari's web archives (``.webarchive``, "Save As: Web Archive"): the page's HTML, its address and its charset.

A web archive is a property list (binary, or XML from older tools) whose ``WebMainResource`` holds the page:
``WebResourceData`` (its HTML bytes), ``WebResourceURL``, ``WebResourceMIMEType`` and
``WebResourceTextEncodingName``; its images and frames (``WebSubresources``, ``WebSubframeArchives``) are never
looked at. The page goes to the HTML reader as a saved single-file page's does (bot.ingest.formats.mhtml).

Bounded like every drop file (50 MB at most): a binary property list is refused when its trailer claims more
than :data:`_OBJECTS_MAX` objects, before plistlib reads it; an XML one declaring entities is refused by plistlib.
A property list of another shape, a main resource that is not a page, or damage is refused with a reason.
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
        if len(data) < len(_BINARY) + 32:
            raise ParseError(f"damaged {what}: its property list is cut short")
        offset_size, ref_size, objects, top, table = struct.unpack(">6xBBQQQ", data[-32:])
        if not (0 < offset_size <= 8 and 0 < ref_size <= 8 and top < objects) or (
            table + objects * offset_size > len(data) - 32
        ):
            raise ParseError(f"damaged {what}: its property list's trailer does not fit it (the file was cut short?)")
        if objects > _OBJECTS_MAX:
            raise ParseError(f"refused {what}: its property list claims {objects:,} objects (limit {_OBJECTS_MAX:,})")
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
