"""When a stored entry key still names the entry now seen: the one rule, as SQL every lookup and key write shares.

An entry key (``bot.text.identity``) names, within its source, the entry it was first given to. A GUID may be given
again to another post: a one-item "latest post" feed with a fixed GUID, a CMS numbering its GUIDs per page. So a
GUID key remembers the link (canonical, tracking parameters and http/https aside), the date and the text's print
of its entry (``entry_keys.link``, ``entry_keys.dated``: SQLite migration 0022, PostgreSQL 0025;
``entry_keys.text_print``: SQLite 0023, PostgreSQL 0027), and it names an entry seen again only while they agree:
the same link, or a new link at the same moment (the post's address edited), or a new link and date with the same
text (:func:`bot.text.identity.text_print`: its headline and slug edited, the post re-dated). A known GUID with
another link, another date (or none) and another text (or one too short to tell) is another post, which takes the
key over (:func:`reassign_sql`). A key written before those columns stands for its article's own link and date
(when the article is of the key's source; a sighting of another source's article tells neither), and for no text.

A title key (a feed without GUIDs: its headline with its date) remembers its entry's link too, and names an entry
seen again only while the links agree, where both have one: a feed dating its entries by the day gives every
headline repeated within a day ("Verkehrsmeldung", "Live: ...", "Planning application received") one title key,
and the day's next entry of that headline, another link, was taken for the first and never stored. A link moved
only by the canonical rule (tracking parameters, http/https, ``www.``) is the same link; one moved otherwise under
an unchanged headline and date is another post (posted twice rather than lost, as above). Other keys (a link, a
file) name their entry whatever it says now.

Why the text and not the headline, nor a likeness: of the 24,630 pairs of distinct entries of one feed in the 37
dataset feeds, none share a normalised text of that length, but templated posts ("Clima en Rosario hoy: ...")
share up to 93 % of their texts' word triples and 80 % of their headlines' words, and a recurring headline ("Daily
briefing") is a new post every day. A post lost is worse than an edited one posted twice.
"""

from __future__ import annotations

from datetime import datetime

from bot.models import Article, Identity
from bot.store.db import published_sort
from bot.text.identity import TITLE_KEY_PREFIX, text_print

GUID_PREFIX = "guid:"


def anchored(key: str) -> bool:
    """Whether an entry key names its entry only while the entry agrees with what it remembers: a GUID or title key."""
    return key.startswith((GUID_PREFIX, TITLE_KEY_PREFIX))


# What a GUID key remembers of its entry: its link, its date, its text's print (each None when it has none).
Anchor = tuple[str | None, str | None, str | None]


def entry_anchor(article: Article, identity: Identity) -> Anchor:
    """The link, date and text a GUID key of this entry remembers: canonical URL, ``published_sort``, ``text_print``.

    No link for one several entries of its document share (``Identity.canonical_url``). A bare day is no date here:
    two posts of one day under one GUID (a feed dating its entries by the day) are two posts, not one whose address
    was edited. An entry without a GUID has no GUID key: its text is not printed.
    """
    published = article.published
    dated = published_sort(published) if isinstance(published, datetime) else None
    return identity.canonical_url, dated, text_print(article) if article.guid else None


def _stored(row: str, column: str, of_article: str) -> str:
    return (
        f"COALESCE({row}.{column}, (SELECT x.{of_article} FROM articles x"  # noqa: S608 - names of the store's own
        f" WHERE x.id = {row}.article_id AND x.source_id = {row}.source_id))"
    )


def same_entry_sql(row: str, link: str, dated: str, text: str) -> str:
    """A condition: the ``entry_keys`` row aliased ``row`` names the entry seen with ``link``, ``dated``, ``text``.

    ``link``, ``dated`` and ``text`` are SQL expressions (parameters, columns): the entry's anchor
    (:func:`entry_anchor`), each NULL when it has none. Never NULL itself. :func:`same_entry` is the same rule in
    Python, for a batch's own articles.
    """
    stored_link = _stored(row, "link", "canonical_url")
    stored_dated = _stored(row, "dated", "published_sort")
    guid = f"{row}.key LIKE '{GUID_PREFIX}%'"
    return (
        f"(NOT ({guid} OR {row}.key LIKE '{TITLE_KEY_PREFIX}%') OR {link} IS NULL OR {stored_link} IS NULL"
        f" OR {stored_link} = {link} OR ({guid} AND (COALESCE({stored_dated} = {dated}, FALSE)"
        f" OR COALESCE({row}.text_print = {text}, FALSE))))"
    )


def moved_sql(row: str, link: str, dated: str, text: str) -> str:
    """A condition: the GUID key row aliased ``row`` remembers another anchor than the entry's (SQL as above).

    A key that names its entry (:func:`same_entry_sql`) but remembers it as it was (a post re-dated, its address
    edited, its text corrected, or a key written before the columns were) is given the entry's anchor as it is now
    (:func:`bot.store.articles.follow_entries`): each later edit is then measured against the last one seen, so a
    post re-dated at one poll and moved to a new address with a corrected text at the next stays one post.
    """
    return (
        f"({row}.key LIKE '{GUID_PREFIX}%' AND (COALESCE({row}.link, '') <> COALESCE({link}, '')"
        f" OR COALESCE({row}.dated, '') <> COALESCE({dated}, '')"
        f" OR COALESCE({row}.text_print, '') <> COALESCE({text}, '')))"
    )


def same_entry_params(link: str | None, dated: str | None, text: str | None) -> tuple[str | None, ...]:
    """The parameters of ``same_entry_sql(row, "?", "?", "?")``, in their order."""
    return link, link, dated, text


def same_entry(key: str, stored: Anchor, seen: Anchor) -> bool:
    """:func:`same_entry_sql` in Python: ``key``, written with the anchor ``stored``, names the entry seen now.

    For a key a batch's earlier article wrote (``stored``: that article's anchor, as :func:`anchor_of` keeps it).
    """
    if not anchored(key) or seen[0] is None or stored[0] is None or stored[0] == seen[0]:
        return True
    if not key.startswith(GUID_PREFIX):
        return False  # a title key: another link
    return (stored[1] is not None and stored[1] == seen[1]) or (stored[2] is not None and stored[2] == seen[2])


def reassign_sql(table: str = "entry_keys") -> str:
    """The ``ON CONFLICT`` clause of an ``entry_keys`` insert: a GUID or title key of another post goes over to it.

    The insert's columns are ``source_id, key, article_id, seen_at, link, dated, text_print``; any other key
    already written stays as it is (and is not returned by ``RETURNING``).
    """
    same = same_entry_sql(table, "excluded.link", "excluded.dated", "excluded.text_print")
    return (
        "ON CONFLICT (source_id, key) DO UPDATE SET article_id = excluded.article_id, seen_at = excluded.seen_at,"
        f" link = excluded.link, dated = excluded.dated, text_print = excluded.text_print WHERE NOT {same}"
    )


def anchor_of(key: str, anchor: Anchor) -> Anchor:
    """What a key row stores of its entry: the anchor for a GUID key, the link for a title key, nothing for another."""
    if key.startswith(GUID_PREFIX):
        return anchor
    return (anchor[0], None, None) if key.startswith(TITLE_KEY_PREFIX) else (None, None, None)
