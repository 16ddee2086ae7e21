"""What a saved page says about itself: headline, publication date, author, canonical URL, site name."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from bot.ingest.formats.meta import clean_inline, find_text_date, parse_meta_date, url_date
from bot.models import Published

_SEPARATORS = re.compile(r"\s+(?:\||-|\u2013|\u2014|::|\u00b7|\u2022|/|:)\s+")
_TITLE_METAS = ("og:title", "twitter:title", "title", "headline", "dc.title", "sailthru.title", "parsely-title")
_DATE_METAS = (
    "article:published_time",
    "og:published_time",
    "og:article:published_time",
    "datepublished",
    "publishdate",
    "publish-date",
    "publish_date",
    "pubdate",
    "published",
    "published_time",
    "dc.date",
    "dc.date.issued",
    "dcterms.created",
    "dcterms.date",
    "date",
    "sailthru.date",
    "parsely-pub-date",
    "article.published",
    "article_date_original",
    "cxenseparse:recs:publishtime",
)
_AUTHOR_METAS = ("author", "article:author", "dc.creator", "parsely-author", "sailthru.author", "byl")
_NEWS_TYPES = re.compile(r"(Article|BlogPosting|Report|LiveBlogPosting)")
_ARTICLE_TYPES = re.compile(r"(Article|BlogPosting|Report|NewsArticle|WebPage|LiveBlogPosting)$")
_BYLINE_WORDS = ("date", "time", "publish", "posted", "byline", "meta", "dateline", "timestamp")
_BYLINE_XPATH = (
    "//body//*["
    + " or ".join(
        f"contains(translate(@class, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'), '{w}')"
        for w in _BYLINE_WORDS
    )
    + " or self::time]"
)


@dataclass(frozen=True, slots=True)
class PageMeta:
    """What a page says about itself."""

    title: str | None = None
    published: Published | None = None
    author: str | None = None
    url: str | None = None
    site_name: str | None = None
    description: str | None = None


def page_metadata(tree: HtmlElement, *, base_url: str | None = None) -> PageMeta:
    """Read headline, publication date, author, canonical URL and site name from a parsed page."""
    metas = _metas(tree)
    ld = list(_jsonld_articles(tree))
    site = _first(metas.get("og:site_name"), metas.get("application-name"), *(_ld_publisher(o) for o in ld))
    h1s = [clean_inline(h.text_content()) for h in tree.xpath("//h1") if not _is_masthead(h)]
    h1s = [h for h in h1s if h]
    titles: list[str] = []
    for obj in ld:
        keys = ("headline", "name") if _NEWS_TYPES.search(str(obj.get("@type"))) else ("headline",)
        titles += [ld_text(obj.get(k)) for k in keys]
    titles += [clean_inline(t.text_content()) for t in tree.xpath("//*[@itemprop='headline']")]
    titles += [metas[k] for k in _TITLE_METAS if metas.get(k)]
    titles = [t for t in titles if t]
    page_title = _first(*(t.text_content() for t in tree.xpath("//head/title")))
    url = _first(
        metas.get("og:url"),
        *(ld_text(o.get("url")) for o in ld),
        *(str(x) for x in tree.xpath("//link[@rel='canonical']/@href")),
        base_url,
    )
    title = choose_title(titles, h1s, site, page_title=page_title)
    return PageMeta(
        title=title,
        published=_published(tree, metas, ld, url, title),
        author=_author(metas, ld),
        url=url if url and url.startswith(("http://", "https://")) else None,
        site_name=site,
        description=_first(metas.get("og:description"), metas.get("description"), metas.get("twitter:description")),
    )


def _is_masthead(h1: HtmlElement) -> bool:
    """Tell whether an h1 is the site's logo or name: inside a link or nav, or a link to the home page."""
    if any(a.tag in ("a", "nav") for a in h1.iterancestors()):
        return True
    links = h1.xpath(".//a[@href]")
    if len(links) == 1 and clean_inline(links[0].text_content()) == clean_inline(h1.text_content()):
        path = urlsplit(links[0].get("href", "")).path
        return path in ("", "/", "/index.html", "/index.php")
    return False


def choose_title(titles: list[str], h1s: list[str], site: str | None, *, page_title: str | None = None) -> str | None:
    """Pick the headline: an h1 that a metadata title names, else a metadata title without its site affix.

    ``page_title`` (the ``<title>`` element) confirms an h1 but does not outrank one: pages often keep a
    generic or SEO ``<title>`` while the h1 is what readers see.
    """
    everything = titles + ([page_title] if page_title else [])
    wanted = {norm_title(v) for t in everything for v in affix_variants(t)}
    # A site's name in an h1 (its masthead) is never the headline.
    h1s = [h for h in h1s if not site or norm_title(h) != norm_title(site)]
    for h1 in h1s:
        if norm_title(h1) in wanted:
            return h1
    # The h1 may carry the full title when the metadata adds a kicker; then the h1 keeps its affix.
    for h1 in h1s:
        if any(norm_title(h1) in norm_title(t) and len(h1) > 20 for t in everything):
            return h1
    if titles:
        return strip_site_affix(titles[0], site)
    if h1s:
        return h1s[0]
    return strip_site_affix(page_title, site) if page_title else None


def affix_variants(title: str) -> list[str]:
    """Return the title and every prefix and suffix of it cut at a separator (" | ", " - ", ...)."""
    variants = [title]
    for found in _SEPARATORS.finditer(title):
        variants += [title[: found.start()].strip(), title[found.end() :].strip()]
    return [v for v in variants if v]


def strip_site_affix(title: str, site: str | None) -> str:
    """Drop a site name before or after a separator: "Headline | Site", "Site - Headline", "Opinion | X"."""
    parts = _SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    site_norm = norm_title(site) if site else None
    while len(parts) > 1:
        first, last = parts[0], parts[-1]
        if site_norm and norm_title(last) in (site_norm, site_norm.replace(" ", "")):
            parts = parts[:-1]
        elif site_norm and norm_title(first) == site_norm:
            parts = parts[1:]
        elif len(last.split()) <= 3 and len(" ".join(parts[:-1]).split()) >= 3:
            parts = parts[:-1]
        elif (
            len(first.split()) <= 2
            and len(" ".join(parts[1:]).split()) >= 4
            and re.match(re.escape(first) + r"\s*\|", title.lstrip())
        ):
            parts = parts[1:]
        else:
            break
    kept = " ".join(parts)
    # Join with the original separators by finding the kept span in the title.
    start = title.find(parts[0])
    end = title.rfind(parts[-1]) + len(parts[-1])
    return title[start:end].strip() if start >= 0 and end > start else kept


def _metas(tree: HtmlElement) -> dict[str, str]:
    found: dict[str, str] = {}
    for node in tree.xpath("//meta[@content]"):
        key = (node.get("property") or node.get("name") or node.get("itemprop") or "").strip().lower()
        value = clean_inline(node.get("content"))
        if key and value and key not in found:
            found[key] = value
    return found


def ld_text(value: object, depth: int = 0) -> str:
    """Return the text a JSON-LD value holds, whatever JSON type a page wrote it as.

    A string is itself; a list gives its first text; an object its ``name`` or ``@value``; numbers, booleans
    and nulls give "" (a headline or a name is never a number). Nesting past a few levels holds no name.
    """
    if isinstance(value, str):
        return clean_inline(value)
    if depth > 4:
        return ""
    if isinstance(value, list):
        return next((t for t in (ld_text(v, depth + 1) for v in value[:20]) if t), "")
    if isinstance(value, dict):
        return ld_text(value.get("name", value.get("@value")), depth + 1)
    return ""


def _ld_names(value: object) -> list[str]:
    """Return every name in a JSON-LD author value: a string, a Person, or a list of either."""
    items = value if isinstance(value, list) else [value]
    return [n for n in (ld_text(v) for v in items[:20]) if n]


def _jsonld_articles(tree: HtmlElement) -> Iterator[dict[str, Any]]:
    for script in tree.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text_content() or "null")
        except (ValueError, RecursionError):  # malformed, or nested past the parser's stack
            continue
        stack: list[Any] = [data]
        seen = 0
        while stack and seen < 2000:  # a page's graph is dozens of nodes; a bound keeps a hostile one cheap
            seen += 1
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                if "@graph" in item:
                    stack.extend(item["@graph"] if isinstance(item["@graph"], list) else [item["@graph"]])
                types = item.get("@type")
                names = types if isinstance(types, list) else [types]
                if any(isinstance(t, str) and _ARTICLE_TYPES.search(t) for t in names) or (
                    not types and ("datePublished" in item or "headline" in item)
                ):
                    yield item


def _ld_publisher(obj: dict[str, Any]) -> str | None:
    publisher = obj.get("publisher")
    return ld_text(publisher) if isinstance(publisher, dict | list) else None


def _published(
    tree: HtmlElement, metas: dict[str, str], ld: list[dict[str, Any]], url: str | None, title: str | None
) -> Published | None:
    for text in _date_candidates(tree, metas, ld):
        value = parse_meta_date(text)
        if value is not None:
            return value
    if url and (day := url_date(url)) is not None:
        return day
    for text in tree.xpath("//time/@datetime"):
        value = parse_meta_date(text)
        if value is not None:
            return value
    return _byline_date(tree) or _date_after_headline(tree, title)


def _date_candidates(tree: HtmlElement, metas: dict[str, str], ld: list[dict[str, Any]]) -> Iterator[str]:
    """Yield machine-written publication dates, most trusted first; the tree is searched only when needed."""
    yield from (ld_text(o.get("datePublished")) for o in ld)
    yield from (metas[k] for k in _DATE_METAS if metas.get(k))
    for node in tree.xpath("//*[@itemprop='datePublished']"):
        yield node.get("content") or node.get("datetime") or clean_inline(node.text_content())
    yield from (ld_text(o.get("dateCreated")) for o in ld)
    yield from (str(t) for t in tree.xpath("//time[@pubdate]/@datetime"))
    yield from (str(t) for t in tree.xpath("//article//time/@datetime"))


def _date_after_headline(tree: HtmlElement, title: str | None) -> Published | None:
    """Find a date written just below the headline (a byline whose markup names nothing).

    The headline is the first h1 that is not the masthead; on pages without one, the element showing the title.
    """
    heads = [h for h in tree.xpath("//h1") if not _is_masthead(h) and clean_inline(h.text_content())]
    if not heads and title:
        heads = [t.getparent() for t in tree.xpath("//body//text()[normalize-space()=$t]", t=title)[:1]]
    for head in heads[:1]:
        texts: list[str] = []
        for text in head.xpath("following::text()[not(ancestor::script)][not(ancestor::style)]"):
            texts.append(str(text))
            if sum(len(t) for t in texts) > 400:
                break
        return find_text_date(" ".join(texts))
    return None


def _byline_date(tree: HtmlElement) -> Published | None:
    """Find a date written in a byline-like element, preferring one that is not an "updated" date."""
    updated: Published | None = None
    for node in tree.xpath(_BYLINE_XPATH)[:40]:
        text = clean_inline(node.text_content())
        if not text or len(text) > 120:
            continue
        day = find_text_date(text)
        if day is None:
            continue
        if re.search(r"updat|modif", text, re.IGNORECASE):
            updated = updated or day
            continue
        return day
    return updated


def _author(metas: dict[str, str], ld: list[dict[str, Any]]) -> str | None:
    for obj in ld:
        names = [n for n in _ld_names(obj.get("author")) if not n.startswith("http")]
        if names:
            return ", ".join(dict.fromkeys(names))
    for key in _AUTHOR_METAS:
        value = metas.get(key)
        if value and not value.startswith("http"):
            return re.sub(r"^by\s+", "", value, flags=re.IGNORECASE)
    return None


def _first(*values: str | None) -> str | None:
    for value in values:
        if value and value.strip():
            return clean_inline(value)
    return None


def norm_title(text: str) -> str:
    """Fold quotes, dashes, spaces and case so two spellings of one headline compare equal."""
    text = re.sub(r"[\u2018\u2019`]", "'", text)
    text = re.sub(r"[\u201c\u201d]", '"', text)
    text = re.sub(r"[\u2010-\u2015]", "-", text)
    return " ".join(text.split()).casefold()
