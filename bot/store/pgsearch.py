"""Search on PostgreSQL: the parsed query of :mod:`bot.store.search` as a ``tsquery``, and the SQL around it.

:mod:`bot.store.search` parses user text into a safe expression of quoted terms (``"word"``, ``"a phrase"``,
``"pre"*``), ``AND`` / ``OR`` / ``NOT`` and parentheses, and nothing else. That expression is rewritten token
by token, never as a whole: for matching, into SQL that joins one ``newsdigest_term(?)`` per term with the
tsquery operators ``&&`` ``||`` ``!!`` (:func:`to_tsquery_sql`; each term, quoted for ``to_tsquery`` and
passed as a parameter, is read in every language configuration, its phrases as word pairs: see migration
0005); for ranking, snippets and story clustering, into ``to_tsquery`` text (:func:`to_tsquery_text`: a
quoted term becomes a quoted lexeme, which ``to_tsquery`` splits, so a phrase becomes ``a <-> phrase``,
``*`` becomes ``:*``; a term holding CJK, every character a word, since every vector holds CJK so: migration
0018). No user character is ever read as an operator. Headline and key-point matches
(ranking, story clustering) are asked of the small ``title_search`` / ``key_points_search`` columns, kept in
the one ``newsdigest`` configuration for every language.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.errors import StoreError
from bot.store.db import Database
from bot.store.sqltypes import Row
from bot.text.cjk import cjk_words

CONFIG = "newsdigest"
_TOKEN = re.compile(r'"((?:[^"]|"")*)"(\*?)|(\()|(\))|(AND|OR|NOT)\b|(\s+)')
_OPERATOR = {"AND": "&", "OR": "|", "NOT": "& !"}
_SQL_OPERATOR = {"AND": "&&", "OR": "||", "NOT": "&& !!"}


def _lexeme(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"


def _tokens(expression: str, *, marks: bool = False) -> list[tuple[str, str]]:
    """Split a safe FTS5 expression into (kind, value): term (as to_tsquery text), open, close, operator.

    A term's Thai, Lao, Khmer and Burmese marks are dropped, as the vectors drop them (migration 0021), or with
    ``marks`` kept as words, as the text a snippet is marked in holds them.

    Raises:
        StoreError: if the expression is not one the search module builds (a bug, never user text).
    """
    out: list[tuple[str, str]] = []
    pos = 0
    while pos < len(expression):
        match = _TOKEN.match(expression, pos)
        if match is None:
            raise StoreError(f"unexpected search expression near {expression[pos : pos + 20]!r}")
        pos = match.end()
        term, star, opening, closing, operator, _ = match.groups()
        if term is not None:
            out.append(("term", _lexeme(cjk_words(term.replace('""', '"'), marks=marks)) + (":*" if star else "")))
        elif opening:
            out.append(("open", "("))
        elif closing:
            out.append(("close", ")"))
        elif operator:
            out.append(("operator", operator))
    return out


def to_tsquery_text(expression: str, *, marks: bool = False) -> str:
    """Rewrite a safe FTS5 expression built by :mod:`bot.store.search` as ``to_tsquery`` text.

    With ``marks``, a term's Thai, Lao, Khmer and Burmese marks are words of its phrase: the query the snippets
    are marked by (the excerpt keeps the marks, and to the parser a mark alone is a word).

    Raises:
        StoreError: if the expression is not one the search module builds (a bug, never user text).
    """
    tokens = _tokens(expression, marks=marks)
    return " ".join(_OPERATOR[value] if kind == "operator" else value for kind, value in tokens)


def any_of(words: Sequence[str]) -> str:
    """Return the ``to_tsquery`` text matching any of ``words``: :func:`to_tsquery_text` of ``"w1" OR "w2"...``.

    For words with no ``"`` in them (a headline's words, for its story candidates), built without writing the
    expression and reading it back.
    """
    return " | ".join(each_of(words))


def each_of(words: Sequence[str]) -> list[str]:
    """Return each word's own ``to_tsquery`` text (:func:`any_of`'s parts: a CJK word the phrase of its characters)."""
    return [_lexeme(cjk_words(word)) for word in words]


def to_tsquery_sql(expression: str) -> tuple[str, list[object]]:
    """Rewrite a safe FTS5 expression as a SQL tsquery expression matching each row in its own language.

    Returns the SQL (``newsdigest_term(?)`` per term, joined by tsquery operators and parentheses) and its
    parameters. Every operator stands between parenthesised groups or plain terms (the parser builds
    ``(a OR b) AND (c) NOT (d)``), so SQL's single precedence for these operators reads it as FTS5 does.

    Raises:
        StoreError: if the expression is not one the search module builds (a bug, never user text).
    """
    parts: list[str] = []
    params: list[object] = []
    negate = False
    closers: list[str] = []
    for kind, value in _tokens(expression):
        if kind == "term":
            parts.append("(!! newsdigest_term(?))" if negate else "newsdigest_term(?)")
            params.append(value)
            negate = False
        elif kind == "operator":
            parts.append("&&" if value == "NOT" else _SQL_OPERATOR[value])
            negate = value == "NOT"
        elif kind == "open":
            parts.append("(!! (" if negate else "(")
            closers.append("))" if negate else ")")
            negate = False
        elif closers:
            parts.append(closers.pop())
        else:
            raise StoreError(f"unbalanced search expression {expression[:40]!r}")
    return " ".join(parts), params


_HEADLINE = (
    'StartSel="\ue000", StopSel="\ue001", MaxWords=24, MinWords=12, ShortWord=0, MaxFragments=1,'
    ' FragmentDelimiter=" … "'
)
# ts_headline parses the text it is given: SNIPPET_CHARS of the body around the first occurrence of a searched
# word are enough for a snippet of 24 words (newsdigest_excerpt, PostgreSQL migration 0009).
SNIPPET_CHARS = 500
_QUOTED = re.compile(r'"((?:[^"]|"")*)"(\*?)')


def typed_words(any_word: str) -> list[str]:
    """Return the searched terms of a safe FTS5 expression as typed (lower case, ``*`` kept, marks dropped).

    The excerpt a snippet is cut from is found by them (newsdigest_excerpt_pattern).
    """
    return [cjk_words(term.replace('""', '"')).lower() + star for term, star in _QUOTED.findall(any_word)]


async def find(
    db: Database,
    match: str,
    any_word: str,
    *,
    first_id: int,
    since: str | None,
    source_ids: tuple[int, ...] | None,
    wanted: int,
    now: str,
    boosts: tuple[float, float],
    half_life_days: float,
    limit: int,
    offset: int,
) -> tuple[list[Row], int]:
    """Return one ranked page of hits (with their snippets) and how many matched, up to ``wanted``: one statement.

    ``newsdigest_find`` (PostgreSQL 0009) takes the newest ``wanted`` matches, ranks the first ``wanted - 1`` as
    on SQLite (1 + headline and key-point boosts, over age) and marks the page's snippets, each from the body
    around the first occurrence of a searched word. Rows carry id, title, published, arrived_at, url,
    source_name, score, body_snippet, key_points_snippet.
    """
    query_sql, params = to_tsquery_sql(match)
    title_boost, key_points_boost = boosts
    sql = (
        f"SELECT * FROM newsdigest_find(({query_sql}), ?, to_tsquery('{CONFIG}', ?), ?::text[], ?::bigint, ?,"  # noqa: S608
        " ?::bigint[], ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    )
    rows = await db.fetchall(
        sql,
        [
            *params,
            to_tsquery_text(match, marks=True),
            to_tsquery_text(any_word),
            typed_words(any_word),
            first_id,
            since,
            None if source_ids is None else list(source_ids),
            wanted,
            now,
            float(title_boost),
            float(key_points_boost),
            float(half_life_days),
            limit,
            offset,
            SNIPPET_CHARS,
            _HEADLINE,
        ],
    )
    total = int(rows[-1]["total"]) if rows else 0
    return [row for row in rows if row["id"] is not None], total


async def matching(db: Database, match: str, ids: list[int]) -> set[int]:
    """Return which of ``ids`` match the expression, each article in its own language."""
    query_sql, params = to_tsquery_sql(match)
    rows = await db.fetchall(
        f"SELECT a.id FROM articles a WHERE a.id = ANY(?) AND a.search @@ ({query_sql})",  # noqa: S608
        [ids, *params],
    )
    return {int(r[0]) for r in rows}


async def source_ids_named(db: Database, part: str) -> list[int]:
    """Return the ids of the sources whose name contains ``part`` (ASCII case folded, no wildcards)."""
    rows = await db.fetchall("SELECT id FROM sources WHERE strpos(lower(name), lower(?)) > 0", [part])
    return [int(r[0]) for r in rows]
