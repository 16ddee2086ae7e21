"""Articles and sources: insert with dedup and story clustering, and the reads the digest needs."""

from __future__ import annotations

import asyncio
import json
import secrets
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta
from functools import lru_cache
from operator import itemgetter
from typing import TYPE_CHECKING, NamedTuple, cast

from bot.errors import StoreError
from bot.models import (
    AddResult,
    Article,
    ArticleImage,
    Identity,
    NewArticle,
    Published,
    Source,
    SourceKind,
    StoredArticle,
)
from bot.store import pgarticles, pgbatch
from bot.store.constraints import INTEGRITY_ERRORS, WriteConflict, is_unique_violation
from bot.store.db import Database, from_db_time, published_sort, to_db_time
from bot.store.editions import OTHER_EDITION_SQL, edition_day
from bot.store.entrykeys import (
    Anchor,
    anchor_of,
    anchored,
    entry_anchor,
    moved_sql,
    reassign_sql,
    same_entry_params,
    same_entry_sql,
)
from bot.store.pgsearch import any_of, each_of
from bot.store.sqltypes import Conn, Row
from bot.text.cjk import cjk_spaced, cjk_words
from bot.text.fuller import fuller, fuller_headline
from bot.text.identity import content_fingerprint, identify
from bot.text.similarity import (
    column_headline,
    first_same_story,
    reads_pairs,
    story_order,
    story_prefix,
    title_tokens,
)

if TYPE_CHECKING:
    from bot.store.pg import PgDatabase

STORY_WINDOW = timedelta(days=3)
_STORY_CANDIDATES = 20
# A stored article takes at most this many corrections (revise_articles): a text that changes more often before any
# digest carries it ("Updated N minutes ago", a counter, an advertisement in an entry's description) changes by
# itself, and was rewritten, with its search index, at every poll (bench/README.md, guid31: ~0.2 ms an article a
# poll on SQLite, 1-2.5 ms on PostgreSQL). A real correction or two before the digest is taken.
CORRECTIONS_MAX = 3

_ARTICLE_COLUMNS = """
    a.id, a.source_id, a.story_id, a.guid, a.url, a.canonical_url, a.title, a.published, a.dateline, a.author,
    a.summary, a.body, a.key_points, a.arrived_at, s.name AS source_name,
    a.image_url, a.image_alt, a.image_width, a.image_height, a.language
"""


def published_to_db(value: Published | None) -> tuple[str | None, str | None]:
    """Return (as given, as a sortable UTC timestamp) for a publication date or datetime."""
    if value is None:
        return None, None
    sort = published_sort(value)
    if isinstance(value, datetime):
        # The offset the source printed is kept (the page's own day), the sort key is UTC.
        return (sort if value.utcoffset() == timedelta(0) else value.isoformat()), sort
    return value.isoformat(), sort


def published_from_db(text: str | None) -> Published | None:
    """Read back what :func:`published_to_db` wrote."""
    if not text:
        return None
    if len(text) == 10:
        return date.fromisoformat(text)
    if text.endswith("Z"):
        return from_db_time(text)
    return datetime.fromisoformat(text)  # a datetime with the offset its source printed


def row_to_article(row: Row) -> StoredArticle:
    """Build a StoredArticle from a row selected with the article columns."""
    article = Article(
        title=row["title"],
        body=tuple(p for p in row["body"].split("\n\n") if p),
        published=published_from_db(row["published"]),
        dateline=row["dateline"],
        author=row["author"],
        url=row["url"],
        key_points=tuple(json.loads(row["key_points"])),
        source=row["source_name"],
        guid=row["guid"],
        summary=row["summary"],
        image=_image_from_row(row),
        language=row["language"] if "language" in row.keys() else None,  # noqa: SIM118 - `in` on a Row: values
    )
    return StoredArticle(
        id=row["id"],
        article=article,
        source_id=row["source_id"],
        source_name=row["source_name"],
        arrived_at=from_db_time(row["arrived_at"]),
        story_id=row["story_id"],
        canonical_url=row["canonical_url"],
    )


def _image_from_row(row: Row) -> ArticleImage | None:
    # A query that selects the article columns of an older shape (no image columns) reads as "no image".
    if "image_url" not in row.keys() or not row["image_url"]:  # noqa: SIM118 - `in` on a Row looks at values
        return None
    return ArticleImage(row["image_url"], row["image_alt"], row["image_width"], row["image_height"])


def _image_to_db(image: ArticleImage | None) -> tuple[str | None, str | None, int | None, int | None]:
    if image is None:
        return None, None, None, None
    return image.url, image.alt, image.width, image.height


async def get_or_create_source(db: Database, kind: SourceKind, name: str, location: str, now: datetime) -> Source:
    """Return the source stored at ``location``, creating it if new."""
    row = await db.fetchone("SELECT id, kind, name, location FROM sources WHERE location = ?", (location,))
    if row is None:
        async with db.transaction() as conn:
            await conn.execute(
                "INSERT OR IGNORE INTO sources (kind, name, location, created_at) VALUES (?, ?, ?, ?)",
                (kind.value, name, location, to_db_time(now)),
            )
        row = await db.fetchone("SELECT id, kind, name, location FROM sources WHERE location = ?", (location,))
    assert row is not None  # noqa: S101 - inserted just above
    return Source(id=row["id"], kind=SourceKind(row["kind"]), name=row["name"], location=row["location"])


_SEEN_ROW = "(CAST(? AS INTEGER), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT))"
_SEEN_ARRAYS = (
    "SELECT * FROM unnest(CAST(? AS integer[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]),"
    " CAST(? AS text[]))"
)


class Seen(NamedTuple):
    """A stored article of the source that an entry seen again names (:func:`seen_entries`)."""

    article_id: int
    fingerprint: str
    corrections: int  # taken so far (revise_articles)
    moved: str | None = None  # its GUID key, where the key remembers the entry as it was (follow_entries)

    @property
    def correctable(self) -> bool:
        """Whether it may take another correction (:data:`CORRECTIONS_MAX`)."""
        return self.corrections < CORRECTIONS_MAX


async def seen_entries(
    db: Database, source_id: int, entries: Sequence[tuple[Article, Identity]]
) -> dict[int, Seen | None]:
    """Return the places in ``entries`` (each an article and its identity) of those this source has delivered before.

    An entry is seen when one of its keys names it (:func:`bot.store.entrykeys.same_entry_sql`): a GUID given
    before to a post of another link, date and text does not. Each with its stored article when that is the source's
    own (None: a sighting of another source's article), and the GUID key that remembers the entry as it was, if any
    (:func:`bot.store.entrykeys.moved_sql`).
    """
    anchors = [entry_anchor(article, identity) for article, identity in entries]
    wanted = [(o, key, *anchors[o]) for o, (_, identity) in enumerate(entries) for key in identity.keys]
    found: dict[int, Seen | None] = {}
    # PostgreSQL takes the entries as five arrays (one plan for any number); SQLite as rows of VALUES, 500 at a time.
    pg = db.dialect == "postgresql"
    size = len(wanted) if pg else 500
    for start in range(0, len(wanted), max(size, 1)):
        chunk = wanted[start : start + size]
        given = _SEEN_ARRAYS if pg else f"VALUES {','.join([_SEEN_ROW] * len(chunk))}"
        values = [list(column) for column in zip(*chunk, strict=True)] if pg else [v for row in chunk for v in row]
        rows = await db.fetchall(
            f"WITH w (o, key, link, dated, text) AS ({given})"  # noqa: S608 - constants and '?' marks
            # CROSS JOIN: SQLite's planner then probes the keys' index for each entry, not the entries for each key.
            " SELECT w.o, a.id, a.fingerprint, a.source_id, a.corrections,"
            f" {moved_sql('e', 'w.link', 'w.dated', 'w.text')}, e.key FROM w"
            " CROSS JOIN entry_keys e JOIN articles a ON a.id = e.article_id"
            " WHERE e.source_id = ? AND e.key = w.key AND"
            f" {same_entry_sql('e', 'w.link', 'w.dated', 'w.text')} ORDER BY w.o, a.id",
            (*values, source_id),
        )
        for row in rows:
            o, own = int(row[0]), row[3] == source_id
            seen = found.get(o)
            if seen is None:  # the source's own article, where another row named a sighting
                found[o] = seen = Seen(int(row[1]), str(row[2]), int(row[4])) if own else None
            if seen is not None and row[5] and int(row[1]) == seen.article_id:
                found[o] = seen._replace(moved=str(row[6]))
    return found


async def follow_entries(db: Database, source_id: int, moved: Sequence[tuple[str, int, Anchor]]) -> None:
    """Give GUID keys that name their entry its anchor as it is now: each ``(key, its article, the entry's anchor)``.

    (:func:`bot.store.entrykeys.moved_sql`.) Only a key still naming that article is changed.
    """
    rows = [(*anchor, source_id, key, article_id) for key, article_id, anchor in moved]
    if rows:
        await db.write(lambda conn: conn.executemany(_FOLLOW, rows))


_FOLLOW = "UPDATE entry_keys SET link = ?, dated = ?, text_print = ? WHERE source_id = ? AND key = ? AND article_id = ?"


async def revise_articles(db: Database, revisions: Sequence[tuple[int, NewArticle]]) -> list[int]:
    """Take a corrected text (headline, summary, body, key points) of stored articles no post has carried yet.

    Each ``(article id, the entry as it reads now)``. An article a post carried keeps the text that was posted
    (it is never posted again either way); one whose new text another stored article already has stays as it
    is (one article per fingerprint), and so does one whose stored text is a fuller one than the entry's (taken
    from another door's copy: :func:`_take_fuller`; the feed's excerpt seen again is no correction), and one that
    took :data:`CORRECTIONS_MAX` corrections already (a text changing by itself). The search indexes follow the row
    (SQLite's triggers, PostgreSQL's search trigger). Returns the ids revised.
    """

    def work(conn: Conn) -> list[int]:
        marks = ",".join("?" * len(revisions))
        stored = conn.execute(f"SELECT id, body FROM articles WHERE id IN ({marks})", [i for i, _ in revisions])  # noqa: S608
        bodies = {int(row[0]): str(row[1]) for row in stored.fetchall()}
        return [
            article_id
            for article_id, record in revisions
            if not fuller(record.article.text, bodies.get(article_id, ""))
            and _revise(conn, article_id, record, correction=True)
        ]

    return await db.write(work) if revisions else []


def _revise(conn: Conn, article_id: int, record: NewArticle, *, correction: bool) -> bool:
    """Give a stored article the text of ``record`` unless a post carried it or another article has that text.

    The one way a stored article's text changes: :func:`revise_articles` (a ``correction`` under its GUID, counted
    and bounded: :data:`CORRECTIONS_MAX`) and :func:`_take_fuller` (a fuller copy from another door). Whether the
    row was changed.
    """
    article, fingerprint = record.article, record.identity.fingerprint
    counted = int(correction)
    values = (_key_points_text(article), fingerprint, record.language, counted, article_id, counted, article_id)
    try:
        return bool(
            conn.execute(
                _REVISE, (article.title, article.summary, article.text, *values, fingerprint, article_id)
            ).rowcount
        )
    except INTEGRITY_ERRORS as exc:
        if not is_unique_violation(exc) or getattr(conn, "dialect", "sqlite") != "postgresql":
            raise
        # PostgreSQL: a concurrent writer committed an article of this fingerprint after the check above read (its
        # headline took no story lock: fewer than two words). Run the transaction again: the check then sees it.
        raise WriteConflict(f"article {article_id}'s new text was stored meanwhile by another writer") from exc


_REVISE = (
    "UPDATE articles SET title = ?, summary = ?, body = ?, key_points = ?, fingerprint = ?, language = ?,"  # noqa: S608 - a constant
    " corrections = corrections + ?"
    f" WHERE id = ? AND (? = 0 OR corrections < {CORRECTIONS_MAX})"
    " AND NOT EXISTS (SELECT 1 FROM delivery_articles d WHERE d.article_id = ?)"
    " AND NOT EXISTS (SELECT 1 FROM articles o WHERE o.fingerprint = ? AND o.id <> ?)"
)


def _take_fuller(conn: Conn, records: Sequence[NewArticle], results: Sequence[AddResult]) -> None:
    """Of the records found stored already, give the stored article a record's text where it is the fuller one.

    A later copy of the same article (the same entry key of its source, or canonical URL, or fingerprint: the
    dedup's match, never a sibling of its story from another outlet) whose text the stored one is a cut excerpt
    of (:func:`bot.text.fuller.fuller`: an alert's snippet, a feed's excerpt, a newsletter's blurb) replaces its
    summary, body, key points, fingerprint and language, and with them what search finds, while no post has
    carried it (:func:`_revise`); the headline, link, source and arrival stay the first copy's (its story, its
    place in a digest). Never the other way: a fuller text is not replaced by a shorter one.
    """
    copies = [
        (result.duplicate_of, record)
        for record, result in zip(records, results, strict=True)
        if result.duplicate_of is not None and record.article.body
    ]
    if not copies:
        return
    longest: dict[int, int] = {}
    for article_id, record in copies:
        longest[article_id] = max(longest.get(article_id, 0), len(record.article.text))
    stored: dict[int, tuple[str, str, str | None]] = {}
    ids = list(longest)
    for start in range(0, len(ids), 300):  # only those stored shorter than a copy, and no post carried
        chunk = ids[start : start + 300]
        rows = conn.execute(
            f"SELECT id, title, body, canonical_url FROM articles WHERE id IN ({','.join('?' * len(chunk))})"  # noqa: S608
            f" AND length(body) < CASE id {' '.join(['WHEN ? THEN ?'] * len(chunk))} END"
            " AND NOT EXISTS (SELECT 1 FROM delivery_articles d WHERE d.article_id = articles.id)",
            (*chunk, *(v for i in chunk for v in (i, longest[i]))),
        ).fetchall()
        stored.update((int(row[0]), (str(row[1]), str(row[2]), row[3])) for row in rows)
    for article_id, record in copies:
        if article_id not in stored:
            continue
        title, body, canonical = stored[article_id]
        same_page = canonical is not None and canonical == record.identity.canonical_url
        if not fuller(body, record.article.text, same_page=same_page):
            continue
        # The first copy's headline (its story stays its story), unless an alert cut it.
        title = fuller_headline(title, record.article.title)
        kept = replace(record.article, title=title)
        identity = replace(record.identity, fingerprint=content_fingerprint(kept, canonical))
        if _revise(conn, article_id, NewArticle(kept, record.source_id, identity), correction=False):
            stored[article_id] = (title, kept.text, canonical)  # a third copy of a batch is measured against it


async def add_article(
    db: Database,
    source: Source,
    article: Article,
    arrived_at: datetime,
    entry_keys: Sequence[str] = (),
) -> AddResult:
    """Store one article identified by ``entry_keys`` within its source (a door onto :func:`insert_articles`).

    Raises:
        StoreError: if SQLite refuses the write.
    """
    record = NewArticle(article, source.id, identify(article, source_keys=entry_keys))
    [result] = await add_articles(db, [record], arrived_at)
    return result


async def add_articles(
    db: Database, records: Sequence[NewArticle], arrived_at: datetime, *, initial: bool = False
) -> list[AddResult]:
    """Store articles in one transaction, in one trip to the database thread (see :func:`insert_articles`).

    Raises:
        StoreError: if SQLite refuses; nothing of them is stored then.
    """
    return await db.write(lambda conn: insert_articles(conn, records, arrived_at, initial=initial))


def insert_articles(
    conn: Conn, records: Sequence[NewArticle], arrived_at: datetime, *, initial: bool = False
) -> list[AddResult]:
    """Store each article unless it is already known, and cluster it into a story: the one insert path.

    Runs on a raw connection inside a transaction the caller holds, plain and synchronous, so that a whole
    batch (of files, of a feed's entries) is one trip to the database thread. Dedup, first match wins: any of
    the record's entry keys already seen from its source, the canonical URL, the content fingerprint. A
    duplicate from another source is recorded as a sighting of the existing article. ``initial`` marks new
    articles as a feed's backlog, which no digest posts.
    """
    now = to_db_time(arrived_at)
    # Dedup reads before it writes. On SQLite writers take turns (BEGIN IMMEDIATE); on PostgreSQL they write at
    # once, and the unique indexes and per-headline story locks keep the rules true (bot.store.pgarticles).
    pg = getattr(conn, "dialect", "sqlite") == "postgresql"
    if pg:
        pgarticles.lock_stories(conn, (record.article.title for record in records))
        if len(records) > 1:  # a batch in three statements, told apart exactly as one at a time (pgbatch)
            [results] = _insert_batch(conn, [(records, arrived_at)], initial)
            _take_fuller(conn, records, results)
            return results
    results = [_insert(conn, record, arrived_at, now, initial, pg) for record in records]
    _take_fuller(conn, records, results)
    return results


def insert_groups(
    conn: Conn, groups: Sequence[Sequence[NewArticle]], now: Callable[[], datetime], staged: int = 0
) -> list[list[AddResult]]:
    """Store groups of articles (a batch's files) in the caller's transaction, each arriving at ``now()``.

    The same as :func:`insert_articles` for each group in turn. On PostgreSQL the whole batch is three
    statements (:mod:`bot.store.pgbatch`) after its story locks, taking the search vectors
    :func:`stage_vectors` staged for these groups under ``staged``; on SQLite each article is stored in turn.
    """
    if getattr(conn, "dialect", "sqlite") != "postgresql":
        return [insert_articles(conn, records, now()) for records in groups]
    pgarticles.lock_stories(conn, (record.article.title for records in groups for record in records))
    stored = _insert_batch(conn, [(records, now()) for records in groups], False, staged)
    _take_fuller(conn, [record for records in groups for record in records], [r for results in stored for r in results])
    return stored


def _insert_batch(
    conn: Conn, groups: Sequence[tuple[Sequence[NewArticle], datetime]], initial: bool, staged: int = 0
) -> list[list[AddResult]]:
    """On PostgreSQL: the groups through :func:`bot.store.pgbatch.store`, with this module's rules for a row."""
    stamped = [(records, to_db_time(at), to_db_time(at - STORY_WINDOW)) for records, at in groups]
    return pgbatch.store(
        conn,
        stamped,
        initial=initial,
        story_query=_story_tsquery,
        ranked_words=_ranked_words,
        values_of=_batch_row,
        staged=staged,
    )


async def stage_vectors(db: Database, groups: Sequence[Sequence[NewArticle]], parts: int = 1) -> int:
    """Have PostgreSQL compute the search vectors of groups :func:`insert_groups` will store; return their token.

    Run on a pooled connection while the writer is busy with the batch before (:mod:`bot.store.pgbatch`), so
    the write that follows has ~0.8 ms an article less to do. On SQLite, or for no articles, nothing: 0.
    ``parts``: on that many pooled connections at once, each a consecutive part of the articles under the same
    token (an ingest's last batch, which nothing is parsed beside any more: the server's cores are free).

    Raises:
        StoreError: if the server refuses; the write then computes the vectors itself (give it 0).
    """
    if db.dialect != "postgresql":
        return 0
    inputs = [_search_inputs(record) for records in groups for record in records]
    if not inputs:
        return 0
    token = secrets.randbits(62) + 1
    pg = cast("PgDatabase", db)
    size = -(-len(inputs) // max(1, min(parts, len(inputs))))  # the parts' size, rounded up
    await asyncio.gather(
        *(
            pg.query(pgbatch.STAGE_SQL, pgbatch.stage_values(token, inputs[start : start + size], start))
            for start in range(0, len(inputs), size)
        )
    )
    return token


def _batch_row(record: NewArticle, now: str, initial: bool) -> tuple[object, ...]:
    return _row(record, None, now, initial)


def reserve(conn: Conn, titles: Iterable[str]) -> None:
    """Before a transaction stores several groups of articles: take what their headlines' stories need, at once.

    On PostgreSQL, the story locks of every article the transaction will store (taken in one order, so that
    two such transactions never wait for each other in a cycle); on SQLite nothing (one writer at a time).
    """
    if getattr(conn, "dialect", "sqlite") == "postgresql":
        pgarticles.lock_stories(conn, titles)


def _insert(
    conn: Conn, record: NewArticle, arrived_at: datetime, now: str, initial: bool, pg: bool, tries: int = 3
) -> AddResult:
    article, source_id, identity = record.article, record.source_id, record.identity
    entry_keys = identity.keys
    canonical, fp = identity.canonical_url, identity.fingerprint
    anchor = entry_anchor(article, identity)
    if pg:  # the dedup lookup and the story candidates in one trip to the server (the candidates wasted on a dup)
        row, candidates = pgarticles.lookup(
            conn, source_id, entry_keys, anchor, (canonical, fp), _story_query(article.title, arrived_at, pg)
        )
    else:
        row, candidates = _known(conn, source_id, entry_keys, anchor, canonical, fp), None
    if row is not None:
        _record_keys(conn, source_id, entry_keys, row[0], now, anchor)
        return AddResult(article_id=row[0], new=False, story_id=row[1], duplicate_of=row[0])

    if candidates is not None:
        story_id = _same_story_in(article.title, candidates)
    else:
        story_id = _find_story(conn, article.title, arrived_at, pg)
    if story_id is not None and _another_edition(conn, story_id, source_id, article.published):
        story_id = None  # the source's recurring headline on another day: a new story (bot.store.editions)
    values = _row(record, story_id, now, initial)
    if pg:  # a new story (unless one matched), the article and its keys: one statement, one trip to the server
        written = pgarticles.insert_new(conn, _INSERT_ARTICLE, values, entry_keys, now, anchor)
        if written is not None:
            return written
        # A concurrent writer committed this article (or one of its keys) after the lookups above: look again.
        if tries <= 1:
            raise StoreError(f"article {article.title[:60]!r} kept colliding with concurrent writers")
        return _insert(conn, record, arrived_at, now, initial, pg, tries - 1)
    if story_id is None:
        story_id = conn.execute("INSERT INTO stories (first_seen) VALUES (?)", (now,)).lastrowid
        assert story_id is not None  # noqa: S101 - an INSERT always sets it
    article_id = conn.execute(_INSERT_ARTICLE, (source_id, story_id, *values[2:])).lastrowid
    assert article_id is not None  # noqa: S101 - an INSERT always sets it
    # Indexed here, not by a trigger (see migration 0006): every insert into articles must do the same.
    # (On PostgreSQL the search columns are computed from the row itself, by the search trigger: migrations 0014, 0018.)
    # The index's content is the CJK-spaced text (migration 0017): index exactly that.
    title = cjk_spaced(article.title)  # titles_fts's content too (migration 0018)
    conn.execute(_INDEX_ARTICLE, (article_id, title, *map(cjk_spaced, (str(values[12]), str(values[13])))))
    conn.execute(_INDEX_TITLE, (article_id, title))
    _record_keys(conn, source_id, entry_keys, article_id, now, anchor)
    return AddResult(article_id=article_id, new=True, story_id=story_id)


def _another_edition(conn: Conn, story_id: int, source_id: int, published: Published | None) -> bool:
    day = edition_day(published)
    return day is not None and conn.execute(OTHER_EDITION_SQL, (story_id, source_id, day)).fetchone() is not None


def _row(record: NewArticle, story_id: int | None, now: str, initial: bool) -> tuple[object, ...]:
    """The values of :data:`_INSERT_ARTICLE` for a new article (its language guessed here, once)."""
    article, identity = record.article, record.identity
    published, published_sort = published_to_db(article.published)
    key_points = _key_points_text(article)
    body_text = article.text
    return (
        record.source_id,
        story_id,
        article.guid,
        article.url,
        identity.canonical_url,
        identity.fingerprint,
        article.title,
        published,
        published_sort,
        article.dateline,
        article.author,
        article.summary,
        body_text,
        key_points,
        now,
        int(initial),
        *_image_to_db(article.image),
        record.language,
    )


def _key_points_text(article: Article) -> str:
    """An article's key points as stored: a JSON list."""
    return json.dumps(list(article.key_points), ensure_ascii=False)


def _search_inputs(record: NewArticle) -> tuple[object, object, object, object]:
    """What newsdigest_vector reads of the row :func:`_row` makes: its language, title, key points and body."""
    article = record.article
    return record.language, article.title, _key_points_text(article), article.text


def _known(
    conn: Conn,
    source_id: int,
    entry_keys: Sequence[str],
    anchor: Anchor,
    canonical: str | None,
    fp: str,
) -> Row | None:
    """The stored article this one is (id, story id), if any: first match wins, entry keys, URL, fingerprint.

    An entry key counts while it names this entry (``anchor``: its link, date and text; :mod:`bot.store.entrykeys`).

    (On PostgreSQL, :data:`bot.store.pgarticles.DEDUP_LOOKUP` asks the same in one statement.)
    """
    row: Row | None
    if entry_keys:
        marks = ",".join("?" * len(entry_keys))
        # Only a GUID or title key is asked whether it still names this entry (the condition holds for any other).
        guid = any(anchored(key) for key in entry_keys)
        row = conn.execute(
            "SELECT e.article_id, a.story_id FROM entry_keys e JOIN articles a ON a.id = e.article_id"  # noqa: S608
            f" WHERE e.source_id = ? AND e.key IN ({marks}){f' AND {_SAME_ENTRY}' if guid else ''} LIMIT 1",
            (source_id, *entry_keys, *(same_entry_params(*anchor) if guid else ())),
        ).fetchone()
        if row is not None:
            return row
    found: Row | None = conn.execute(_CONTENT_LOOKUP, (canonical, fp)).fetchone()
    return found


# The entry key names the entry looked up (parameters: same_entry_params of its anchor).
_SAME_ENTRY = same_entry_sql("e", "CAST(? AS TEXT)", "CAST(? AS TEXT)", "CAST(? AS TEXT)")
_CONTENT_LOOKUP = (
    "SELECT id, story_id FROM articles WHERE canonical_url = ? UNION ALL"
    " SELECT id, story_id FROM articles WHERE fingerprint = ? LIMIT 1"
)
_STORY_CANDIDATES_SQL = (
    "SELECT story_id, title FROM articles WHERE id IN (SELECT a.id FROM (SELECT rowid AS id FROM titles_fts"
    " WHERE titles_fts MATCH ? ORDER BY rowid DESC LIMIT 200) m"
    " JOIN articles a INDEXED BY articles_age ON a.id = m.id"
    " WHERE a.arrived_at >= ? ORDER BY a.id DESC LIMIT ?) ORDER BY id DESC"
)
# The newest 200 headline matches, then the window, as on SQLite: without the inner bound the planner, not
# knowing how many rows match (a table without statistics yet, as in a first ingest), read every row of the
# window to test its headline, which grew with each article stored.
_STORY_CANDIDATES_PG = (
    "SELECT story_id, title FROM articles WHERE id IN (SELECT id FROM articles"
    " WHERE title_search @@ to_tsquery('newsdigest', ?) ORDER BY id DESC LIMIT 200)"
    " AND arrived_at >= ? ORDER BY id DESC LIMIT ?"
)
# A Chinese or Japanese headline's candidates (PostgreSQL: migration 0019): each of its words finds its newest
# pgbatch.PAIR_MATCHES matches; those in the window found by more of its words first, then the newest. Its common
# pairs ("中国", a place) match most headlines of a busy archive: the newest 20 matches of any word crowded out
# the earlier telling of its story, which holds its rarer pairs too.
_STORY_RANKED_PG = (
    "SELECT story_id, title FROM newsdigest_story_candidates_ranked("
    "(SELECT array_agg(to_tsquery('newsdigest', w)) FROM unnest(?::text[]) AS w), ?, ?, ?)"
)


@lru_cache(maxsize=64)
def _story_ranked_sql(words: int) -> str:
    """:data:`_STORY_RANKED_PG` on SQLite for a headline of ``words`` words (each a MATCH of its own)."""
    limit = pgbatch.PAIR_MATCHES
    each = f"SELECT id FROM (SELECT rowid AS id FROM titles_fts WHERE titles_fts MATCH ? ORDER BY rowid DESC LIMIT {limit})"  # noqa: S608, E501
    return (
        "SELECT a.story_id, a.title FROM articles a JOIN (SELECT m.id, count(*) AS hits FROM ("  # noqa: S608 - constants
        + " UNION ALL ".join([each] * words)
        + ") m JOIN articles b INDEXED BY articles_age ON b.id = m.id WHERE b.arrived_at >= ?"
        " GROUP BY m.id ORDER BY hits DESC, m.id DESC LIMIT ?) r ON a.id = r.id ORDER BY r.hits DESC, r.id DESC"
    )


_INSERT_ARTICLE = (
    "INSERT INTO articles (source_id, story_id, guid, url, canonical_url, fingerprint, title, published,"
    " published_sort, dateline, author, summary, body, key_points, arrived_at, initial,"
    " image_url, image_alt, image_width, image_height, language)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_INDEX_ARTICLE = "INSERT INTO articles_fts (rowid, title, body, key_points) VALUES (?, ?, ?, ?)"
_INDEX_TITLE = "INSERT INTO titles_fts (rowid, title) VALUES (?, ?)"


def _record_keys(conn: Conn, source_id: int, keys: Sequence[str], article_id: int, now: str, anchor: Anchor) -> None:
    rows = [(source_id, key, article_id, now, *anchor_of(key, anchor)) for key in dict.fromkeys(keys)]
    if not rows:
        # Without any key, a sighting from another source is still worth remembering for "also in".
        rows = [(source_id, f"article:{article_id}", article_id, now, None, None, None)]
    # Only a GUID or title key may go over to another post; the others are written or left as they are. (SQLite
    # runs the upsert's statement ten times slower than the plain insert: a drop file's keys, neither, are spared it.)
    guids = [row for row in rows if anchored(row[1])]
    if guids:
        conn.executemany(_WRITE_KEY, guids)
    if len(guids) < len(rows):
        conn.executemany(_KEEP_KEY, [row[:4] for row in rows if not anchored(row[1])])


# A key already written stays, unless it is a GUID or title key of another post now (bot.store.entrykeys).
_WRITE_KEY = (
    "INSERT INTO entry_keys (source_id, key, article_id, seen_at, link, dated, text_print)"  # noqa: S608 - constants only
    " VALUES (?, ?, ?, ?, ?, ?, ?) " + reassign_sql()
)
_KEEP_KEY = "INSERT OR IGNORE INTO entry_keys (source_id, key, article_id, seen_at) VALUES (?, ?, ?, ?)"


def _find_story(conn: Conn, title: str, arrived_at: datetime, pg: bool) -> int | None:
    asked = _story_query(title, arrived_at, pg)
    return None if asked is None else _same_story_in(title, conn.execute(*asked).fetchall())


def _story_words(title: str) -> list[str] | None:
    """The words of a headline that find its story candidates, any one of them (None: it joins no story).

    A headline of fewer than two words, or a column's (``column_headline``), joins none.
    """
    tokens = story_order(title_tokens(title))
    if len(tokens) < 2 or column_headline(title):
        return None
    # The 12 longest words; of character pairs (Chinese, Japanese, Thai...: all of one length, compared at a lower
    # threshold) as many as every headline of the story holds one of (story_prefix), at most _CJK_STORY_WORDS.
    wanted = 12 if not reads_pairs(title) else min(_CJK_STORY_WORDS, max(12, len(story_prefix(title))))
    return [t.replace('"', "") for t in tokens[:wanted]]


# A headline of ~40 Chinese characters; a longer one asks for its first pairs only (a bound on the query's cost).
_CJK_STORY_WORDS = 32


def _story_match(title: str) -> str | None:
    """The FTS5 expression finding a headline's story candidates (None: too few words to join a story).

    A word holding CJK is the phrase of its characters, as titles_fts holds them (migration 0018).
    """
    words = _story_words(title)
    return None if words is None else " OR ".join(_phrases(words))


def _phrases(words: Sequence[str]) -> list[str]:
    """Each word as the FTS5 phrase titles_fts answers it (a CJK word the phrase of its characters)."""
    return ['"' + cjk_words(w) + '"' for w in words]


def _story_tsquery(title: str) -> str | None:
    """:func:`_story_match` as PostgreSQL's ``to_tsquery`` text (built from the words, not read back from it)."""
    words = _story_words(title)
    return None if words is None else any_of(words)


def _ranked_words(title: str) -> list[str] | None:
    """A headline's story pairs (Chinese, Japanese, Thai...), each's ``to_tsquery`` text (None: another headline)."""
    words = _story_words(title) if reads_pairs(title) else None
    return None if words is None else each_of(words)


def _story_query(title: str, arrived_at: datetime, pg: bool) -> tuple[str, tuple[object, ...]] | None:
    """The statement reading the story candidates of a headline (None: too few words to join a story)."""
    match = _story_tsquery(title) if pg else _story_match(title)
    if match is None:
        return None
    since = to_db_time(arrived_at - STORY_WINDOW)
    # The newest 200 title matches (FTS5 yields them in rowid order and stops), then the time window: without
    # the inner bound a title whose words last appeared before the window scanned every match in the archive.
    # titles_fts holds headlines only, and articles_age gives the arrival times without the rows.
    if reads_pairs(title):
        words = _story_words(title) or []
        if pg:
            return _STORY_RANKED_PG, (_ranked_words(title), since, pgbatch.PAIR_MATCHES, _STORY_CANDIDATES)
        return _story_ranked_sql(len(words)), (*_phrases(words), since, _STORY_CANDIDATES)
    if pg:
        return _STORY_CANDIDATES_PG, (match, since, _STORY_CANDIDATES)
    return _STORY_CANDIDATES_SQL, (match, since, _STORY_CANDIDATES)


def _same_story_in(title: str, rows: Sequence[Row]) -> int | None:
    index = first_same_story(title, map(itemgetter(1), rows))
    return None if index is None else int(rows[index][0])


async def arrived_between(
    db: Database, since: datetime, until: datetime, limit: int = 500, *, include_initial: bool = False
) -> list[StoredArticle]:
    """Return the articles that arrived in [since, until), newest first.

    A feed's initial backlog (stored when it was added) is left out unless asked for: no digest floods.
    """
    initial = "" if include_initial else " AND a.initial = 0"
    rows = await db.fetchall(
        # articles_arrived_at serves the range.
        f"SELECT {_ARTICLE_COLUMNS} FROM articles a JOIN sources s ON s.id = a.source_id"  # noqa: S608
        f" WHERE a.arrived_at >= ? AND a.arrived_at < ?{initial} ORDER BY a.arrived_at DESC, a.id DESC LIMIT ?",
        (to_db_time(since), to_db_time(until), limit),
    )
    return [row_to_article(r) for r in rows]


async def story_sources(db: Database, story_ids: Iterable[int]) -> dict[int, list[str]]:
    """Return, per story, the names of every source that carried it (articles and sightings), first first."""
    ids = list(dict.fromkeys(story_ids))
    result: dict[int, list[str]] = {i: [] for i in ids}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        rows = await db.fetchall(
            "SELECT a.story_id, s.name, MIN(e.seen_at) AS first FROM articles a"  # noqa: S608 - only '?' marks
            " JOIN entry_keys e ON e.article_id = a.id JOIN sources s ON s.id = e.source_id"
            f" WHERE a.story_id IN ({marks}) GROUP BY a.story_id, s.id ORDER BY first, s.id",
            chunk,
        )
        for row in rows:
            names = result[row["story_id"]]
            if row["name"] not in names:
                names.append(row["name"])
    return result


async def counts(db: Database) -> dict[str, object]:
    """Return counts of articles, stories, sources, feeds, deliveries and the newest arrival."""
    row = await db.fetchone(
        "SELECT (SELECT COUNT(*) FROM articles) AS articles,"
        " (SELECT COUNT(DISTINCT story_id) FROM articles) AS stories,"
        " (SELECT COUNT(*) FROM sources) AS sources,"
        " (SELECT COUNT(*) FROM feeds) AS feeds,"
        " (SELECT COUNT(*) FROM deliveries WHERE status = 'sent') AS deliveries,"
        " (SELECT MAX(arrived_at) FROM articles) AS newest"
    )
    assert row is not None  # noqa: S101 - an aggregate always returns a row
    newest = row["newest"]
    return {
        "articles": row["articles"],
        "stories": row["stories"],
        "sources": row["sources"],
        "feeds": row["feeds"],
        "deliveries": row["deliveries"],
        "newest_article_at": from_db_time(newest).isoformat() if newest else None,
    }
