"""bench/pg_write_parts.py on a real server: its copies lack exactly their part, and nothing is left behind."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import psycopg
import pytest

from bench import pg_write_parts
from bot.models import Article, SourceKind
from bot.store import articles as repo
from bot.store.db import Database
from tests.pg_support import fresh_database_url

NOW = datetime(2025, 10, 17, 9, 0, tzinfo=UTC)
TEXTS = [
    (
        "Harbour bridge budget approved",
        "The council approved the harbour bridge budget on Tuesday.",
        ("Work starts in March.",),
    ),
    ("Häuser am Fluss werden saniert", "Die Stadt saniert die alten Häuser am Fluss bis zum Sommer.", ()),
    ("Lighthouse keeper retires", "The keeper of the northern light climbed the stairs one last time.", ("Storms.",)),
]


async def _seed(url: str) -> None:
    db = await Database.open(url)
    try:
        src = await repo.get_or_create_source(db, SourceKind.FOLDER, "Drop", "/drop", NOW)
        for n, (title, body, points) in enumerate(TEXTS):
            article = Article(title=title, body=(body,), key_points=points)
            await repo.add_article(db, src, article, NOW - timedelta(hours=n), [f"k{n}"])
    finally:
        await db.close()


def _tables(url: str) -> list[str]:
    with psycopg.connect(url) as conn:
        rows = conn.execute("SELECT relname FROM pg_class WHERE relkind IN ('r', 'i') ORDER BY 1").fetchall()
    return [str(r[0]) for r in rows]


async def test_every_part_is_measured_and_nothing_is_left_behind() -> None:
    async with fresh_database_url() as url:
        await _seed(url)
        before = await asyncio.to_thread(_tables, url)
        results, n, _cpu = await asyncio.to_thread(pg_write_parts.measure, url, 50, 2)
        assert n == len(TEXTS)
        assert set(results) == set(pg_write_parts.VARIANTS)
        assert all(len(v) == 2 and all(x >= 0 for x in v) for v in results.values())
        assert await asyncio.to_thread(_tables, url) == before


def _vectors(url: str) -> list[tuple[bool, bool]]:
    """Per stored article: is the tool's vector without pairs the stored one minus its pairs; does it have pairs."""
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            f"SELECT ({pg_write_parts._NO_PAIRS}) = ts_delete(search, ARRAY("  # noqa: S608
            "  SELECT lexeme FROM unnest(search) WHERE strpos(lexeme, ' ') > 0)),"
            " EXISTS (SELECT 1 FROM unnest(search) WHERE strpos(lexeme, ' ') > 0)"
            " FROM articles ORDER BY id"
        ).fetchall()
    return [(bool(a), bool(b)) for a, b in rows]


async def test_the_copy_without_pairs_has_the_stored_vector_less_its_pairs() -> None:
    # The figure for the pairs is the gap between two copies; it means something only while the copy's vector is
    # the stored one (migration 0015's newsdigest_vector) without the pair lexemes ('a b', the only ones with a
    # space), in every language.
    async with fresh_database_url() as url:
        await _seed(url)
        assert await asyncio.to_thread(_vectors, url) == [(True, True)] * len(TEXTS)


async def test_an_empty_database_is_one_line_not_a_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    async with fresh_database_url() as url:
        code = await asyncio.to_thread(pg_write_parts.main, ["--url", url, "--repeat", "1"])
    assert code == 1
    out = capsys.readouterr().out.strip().splitlines()
    assert out == ["cannot measure: the database holds no articles: ingest some first (newsdigest --db URL ingest DIR)"]


async def test_every_function_of_the_vectors_is_measured() -> None:
    async with fresh_database_url() as url:
        await _seed(url)
        results, n, _cpu = await asyncio.to_thread(pg_write_parts.measure_functions, url, 50, 2)
    assert n == len(TEXTS)
    assert set(results) == set(pg_write_parts.FUNCTIONS)
    assert all(len(v) == 2 and all(x >= 0 for x in v) for v in results.values())


async def test_the_vector_with_its_pairs_is_the_stored_one() -> None:
    # The figure for the pairs is the gap between these two expressions: the second must be the stored vector.
    expression = pg_write_parts.FUNCTIONS["the article vector with its pairs"]
    async with fresh_database_url() as url:
        await _seed(url)
        with psycopg.connect(url) as conn:
            rows = conn.execute(f"SELECT search = {expression} FROM articles ORDER BY id").fetchall()  # noqa: S608
    assert rows == [(True,)] * len(TEXTS)


LOG = """\
2026-12-07 18:35:45.798 UTC [22157] LOG:  EXECUTE MESSAGE STATISTICS
2026-12-07 18:35:45.798 UTC [22157] DETAIL:  ! system usage stats:
\t!\t0.250000 s user, 0.010000 s system, 0.270000 s elapsed
\t!\t[0.300000 s user, 0.006207 s system total]
2026-12-07 18:35:45.798 UTC [22157] STATEMENT:
WITH swept AS (DELETE FROM staged_vectors WHERE staged_at < now() - interval '10 minutes')
INSERT INTO staged_vectors (token, o, v) SELECT $1, o, newsdigest_vector(language, title, key_points, body)
2026-12-07 18:35:45.799 UTC [22157] LOG:  BIND MESSAGE STATISTICS
2026-12-07 18:35:45.799 UTC [22157] DETAIL:  ! system usage stats:
\t!\t0.000000 s user, 0.040000 s system, 0.040000 s elapsed
2026-12-07 18:35:45.799 UTC [22157] STATEMENT:  WITH swept AS (DELETE FROM staged_vectors WHERE true)
2026-12-07 18:35:45.800 UTC [22158] LOG:  QUERY STATISTICS
2026-12-07 18:35:45.800 UTC [22158] DETAIL:  ! system usage stats:
\t!\t0.100000 s user, 0.000000 s system, 0.100000 s elapsed
2026-12-07 18:35:45.800 UTC [22158] STATEMENT:  COMMIT
2026-12-07 18:35:45.801 UTC [22158] LOG:  checkpoint starting: time
"""


def test_the_server_log_is_read_by_statement() -> None:
    found = pg_write_parts.statement_cpu(LOG)
    assert found == {
        "the staging of the vectors (STAGE_SQL)": (pytest.approx(0.3), 2),
        "other: COMMIT": (pytest.approx(0.1), 1),
    }
