"""What a saved page says about itself: headline, publication date, author, canonical URL, site name, image."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from lxml.etree import XPath
from lxml.html import HtmlElement

from bot.ingest import jsontext
from bot.ingest.formats.meta import clean_inline, is_masthead, ld_text, parse_meta_date
from bot.ingest.formats.pagedate import CAPTURE_ORDER, ORDER, PageEvidence, page_date
from bot.ingest.formats.titles import affix_variants, norm_title, strip_site_affix
from bot.ingest.images import page_image
from bot.models import ArticleImage, Published
from bot.text.captures import dates_its_captures
from bot.text.language import declared_language
from bot.text.pasted import NAME_PARTICLES

__all__ = ["PageMeta", "choose_title", "ld_text", "norm_title", "page_metadata", "read_page", "strip_site_affix"]

_TITLE_METAS = ("og:title", "twitter:title", "title", "headline", "dc.title", "sailthru.title", "parsely-title")
_AUTHOR_METAS = ("author", "article:author", "dc.creator", "parsely-author", "sailthru.author", "byl")
_WORDS = re.compile(r"\w+")
_HEADINGS = 40  # the h2 and h3 looked at when no h1 is the headline
# The page's h1s, and a document's title paragraph where an office program saved the page: Word's "MsoTitle",
# Google Docs' and LibreOffice's "title" (their <title> is the file's name or "Press release").
_TITLE_ELEMENTS = (
    "//h1 | //p[contains(@class, 'MsoTitle')]"
    " | //body[contains(concat(' ', normalize-space(@class), ' '), ' doc-content ')]"
    "//p[contains(concat(' ', normalize-space(@class), ' '), ' title ')]"
    " | //p[contains(concat(' ', normalize-space(@class), ' '), ' title ')]"
    "[/html/head/meta[translate(@name, 'GENRATO', 'genrato') = 'generator'][starts-with(@content, 'LibreOffice')]]"
)
_NEWS_TYPES = re.compile(r"(Article|BlogPosting|Report|LiveBlogPosting)")
# A page saved from a browser's reader view (Firefox's Reader View: about:reader) links to the page it shows and
# names its writer in the view's own markup.
_READER_ORIGINAL = XPath("//a[contains(concat(' ', @class, ' '), ' reader-domain ')]/@href", smart_strings=False)
_READER_CREDITS = XPath("//*[contains(concat(' ', @class, ' '), ' reader-credits ')]")
_ARTICLE_TYPES = re.compile(r"(Article|BlogPosting|Report|NewsArticle|WebPage|LiveBlogPosting)$")


@dataclass(frozen=True, slots=True)
class PageMeta:
    """What a page says about itself."""

    title: str | None = None
    published: Published | None = None
    author: str | None = None
    url: str | None = None
    site_name: str | None = None
    description: str | None = None
    image: ArticleImage | None = None  # og:image or twitter:image, else the first real image of the body
    language: str | None = None  # ISO 639-1 code the page declares (JSON-LD inLanguage, html lang, og:locale)
    article_body: str | None = None  # the story's text as its JSON-LD gives it (articleBody), as written
    is_article: bool = False  # the page calls itself an article (a JSON-LD article type, og:type article)
    live_body: str | None = None  # a live blog's updates (JSON-LD liveBlogUpdate), newest first, as paragraphs
    og_type: str = ""  # what og:type calls the page, lower case: "article", "video.other", "website" (a site's page)


def page_metadata(
    tree: HtmlElement,
    *,
    base_url: str | None = None,
    reference: datetime | None = None,
    address: str | None = None,
) -> PageMeta:
    """Read headline, publication date, author, canonical URL and site name from a parsed page.

    ``reference`` (the injected clock or the file's time) is the latest publication date believed. ``address`` is
    where the page was saved from, as the saving browser noted it: the page's address when the page names none.
    """
    meta, evidence = read_page(tree, base_url=base_url, reference=reference, address=address)
    # archive.today writes the capture's time as the page's publication time: the page's own evidence decides.
    order = CAPTURE_ORDER if meta.url and dates_its_captures(meta.url) else ORDER
    return replace(meta, published=page_date(evidence, order))


def read_page(
    tree: HtmlElement, *, base_url: str | None = None, reference: datetime | None = None, address: str | None = None
) -> tuple[PageMeta, PageEvidence]:
    """Return what the page says about itself, its date left to the returned evidence (read lazily)."""
    metas = _metas(tree)
    named: dict[str, str] = {}  # the names of the JSON-LD's nodes by their @id, for references to them
    ld = list(_jsonld_articles(tree, named))
    site = _first(metas.get("og:site_name"), metas.get("application-name"), *(_ld_publisher(o) for o in ld))
    h1s = [clean_inline(h.text_content()) for h in tree.xpath(_TITLE_ELEMENTS) if not is_masthead(h)]
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
        *(str(x) for x in _READER_ORIGINAL(tree)),
        base_url,
        address,
    )
    headings = [clean_inline(h.text_content()) for h in tree.xpath("//h2|//h3")[:_HEADINGS]]
    title = choose_title(titles, h1s, site, page_title=page_title, headings=[h for h in headings if h])
    return PageMeta(
        title=title,
        author=_author(metas, ld, named)
        or _first(*(clean_inline(x.text_content()) for x in _READER_CREDITS(tree)))
        or markup_author(tree),
        url=url if url and url.startswith(("http://", "https://")) else None,
        site_name=site,
        description=_first(metas.get("og:description"), metas.get("description"), metas.get("twitter:description")),
        image=page_image(tree, metas, base_url=base_url),
        article_body=_article_body(ld),
        live_body=_live_body(ld),
        og_type=metas.get("og:type", "").strip().lower(),
        is_article=metas.get("og:type", "").lower() == "article"
        or any(_NEWS_TYPES.search(str(o.get("@type"))) for o in ld),
        language=declared_language(
            *(ld_text(o.get("inLanguage")) for o in ld[:5]),
            *(str(x) for x in tree.xpath("(//html/@lang | //html/@xml:lang)[1]")),
            metas.get("og:locale"),
            metas.get("language"),
            metas.get("dc.language"),
        ),
    ), PageEvidence(tree, metas, ld, url, title, reference)


def choose_title(
    titles: list[str],
    h1s: list[str],
    site: str | None,
    *,
    page_title: str | None = None,
    headings: list[str] | None = None,
) -> str | None:
    """Pick the headline: an h1 that a metadata title names, else a metadata title without its site affix.

    ``page_title`` (the ``<title>`` element) confirms an h1 but does not outrank one: pages often keep a
    generic or SEO ``<title>`` while the h1 is what readers see. When no h1 is named and the page has no
    metadata title, and the h1 has hardly a word of the ``<title>``, a lower heading (``headings``: h2, h3)
    that the ``<title>`` names is the headline: the h1 names a section or the site ("Original text").
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
    rest = _title_rest(h1s[0], page_title) if h1s and page_title else None
    if rest is not None:
        # The h1 is the site's name the <title> opens or closes with ("Blog Portowy: Prom elektryczny dla ...",
        # a Blogger post), and a lower heading shows the rest: that heading is the headline.
        for heading in headings or ():
            if norm_title(heading) == rest:
                return heading
    if not h1s or not _shares_words(h1s[0], page_title or ""):
        for heading in headings or ():
            if norm_title(heading) in wanted:
                return heading
    if h1s:
        return h1s[0]
    return strip_site_affix(page_title, site) if page_title else None


# What joins a site's name to a headline in a <title>: "Blog: Post", "Site | Post", "Post - Site", "Site » Post".
_JOIN_AFTER = re.compile(r"^\s*[:|\-\u00b7\u2022\u00bb/]\s*(?=\S)")
_JOIN_BEFORE = re.compile(r"(?<=\S)\s*[:|\-\u00b7\u2022\u00bb/]\s*$")


def _title_rest(h1: str, page_title: str) -> str | None:
    """The rest of a ``<title>`` (folded by :func:`norm_title`) that opens or closes with the h1 and a separator."""
    head, title = norm_title(h1), norm_title(page_title)
    if not head or head == title:
        return None
    if title.startswith(head) and (found := _JOIN_AFTER.match(title[len(head) :])):
        return title[len(head) + found.end() :]
    if title.endswith(head) and (found := _JOIN_BEFORE.search(title[: -len(head)])):
        return title[: found.start()]
    return None


def _shares_words(heading: str, title: str) -> bool:
    """Tell whether a heading and the page's title share at least half of the shorter one's words."""
    mine = _WORDS.findall(heading.lower())
    theirs = set(_WORDS.findall(title.lower()))
    shared = sum(w in theirs for w in set(mine))
    return bool(mine) and shared >= min(len(set(mine)), len(theirs)) / 2


def _metas(tree: HtmlElement) -> dict[str, str]:
    found: dict[str, str] = {}
    for node in tree.xpath("//meta[@content]"):
        key = (node.get("property") or node.get("name") or node.get("itemprop") or "").strip().lower()
        value = clean_inline(node.get("content"))
        if key and value and key not in found:
            found[key] = value
    return found


def _ld_names(value: object, named: dict[str, str] | None = None) -> list[str]:
    """Return every name in a JSON-LD author value: a string, a Person, or a list of either.

    A Person given only by reference (``{"@id": ".../#/schema/person/9f8e"}``, as Yoast's graph writes a post's
    author) is named by the node of that @id in ``named``.
    """
    items = value if isinstance(value, list) else [value]
    return [n for n in (_ld_name(v, named or {}) for v in items[:20]) if n]


def _ld_name(value: object, named: dict[str, str]) -> str:
    if isinstance(value, dict) and "name" not in value and isinstance(value.get("@id"), str):
        return named.get(value["@id"], "")
    return ld_text(value)


def _jsonld_articles(tree: HtmlElement, named: dict[str, str] | None = None) -> Iterator[dict[str, Any]]:
    """Yield the page's JSON-LD articles; ``named`` gets the name of every node with an @id, as met."""
    for script in tree.xpath("//script[@type='application/ld+json']"):
        try:
            data = jsontext.loads(script.text_content() or "null")
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
                if named is not None and isinstance(item.get("@id"), str) and (name := ld_text(item.get("name"))):
                    named.setdefault(item["@id"], name)
                if "@graph" in item:
                    stack.extend(item["@graph"] if isinstance(item["@graph"], list) else [item["@graph"]])
                types = item.get("@type")
                names = types if isinstance(types, list) else [types]
                if any(isinstance(t, str) and _ARTICLE_TYPES.search(t) for t in names) or (
                    not types and ("datePublished" in item or "headline" in item)
                ):
                    yield item


def _article_body(ld: list[dict[str, Any]]) -> str | None:
    """Return the first articleBody of the page's JSON-LD articles (a list of strings joined as paragraphs)."""
    for obj in ld:
        value = obj.get("articleBody")
        if isinstance(value, list):
            value = "\n\n".join(v for v in value[:1000] if isinstance(v, str))
        if isinstance(value, str) and value.strip():
            return value
    return None


def _live_body(ld: list[dict[str, Any]]) -> str | None:
    """Return a live blog's updates as text, newest first (each its headline, then its text), or None.

    A live blog's page shows the updates newest first, as a digest should: what is new is its lead. Updates
    without a readable date keep their place after the dated ones.
    """
    for obj in ld:
        updates = obj.get("liveBlogUpdate")
        if not isinstance(updates, list) or "LiveBlogPosting" not in str(obj.get("@type")):
            continue
        dated: list[tuple[str, list[str]]] = []
        for update in updates[:1000]:
            if not isinstance(update, dict) or not isinstance(update.get("articleBody"), str):
                continue
            lines = [ld_text(update.get("headline")), update["articleBody"].strip()]
            when = parse_meta_date(ld_text(update.get("datePublished")))
            dated.append((_sort_key(when), [line for line in lines if line]))
        dated.sort(key=lambda item: item[0], reverse=True)  # stable: undated ones ("") keep their order, last
        if len(dated) >= 2:
            return "\n\n".join(line for _, lines in dated for line in lines)
    return None


def _sort_key(when: Published | None) -> str:
    """Return a text that sorts updates by their time (UTC), "" for none."""
    if isinstance(when, datetime):
        return when.astimezone(UTC).isoformat() if when.tzinfo else when.isoformat()
    return when.isoformat() if when is not None else ""


def _ld_publisher(obj: dict[str, Any]) -> str | None:
    publisher = obj.get("publisher")
    return ld_text(publisher) if isinstance(publisher, dict | list) else None


def _author(metas: dict[str, str], ld: list[dict[str, Any]], named: dict[str, str] | None = None) -> str | None:
    for obj in ld:
        names = [n for n in _ld_names(obj.get("author"), named) if not n.startswith("http")]
        if names:
            return ", ".join(dict.fromkeys(names))
    for key in _AUTHOR_METAS:
        value = metas.get(key)
        if value and not value.startswith("http"):
            return re.sub(r"^by\s+", "", value, flags=re.IGNORECASE)
    return None


# A writer's name as a byline prints it: two to five words, each capitalised (or a particle: "de", "van", "von"),
# no digit; or an agency's capital letters ("AFP").
_AGENCY = re.compile(r"[A-Z]{2,6}")
# trafilatura's reader keeps a byline's date with the names: "Jane Doe December 5", "Editor December" (the day
# dropped), or "Dec 5" as a name of its own. A month word with its day (and year) after the names is cut, and a part
# that was only a date is dropped. A month word alone is cut after any name where no one is named so ("December"),
# and only after two words where people are ("Theresa May", "Julia August"); a month's first letters are no month
# ("Jane Mayer", "Sam Decker").
# The label before the names: "By", and a blog's "Posted by" in the languages Blogger writes it ("Opublikowane przez
# Jan Kowalski", "Eingestellt von", "Publié par", "Publicado por", "Pubblicato da", "Postado por", "Geplaatst door").
_BY = re.compile(
    r"^(?:(?:posted|written|published)\s+by|eingestellt\s+von|ver\u00f6ffentlicht\s+von|publi\u00e9\s+par"
    r"|publicado\s+por|pubblicato\s+da|postado\s+por|opublikowane\s+przez|geplaatst\s+door|by)\s+",
    re.I,
)
_MONTH_WORD = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?"
    r"|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATED = re.compile(rf"(?:^|\s+){_MONTH_WORD}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?$", re.I)
_MONTH_ALONE = re.compile(_MONTH_WORD, re.I)
# The stamp after a byline's names, and what follows it: "Emily Kirkpatrick Updated", "Last Updated January 7".
_STAMP = re.compile(r"(?:^|\s+)(?:last\s+)?(?:updated|published)\b.*", re.I)
_MONTH_NAMING_PEOPLE = frozenset(("march", "april", "may", "june", "july", "august"))
_INITIAL = re.compile(r"\b([A-Z])(?= \w)")
# Every element trafilatura's author reader looks at (trafilatura.xpaths.AUTHOR_XPATHS), or more, in one pass.
_AUTHOR_HINT = XPath(
    "boolean(//author | //*[@rel='author' or @rel='me' or @data-testid or contains(@data-component, 'Byline')"
    " or contains(@itemprop, 'author') or contains(@id, 'uthor') or contains(@id, 'zuozhe') or contains(@id, 'bianji')"
    " or contains(@id, 'xiaobian') or contains(@class, 'uthor') or contains(@class, 'yline') or @class = 'byl'"
    " or @class = 'BBL' or contains(@class, 'username') or contains(@class, 'channel-name')"
    " or contains(@class, 'zuozhe') or contains(@class, 'bianji') or contains(@class, 'xiaobian')"
    " or contains(@class, 'submitted-by')"
    " or contains(@class, 'posted-by') or contains(@class, 'journalist-name') or contains(@class, 'screenname')"
    " or contains(@class, 'writer')])"
)
# A byline's buttons, read as its text: "Follow Author", "View Profile", "Share Story".
_BUTTON_WORDS = frozenset(("follow", "author", "profile", "share", "subscribe", "view", "bio", "posted", "written"))


def markup_author(tree: HtmlElement) -> str | None:
    """The writers a page's byline markup names, as trafilatura reads them, where each is shaped like a name.

    trafilatura's author reader also answers a menu's "Username", a date's "January" or "See full bio": an answer
    is kept only when each of its names (";"-separated) has two to five capitalised words, or is an agency's
    capital letters.
    """
    from trafilatura.metadata import extract_author

    if not _AUTHOR_HINT(tree):
        return None  # no element trafilatura's reader would look at (it costs ~20 ms a page: most go to its xpaths)
    try:
        found = extract_author(tree)  # it works on a copy: the page's tree is not changed
    except Exception:  # a library's fault on one hostile page means no author, not a crash
        return None
    if not found:
        return None
    names = [name for name in map(_without_date, found.split(";")) if name]
    if not names or not all(_is_name(n) for n in names):
        return None
    # trafilatura drops the dots of initials ("T C Sottek"): a lone capital before another word is an initial.
    return ", ".join(dict.fromkeys(_INITIAL.sub(r"\1.", n) for n in names))


def _without_date(found: str) -> str:
    words = _STAMP.sub("", _DATED.sub("", _BY.sub("", " ".join(found.split())))).split()
    if _MONTH_ALONE.fullmatch(words[-1] if words else "") and (
        len(words) >= 3 or (len(words) == 2 and words[-1].lower() not in _MONTH_NAMING_PEOPLE)
    ):
        words.pop()
    return " ".join(words)


# A name in a script without case or spaces between its parts: Korean "김민준" (two to four syllables), Japanese
# or Chinese "山田太郎", "王明"; not a desk ("편집부", "온라인팀", "編集部", "编辑部", "報道局", "新聞社"), as "Staff"
# is none.
_CASELESS_NAME = re.compile(r"[\uac00-\ud7a3]{2,4}|[\u4e00-\u9fff\u3040-\u30ff]{2,6}")
_DESK_ENDS = ("부", "팀", "편집국", "部", "局", "社", "室", "组", "組")


def _is_name(text: str) -> bool:
    if _AGENCY.fullmatch(text) or (_CASELESS_NAME.fullmatch(text) and not text.endswith(_DESK_ENDS)):
        return True
    words = text.split()
    return (
        2 <= len(words) <= 5
        and not any(c.isdigit() for c in text)
        and all(w[:1].isupper() or w in NAME_PARTICLES for w in words)
        and not any(w.lower() in _BUTTON_WORDS for w in words)
    )


def _first(*values: str | None) -> str | None:
    for value in values:
        if value and value.strip():
            return clean_inline(value)
    return None
