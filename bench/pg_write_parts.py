"""What PostgreSQL spends on each part of an article's write: server CPU per row, one part taken out at a time.

    python -m bench.pg_write_parts --url postgresql://USER:PASSWORD@HOST:PORT/DB   # a database holding articles
    python -m bench.pg_write_parts --url URL --rows 2000 --repeat 5

The articles already stored (the first ``--rows`` by id) are inserted again, by ``INSERT ... SELECT``, into copies
of the ``articles`` table made inside a transaction that is rolled back (nothing is left behind), each copy
without one part: the word pairs of the search vector (``newsdigest_pairs``), the search index, both, the
generated vectors (given instead, copied from the rows), everything (the bare row). Two more, with the vectors
given, have the body compressed afresh (``body || ''``: a stored value copied as it is would keep its
compression) with pglz, the server's default, and with lz4 (migration 0017). The variants alternate,
``--repeat`` times; the figure is the backend's CPU (``/proc``, so the server must be on this machine; the wall
time otherwise) per row, median of the repeats. The differences are what each part costs: the pairs are the
gap between the first two lines, and so on. Only the write is measured: the batch's lookups, the story
candidates and the commit are not in it (bench/README.md, "Ingest on PostgreSQL, seventh round"). The copy
"as the batch writes it" has the article vector given (staged ahead, bot.store.pgbatch) and the search trigger
making the headline and key-point vectors (the trigger's cost is its gap to "the vectors given").

``--functions`` measures instead what each function of an article's vectors costs, on the same articles sent as
arrays (as the batch's staging sends them): the folding passes, each ``to_tsvector``, the word pairs, the whole
vector, the trigger's two vectors (server CPU per article, median of the repeats; bench/README.md, pgcpu29).

``--statements LOG`` reads a server log written with ``log_statement_stats = on`` (e.g. ``ALTER DATABASE ... SET
log_statement_stats = on`` before an ingest) and prints the server CPU of each kind of statement, per article
with ``--articles N``: the staging of the vectors, the write, the story lookup, the dedup lookup...
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

import psycopg

# The article vector of migration 0015 without its word pairs (the same lexemes, positions and weights: the
# fields' positions keep a gap, so no pair spans two fields).
_GAP = "'''newsdigest field end'':1'::tsvector"
_NO_PAIRS = (
    "ts_delete(setweight(to_tsvector(newsdigest_config(language), newsdigest_cjk_spaced(title)), 'A')"
    f" || {_GAP} || setweight(to_tsvector(newsdigest_config(language), newsdigest_cjk_spaced(key_points)), 'B')"
    f" || {_GAP} || setweight(to_tsvector(newsdigest_config(language), newsdigest_cjk_spaced(body)), 'D'),"
    " 'newsdigest field end')"
)
_SEARCH_INDEX = "CREATE INDEX ON {t} USING gin (search, source_id, (id / 1024))"
# The article vector as the write computes it when none was staged (migration 0014 made `search` a plain column
# kept by a trigger; the copies get it back as a generated column, which costs the same per row).
_COMPUTED = [
    "ALTER TABLE {t} DROP COLUMN search",
    "ALTER TABLE {t} ADD COLUMN search tsvector COMPRESSION lz4"
    " GENERATED ALWAYS AS (newsdigest_vector(language, title, key_points, body)) STORED",
]
_VECTORS = ("search", "title_search", "key_points_search")

_GIVEN = [
    "CREATE TABLE {t} (LIKE articles INCLUDING ALL) WITH (toast_tuple_target = 256)",
    *(f"ALTER TABLE {{t}} ALTER COLUMN {c} DROP EXPRESSION IF EXISTS" for c in _VECTORS),
]
# The search trigger (migrations 0014, 0018): the headline and key-point vectors, and the article vector where none
# is given.
_TRIGGER = (
    "CREATE TRIGGER nd_write_parts_search BEFORE INSERT ON {t} FOR EACH ROW EXECUTE FUNCTION newsdigest_search_row()"
)
# Variants whose rows' bodies are compressed by the copy's own setting, not copied compressed as stored.
_BODY_AFRESH = frozenset({"the vectors given, the body compressed with pglz", "the vectors given, the body with lz4"})

# name -> (statements making the copy from `articles` as {t}, the vectors given: copied from the rows)
VARIANTS: dict[str, tuple[list[str], tuple[str, ...]]] = {
    "as the batch writes it (vector staged)": ([*_GIVEN, _TRIGGER], ("search",)),
    "the row as stored": (
        ["CREATE TABLE {t} (LIKE articles INCLUDING ALL) WITH (toast_tuple_target = 256)", *_COMPUTED, _SEARCH_INDEX],
        (),
    ),
    "without the word pairs": (
        [
            "CREATE TABLE {t} (LIKE articles INCLUDING ALL) WITH (toast_tuple_target = 256)",
            "ALTER TABLE {t} DROP COLUMN search",
            f"ALTER TABLE {{t}} ADD COLUMN search tsvector COMPRESSION lz4 GENERATED ALWAYS AS ({_NO_PAIRS}) STORED",
            _SEARCH_INDEX,
        ],
        (),
    ),
    "without the search index": (
        ["CREATE TABLE {t} (LIKE articles INCLUDING ALL) WITH (toast_tuple_target = 256)", *_COMPUTED],
        (),
    ),
    "without the pairs or the search index": (
        [
            "CREATE TABLE {t} (LIKE articles INCLUDING ALL) WITH (toast_tuple_target = 256)",
            "ALTER TABLE {t} DROP COLUMN search",
            f"ALTER TABLE {{t}} ADD COLUMN search tsvector COMPRESSION lz4 GENERATED ALWAYS AS ({_NO_PAIRS}) STORED",
        ],
        (),
    ),
    "the vectors given, not generated": (_GIVEN, _VECTORS),
    "the vectors given, the body compressed with pglz": (
        [*_GIVEN, "ALTER TABLE {t} ALTER COLUMN body SET COMPRESSION pglz"],
        _VECTORS,
    ),
    "the vectors given, the body with lz4": (
        [*_GIVEN, "ALTER TABLE {t} ALTER COLUMN body SET COMPRESSION lz4"],
        _VECTORS,
    ),
    "the bare row (no vectors, no index)": (
        [
            "CREATE TABLE {t} (LIKE articles INCLUDING STORAGE INCLUDING COMPRESSION INCLUDING DEFAULTS)"
            " WITH (toast_tuple_target = 256)"
        ],
        (),
    ),
}


def _columns(conn: psycopg.Connection) -> list[str]:
    """The columns an article is inserted with (every stored one but the vectors)."""
    rows = conn.execute(
        "SELECT attname FROM pg_attribute WHERE attrelid = 'articles'::regclass AND attnum > 0"
        " AND NOT attisdropped ORDER BY attnum"
    ).fetchall()
    return [str(r[0]) for r in rows if str(r[0]) not in _VECTORS]


def _cpu(pid: int) -> float | None:
    """The backend's CPU seconds so far (utime + stime), or None when it is not on this machine."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _one(conn: psycopg.Connection, pid: int, name: str, rows: int, columns: list[str]) -> tuple[float, bool]:
    """Make the variant's copy, insert the rows into it, roll back; return (ms per row, measured as CPU)."""
    statements, given = VARIANTS[name]
    table = "nd_write_parts"
    for sql in statements:
        conn.execute(sql.replace("{t}", table))  # type: ignore[arg-type]
    names = columns + list(given)
    cols = ", ".join(names)
    values = ", ".join("body || ''" if c == "body" and name in _BODY_AFRESH else c for c in names)
    insert = f"INSERT INTO {table} ({cols}) SELECT {values} FROM articles ORDER BY id LIMIT %s"  # noqa: S608
    cpu0, wall0 = _cpu(pid), time.perf_counter()
    conn.execute(insert, (rows,))  # type: ignore[arg-type]
    cpu1, wall1 = _cpu(pid), time.perf_counter()
    conn.rollback()
    if cpu0 is None or cpu1 is None:
        return (wall1 - wall0) * 1000 / rows, False
    return (cpu1 - cpu0) * 1000 / rows, True


def measure(url: str, rows: int, repeat: int) -> tuple[dict[str, list[float]], int, bool]:
    """Each variant ``repeat`` times, alternating; return ms per row by variant, the rows used, CPU or wall."""
    with psycopg.connect(url) as conn:
        [(pid, stored)] = conn.execute("SELECT pg_backend_pid(), (SELECT count(*) FROM articles)").fetchall()
        conn.rollback()
        n = min(rows, int(stored))
        if n == 0:
            raise ValueError("the database holds no articles: ingest some first (newsdigest --db URL ingest DIR)")
        columns = _columns(conn)
        conn.rollback()
        results: dict[str, list[float]] = {name: [] for name in VARIANTS}
        cpu = True
        for _ in range(repeat):
            for name in VARIANTS:
                value, as_cpu = _one(conn, int(pid), name, n, columns)
                results[name].append(value)
                cpu = cpu and as_cpu
    return results, n, cpu


# What an article's vectors are made of, each over the three fields of the articles sent as arrays (as the
# batch's staging sends them: nothing to detoast): name -> expression (language, title, key_points, body).
_SPACED = "newsdigest_cjk_spaced({f})"
FUNCTIONS: dict[str, str] = {
    "nothing (the arrays read)": "1",
    "newsdigest_compat_folded, three fields": ", ".join(
        f"newsdigest_compat_folded({f})" for f in ("title", "key_points", "body")
    ),
    "newsdigest_search_folded, three fields": ", ".join(
        f"newsdigest_search_folded({f})" for f in ("title", "key_points", "body")
    ),
    "newsdigest_cjk_spaced, three fields": ", ".join(_SPACED.format(f=f) for f in ("title", "key_points", "body")),
    "to_tsvector of the headline, spaced": f"to_tsvector(newsdigest_config(language), {_SPACED.format(f='title')})",
    "to_tsvector of the key points, spaced": (
        f"to_tsvector(newsdigest_config(language), {_SPACED.format(f='key_points')})"
    ),
    "to_tsvector of the body, spaced": f"to_tsvector(newsdigest_config(language), {_SPACED.format(f='body')})",
    "to_tsvector of the body as written": "to_tsvector(newsdigest_config(language), body)",
    "the article vector without its pairs": _NO_PAIRS,
    # OFFSET 0: the subquery is not pulled up, so its vector is computed once, not once for each use
    "the article vector with its pairs": (
        f"(SELECT newsdigest_pairs(v.v) || v.v FROM (SELECT {_NO_PAIRS} AS v OFFSET 0) v)"  # noqa: S608
    ),
    "newsdigest_vector (what the staging computes)": "newsdigest_vector(language, title, key_points, body)",
    "the trigger's headline and key-point vectors": (
        f"to_tsvector('newsdigest', {_SPACED.format(f='title')}),"
        f" to_tsvector('newsdigest', {_SPACED.format(f='key_points')})"
    ),
}


def measure_functions(url: str, rows: int, repeat: int) -> tuple[dict[str, list[float]], int, bool]:
    """Each of FUNCTIONS over the first ``rows`` stored articles, ``repeat`` times alternating: ms per article."""
    with psycopg.connect(url, autocommit=True) as conn:
        [(pid,)] = conn.execute("SELECT pg_backend_pid()").fetchall()
        found = conn.execute(
            "SELECT language, title, key_points, body FROM articles ORDER BY id LIMIT %s", (rows,)
        ).fetchall()
        if not found:
            raise ValueError("the database holds no articles: ingest some first (newsdigest --db URL ingest DIR)")
        columns = [list(c) for c in zip(*found, strict=True)]
        results: dict[str, list[float]] = {name: [] for name in FUNCTIONS}
        cpu = True
        for _ in range(repeat):
            for name, expression in FUNCTIONS.items():
                sql = (
                    f"SELECT count(ROW({expression})) FROM unnest(%b::text[], %b::text[], %b::text[],"  # noqa: S608
                    " %b::text[]) AS a (language, title, key_points, body)"
                )
                cpu0, wall0 = _cpu(int(pid)), time.perf_counter()
                conn.execute(sql, columns)  # type: ignore[arg-type]
                cpu1, wall1 = _cpu(int(pid)), time.perf_counter()
                if cpu0 is None or cpu1 is None:
                    cpu = False
                    results[name].append((wall1 - wall0) * 1000 / len(found))
                else:
                    results[name].append((cpu1 - cpu0) * 1000 / len(found))
    return results, len(found), cpu


# The batch's statements (bot.store.pgbatch), told by how they start.
_KNOWN = {
    "the staging of the vectors (STAGE_SQL)": "WITH swept AS (DELETE FROM staged_vectors",
    "the write (trigger, heap, indexes)": "WITH n AS MATERIALIZED ( SELECT * FROM unnest(",
    "the story lookup": "WITH q AS MATERIALIZED (",
    "the dedup lookup": "WITH kh AS (",
    "the stories' editions": "SELECT story_id, source_id, substr(published",
    "the story locks": "SELECT count(CASE WHEN o = 1",
}


def statement_cpu(log: str) -> dict[str, tuple[float, int]]:
    """The server CPU (user + system seconds) and count of each kind of statement in a ``log_statement_stats`` log.

    Every message's figures count (parse, bind, execute, or a simple query's), under the statement it names.
    """
    found: dict[str, tuple[float, int]] = {}
    entries = re.split(r"\n(?=\S+ \S+ \S+ \[\d+\] LOG:  )", log)
    for entry in entries:
        if not re.search(r"LOG:  (?:PARSE MESSAGE |BIND MESSAGE |EXECUTE MESSAGE |QUERY )STATISTICS", entry):
            continue
        usage = re.search(r"!\s+([\d.]+) s user, ([\d.]+) s system", entry)
        statement = re.search(r"STATEMENT:\s*(.*)", entry, flags=re.DOTALL)
        if usage is None:
            continue
        text = " ".join(statement.group(1).split()) if statement else "?"
        name = next((label for label, start in _KNOWN.items() if text.startswith(start)), "other: " + text[:60])
        seconds, count = found.get(name, (0.0, 0))
        found[name] = (seconds + float(usage.group(1)) + float(usage.group(2)), count + 1)
    return found


def _statements(path: str, articles: int) -> int:
    found = statement_cpu(Path(path).read_text(encoding="utf-8", errors="replace"))
    total = sum(seconds for seconds, _ in found.values())
    print(f"server CPU by statement, {total:.2f} s in all ({total * 1000 / articles:.3f} ms an article of {articles})")
    for name, (seconds, count) in sorted(found.items(), key=lambda item: -item[1][0])[:12]:
        print(f"  {name:60s} {seconds:7.2f} s  {seconds * 1000 / articles:6.3f} ms an article  ({count} messages)")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="a PostgreSQL database holding articles (newsdigest's schema)")
    parser.add_argument("--rows", type=int, default=2000, help="how many stored articles to insert again")
    parser.add_argument("--repeat", type=int, default=3, help="rounds of the alternating variants")
    parser.add_argument("--functions", action="store_true", help="each function of the vectors instead of the write")
    parser.add_argument("--statements", metavar="LOG", help="a server log with log_statement_stats: CPU by statement")
    parser.add_argument("--articles", type=int, default=1, help="with --statements: the articles the log stored")
    args = parser.parse_args(argv)
    if args.rows < 1 or args.repeat < 1 or args.articles < 1:
        print("--rows, --repeat and --articles must be at least 1", file=sys.stderr)
        return 2
    if args.statements:
        return _statements(args.statements, args.articles)
    if not args.url:
        print("--url is needed (or --statements LOG)", file=sys.stderr)
        return 2
    try:
        if args.functions:
            results, n, cpu = measure_functions(args.url, args.rows, args.repeat)
        else:
            results, n, cpu = measure(args.url, args.rows, args.repeat)
    except (psycopg.Error, ValueError) as exc:
        print(f"cannot measure: {str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__}")
        return 1
    unit = "server CPU" if cpu else "wall (the server is not on this machine)"
    what = "articles' vectors computed" if args.functions else "articles inserted again"
    print(f"{n} {what}, {args.repeat} rounds; ms per article, {unit}: median (each round)")
    for name, values in results.items():
        each = " ".join(f"{v:.3f}" for v in values)
        print(f"  {name:46s} {statistics.median(values):6.3f}  ({each})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
