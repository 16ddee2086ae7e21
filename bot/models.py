"""Typed records that cross layers. Library objects (feedparser dicts, sqlite rows, discord objects) never do."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from bot.logs import redact
from bot.text.language import article_language

# A publication date: a calendar day when the source gives only that, else an aware datetime. A datetime keeps
# the offset its source printed (21:24-04:00, not 01:24 UTC the next day), so that readers are shown the day the
# page shows; compare and sort by instant as with any aware datetime.
Published = date | datetime


@dataclass(frozen=True, slots=True)
class ArticleImage:
    """An image a story carries: an https URL (never fetched by newsdigest), its alt text and size when known.

    Build one with :func:`bot.ingest.images.article_image`, which applies :func:`bot.digest.escape.safe_image_url`.
    """

    url: str
    alt: str | None = None
    width: int | None = None
    height: int | None = None


@dataclass(frozen=True, slots=True)
class Article:
    """One article as understood from a file or a feed entry, before it is stored."""

    title: str
    body: tuple[str, ...]
    published: Published | None = None
    dateline: str | None = None
    author: str | None = None
    url: str | None = None
    key_points: tuple[str, ...] = ()
    source: str = ""
    guid: str | None = None
    summary: str | None = None
    # Several entries of its feed link to this address (one day page with #fragments, a link blog's two posts
    # on one story): the link is kept for readers but identifies none of them.
    shared_link: bool = False
    image: ArticleImage | None = None
    # ISO 639-1 code of the language the source declares (html lang, og:locale, a feed's language, an email's
    # Content-Language); None: not declared. The store guesses it from the words then (bot.text.language).
    language: str | None = None

    @property
    def text(self) -> str:
        """Return the body as paragraphs separated by blank lines."""
        return "\n\n".join(self.body)


@dataclass(frozen=True, slots=True)
class Identity:
    """How the store tells an article apart, built by :func:`bot.text.identity.identify` and nowhere else."""

    keys: tuple[str, ...]  # stable keys within its source, best first (GUID, link, title + date, file)
    canonical_url: str | None
    fingerprint: str  # of the normalised content: the same text from anywhere is one article


@dataclass(frozen=True, slots=True)
class NewArticle:
    """An article on its way into the store: what it says, where it came from, and how it is identified."""

    article: Article
    source_id: int
    identity: Identity
    # The language it is stored and searched in, worked out once here: where the record is made (an ingest
    # makes its records beside the parsing), not on the database's thread while the writer waits.
    language: str | None = field(init=False)

    def __post_init__(self) -> None:
        article = self.article
        object.__setattr__(self, "language", article_language(article.language, article.title, article.text))


@dataclass(frozen=True, slots=True)
class Retrieved:
    """Bytes from somewhere plus what is known about them, the input of every parser."""

    data: bytes
    name: str
    location: str
    content_type: str | None = None
    modified: datetime | None = None
    base_url: str | None = None


class SourceKind(StrEnum):
    """Where articles come from."""

    FEED = "feed"
    FOLDER = "folder"
    FILE = "file"


@dataclass(frozen=True, slots=True)
class Source:
    """A stored origin of articles: a feed, a drop folder, or a file given on the command line."""

    id: int
    kind: SourceKind
    name: str
    location: str


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """An article as kept in the database."""

    id: int
    article: Article
    source_id: int
    source_name: str
    arrived_at: datetime
    story_id: int
    canonical_url: str | None = None


@dataclass(frozen=True, slots=True)
class AddResult:
    """What storing one article did."""

    article_id: int
    new: bool
    story_id: int
    duplicate_of: int | None = None


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One search result."""

    article_id: int
    title: str
    published: Published | None
    arrived_at: datetime
    source: str
    url: str | None
    snippet: str
    score: float


@dataclass(frozen=True, slots=True)
class SearchPage:
    """A page of search results."""

    query: str
    hits: tuple[SearchHit, ...]
    total: int
    offset: int
    limit: int
    total_capped: bool = False  # more matched than are ranked: ``total`` is a lower bound
    note: str = ""  # said above the results, e.g. that only the start of an over-long search was used


@dataclass(frozen=True, slots=True)
class DigestItem:
    """One story in a digest: its lead article and the other sources that carry it."""

    article: StoredArticle
    also_in: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Digest:
    """The stories picked for one window."""

    since: datetime
    until: datetime
    items: tuple[DigestItem, ...]
    title: str = "News digest"
    topic: str | None = None
    more: int = 0  # stories that matched but were over the post's cap (counted in one line)


# A post shows at most this many stories unless its filter says otherwise; the rest are counted in one line.
DEFAULT_MAX_STORIES = 10
MAX_STORIES_LIMIT = 50


@dataclass(frozen=True, slots=True)
class DigestFilter:
    """What one digest (a /digest, a schedule's post, a CLI run) keeps, and how many stories it shows.

    ``topic`` and ``exclude`` are written in the search language (words, "phrases", OR, -word, prefix*):
    a story is kept when an article of it matches ``topic``, and dropped when any of its articles holds any
    word or phrase of ``exclude``. ``sources`` keeps only articles from sources with these names (compared
    case-insensitively; empty: every source). Build one with ``bot.digest.filters.digest_filter``, which
    checks and normalises the user's text.
    """

    topic: str | None = None
    exclude: str | None = None
    sources: tuple[str, ...] = ()
    max_stories: int = DEFAULT_MAX_STORIES

    @property
    def narrows(self) -> bool:
        """Return whether anything is filtered out (the cap aside)."""
        return bool(self.topic or self.exclude or self.sources)


@dataclass(frozen=True, slots=True)
class Feed:
    """A subscribed feed with its polling state."""

    id: int
    source_id: int
    url: str
    title: str | None
    guild_id: int | None
    channel_id: int | None
    etag: str | None
    last_modified: str | None
    interval_s: int
    next_poll_at: datetime | None
    last_success_at: datetime | None
    last_error: str | None
    last_error_at: datetime | None
    failures: int
    paused: bool
    pause_notified: bool
    full_text: bool
    created_at: datetime
    backlog_stored: bool = True  # False until a first fetch's entries were stored as the (never posted) backlog

    @property
    def shown_url(self) -> str:
        """The URL as shown to anyone: a password in it (``https://user:pw@host/``) is never printed or posted."""
        return redact(self.url)

    @property
    def name(self) -> str:
        """The feed's title, else its shown URL."""
        return self.title or self.shown_url


@dataclass(frozen=True, slots=True)
class IngestReport:
    """Counts of what one ingest run did, plus the problems it met."""

    new: int = 0
    duplicate: int = 0
    quarantined: int = 0
    failed: int = 0
    problems: tuple[str, ...] = field(default_factory=tuple)

    def __add__(self, other: IngestReport) -> IngestReport:
        return IngestReport(
            self.new + other.new,
            self.duplicate + other.duplicate,
            self.quarantined + other.quarantined,
            self.failed + other.failed,
            self.problems + other.problems,
        )
