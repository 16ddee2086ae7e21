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
