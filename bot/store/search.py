"""Search: any user text becomes a safe FTS5 query; hits ranked by relevance and recency.

User text never reaches ``MATCH`` as written: :func:`build_match` rebuilds it from quoted string tokens, so
FTS5 operators, column filters, ``NEAR(``, ``^`` and stray quotes in the text are only ever words.
Snippets mark matched words with the private-use sentinels :data:`MARK_START` / :data:`MARK_END`;
:func:`snippet_segments` turns them into (text, matched) pieces a renderer escapes and marks as it likes.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.errors import InvalidSearchQueryError, NewsdigestError, StoreError
from bot.models import SearchHit, SearchPage
from bot.store import pgsearch
from bot.store.articles import published_from_db
from bot.store.db import Database, from_db_time, to_db_time
from bot.store.sqltypes import Row
from bot.text.bidi import DIRECTION_CLASS
from bot.text.cjk import PHRASED_MARKS, cjk_words, has_spaced, search_folded, without_separators
from bot.text.phrased import PHRASED

log = logging.getLogger(__name__)

MARK_START = "\ue000"
MARK_END = "\ue001"
# A search's cost grows with its terms (a 100 KB "a OR a OR ..." took 26 s and 216 MB): user text is cut to
# these before it reaches FTS5, and the page says so (SEARCH_CAP_MESSAGE).
MAX_QUERY_CHARS = 500
MAX_TERMS = 32
MAX_TERM_CHARS = 100
MAX_LIMIT = 100
# How many of the newest matches are ranked (and so how far paging goes); see search().
CANDIDATES = 500
# Relevance of a match: 1 in the body, plus these when the words are found within the headline alone and
# within the key points alone (so a headline hit counts four times a body mention of the same age).
TITLE_BOOST, KEY_POINTS_BOOST = 3.0, 1.0
# Relevance is divided by (1 + age / HALF_LIFE_DAYS): a story this many days old weighs half a fresh one.
HALF_LIFE_DAYS = 14.0
SNIPPET_TOKENS = 24

EMPTY_MESSAGE = "Type a word to search for."
NOTHING_SEARCHABLE_MESSAGE = "Type a word to search for: symbols and emoji alone cannot be searched."
ONLY_EXCLUSIONS_MESSAGE = "That search has only exclusions: add a word to look for, e.g. `harbour -bridge`."
CONTROL_MESSAGE = (
    "That search holds invisible control characters (such as NUL, an escape or a text-direction override):"
    " type or paste plain words."
)
SEARCH_CAP_MESSAGE = (
    f"A search uses at most {MAX_TERMS} words and {MAX_QUERY_CHARS} characters:"
    " only the start of this one was searched."
)

# Thai, Lao, Khmer and Burmese write no spaces between words: both engines index their letters one by one (as CJK
# characters: bot.text.cjk), and a word is found inside any phrase by its letters, its marks aside. A search
# holding such letters that finds nothing says so, and what to try.
PHRASED_MESSAGE = (
    "Thai, Lao, Khmer and Burmese words are found inside longer phrases by their letters, tone and vowel marks"
    " aside: check the spelling of `{example}`, or search for fewer letters."
)
_PHRASED = re.compile(f"[{PHRASED}]")
_MARKED_GAP = re.compile(f"{MARK_END}([{PHRASED_MARKS}]*){MARK_START}")
_MARKED_TAIL = re.compile(f"{MARK_END}([{PHRASED_MARKS}]+)")
_LEXEME = re.compile(r'(-*)"([^"]*)"|(\S+)')
_SPACE = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# What a person never types on purpose and what would be echoed back as something else: C0 and C1 controls other
# than tab and line breaks (a NUL, an escape sequence), and the bidirectional embeddings, overrides and isolates
# that make an echoed query read differently from what was searched.
_TYPED_CONTROL = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{DIRECTION_CLASS}]")


def check_typed(text: str) -> None:
    """Refuse a search holding control characters, so that what is searched and echoed is what was typed.

    Raises:
        InvalidSearchQueryError: with CONTROL_MESSAGE.
    """
    if _TYPED_CONTROL.search(text):
        raise InvalidSearchQueryError(CONTROL_MESSAGE)


_DIRECTION_BETWEEN_LETTERS = re.compile(f"(?<=\\w)[{DIRECTION_CLASS}]+(?=\\w)")
_DIRECTION = re.compile(f"[{DIRECTION_CLASS}]")


def as_typed(text: str) -> str:
    """Return ``text`` without the direction controls :func:`check_typed` refuses (a headline /find offers).

    Each run of them between two letters or digits is a space (the indexes read a word boundary there,
    bot.text.cjk.search_folded); any other is dropped.
    """
    return _DIRECTION.sub("", _DIRECTION_BETWEEN_LETTERS.sub(" ", text))


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _searchable(text: str) -> bool:
    # unicode61 indexes letters and digits only; a term without any would be an empty phrase.
    return any(ch.isalnum() for ch in text)


def _term(raw: str, *, phrase: bool) -> str | None:
    """Return one FTS5 string token (with a prefix star where allowed), or None if nothing searchable."""
    # FTS5 reads its query as a C string: a NUL would end it inside the quotes.
    # Compatibility forms (full-width "AI", "ﾄｳｷｮｳ") and script variants (Persian yeh, Greek tonos) are searched as
    # the index holds them: folded (bot.text.cjk.search_folded).
    text = _SPACE.sub(" ", _CONTROL.sub(" ", search_folded(raw).replace('"', " "))).strip()[:MAX_TERM_CHARS]
    prefix = False
    if not phrase and text.endswith("*"):
        text = text.rstrip("*")
        prefix = sum(ch.isalnum() for ch in text) >= 2
    if not _searchable(text):
        return None
    if has_spaced(text):
        # The index holds each CJK character and each Thai, Lao, Khmer or Burmese letter as a word (migrations 0017
        # and 0020, PostgreSQL 0018 and 0021): such a word is the phrase of its characters, found inside any longer
        # run. A prefix adds nothing to a substring match.
        # The marks stay words of the phrase: FTS5 reads none in them, PostgreSQL's snippets look for them
        # (pgsearch.to_tsquery_text); every other reading of the term drops them (cjk_words).
        words = cjk_words(text, marks=True)
        return _quote(words) if _searchable(words) else None
    return _quote(text) + ("*" if prefix else "")


def build_match(text: str) -> str:
    """Turn any user text into a safe FTS5 MATCH expression.

    Words are ANDed; ``OR`` between two terms joins them; ``"quoted phrases"`` stay phrases; ``-word`` or
    ``NOT word`` excludes; ``word*`` is a prefix search when at least two letters precede the star.

    Raises:
        InvalidSearchQueryError: when nothing searchable is left, or only exclusions are.
    """
    positive, excluded, _, _ = _parse(text)
    return _combine(positive, excluded)


def build_match_any(text: str) -> str:
    """Like :func:`build_match`, but an article matches when it holds ANY of the words, phrases or prefixes.

    This is how a digest's ``exclude`` reads (none of these words); a ``-word`` there is an exception (drop
    "football" stories unless they mention "final": ``football -final``).

    Raises:
        InvalidSearchQueryError: when nothing searchable is left, or only exclusions are.
    """
    _, excluded, any_word, _ = _parse(text)
    return _combine(any_word, excluded)


def is_cut(text: str) -> bool:
    """Return whether only the start of ``text`` would be searched (over MAX_QUERY_CHARS or MAX_TERMS).

    Raises:
        InvalidSearchQueryError: when nothing searchable is left, or only exclusions are.
    """
    return _parse(text)[3] < len(text)


def _combine(positive: str, excluded: str) -> str:
    return f"({positive}) NOT ({excluded})" if excluded else positive


def _parse(text: str) -> tuple[str, str, str, int]:
    """Return safe FTS5 expressions: what to find, what to exclude ("" if nothing), any one word to find.

    The third one ranks: a headline with some of the words beats one with none. The fourth value is how
    many characters of ``text`` were read: less than all of it when the text is longer than
    MAX_QUERY_CHARS or has more than MAX_TERMS terms (each alternative of an ``OR`` and each exclusion
    counts), the rest being left out.

    Words are ANDed; ``OR`` between two terms joins them; ``"quoted phrases"`` stay phrases; ``-word`` or
    ``NOT word`` excludes; ``word*`` is a prefix search when at least two letters precede the star.

    Raises:
        InvalidSearchQueryError: when nothing searchable is left, or only exclusions are.
    """
    groups: list[list[str]] = []
    excluded: list[str] = []
    join_next = False
    exclude_next = False
    seen_any = False
    terms = 0
    used = min(len(text), MAX_QUERY_CHARS)
    for match in _LEXEME.finditer(text, 0, MAX_QUERY_CHARS):
        if terms >= MAX_TERMS:
            used = match.start()
            break
        seen_any = True
        dashes, quoted, bare = match.group(1), match.group(2), match.group(3)
        if bare is not None:
            if bare == "OR":
                join_next = bool(groups)
                continue
            if bare in ("AND", "&&"):
                continue
            if bare == "NOT":
                exclude_next = True
                continue
            stripped = bare.lstrip("-+")
            negative = bare.startswith("-") and bool(stripped)
            term = _term(stripped, phrase=False)
        else:
            negative = bool(dashes)
            term = _term(quoted, phrase=True)
        negative = negative or exclude_next
        exclude_next = False
        if term is None:
            continue
        terms += 1
        if negative:
            excluded.append(term)
        elif join_next and groups:
            groups[-1].append(term)
        else:
            groups.append([term])
        join_next = False
    if not groups:
        if excluded:
            raise InvalidSearchQueryError(ONLY_EXCLUSIONS_MESSAGE)
        raise InvalidSearchQueryError(NOTHING_SEARCHABLE_MESSAGE if seen_any else EMPTY_MESSAGE)
    positive = " AND ".join("(" + " OR ".join(group) + ")" for group in groups)
    return positive, " OR ".join(excluded), " OR ".join(term for group in groups for term in group), used


def snippet_segments(snippet: str) -> list[tuple[str, bool]]:
    """Split a hit's snippet into (text, matched) pieces; stray or unbalanced sentinels are dropped."""
    pieces: list[tuple[str, bool]] = []
    matched = False
    for part in re.split(f"([{MARK_START}{MARK_END}])", snippet):
        if part == MARK_START:
            matched = True
        elif part == MARK_END:
            matched = False
        elif part:
            if pieces and pieces[-1][1] == matched:
                pieces[-1] = (pieces[-1][0] + part, matched)
            else:
                pieces.append((part, matched))
    return pieces


def plain_snippet(snippet: str) -> str:
    """Return a snippet without its match sentinels."""
    return snippet.replace(MARK_START, "").replace(MARK_END, "")


def _clean_snippet(text: str | None) -> str:
    if not text:
        return ""
    text = _SPACE.sub(" ", without_separators(text)).strip()
    if MARK_END in text:
        # A word of letters marked one by one is one marked word, with the marks inside and after it (the engines
        # mark tokens, and Thai, Lao, Khmer and Burmese marks are none or words of their own: bot.text.cjk).
        text = _MARKED_TAIL.sub(rf"\1{MARK_END}", _MARKED_GAP.sub(r"\1", text))
    if text.startswith('["') or '", "' in text:
        # key_points is stored as a JSON list; show it as prose.
        text = text.removeprefix('["').removesuffix('"]').replace('", "', " · ").replace('\\"', '"')
    return text


def _pick_snippet(body: str | None, key_points: str | None) -> str:
    body_text, kp_text = _clean_snippet(body), _clean_snippet(key_points)
    if MARK_START in body_text or not kp_text:
        return body_text
    if MARK_START in kp_text or not body_text:
        return kp_text
    return body_text


_EFFECTIVE_DATE = "COALESCE(MIN(a.published_sort, a.arrived_at), a.arrived_at)"
# Ids follow arrival, so "since" becomes a rowid range FTS5 can seek to: an article only counts as published
# since a moment if it arrived since then. Every article stored before the last one that arrived before
# (since - margin) arrived before ``since`` too, as long as the clock was never set back by more than this.
_CLOCK_MARGIN = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class _Scope:
    """The optional limits of a search, resolved to what the candidate query needs."""

    since: datetime | None = None
    first_id: int = 0  # no candidate has a smaller rowid
    source_ids: tuple[int, ...] | None = None  # None: every source


async def _scope(db: Database, since: datetime | None, source: str | None) -> _Scope:
    """Resolve the filters.

    Raises:
        InvalidSearchQueryError: when no source's name contains ``source``.
    """
    first_id = 0
    if since is not None:
        row = await db.fetchone(
            "SELECT id FROM articles WHERE arrived_at < ? ORDER BY arrived_at DESC LIMIT 1",
            [to_db_time(since - _CLOCK_MARGIN)],
        )
        first_id = int(row[0]) if row is not None else 0
    source_ids: tuple[int, ...] | None = None
    if source and source.strip():
        if db.dialect == "postgresql":
            found = await pgsearch.source_ids_named(db, source.strip())
        else:
            # lower() folds ASCII only, good enough for source names; instr() takes no wildcards.
            rows = await db.fetchall("SELECT id FROM sources WHERE instr(lower(name), lower(?)) > 0", [source.strip()])
            found = [int(r[0]) for r in rows]
        if not found:
            named = source.strip()
            shown = named if len(named) <= 100 else named[:99] + "…"
            raise InvalidSearchQueryError(f"No source's name contains “{shown}”.")
        source_ids = tuple(found)
    return _Scope(since=since, first_id=first_id, source_ids=source_ids)


def _translate(exc: StoreError) -> NewsdigestError:
    if "fts5" in str(exc) or "syntax error" in str(exc) or "tsquery" in str(exc):
        log.warning("the search engine refused a built query: %s", exc)
        return InvalidSearchQueryError("That search could not be understood; try plain words.")
    return exc


async def search(
    db: Database,
    text: str,
    *,
    now: datetime,
    limit: int = 10,
    offset: int = 0,
    since: datetime | None = None,
    source: str | None = None,
) -> SearchPage:
    """Search the archive, best first: where the words are (headline, key points, body) and how recent.

    Raises:
        InvalidSearchQueryError: with a friendly message when the text has nothing searchable, or when no
            source's name contains ``source``.
        StoreError: only when the database itself fails (locked, damaged).
    """
    check_typed(text)
    check_typed(source or "")
    positive, excluded, any_word, used = _parse(text)
    match = _combine(positive, excluded)
    limit = max(1, min(int(limit), MAX_LIMIT))
    offset = max(0, int(offset))
    try:
        scope = await _scope(db, since, source)
        if db.dialect == "postgresql":
            rows, found = await _pg_page(db, match, any_word, scope, now, limit, offset)
            snippets = {row["id"]: _pick_snippet(row["body_snippet"], row["key_points_snippet"]) for row in rows}
        else:
            candidates = await _candidates(db, match, scope)
            found = len(candidates)
            # Every candidate already matched the whole query; a headline or key points with any of its words
            # rank it up (with every word or a single one: one word is most of the signal in a headline).
            rows = await _ranked(db, any_word, candidates[:CANDIDATES], now, limit, offset)
            snippets = await _snippets(db, match, [row["id"] for row in rows])
    except StoreError as exc:
        raise _translate(exc) from exc
    hits = tuple(
        SearchHit(
            article_id=row["id"],
            title=row["title"],
            published=published_from_db(row["published"]),
            arrived_at=from_db_time(row["arrived_at"]),
            source=row["source_name"],
            url=row["url"],
            snippet=snippets.get(row["id"], ""),
            score=float(row["score"]),
        )
        for row in rows
    )
    note = (
        "" if used >= len(text) else f"{SEARCH_CAP_MESSAGE} Your search was shortened to its first {used} characters."
    )
    if not hits and not offset and _PHRASED.search(text):
        note = f"{note} {_phrased_note(text)}".strip()
    return SearchPage(
        query=text,
        hits=hits,
        total=min(found, CANDIDATES),
        offset=offset,
        limit=limit,
        total_capped=found > CANDIDATES,
        note=note,
    )


def _phrased_note(text: str) -> str:
    """How a Thai, Lao, Khmer or Burmese word is found, with the first such word of the search."""
    example = next(word.strip('"-*') for word in text.split() if _PHRASED.search(word))
    return PHRASED_MESSAGE.format(example=example[:MAX_TERM_CHARS])


async def _pg_page(
    db: Database, match: str, any_word: str, scope: _Scope, now: datetime, limit: int, offset: int
) -> tuple[list[Row], int]:
    """The same candidates, ranking and snippets on PostgreSQL, in one statement (see pgsearch.find)."""
    return await pgsearch.find(
        db,
        match,
        any_word,
        first_id=scope.first_id,
        since=None if scope.since is None else to_db_time(scope.since),
        source_ids=scope.source_ids,
        wanted=CANDIDATES + 1,
        now=to_db_time(now),
        boosts=(TITLE_BOOST, KEY_POINTS_BOOST),
        half_life_days=HALF_LIFE_DAYS,
        limit=limit,
        offset=offset,
    )


async def _candidates(db: Database, match: str, scope: _Scope) -> list[int]:
    """Return the ids of the newest CANDIDATES + 1 matches, newest first (one more tells "there are more").

    FTS5 yields matches in rowid (arrival) order and stops at the limit, so a word found in half the archive
    costs about as little as a rare one. ``since`` becomes a rowid range FTS5 seeks to (the exact date test
    reads the covering age index, not the article rows); a source filter is a set of ids built once and
    tested per match (the unary ``+`` keeps SQLite from turning it into one FTS5 lookup per id).
    """
    sql = "SELECT f.rowid FROM articles_fts f"
    params: list[object] = [match, scope.first_id]
    where = " WHERE articles_fts MATCH ? AND f.rowid >= ?"
    if scope.since is not None:
        sql += " JOIN articles a INDEXED BY articles_age ON a.id = f.rowid"
        where += f" AND {_EFFECTIVE_DATE} >= ?"
        params.append(to_db_time(scope.since))
    if scope.source_ids is not None:
        marks = ",".join("?" * len(scope.source_ids))
        where += f" AND +f.rowid IN (SELECT id FROM articles WHERE source_id IN ({marks}))"  # noqa: S608 - "?" marks only
        params += scope.source_ids
    rows = await db.fetchall(f"{sql}{where} ORDER BY f.rowid DESC LIMIT {CANDIDATES + 1}", params)
    return [int(row[0]) for row in rows]


async def _ranked(db: Database, any_word: str, ids: list[int], now: datetime, limit: int, offset: int) -> list[Row]:
    """Return one page of the candidates, ranked.

    Relevance is 1, plus TITLE_BOOST when the headline holds any of the words searched for, plus
    KEY_POINTS_BOOST when the key points do; it is divided by the age decay. FTS5's
    own bm25 is not used: its first call counts every match of every term in the whole archive (for the
    IDF), which made a common word cost 5 ms at 100k articles and ten times that at 1M. The column-limited
    matches are asked only over the candidates' rowid range.
    """
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    in_range = "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? AND rowid BETWEEN ? AND ?"
    sql = (
        f"WITH t AS ({in_range}), k AS ({in_range}), r AS ("  # noqa: S608 - constants and '?' only
        f" SELECT id, -(1.0 + {TITLE_BOOST} * (id IN t) + {KEY_POINTS_BOOST} * (id IN k))"
        f" / (1.0 + MAX(0.0, julianday(?) - julianday(COALESCE(MIN(published_sort, arrived_at), arrived_at)))"
        f" / {HALF_LIFE_DAYS}) AS score FROM articles INDEXED BY articles_age WHERE id IN ({marks})"
        " ORDER BY score, id DESC LIMIT ? OFFSET ?)"
        " SELECT a.id, a.title, a.published, a.arrived_at, a.url, s.name AS source_name, r.score"
        " FROM r JOIN articles a ON a.id = r.id JOIN sources s ON s.id = a.source_id ORDER BY r.score, a.id DESC"
    )
    low, high = min(ids), max(ids)
    return await db.fetchall(
        sql,
        [
            f"{{title}} : ({any_word})",
            low,
            high,
            f"{{key_points}} : ({any_word})",
            low,
            high,
            to_db_time(now),
            *ids,
            limit,
            offset,
        ],
    )


async def _snippets(db: Database, match: str, ids: list[int]) -> dict[int, str]:
    """Return the marked snippet of each shown hit (computed for the page only, not every match)."""
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    rows = await db.fetchall(
        f"SELECT rowid, snippet(articles_fts, 1, '{MARK_START}', '{MARK_END}', '…', {SNIPPET_TOKENS}),"  # noqa: S608
        f" snippet(articles_fts, 2, '{MARK_START}', '{MARK_END}', '…', {SNIPPET_TOKENS})"
        f" FROM articles_fts WHERE articles_fts MATCH ? AND rowid IN ({marks})",
        [match, *ids],
    )
    return {int(r[0]): _pick_snippet(r[1], r[2]) for r in rows}


def _runs(ids: list[int], *, gap: int = 50, least: int = 20) -> tuple[list[tuple[int, int]], list[int]]:
    """Split sorted ids into dense runs (as (first, last)) worth one range scan, and the scattered rest."""
    runs: list[tuple[int, int]] = []
    scattered: list[int] = []
    start = 0
    for end in range(1, len(ids) + 1):
        if end == len(ids) or ids[end] - ids[end - 1] > gap:
            if end - start >= least:
                runs.append((ids[start], ids[end - 1]))
            else:
                scattered.extend(ids[start:end])
            start = end
    return runs, scattered


async def matching_ids(db: Database, text: str, ids: Iterable[int], *, any_term: bool = False) -> set[int]:
    """Return which of the article ``ids`` match the user text ``text`` (a digest's topic).

    With ``any_term`` an article matches when it holds any of the terms (a digest's ``exclude``, read by
    :func:`build_match_any`).

    A digest window is a run of nearly consecutive ids (they follow arrival): one rowid range scan reads its
    matches; FTS5 answers ``rowid IN (...)`` with one lookup per id, which cost a second for 5,000 ids at 1M.

    Raises:
        InvalidSearchQueryError: when the text has nothing searchable.
    """
    match = build_match_any(text) if any_term else build_match(text)
    wanted = sorted(set(ids))
    if db.dialect == "postgresql":
        try:
            return await pgsearch.matching(db, match, wanted) if wanted else set()
        except StoreError as exc:
            raise _translate(exc) from exc
    runs, scattered = _runs(wanted)
    found: set[int] = set()
    try:
        for first, last in runs:
            rows = await db.fetchall(
                "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? AND rowid BETWEEN ? AND ?",
                [match, first, last],
            )
            found.update(int(r[0]) for r in rows)
        for start in range(0, len(scattered), 500):
            chunk = scattered[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = await db.fetchall(
                f"SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? AND rowid IN ({marks})",  # noqa: S608
                [match, *chunk],
            )
            found.update(int(r[0]) for r in rows)
    except StoreError as exc:
        raise _translate(exc) from exc
    return found & set(wanted)
