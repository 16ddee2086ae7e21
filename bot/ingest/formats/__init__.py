"""Parsers for drop-folder files: each turns a Retrieved into Articles, purely."""

from __future__ import annotations

import functools
import importlib
import logging
from dataclasses import replace
from datetime import datetime
from pathlib import PurePath

from bot.errors import ParseError, UnsupportedFormatError
from bot.ingest.textsafe import clean_article, cut_note
from bot.models import Article, Retrieved

log = logging.getLogger(__name__)

TEXT_SUFFIXES = (".txt",)
MARKDOWN_SUFFIXES = (".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm")
EMAIL_SUFFIXES = (".eml",)
JSON_SUFFIXES = (".json",)
FEED_SUFFIXES = (".xml", ".rss", ".atom", ".rdf")
SUPPORTED_SUFFIXES = TEXT_SUFFIXES + MARKDOWN_SUFFIXES + HTML_SUFFIXES + EMAIL_SUFFIXES + JSON_SUFFIXES + FEED_SUFFIXES


@functools.lru_cache(maxsize=256)
def suffix_of(name: str) -> str:
    """Return the lower-cased suffix that picks the parser ("" when there is none).

    Asked three times of each file (the scan, the parser's choice, its finish); remembered for a few hundred.
    """
    return PurePath(name).suffix.lower()


def is_supported(name: str) -> bool:
    """Tell whether a file name has a suffix newsdigest reads."""
    return suffix_of(name) in SUPPORTED_SUFFIXES


def parse_retrieved(item: Retrieved, *, now: datetime, key_points: int = 3) -> list[Article]:
    """Parse one file's bytes into its articles, choosing the parser by the file's suffix.

    ``now`` is the reference for relative dates ("3 hours ago") when the file has no modification time.
    Articles without key points get ``key_points`` of them from :func:`bot.text.keypoints.key_points`.

    Raises:
        UnsupportedFormatError: if the suffix is not one newsdigest reads.
        ParseError: if the file cannot be read as its format ("empty file", "binary file ...", ...).
    """
    from bot.ingest.formats.feedfile import feed_file_articles

    # A feed file's entries are the URL door's articles as they are (a headline with a link is news).
    entries = feed_file_articles(item, now=now, key_points=key_points)
    if entries is not None:
        return entries
    articles = _parse(item, now=now, key_points=key_points)
    # Lone surrogates from a file's escapes ("\\udfff" in JSON, &#xD800; in a page) end here: past this point
    # every string is valid Unicode that SQLite, a terminal and a Discord message accept.
    return [_finish(clean_article(article, item.name), item, key_points) for article in articles]


def _parse(item: Retrieved, *, now: datetime, key_points: int) -> list[Article]:
    # Imports are local so that one format's missing dependency cannot break the others.
    from bot.ingest.formats.decode import check_readable, decode_text

    suffix = suffix_of(item.name)
    if suffix not in SUPPORTED_SUFFIXES:
        shown = suffix or "no suffix"
        raise UnsupportedFormatError(
            f"unsupported file type ({shown}); newsdigest reads {', '.join(SUPPORTED_SUFFIXES)}"
        )
    if suffix in HTML_SUFFIXES:
        from bot.ingest.formats.html import parse_html

        html = decode_text(item.data, item.content_type)
        return [parse_html(html, name=item.name, base_url=item.base_url, reference=item.modified or now)]
    if suffix in EMAIL_SUFFIXES:
        from bot.ingest.formats.eml import parse_email

        check_readable(item.data)
        return parse_email(item.data, name=item.name)  # an aggregator newsletter: one article per story
    text = decode_text(item.data, item.content_type)
    if suffix in MARKDOWN_SUFFIXES:
        from bot.ingest.formats.markdown import parse_markdown

        return [parse_markdown(text, name=item.name)]
    if suffix in JSON_SUFFIXES:
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


def _finish(article: Article, item: Retrieved, count: int) -> Article:
    if not article.title.strip():
        raise ParseError("no headline found")
    if not article.body:
        raise ParseError("no body text found")
    changes: dict[str, object] = {}
    if suffix_of(item.name) not in TEXT_SUFFIXES:
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
