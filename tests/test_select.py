from datetime import UTC, date, datetime, timedelta

import pytest
from digest_fixtures import stored

from bot.digest.select import build_digest, effective_time, pick_stories
from bot.errors import InvalidSearchQueryError
from bot.models import Article, SourceKind
from bot.store import articles as repo

NOW = datetime(2025, 10, 17, 9, 0, tzinfo=UTC)
DAY = timedelta(days=1)


# The pure picking


def test_one_entry_per_story_with_the_other_sources_as_also_in():
    window = [
        stored(1, "Bridge vote", source="Gazette", story=7, points=("a",)),
        stored(2, "Bridge vote passes", source="Post", story=7, points=("a", "b", "c")),
        stored(3, "Ferry news", source="Ledger", story=8),
    ]
    items = pick_stories(window, {7: ["Gazette", "Post", "Ledger"], 8: ["Ledger"]})
    by_story = {i.article.story_id: i for i in items}
    assert len(items) == 2
    # The lead is the article with the most key points.
    assert by_story[7].article.id == 2
    assert by_story[7].also_in == ("Gazette", "Ledger")
    assert by_story[8].also_in == ()


def test_lead_tie_prefers_a_link_then_the_earliest_arrival():
    early = stored(1, "A", story=1, arrived=NOW - 3 * DAY, source="One")
    later_linked = stored(2, "A", story=1, arrived=NOW - DAY, source="Two", url="https://two.example/a")
    latest = stored(3, "A", story=1, arrived=NOW, source="Three")
    (item,) = pick_stories([latest, later_linked, early], {})
    assert item.article.id == 2
    (item,) = pick_stories([latest, early], {})
    assert item.article.id == 1
    assert item.also_in == ("Three",)


def test_newest_story_first_by_publication_capped_at_arrival():
    old_news_dropped_last = stored(1, "Old", published=date(2025, 9, 1), arrived=NOW)
    fresh = stored(2, "Fresh", published=datetime(2025, 10, 17, 7, 0, tzinfo=UTC), arrived=NOW - timedelta(hours=1))
    future_dated = stored(3, "Future", published=date(2030, 1, 1), arrived=NOW - 2 * DAY)
    undated = stored(4, "Undated", arrived=NOW - timedelta(hours=12))
    items = pick_stories([old_news_dropped_last, fresh, future_dated, undated], {})
    assert [i.article.article.title for i in items] == ["Fresh", "Undated", "Future", "Old"]
    assert effective_time(future_dated) == NOW - 2 * DAY


def test_limit_and_exclude_hook():
    window = [stored(n, f"S{n}", arrived=NOW - n * timedelta(minutes=1)) for n in range(1, 6)]
    assert [i.article.id for i in pick_stories(window, {}, limit=2)] == [1, 2]
    kept = pick_stories(window, {}, exclude=lambda s: s.id % 2 == 0)
    assert [i.article.id for i in kept] == [1, 3, 5]


# Against a real database


async def add(db, source, title, arrived, *, url=None, published=None, points=(), body=None):
    src = await repo.get_or_create_source(db, SourceKind.FEED, source, f"https://{source}.example/feed", NOW)
    article = Article(
        title=title, body=(body or f"{title}. More words about it.",), url=url, published=published, key_points=points
    )
    return await repo.add_article(db, src, article, arrived, [url or title])


async def test_window_is_by_arrival_and_shows_publication_date(db):
    await add(db, "gazette", "Archive piece on tram history", NOW - timedelta(hours=2), published=date(2019, 5, 1))
    await add(db, "gazette", "Yesterday's harbour fire", NOW - timedelta(hours=30), published=date(2025, 10, 16))
    await add(db, "gazette", "Arrives exactly at the end", NOW, published=date(2025, 10, 17))
    digest = await build_digest(db, NOW - DAY, NOW)
    assert [i.article.article.title for i in digest.items] == ["Archive piece on tram history"]
    assert digest.items[0].article.article.published == date(2019, 5, 1)
    assert (digest.since, digest.until, digest.topic) == (NOW - DAY, NOW, None)


async def test_story_carried_by_three_sources_is_one_entry(db):
    first = await add(
        db,
        "gazette",
        "Trump and Putin to meet in Budapest for Ukraine talks",
        NOW - timedelta(hours=5),
        url="https://gazette.example/summit",
        points=("One.",),
    )
    second = await add(
        db,
        "post",
        "Trump, Putin to meet in Budapest for talks on Ukraine",
        NOW - timedelta(hours=4),
        url="https://post.example/summit",
        points=("One.", "Two.", "Three."),
    )
    # The same URL from a third feed is a sighting of the first article, not a new one.
    await add(db, "ledger", "Summit", NOW - timedelta(hours=3), url="https://gazette.example/summit?utm_source=x")
    await add(db, "ledger", "Harbour bridge budget approved", NOW - timedelta(hours=1), points=("Money.",))
    assert first.story_id == second.story_id
    digest = await build_digest(db, NOW - DAY, NOW)
    # Carried by three outlets, the summit outranks the newer story only one carried (issue 15 item 7).
    assert [i.article.article.title for i in digest.items] == [
        "Trump, Putin to meet in Budapest for talks on Ukraine",
        "Harbour bridge budget approved",
    ]
    summit = digest.items[0]
    assert summit.article.source_name == "post"
    assert summit.also_in == ("gazette", "ledger")


async def test_topic_keeps_only_matching_stories(db):
    await add(db, "gazette", "Lighthouse keeper retires", NOW - timedelta(hours=3))
    await add(db, "gazette", "Ferry timetable changes", NOW - timedelta(hours=2))
    await add(db, "post", "Council meets", NOW - timedelta(hours=1), body="The lighthouse was on the agenda.")
    digest = await build_digest(db, NOW - DAY, NOW, topic="lighthouse")
    assert [i.article.article.title for i in digest.items] == ["Council meets", "Lighthouse keeper retires"]
    assert digest.topic == "lighthouse"
    blank = await build_digest(db, NOW - DAY, NOW, topic="  ")
    assert len(blank.items) == 3


async def test_bad_topic_is_a_friendly_error_even_for_an_empty_window(db):
    with pytest.raises(InvalidSearchQueryError, match="only exclusions"):
        await build_digest(db, NOW - DAY, NOW, topic="-ferry")
