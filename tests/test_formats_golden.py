"""Golden-file tests: every fixture in tests/data/formats parses to what its .expected.json says.

Regenerate after a deliberate change with NEWSDIGEST_UPDATE_GOLDEN=1 and read the diff before committing.
"""

import json
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.ingest.formats import FEED_SUFFIXES, parse_retrieved
from bot.models import Article, Retrieved

DATA = Path(__file__).parent / "data" / "formats"
NOW = datetime(2025, 10, 17, 9, 0, tzinfo=UTC)
FIXTURES = sorted(p for p in DATA.iterdir() if not p.name.endswith(".expected.json") and p.name != "broken.json")


def as_record(article: Article, *, feed: bool) -> dict[str, object]:
    record: dict[str, object] = {
        "title": article.title,
        "url": article.url,
        "source": article.source,
    }
    if not feed:
        # Feed entry dates and bodies come from bot/ingest/feeds.py, tested by its own golden files.
        record.update(
            published=article.published.isoformat() if article.published else None,
            dateline=article.dateline,
            author=article.author,
            body=list(article.body),
        )
    return record


@pytest.mark.parametrize("path", FIXTURES, ids=[p.name for p in FIXTURES])
def test_golden(path: Path):
    item = Retrieved(data=path.read_bytes(), name=path.name, location=str(path))
    feed = path.suffix in FEED_SUFFIXES or path.name == "jsonfeed.json"
    got = [as_record(a, feed=feed) for a in parse_retrieved(item, now=NOW, key_points=3)]
    expected_path = path.with_name(path.name + ".expected.json")
    if os.environ.get("NEWSDIGEST_UPDATE_GOLDEN"):
        expected_path.write_text(json.dumps(got, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    assert got == expected
