"""Whatever bytes or entries arrive, parse_feed returns a feed or raises ParseError: never anything else."""

from __future__ import annotations

import html
import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.errors import ParseError
from bot.ingest.feedraw import as_moment
from bot.ingest.feeds import parse_feed
from bot.models import NewArticle
from bot.store.articles import insert_articles
from bot.store.db import MIGRATION_FUNCTIONS, migrations

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
        assert as_moment(entry.article.published) <= NOW


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


# Hostile entries: any text (lone surrogates, control characters, references to no character), odd JSON types,
# impossible dates. Every entry with an id is kept, its text is valid Unicode, and the store takes them all.
SURROGATES = st.sampled_from(["\ud800", "\udfff", "\udbff\udc00", "\ufffe", "\x00", "\x1b"])
TEXT = st.lists(st.one_of(st.text(max_size=12), SURROGATES), max_size=5).map("".join)
ODD = st.one_of(st.none(), TEXT, st.integers(), st.floats(allow_nan=True), st.booleans(), st.lists(TEXT, max_size=2))
DATES = st.one_of(
    ODD,
    st.sampled_from(["9999-12-31T23:00:00-14:00", "0001-01-01T00:00:00+14:00", "2025-02-30", "Mon, 99 Foo 2025"]),
)
REFS = st.sampled_from(
    ["&#" + "9" * 5000 + ";", "&#xD800;", "&#xDFFF;", "&#55296;", "&#x110000;", "&#0;", "&#99999999999;", "&amp;", ""]
)


def stored_all(entries) -> None:
    """Store parsed entries into a fresh in-memory database through the one insert path."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    for name, function in MIGRATION_FUNCTIONS.items():  # what the migrator gives migration SQL (redact)
        conn.create_function(name, 1, function, deterministic=True)
    for number, _, sql in migrations():
        conn.executescript(f"BEGIN;\n{sql}\nPRAGMA user_version = {number};\nCOMMIT;")
    conn.execute("INSERT INTO sources (kind, name, location, created_at) VALUES ('feed', 'f', 'https://f', 'x')")
    conn.execute("BEGIN IMMEDIATE")
    records = [NewArticle(e.article, 1, e.identity) for e in entries]
    results = insert_articles(conn, records, NOW)
    conn.execute("COMMIT")
    assert len(results) == len(entries)
    conn.close()


def assert_valid_text(entries) -> None:
    for entry in entries:
        article = entry.article
        for value in (article.title, article.url, article.guid, article.author, article.summary, *article.body):
            if value is not None:
                value.encode("utf-8")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.fixed_dictionaries(
            {},
            optional={
                "title": ODD,
                "url": ODD,
                "content_html": ODD,
                "content_text": ODD,
                "summary": ODD,
                "date_published": DATES,
                "authors": st.one_of(ODD, st.lists(st.fixed_dictionaries({"name": ODD}), max_size=2)),
            },
        ),
        max_size=6,
    ),
    ODD,
)
def test_json_feed_entries_of_any_shape(items, title):
    for number, item in enumerate(items):
        item["id"] = f"entry-{number}"
    doc = {"version": "https://jsonfeed.org/version/1.1", "title": title, "items": items}
    data = json.dumps(doc).encode()  # lone surrogates travel as \udfff escapes, as they do in the wild
    feed = parse_feed(data, now=NOW, base_url="https://fuzz.example/feed.json")
    assert [e.article.guid for e in feed.entries] == [f"entry-{n}" for n in range(len(items))]
    assert_valid_text(feed.entries)
    stored_all(feed.entries)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(TEXT, REFS, TEXT, DATES), max_size=6))
def test_rss_entries_with_any_text_and_references(items):
    parts = []
    for number, (text, ref, more, date) in enumerate(items):
        words = html.escape(text) + ref + html.escape(more)
        parts.append(
            f"<item><title>{words}</title><guid>entry-{number}</guid><description>{words}</description>"
            f"<pubDate>{html.escape(str(date))}</pubDate></item>"
        )
    parts.append("<item><title>Sentinel</title><guid>last</guid><link>https://fuzz.example/last</link></item>")
    data = f"<rss version='2.0'><channel><title>Fuzz</title>{''.join(parts)}</channel></rss>".encode(
        "utf-8", "surrogatepass"
    )
    try:
        feed = parse_feed(data, now=NOW, base_url="https://fuzz.example/rss")
    except ParseError:
        return  # bytes that are no feed at all are refused in words; never anything else
    assert "Sentinel" in [e.article.title for e in feed.entries]
    assert_valid_text(feed.entries)
    stored_all(feed.entries)
