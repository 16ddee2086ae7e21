"""JSON articles: one object, a list of them, JSON Lines, or an API's answer holding them.

A JSON Feed file is read by formats/feedfile.py.
"""

from __future__ import annotations

import html
import re
from typing import Any

from bot.errors import ParseError
from bot.ingest import jsontext
from bot.ingest.formats.meta import clean_inline, parse_meta_date
from bot.ingest.formats.titles import strip_named_site
from bot.ingest.images import article_image
from bot.models import Article
from bot.text.paragraphs import text_to_paragraphs, without_cut_sentence
from bot.text.pasted import without_byline_label

_TITLE_KEYS = ("title", "headline", "name", "webTitle")
_BODY_KEYS = (
    "body",
    "text",
    "content",
    "articleBody",
    "content_text",
    "content_html",
    "html_content",
    "article",
    "html",
    "plaintext",
    "body_html",
    "bodyText",
    "lead_paragraph",  # the New York Times' Article Search API (no body: its first paragraph and its abstract)
    "description",
    "summary",
    "excerpt",
    "abstract",
)
_DATE_KEYS = (
    "published",
    "date",
    "datePublished",
    "pubDate",
    "published_at",
    "publishedAt",
    "date_published",
    "webPublicationDate",
    "published_date",
    "pub_date",
)
# A reading app's export names the page's own address "source_url" beside its own reader's "url" (Readwise).
_URL_KEYS = ("source_url", "url", "link", "canonical_url", "permalink", "webUrl", "web_url")
# The publication: a name, or an object naming it (Miniflux: "feed": {"title": ...}).
_SOURCE_KEYS = ("source", "publisher", "site_name", "feed")
_AUTHOR_KEYS = ("author", "authors", "byline", "published_by")  # Wallabag: "published_by": ["..."]
_LIST_KEYS = ("articles", "items", "entries", "stories", "posts")
# An API's answer holds its articles a few levels down ({"response": {"results": [...]}}): looked for breadth first
# among this many values, this deep, when the document itself is no article and lists none where expected.
_SEARCH_NODES, _SEARCH_DEPTH = 5000, 6


def read_json_articles(text: str, *, name: str) -> list[Article]:
    """Parse JSON text (a document, or JSON Lines) into its articles, as :func:`parse_json_articles` does.

    Raises:
        ParseError: if the text is not JSON, or no object in it has a title and a body.
    """
    return parse_json_articles(jsontext.load_lines_or_document(text), name=name)


def parse_json_articles(data: Any, *, name: str) -> list[Article]:  # noqa: ANN401 - JSON is any shape
    """Turn an article object, a list of them, or ``{"articles": [...]}`` into articles.

    Raises:
        ParseError: if no object has a title and a body.
    """
    items: list[Any]
    if isinstance(data, list):
        items = data
    elif isinstance(data, dict):
        nested = next((data[k] for k in _LIST_KEYS if isinstance(data.get(k), list)), None)
        items = nested if nested is not None and not _has_body(data) else [data]
    else:
        raise ParseError("the JSON is neither an article object nor a list of them")
    articles: list[Article] = []
    problems: list[str] = []
    for index, item in enumerate(items):
        try:
            articles.append(_article(item, name=name))
        except ParseError as exc:
            problems.append(f"item {index + 1}: {exc}")
    if not articles:
        articles = [_article(found, name=name) for found in _held_articles(data)]
    if not articles:
        detail = "; ".join(problems[:3]) or "no items"
        raise ParseError(f"no article in the JSON ({detail})")
    return articles


def _held_articles(data: Any) -> list[dict[str, Any]]:  # noqa: ANN401 - JSON is any shape
    """Return the objects with a title and a body found below the top of an API's answer, breadth first."""
    found: list[dict[str, Any]] = []
    level: list[Any] = [data]
    seen = 0
    for _ in range(_SEARCH_DEPTH):
        below: list[Any] = []
        for value in level:
            seen += 1
            if seen > _SEARCH_NODES:
                return found
            if isinstance(value, dict):
                if value is not data and _first_str(value, _TITLE_KEYS) and _body(flat := _flat(value)):
                    found.append(flat)
                else:
                    below.extend(value.values())
            elif isinstance(value, list):
                below.extend(value)
        if found or not below:
            return found
        level = below
    return found


def _flat(item: dict[str, Any]) -> dict[str, Any]:
    # The Guardian's API keeps an article's text in "fields": {"bodyText": ...} beside its "webTitle".
    fields = item.get("fields")
    return {**fields, **item} if isinstance(fields, dict) else item


def _has_body(data: dict[str, Any]) -> bool:
    return any(isinstance(data.get(k), str | list) and k not in _LIST_KEYS for k in _BODY_KEYS)


def _unwrap(value: Any) -> Any:  # noqa: ANN401 - JSON is any shape until checked
    # Exports such as WordPress's REST API wrap text: {"title": {"rendered": "..."}}; the New York Times' API its
    # headline: {"headline": {"main": "...", "print_headline": "..."}}.
    if isinstance(value, dict):
        for key in ("rendered", "text", "value", "raw", "main"):
            if isinstance(value.get(key), str):
                return value[key]
    return value


def _first_str(item: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = _unwrap(item.get(key))
        if isinstance(value, str | int | float) and not isinstance(value, bool) and str(value).strip():
            return str(value).strip()
    return None


def _body(item: dict[str, Any]) -> list[str]:
    for key in _BODY_KEYS:
        value = _unwrap(item.get(key))
        if isinstance(value, list):
            paragraphs = [clean_inline(str(p)) for p in value if isinstance(p, str) and p.strip()]
            if paragraphs:
                return paragraphs
        elif isinstance(value, str) and value.strip():
            return text_paragraphs(value)
    return []


def text_paragraphs(value: str) -> list[str]:
    """Return the paragraphs of a text field written by a program (JSON, JSON-LD): HTML, or plain text.

    HTML goes through the feeds' reader (scripts and styles go too); plain text is one paragraph per line when
    the writer used single newlines, else one per block.
    """
    text = value.replace("\r\n", "\n")
    if "<" in text:
        from bot.ingest.feedhtml import holds_markup, html_to_paragraphs  # here: lxml only for JSON with a "<"

        if holds_markup(text):
            return html_to_paragraphs(text)
    if "\n\n" not in text.strip():
        text = text.replace("\n", "\n\n")
    return text_to_paragraphs(text)


def _author(item: dict[str, Any]) -> str | None:
    value = next((item[key] for key in _AUTHOR_KEYS if item.get(key)), None)
    values = value if isinstance(value, list) else [value]
    names = []
    for v in values:
        if isinstance(v, dict):
            v = v.get("name") or v.get("original")  # the New York Times' API: {"original": "By Ann Lee"}
        if isinstance(v, str) and v.strip():
            names.append(without_byline_label(clean_inline(v)))
    return ", ".join(names) or None


def _article(item: Any, *, name: str) -> Article:  # noqa: ANN401 - JSON is any shape until checked
    if not isinstance(item, dict):
        raise ParseError("not an object")
    title = clean_inline(html.unescape(re.sub(r"<[^>]+>", "", _first_str(item, _TITLE_KEYS) or "")))
    # A news API's content cut at its length ("... Season\u2026 [+1843 chars]"): the cut sentence goes.
    body = without_cut_sentence(_body(item))
    if not body:
        raise ParseError("no body, text or content")
    if not title:
        raise ParseError("no title or headline")
    url = _first_str(item, _URL_KEYS)
    url = url if url and url.startswith(("http://", "https://")) else None
    source = next((item[key] for key in _SOURCE_KEYS if item.get(key)), None)
    if isinstance(source, dict):
        source = source.get("name") or source.get("title")
    if isinstance(source, str) and source.lstrip().startswith(("http://", "https://")):
        source = None  # an address ("feed": "https://..."): no publication's name
    source = clean_inline(source) if isinstance(source, str) and source.strip() else None
    keys = item.get("key_points")
    return Article(
        title=strip_named_site(title, source) if source else title,  # "Headline - Harbour Weekly" (NewsAPI's)
        body=tuple(body),
        published=parse_meta_date(_first_str(item, _DATE_KEYS)),
        dateline=clean_inline(_first_str(item, ("dateline",))) or None,
        author=_author(item),
        url=url,
        source=source or name,
        guid=_first_str(item, ("id", "guid")),
        key_points=tuple(clean_inline(k) for k in keys if isinstance(k, str)) if isinstance(keys, list) else (),
        image=article_image(_first_str(item, ("image", "image_url", "banner_image", "thumbnail"))),
    )
