"""Feed files (RSS, Atom, RDF, JSON Feed, RSS in JSON) in a drop folder: the URL door's own parser, per entry.

A feed file gives the same articles as the same feed fetched by URL: the bytes go to
:func:`bot.ingest.feeds.parse_feed`, whose entries are taken as they are. An entry without a body is kept (a
headline with a link is news), and the file's other checks (headline, body, dateline) are not applied.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from bot.errors import ParseError
from bot.ingest import jsontext
from bot.ingest.formats import FEED_READER, JSON_READER
from bot.models import Article, Retrieved

# A JSON Feed's own version member, wherever it stands (feeds written with sorted keys put it last); an
# article that only mentions the address holds it inside a string, its quotes escaped.
_NAMES_ITSELF_A_FEED = re.compile(r'"version"\s*:\s*"https?://jsonfeed\.org/version')


def feed_file_articles(item: Retrieved, *, reader: str, now: datetime, key_points: int = 3) -> list[Article] | None:
    """Return the articles of a feed file's entries, or None when the file is not a feed file.

    ``reader`` is the reader chosen for the file (:func:`bot.ingest.formats.reader_of`): a file read as a feed
    is one (named .xml, .rss, .atom, .rdf, or a feed under another name); a file read as JSON is one when it is
    a JSON Feed or RSS in JSON (other JSON holds articles of its own shape, read by the JSON article reader).

    Raises:
        ParseError: if the file is a feed file that cannot be used, or has no entries.
    """
    data = item.data
    if reader == JSON_READER:
        if not may_be_json_feed(data):
            return None
        from bot.ingest.formats.decode import decode_text

        # Read as every drop file is (marks, UTF-16, stray bytes, control characters), so that a JSON Feed saved
        # as UTF-16 or with one damaged byte is still told a feed, not read as one article made of its own title.
        text = decode_text(data, item.content_type)
        if not is_json_feed(text):
            return None
        data = text.encode("utf-8")
    elif reader != FEED_READER:
        return None
    from bot.ingest.feeds import parse_feed  # here: the other file formats never need the feed parser
    from bot.ingest.formats.decode import check_readable

    check_readable(data)  # an empty or binary file is told so, as every other file is
    parsed = parse_feed(
        data, now=now, base_url=item.base_url, content_type=None, key_points=key_points, entries_max=None
    )
    if not parsed.entries:
        raise ParseError("the feed file has no entries")
    return [entry.article for entry in parsed.entries]


def may_be_json_feed(data: bytes) -> bool:
    """Tell JSON bytes that may be a feed (most JSON files are articles: spared decoding twice, and the import).

    A NUL among the first bytes is UTF-16 or UTF-32 text, whose words the byte test cannot see.
    """
    return b"jsonfeed" in data or b'"rss"' in data or b'"messages"' in data or b"\x00" in data[:4]


def is_json_feed(text: str) -> bool:
    """Tell whether JSON text is a JSON Feed (jsonfeed.org) or an RSS document in JSON.

    Raises:
        ParseError: for damaged JSON that names itself a JSON Feed, saying what is wrong with the JSON.
    """
    if "jsonfeed" not in text and '"rss"' not in text and '"messages"' not in text:
        return False
    try:
        doc = jsontext.loads(text)
    except (ValueError, RecursionError):
        if _NAMES_ITSELF_A_FEED.search(text) is None:
            return False  # damaged JSON of another kind: the JSON article reader says how
        jsontext.load(text)  # damaged, and it names itself a JSON Feed: raises the JSON's own error
        return True
    return _feed_shaped(doc)


def _feed_shaped(doc: Any) -> bool:  # noqa: ANN401 - JSON is any shape until checked
    if not isinstance(doc, dict):
        return False
    from bot.ingest.jsonfeed import is_telegram_export  # here, as the feed parser is

    if is_telegram_export(doc):
        return True  # a channel's posts saved by Telegram Desktop: a feed in a file
    if "jsonfeed" in str(doc.get("version", "")).lower():
        return True
    rss = doc.get("rss")
    return isinstance(rss, dict) and isinstance(rss.get("channel"), dict)
