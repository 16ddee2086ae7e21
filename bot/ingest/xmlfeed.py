"""RSS 0.9x / 1.0 / 2.0 and Atom bytes to raw entries: our own decoding, then feedparser on clean UTF-8."""

from __future__ import annotations

import codecs
import contextlib
import logging
import re
import time
from html import escape
from typing import Any
from urllib.parse import urljoin

import feedparser

from bot.errors import ParseError
from bot.ingest.feedhtml import holds_markup
from bot.ingest.feedraw import RawEntry, RawFeed, parse_date
from bot.ingest.formats.decode import codec_for, decode_unmarked, decode_utf16
from bot.ingest.images import article_image
from bot.ingest.textsafe import valid_unicode
from bot.models import ArticleImage, Published
from bot.text.linepatterns import BYLINE
from bot.text.machinedates import impossibly_written, read_epoch

log = logging.getLogger(__name__)

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_DECLARATION = re.compile(rb"^\s*<\?\w*xml\b[^>]*?\?>", re.IGNORECASE)
_DECLARED = re.compile(rb"""encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_CHAR_REF = re.compile(r"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));")
_CHARSET = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_ENTRY_OPEN = re.compile(r"<(?:[\w.-]+:)?(?:item|entry)\b[^>]*(?<!/)>", re.IGNORECASE)
_ENTRY_CLOSE = re.compile(r"</(?:[\w.-]+:)?(?:item|entry)\s*>", re.IGNORECASE)
_ROOT_CLOSE = re.compile(r"</(?:[\w.-]+:)?(?:rss|feed|rdf)\s*>\s*$", re.IGNORECASE)


def decode_bytes(data: bytes, content_type: str | None = None, declared: str | None = None) -> str:
    """Decode a document: BOM first, then UTF-8 (despite a few stray bytes), then the declaration, the HTTP charset.

    Servers often send a wrong charset header while the document's own declaration is right (and the other way
    round), so a label is only believed if the bytes decode cleanly with it.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            if name.startswith("utf-16"):
                # A mark may name the wrong byte order: the drop files' decoder reads the order the text shows.
                with contextlib.suppress(ParseError):
                    return valid_unicode(decode_utf16(data[len(bom) :], name))
            return data[len(bom) :].decode(name, errors="replace")
    if len(data) >= 4 and data[0] == 0 and data[1] != 0 and data[2] == 0:
        return data.decode("utf-16-be", errors="replace")  # '<' as UTF-16 without a BOM
    if len(data) >= 4 and data[0] != 0 and data[1] == 0 and data[3] == 0:
        return data.decode("utf-16-le", errors="replace")
    header = _CHARSET.search(content_type or "")
    codecs_named = (codec_for(label) for label in (declared, header.group(1) if header else None))
    labelled = [codec for codec in codecs_named if codec and codec not in {"utf-8", "utf-16", "utf-32"}]
    text = decode_unmarked(data, labelled)
    return text if text is not None else data.decode("cp1252", errors="replace")


def decode_xml(data: bytes, content_type: str | None = None) -> str:
    """Decode XML bytes to text without its XML declaration (which would name the wrong encoding now)."""
    head = data[:512].lstrip(b"\xef\xbb\xbf")
    match = _DECLARATION.match(head)
    declared = None
    if match:
        found = _DECLARED.search(match.group(0))
        declared = found.group(1).decode("ascii") if found else None
    text = decode_bytes(data, content_type, declared).lstrip("\ufeff \t\r\n")
    # Drop the declaration, even a broken one such as '<?phpxml version="1.0"?>', and any leading whitespace.
    return re.sub(r"^<\?\w*xml\b[^>]*?\?>\s*", "", text, count=1, flags=re.IGNORECASE)


def valid_char_refs(text: str) -> str:
    """Replace character references to no character (``&#xD800;``, past U+10FFFF) by ``&#xFFFD;``.

    feedparser's loose parser raises on them, which would lose the whole feed.
    """
    if "&#" not in text:
        return text
    return _CHAR_REF.sub(_valid_ref, text)


def _valid_ref(match: re.Match[str]) -> str:
    hex_digits, digits = match.groups()
    if len((hex_digits or digits).lstrip("0")) > 8:
        return "&#xFFFD;"  # far past U+10FFFF (and int() refuses thousands of digits)
    code = int(hex_digits, 16) if hex_digits else int(digits)
    return match.group(0) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "&#xFFFD;"


def _get(entry: Any, key: str) -> Any:  # noqa: ANN401 - a feedparser dict
    # Plain dict access: FeedParserDict's key aliases warn (updated -> published) and guess.
    return dict.get(entry, key)


def _moment(entry: Any) -> Published | None:  # noqa: ANN401 - a feedparser dict
    # The feed's own text first: feedparser misreads some numeric dates ('2020/1/10 14:33:00' as 1 November) and
    # its parsed forms are UTC, losing the offset the feed printed (the day its readers see).
    # Its parsed form only for a text no reader refuses: feedparser reads '+99:99' as an offset of 100 hours.
    for key in ("published", "updated", "created"):
        moment = parse_date(_get(entry, key))
        if moment is not None:
            return moment
    # Nor one whose day and year are written nowhere in the text: feedparser reads the start of a form it does
    # not know as a year and a month, and dates it the 1st ("2026. 12. 5." as 1 December).
    for key in ("published", "updated", "created"):
        text, value = _get(entry, key), _get(entry, f"{key}_parsed")
        if isinstance(text, str) and (impossibly_written(text) or not _day_written(text, value)):
            continue
        if isinstance(value, time.struct_time) and (moment := read_epoch(value)) is not None:
            return moment
    return None


_NUMBER = re.compile(r"\d{1,4}")


def _day_written(text: str, value: object) -> bool:
    """Whether the day of the month and the year feedparser read are numbers the text writes.

    A date written to the month ("2026-12", W3C's form) is its 1st, as feedparser reads it.
    """
    if not isinstance(value, time.struct_time):
        return False
    written = _NUMBER.findall(text[:200])
    numbers = {int(n) for n in written}
    day = value.tm_mday in numbers or (value.tm_mday == 1 and len(written) <= 2)
    return day and (value.tm_year in numbers or value.tm_year % 100 in numbers)


def _content(entry: Any) -> str | None:  # noqa: ANN401 - a feedparser dict
    best = ""
    for part in _get(entry, "content") or ():
        value = _as_html(part.get("value") or "", part.get("type"))
        if len(value.strip()) > len(best):
            best = value.strip()
    return best or None


def _text(entry: Any, key: str) -> Any:  # noqa: ANN401 - a feedparser dict, its value as _get gives it
    """An entry's title or summary as HTML, whatever the feed declared it."""
    value = _get(entry, key)
    detail = _get(entry, f"{key}_detail")
    return _as_html(value, detail.get("type") if isinstance(detail, dict) else None) if value else value


def _as_html(value: Any, kind: object) -> Any:  # noqa: ANN401 - what feedparser holds
    """An Atom ``type="text"`` value made HTML: there "<" is a character ("Bridge <reopens> today"), never markup.

    Escaped, the one HTML reader downstream gives it back as written (RSS and Atom HTML arrive as HTML already).
    """
    if kind != "text/plain" or not isinstance(value, str) or holds_markup(value):
        return value  # (HTML in a text element is a generator's fault: read as the HTML it is)
    return escape(value, quote=False)


def parse_xml_feed(data: bytes, base_url: str | None = None, content_type: str | None = None) -> RawFeed:
    """Parse RSS or Atom; a malformed document is used as far as feedparser's loose parser can read it.

    Raises:
        ParseError: if nothing feed-like is found.
    """
    text = valid_char_refs(decode_xml(data, content_type))
    # No content-location: feedparser would resolve every relative id against it too, turning a GUID such as
    # '1559104147038' into a URL of the server it came from; links are made absolute here instead.
    headers = {"content-type": "application/xml; charset=utf-8"}
    # Bytes, never a str: feedparser would take a str that looks like a URL or path as something to open.
    # Its HTML sanitizer and relative-link rewriting inside content cost most of the time; we keep only the text of
    # content (html_to_paragraphs drops scripts and styles), so neither is needed.
    try:
        parsed = feedparser.parse(
            text.encode("utf-8"), response_headers=headers, sanitize_html=False, resolve_relative_uris=False
        )
    except Exception as exc:  # feedparser's loose parser has raised on odd input before: a feed, not the bot
        log.warning("feedparser failed on %s: %r", base_url or "(file)", exc)
        raise ParseError(f"not a feed: the XML could not be read ({type(exc).__name__})") from None
    if parsed.get("bozo"):
        if _cut_off_in_an_entry(text):
            # Read loosely, its last entry would be a fragment (no guid, no date, half a text) stored for good,
            # and stored again whole from the next complete download: the next poll reads it all instead.
            line = text.count("\n") + 1
            raise ParseError(f"truncated XML: it stops in the middle of an entry (line {line}); nothing was stored")
        log.debug("feed %s is malformed (%s); using what could be read", base_url, parsed.get("bozo_exception"))
    if not parsed.entries and not parsed.get("version"):
        reason = parsed.get("bozo_exception")
        detail = f" ({_plain(reason)})" if reason else ""
        raise ParseError(f"not a feed: the XML is neither RSS nor Atom{detail}")
    # A feed file read from a folder has no address of its own: its relative links ("/posts/ferry", a GUID
    # permalink) are read against the site's address the feed gives, or no reader could follow them.
    home = parsed.feed.get("link")
    base = base_url or (home if isinstance(home, str) and home.startswith(("http://", "https://")) else None)
    entries = []
    for number, e in enumerate(parsed.entries, 1):
        try:
            entries.append(_raw_entry(e, base))
        except Exception as exc:  # one entry's fault costs that entry, never the feed
            log.warning("feed %s: entry %d skipped: %r", base_url or "(file)", number, exc)
    link = _absolute(parsed.feed.get("link") or None, base_url)
    return RawFeed(parsed.feed.get("title") or None, link, tuple(entries), parsed.feed.get("language") or None)


def _cut_off_in_an_entry(text: str) -> bool:
    """Whether a malformed document stops inside an entry: its last entry opened and never closed, its root unclosed.

    A feed merely sloppy about closing an ``<item>`` closes its root after it, and is read as far as it goes.
    """
    tail = text.rstrip()
    if _ROOT_CLOSE.search(tail[-200:]):
        return False
    opened = [m.start() for m in _ENTRY_OPEN.finditer(text)]
    if not opened:
        return False
    closed = [m.start() for m in _ENTRY_CLOSE.finditer(text, opened[-1])]
    return not closed


def _absolute(url: str | None, base_url: str | None) -> str | None:
    if not url or not base_url:
        return url
    try:
        return urljoin(base_url, url)
    except ValueError:
        return url


def _raw_entry(e: Any, base_url: str | None) -> RawEntry:  # noqa: ANN401 - a feedparser dict
    return RawEntry(
        title=_text(e, "title") or _text(e, "itunes_title"),  # a podcast's episode named by itunes:title alone
        # FeedBurner's proxy link ("feedproxy.google.com/~r/...") leads to the story through a redirect that has
        # been gone since 2022: its origLink is the story's own address.
        link=_absolute(_origin_link(e) or _get(e, "link") or _enclosure(e), base_url),
        guid=_get(e, "id") or None,
        published=_moment(e),
        html=_content(e),
        summary=_text(e, "summary") or _text(e, "subtitle") or None,  # a podcast's itunes:subtitle alone
        author=author_name(_get(e, "author")),
        image=_media_image(e, base_url),
        publisher=_publisher(e),
    )


def _origin_link(entry: Any) -> str | None:  # noqa: ANN401 - a feedparser dict
    link = _get(entry, "feedburner_origlink")
    return link.strip() if isinstance(link, str) and link.strip().startswith(("http://", "https://")) else None


_EMAIL = re.compile(r"[^\s@()<>]+@[^\s@()<>]+")


def author_name(text: object) -> str | None:
    """Return an entry's author as a name, without the address written beside it.

    RSS writes "mara@example.org (Mara Quill)"; feedparser gives Atom's name and email as "Mara Quill
    (noreply@blogger.com)", an address every digest showed. A bare address stays: it is all the feed says. A
    byline's label goes ("By Mara Quill").
    """
    if not isinstance(text, str) or not text.strip():
        return None
    text = text.strip()
    if BYLINE.match(text):  # "By Ann Lee", as many feeds write their dc:creator
        from bot.text.pasted import without_byline_label  # here: the copies' reader only for such a name

        text = without_byline_label(text)
    if text.endswith(")") and "(" in text:
        before, _, inside = text[:-1].rpartition("(")
        before, inside = before.strip(), inside.strip()
        if before and _EMAIL.fullmatch(inside):
            return before
        if inside and _EMAIL.fullmatch(before):
            return inside
    return text


def _publisher(entry: Any) -> str | None:  # noqa: ANN401 - a feedparser dict
    """The name of the site an aggregator's entry came from (<source> in RSS 2.0 and Atom), if it is text."""
    source = _get(entry, "source")
    title = source.get("title") if isinstance(source, dict) else None
    return title if isinstance(title, str) and title.strip() else None


_IMAGE_PATH = re.compile(r"\.(jpe?g|png|gif|webp|avif)$", re.IGNORECASE)


def _media_image(entry: Any, base_url: str | None) -> ArticleImage | None:  # noqa: ANN401 - a feedparser dict
    """Return the entry's image: media:content of an image, else media:thumbnail, else an image enclosure."""
    candidates: list[dict[str, Any]] = []
    for media in (_get(entry, "media_content") or ())[:20]:
        kind = f"{media.get('medium') or ''} {media.get('type') or ''}".strip().lower()
        path = str(media.get("url") or "").split("?", 1)[0]
        if kind.startswith("image") or (not kind and _IMAGE_PATH.search(path)):
            candidates.append(media)
    candidates += list((_get(entry, "media_thumbnail") or ())[:20])
    for link in (_get(entry, "links") or ())[:20]:
        if link.get("rel") == "enclosure" and str(link.get("type") or "").lower().startswith("image/"):
            candidates.append({"url": link.get("href")})
    for media in candidates:
        image = article_image(media.get("url"), width=media.get("width"), height=media.get("height"), base_url=base_url)
        if image is not None:
            return image
    return None


def _enclosure(entry: Any) -> str | None:  # noqa: ANN401 - a feedparser dict
    for link in _get(entry, "links") or ():
        if link.get("href"):
            return str(link["href"])
    return None


def _plain(exc: object) -> str:
    text = str(exc)
    return text.split("\n", 1)[0][:120]
