"""JSON Feed 1 / 1.1 and RSS-in-JSON (an RSS 2.0 document serialised as JSON): feedparser reads neither."""

from __future__ import annotations

import logging
import re
from html import escape, unescape
from typing import Any
from urllib.parse import urljoin

from bot.errors import ParseError
from bot.ingest import jsontext
from bot.ingest.feedraw import RawEntry, RawFeed, parse_date
from bot.ingest.images import article_image
from bot.models import ArticleImage

log = logging.getLogger(__name__)


def parse_json_feed(text: str, base_url: str | None = None) -> RawFeed:
    """Parse a JSON Feed or an RSS-in-JSON document.

    Raises:
        ParseError: if it is JSON of another kind, or damaged.
    """
    doc = jsontext.load(text)
    if isinstance(doc, dict) and isinstance(doc.get("rss"), dict):
        return _rss_in_json(doc["rss"], base_url)
    if is_telegram_export(doc):
        return _telegram_export(doc)
    if isinstance(doc, dict) and (
        "jsonfeed.org/version" in str(doc.get("version", "")) or isinstance(doc.get("items"), list)
    ):
        return _json_feed(doc, base_url)
    raise ParseError("not a feed: JSON, but neither a JSON Feed, RSS in JSON nor a Telegram channel's export")


def _str(value: object) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def _plain(value: object) -> str | None:
    """Return a JSON Feed title, which the spec makes plain text, as the markup the feed parser reads titles as.

    '<' is a character there ("Die Rückkehr von <i> und <b>" names two tags), but many generators write character
    references anyway ("AT&amp;T", "&#8216;"): those are read once, and the rest escaped.
    """
    text = _str(value)
    return escape(unescape(text), quote=False) if text is not None else None


def _abs(url: str | None, base: str | None) -> str | None:
    if not url:
        return None
    try:
        return urljoin(base, url) if base else url
    except ValueError:
        return url


def _author(value: object) -> str | None:
    if isinstance(value, dict):
        return _str(value.get("name"))
    if isinstance(value, list):
        names = [n for n in (_author(v) for v in value) if n]
        return ", ".join(names) or None
    return _str(value)


def _json_feed(doc: dict[str, Any], base_url: str | None) -> RawFeed:
    home = _str(doc.get("home_page_url"))
    base = _abs(home, base_url) or _str(doc.get("feed_url")) or base_url
    feed_author = _author(doc.get("authors")) or _author(doc.get("author"))
    items = doc.get("items")
    if not isinstance(items, list):
        raise ParseError("not a feed: a JSON Feed without an items list")
    entries = []
    for number, item in enumerate(items, 1):
        if not isinstance(item, dict):
            continue
        try:
            entries.append(_json_item(item, base, feed_author))
        except Exception as exc:  # one entry's fault costs that entry, never the feed
            log.warning("feed %s: item %d skipped: %r", base_url or "(file)", number, exc)
    return RawFeed(_plain(doc.get("title")), _abs(home, base_url), tuple(entries), _str(doc.get("language")))


def _json_item(item: dict[str, Any], base: str | None, feed_author: str | None) -> RawEntry:
    link = _abs(_str(item.get("url")) or _str(item.get("external_url")) or _attachment(item), base)
    html = _str(item.get("content_html"))
    summary = _plain(item.get("summary"))  # plain text too, by the spec
    text = _str(item.get("content_text"))
    if html is None and text is not None:
        # Plain text, where '<' is a character, not markup: escape it and keep its paragraphs.
        html = "".join(f"<p>{escape(p)}</p>" for p in re.split(r"\n\s*\n", text) if p.strip())
    return RawEntry(
        title=_plain(item.get("title")),
        link=link,
        guid=_str(item.get("id")),
        published=parse_date(_str(item.get("date_published")) or _str(item.get("date_modified"))),
        html=html,
        summary=summary,
        author=_author(item.get("authors")) or _author(item.get("author")) or feed_author,
        image=_item_image(item, base),
    )


def _item_image(item: dict[str, Any], base: str | None) -> ArticleImage | None:
    """Return a JSON Feed item's image: ``image``, else ``banner_image``, else an image attachment."""
    urls = [_str(item.get("image")), _str(item.get("banner_image"))]
    attachments = item.get("attachments")
    if isinstance(attachments, list):
        urls += [
            _str(a.get("url"))
            for a in attachments[:20]
            if isinstance(a, dict) and str(a.get("mime_type") or "").lower().startswith("image/")
        ]
    for url in urls:
        image = article_image(url, base_url=base)
        if image is not None:
            return image
    return None


def _attachment(item: dict[str, Any]) -> str | None:
    attachments = item.get("attachments")
    if isinstance(attachments, list):
        for attachment in attachments:
            if isinstance(attachment, dict) and _str(attachment.get("url")):
                return _str(attachment.get("url"))
    return None


def _value(node: object) -> str | None:
    """Read an RSS-in-JSON value, which may be a string or an object holding text plus attributes."""
    if isinstance(node, dict):
        for key in ("#value", "value", "#text", "_", "content"):
            if key in node:
                return _str(node[key])
        return None
    return _str(node)


def _rss_in_json(rss: dict[str, Any], base_url: str | None) -> RawFeed:
    channel = rss.get("channel")
    if not isinstance(channel, dict):
        raise ParseError("not a feed: RSS in JSON without a channel")
    link = _abs(_value(channel.get("link")), base_url)
    base = link or base_url
    items = channel.get("item", [])
    if isinstance(items, dict):
        items = [items]
    if not isinstance(items, list):
        raise ParseError("not a feed: RSS in JSON whose items are not a list")
    entries = []
    for number, item in enumerate(items, 1):
        if not isinstance(item, dict):
            continue
        try:
            entries.append(_rss_item(item, base))
        except Exception as exc:  # one entry's fault costs that entry, never the feed
            log.warning("feed %s: item %d skipped: %r", base_url or "(file)", number, exc)
    return RawFeed(_value(channel.get("title")), link, tuple(entries), _value(channel.get("language")))


def _rss_item(item: dict[str, Any], base: str | None) -> RawEntry:
    return RawEntry(
        title=_value(item.get("title")),
        link=_abs(_value(item.get("link")), base),
        guid=_value(item.get("guid")),
        published=parse_date(_value(item.get("pubDate")) or _value(item.get("dc:date"))),
        html=_value(item.get("content:encoded")),
        summary=_value(item.get("description")),
        author=_value(item.get("author")) or _value(item.get("dc:creator")),
    )


# Telegram Desktop's export of a channel or chat ("Export chat history", JSON): {"name", "type", "id", "messages":
# [{"id", "type": "message", "date", "date_unixtime", "text": "..." or ["...", {"type": "bold", "text": ...}]}]}.
# A news channel's posts are a feed's entries saved to a file: each message is one, as a title-less post is.
_TELEGRAM_CHATS = frozenset(
    {"public_channel", "private_channel", "public_supergroup", "private_supergroup", "private_group", "personal_chat"}
)
_TELEGRAM_TAGS = {"bold": "b", "italic": "i", "underline": "u", "strikethrough": "s", "code": "code", "pre": "pre"}


def is_telegram_export(doc: object) -> bool:
    """Tell whether a JSON document is Telegram Desktop's export of one channel or chat."""
    return isinstance(doc, dict) and isinstance(doc.get("messages"), list) and doc.get("type") in _TELEGRAM_CHATS


def _telegram_export(doc: dict[str, Any]) -> RawFeed:
    chat = _str(doc.get("id")) or _str(doc.get("name")) or "chat"
    entries = []
    for message in doc["messages"]:
        if not isinstance(message, dict) or message.get("type") != "message":
            continue  # a service message: the channel created, a title changed, a post pinned
        try:
            entry = _telegram_message(message, chat)
        except Exception as exc:  # one message's fault costs that message, never the export
            log.warning("telegram export %s: message %r skipped: %r", chat, message.get("id"), exc)
            continue
        if entry is not None:
            entries.append(entry)
    return RawFeed(_str(doc.get("name")), None, tuple(entries))


def _telegram_message(message: dict[str, Any], chat: str) -> RawEntry | None:
    parts = message.get("text")
    parts = [parts] if isinstance(parts, str) else parts if isinstance(parts, list) else []
    markup: list[str] = []
    link = None
    title = None
    for number, part in enumerate(parts):
        if isinstance(part, str):
            markup.append(escape(part, quote=False))
            continue
        if not isinstance(part, dict) or not isinstance(part.get("text"), str):
            continue
        kind, text = part.get("type"), part["text"]
        href = part.get("href") if kind == "text_link" else text if kind == "link" else None
        if isinstance(href, str) and href.startswith(("http://", "https://")):
            link = link or href
            markup.append(f'<a href="{escape(href)}">{escape(text, quote=False)}</a>')
        elif kind in _TELEGRAM_TAGS:
            tag = _TELEGRAM_TAGS[kind]
            markup.append(f"<{tag}>{escape(text, quote=False)}</{tag}>")
            following = parts[number + 1] if number + 1 < len(parts) else ""
            if number == 0 and kind == "bold" and isinstance(following, str) and following.startswith("\n"):
                title = text  # a post opening with a bold line of its own: its headline
        else:
            markup.append(escape(text, quote=False))
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", "".join(markup)) if p.strip()]
    if title is not None:
        paragraphs = paragraphs[1:]
    if not paragraphs and title is None:
        return None  # a picture, a sticker or a poll without text
    stamp = _str(message.get("date_unixtime"))
    return RawEntry(
        title=escape(title, quote=False) if title else None,
        link=link,
        guid=f"telegram:{chat}:{_str(message.get('id'))}",
        # The export writes "date" in the exporting computer's zone, without saying which; the count is UTC.
        published=parse_date(stamp) if stamp and stamp.isdigit() else parse_date(_str(message.get("date"))),
        html="".join(f"<p>{p.replace(chr(10), '<br>')}</p>" for p in paragraphs) or None,
    )
