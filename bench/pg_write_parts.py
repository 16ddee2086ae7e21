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
candidates and the commit are not in it (bench/README.md, "Ingest on PostgreSQL, seventh round").
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import psycopg

# The article vector of migration 0015 without its word pairs (the same lexemes, positions and weights: the
# fields' positions keep a gap, so no pair spans two fields).
_GAP = "'''newsdigest field end'':1'::tsvector"
_NO_PAIRS = (
    "ts_delete(setweight(to_tsvector(newsdigest_config(language), title), 'A')"
    f" || {_GAP} || setweight(to_tsvector(newsdigest_config(language), key_points), 'B')"
    f" || {_GAP} || setweight(to_tsvector(newsdigest_config(language), body), 'D'), 'newsdigest field end')"
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
# Variants whose rows' bodies are compressed by the copy's own setting, not copied compressed as stored.
_BODY_AFRESH = frozenset({"the vectors given, the body compressed with pglz", "the vectors given, the body with lz4"})

# name -> (what the copy lacks, statements making it from `articles` as {t}, whether the vectors are given)
VARIANTS: dict[str, tuple[list[str], bool]] = {
    "the row as stored": (
        ["CREATE TABLE {t} (LIKE articles INCLUDING ALL) WITH (toast_tuple_target = 256)", *_COMPUTED, _SEARCH_INDEX],
        False,
    ),
    "without the word pairs": (
        [
            "CREATE TABLE {t} (LIKE articles INCLUDING ALL) WITH (toast_tuple_target = 256)",
            "ALTER TABLE {t} DROP COLUMN search",
            f"ALTER TABLE {{t}} ADD COLUMN search tsvector COMPRESSION lz4 GENERATED ALWAYS AS ({_NO_PAIRS}) STORED",
            _SEARCH_INDEX,
        ],
        False,
    ),
    "without the search index": (
        ["CREATE TABLE {t} (LIKE articles INCLUDING ALL) WITH (toast_tuple_target = 256)", *_COMPUTED],
        False,
    ),
    "without the pairs or the search index": (
        [
            "CREATE TABLE {t} (LIKE articles INCLUDING ALL) WITH (toast_tuple_target = 256)",
            "ALTER TABLE {t} DROP COLUMN search",
            f"ALTER TABLE {{t}} ADD COLUMN search tsvector COMPRESSION lz4 GENERATED ALWAYS AS ({_NO_PAIRS}) STORED",
        ],
        False,
    ),
    "the vectors given, not generated": (_GIVEN, True),
    "the vectors given, the body compressed with pglz": (
        [*_GIVEN, "ALTER TABLE {t} ALTER COLUMN body SET COMPRESSION pglz"],
        True,
    ),
    "the vectors given, the body with lz4": ([*_GIVEN, "ALTER TABLE {t} ALTER COLUMN body SET COMPRESSION lz4"], True),
    "the bare row (no vectors, no index)": (
        [
            "CREATE TABLE {t} (LIKE articles INCLUDING STORAGE INCLUDING COMPRESSION INCLUDING DEFAULTS)"
            " WITH (toast_tuple_target = 256)"
        ],
        False,
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
    names = columns + (list(_VECTORS) if given else [])
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True, help="a PostgreSQL database holding articles (newsdigest's schema)")
    parser.add_argument("--rows", type=int, default=2000, help="how many stored articles to insert again")
    parser.add_argument("--repeat", type=int, default=3, help="rounds of the alternating variants")
    args = parser.parse_args(argv)
    if args.rows < 1 or args.repeat < 1:
        print("--rows and --repeat must be at least 1", file=sys.stderr)
        return 2
    try:
        results, n, cpu = measure(args.url, args.rows, args.repeat)
    except (psycopg.Error, ValueError) as exc:
        print(f"cannot measure: {str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__}")
        return 1
    unit = "server CPU" if cpu else "wall (the server is not on this machine)"
    print(f"{n} articles inserted again, {args.repeat} rounds; ms per row, {unit}: median (each round)")
    for name, values in results.items():
        each = " ".join(f"{v:.3f}" for v in values)
        print(f"  {name:40s} {statistics.median(values):6.3f}  ({each})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
