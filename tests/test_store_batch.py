"""A batch stored at once is stored exactly as its articles one at a time (bot.store.pgbatch), on both backends.

Each scenario is stored twice into one database's two halves (two sources apart is not enough: dedup by URL and
fingerprint is global), so each runs on a fresh database: once article by article (``insert_articles`` with one
record per call, the path a feed's entries take), once as one batch of groups (``insert_groups``, the ingest's
path: on PostgreSQL three statements for the whole batch). What is compared is everything the store decides:
which articles are new, what each duplicate is, which articles share a story, and every entry key.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from cjk_support import postgresql_upgraded
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pg_support import fresh_database

from bot.models import AddResult, Article, NewArticle, Source, SourceKind
from bot.store import articles, pgbatch
from bot.store.db import Database, to_db_time
from bot.text.identity import identify

NOW = datetime(2026, 3, 28, 7, 30, tzinfo=UTC)
_NUMBERS = itertools.count()  # fresh SQLite files (hypothesis seeds `random`, so never name them by it)

# What one scenario step is: (source index, headline, body, url or None, entry keys)
Step = tuple[int, str, str, str | None, tuple[str, ...]]


def _records(sources: Sequence[Source], steps: Sequence[Step]) -> list[NewArticle]:
    out = []
    for source, title, body, url, keys in steps:
        article = Article(title=title, body=(body,), url=url)
        out.append(NewArticle(article, sources[source].id, identify(article, source_keys=list(keys))))
    return out


async def _sources(db: Database) -> list[Source]:
    return [
        await articles.get_or_create_source(db, SourceKind.FEED, name, f"https://{name}.example/feed", NOW)
        for name in ("alpha", "beta", "gamma")
    ]


async def _outcome(db: Database, results: Sequence[AddResult], count: int) -> dict[str, Any]:
    """What the store decided, in terms of the steps (indexes), not of ids."""
    step_of = {r.article_id: i for i, r in enumerate(results) if r.new}
    stories: dict[int, list[int]] = {}
    for i, r in enumerate(results):
        stories.setdefault(r.story_id, []).append(i)
    rows = await db.fetchall(
        "SELECT s.location, e.key, e.article_id FROM entry_keys e JOIN sources s ON s.id = e.source_id"
    )
    keys = sorted(
        (str(row[0]), str(row[1]).split(":")[0] if str(row[1]).startswith("article:") else str(row[1]), step_of[row[2]])
        for row in rows
    )
    stored = await db.fetchall("SELECT id, story_id FROM articles ORDER BY id")
    assert [row[0] for row in stored] == sorted(step_of), "ids follow the order the articles came in"
    assert len(results) == count
    return {
        "new": [r.new for r in results],
        "duplicate_of": [None if r.new else step_of[r.duplicate_of or 0] for r in results],
        "stories": sorted(stories.values()),
        "keys": keys,
        "stored_stories": sorted({row[1] for row in stored}) == sorted({r.story_id for r in results}),
        "story_rows": (await db.fetchone("SELECT COUNT(*) FROM stories") or [0])[0] == len(stories),
    }


Store = Callable[[Database, list[NewArticle], list[int]], Awaitable[list[AddResult]]]


async def _one_at_a_time(db: Database, records: list[NewArticle], groups: list[int]) -> list[AddResult]:
    def work(conn: Any) -> list[AddResult]:
        return [r for record in records for r in articles.insert_articles(conn, [record], NOW)]

    return await db.write(work)


async def _as_a_batch(db: Database, records: list[NewArticle], groups: list[int]) -> list[AddResult]:
    split, start = [], 0
    for size in groups:
        split.append(records[start : start + size])
        start += size
    split.append(records[start:])

    def work(conn: Any) -> list[AddResult]:
        articles.reserve(conn, [r.article.title for r in records])
        return [r for group in articles.insert_groups(conn, split, lambda: NOW) for r in group]

    return await db.write(work)


async def _both(
    db_factory: Callable[[], Any],
    steps: Sequence[Step],
    groups: list[int],
    days: Sequence[date | None] = (),
) -> list[dict[str, Any]]:
    """Store the steps one at a time and as a batch; ``days``: each step's publication day (none if absent)."""
    outcomes = []
    for store in (_one_at_a_time, _as_a_batch):
        async with db_factory() as db:
            records = _records(await _sources(db), steps)
            for i, day in enumerate(days):
                article = dataclasses.replace(records[i].article, published=day)
                records[i] = dataclasses.replace(records[i], article=article)
            outcomes.append(await _outcome(db, await store(db, records, groups), len(records)))
    return outcomes


# A hand-made batch with every kind of duplicate and story the store tells apart, each inside the batch.
SCENARIO: list[Step] = [
    (0, "Harbour bridge reopens after long repairs", "The bridge reopened on Friday.", "https://a.example/1", ("a1",)),
    (1, "Harbour bridge reopens after long repairs", "The bridge reopened on Friday.", None, ("b1",)),  # same text
    (1, "Council approves school budget for next year", "Councillors voted.", "https://b.example/2", ("b2",)),
    (0, "Ferry strike ends at midnight says union", "Crews return.", "https://a.example/1?utm_source=x", ()),  # URL
    (0, "Something else entirely about rail fares", "Fares rise.", "https://a.example/3", ("a1",)),  # key of step 0
    (2, "Council approves the school budget for next year", "Another telling.", "https://c.example/4", ("c4",)),
    (2, "Rail fares rise again in spring", "Fares rise in spring.", "https://c.example/5", ()),  # no key
    (1, "Ferry strike ends at midnight", "Sailings resume.", "https://b.example/6", ("b6",)),
    (1, "Rail fares rise again in spring", "Fares rise in spring.", "https://b.example/7", ("b7",)),  # text of 6
    (0, "Quake", "A one-word headline joins no story.", "https://a.example/8", ("a8",)),
    (2, "Quake", "Another one-word headline.", "https://c.example/9", ("c9",)),
    (1, "Something new", "Sighting by a key of a duplicate.", "https://b.example/10", ("b1",)),  # b1: dup's key
]


@asynccontextmanager
async def _another(backend: str, tmp_path: Any) -> AsyncIterator[Database]:
    """A fresh database of ``backend`` (``db``'s), closed (and on PostgreSQL dropped) afterwards."""
    async with fresh_database(backend, tmp_path / f"other-{next(_NUMBERS)}.db") as other:
        yield other


@pytest.fixture
def fresh(db: Database, tmp_path: Any) -> Callable[[], Any]:
    """A factory of fresh databases of the parametrised backend (the first is the fixture's own)."""
    used = [False]
    backend = getattr(db, "dialect", "sqlite")

    @asynccontextmanager
    async def make() -> Any:
        if not used[0]:
            used[0] = True
            yield db
            return
        async with _another(backend, tmp_path) as other:
            yield other

    return make


async def test_a_batch_tells_its_own_duplicates_and_stories_apart_as_one_at_a_time(fresh: Any) -> None:
    one, batch = await _both(fresh, SCENARIO, [3, 1, 4])
    assert batch == one
    # And what that is, spelled out (the same on both backends):
    assert one["new"] == [True, False, True, False, False, True, True, True, False, True, True, False]
    assert one["duplicate_of"] == [None, 0, None, 0, 0, None, None, None, 6, None, None, 0]
    assert [0, 1, 3, 4, 11] in one["stories"]  # the same text, URL, key (or a duplicate's key) as step 0
    assert [2, 5] in one["stories"]  # two tellings of the council story
    assert [6, 8] in one["stories"]
    assert [7] in one["stories"]  # "Ferry strike ends at midnight" vs step 3's headline: step 3 was a duplicate
    assert [9] in one["stories"]  # one-word headlines never join
    assert [10] in one["stories"]
    assert ("https://beta.example/feed", "b1", 0) in one["keys"]  # a duplicate's key is a sighting of step 0
    assert one["stored_stories"]
    assert one["story_rows"]


async def test_a_source_s_recurring_headline_on_another_day_starts_a_story_of_its_own(fresh: Any) -> None:
    """Friday's "Morning briefing" had joined Thursday's story: the digest, showing a story once, never showed it."""
    title = "Morning briefing from the harbour desk"
    steps: list[Step] = [
        (0, title, "Thursday's news from the quay.", "https://a.example/1", ("a1",)),
        (0, title, "Friday's news from the quay.", "https://a.example/2", ("a2",)),
        (1, title, "Another paper's Friday briefing.", "https://b.example/3", ("b3",)),
        (0, title, "Friday's news, updated at noon.", "https://a.example/4", ("a4",)),
        (0, title, "Saturday's news from the quay.", "https://a.example/5", ("a5",)),
        (2, title, "An undated briefing.", "https://c.example/6", ("c6",)),
        (0, "Short", "A headline too short to join a story.", "https://a.example/7", ("a7",)),
    ]
    thursday, friday, saturday = date(2026, 3, 26), date(2026, 3, 27), date(2026, 3, 28)
    days = [thursday, friday, friday, friday, saturday, None, saturday]
    for groups in ([], [3, 3]):  # one at a time; a batch in groups that store some before the rest
        one, batch = await _both(fresh, steps, groups, days)
        assert batch == one
        assert [0] in one["stories"]  # Thursday alone: every later telling is of another day of its source
        assert [1, 2, 3] in one["stories"]  # Friday's, another source's Friday and Friday's update: one story
        assert [4, 5] in one["stories"]  # Saturday's starts its own; an undated briefing joins the newest
        assert [6] in one["stories"]


async def test_more_earlier_matches_than_candidates_hide_an_older_telling_in_a_batch_too(fresh: Any) -> None:
    """The newest 20 headline matches are the candidates: a telling behind 20 newer matches starts a new story."""
    first = (0, "Harbour crane collapses onto quay at dawn", "The crane fell.", "https://a.example/c", ("c",))
    between = [
        (i % 3, f"Harbour report number {i} on tides {i}", f"Tides {i}.", f"https://x.example/{i}", (f"t{i}",))
        for i in range(pgbatch.CANDIDATES + 2)
    ]
    retold = (1, "Harbour crane collapses onto the quay at dawn", "Fell at dawn.", "https://b.example/c", ("c2",))
    near = [first, *between[:5], retold]  # only 5 matches in between: the telling joins
    far = [first, *between, retold]
    for steps in (near, far):
        one, batch = await _both(fresh, steps, [2, 3])
        assert batch == one
        joined = [0, len(steps) - 1] in one["stories"]
        assert joined == (steps is near)


async def test_stored_matches_ranked_past_the_newest_200_are_not_candidates(db: Database) -> None:
    """The batch's earlier matches count among the newest 200, as they would have one at a time."""
    sources = await _sources(db)
    old = NOW - timedelta(days=10)  # outside the story window: never a candidate, but a match all the same
    target = (0, "Harbour ferry service resumes across the bay", "Ferries run.", "https://a.example/t", ("t",))
    filler = [
        (1, f"Harbour notice {i} for mariners {i}", f"Notice {i}.", f"https://f.example/{i}", (f"f{i}",))
        for i in range(pgbatch.MATCHES - 3)
    ]
    records = _records(sources, [target, *filler])

    def stored(conn: Any) -> None:
        articles.insert_articles(conn, records[:1], NOW)  # the oldest id, arrived now: in the window
        for record in records[1:]:
            articles.insert_articles(conn, [record], old)  # newer ids, arrived long ago

    await db.write(stored)
    # Rank of the target among the matches now: 198. Three new matches in the batch push it to 201.
    batch = _records(
        sources,
        [
            (2, f"Harbour pilots strike {i} over pay {i}", f"Pay {i}.", f"https://p.example/{i}", (f"p{i}",))
            for i in range(3)
        ]
        + [(2, "Harbour ferry service resumes across the bay again", "Again.", "https://c.example/t", ("t2",))],
    )

    def work(conn: Any) -> list[AddResult]:
        articles.reserve(conn, [r.article.title for r in batch])
        return [r for group in articles.insert_groups(conn, [batch], lambda: NOW) for r in group]

    results = await db.write(work)
    target_story = (await db.fetchone("SELECT story_id FROM articles WHERE url = 'https://a.example/t'") or [0])[0]
    assert all(r.new for r in results)
    assert results[-1].story_id != target_story  # ranked 201st: not a candidate, one at a time or in a batch


async def test_a_stored_telling_is_found_by_headline_words_that_need_quoting(db: Database) -> None:
    """The stored candidates are asked per headline with its words as a literal (PostgreSQL: migration 0011)."""
    sources = await _sources(db)
    first = _records(sources, [(0, "O'Brien's harbour plan wins Dún Laoghaire vote", "One.", None, ("o1",))])
    await db.write(lambda conn: articles.insert_articles(conn, first, NOW))
    batch = _records(
        sources,
        [
            (1, "Rare zqvmorlint notice", "Nothing alike.", None, ("o2",)),
            (1, "O'Brien's harbour plan wins the Dún Laoghaire vote", "Two.", None, ("o3",)),
        ],
    )

    def work(conn: Any) -> list[AddResult]:
        articles.reserve(conn, [r.article.title for r in batch])
        return [r for group in articles.insert_groups(conn, [batch], lambda: NOW) for r in group]

    results = await db.write(work)
    stored = await db.fetchone("SELECT story_id FROM articles WHERE title LIKE 'O''Brien''s harbour plan wins D%'")
    assert stored is not None
    assert [r.new for r in results] == [True, True]
    assert results[1].story_id == stored[0]  # the stored telling was a candidate, quotes and accents and all
    assert results[0].story_id != stored[0]


async def test_a_table_that_never_had_statistics_is_analysed_once_it_holds_rows(db: Database) -> None:
    """Each headline's story candidates are planned for its words, so a fresh database's first ingest analyses
    ``articles`` at its second batch (the first finds it empty): the dedup lookup tells, in the same trip."""
    if db.dialect != "postgresql":
        pytest.skip("PostgreSQL's planner statistics")
    sources = await _sources(db)

    async def tuples() -> float:
        row = await db.fetchone("SELECT reltuples FROM pg_class WHERE oid = 'articles'::regclass")
        assert row is not None
        return float(row[0])

    first = [(0, "Harbour ferry timetable changes on Monday", "The ferry runs every hour.", None, ("k1",))]
    await _as_a_batch(db, _records(sources, first), [])
    assert await tuples() < 0  # never analysed: the batch found the table empty
    second = [(0, "Library reopens after roof repairs", "The town library reopened.", None, ("k2",))]
    results = await _as_a_batch(db, _records(sources, second), [])
    assert [r.new for r in results] == [True]
    assert await tuples() >= 0


async def test_a_batch_of_a_stored_article_again_is_all_duplicates(db: Database) -> None:
    sources = await _sources(db)
    records = _records(sources, SCENARIO)

    def work(conn: Any) -> list[list[AddResult]]:
        articles.reserve(conn, [r.article.title for r in records])
        return articles.insert_groups(conn, [records[:6], records[6:]], lambda: NOW)

    first = [r for group in await db.write(work) for r in group]
    again = [r for group in await db.write(work) for r in group]
    assert not any(r.new for r in again)
    assert [r.duplicate_of for r in again] == [r.article_id if r.new else r.duplicate_of for r in first]
    assert [r.story_id for r in again] == [r.story_id for r in first]
    assert (await db.fetchone("SELECT COUNT(*) FROM articles") or [0])[0] == sum(r.new for r in first)


WORDS = ["harbour", "bridge", "council", "budget", "ferry", "strike", "rail", "fares", "school", "storm"]
# Chinese words, joined without spaces: headlines read by character pairs, their candidates ranked (cjk21).
CJK_WORDS = ["北京", "地铁", "线路", "开通", "议会", "批准", "电车", "预算", "学校", "暴雨"]


@st.composite
def _scenarios(draw: st.DrawFn, vocabulary: Sequence[str] = WORDS, joiner: str = " ") -> tuple[list[Step], list[int]]:
    steps: list[Step] = []
    for i in range(draw(st.integers(1, 14))):
        if steps and draw(st.booleans()):
            # a variation of an earlier step: its text, URL or key, or a headline of its story
            source, title, body, url, keys = draw(st.sampled_from(steps))
            change = draw(st.sampled_from(["text", "url", "key", "story", "none-key"]))
            src = draw(st.integers(0, 2))
            if change == "text":
                steps.append((src, title, body, None, (f"k{i}",)))
            elif change == "url" and url is not None:
                steps.append((src, f"{title} {i}", f"Other body {i}.", url + "?utm_source=x", (f"k{i}",)))
            elif change == "key" and keys:
                steps.append((source, f"Other {i} {title}", f"Other body {i}.", None, keys))
            elif change == "story":
                retold = title + joiner + ("again" if joiner else "再次")
                steps.append((src, retold, f"Retold {i}.", f"https://r.example/{i}", (f"k{i}",)))
            else:
                steps.append((src, title, f"Body without key {i}.", None, ()))
            continue
        words = draw(st.lists(st.sampled_from(vocabulary), min_size=1, max_size=5, unique=True))
        title = joiner.join(words).capitalize()
        url = draw(st.sampled_from([None, f"https://n.example/{i}"]))
        steps.append((draw(st.integers(0, 2)), title, f"Body {i} of {title}.", url, (f"k{i}",)))
    sizes = draw(st.lists(st.integers(1, 5), max_size=3))
    return steps, sizes


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=_scenarios())
async def test_any_batch_is_stored_as_one_at_a_time(fresh_pair: Callable[[], Any], case: Any) -> None:
    steps, sizes = case
    one, batch = await _both(fresh_pair, steps, sizes)
    assert batch == one


# Six: the CJK cases cost twice the others on PostgreSQL (28 s for twelve), and the suite's CI time is bounded.
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=_scenarios(CJK_WORDS, ""))
async def test_any_cjk_batch_is_stored_as_one_at_a_time(fresh_pair: Callable[[], Any], case: Any) -> None:
    steps, sizes = case
    one, batch = await _both(fresh_pair, steps, sizes)
    assert batch == one


@pytest.fixture
def fresh_pair(db: Database, tmp_path: Any) -> Callable[[], Any]:
    """A factory of fresh databases of the parametrised backend, for every example of a property test."""
    backend = getattr(db, "dialect", "sqlite")
    return lambda: _another(backend, tmp_path)


def test_the_batch_candidate_rule_is_the_stores() -> None:
    assert pgbatch.CANDIDATES == articles._STORY_CANDIDATES  # the two must agree
    assert f"LIMIT {pgbatch.MATCHES})" in articles._STORY_CANDIDATES_PG


@given(st.lists(st.text(min_size=1, max_size=12), min_size=0, max_size=16).map(" ".join))
@settings(max_examples=200, deadline=None)
def test_a_headlines_story_query_is_its_fts5_expression_read_as_a_tsquery(title: str) -> None:
    """The story candidates' tsquery is built from the headline's words, as reading their FTS5 expression gives it."""
    from bot.store.pgsearch import to_tsquery_text

    match = articles._story_match(title)
    assert articles._story_tsquery(title) == (None if match is None else to_tsquery_text(match))


def test_jaccard_of_headline_words() -> None:
    from bot.text.similarity import jaccard

    assert jaccard(frozenset(), frozenset()) == 0.0
    assert jaccard(frozenset("abc"), frozenset("bcd")) == 2 / 4
    assert jaccard(frozenset("ab"), frozenset("ab")) == 1.0


def test_a_long_headline_asks_for_the_same_story_words_in_every_process():
    """Its 12 longest significant words, ties by the word: not by the hash seed's order of a set, which differs
    between processes (each run below has its own PYTHONHASHSEED)."""
    import os
    import subprocess
    import sys

    title = "Bay city road tax plan cuts bus fare cost for rail user each week from June says new city hall aide"
    code = f"from bot.store.articles import _story_words; print(_story_words({title!r}))"
    seen = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in range(6)
    }
    assert len(seen) == 1
    words = articles._story_words(title)
    assert words is not None
    assert len(words) == 12
    assert words == sorted(words, key=lambda w: (-len(w), w))


def _post(source: Source, title: str, url: str, day: date | datetime, text: str | None = None) -> NewArticle:
    body = text or f"{title}: the text."
    article = Article(title=title, body=(body,), url=url, guid="urn:notes:latest", published=day)
    return NewArticle(article, source.id, identify(article, feed_entry=True, dated=day))


async def test_a_guid_given_again_to_another_post_is_a_new_article_in_a_batch_too(db: Database) -> None:
    """A GUID key names the entry of its link and date (bot.store.entrykeys): a batch holding a new post under a
    GUID stored before took it for that post (on PostgreSQL the batch's three statements, pgbatch)."""
    [source, _, _] = await _sources(db)
    first = _post(source, "Harbour notes for Monday", "https://alpha.example/monday", date(2026, 3, 23))
    [stored] = await articles.add_articles(db, [first], NOW)
    batch = [
        _post(source, "Harbour notes for Friday", "https://alpha.example/friday", date(2026, 3, 27)),
        _post(source, "Rail timetable changes", "https://alpha.example/rail", date(2026, 3, 27)),
    ]
    batch[1] = dataclasses.replace(batch[1], identity=identify(dataclasses.replace(batch[1].article, guid=None)))

    def work(conn: Any) -> list[AddResult]:
        articles.reserve(conn, [r.article.title for r in batch])
        return [r for group in articles.insert_groups(conn, [batch], lambda: NOW) for r in group]

    results = await db.write(work)
    assert [r.new for r in results] == [True, True]
    again = await db.write(work)
    assert [r.new for r in again] == [False, False]
    assert [r.duplicate_of for r in again] == [r.article_id for r in results]
    key = await db.fetchone("SELECT article_id, link FROM entry_keys WHERE key = 'guid:urn:notes:latest'")
    assert stored.new
    assert key is not None
    assert (key[0], key[1]) == (results[0].article_id, "https://alpha.example/friday")


async def test_a_guid_with_a_new_address_is_the_same_post_at_the_same_moment_not_on_the_same_day(db: Database) -> None:
    """Under one GUID, a new address at the same moment is the post's address edited; on the same bare day (a feed
    dating entries by the day) it is another post: a post lost is worse than an edited one posted twice."""
    [source, _, _] = await _sources(db)
    moment = datetime(2026, 3, 27, 6, 0, tzinfo=UTC)
    first = _post(source, "Harbour notes", "https://alpha.example/notes", moment)
    edited = _post(source, "Harbour notes, corrected", "https://alpha.example/notes-2", moment)
    [stored] = await articles.add_articles(db, [first], NOW)
    [again] = await articles.add_articles(db, [edited], NOW)
    assert (stored.new, again.new, again.duplicate_of) == (True, False, stored.article_id)
    day = date(2026, 3, 26)
    morning = _post(source, "Tide table for the morning", "https://alpha.example/tide-am", day)
    evening = _post(source, "Tide table for the evening", "https://alpha.example/tide-pm", day)
    assert [r.new for r in await articles.add_articles(db, [morning], NOW)] == [True]
    assert [r.new for r in await articles.add_articles(db, [evening], NOW)] == [True]


MONDAY_TEXT = "The harbour board met on Monday and agreed the winter timetable for the ferries to the three islands."
FRIDAY_TEXT = "The harbour board met on Friday and agreed to repair the north pier before the winter storms arrive."


def _one_guid_posts(source: Source) -> list[NewArticle]:
    """Posts under one GUID: two posts, then the second re-dated with its headline and slug edited, then seen again."""
    url = "https://alpha.example/"
    monday, friday = datetime(2026, 3, 23, 6, 0, tzinfo=UTC), datetime(2026, 3, 27, 6, 0, tzinfo=UTC)
    return [
        _post(source, "Harbour board notes for Monday", f"{url}monday", monday, MONDAY_TEXT),
        _post(source, "Harbour board notes for Friday", f"{url}friday", friday, FRIDAY_TEXT),
        _post(source, "North pier to be repaired", f"{url}north-pier", NOW, FRIDAY_TEXT),
        _post(source, "Harbour board notes for Friday", f"{url}friday?utm_source=rss", friday, FRIDAY_TEXT),
    ]


@pytest.mark.parametrize("groups", [[], [1, 1, 1], [2], [4]])
async def test_posts_sharing_a_guid_in_one_batch_are_told_apart_as_one_at_a_time(fresh: Any, groups: list[int]) -> None:
    """Two new posts of one source under one GUID, a link and a date each, in one batch (on PostgreSQL its three
    statements): the later was taken for the earlier, whose key it matched, and never stored."""
    outcomes = []
    for store in (_one_at_a_time, _as_a_batch):
        async with fresh() as db:
            [source, _, _] = await _sources(db)
            records = _one_guid_posts(source)
            outcomes.append(await _outcome(db, await store(db, records, groups), len(records)))
    one, batch = outcomes
    assert batch == one
    assert one["new"] == [True, True, False, False]
    assert one["duplicate_of"] == [None, None, 1, 1]  # re-dated with the same text; seen again with its link
    assert ("https://alpha.example/feed", "guid:urn:notes:latest", 1) in one["keys"]


def _day_dated_posts(source: Source) -> list[NewArticle]:
    """A feed without GUIDs dating its entries by the day: one headline three times that day (three links and texts),
    then the first seen again with a tracking parameter, ``www.`` and ``http``."""
    day, url = date(2026, 3, 27), "https://alpha.example/verkehr/"
    texts = ["Lane closures on the ring road.", "The ring road is open again.", "The coast road floods at high tide."]
    posts = [(f"{url}{n}", text) for n, text in enumerate(texts, 1)]
    posts.append(("http://www.alpha.example/verkehr/1?utm_source=rss", texts[0]))
    out = []
    for link, text in posts:
        article = Article(title="Verkehrsmeldung", body=(text,), url=link, published=day)
        out.append(NewArticle(article, source.id, identify(article, feed_entry=True, dated=day)))
    return out


@pytest.mark.parametrize("groups", [[], [1, 1, 1], [2], [4]])
async def test_one_headline_of_one_day_under_three_links_is_three_articles_in_a_batch_too(
    fresh: Any, groups: list[int]
) -> None:
    """A title key (headline and day) names an entry only while its link agrees (bot.store.entrykeys): the day's
    second and third entries of one headline were taken for the first, one at a time and in a batch alike."""
    outcomes = []
    for store in (_one_at_a_time, _as_a_batch):
        async with fresh() as db:
            [source, _, _] = await _sources(db)
            records = _day_dated_posts(source)
            outcomes.append(await _outcome(db, await store(db, records, groups), len(records)))
    one, batch = outcomes
    assert batch == one
    assert one["new"] == [True, True, True, False]
    assert one["duplicate_of"] == [None, None, None, 0]
    # The key goes to each new entry of its headline in turn, and back to the first when that is seen again.
    assert ("https://alpha.example/feed", "title:verkehrsmeldung|2026-03-27", 0) in one["keys"]


# PostgreSQL 0026: the arrival time, which the story lookup tests on each candidate, is kept in the row.
def _long_body(text: str) -> str:
    """``text`` grown past 2 kB (deterministically: the same text grows alike): a row is TOASTed only when it is
    over 2 kB, and then (toast_tuple_target = 256) every longer ``x`` column moves out of line, as in the bench."""
    words = ["harbour", "pilots", "tides", "council", "ferry", "quay", "budget", "storm", "crane", "union", "rail"]
    return " ".join([text, *(f"{words[n % len(words)]}{n}" for n in range(400))])


def _wide(records: list[NewArticle]) -> list[NewArticle]:
    """Each article with key points and a long body, as the ingest's are (identities kept: the steps decide them)."""
    out = []
    for record in records:
        title, body = record.article.title, record.article.text
        points = tuple(f"Point {n} of {title}: councillors, ferries, tides and budgets {n}." for n in range(4))
        article = dataclasses.replace(record.article, body=(_long_body(body),), key_points=points)
        out.append(dataclasses.replace(record, article=article))
    return out


async def _arrivals_out_of_line(db: Database) -> int:
    """How many stored arrival times are TOAST values (27 bytes, never compressed: each one chunk of itself)."""
    toast = await db.fetchone("SELECT reltoastrelid::regclass::text FROM pg_class WHERE oid = 'articles'::regclass")
    assert toast is not None
    row = await db.fetchone(
        f"SELECT count(*) FROM {toast[0]} WHERE chunk_data IN (SELECT convert_to(arrived_at, 'UTF8') FROM articles)"  # noqa: S608 - a catalog name
    )
    return int((row or [0])[0])


@pytest.mark.parametrize("store", [_one_at_a_time, _as_a_batch])
async def test_a_new_article_keeps_its_arrival_time_in_its_row_on_postgresql(store: Store, tmp_path: Any) -> None:
    async with _another("postgresql", tmp_path) as db:
        records = _wide(_records(await _sources(db), SCENARIO))
        results = await store(db, records, [3, 1, 4])
        assert sum(r.new for r in results) == 7
        assert await _arrivals_out_of_line(db) == 0  # before 0026 all seven were out of line


async def test_stories_join_rows_stored_with_their_arrival_out_of_line_and_none_is_rewritten() -> None:
    """A database of 0025 holds its rows' arrival times out of line: 0026 leaves them there, rewriting nothing, and
    a new telling of their story, one at a time or in a batch, still finds them inside the story window."""
    title = "Harbour council approves the new ferry terminal budget after a long night of talks with the unions"
    other = "Tram depot fire closes the northern line for a week while engineers inspect the damaged overhead wires"
    stored = [(title, _long_body("The council voted at midnight.")), (other, _long_body("The fire started at dawn."))]
    async with postgresql_upgraded("arrival_in_row", stored, to_db_time(NOW - timedelta(hours=2))) as (db, written):
        assert written == []
        assert await _arrivals_out_of_line(db) == 2
        sources = await _sources(db)
        retold = _records(sources, [(1, title + " again", "Retold.", None, ("r1",))])
        later = _records(sources, [(2, "New ferry terminal budget: " + title, "Later.", None, ("r2",))])
        [one] = await _one_at_a_time(db, retold, [])
        [batch] = await _as_a_batch(db, later, [])
        assert one.new
        assert batch.new
        assert one.story_id == batch.story_id == 1  # the first stored row's story
        assert await _arrivals_out_of_line(db) == 2  # the new rows keep theirs in the row


@pytest.mark.parametrize(("vocabulary", "joiner"), [(WORDS, " "), (CJK_WORDS, "")])
# Five each: four fresh databases an example, and the CJK ones cost three times the others (30 s for eight).
@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
async def test_every_story_is_the_same_with_the_arrival_time_out_of_line(
    tmp_path: Any, vocabulary: list[str], joiner: str, data: st.DataObject
) -> None:
    """0025's storage (the arrival time a TOAST value) and 0026's give the same stories, both paths, both scripts."""
    steps, sizes = data.draw(_scenarios(vocabulary, joiner))
    for store in (_one_at_a_time, _as_a_batch):
        outcomes = []
        for storage in ("EXTENDED", "MAIN"):
            async with _another("postgresql", tmp_path) as db:
                await db.execute(f"ALTER TABLE articles ALTER COLUMN arrived_at SET STORAGE {storage}")
                records = _wide(_records(await _sources(db), steps))
                outcome = await _outcome(db, await store(db, records, sizes), len(records))
                outcomes.append((outcome, await _arrivals_out_of_line(db) > 0))
        (before, toasted), (after, in_row) = outcomes
        assert after == before
        assert toasted
        assert not in_row
