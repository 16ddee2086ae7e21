"""When a stored entry key still names the entry now seen: the one rule, as SQL every lookup and key write shares.

An entry key (``bot.text.identity``) names, within its source, the entry it was first given to. A GUID may be given
again to another post: a one-item "latest post" feed with a fixed GUID, a CMS numbering its GUIDs per page. So a
GUID key remembers the link (canonical, tracking parameters and http/https aside) and the date of its entry
(``entry_keys.link``, ``entry_keys.dated``: SQLite migration 0022, PostgreSQL 0025), and it names an entry seen again
only while they agree: the same link, or a new link at the same moment (the post's address edited). A known GUID with
another link and another date (or none) is another post, which takes the key over (:func:`reassign_sql`). A key
written before those columns stands for its article's own link and date (when the article is of the key's source;
a sighting of another source's article tells neither). Other keys (a link, a title with its date, a file) name
their entry whatever it says now.
"""

from __future__ import annotations

from datetime import datetime

from bot.models import Article, Identity
from bot.store.db import published_sort

GUID_PREFIX = "guid:"


def entry_anchor(article: Article, identity: Identity) -> tuple[str | None, str | None]:
    """The link and the date a GUID key of this entry remembers: its canonical URL, its ``published_sort``.

    No link for one several entries of its document share (``Identity.canonical_url``). A bare day is no date here:
    two posts of one day under one GUID (a feed dating its entries by the day) are two posts, not one whose address
    was edited.
    """
    published = article.published
    return identity.canonical_url, published_sort(published) if isinstance(published, datetime) else None


def _stored(row: str, column: str, of_article: str) -> str:
    return (
        f"COALESCE({row}.{column}, (SELECT x.{of_article} FROM articles x"  # noqa: S608 - names of the store's own
        f" WHERE x.id = {row}.article_id AND x.source_id = {row}.source_id))"
    )


def same_entry_sql(row: str, link: str, dated: str) -> str:
    """A condition: the ``entry_keys`` row aliased ``row`` names the entry seen with ``link`` and ``dated``.

    ``link`` and ``dated`` are SQL expressions (parameters, columns): the entry's canonical link and its date as
    stored (``published_sort``), each NULL when it has none. Never NULL itself.
    """
    stored_link = _stored(row, "link", "canonical_url")
    stored_dated = _stored(row, "dated", "published_sort")
    return (
        f"({row}.key NOT LIKE '{GUID_PREFIX}%' OR {link} IS NULL OR {stored_link} IS NULL"
        f" OR {stored_link} = {link} OR COALESCE({stored_dated} = {dated}, FALSE))"
    )


def same_entry_params(link: str | None, dated: str | None) -> tuple[str | None, ...]:
    """The parameters of ``same_entry_sql(row, "?", "?")``, in their order."""
    return link, link, dated


def reassign_sql(table: str = "entry_keys") -> str:
    """The ``ON CONFLICT`` clause of an ``entry_keys`` insert: a GUID key given to another post goes over to it.

    The insert's columns are ``source_id, key, article_id, seen_at, link, dated``; any other key already written
    stays as it is (and is not returned by ``RETURNING``).
    """
    same = same_entry_sql(table, "excluded.link", "excluded.dated")
    return (
        "ON CONFLICT (source_id, key) DO UPDATE SET article_id = excluded.article_id, seen_at = excluded.seen_at,"
        f" link = excluded.link, dated = excluded.dated WHERE NOT {same}"
    )


def anchor_of(key: str, link: str | None, dated: str | None) -> tuple[str | None, str | None]:
    """What a key row stores of its entry: the link and date for a GUID key, nothing for another key."""
    return (link, dated) if key.startswith(GUID_PREFIX) else (None, None)
