"""Bulk-load the find benchmark's synthetic articles into PostgreSQL with COPY, fast enough for a million rows.

The PostgreSQL twin of bench/loader.py (for the find databases only; ``db copy`` and ingest are measured
elsewhere). The database is created by :meth:`bot.store.db.Database.open` (every migration, the production
schema, its generated search vectors). Then, as ``pg_restore`` does: the secondary indexes of ``articles``
and ``entry_keys`` are dropped, the rows go in by ``COPY`` (``workers`` processes, each its own contiguous
range of ids, generating and copying at once: the server's work is computing each row's search vectors), the
indexes are built again from their own definitions, and the tables are analysed and vacuumed. Rows are
those of bench/loader.py (same corpus, same ids and columns), with the corpus's language, English.

    python -m bench.pgload --url postgresql://... --size 1000000 [--name nd_bench_find_1000000] [--workers 2]
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import sys
import time

import psycopg

from bench.corpus import SynthArticle
from bench.loader import article_row
from bench.scale import find_corpus
from bench.scale_pg import database
from bot.store.db import Database, to_db_time
from bot.text.identity import canonical_url

SEED = 1
_ARTICLE_COLUMNS = (
    "id, source_id, story_id, guid, url, canonical_url, fingerprint, title, published, published_sort, dateline,"
    " author, summary, body, key_points, arrived_at, language"
)


async def _migrate(url: str) -> None:
    db = await Database.open(url)
    await db.close()


def _secondary_indexes(conn: psycopg.Connection) -> list[tuple[str, str]]:
    rows = conn.execute(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename IN ('articles', 'entry_keys')"
        " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)"
    ).fetchall()
    return [(str(r[0]), str(r[1])) for r in rows]


def _worker(url: str, seed: int, start: int, count: int, sources: dict[str, int], done: object) -> None:
    corpus = find_corpus(seed)
    with psycopg.connect(url) as conn:
        conn.execute("SET synchronous_commit = off")
        batch = 5000
        for first in range(start, start + count, batch):
            items = list(corpus.articles(min(batch, start + count - first), start=first))
            with conn.cursor() as cur:
                with cur.copy("COPY stories (id, first_seen) FROM STDIN") as copy:
                    for item in items:
                        if item.story_of is None or item.story_of < start:
                            copy.write_row((item.number + 1, to_db_time(item.arrived_at)))
                with cur.copy(f"COPY articles ({_ARTICLE_COLUMNS}) FROM STDIN") as copy:
                    for item in items:
                        copy.write_row(_article_row(item, sources, start))
                with cur.copy("COPY entry_keys (source_id, key, article_id, seen_at) FROM STDIN") as copy:
                    for item in items:
                        canonical = canonical_url(item.article.url)
                        copy.write_row(
                            (sources[item.source], f"url:{canonical}", item.number + 1, to_db_time(item.arrived_at))
                        )
            conn.commit()
            with done.get_lock():  # type: ignore[attr-defined]
                done.value += len(items)  # type: ignore[attr-defined]


def _article_row(item: SynthArticle, sources: dict[str, int], start: int) -> tuple[object, ...]:
    # A retelling whose original is in another worker's range starts its own story (as a partial load does).
    story = item.number if item.story_of is None or item.story_of < start else item.story_of
    return article_row(item, sources[item.source], story)


def load(admin: str, name: str, size: int, *, seed: int = SEED, workers: int = 2) -> str:
    """Create database ``name`` holding the first ``size`` articles of the find corpus; return its URL."""
    url = database(admin, name, fresh=True)
    asyncio.run(_migrate(url))
    corpus = find_corpus(seed)
    start_time = time.perf_counter()
    with psycopg.connect(url, autocommit=True) as conn:
        indexes = _secondary_indexes(conn)
        for index_name, _ in indexes:
            conn.execute(f"DROP INDEX {index_name}")  # type: ignore[arg-type]
        now = to_db_time(corpus.end)
        sources = {}
        for source in corpus.sources:
            row = conn.execute(
                "INSERT INTO sources (kind, name, location, created_at) VALUES ('folder', %s, %s, %s) RETURNING id",
                (source, f"synthetic:{source}", now),
            ).fetchone()
            assert row is not None
            sources[source] = int(row[0])
    done = multiprocessing.Value("q", 0)
    share = -(-size // workers)
    procs = [
        multiprocessing.Process(
            target=_worker, args=(url, seed, n * share, min(share, size - n * share), sources, done)
        )
        for n in range(workers)
        if n * share < size
    ]
    for proc in procs:
        proc.start()
    while any(p.is_alive() for p in procs):
        time.sleep(10)
        print(f"   .. {done.value:,} rows ({time.perf_counter() - start_time:.0f} s)", flush=True)
    if any(p.exitcode for p in procs):
        raise RuntimeError("a loader process failed")
    print(f"   rows in {time.perf_counter() - start_time:.0f} s; building indexes", flush=True)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("SET maintenance_work_mem = '1GB'")
        for _, definition in indexes:
            conn.execute(definition)  # type: ignore[arg-type]
        conn.execute("SELECT setval(pg_get_serial_sequence('articles', 'id'), (SELECT MAX(id) FROM articles))")
        conn.execute("SELECT setval(pg_get_serial_sequence('stories', 'id'), (SELECT MAX(id) FROM stories))")
        conn.execute("VACUUM ANALYZE")
    print(f"   loaded {size:,} articles into {name} in {time.perf_counter() - start_time:.0f} s", flush=True)
    return url


def replicate(admin: str, source: str, target: str, times: int) -> str:
    """Create database ``target``: database ``source`` with its articles ``times`` times over; return its URL.

    Copy k (1 .. times - 1) of every article and story gets ids shifted by k times the source's largest id and
    times shifted by k times the source's span of arrivals, so ids still follow arrival and the archive reaches
    ``times`` times as far back; its URL, fingerprint and entry key get a "#k" suffix (they are unique). Word
    frequencies per id are those of the source (as a ``times`` times longer draw of the same corpus would
    have). The search vectors are copied, not computed again: the generated columns are made plain for that
    (ALTER ... DROP EXPRESSION; their values and indexes are the same as the schema's; `search` is plain since
    migration 0014, and its trigger keeps a vector an INSERT gives).
    """
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {target} WITH (FORCE)")  # type: ignore[arg-type]
        conn.execute(f"CREATE DATABASE {target} TEMPLATE {source}")  # type: ignore[arg-type]
    url = database(admin, target, fresh=False)
    start_time = time.perf_counter()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("SET maintenance_work_mem = '1GB'")
        row = conn.execute(
            "SELECT MAX(id), (SELECT MAX(id) FROM stories),"
            " extract(epoch FROM MAX(arrived_at)::timestamptz - MIN(arrived_at)::timestamptz) FROM articles"
        ).fetchone()
        assert row is not None
        last, last_story, span = int(row[0]), int(row[1]), float(row[2]) + 1.0
        indexes = _secondary_indexes(conn)
        for index_name, _ in indexes:
            conn.execute(f"DROP INDEX {index_name}")  # type: ignore[arg-type]
        for column in ("search", "title_search", "key_points_search"):
            conn.execute(f"ALTER TABLE articles ALTER COLUMN {column} DROP EXPRESSION IF EXISTS")  # type: ignore[arg-type]
        names = [
            str(r[0])
            for r in conn.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = 'articles'"
                " ORDER BY ordinal_position"
            ).fetchall()
        ]
        shifted = {
            "id": "id + %(k)s * %(last)s",
            "story_id": "story_id + %(k)s * %(stories)s",
            "url": "url || '#' || %(k)s",
            "canonical_url": "canonical_url || '#' || %(k)s",
            "fingerprint": "fingerprint || '#' || %(k)s",
            "arrived_at": _SHIFT.format("arrived_at"),
            "published_sort": _SHIFT.format("published_sort"),
        }
        select = ", ".join(shifted.get(name, name) for name in names)
        for k in range(1, times):
            values = {"k": k, "last": last, "stories": last_story, "span": span}
            conn.execute(
                "INSERT INTO stories (id, first_seen) SELECT id + %(k)s * %(stories)s, first_seen FROM stories"
                " WHERE id <= %(stories)s",
                values,
            )
            conn.execute(
                f"INSERT INTO articles ({', '.join(names)}) SELECT {select} FROM articles WHERE id <= %(last)s",  # type: ignore[arg-type]  # noqa: S608
                values,
            )
            conn.execute(
                "INSERT INTO entry_keys (source_id, key, article_id, seen_at) SELECT source_id, key || '#' || %(k)s,"
                " article_id + %(k)s * %(last)s, seen_at FROM entry_keys WHERE article_id <= %(last)s",
                values,
            )
            print(f"   .. copy {k + 1} of {times} ({time.perf_counter() - start_time:.0f} s)", flush=True)
        for _, definition in indexes:
            conn.execute(definition)  # type: ignore[arg-type]
        conn.execute("SELECT setval(pg_get_serial_sequence('articles', 'id'), (SELECT MAX(id) FROM articles))")
        conn.execute("SELECT setval(pg_get_serial_sequence('stories', 'id'), (SELECT MAX(id) FROM stories))")
        conn.execute("VACUUM ANALYZE")
    print(f"   {target}: {times} x {source} in {time.perf_counter() - start_time:.0f} s", flush=True)
    return url


_SHIFT = (
    "to_char(({0}::timestamptz + make_interval(secs => %(k)s * %(span)s)) AT TIME ZONE 'UTC',"
    ' \'YYYY-MM-DD"T"HH24:MI:SS.US"Z"\')'
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True, help="an admin URL of the server")
    parser.add_argument("--size", type=int, required=True)
    parser.add_argument("--name", default="")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--times", type=int, default=0, help="grow --name into nd_bench_find_<size> by copies")
    parser.add_argument("--measure", action="store_true", help="then run the find benchmark on it")
    args = parser.parse_args(argv)
    name = args.name or f"nd_bench_find_{args.size}"
    if args.times:
        url = replicate(args.url, name, f"nd_bench_find_{args.size}", args.times)
        how = f"{name} {args.times} times over (bench.pgload.replicate)"
    elif args.measure and args.name:
        url, how = database(args.url, name, fresh=False), "reused"
    else:
        url = load(args.url, name, args.size, seed=args.seed, workers=args.workers)
        how = "loaded by bench.pgload (COPY)"
    if args.measure:
        from bench.scale_pg import find_rows
        from bench.timing import Table

        table = Table()
        find_rows(table, url, args.size, args.seed, how)
        print(table.markdown())
    return 0


if __name__ == "__main__":
    sys.exit(main())
