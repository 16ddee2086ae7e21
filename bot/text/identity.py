"""Identity keys, built here and nowhere else: per-source entry keys (GUID folded), canonical URL, fingerprint.

Pure functions of an article and what its source says about it, so the store can take them as given and
every door (feeds by URL, feed files, drop files) identifies an article the same way.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from datetime import UTC, date, datetime
from urllib.parse import parse_qsl, unquote_plus, urlencode, urlsplit, urlunsplit

from bot.models import Article, Identity
from bot.text.similarity import column_headline, fingerprint, normalised_head

_TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gclsrc",
        "msclkid",
        "mc_cid",
        "mc_eid",
        "yclid",
        "igshid",
        "twclid",
        "_ga",
        "_gl",
        "ref_src",
        "ref_url",
        "cmpid",
        "ocid",
        "smid",
        "smtyp",
        "mkt_tok",
        "spm",
        "share",
        "s_cid",
        "ncid",
        "wt.mc_id",
        "icid",
        "at_medium",
        "at_campaign",
        "sr_share",
        "rss",
        "feature",
    }
)
_TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_", "vero_", "__hs", "oly_")
# A web archive's address for its capture of a page: the Wayback Machine's ("/web/20231105123456/", with a mode such
# as "id_" or "if_") and archive.today's long form ("/20231105123456/" on any of its hosts),
# each followed by the page's own address.
WAYBACK_HOSTS = frozenset(("web.archive.org", "wayback.archive.org"))
ARCHIVE_TODAY_HOSTS = frozenset(
    ("archive.today", "archive.ph", "archive.is", "archive.li", "archive.vn", "archive.fo", "archive.md")
)
_ARCHIVE_HOSTS = WAYBACK_HOSTS | ARCHIVE_TODAY_HOSTS
_CAPTURED = re.compile(r"^/(?:web/)?\d{4,14}[a-z_]*/(?P<page>(?:https?:/{1,2})?[^/]+\..*)$", re.IGNORECASE)
# An AMP copy's marks: a last or first path segment "amp" beside an article's address, or a parameter ("?amp",
# "?amp=1", "?outputType=amp").
_AMP_PARAMS = frozenset({"amp", "outputtype"})
# A path segment that names one article rather than a section: a slug ("tram-line-approved", "story_12"), a number,
# a date part or a page's file name ("story.html"). A section's path ("/reviews") holds none.
_ARTICLE_SEGMENT = re.compile(r"[-_.\d]")
# A single-page site's address of one of its pages is in its fragment: "#!/story/1" (a "hashbang", which Google's
# crawler asked for as "?_escaped_fragment_=/story/1") or "#/story/1"; any other fragment is a place on the page.
_ROUTE_FRAGMENT = re.compile(r"^!?/.")
_ESCAPED_FRAGMENT = "_escaped_fragment_"


def captured_page(url: str) -> str | None:
    """Return the address of the page a web archive's capture shows (``web.archive.org/web/<time>/<page>``), or None.

    The capture opens the page as it was: the same article as the page's own address, whichever door brought it.
    """
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    host = (parts.hostname or "").lower().rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    if host not in _ARCHIVE_HOSTS:
        return None
    found = _CAPTURED.match(parts.path)
    if found is None:
        return None
    page = found["page"]
    page = re.sub(r"^(https?):/{1,2}", r"\1://", page, flags=re.IGNORECASE)
    if not page.lower().startswith(("http://", "https://")):
        page = "http://" + page
    return page + (f"?{parts.query}" if parts.query else "")


def canonical_url(url: str | None) -> str | None:
    """Return the URL with scheme and host lower-cased, default port, fragment and tracking removed.

    ``http`` and ``https`` are folded to ``https`` so a feed that switches scheme is not new content. A web archive's
    capture of a page is known by the page's address (:func:`captured_page`; the link shown stays the capture's), and
    an AMP copy by its page's (a path's first or last segment ``amp`` beside an article's slug, ``?amp``,
    ``?outputType=amp`` dropped: ``/reviews/amp`` is a section's page of its own). A fragment is a place on the page
    and dropped, except a single-page site's route to one of its pages (``#!/story/1``, ``#/story/1``, and
    ``?_escaped_fragment_=/story/1`` as ``#!/story/1``). Returns None for anything that is not an absolute http(s) URL.
    """
    if not url:
        return None
    page = captured_page(url)
    if page is not None:
        url = page
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in {"http", "https"} or not parts.hostname:
        return None
    host = parts.hostname.lower().rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    try:
        port = parts.port
    except ValueError:
        return None
    netloc = host if port in (None, 80, 443) else f"{host}:{port}"
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    route = _route(parts.fragment, pairs)
    query = [(k, v) for k, v in pairs if not _tracking(k) and not _amp(k, v) and k != _ESCAPED_FRAGMENT]
    query.sort()
    path = re.sub(r"/{2,}", "/", parts.path) or "/"
    if len(path) > 1:
        path = path.rstrip("/")
    path = _without_amp(path)
    return urlunsplit(("https", netloc, path, urlencode(query, doseq=True), route))


def _route(fragment: str, pairs: Sequence[tuple[str, str]]) -> str:
    """The fragment a canonical URL keeps: a single-page site's route as a hashbang (``!/story/1``), else none."""
    escaped = next((v for k, v in pairs if k == _ESCAPED_FRAGMENT), None)
    if escaped is not None:
        fragment = "!" + escaped
    if not _ROUTE_FRAGMENT.match(fragment):
        return ""
    route = fragment.removeprefix("!").rstrip("/")
    return "!" + route if len(route) > 1 else ""


def _amp(key: str, value: str) -> bool:
    key = key.lower()
    return key in _AMP_PARAMS and (key == "amp" or value.lower() == "amp")


def _without_amp(path: str) -> str:
    """The path of an AMP copy's page: ``/a/b-c/amp`` and ``/amp/a/b-c`` are ``/a/b-c``.

    Only beside an article's address (a segment with a slug's hyphen, a number, a file name: :data:`_ARTICLE_SEGMENT`):
    ``/reviews/amp`` (a guitar shop's amplifier reviews) and ``/amp/reviews`` are pages of their own, and ``/amp``
    alone stays.
    """
    segments = path.split("/")
    if len(segments) > 2 and segments[-1].lower() == "amp":
        page = segments[:-1]
    elif len(segments) > 2 and segments[1].lower() == "amp":
        page = ["", *segments[2:]]
    else:
        return path
    return "/".join(page) if any(_ARTICLE_SEGMENT.search(segment) for segment in page) else path


def _tracking(key: str) -> bool:
    key = key.lower()
    return key in _TRACKING_PARAMS or key.startswith(_TRACKING_PREFIXES)


def without_tracking(url: str) -> str:
    """Return ``url`` without its tracking parameters (``utm_*``, ``fbclid``...), everything else as it was written.

    For links shown to readers: unlike :func:`canonical_url`, the scheme, host, path, the other parameters' order and
    encoding and the fragment are kept, so the link opens the same page.
    """
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if not parts.query:
        return url
    kept = [pair for pair in parts.query.split("&") if pair and not _tracking(unquote_plus(pair.split("=", 1)[0]))]
    query = "&".join(kept)
    if query == parts.query:
        return url
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))


def fold_guid(guid: str) -> str:
    """Return the GUID with an http/https scheme folded, so a feed moving to https is not all new."""
    return re.sub(r"^https?://", "//", guid.strip(), flags=re.IGNORECASE)


def guid_key(guid: str) -> str:
    """Return the entry key of a GUID (or any id the source gives an entry)."""
    return "guid:" + fold_guid(guid)


def identify(
    article: Article,
    *,
    source_keys: Sequence[str] = (),
    feed_entry: bool = False,
    dated: date | None = None,
) -> Identity:
    """Return an article's identity: its entry keys within its source (best first), canonical URL, fingerprint.

    ``source_keys`` come first (a drop file's path and digest); then the article's GUID, folded. A feed entry adds its
    canonical link, and without a GUID its title with its date (``dated``, as the feed gave it) or, undated,
    a digest of its text, so a recurring title ("Weekly notes") is not taken for an entry already seen. (A feed
    dating its entries by the day gives a headline repeated that day one title key: the store lets it name an
    entry only while the links agree, :mod:`bot.store.entrykeys`.) A link that several entries of one feed share
    (``Article.shared_link``) identifies none of them: it is neither a key nor the canonical URL.
    """
    keys = list(source_keys)
    guid = article.guid
    if guid and guid.strip():
        keys.append(guid_key(guid))
    canonical = None if article.shared_link else canonical_url(article.url)
    if feed_entry:
        if canonical:
            keys.append("url:" + canonical)
        if not (guid and guid.strip()):
            # Undated and bodiless, its link is what tells two posts titled "Link" apart.
            keys.append(_title_key(article.title, dated, article.text.strip() or article.url or ""))
    return Identity(tuple(dict.fromkeys(keys)), canonical, content_fingerprint(article, canonical))


def content_fingerprint(article: Article, canonical: str | None = None) -> str:
    """Return the article's content fingerprint (normalised title and body).

    A headline without a body is not content enough to call two articles one: its link (or GUID) joins it,
    so two link posts titled "Link" stay two, while one link carried by two feeds is still one article. Nor is
    a column's name (``column_headline``: "Morning briefing") with its text, often the same teaser every day.
    """
    body = article.text
    plain = fingerprint(article.title, body)
    if body.strip() and not column_headline(article.title):
        return plain
    anchor = canonical or article.url or (fold_guid(article.guid) if article.guid else "")
    if not anchor:
        return plain
    return hashlib.sha256(f"{plain}\x00{anchor}".encode()).hexdigest()


# A text of fewer words tells no post from another: a link post's "Comments", "Read more", "Continue reading" stand
# for many posts' text.
TEXT_PRINT_WORDS = 12


def text_print(article: Article) -> str | None:
    """The fingerprint of an article's text alone (its body as :func:`content_fingerprint` reads it, no headline).

    None for a text of fewer than :data:`TEXT_PRINT_WORDS` words. Under one GUID, a post whose address and date both
    changed is the same post while its text is the same (:mod:`bot.store.entrykeys`): its headline may have been
    edited with its slug.
    """
    head = normalised_head(article.text)
    if head.count(" ") + 1 < TEXT_PRINT_WORDS:  # normalised words are one blank apart
        return None
    return hashlib.sha256(head.encode()).hexdigest()


# A feed entry's title key: its headline with its date (``title:<headline>|<date>``), for a feed without GUIDs.
TITLE_KEY_PREFIX = "title:"


def _title_key(title: str, dated: date | None, text: str) -> str:
    if isinstance(dated, datetime):
        # The instant, whatever offset the feed printed: a key made before feeds kept their offset is the same.
        when = dated.astimezone(UTC).isoformat()
    elif dated is not None:
        when = dated.isoformat()
    else:
        digest = hashlib.sha1(" ".join(text.split())[:1000].encode(), usedforsecurity=False).hexdigest()[:16]
        when = f"undated:{digest}"
    return f"{TITLE_KEY_PREFIX}{' '.join(title.lower().split())}|{when}"
