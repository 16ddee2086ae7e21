"""The bundled examples/ folder: every file parses, and the stories told twice cluster into one."""

import importlib.util
import shutil
from collections import Counter
from pathlib import Path

import pytest

from bot.config import Settings
from bot.ingest.pipeline import ingest_paths

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
HAVE_TEXT = importlib.util.find_spec("bot.ingest.formats.text") is not None


@pytest.mark.skipif(not HAVE_TEXT, reason="bot.ingest.formats.text (pasted .txt) is not in this tree yet")
async def test_examples_ingest_and_cluster(db, clock, tmp_path):
    folder = tmp_path / "examples"
    shutil.copytree(EXAMPLES, folder)
    report = await ingest_paths(db, [folder], settings=Settings(), clock=clock)
    # 3 pasted pages, markdown, html, e-mail, json: one article each; the feed file: four entries.
    assert (report.new, report.duplicate, report.quarantined, report.failed) == (11, 0, 0, 0), report.problems
    rows = await db.fetchall("SELECT story_id, title FROM articles")
    sizes = Counter(r["story_id"] for r in rows)
    assert sorted(sizes.values()) == [1, 1, 1, 1, 1, 2, 2, 2]
    assert (EXAMPLES / "world-briefing.rss").exists()  # the originals are never moved
