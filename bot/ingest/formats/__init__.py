"""Parsers for drop-folder files: each turns a Retrieved into Articles, purely."""

from __future__ import annotations

import functools
import importlib
import logging
from dataclasses import replace
from datetime import datetime
from pathlib import PurePath

from bot.errors import ParseError, UnsupportedFormatError
from bot.ingest.formats import sniff
from bot.ingest.textsafe import clean_article, cut_note
from bot.models import Article, Retrieved
from bot.text.walls import is_consent_notice

log = logging.getLogger(__name__)

TEXT_SUFFIXES = (".txt",)
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdx")
HTML_SUFFIXES = (".html", ".htm")
EMAIL_SUFFIXES = (".eml", ".mbox")  # a mailbox file (Thunderbird's, Apple Mail's export): its messages, up to 100
JSON_SUFFIXES = (".json", ".jsonl", ".ndjson")  # JSON Lines too: one document a line
FEED_SUFFIXES = (".xml", ".rss", ".atom", ".rdf")
MHTML_SUFFIXES = (".mhtml", ".mht")
DOCUMENT_SUFFIXES = (".docx", ".odt")
RTF_SUFFIXES = (".rtf",)
WEBARCHIVE_SUFFIXES = (".webarchive",)
SHORTCUT_SUFFIXES = (".url", ".webloc")  # a link only: read to say so, never an article
SUPPORTED_SUFFIXES = (
    TEXT_SUFFIXES
    + MARKDOWN_SUFFIXES
    + HTML_SUFFIXES
    + EMAIL_SUFFIXES
    + JSON_SUFFIXES
    + FEED_SUFFIXES
    + MHTML_SUFFIXES
    + DOCUMENT_SUFFIXES
    + RTF_SUFFIXES
    + WEBARCHIVE_SUFFIXES
    + SHORTCUT_SUFFIXES
)

# The readers, each named for what it reads.
TEXT_READER = "text"
MARKDOWN_READER = "markdown"
HTML_READER = "html"
EMAIL_READER = "email"
JSON_READER = "json"
FEED_READER = "feed"
MHTML_READER = "mhtml"
DOCUMENT_READER = "document"
RTF_READER = "rtf"
WEBARCHIVE_READER = "webarchive"
SHORTCUT_READER = "shortcut"
_NAMED_READER = {
    **dict.fromkeys(TEXT_SUFFIXES, TEXT_READER),
    **dict.fromkeys(MARKDOWN_SUFFIXES, MARKDOWN_READER),
    **dict.fromkeys(HTML_SUFFIXES, HTML_READER),
    **dict.fromkeys(EMAIL_SUFFIXES, EMAIL_READER),
    **dict.fromkeys(JSON_SUFFIXES, JSON_READER),
    **dict.fromkeys(FEED_SUFFIXES, FEED_READER),
    **dict.fromkeys(MHTML_SUFFIXES, MHTML_READER),
    **dict.fromkeys(DOCUMENT_SUFFIXES, DOCUMENT_READER),
    **dict.fromkeys(RTF_SUFFIXES, RTF_READER),
    **dict.fromkeys(WEBARCHIVE_SUFFIXES, WEBARCHIVE_READER),
    **dict.fromkeys(SHORTCUT_SUFFIXES, SHORTCUT_READER),
}
# What a file's content (bot.ingest.formats.sniff) may overrule the suffix's reader with, for each reader: only
# where that reader would misread the content. A whole HTML page is never text, Markdown, JSON, a feed or a
# mail; a saved mail in a .txt is a mail; a feed in a .txt, .md or .html is a feed; a saved single-file page
# (MHTML) is one wherever it turns up. Nothing overrules the HTML reader's own pages but a feed or MHTML. A
# document, web archive or shortcut is overruled by a page only: each of those readers tells what else a file
# holds itself, and says so when it is not theirs.
_CONTENT_READERS = {
    sniff.HTML: HTML_READER,
    sniff.EMAIL: EMAIL_READER,
    sniff.FEED: FEED_READER,
    sniff.JSON_FEED: JSON_READER,  # the JSON reader hands JSON Feeds to the feed parser
    sniff.MHTML: MHTML_READER,
    sniff.MARKDOWN: MARKDOWN_READER,
}
_OVERRULED_BY = {
    TEXT_READER: frozenset({sniff.MHTML, sniff.EMAIL, sniff.HTML, sniff.FEED, sniff.JSON_FEED, sniff.MARKDOWN}),
    MARKDOWN_READER: frozenset({sniff.MHTML, sniff.HTML, sniff.FEED}),
    HTML_READER: frozenset({sniff.MHTML, sniff.FEED, sniff.JSON_FEED}),
    EMAIL_READER: frozenset({sniff.MHTML, sniff.HTML}),
    JSON_READER: frozenset({sniff.MHTML, sniff.HTML}),
    FEED_READER: frozenset({sniff.MHTML, sniff.HTML}),
    MHTML_READER: frozenset({sniff.HTML}),
    DOCUMENT_READER: frozenset({sniff.MHTML, sniff.HTML}),
    RTF_READER: frozenset({sniff.MHTML, sniff.HTML}),
    WEBARCHIVE_READER: frozenset({sniff.MHTML, sniff.HTML}),
    SHORTCUT_READER: frozenset({sniff.MHTML, sniff.HTML}),
}


@functools.lru_cache(maxsize=256)
def suffix_of(name: str) -> str:
    """Return the lower-cased suffix that picks the parser ("" when there is none).

    Asked three times of each file (the scan, the parser's choice, its finish); remembered for a few hundred.
    """
    return PurePath(name).suffix.lower()


# Outlook's own message file (.msg, also under another name): what to save instead.
_SAVE_MAIL = (
    "an Outlook message: save it as .eml (Outlook on the web or the new Outlook: Download), or as HTML or Text Only"
)
# What to do with a file people often drop that is no article type: said with the file's reason.
_UNSUPPORTED_ADVICE = {
    ".opml": "a list of feeds: subscribe to them with `newsdigest feeds import FILE` or /feeds import",
    ".pdf": "copy the PDF's text into a .txt file",
    ".doc": "an old Word file: save it as .docx or .rtf",
    ".msg": _SAVE_MAIL,
    ".pages": "export it as .docx or .rtf",
    ".epub": "an e-book: copy the chapter's text into a .txt file",
}


def unsupported_reason(name: str) -> str:
    """Return why a file of no article type is left alone, with what to do where a common type has an answer."""
    suffix = suffix_of(name)
    advice = _UNSUPPORTED_ADVICE.get(suffix)
    return f"not an article type ({suffix or 'no suffix'})" + (f"; {advice}" if advice else "")


def is_supported(name: str) -> bool:
    """Tell whether a file name has a suffix newsdigest reads."""
    return suffix_of(name) in SUPPORTED_SUFFIXES


def reader_of(item: Retrieved) -> str:
    """Return the reader for a file: its suffix's, unless its first bytes plainly hold what that one misreads.

    A page saved as ``page.txt`` is read as a page, a mail saved as ``.txt`` as a mail, and so on
    (``_OVERRULED_BY``); Markdown with inline HTML, or a note starting "From: my notes", stays what it is named.

    Raises:
        UnsupportedFormatError: if the suffix is not one newsdigest reads.
    """
    suffix = suffix_of(item.name)
    named = _NAMED_READER.get(suffix)
    if named is None:
        shown = suffix or "no suffix"
        raise UnsupportedFormatError(
            f"unsupported file type ({shown}); newsdigest reads {', '.join(SUPPORTED_SUFFIXES)}"
        )
    kind = sniff.content_kind(item.data, _OVERRULED_BY[named])
    return named if kind is None else _CONTENT_READERS[kind]


def parse_retrieved(item: Retrieved, *, now: datetime, key_points: int = 3) -> list[Article]:
    """Parse one file's bytes into its articles, choosing the parser by the file's suffix and content.

    ``now`` is the reference for relative dates ("3 hours ago") when the file has no modification time.
    Articles without key points get ``key_points`` of them from :func:`bot.text.keypoints.key_points`.

    Raises:
        UnsupportedFormatError: if the suffix is not one newsdigest reads.
        ParseError: if the file cannot be read as its format ("empty file", "binary file ...", ...).
    """
    from bot.ingest.formats.feedfile import feed_file_articles

    reader = reader_of(item)
    # A feed file's entries are the URL door's articles as they are (a headline with a link is news).
    entries = feed_file_articles(item, reader=reader, now=now, key_points=key_points)
    if entries is not None:
        return entries
    if reader == SHORTCUT_READER:
        from bot.ingest.formats.shortcut import shortcut_refusal

        raise shortcut_refusal(item.data)
    if reader in (MHTML_READER, WEBARCHIVE_READER):  # a saved page: its HTML, read as a page with its address
        from bot.ingest.formats.mhtml import saved_page
        from bot.ingest.formats.webarchive import archived_page

        page = saved_page(item.data) if reader == MHTML_READER else archived_page(item.data)
        item = replace(item, data=page.html, content_type=page.content_type, base_url=item.base_url or page.location)
        reader = HTML_READER
    articles = _parse(item, reader, now=now, key_points=key_points)
    # Lone surrogates from a file's escapes ("\\udfff" in JSON, &#xD800; in a page) end here: past this point
    # every string is valid Unicode that SQLite, a terminal and a Discord message accept.
    return [_finish(clean_article(article, item.name), item, reader, key_points) for article in articles]


def _parse(item: Retrieved, reader: str, *, now: datetime, key_points: int) -> list[Article]:
    # Imports are local so that one format's missing dependency cannot break the others.
    from bot.ingest.formats.decode import OLE, check_readable, decode_text

    if reader == HTML_READER:
        from bot.ingest.formats.html import parse_html

        html = decode_text(item.data, item.content_type)
        return [parse_html(html, name=item.name, base_url=item.base_url, reference=item.modified or now)]
    if reader == DOCUMENT_READER:  # a document's paragraphs and properties, read as a Markdown file's blocks
        from bot.ingest.formats.documents import read_document

        return [read_document(item.data, name=item.name)]
    if reader == RTF_READER:
        from bot.ingest.formats.rtf import read_rtf

        return [read_rtf(item.data, name=item.name)]
    if reader == EMAIL_READER:
        from bot.ingest.formats.eml import parse_email

        if item.data.startswith(OLE):
            raise ParseError(f"not a saved mail: {_SAVE_MAIL}")
        check_readable(item.data)
        return parse_email(item.data, name=item.name, reference=item.modified or now)  # a newsletter: one per story
    text = decode_text(item.data, item.content_type)
    if reader == MARKDOWN_READER:
        from bot.ingest.formats.markdown import parse_markdown

        return [parse_markdown(text, name=item.name)]
    if reader == JSON_READER:
        from bot.ingest.formats.jsonfmt import read_json_articles

        return read_json_articles(text, name=item.name)
    # Looked up by name: bot.ingest.formats.text is written by the pasted-text work alongside this module.
    text_module = importlib.import_module("bot.ingest.formats.text")
    reference = item.modified or now
    article: Article = text_module.parse_pasted_text(text, reference=reference, name=item.name)
    return [article]


def split_dateline(paragraph: str) -> tuple[str | None, str]:
    """Split a leading dateline off a paragraph with bot.text.datelines, when that module is present."""
    try:
        # Looked up by name: the dateline reader is written alongside the pasted-text parser.
        module = importlib.import_module("bot.text.datelines")
    except ImportError:
        return None, paragraph
    place, rest = module.split_dateline(paragraph)
    return (str(place) if place else None), str(rest)


def _finish(article: Article, item: Retrieved, reader: str, count: int) -> Article:
    if not article.title.strip():
        raise ParseError("no headline found")
    if not article.body:
        raise ParseError("no body text found")
    if is_consent_notice(article.body):
        raise ParseError("a cookie or consent notice, not an article: the page was saved before its story was shown")
    changes: dict[str, object] = {}
    if reader != TEXT_READER:
        # Datelines ("LONDON (Reuters) -") belong in their field, not in the first sentence or key points.
        place, first = split_dateline(article.body[0])
        if place is not None:
            article = replace(article, body=(first, *article.body[1:]), dateline=article.dateline or place)
    if not article.key_points and count > 0:
        try:
            from bot.text.keypoints import key_points

            body = article.body[:-1] if cut_note(article) else article.body  # the cut note is no point
            changes["key_points"] = tuple(key_points(list(body), article.title, count))
        except Exception:  # key points are a summary aid: a fault there must not lose the article
            log.exception("key points failed for %s", item.name)
    if not article.source:
        changes["source"] = item.name
    if article.url is None and item.base_url and item.base_url.startswith(("http://", "https://")):
        changes["url"] = item.base_url
    return replace(article, **changes) if changes else article  # type: ignore[arg-type]
