import sqlite3
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.errors import StoreError
from bot.models import Article, NewArticle, SourceKind
from bot.store import articles as repo
from bot.store.db import _TS_FORMAT, Database, migrations, to_db_time
from bot.text.identity import identify
from bot.text.similarity import STORY_THRESHOLD, first_same_story, same_story


def art(title="Council approves new harbour bridge budget", url="https://example.org/a?utm_source=x", body=("One.",)):
    return Article(title=title, body=body, url=url, published=date(2025, 10, 17))


async def test_migrations_apply_once_and_set_user_version(tmp_path):
    path = tmp_path / "m.db"
    db = await Database.open(path)
    row = await db.fetchone("PRAGMA user_version")
    assert row[0] == len(migrations())
    await db.close()
    db = await Database.open(path)  # reopening applies nothing new and keeps data
    row = await db.fetchone("PRAGMA journal_mode")
    assert row[0] == "wal"
    await db.close()


async def test_same_article_twice_is_a_duplicate(db, clock):
    src = await repo.get_or_create_source(db, SourceKind.FEED, "Feed A", "https://a.example/feed", clock.now())
    first = await repo.add_article(db, src, art(), clock.now(), ["guid-1"])
    again = await repo.add_article(db, src, art(), clock.now(), ["guid-1"])
    assert first.new
    assert not again.new
    assert again.duplicate_of == first.article_id


async def test_canonical_url_dedups_across_feeds_and_records_sighting(db, clock):
    a = await repo.get_or_create_source(db, SourceKind.FEED, "Feed A", "https://a.example/feed", clock.now())
    b = await repo.get_or_create_source(db, SourceKind.FEED, "Feed B", "https://b.example/feed", clock.now())
    first = await repo.add_article(db, a, art(url="http://www.example.org/a?utm_source=a"), clock.now(), ["x"])
    second = await repo.add_article(
        db, b, art(url="https://example.org/a/?fbclid=1", body=("Other",)), clock.now(), ["y"]
    )
    assert not second.new
    assert second.duplicate_of == first.article_id
    sources = await repo.story_sources(db, [first.story_id])
    assert sources[first.story_id] == ["Feed A", "Feed B"]


async def test_similar_headlines_from_two_sources_form_one_story(db, clock):
    a = await repo.get_or_create_source(db, SourceKind.FEED, "Feed A", "https://a.example/feed", clock.now())
    b = await repo.get_or_create_source(db, SourceKind.FEED, "Feed B", "https://b.example/feed", clock.now())
    one = await repo.add_article(
        db, a, art("Trump and Putin to meet in Budapest for Ukraine talks", "https://a.example/1"), clock.now(), ["1"]
    )
    two = await repo.add_article(
        db,
        b,
        art("Trump, Putin to meet in Budapest for talks on Ukraine", "https://b.example/2", body=("Different words.",)),
        clock.now(),
        ["2"],
    )
    other = await repo.add_article(
        db,
        b,
        art("Harbour bridge budget approved by council", "https://b.example/3", body=("Third.",)),
        clock.now(),
        ["3"],
    )
    assert two.new
    assert two.story_id == one.story_id
    assert other.story_id != one.story_id


async def test_arrived_between_and_round_trip(db, clock):
    src = await repo.get_or_create_source(db, SourceKind.FOLDER, "drop", "/tmp/drop", clock.now())
    stamp = datetime(2025, 10, 17, 12, 30, tzinfo=UTC)
    result = await repo.add_article(
        db, src, Article(title="T", body=("P one.", "P two."), published=stamp, key_points=("k",)), clock.now()
    )
    got = await repo.arrived_between(db, clock.now() - timedelta(hours=1), clock.now() + timedelta(hours=1))
    assert [g.id for g in got] == [result.article_id]
    assert got[0].article.body == ("P one.", "P two.")
    assert got[0].article.published == stamp
    assert got[0].article.key_points == ("k",)
    assert (await repo.counts(db))["articles"] == 1


async def test_one_transaction_dedups_within_the_batch(db, clock):
    src = await repo.get_or_create_source(db, SourceKind.FOLDER, "drop", "drop-folder", clock.now())
    items = [
        (art("First story about the harbour", "https://e.example/1", ("Alpha.",)), ["k1"]),
        (art("First story about the harbour", "https://e.example/1", ("Alpha.",)), ["k1"]),
        (art("Another story on rail fares", "https://e.example/2", ("Beta.",)), ["k2"]),
    ]
    # One transaction for many articles, as the pipeline batches them.
    records = [NewArticle(article, src.id, identify(article, source_keys=keys)) for article, keys in items]
    results = await repo.add_articles(db, records, clock.now())
    assert [r.new for r in results] == [True, False, True]
    assert (await repo.counts(db))["articles"] == 2


async def test_story_lookup_uses_articles_stored_before_the_headline_index(tmp_path, clock):
    # A database from before migration 6: the headline index must be built from the articles already there.
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    for number, _, sql in migrations()[:5]:
        conn.executescript(f"BEGIN;\n{sql}\nPRAGMA user_version = {number};\nCOMMIT;")
    now = to_db_time(clock.now())
    conn.execute("INSERT INTO sources (kind, name, location, created_at) VALUES ('feed', 'A', 'https://a', ?)", (now,))
    conn.execute("INSERT INTO stories (first_seen) VALUES (?)", (now,))
    conn.execute(
        "INSERT INTO articles (source_id, story_id, fingerprint, title, body, key_points, arrived_at)"
        " VALUES (1, 1, 'fp', 'Trump and Putin to meet in Budapest for Ukraine talks', 'Body.', '[]', ?)",
        (now,),
    )
    conn.close()
    db = await Database.open(path)
    try:
        src = await repo.get_or_create_source(db, SourceKind.FEED, "B", "https://b", clock.now())
        title = "Trump, Putin to meet in Budapest for talks on Ukraine"
        joined = await repo.add_article(db, src, art(title, "https://b.example/2"), clock.now(), ["2"])
        assert joined.new
        assert joined.story_id == 1
    finally:
        await db.close()


async def test_same_headline_after_the_story_window_starts_a_new_story(db, clock):
    src = await repo.get_or_create_source(db, SourceKind.FEED, "A", "https://a.example/feed", clock.now())
    title = "Harbour bridge budget approved by city council"
    first = await repo.add_article(db, src, art(title, "https://a.example/1", ("One.",)), clock.now(), ["1"])
    soon = clock.now() + repo.STORY_WINDOW - timedelta(minutes=1)
    inside = await repo.add_article(db, src, art(title, "https://a.example/2", ("Two.",)), soon, ["2"])
    late = soon + repo.STORY_WINDOW + timedelta(minutes=2)
    after = await repo.add_article(db, src, art(title, "https://a.example/3", ("Three.",)), late, ["3"])
    assert inside.story_id == first.story_id
    assert after.story_id != first.story_id


async def test_write_keeps_nothing_of_a_failed_function(db, clock):
    def fails(conn):
        conn.execute("INSERT INTO stories (first_seen) VALUES ('2025-10-17T09:00:00.000000Z')")
        raise ValueError("stop")

    def bad_sql(conn):
        conn.execute("INSERT INTO stories (first_seen) VALUES ('2025-10-17T09:00:01.000000Z')")
        conn.execute("INSERT INTO no_such_table VALUES (1)")

    with pytest.raises(ValueError, match="stop"):
        await db.write(fails)
    with pytest.raises(StoreError, match=r"no such table|does not exist"):
        await db.write(bad_sql)
    assert await db.write(lambda conn: conn.execute("SELECT COUNT(*) FROM stories").fetchone()[0]) == 0


@pytest.mark.parametrize("db", ["sqlite"], indirect=True)  # the FTS5 tables are SQLite's
async def test_every_stored_article_is_in_both_text_indexes(db, clock):
    src = await repo.get_or_create_source(db, SourceKind.FEED, "A", "https://a.example/feed", clock.now())
    for n, title in enumerate(["Harbour bridge budget approved", "Rail fares rise in spring", "Tram strike ends"]):
        await repo.add_article(db, src, art(title, f"https://a.example/{n}", (f"Body {n}.",)), clock.now(), [str(n)])

    def check(conn):
        for index in ("articles_fts", "titles_fts"):
            # rank 1 compares the index with the articles' text: a missing or stale row fails.
            conn.execute(f"INSERT INTO {index} ({index}, rank) VALUES ('integrity-check', 1)")  # noqa: S608
        return conn.execute("SELECT rowid FROM titles_fts WHERE titles_fts MATCH 'fares'").fetchall()

    assert [tuple(r) for r in await db.write(check)] == [(2,)]


async def test_a_transaction_runs_one_statement_for_many_rows(db):
    stamp = "2025-10-17T09:00:00.000000Z"
    async with db.transaction() as conn:
        await conn.executemany("INSERT INTO stories (first_seen) VALUES (?)", [(stamp,), (stamp,), (stamp,)])
        async with conn.execute("SELECT COUNT(*) FROM stories WHERE first_seen = ?", (stamp,)) as cur:
            row = await cur.fetchone()
    assert row[0] == 3


@given(
    st.datetimes(
        min_value=datetime(1, 1, 1, 14),  # noqa: DTZ001 - hypothesis's bounds are naive; UTC stays in range
        max_value=datetime(9999, 12, 30),  # noqa: DTZ001
        timezones=st.sampled_from([UTC, timezone(timedelta(hours=5, minutes=30)), timezone(timedelta(hours=-13))]),
    )
)
def test_db_time_is_strftime_of_its_utc(moment: datetime) -> None:
    # to_db_time spells _TS_FORMAT out instead of calling strftime (a quarter of the instructions): the same text.
    assert to_db_time(moment) == moment.astimezone(UTC).strftime(_TS_FORMAT)


# Headlines of a few words from a small stock (English, Chinese, Thai, stop words), so that many pairs tell one story.
_HEADLINE = st.lists(
    st.sampled_from(
        ["harbour", "bridge", "council", "vote", "the", "of", "a", "港口", "大桥", "投票", "เรือข้ามฟาก", "ฝน"]
    ),
    max_size=7,
).map(" ".join)


@given(_HEADLINE, st.lists(_HEADLINE, max_size=20), st.sampled_from([STORY_THRESHOLD, 0.3]))
def test_first_same_story_is_the_first_pair_same_story_takes(title: str, others: list[str], threshold: float) -> None:
    # A story lookup reads its headline's words once for all its candidates: the same choice as one pair at a time.
    first = next((i for i, other in enumerate(others) if same_story(title, other, threshold)), None)
    assert first_same_story(title, iter(others), threshold) == first
