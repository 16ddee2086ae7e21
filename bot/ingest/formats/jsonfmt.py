"""JSON articles: one object or a list of them (a JSON Feed file is read by formats/feedfile.py)."""

from __future__ import annotations

import html
import re
from typing import Any

from bot.errors import ParseError
from bot.ingest.formats.meta import clean_inline, parse_meta_date, split_paragraphs
from bot.ingest.images import article_image
from bot.models import Article

_TITLE_KEYS = ("title", "headline", "name")
_BODY_KEYS = (
    "body",
    "text",
    "content",
    "articleBody",
    "content_text",
    "content_html",
    "article",
    "description",
    "summary",
)
_DATE_KEYS = ("published", "date", "datePublished", "pubDate", "published_at", "publishedAt", "date_published")
_URL_KEYS = ("url", "link", "canonical_url", "permalink")
_LIST_KEYS = ("articles", "items", "entries", "stories")


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
        detail = "; ".join(problems[:3]) or "no items"
        raise ParseError(f"no article in the JSON ({detail})")
    return articles


def _has_body(data: dict[str, Any]) -> bool:
    return any(isinstance(data.get(k), str | list) and k not in _LIST_KEYS for k in _BODY_KEYS)


def _unwrap(value: Any) -> Any:  # noqa: ANN401 - JSON is any shape until checked
    # Exports such as WordPress's REST API wrap text: {"title": {"rendered": "..."}}.
    if isinstance(value, dict):
        for key in ("rendered", "text", "value", "raw"):
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
            text = value.replace("\r\n", "\n")
            if "<" in text and re.search(r"</?(p|div|br|span|a|em|strong)\b", text, re.IGNORECASE):
                text = re.sub(r"<br\s*/?>|</p>|</div>", "\n\n", text, flags=re.IGNORECASE)
                text = html.unescape(re.sub(r"<[^>]+>", "", text))
            if "\n\n" not in text.strip():
                # One paragraph per line when the writer used single newlines.
                text = text.replace("\n", "\n\n")
            return split_paragraphs(text)
    return []


def _author(item: dict[str, Any]) -> str | None:
    value = item.get("author") or item.get("authors") or item.get("byline")
    values = value if isinstance(value, list) else [value]
    names = []
    for v in values:
        if isinstance(v, dict):
            v = v.get("name")
        if isinstance(v, str) and v.strip():
            names.append(clean_inline(v))
    return ", ".join(names) or None


def _article(item: Any, *, name: str) -> Article:  # noqa: ANN401 - JSON is any shape until checked
    if not isinstance(item, dict):
        raise ParseError("not an object")
    title = clean_inline(html.unescape(re.sub(r"<[^>]+>", "", _first_str(item, _TITLE_KEYS) or "")))
    body = _body(item)
    if not body:
        raise ParseError("no body, text or content")
    if not title:
        raise ParseError("no title or headline")
    url = _first_str(item, _URL_KEYS)
    source = item.get("source") or item.get("publisher")
    if isinstance(source, dict):
        source = source.get("name")
    keys = item.get("key_points")
    return Article(
        title=title,
        body=tuple(body),
        published=parse_meta_date(_first_str(item, _DATE_KEYS)),
        dateline=clean_inline(_first_str(item, ("dateline",))) or None,
        author=_author(item),
        url=url if url and url.startswith(("http://", "https://")) else None,
        source=clean_inline(source) if isinstance(source, str) and source.strip() else name,
        guid=_first_str(item, ("id", "guid")),
        key_points=tuple(clean_inline(k) for k in keys if isinstance(k, str)) if isinstance(keys, list) else (),
        image=article_image(_first_str(item, ("image", "image_url", "banner_image", "thumbnail"))),
    )
