"""One feed parser, two doors: every real capture gives the same articles by URL and dropped as a file.

The URL door is ``ingest URL`` (fetched from the local aiohttp feed server); the file door is the drop-folder
pipeline (``ingest FOLDER``). Each capture goes into a fresh database per door, and the stored articles are
compared field by field. Skipped with a message where ../shared/datasets/feeds is absent.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from feed_server import loopback_settings

from bot.ingest.pipeline import ingest_paths
from bot.ingest.subscribe import ingest_feed_url
from bot.store.articles import arrived_between
from bot.store.db import Database

CAPTURES = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "feeds"
SUFFIXES = {".xml", ".rss", ".atom", ".rdf", ".json"}
FILES = sorted(p for p in CAPTURES.iterdir() if p.suffix in SUFFIXES) if CAPTURES.is_dir() else []
pytestmark = pytest.mark.skipif(not FILES, reason=f"no feed captures at {CAPTURES} (shared datasets not present)")


async def stored(db: Database, clock) -> list[tuple]:
    """Every stored article (backlog or not) as the comparable fields, in a stable order."""
    window = await arrived_between(
        db, clock.now().replace(year=2000), clock.now().replace(year=2100), limit=100_000, include_initial=True
    )
    rows = [
        (
            s.article.title,
            s.article.url,
            s.canonical_url,
            s.article.body,
            s.article.published,
            s.article.author,
            s.article.summary,
            s.article.key_points,
            s.article.guid,
        )
        for s in window
    ]
    return sorted(rows, key=repr)


@pytest.mark.parametrize("path", FILES or [None], ids=[p.name for p in FILES] or ["absent"])
async def test_a_capture_by_url_and_as_a_dropped_file_gives_the_same_articles(path, db, server, clock, tmp_path):
    settings = loopback_settings(database_path=tmp_path / "files.db")
    # A vague content type: by URL as by file, the format comes from the bytes.
    url = server.bytes(f"/{path.name}", path.read_bytes(), "application/octet-stream")
    by_url = await ingest_feed_url(db, url, settings=settings, clock=clock)

    drop = tmp_path / "drop"
    drop.mkdir()
    shutil.copy(path, drop / path.name)
    aged = time.time() - 600  # long finished: no settle wait
    os.utime(drop / path.name, (aged, aged))
    files_db = await Database.open(tmp_path / "files.db")
    try:
        by_file = await ingest_paths(files_db, [drop], settings=settings, clock=clock)
        from_file = await stored(files_db, clock)
    finally:
        await files_db.close()
    from_url = await stored(db, clock)

    if by_url.failed:
        # Neither door stores anything of a feed it cannot read, and both say why.
        assert not from_url
        assert not from_file
        assert by_file.quarantined == 1
        assert "truncated JSON" in by_url.problems[0]
        assert "truncated JSON" in by_file.problems[0], by_file.problems
        return
    assert by_file.quarantined == by_file.failed == 0, by_file.problems
    assert from_url, path.name
    # Every entry is stored by both doors, bodiless ones included (a headline with a link is news).
    assert by_file.new == by_url.new == len(from_url)
    assert from_file == from_url
