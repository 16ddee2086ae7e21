"""A story's image from what its source says: page metadata, the first real image of a page or a markdown file.

Every image is built by :func:`article_image`, which keeps only https URLs (``escape.safe_image_url``), makes
them absolute and ASCII, cleans the alt text and reads a size only when it is a plausible number of pixels.
newsdigest never fetches an image: the reader's client does.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from html import unescape
from typing import TYPE_CHECKING
from urllib.parse import quote, urljoin

from bot.digest.escape import safe_image_url
from bot.ingest.formats.meta import clean_inline
from bot.ingest.textsafe import valid_unicode
from bot.models import ArticleImage

if TYPE_CHECKING:  # lxml is imported by the formats that build trees; JSON and text files never need it
    from lxml.html import HtmlElement

__all__ = ["ALT_MAX", "article_image", "body_image", "content_image", "markdown_image", "page_image", "plausible_image"]

ALT_MAX = 300
_PIXELS_MAX = 20000
# ASCII punctuation is left as written; anything else (a space, an accented letter) is percent-encoded.
_URL_SAFE = string.punctuation
_SIZE = re.compile(r"^\s*(\d{1,6})(?:\.\d+)?\s*(?:px)?\s*$", re.IGNORECASE)
# Images that decorate or track rather than illustrate: logos, icons, avatars, spacers, counters, emoji.
_NOT_A_PICTURE = re.compile(
    r"logo|icon|avatar|sprite|spacer|pixel|track|beacon|badge|emoji|gravatar|qr[-_]?code|blank\.gif|1x1|open\?|/o\.gif",
    re.IGNORECASE,
)
# An image this small (either side, in pixels) is a tracking pixel, a bullet or an icon.
_TINY = 48
_PAGE_IMAGE_METAS = ("og:image:secure_url", "og:image:url", "og:image", "twitter:image", "twitter:image:src")
_PAGE_ALT_METAS = ("og:image:alt", "twitter:image:alt")
_SCANNED = 200  # images looked at in one page: a hostile page of a million <img> costs no more
_MD_IMAGE = re.compile(r"!\[([^\]\n]{0,500})\]\(\s*<?([^\s)>]{1,2100})>?(?:\s+[\"'][^\"'\n]{0,300}[\"'])?\s*\)")
# An image found in a text: (where, URL, alt, width, height, class and id).
_Found = tuple[int, str | None, str | None, str | None, str | None, str]
_TEXT_SCANNED = 200_000  # characters of a text searched for images
_HTML_IMAGE = re.compile(r"<img\b[^>]{0,2000}>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""([a-zA-Z-]+)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""")


def article_image(
    url: str | None,
    *,
    alt: str | None = None,
    width: object = None,
    height: object = None,
    base_url: str | None = None,
) -> ArticleImage | None:
    """Return the image if its URL is a safe https link (resolved against ``base_url``), else None."""
    if not url or not isinstance(url, str):
        return None
    url = url.strip()
    if base_url and not url.lower().startswith(("https:", "http:", "data:", "javascript:")):
        try:
            url = urljoin(base_url, url)
        except ValueError:
            return None
    try:
        url = quote(url, safe=_URL_SAFE)
    except UnicodeEncodeError:  # a lone surrogate: no client could load it
        return None
    safe = safe_image_url(url)
    if safe is None:
        return None
    text = clean_inline(valid_unicode(alt)) if isinstance(alt, str) else ""
    if len(text) > ALT_MAX:
        text = text[: ALT_MAX - 1].rsplit(" ", 1)[0].rstrip() + "\u2026"
    return ArticleImage(url=safe, alt=text or None, width=_pixels(width), height=_pixels(height))


def _pixels(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and value == value:  # not NaN
        number = int(value)
    elif isinstance(value, str) and (found := _SIZE.match(value)):
        number = int(found.group(1))
    else:
        return None
    return number if 0 < number <= _PIXELS_MAX else None


def plausible_image(image: ArticleImage | None, *, hint: str = "") -> ArticleImage | None:
    """Return the image unless it looks like a tracking pixel, an icon or a logo (``hint``: its class, id)."""
    if image is None:
        return None
    if any(size is not None and size < _TINY for size in (image.width, image.height)):
        return None
    if _NOT_A_PICTURE.search(image.url) or _NOT_A_PICTURE.search(hint):
        return None
    return image


def page_image(tree: HtmlElement, metas: Mapping[str, str], *, base_url: str | None = None) -> ArticleImage | None:
    """Return a page's image: its og:image or twitter:image (with alt text and size), else its first real image."""
    alt = next((metas[k] for k in _PAGE_ALT_METAS if metas.get(k)), None)
    for key in _PAGE_IMAGE_METAS:
        image = article_image(
            metas.get(key),
            alt=alt,
            width=metas.get("og:image:width"),
            height=metas.get("og:image:height"),
            base_url=base_url,
        )
        if image is not None:
            return image
    return body_image(tree, base_url=base_url)


def body_image(tree: HtmlElement, *, base_url: str | None = None) -> ArticleImage | None:
    """Return the first real image in a page's body: not in its header, navigation or footer, not a pixel or icon."""
    for node in tree.xpath(f"(//body//img)[position() <= {_SCANNED}]"):
        if any(a.tag in ("header", "nav", "footer", "aside") for a in node.iterancestors()):
            continue
        source = node.get("src") or node.get("data-src") or ""
        if source.startswith("data:"):
            source = node.get("data-src") or ""
        image = article_image(
            source, alt=node.get("alt"), width=node.get("width"), height=node.get("height"), base_url=base_url
        )
        hint = " ".join(filter(None, (node.get("class"), node.get("id"), node.get("alt"))))
        image = plausible_image(image, hint=hint)
        if image is not None:
            return image
    return None


def markdown_image(text: str, fields: Mapping[str, str] | None = None) -> ArticleImage | None:
    """Return a markdown file's image: front matter ``image`` (or ``cover``), else its first real image."""
    for key in ("image", "cover", "cover_image", "og_image"):
        value = (fields or {}).get(key)
        image = article_image(value, alt=(fields or {}).get("image_alt"))
        if image is not None:
            return image
    found: list[_Found] = [
        (m.start(), m.group(2), m.group(1), None, None, "") for m in _MD_IMAGE.finditer(text, 0, _TEXT_SCANNED)
    ]
    found += _img_tags(text)
    return _first_plausible(sorted(found, key=lambda f: f[0]))


def content_image(html: str | None) -> ArticleImage | None:
    """Return the first real image (an ``<img>`` with an absolute https source) of a feed entry's HTML."""
    if not html or "<img" not in html.lower():
        return None
    return _first_plausible(_img_tags(html))


def _img_tags(text: str) -> list[_Found]:
    found: list[_Found] = []
    for tag in _HTML_IMAGE.finditer(text, 0, _TEXT_SCANNED):
        attributes = {k.lower(): unescape(v.strip("\"'")) for k, v in _ATTRIBUTE.findall(tag.group(0))}
        source = attributes.get("src") or ""
        if not source or source.startswith("data:"):
            source = attributes.get("data-src") or ""
        hint = " ".join(attributes.get(k, "") for k in ("class", "id"))
        alt, width, height = attributes.get("alt"), attributes.get("width"), attributes.get("height")
        found.append((tag.start(), source, alt, width, height, hint))
    return found


def _first_plausible(found: list[_Found]) -> ArticleImage | None:
    for _, url, alt, width, height, hint in found[:_SCANNED]:
        image = article_image(url, alt=alt, width=width, height=height)
        if plausible_image(image, hint=f"{hint} {alt or ''}") is not None:
            return image
    return None
