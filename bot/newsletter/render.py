"""Render a digest as the newsletter's HTML and plain-text parts through the shared jinja2 templates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot.digest import templating
from bot.digest.escape import reader_url, safe_image_url, safe_url
from bot.limits.email import PREHEADER_MAX
from bot.models import ArticleImage, Digest, DigestItem, Published

HTML_TEMPLATE = "newsletter.html.j2"
TEXT_TEMPLATE = "newsletter.txt.j2"

_SNIPPET_CHARS = 320
# The card's text column is 640 px less 2 x 24 px padding: wider images are shown at this width.
IMAGE_COLUMN = 592
_KEY_POINTS = 3


@dataclass(frozen=True, slots=True)
class NewsletterItem:
    """One story as the newsletter templates see it; every field is ready to print."""

    title: str
    url: str | None
    source: str
    published: str | None
    key_points: tuple[str, ...]
    snippet: str | None
    also_in: tuple[str, ...]
    image_url: str | None = None  # https only (``escape.safe_image_url``); the reader's client loads it
    image_alt: str = ""  # empty when the source gives none: the image is then decoration beside the headline
    image_width: int | None = None  # the size to show it at (at most the column's width), when known
    image_height: int | None = None


@dataclass(frozen=True, slots=True)
class NewsletterView:
    """The whole edition as the templates see it."""

    title: str
    edition: str
    preheader: str
    items: tuple[NewsletterItem, ...]
    unsubscribe_url: str | None
    unsubscribe_mailto: str | None
    public_url: str | None
    more: int = 0  # stories over the edition's cap, counted in one line


def safe_link(url: str | None) -> str | None:
    """Return the URL if it is an http(s) link a mail client may follow, else None (``escape.safe_url``)."""
    return safe_url(url)


def format_published(value: Published | None, zone: ZoneInfo) -> str | None:
    """Return a short human date: ``17 Oct 2025`` or ``17 Oct 2025, 09:30`` in the reader's zone."""
    if value is None:
        return None
    if isinstance(value, datetime):
        local = value.astimezone(zone)
        return f"{local.day} {local:%b %Y, %H:%M}"
    if isinstance(value, date):
        return f"{value.day} {value:%b %Y}"
    return None


def _snippet(item: DigestItem) -> str | None:
    article = item.article.article
    text = article.summary or (article.body[0] if article.body else "")
    text = " ".join(text.split())
    if not text:
        return None
    if len(text) > _SNIPPET_CHARS:
        cut = text[:_SNIPPET_CHARS].rsplit(" ", 1)[0]
        text = (cut or text[:_SNIPPET_CHARS]).rstrip(",;:.") + "…"
    return text


def to_item(item: DigestItem, zone: ZoneInfo) -> NewsletterItem:
    """Turn a digest entry into what the templates print."""
    stored = item.article
    article = stored.article
    # A pasted file may have no link at all; its headline is then plain text rather than a link to nowhere.
    url = reader_url(article.url) or safe_link(stored.canonical_url)
    key_points = tuple(" ".join(p.split()) for p in article.key_points[:_KEY_POINTS] if p.strip())
    return NewsletterItem(
        title=" ".join(article.title.split()) or "(untitled)",
        url=url,
        source=stored.source_name,
        published=format_published(article.published, zone),
        key_points=key_points,
        snippet=None if key_points else _snippet(item),
        also_in=item.also_in,
        **_image_fields(article.image),
    )


def _image_fields(image: ArticleImage | None) -> dict[str, Any]:
    url = safe_image_url(image.url) if image is not None else None
    if image is None or url is None:
        return {}
    width, height = image.width, image.height
    if width is not None and height is not None and width > IMAGE_COLUMN:
        width, height = IMAGE_COLUMN, max(1, round(height * IMAGE_COLUMN / width))
    elif width is not None and width > IMAGE_COLUMN:
        width = IMAGE_COLUMN
    alt = " ".join((image.alt or "").split())
    return {"image_url": url, "image_alt": alt, "image_width": width, "image_height": height}


def build_view(
    digest: Digest,
    zone: ZoneInfo,
    *,
    unsubscribe_url: str | None = None,
    unsubscribe_mailto: str | None = None,
    public_url: str | None = None,
) -> NewsletterView:
    """Prepare an edition of ``digest`` for one reader."""
    items = tuple(to_item(i, zone) for i in digest.items)
    edition = f"{digest.until.astimezone(zone):%A} {format_published(digest.until.astimezone(zone).date(), zone)}"
    lead = ", ".join(i.title for i in items[:3])
    count = f"{len(items)} {'story' if len(items) == 1 else 'stories'}"
    preheader = f"{count}: {lead}" if lead else "Nothing new in this window."
    title = digest.title if not digest.topic else f"{digest.title}: {digest.topic}"
    return NewsletterView(
        title=title,
        edition=edition,
        preheader=preheader[:PREHEADER_MAX],
        items=items,
        unsubscribe_url=unsubscribe_url,
        unsubscribe_mailto=unsubscribe_mailto,
        public_url=public_url,
        more=digest.more,
    )


class NewsletterRenderer:
    """The newsletter's templates, through the one template environment (``bot/digest/templating.py``)."""

    def __init__(self, templates_dir: Path | None = None) -> None:
        """Set up the template lookup.

        Raises:
            ConfigError: if ``templates_dir`` is given but is not a folder.
        """
        self.env = templating.environment(templates_dir)

    def _render(self, name: str, view: NewsletterView) -> str:
        return templating.render(self.env, name, {"view": view, "items": view.items})

    def html(self, view: NewsletterView) -> str:
        """Return the HTML part."""
        return self._render(HTML_TEMPLATE, view)

    def text(self, view: NewsletterView) -> str:
        """Return the plain-text part."""
        return self._render(TEXT_TEMPLATE, view)
