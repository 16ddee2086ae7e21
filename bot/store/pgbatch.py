"""Many articles into PostgreSQL in three or four statements, told apart exactly as one at a time would be.

:func:`bot.store.articles.insert_articles` stores a batch (the files of one ingest commit) one article after
another on SQLite; on PostgreSQL that cost two round trips and three statements' own costs per article, and
the writer's chain (the server, then this process, then the server) was the ingest's wall. Here the whole
batch is:

1. one **dedup lookup** for every article (entry keys of its source, canonical URL, fingerprint, each
   answered apart), then the batch's own duplicates told in order here: an article is a duplicate of an
   earlier article of the batch exactly when the one-at-a-time path would have found that earlier row;
2. one **story lookup** for the new ones: each headline's candidates among the stored rows (the store's own
   rule: the newest 200 headline matches, then the window, then the newest 20, with each row's rank among the
   matches), and which earlier new articles of the batch its headline query matches (the server's own
   ``@@`` on the headline's vector, the newest 20). Stored in order, the batch's earlier articles would be
   the newest matches, so a headline's candidates are those batch articles first, then the stored rows
   whose rank leaves room for them: the same list, and ``same_story`` picks from it as before. A Chinese or
   Japanese headline's candidates are ranked by how many of its words find them (migration 0019): the batch's
   earlier articles are counted by the same matches of the same vectors and merged in by that order; where any
   headline has stored candidates, one more statement reads their stories' dated articles, so that an article
   joins no story holding its source's article of another day (:mod:`bot.store.editions`), the batch's own
   articles settled in batch order as they would have been stored;
3. one **write** of every new article, its story (ids taken from the sequences in batch order, so ids still
   follow arrival) and every entry key (the duplicates' sightings too).

Before all that, while the batch before it is still being written, the batch's search vectors are computed on
another connection (:data:`STAGE_SQL`, migration 0014): the write takes them from ``staged_vectors`` instead of
computing them itself, so the writer's connection, which every batch waits for in turn, does ~0.8 ms an
article less. A vector that was not staged is computed by the write's trigger, as before.

Concurrent writers are handled as on the one-at-a-time path (:mod:`bot.store.pgarticles`): the story locks
of every headline are taken before the lookups, the write is ``ON CONFLICT DO NOTHING``, and when a
concurrent commit took an article or one of its keys after the lookups, the whole transaction is run again
(:class:`bot.store.constraints.WriteConflict`, :class:`bot.store.pg.PgWriter`), so its lookups see that
commit.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from bot.models import AddResult, NewArticle
from bot.store.constraints import WriteConflict
from bot.store.editions import EDITIONS_SQL, another_edition, edition_day
from bot.store.entrykeys import Anchor, anchor_of, entry_anchor, reassign_sql, same_entry, same_entry_sql
from bot.store.sqltypes import Conn
from bot.text.similarity import first_same_story

if TYPE_CHECKING:
    from bot.store.pgconn import PgConn

# The store's candidate rule (bot.store.articles): the newest MATCHES headline matches, then the window, then
# the newest CANDIDATES of those.
MATCHES = 200
CANDIDATES = 20
# A Chinese or Japanese headline's: each of its words' newest PAIR_MATCHES matches, then the window, then the
# CANDIDATES found by the most of its words, newest first among equals (migration 0019).
PAIR_MATCHES = 200

# Parameters go in binary (%b): a batch's 200 bodies dumped as a text array literal cost ~0.018 ms an article
# of this process's time for the quoting alone, ~0.002 in binary.
# One row per article that a lookup found (and the row -1 when ``articles`` holds rows but never had statistics,
# :func:`_analyse_once`): which stored article its entry keys, its canonical URL and its
# fingerprint name (each looked up apart, since an earlier article of the batch may be found first). Each
# part is a LIMIT 1 subquery, so it stays a probe of its unique index per article whatever the planner
# thinks of the table's size (without it, a fresh table's guessed statistics gave hash joins over the whole
# table, and the keys a scan of every key of the source).
# The entry key names the entry (bot.store.entrykeys); percent signs doubled for psycopg, as in every %b statement.
_SAME_ENTRY = same_entry_sql("e", "k.link", "k.dated", "k.text").replace("%", "%%")
_REASSIGN = reassign_sql().replace("%", "%%")
_DEDUP_SQL = f"""
WITH kh AS (
  SELECT DISTINCT ON (k.o) k.o, a.id, a.story_id
  FROM unnest(%b::int[], %b::bigint[], %b::text[], %b::text[], %b::text[], %b::text[])
    AS k (o, source_id, key, link, dated, text)
  CROSS JOIN LATERAL (SELECT e.article_id FROM entry_keys e WHERE e.source_id = k.source_id AND e.key = k.key
    AND {_SAME_ENTRY} LIMIT 1) e
  JOIN articles a ON a.id = e.article_id ORDER BY k.o
)
SELECT r.o, kh.id, kh.story_id, ca.id, ca.story_id, fa.id, fa.story_id
FROM unnest(%b::int[], %b::text[], %b::text[]) AS r (o, canonical, fp)
LEFT JOIN kh ON kh.o = r.o
LEFT JOIN LATERAL (SELECT id, story_id FROM articles WHERE canonical_url = r.canonical LIMIT 1) ca ON true
LEFT JOIN LATERAL (SELECT id, story_id FROM articles WHERE fingerprint = r.fp LIMIT 1) fa ON true
WHERE kh.id IS NOT NULL OR ca.id IS NOT NULL OR fa.id IS NOT NULL
UNION ALL
SELECT -1, NULL::bigint, NULL::bigint, NULL::bigint, NULL::bigint, NULL::bigint, NULL::bigint
FROM pg_class c WHERE c.oid = 'articles'::regclass AND c.reltuples < 0 AND EXISTS (SELECT 1 FROM articles)
"""  # noqa: S608 - constants only
# The search vectors of a batch's articles (o: their place in the batch), computed ahead of its write under a
# token the write names; what no write took within ten minutes is swept. Parameters: :func:`stage_values`.
STAGE_SQL = """
WITH swept AS (DELETE FROM staged_vectors WHERE staged_at < now() - interval '10 minutes')
INSERT INTO staged_vectors (token, o, v)
SELECT %b, o, newsdigest_vector(language, title, key_points, body)
FROM unnest(%b::int[], %b::text[], %b::text[], %b::text[], %b::text[]) AS t (o, language, title, key_points, body)
"""
# Per headline query: the stored candidates with their rank among the matches (kind 0), and the earlier new
# articles of the batch whose headline it matches, newest first (kind 1): their headlines' vectors made as the
# stored ones' title_search is (CJK spaced, migration 0018), which the queries' CJK phrases are asked of. A
# Chinese or Japanese headline's instead (its words each a query of its own, w): its stored candidates ranked
# (kind 2, migration 0019, with how many of its words found each, and its id), and every earlier article of the
# batch it matches with how many of its words that article's vector matches (kind 3).
_STORY_SQL = f"""
WITH q AS MATERIALIZED (
  SELECT o, to_tsquery('newsdigest', qt) AS q, since FROM unnest(%b::int[], %b::text[], %b::text[]) AS q (o, qt, since)
), w AS MATERIALIZED (
  SELECT o, array_agg(to_tsquery('newsdigest', wt)) AS ws FROM unnest(%b::int[], %b::text[]) AS w (o, wt) GROUP BY o
), t AS MATERIALIZED (
  SELECT o, to_tsvector('newsdigest', newsdigest_cjk_spaced(title)) AS v
  FROM unnest(%b::int[], %b::text[]) AS t (o, title)
)
SELECT q.o, 0, c.story_id, c.title, c.rank, NULL::bigint
FROM q CROSS JOIN LATERAL newsdigest_story_candidates(q.q, q.since, {MATCHES}, {CANDIDATES}) c
WHERE q.o NOT IN (SELECT o FROM w)
UNION ALL
SELECT q.o, 1, p.o, NULL, NULL, NULL FROM q CROSS JOIN LATERAL (
  SELECT t.o FROM t WHERE t.o < q.o AND t.v @@ q.q ORDER BY t.o DESC LIMIT {CANDIDATES}
) p WHERE q.o NOT IN (SELECT o FROM w)
UNION ALL
SELECT q.o, 2, c.story_id, c.title, c.hits, c.id
FROM w JOIN q ON q.o = w.o
CROSS JOIN LATERAL newsdigest_story_candidates_ranked(w.ws, q.since, {PAIR_MATCHES}, {CANDIDATES}) c
UNION ALL
SELECT q.o, 3, p.o, NULL, (SELECT count(*) FROM unnest(w.ws) AS x (x) WHERE p.v @@ x.x), NULL
FROM w JOIN q ON q.o = w.o CROSS JOIN LATERAL (SELECT t.o, t.v FROM t WHERE t.o < q.o AND t.v @@ q.q) p
"""  # noqa: S608 - constants only
# Every new article (ids from the sequences, in batch order), the stories it starts, and every entry key (a GUID
# key given before to another post taken over: bot.store.entrykeys).
_WRITE_SQL = f"""
WITH n AS MATERIALIZED (
  SELECT * FROM unnest(%b::int[], %b::bigint[], %b::bigint[], %b::int[], %b::text[], %b::text[], %b::text[],
    %b::text[], %b::text[], %b::text[], %b::text[], %b::text[], %b::text[], %b::text[], %b::text[], %b::text[],
    %b::text[], %b::int[], %b::text[], %b::text[], %b::int[], %b::int[], %b::text[])
  AS n (o, source_id, story_db, story_owner, guid, url, canonical_url, fingerprint, title, published,
    published_sort, dateline, author, summary, body, key_points, arrived_at, initial, image_url, image_alt,
    image_width, image_height, language)
), staged AS MATERIALIZED (
  DELETE FROM staged_vectors WHERE token = %b RETURNING o, v
), ids AS MATERIALIZED (
  SELECT o, story_owner, arrived_at, nextval(pg_get_serial_sequence('articles', 'id')) AS aid,
    CASE WHEN story_db IS NULL AND story_owner = o THEN nextval(pg_get_serial_sequence('stories', 'id')) END AS sid
  FROM (SELECT o, story_db, story_owner, arrived_at FROM n ORDER BY o) ordered
), s AS (
  INSERT INTO stories (id, first_seen) SELECT sid, arrived_at FROM ids WHERE sid IS NOT NULL ORDER BY sid
  RETURNING id
), a AS (
  INSERT INTO articles (id, source_id, story_id, guid, url, canonical_url, fingerprint, title, published,
    published_sort, dateline, author, summary, body, key_points, arrived_at, initial, image_url, image_alt,
    image_width, image_height, language, search)
  SELECT i.aid, n.source_id, COALESCE(n.story_db, owner.sid), n.guid, n.url, n.canonical_url, n.fingerprint,
    n.title, n.published, n.published_sort, n.dateline, n.author, n.summary, n.body, n.key_points, n.arrived_at,
    n.initial, n.image_url, n.image_alt, n.image_width, n.image_height, n.language, staged.v
  FROM n JOIN ids i ON i.o = n.o LEFT JOIN ids owner ON owner.o = n.story_owner LEFT JOIN staged ON staged.o = n.o
  ORDER BY n.o
  ON CONFLICT DO NOTHING RETURNING id, story_id
), k AS (
  SELECT k.source_id, COALESCE(k.key, 'article:' || COALESCE(k.article_db, i.aid)) AS key,
    COALESCE(k.article_db, i.aid) AS article_id, k.seen_at, k.required, k.link, k.dated, k.text_print
  FROM unnest(%b::int[], %b::bigint[], %b::bigint[], %b::text[], %b::text[], %b::bool[], %b::text[], %b::text[],
    %b::text[]) AS k (article_o, article_db, source_id, key, seen_at, required, link, dated, text_print)
  LEFT JOIN ids i ON i.o = k.article_o
  -- a key of an article a concurrent writer took is not written (the whole transaction is run again)
  WHERE k.article_o IS NULL OR i.aid IN (SELECT id FROM a)
), kw AS (
  INSERT INTO entry_keys (source_id, key, article_id, seen_at, link, dated, text_print)
  SELECT source_id, key, article_id, seen_at, link, dated, text_print FROM k {_REASSIGN} RETURNING source_id, key
)
SELECT (SELECT count(*) FROM s), (SELECT count(*) FROM a),
  (SELECT count(*) FROM kw JOIN k USING (source_id, key) WHERE k.required),
  (SELECT array_agg(i.aid ORDER BY i.o) FROM ids i), (SELECT array_agg(i.sid ORDER BY i.o) FROM ids i)
"""  # noqa: S608 - constants only


@dataclass(slots=True)
class _Item:
    """One article of the batch on its way through: what it is a duplicate of, or the story it joins."""

    record: NewArticle
    arrived: str  # the arrival time, as stored
    since: str  # the start of its story window, as stored
    keys: list[str]  # its entry keys, each once
    anchor: Anchor  # its link, date and text, as a GUID key remembers them (bot.store.entrykeys)
    dup_db: int | None = None  # a stored article it is
    dup_story: int | None = None  # that stored article's story
    dup_batch: int | None = None  # an earlier new article of the batch it is
    story_db: int | None = None  # a stored story it joins
    story_owner: int | None = None  # the batch article whose new story it joins (itself: it starts one)


def store(
    conn: Conn,
    groups: Sequence[tuple[Sequence[NewArticle], str, str]],
    *,
    initial: bool,
    story_query: Callable[[str], str | None],
    ranked_words: Callable[[str], list[str] | None],
    values_of: Callable[[NewArticle, str, bool], tuple[object, ...]],
    staged: int = 0,
) -> list[list[AddResult]]:
    """Store groups of articles (each with its arrival and story window start, as stored) in three or four statements.

    ``story_query`` gives a headline's tsquery text (None: too few words to join a story), ``ranked_words`` a
    Chinese or Japanese headline's words, each's tsquery text (None: another headline), ``values_of`` the
    article's INSERT values (source_id, story_id, then the rest) as the one-at-a-time path builds them;
    ``staged`` the token their search vectors were staged under (0: none). The caller holds the transaction
    and has taken the story locks. Returns one list of results per group.

    Raises:
        WriteConflict: a concurrent writer committed one of these articles, or a key, after the lookups; the
            writer runs the whole transaction again.
    """
    items = [
        _Item(
            record,
            arrived,
            since,
            list(dict.fromkeys(record.identity.keys)),
            entry_anchor(record.article, record.identity),
        )
        for records, arrived, since in groups
        for record in records
    ]
    if not items:
        return [[] for _ in groups]
    if _dedup(conn, items):
        _analyse_once(conn)
    new = [o for o, item in enumerate(items) if item.dup_db is None and item.dup_batch is None]
    _stories(conn, items, new, story_query, ranked_words)
    ids, stories = _write(conn, items, new, initial, values_of, staged)
    results: list[list[AddResult]] = []
    o = 0
    for records, _arrived, _since in groups:
        group = []
        for _ in records:
            item = items[o]
            if item.dup_db is not None:
                group.append(AddResult(item.dup_db, False, int(item.dup_story or 0), item.dup_db))
            elif item.dup_batch is not None:
                article = ids[item.dup_batch]
                group.append(AddResult(article, False, stories[item.dup_batch], article))
            else:
                group.append(AddResult(ids[o], True, stories[o]))
            o += 1
        results.append(group)
    return results


def stage_values(
    token: int, inputs: Sequence[tuple[object, object, object, object]], start: int = 0
) -> tuple[object, ...]:
    """The parameters of :data:`STAGE_SQL`: each article's (language, title, key_points, body), in batch order.

    ``start``: the batch place of the first of ``inputs``, when a batch is staged in parts.
    """
    places = list(range(start, start + len(inputs)))
    return (token, places, *(list(column) for column in zip(*inputs, strict=True)))


def _analyse_once(conn: Conn) -> None:
    """Analyse ``articles``, which holds rows but never had statistics (the dedup lookup tells, in its own trip).

    Each headline's candidates are planned for its own words (``newsdigest_story_candidates``, migration 0012), which
    needs the headline index's statistics: a fresh database's first ingest would otherwise plan on guesses
    until autovacuum's first analyse, a minute or more away. The analyse samples the few hundred rows there are,
    once. The dedup lookup's plans do not need it (each part is a probe of a unique index).
    """
    _pg(conn).query("ANALYZE articles", ())


def _dedup(conn: Conn, items: list[_Item]) -> bool:
    """Find what each article is, first match wins (entry key, canonical URL, fingerprint), in batch order.

    Returns whether ``articles`` holds rows but never had statistics (one catalog read a batch, in the same trip).
    """
    found = {
        row[0]: row[1:]
        for row in _pg(conn).query(
            _DEDUP_SQL,
            (
                [o for o, item in enumerate(items) for _ in item.keys],
                [item.record.source_id for item in items for _ in item.keys],
                [k for item in items for k in item.keys],
                [item.anchor[0] for item in items for _ in item.keys],
                [item.anchor[1] for item in items for _ in item.keys],
                [item.anchor[2] for item in items for _ in item.keys],
                list(range(len(items))),
                [i.record.identity.canonical_url for i in items],
                [i.record.identity.fingerprint for i in items],
            ),
        )
    }
    # (source, key) -> (stored article, its story, batch o): the keys the batch's earlier articles write, each with
    # the anchor it is written with (a GUID key names the entry of that anchor only: bot.store.entrykeys)
    keys: dict[tuple[int, str], tuple[int | None, int | None, int | None]] = {}
    held: dict[tuple[int, str], Anchor] = {}
    urls: dict[str, int] = {}
    prints: dict[str, int] = {}
    nothing = (None, None, None, None, None, None)
    for o, item in enumerate(items):
        key_id, key_story, url_id, url_story, print_id, print_story = found.get(o, nothing)
        source, ident = item.record.source_id, item.record.identity
        earlier = next(
            (
                keys[(source, k)]
                for k in item.keys
                if (source, k) in keys and same_entry(k, held[(source, k)], item.anchor)
            ),
            None,
        )
        if key_id is not None:
            item.dup_db, item.dup_story = key_id, key_story
        elif earlier is not None:
            item.dup_db, item.dup_story, item.dup_batch = earlier
        elif url_id is not None:
            item.dup_db, item.dup_story = url_id, url_story
        elif ident.canonical_url is not None and ident.canonical_url in urls:
            item.dup_batch = urls[ident.canonical_url]
        elif print_id is not None:
            item.dup_db, item.dup_story = print_id, print_story
        elif ident.fingerprint in prints:
            item.dup_batch = prints[ident.fingerprint]
        else:  # new: later articles of the batch find it by its keys, URL and fingerprint
            if ident.canonical_url is not None:
                urls[ident.canonical_url] = o
            prints[ident.fingerprint] = o
            for k in item.keys:  # a key held by an earlier article is a GUID it takes over (it found none)
                keys[(source, k)], held[(source, k)] = (None, None, o), item.anchor
            continue
        # A duplicate's keys are recorded as sightings of what it is (unless taken, but for a GUID key of another
        # entry, which it takes over): later articles find them.
        for k in item.keys:
            if (source, k) not in keys or not same_entry(k, held[(source, k)], item.anchor):
                keys[(source, k)], held[(source, k)] = (item.dup_db, item.dup_story, item.dup_batch), item.anchor
    return -1 in found


def _stories(
    conn: Conn,
    items: list[_Item],
    new: list[int],
    story_query: Callable[[str], str | None],
    ranked_words: Callable[[str], list[str] | None],
) -> None:
    """Choose each new article's story as the one-at-a-time path would (see the module's docstring)."""
    asked = [(o, story_query(items[o].record.article.title)) for o in new]
    queries = [(o, text) for o, text in asked if text is not None]
    words = [(o, ranked_words(items[o].record.article.title) or []) for o, _ in queries]
    stored: dict[int, list[tuple[int, str, int]]] = {}
    batch: dict[int, list[int]] = {}
    ranked: dict[int, list[tuple[int, int, int, int | None, str]]] = {}  # (-hits, tier, -newness, story, title)
    if queries:
        rows = _pg(conn).query(
            _STORY_SQL,
            (
                [o for o, _ in queries],
                [text for _, text in queries],
                [items[o].since for o, _ in queries],
                [o for o, each in words for _ in each],
                [w for _, each in words for w in each],
                new,
                [items[o].record.article.title for o in new],
            ),
        )
        for o, kind, ref, title, rank, row_id in rows:
            if kind == 0:
                stored.setdefault(o, []).append((ref, title, rank))
            elif kind == 1:
                batch.setdefault(o, []).append(ref)
            elif kind == 2:  # newer than every stored row: the batch's earlier articles come first among equals
                ranked.setdefault(o, []).append((-rank, 1, -row_id, ref, title))
            else:
                ranked.setdefault(o, []).append((-rank, 0, -ref, None, items[ref].record.article.title))
    editions = _Editions(
        conn,
        {s for rows in stored.values() for s, _, _ in rows}
        | {r[3] for rows in ranked.values() for r in rows if r[3] is not None},
    )
    for o in new:
        item = items[o]
        title = item.record.article.title
        if o in ranked:
            # The CANDIDATES found by the most of its words, then the newest (a word's newest matches counted
            # without the batch's: the same list unless a word matches ~PAIR_MATCHES stored headlines).
            candidates = sorted(ranked[o], key=lambda r: r[:3])[:CANDIDATES]
            found = first_same_story(title, (r[4] for r in candidates))
            if found is not None:
                _hits, tier, newness, story, _other = candidates[found]
                joined = items[-newness] if tier == 0 else None
                item.story_db = joined.story_db if joined is not None else story
                item.story_owner = joined.story_owner if joined is not None else None
            else:
                item.story_db, item.story_owner = None, o
            editions.settle(o, item)
            continue
        earlier = batch.get(o, [])  # newest first, at most CANDIDATES
        room = CANDIDATES - len(earlier)
        # The stored rows the one-at-a-time lookup would have kept: ranked among the newest MATCHES once the
        # batch's earlier matches are counted in, and only as many as leave room for them.
        rows = [(s, t) for s, t, rank in stored.get(o, []) if rank <= MATCHES - len(earlier)][:room]
        found = first_same_story(title, (items[j].record.article.title for j in earlier))
        if found is not None:
            j = earlier[found]
            item.story_db, item.story_owner = items[j].story_db, items[j].story_owner
        else:
            index = first_same_story(title, (t for _s, t in rows))
            chosen = int(rows[index][0]) if index is not None else None
            item.story_db, item.story_owner = chosen, (None if chosen is not None else o)
        editions.settle(o, item)


class _Editions:
    """The one-at-a-time path's edition rule (:mod:`bot.store.editions`) over a batch, applied in batch order.

    ``stored``: the dated articles (source, day) of the stored stories the batch's articles may join, read in one
    statement; the batch's own articles are added as each is given its story, so a later article sees an earlier
    one's story as the one-at-a-time path would have stored it.
    """

    def __init__(self, conn: Conn, stories: set[int]) -> None:
        self.held: dict[tuple[bool, int], list[tuple[int, str | None]]] = {}
        if stories:
            for story, source, day in _pg(conn).query(EDITIONS_SQL, (sorted(stories),)):
                self.held.setdefault((True, int(story)), []).append((int(source), day))

    def settle(self, o: int, item: _Item) -> None:
        """Start a story of its own for ``item`` where the story it joined holds its source's other day."""
        day = edition_day(item.record.article.published)
        owner = item.story_owner if item.story_owner is not None else o
        key = (True, item.story_db) if item.story_db is not None else (False, owner)
        source = item.record.source_id
        if key != (False, o) and another_edition(self.held.get(key, ()), source, day):
            item.story_db, item.story_owner = None, o
            key = (False, o)
        self.held.setdefault(key, []).append((source, day))


def _write(
    conn: Conn,
    items: list[_Item],
    new: list[int],
    initial: bool,
    values_of: Callable[[NewArticle, str, bool], tuple[object, ...]],
    staged: int,
) -> tuple[dict[int, int], dict[int, int]]:
    """Write the new articles, their stories and every entry key; return the article and story ids by o."""
    rows = [values_of(items[o].record, items[o].arrived, initial) for o in new]
    columns: list[list[object]] = [list(c) for c in zip(*rows, strict=True)] if rows else [[] for _ in range(21)]
    # Each key once: a GUID key's takeover (ON CONFLICT DO UPDATE) may not meet a row the statement wrote itself.
    # The first writer of a key is the one that counts, as under ON CONFLICT DO NOTHING; but a GUID key goes to a
    # later article of another entry (its anchor not the same), as one at a time it would have been taken over.
    once: dict[tuple[int, str | None, int | None, int | None], tuple[object, ...]] = {}
    for o, item in enumerate(items):
        is_new = item.dup_db is None and item.dup_batch is None
        article_o = o if is_new else item.dup_batch
        keys: list[str | None] = list(item.keys) or [None]  # None: "article:ID", a sighting kept all the same
        for k in keys:
            row = (
                (item.record.source_id, k, None, None)
                if k is not None
                else (item.record.source_id, k, item.dup_db, article_o)
            )
            anchor = anchor_of(k, item.anchor) if k is not None else (None, None, None)
            if row in once and (k is None or same_entry(k, cast("Anchor", once[row][6:]), anchor)):
                continue
            once[row] = (article_o, item.dup_db, item.record.source_id, k, item.arrived, is_new, *anchor)
    key_columns: list[list[object]] = [list(c) for c in zip(*once.values(), strict=True)] or [[] for _ in range(9)]
    params = (
        new,
        columns[0],
        [items[o].story_db for o in new],
        [items[o].story_owner for o in new],
        *columns[2:],
        staged,
        *key_columns,
    )
    [(_made, written, keys_written, ids, sids)] = _pg(conn).query(_WRITE_SQL, params)
    required = sum(1 for r in key_columns[5] if r)
    if written != len(new) or keys_written != required:
        # A concurrent writer committed one of these articles (or keys) after the lookups: look again, whole.
        raise WriteConflict("a concurrent writer stored one of the batch's articles first; running it again")
    article = dict(zip(new, ids or [], strict=True))
    started = dict(zip(new, sids or [], strict=True))
    story = {}
    for o in new:
        item = items[o]
        owner_story = None if item.story_owner is None else started[item.story_owner]
        story[o] = int(item.story_db if item.story_db is not None else owner_story)  # type: ignore[arg-type]
    return {o: int(a) for o, a in article.items()}, story


def _pg(conn: Conn) -> PgConn:
    return cast("PgConn", conn)
