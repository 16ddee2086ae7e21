"""Whatever bytes arrive, parse_feed returns a feed or raises ParseError: never anything else."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.errors import ParseError
from bot.ingest.feeds import parse_feed

DATA = Path(__file__).parent / "data" / "feeds"
NOW = datetime(2025, 10, 17, 9, 0, tzinfo=UTC)
FIXTURES = sorted(p for p in DATA.iterdir() if p.suffix in {".xml", ".json"})


def survive(data: bytes) -> None:
    try:
        feed = parse_feed(data, now=NOW, base_url="https://fuzz.example/feed")
    except ParseError as exc:
        message = str(exc)
        feed = None
    if feed is None:
        assert message
        return
    for entry in feed.entries:
        assert entry.article.title
        assert entry.article.published is not None
        assert entry.article.published <= NOW


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_random_bytes(data):
    survive(data)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(FIXTURES), st.floats(0, 1), st.binary(max_size=8))
def test_cut_and_damaged_fixtures(path, where, junk):
    data = path.read_bytes()
    cut = int(len(data) * where)
    survive(data[:cut] + junk)
    survive(data[:cut] + junk + data[cut + len(junk) :])
