r"""Valid Unicode at the boundary: text from files is cleaned once, names from the file system are shown escaped.

Every parsed article (a file's, a feed entry's) passes :func:`clean_article` once, which also bounds its
headline: a "title" of a megabyte (a feed entry's, or a heading that is really a whole page) would otherwise be
stored and printed in full by ``find``, the markdown digest and the newsletter. Its body is bounded there too
(:data:`BODY_MAX`): a 36 MB newsletter was a 36 MB body, indexed, copied into every search snippet and sent to
PostgreSQL in one row; the beginning is kept and a last paragraph says the text was cut.

Python hands over two kinds of text that cannot be stored or printed as UTF-8: lone surrogates decoded from
a file's escapes (``"\udfff"`` in JSON), and file names that are not valid UTF-8, which ``os`` decodes with
``surrogateescape``. SQLite, stdout and ``.why.txt`` files all refuse them with UnicodeEncodeError, so
every such string is made valid here before it reaches any of them.
"""

from __future__ import annotations

import dataclasses
import logging
import re
import unicodedata
from collections.abc import Callable
from typing import Any, TypeVar

from bot.models import Article
from bot.text.bidi import DIRECTION_CLASS, closed_bidi

T = TypeVar("T")

log = logging.getLogger(__name__)

REPLACEMENT = "\ufffd"
# No headline is longer; longer text is cut at a word and ends with an ellipsis (Discord shows 256 at most).
HEADLINE_MAX = 300
# No stored body is longer, from any format or feed: the longest long-reads are about a fifth of it (30,000
# words), and a drop file may be 50 MB. The rest is left out, said in a last paragraph (CUT_NOTE) and logged.
BODY_MAX = 200_000
CUT_NOTE = "[Cut here: {rest:,} more characters are not kept; newsdigest keeps the first {kept:,} of an article.]"
_CUT_NOTE = re.compile(r"\[Cut here: ([\d,]+) more characters are not kept; newsdigest keeps the first ([\d,]+) of")
# What no store accepts: lone surrogates (UTF-8 cannot encode them) and NUL (PostgreSQL's text refuses it).
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
# Shown escaped in names: controls (a newline would forge a log line), lone surrogates, line and paragraph
# separators and the bidirectional overrides that make a name read as something else.
_UNSHOWABLE = re.compile(f"[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029{DIRECTION_CLASS}]")
# The article's own text, closed where it ends; its url, guid and language are identifiers, left as they are.
_PROSE_FIELDS = ("title", "body", "dateline", "author", "key_points", "source", "summary")
# Typesetting kept in the text, which no reader sees and search cannot see through: soft hyphens (a German page's
# "Bundes&shy;regierung", a PDF's "of\u00adfices") and a PDF's Latin ligatures ("\ufb01nancial"). "Bundesregierung" and
# "financial" found nothing. Soft hyphens go; a ligature becomes its letters (its compatibility form).
_TYPESET = re.compile("[\u00ad\ufb00-\ufb06]")
_UNTYPESET = {0xAD: None, **{code: unicodedata.normalize("NFKC", chr(code)) for code in range(0xFB00, 0xFB07)}}
# An article's link: an address whose scheme is not the web's (javascript:, data:, file:, vbscript:) is no link
# any reader can follow, and one that a JSON output, a webhook or a later template would hand on as a link.
# (An image is made safe where it is made: bot.ingest.images.article_image.)
_SCHEME = re.compile(r"\s*([A-Za-z][A-Za-z0-9+.-]*):")


def valid_unicode(text: str) -> str:
    r"""Return ``text`` as storable Unicode: a surrogate pair joined, a lone surrogate and NUL replaced by U+FFFD.

    JSON's ``"\udfff"`` and XML's ``&#xD800;`` put surrogates into Python strings; they cannot be encoded, so
    they would fail later, far from here (storing, rendering, posting). Unchanged text is returned as it is.
    """
    if storable(text):
        return text
    if "\x00" in text:  # JSON's "\u0000": a file PostgreSQL refused to store ("text cannot contain NUL")
        text = text.replace("\x00", REPLACEMENT)
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def storable(text: str) -> bool:
    """Tell whether ``text`` holds neither NUL nor a surrogate (what ``_UNSTORABLE`` finds), without its search.

    The pattern's search tries every character (~3 us a KB); ASCII text holds no surrogate, and strict UTF-8
    refuses every surrogate, so a memchr for NUL and, beyond ASCII, an encode in C answer the same.
    """
    if "\x00" in text:
        return False
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def shown(name: str) -> str:
    r"""Return a file name or path as it may be printed, logged or stored: always valid, on one line.

    A byte that was not UTF-8 (decoded by ``os`` with surrogateescape) reads ``\xff``; other invisible or
    line-breaking characters read ``\n``, ``\u202e`` and so on. Ordinary names come back unchanged.
    """
    if _UNSHOWABLE.search(name) is None:
        return name
    return _UNSHOWABLE.sub(_escape, name)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a raw byte of a name that was not UTF-8
        return f"\\x{code - 0xDC00:02x}"
    if code == 0x0A:
        return "\\n"
    if code == 0x0D:
        return "\\r"
    if code == 0x09:
        return "\\t"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def bounded_title(title: str) -> str:
    """Return the title cut to at most :data:`HEADLINE_MAX` characters at a word, ending with an ellipsis."""
    if len(title) <= HEADLINE_MAX:
        return title
    cut = title[: HEADLINE_MAX - 1]
    space = cut.rfind(" ")
    if space >= HEADLINE_MAX // 2:  # a word boundary near the end; else (one enormous word) cut inside it
        cut = cut[:space]
    return cut.rstrip(" ,;:-") + "\u2026"


def bounded_body(body: tuple[str, ...]) -> tuple[str, ...]:
    """Return the body cut to :data:`BODY_MAX` characters (paragraphs joined by blank lines), marked as cut.

    Whole paragraphs are kept while they fit; the one that does not is cut at a word and ends with an ellipsis;
    a last paragraph (:data:`CUT_NOTE`) says how much was left out. A body that fits comes back as it is.
    """
    total = sum(len(p) for p in body) + 2 * max(0, len(body) - 1)
    if total <= BODY_MAX:
        return body
    kept: list[str] = []
    used = 0
    for paragraph in body:
        room = BODY_MAX - used - (2 if kept else 0)
        if len(paragraph) <= room:
            kept.append(paragraph)
            used += len(paragraph) + (2 if len(kept) > 1 else 0)
            continue
        if room > 1:
            cut = paragraph[: room - 1]
            space = cut.rfind(" ")
            cut = cut[:space] if space >= room // 2 else cut
            kept.append(cut.rstrip() + "\u2026")
            used += len(kept[-1]) + (2 if len(kept) > 1 else 0)
        break
    return (*kept, CUT_NOTE.format(rest=total - used, kept=BODY_MAX))


def cut_note(article: Article) -> tuple[int, int] | None:
    """Return (characters left out, characters kept) when :func:`bounded_body` cut the article's body, else None."""
    found = _CUT_NOTE.match(article.body[-1]) if article.body else None
    if found is None:
        return None
    return int(found.group(1).replace(",", "")), int(found.group(2).replace(",", ""))


def clean_article(article: Article, origin: str = "") -> Article:
    """Return the article with lone surrogates replaced in every text field, and its title and body bounded.

    ``origin`` (a file's name, a feed's) names the article in the warning logged when its body is cut. The same
    object comes back when nothing needed changing.
    """
    changes: dict[str, Any] = {}
    for field in dataclasses.fields(article):
        value = getattr(article, field.name)
        cleaned = _clean_value(value)
        if cleaned is not value:
            changes[field.name] = cleaned
    title = bounded_title(changes.get("title", article.title))
    if title is not article.title:
        changes["title"] = title
    body = changes.get("body", article.body)
    bounded = bounded_body(body)
    if bounded is not body:
        changes["body"] = bounded
        log.warning(
            "%s: the text of “%s” is longer than %d characters: only its beginning is kept, marked as cut",
            origin or "an article",
            title[:80],
            BODY_MAX,
        )
    link = changes.get("url", article.url)
    if link is not None and not followable(link):
        changes["url"] = None
    for name in _PROSE_FIELDS:  # after the cuts, which may cut off a closing control
        value = changes.get(name, getattr(article, name))
        closed = _each_text(_each_text(value, untypeset), closed_bidi)
        if closed is not value:
            changes[name] = closed
    return dataclasses.replace(article, **changes) if changes else article


def followable(link: str) -> bool:
    """Tell whether a link is one a reader can follow: http(s), or relative (no scheme of its own)."""
    scheme = _SCHEME.match(link)
    return scheme is None or scheme.group(1).lower() in ("http", "https")


def untypeset(text: str) -> str:
    """Return ``text`` without soft hyphens and with a ligature's letters for each ligature; else as it is."""
    if text.isascii() or _TYPESET.search(text) is None:
        return text
    return text.translate(_UNTYPESET)


def _each_text(value: T, change: Callable[[str], str]) -> T:
    """Return ``value`` (a text, or a tuple holding texts) with ``change`` made to each text; itself where none moved.

    ``change`` gives back the very text it was given when it changes nothing.
    """
    if isinstance(value, str):
        return change(value)  # type: ignore[return-value]
    if isinstance(value, tuple) and any(isinstance(v, str) and change(v) is not v for v in value):
        return tuple(change(v) if isinstance(v, str) else v for v in value)  # type: ignore[return-value]
    return value


def _clean_value(value: T) -> T:
    if isinstance(value, str):
        cleaned = valid_unicode(value)
        return value if cleaned == value else cleaned  # type: ignore[return-value]
    if isinstance(value, tuple) and any(isinstance(v, str) and not storable(v) for v in value):
        return tuple(valid_unicode(v) if isinstance(v, str) else v for v in value)  # type: ignore[return-value]
    return value
