"""OPML import (nested outlines, feed URLs and titles) and export (OPML 2.0)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from pathlib import Path

from lxml import etree

from bot.errors import ParseError
from bot.ingest.dropfiles import NotRegularFile, TooLarge, open_named, read_regular
from bot.ingest.textsafe import shown
from bot.models import Feed

# A subscription list is a few kB; a larger file (a Discord attachment or a file named to the CLI) is refused
# unread, so that /dev/zero or a mistaken multi-gigabyte file cannot fill the memory.
MAX_OPML_BYTES = 1_000_000


@dataclass(frozen=True, slots=True)
class OpmlFeed:
    """One feed listed in an OPML file."""

    url: str
    title: str | None = None
    category: str | None = None  # the titles of the enclosing outlines, joined with " / "
    site_url: str | None = None


def _attr(element: etree._Element, name: str) -> str | None:
    # OPML in the wild spells attributes in any case (xmlUrl, xmlurl, XMLURL).
    for key, value in element.attrib.items():
        if str(key).lower() == name.lower() and str(value).strip():
            return str(value).strip()
    return None


def read_opml_file(path: Path) -> bytes:
    """Read an OPML file a person named: a regular file of at most :data:`MAX_OPML_BYTES`, without blocking.

    Raises:
        ParseError: naming the file and why it cannot be read (a FIFO or a device, too large, missing...).
    """
    name = shown(str(path))
    try:
        data, _, _ = read_regular(open_named(path), MAX_OPML_BYTES)
    except TooLarge:
        raise ParseError(f"{name}: larger than 1 MB; an OPML list is usually a few kB") from None
    except NotRegularFile as exc:
        raise ParseError(f"{name}: not a regular file ({exc.strerror})") from None
    except OSError as exc:
        raise ParseError(f"{name}: cannot be read ({exc.strerror or exc})") from None
    return data


def parse_opml(data: bytes) -> list[OpmlFeed]:
    """Return the feeds an OPML document lists, in order, each URL once.

    Raises:
        ParseError: if the document is not OPML.
    """
    if not data.strip():
        raise ParseError("not OPML: the file is empty")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=False)
    try:
        root = etree.fromstring(data.lstrip(b"\xef\xbb\xbf \t\r\n"), parser)
    except etree.XMLSyntaxError as exc:
        raise ParseError(f"not OPML: broken XML ({exc.msg}, line {exc.lineno})") from None
    if not isinstance(root.tag, str) or etree.QName(root).localname.lower() != "opml":
        raise ParseError("not OPML: the document's root is not <opml>")
    body = next((c for c in root if isinstance(c.tag, str) and etree.QName(c).localname.lower() == "body"), None)
    if body is None:
        raise ParseError("not OPML: there is no <body>")
    found: list[OpmlFeed] = []
    seen: set[str] = set()
    _collect(body, [], found, seen)
    return found


def _collect(parent: etree._Element, path: list[str], found: list[OpmlFeed], seen: set[str]) -> None:
    for outline in parent:
        if not isinstance(outline.tag, str) or etree.QName(outline).localname.lower() != "outline":
            continue
        title = _attr(outline, "title") or _attr(outline, "text")
        url = _attr(outline, "xmlUrl")
        if url and url.lower().startswith(("http://", "https://")) and url not in seen:
            seen.add(url)
            found.append(OpmlFeed(url, title, " / ".join(path) or None, _attr(outline, "htmlUrl")))
        _collect(outline, [*path, title] if title and not url else path, found, seen)


def export_opml(
    feeds: Sequence[Feed], *, now: datetime, title: str = "newsdigest feeds", passwords: bool = False
) -> str:
    """Return an OPML 2.0 document listing ``feeds``, a password in a URL as ``[redacted]`` unless ``passwords``."""
    root = etree.Element("opml", version="2.0")
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "title").text = title
    etree.SubElement(head, "dateCreated").text = format_datetime(now, usegmt=True)
    body = etree.SubElement(root, "body")
    for feed in feeds:
        url = feed.url if passwords else feed.shown_url
        etree.SubElement(body, "outline", type="rss", text=feed.name, title=feed.name, xmlUrl=url)
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return data.decode("utf-8")
