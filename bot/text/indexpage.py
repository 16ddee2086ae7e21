"""A page of story links (a home, section, tag, search or archive page) told from one article, by its shape.

Every reader (saved pages, Markdown, pasted text) lays its document out as a sequence of pieces in reading order:
a **story link** (a headline standing alone as a link to another page: a teaser's title, a list's item) or
**text** (anything else: paragraphs, bylines, dates, sentences with links inside them). An article has a run of
its own text; an index page's text comes in short snippets between one headline and the next. So a page is an
index when it holds at least ``MIN_LINKS`` different story links, most of them to one site, no run of text
between two of them (or before the first, or after the last) reaches ``STORY_WORDS`` words (one teaser's snippet
is not a story), and the text before the first has fewer than ``LEAD_WORDS`` (a short story over its related
links has no teaser's headline over it). Nor is one whose links point to many sites (a roundup of other papers'
stories, a listicle's shops), which is one writer's piece; and a saved page that calls itself an article, a video
or a product (JSON-LD, og:type) is never asked.

The thresholds and their margin on the datasets' 3,934 inputs are in bench/README.md ("Index pages").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from bot.text.keypoints import word_count

# A story link's text: a headline's length (a "Read more" or "Next" is no headline; a whole paragraph in a link is
# a teaser's snippet, read as text).
LINK_MIN_WORDS = 3
LINK_MAX_WORDS = 30
# An index shows at least this many different headlines; an article's related box or most-read list shows as
# many, but beside a run of the story's own text.
MIN_LINKS = 5
# A run of text this long between two story links (or around them) is a story's text, not a teaser's snippet.
STORY_WORDS = 80
# Text this long before the first story link is a story under its headline (a short article over its related
# links), not an index's intro: no teaser's headline stands over it.
LEAD_WORDS = 40
# At least this share of the story links point to one site (the page's own, or links relative to it).
SITE_SHARE = 0.5


@dataclass(frozen=True, slots=True)
class Piece:
    """One piece of a document in reading order: a story link's headline (``site`` set) or text (``site`` None)."""

    text: str
    site: str | None = None  # a story link's host ("" for the page's own, or unknown); None for text


@dataclass(frozen=True, slots=True)
class IndexSigns:
    """What a document's shape says: its story links, and the longest run of text between them."""

    links: int  # different story links (by their headline)
    longest_run: int  # words of the longest run of text between two story links, or before the first, after the last
    lead_run: int  # words of text before the first story link
    site_share: float  # the share of story links to the page's own site

    @property
    def is_index(self) -> bool:
        """Tell whether the shape is an index page's: many headlines of one site, and no story's run of text."""
        return (
            self.links >= MIN_LINKS
            and self.longest_run < STORY_WORDS
            and self.lead_run < LEAD_WORDS
            and self.site_share >= SITE_SHARE
        )

    @property
    def margin(self) -> float:
        """Return how far the text runs are from an index's (under 1: an index's shape), for the bench's report."""
        return max(self.longest_run / STORY_WORDS, self.lead_run / LEAD_WORDS)

    def note(self) -> str:
        """Return the quarantine reason for an index page."""
        return (
            f"a page of {self.links} story links (a home, section or search page), not one article: "
            "save the story's own page"
        )


def story_link(text: str) -> bool:
    """Tell whether a link's text standing alone reads as a headline: a few words to a long title, no time or date.

    "4 yr. ago", "13:22 Now playing" and "Continue reading" are no headlines (the last one repeats, and a headline
    is counted once).
    """
    if not LINK_MIN_WORDS <= word_count(text) <= LINK_MAX_WORDS or sum(map(str.isalpha, text)) < _LINK_LETTERS:
        return False
    from bot.text.linekinds import classify_line

    return classify_line(text) == "text"


_LINK_LETTERS = 10


def link_host(url: str, own: str = "") -> str:
    """Return the site a link points to (its host's last two labels, three under "co.uk" and the like).

    "" for a relative link or one to site ``own``: a site's sections and editions ("edition.example.com",
    "example.com") are one site.
    """
    try:
        host = urlsplit(url.strip()).hostname or ""
    except ValueError:
        return ""
    labels = host.split(".")
    keep = 3 if len(labels) >= 3 and len(labels[-2]) <= 3 and len(labels[-1]) == 2 else 2
    site = ".".join(labels[-keep:])
    return "" if site == own else site


def index_signs(pieces: Iterable[Piece], *, own_known: bool = False) -> IndexSigns:
    """Return the signs of a document laid out as ``pieces``.

    A story link's ``site`` is "" for the page's own site; where the page's address is not known (not
    ``own_known``), the site most linked (relative links are one) stands for it.
    """
    headlines: dict[str, str] = {}
    longest = run = 0
    lead = None
    for piece in pieces:
        if piece.site is None:
            run += word_count(piece.text)
            continue
        lead = run if lead is None else lead
        longest = max(longest, run)
        run = 0
        headlines.setdefault(" ".join(piece.text.casefold().split()), piece.site)
    longest = max(longest, run)
    sites = Counter(headlines.values())
    # The page's own site; where the page's address is not known, its relative links' or the most linked site's.
    own = sites[""] if own_known else max(sites.values(), default=0)
    share = own / len(headlines) if headlines else 0.0
    lead = run if lead is None else lead
    return IndexSigns(links=len(headlines), longest_run=longest, lead_run=lead, site_share=share)


def pasted_index_signs(lines: Sequence[str]) -> IndexSigns:
    """Return the signs of text copied from a page, which shows no links, from its ``pasted.paragraph_lines``.

    A story link is a teaser's headline, told by what stands under it: a date or byline line at once ("December
    3, 2026 by Ann Example"), or a snippet then the writer's name and the date, as front pages show them. A live
    blog's times ("09:40") are no dates, and its entries' titles stand over their text.
    """
    from bot.text.linekinds import classify_paragraph_line

    kinds = [classify_paragraph_line(line) for line in lines]
    if sum(kind in _HEADER_KINDS for kind in kinds) < MIN_LINKS:
        return _NO_INDEX  # fewer dates and bylines than an index's teasers: no story links to count
    pieces: list[Piece] = []
    for i, line in enumerate(lines):
        head = _titled(line, kinds[i]) and (
            _header_at(kinds, i + 1)
            or (
                i + 3 < len(lines)
                and kinds[i + 1] == "text"
                and _name(lines[i + 2], kinds[i + 2])
                and _header_at(kinds, i + 3)
            )
        )
        pieces.append(Piece(line, "" if head else None))
    return index_signs(pieces)


_NO_INDEX = IndexSigns(links=0, longest_run=0, lead_run=0, site_share=0.0)


def _titled(line: str, kind: str) -> bool:
    return kind == "text" and story_link(line) and not line.rstrip().endswith((".", "!", "?", ":", "\u3002"))


def _header_at(kinds: Sequence[str], i: int) -> bool:
    return i < len(kinds) and kinds[i] in _HEADER_KINDS


def _name(line: str, kind: str) -> bool:
    words = line.split()
    return kind == "text" and 2 <= len(words) <= 4 and all(w[:1].isupper() and w.isalpha() for w in words)


_HEADER_KINDS = frozenset(("date", "byline"))
