"""What the article insert path does differently on PostgreSQL: a new article is one statement, not four.

:func:`bot.store.articles.insert_articles` holds the rules (dedup, first match wins; story clustering) for
both backends. On PostgreSQL every statement is a trip to the server and back, where SQLite's are calls in
the process, so once the lookups have decided that an article is new, its story (when no candidate told the
same story), the article and its entry keys are written by one statement (:func:`write_sql`).

The lookups stay separate statements on purpose: one statement doing the three dedup lookups and the story
candidates (a CTE whose candidates part ran only when no dedup lookup matched) was measured at twice their
server CPU (0.35 against 0.17 ms an article: its plan costs more than the three small ones together), and the
server's CPU is what bounds ingest once storing overlaps parsing (bot.ingest.pipeline). Sending the three
lookups together in psycopg's pipeline mode (one trip) measured no faster either (0.78-1.15 ms against
0.89-1.10 ms an article, a little more client CPU), and made a duplicate pay for the story candidates.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from bot.models import AddResult
from bot.store.sqltypes import Conn


@lru_cache(maxsize=4)
def write_sql(insert_article: str) -> str:
    """The one write statement around the store's own INSERT INTO articles (one column list for both backends).

    The story (unless a candidate told the same story), the article and its entry keys (with none, "article:ID",
    so that a sighting from another source is remembered, as the SQLite path does).
    """
    head, values = insert_article.split(" VALUES ", 1)
    marks = values.strip().removeprefix("(").removesuffix(")").split(",")
    marks[1] = " COALESCE(?::bigint, (SELECT id FROM s))"  # story_id, second as in every caller's tuple
    article = f"{head} VALUES ({','.join(marks)}) RETURNING id, story_id"
    return (
        "WITH s AS (INSERT INTO stories (first_seen) SELECT ? WHERE ?::bigint IS NULL RETURNING id),"  # noqa: S608 - constants only
        " a AS (" + article + "),"
        " k AS (INSERT INTO entry_keys (source_id, key, article_id, seen_at)"
        " SELECT ?, key, a.id, ? FROM a,"
        " unnest(COALESCE(NULLIF(?::text[], '{}'), ARRAY['article:' || a.id])) AS key ON CONFLICT DO NOTHING)"
        " SELECT id, story_id FROM a"
    )


def insert_new(conn: Conn, insert_article: str, values: Sequence[object], keys: Sequence[str], now: str) -> AddResult:
    """Write a new article with its entry keys, in a new story unless ``values`` name one, in one statement.

    ``insert_article`` is the store's INSERT INTO articles and ``values`` its parameters (source_id, story_id or
    None, then the rest), as the SQLite path builds them.
    """
    source_id, story_id = values[0], values[1]
    params = (now, story_id, *values, source_id, now, list(dict.fromkeys(keys)))
    written = conn.execute(write_sql(insert_article), params).fetchone()
    return AddResult(article_id=int(written[0]), new=True, story_id=int(written[1]))
