"""What the article insert path does differently on PostgreSQL: concurrent writers, and one statement per article.

:func:`bot.store.articles.insert_articles` holds the rules (dedup, first match wins; story clustering) for
both backends. SQLite has one writer at a time (BEGIN IMMEDIATE); PostgreSQL lets every process write at
once, under READ COMMITTED (:data:`bot.store.pg.ISOLATION`), so the rules that read before they write are
kept true by the database's own means, without any lock shared by every writer:

- **One article per canonical URL, per fingerprint, per entry key of a source**: the unique indexes
  (``articles_canonical_url``, ``articles_fingerprint``, ``entry_keys``' key). The write is ``ON CONFLICT DO
  NOTHING``: a second writer of the same article waits for the first one's commit, then writes nothing, and
  :func:`insert_new` says so (None); its caller undoes what the statement did write (a story, or the article
  when only a key was taken), looks again, now seeing the winner's commit, and records a sighting.
- **The right story**: headlines tell a story by similarity (``same_story``: Jaccard >= 0.6 of their words,
  0.25 of their words and character pairs when both are Chinese or Japanese), which no unique index can
  express. Before its story lookup a writer takes transaction-level advisory locks on a few of the headline's
  words (:func:`story_lock_keys`): chosen by prefix filtering, so that any two
  headlines of one story share at least one of them. Two writers of one story take turns, and the second sees
  the first's article; writers of unrelated headlines rarely share a word of those prefixes and run together.
  A transaction takes the locks of all its articles at once, in key order (:func:`lock_stories`), so two
  batches never wait for each other in a cycle. What is left (two batches holding the same two URLs under
  different headlines, in opposite orders, wait on each other's unique index entries) is a deadlock that the
  server breaks, and the writer runs the whole transaction again (:class:`bot.store.pg.PgWriter`).

This module is the one-at-a-time path (a feed's entries, each in its savepoint; a single article); a batch
of articles (an ingest commit's files) goes through :mod:`bot.store.pgbatch` in three statements, under the
same locks and unique indexes. A new article is one statement (its story unless a candidate matched, the row,
its entry keys). The lookups
stay separate statements on purpose: one statement doing the three dedup lookups and the story candidates was
measured at twice their server CPU (0.35 against 0.17 ms an article), and psycopg's pipeline mode for the
three measured no faster (0.78-1.15 ms against 0.89-1.10 ms an article).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, cast

from bot.models import AddResult
from bot.store.entrykeys import Anchor, anchor_of, reassign_sql, same_entry_params, same_entry_sql
from bot.store.sqltypes import Conn, Row

if TYPE_CHECKING:
    from bot.store.pgconn import PgConn
from bot.text.cjk import has_paired
from bot.text.similarity import STORY_THRESHOLD as STORY_THRESHOLD  # same_story's, for word headlines
from bot.text.similarity import column_headline, normalise, story_prefix, title_tokens


def _lock_key(name: str) -> int:
    """A signed 64-bit advisory lock key for a name (namespaced, so no other lock of the store shares it)."""
    digest = hashlib.blake2b(b"newsdigest-story:" + name.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


# A Chinese or Japanese character pair locks one of PAIR_LOCKS keys (the pair's hash), a word one of its own.
# The prefix of a headline of pairs is ~3/4 of them (threshold 0.25): ~9 a headline, ~1,700 for a batch of 200
# files, which took the exclusive lock (MAX_STORY_LOCKS) and made every other writer, of any language, wait.
# In a fixed key space a transaction holds at most PAIR_LOCKS pair keys, whatever its size; two headlines
# sharing a pair still share its key, so the locks stay right (a shared key of two unrelated pairs only makes
# one writer wait). Writers of many pairs mostly wait for each other either way: common pairs ("中国") are in
# most headlines' prefixes (bench/README.md, "Stories in Chinese and Japanese, second pass").
PAIR_LOCKS = 256
_PAIR_KEYS = tuple(_lock_key(f"pair key {n}") for n in range(PAIR_LOCKS))


def _word_lock(token: str) -> int:
    if has_paired(token):  # a pair or a lone character of a run read in pairs: Han and kana, Thai... (title_tokens)
        return _PAIR_KEYS[_lock_key("pair:" + token) % PAIR_LOCKS]
    return _lock_key("word:" + token)


@lru_cache(maxsize=8192)
def story_lock_keys(title: str) -> frozenset[int]:
    """The advisory locks a writer takes before looking up this headline's story.

    Prefix filtering (``story_prefix``): with the words in one global order (longest first, the rarer words; then
    by spelling), two sets whose Jaccard similarity is at least t share at least ceil(t * |x|) words, and then
    the first |x| - ceil(t * |x|) + 1 words of each set have one word in common. t is the lowest threshold the
    headline may be compared with (``story_threshold``: lower for Chinese and Japanese, whose words are
    character pairs), never above the one two headlines are compared with; a pair's key is one of a few
    (:data:`PAIR_LOCKS`), a word's its own. A headline of fewer than three words
    joins only an equal one (``same_story``), so it locks its normalised text; fewer than two, or a column's name
    (``column_headline``), never joins.
    """
    tokens = title_tokens(title)
    if len(tokens) < 2 or column_headline(title):
        return frozenset()
    if len(tokens) < 3:
        return frozenset({_lock_key("title:" + normalise(title))})
    return frozenset(_word_lock(t) for t in story_prefix(title))


# At most this many story locks in one transaction: PostgreSQL's lock table is shared by all sessions, sized
# max_locks_per_transaction (64 by default) x max_connections; a batch of 200 files takes ~600-800.
MAX_STORY_LOCKS = 1024
# Every story-locking transaction first takes this lock: shared with its word locks; alone and exclusive when
# it would need more than MAX_STORY_LOCKS words (a feed's backlog of thousands of entries), which then stands
# for every word. _ALL_WORDS only marks, in a transaction's set, that it holds the exclusive one.
_MANY = _lock_key("many headlines")
_ALL_WORDS = _lock_key("all words held")


def lock_stories(conn: Conn, titles: Iterable[str]) -> None:
    """Take the story locks of these headlines for the rest of the transaction, all in one statement, in order.

    Locks the transaction already holds are not asked again (the connection remembers them). Call it outside
    any savepoint: rolling back to a savepoint releases the advisory locks taken after it. The order is the
    same in every transaction (the shared or exclusive :data:`_MANY` first, then the words' keys ascending),
    so two transactions never each hold a lock the other waits for.
    """
    remembered: set[int] | None = getattr(conn, "story_locks", None)  # a PgConn's, which lives for one transaction
    held = set() if remembered is None else remembered
    if _ALL_WORDS in held:
        return
    wanted = sorted({key for title in titles for key in story_lock_keys(title)} - held)
    if not wanted:
        return
    if len(held) + len(wanted) > MAX_STORY_LOCKS:
        conn.execute("SELECT pg_advisory_xact_lock(?)", (_MANY,))
        held.add(_ALL_WORDS)
        return
    first = [] if _MANY in held else [_MANY]
    # unnest yields the keys in the array's order, WITH ORDINALITY tells the first (the shared one) apart.
    conn.execute(
        "SELECT count(CASE WHEN o = 1 AND ? THEN pg_advisory_xact_lock_shared(k) ELSE pg_advisory_xact_lock(k) END)"
        " FROM unnest(?::bigint[]) WITH ORDINALITY AS t (k, o)",
        (bool(first), first + wanted),
    )
    held.update(first + wanted)


# Dedup, first match wins (as bot.store.articles does it on SQLite in two statements): an entry key of the
# source that names this entry (its link, date and text: bot.store.entrykeys), the canonical URL, the fingerprint. An
# Append runs its parts in order and the LIMIT stops it at the first row, so a later part runs only when the
# earlier ones found nothing. Parameters: the source, the keys, same_entry_params, the URL, the fingerprint.
DEDUP_LOOKUP = (
    "(SELECT e.article_id, a.story_id FROM entry_keys e JOIN articles a ON a.id = e.article_id"  # noqa: S608 - constants only
    " WHERE e.source_id = ? AND e.key = ANY(?::text[])"
    f" AND {same_entry_sql('e', 'CAST(? AS TEXT)', 'CAST(? AS TEXT)', 'CAST(? AS TEXT)')} LIMIT 1)"
    " UNION ALL (SELECT id, story_id FROM articles WHERE canonical_url = ?)"
    " UNION ALL (SELECT id, story_id FROM articles WHERE fingerprint = ?) LIMIT 1"
)


def lookup(
    conn: Conn,
    source_id: int,
    keys: Sequence[str],
    anchor: Anchor,
    content: tuple[str | None, str],
    story: tuple[str, Sequence[object]] | None,
) -> tuple[Row | None, list[Row]]:
    """The stored article a new one is (:data:`DEDUP_LOOKUP`), and its story's candidates.

    ``keys`` its entry keys, ``anchor`` its link, date and text, ``content`` its canonical URL and fingerprint.

    Both statements go in one trip to the server (psycopg's pipeline mode): every trip waits for the server
    and then for this process to be scheduled again, which on a busy machine costs more than the server's
    work for a small statement. A duplicate pays for the candidates it does not need (~0.3 ms of the
    server's time); a fresh ingest has few.
    """
    dedup = (source_id, list(keys), *same_entry_params(*anchor), *content)
    statements: list[tuple[str, Sequence[object]]] = [(DEDUP_LOOKUP, dedup)]
    if story is not None:
        statements.append(story)
    answers = cast("PgConn", conn).execute_together(statements)
    return (answers[0][0] if answers[0] else None), (answers[1] if story is not None else [])


@lru_cache(maxsize=4)
def write_sql(insert_article: str) -> str:
    """The one write statement around the store's own INSERT INTO articles (one column list for both backends).

    The story (unless a candidate told the same story), the article and its entry keys (with none, "article:ID",
    so that a sighting from another source is remembered, as the SQLite path does), a GUID key with its link,
    date and text (:mod:`bot.store.entrykeys`). The article and each key are written unless taken (by a concurrent
    writer's commit; a GUID key given before to another post is taken over); the answer says what was written.
    """
    head, values = insert_article.split(" VALUES ", 1)
    marks = values.strip().removeprefix("(").removesuffix(")").split(",")
    marks[1] = " COALESCE(?::bigint, (SELECT id FROM s))"  # story_id, second as in every caller's tuple
    article = f"{head} VALUES ({','.join(marks)}) ON CONFLICT DO NOTHING RETURNING id, story_id"
    return (
        "WITH s AS (INSERT INTO stories (first_seen) SELECT ? WHERE ?::bigint IS NULL RETURNING id),"  # noqa: S608 - constants only
        " a AS (" + article + "),"
        " k AS (INSERT INTO entry_keys (source_id, key, article_id, seen_at, link, dated, text_print)"
        " SELECT ?, key, a.id, ?, link, dated, text_print FROM a,"
        " unnest(COALESCE(NULLIF(?::text[], '{}'), ARRAY['article:' || a.id]), ?::text[], ?::text[], ?::text[])"
        " AS key (key, link, dated, text_print) " + reassign_sql() + " RETURNING 1)"
        " SELECT (SELECT id FROM a), (SELECT story_id FROM a), (SELECT id FROM s), (SELECT count(*) FROM k)"
    )


def insert_new(
    conn: Conn,
    insert_article: str,
    values: Sequence[object],
    keys: Sequence[str],
    now: str,
    anchor: Anchor,
) -> AddResult | None:
    """Write a new article with its entry keys, in a new story unless ``values`` name one, in one statement.

    ``insert_article`` is the store's INSERT INTO articles and ``values`` its parameters (source_id, story_id or
    None, then the rest), as the SQLite path builds them. None: a concurrent writer committed this article, or
    one of its entry keys, after the caller's lookups; nothing of it is left written, and the caller looks again.
    """
    source_id, story_id = values[0], values[1]
    unique_keys = list(dict.fromkeys(keys))
    anchors = [anchor_of(key, anchor) for key in unique_keys]
    links, dates, prints = ([a[n] for a in anchors] for n in range(3))
    params = (now, story_id, *values, source_id, now, unique_keys, links, dates, prints)
    article_id, article_story, made_story, keys_written = conn.execute(write_sql(insert_article), params).fetchone()
    if article_id is not None and keys_written == max(len(unique_keys), 1):
        return AddResult(article_id=int(article_id), new=True, story_id=int(article_story))
    if article_id is not None:  # written, but one of its keys was taken meanwhile: the other article is that entry
        conn.execute("DELETE FROM articles WHERE id = ?", (article_id,))  # its keys go with it (ON DELETE CASCADE)
    if made_story is not None:
        conn.execute("DELETE FROM stories WHERE id = ?", (made_story,))
    return None
