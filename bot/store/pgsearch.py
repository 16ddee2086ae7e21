"""Search on PostgreSQL: the parsed query of :mod:`bot.store.search` as a ``tsquery``, and the SQL around it.

:mod:`bot.store.search` parses user text into a safe expression of quoted terms (``"word"``, ``"a phrase"``,
``"pre"*``), ``AND`` / ``OR`` / ``NOT`` and parentheses, and nothing else. :func:`to_tsquery_text` rewrites
that expression token by token into ``to_tsquery`` syntax: a quoted term becomes a quoted lexeme (which
``to_tsquery`` splits with the ``newsdigest`` configuration, so a phrase becomes ``a <-> phrase``), ``*``
becomes ``:*``. The text of a term is quoted for ``to_tsquery``, so no user character is ever read as an
operator; the result is passed as a parameter. Headline and key-point matches (ranking, story clustering)
are asked of the small ``title_search`` / ``key_points_search`` columns.
"""

from __future__ import annotations

import re

from bot.errors import StoreError
from bot.store.db import Database
from bot.store.sqltypes import Row

CONFIG = "newsdigest"
_TOKEN = re.compile(r'"((?:[^"]|"")*)"(\*?)|(\()|(\))|(AND|OR|NOT)\b|(\s+)')
_OPERATOR = {"AND": "&", "OR": "|", "NOT": "& !"}


def _lexeme(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"


def to_tsquery_text(expression: str) -> str:
    """Rewrite a safe FTS5 expression built by :mod:`bot.store.search` as ``to_tsquery`` text.

    Raises:
        StoreError: if the expression is not one the search module builds (a bug, never user text).
    """
    out: list[str] = []
    pos = 0
    while pos < len(expression):
        match = _TOKEN.match(expression, pos)
        if match is None:
            raise StoreError(f"unexpected search expression near {expression[pos : pos + 20]!r}")
        pos = match.end()
        term, star, opening, closing, operator, _ = match.groups()
        if term is not None:
            out.append(_lexeme(term.replace('""', '"')) + (":*" if star else ""))
        elif opening:
            out.append("(")
        elif closing:
            out.append(")")
        elif operator:
            out.append(_OPERATOR[operator])
    return " ".join(out)


EFFECTIVE_DATE = "COALESCE(LEAST(a.published_sort, a.arrived_at), a.arrived_at)"
_HEADLINE = (
    'StartSel="\ue000", StopSel="\ue001", MaxWords=24, MinWords=12, ShortWord=0, MaxFragments=1,'
    ' FragmentDelimiter=" … "'
)
_TSQUERY = f"to_tsquery('{CONFIG}', ?)"
SNIPPET_CHARS = 3000


async def candidates(
    db: Database,
    match: str,
    *,
    first_id: int,
    since: str | None,
    source_ids: tuple[int, ...] | None,
    limit: int,
) -> list[int]:
    """Return the ids of the newest ``limit`` matches, newest first.

    Asked over the newest ids first, in windows eight times wider each time, until enough are found or the
    window covers every id: a common word is answered from the newest few thousand articles, a rare one
    in a few more steps. Each step is a bitmap scan of the search index, whose exact pages need no test of
    the row's (TOASTed) tsvector for plain words.
    """
    # bigint, as the column: the index (search, id) then takes the id range as a condition of its own.
    inner = f"SELECT a.id FROM articles a WHERE a.search @@ {_TSQUERY} AND a.id > ?::bigint"  # noqa: S608
    extra: list[object] = []
    if since is not None:
        inner += f" AND {EFFECTIVE_DATE} >= ?"
        extra.append(since)
    if source_ids is not None:
        inner += " AND a.source_id = ANY(?)"
        extra.append(list(source_ids))
    sql = f"SELECT id FROM ({inner} OFFSET 0) m ORDER BY id DESC LIMIT {int(limit)}"  # noqa: S608 - constants
    query_text = to_tsquery_text(match)
    window = _FIRST_WINDOW
    async with db.transaction() as conn:
        # Only the search index may answer: the planner counts a row's tsvector test as cheap, not knowing
        # that it reads the TOASTed vector, and would otherwise walk the rows (by the primary key or the
        # table) testing each: 20-60 ms at 10k articles against 1-2 ms. A test made to look dear (operator
        # cost) makes the (search, id) index take both conditions. For this transaction only.
        cur = await conn.execute(
            "SELECT set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true),"
            " set_config('cpu_operator_cost', '0.5', true), (SELECT COALESCE(MAX(id), 0) FROM articles)"
        )
        top = await cur.fetchone()
        newest = int(top[3]) if top is not None else 0
        while True:
            low = max(newest - window, first_id - 1)
            cur = await conn.execute(sql, [query_text, low, *extra])
            rows = list(await cur.fetchall())
            if len(rows) >= limit or low < first_id or low <= 0:
                return [int(row[0]) for row in rows]
            window *= 8


_FIRST_WINDOW = 4096


async def ranked(
    db: Database,
    any_word: str,
    ids: list[int],
    *,
    now: str,
    boosts: tuple[float, float],
    half_life_days: float,
    limit: int,
    offset: int,
) -> list[Row]:
    """Return one page of the candidates ranked as on SQLite: 1 + headline and key-point boosts, over age."""
    title_boost, key_points_boost = boosts
    sql = (
        "SELECT a.id, a.title, a.published, a.arrived_at, a.url, s.name AS source_name,"  # noqa: S608 - constants
        f" -(1.0::float8 + {float(title_boost)}::float8 * (a.title_search @@ q.words)::int"
        f" + {float(key_points_boost)}::float8 * (a.key_points_search @@ q.words)::int)"
        f" / (1.0::float8 + GREATEST(0.0::float8,"
        f" extract(epoch FROM (?::timestamptz - ({EFFECTIVE_DATE})::timestamptz))::float8 / 86400.0)"
        f" / {float(half_life_days)}::float8) AS score"
        f" FROM articles a JOIN sources s ON s.id = a.source_id, (SELECT {_TSQUERY} AS words) q WHERE a.id = ANY(?)"
        " ORDER BY score, a.id DESC LIMIT ? OFFSET ?"
    )
    params = [now, to_tsquery_text(any_word), ids, limit, offset]
    return await db.fetchall(sql, params)


async def snippets(db: Database, match: str, ids: list[int]) -> list[Row]:
    """Return (id, marked body snippet, marked key-points snippet) of the shown hits."""
    # ts_headline parses the text it is given: the body's first SNIPPET_CHARS are enough for a snippet
    # (a match further in shows the body's start, as a hit in the key points shows them).
    sql = (
        f"SELECT a.id, ts_headline('{CONFIG}', left(a.body, {SNIPPET_CHARS}), q, ?),"  # noqa: S608 - constants
        f" ts_headline('{CONFIG}', a.key_points, q, ?) FROM articles a, {_TSQUERY} q WHERE a.id = ANY(?)"
    )
    return await db.fetchall(sql, [_HEADLINE, _HEADLINE, to_tsquery_text(match), ids])


async def matching(db: Database, match: str, ids: list[int]) -> set[int]:
    """Return which of ``ids`` match the expression."""
    rows = await db.fetchall(
        f"SELECT a.id FROM articles a WHERE a.id = ANY(?) AND a.search @@ {_TSQUERY}",  # noqa: S608 - constants
        [ids, to_tsquery_text(match)],
    )
    return {int(r[0]) for r in rows}


async def source_ids_named(db: Database, part: str) -> list[int]:
    """Return the ids of the sources whose name contains ``part`` (ASCII case folded, no wildcards)."""
    rows = await db.fetchall("SELECT id FROM sources WHERE strpos(lower(name), lower(?)) > 0", [part])
    return [int(r[0]) for r in rows]
