"""Digest filters (issue 15 item 1, selection side): checked text, the search language, the idle-filter warning."""

import time
from datetime import UTC, datetime, timedelta

import pytest
from digest_fixtures import stored

from bot.digest.filters import FilterError, Matches, Reason, apply_filter, digest_filter, quiet_warning
from bot.digest.select import build_digest, filter_warning, select_window
from bot.errors import InvalidSearchQueryError
from bot.models import Article, DigestFilter, SourceKind
from bot.store import articles as repo

NOW = datetime(2025, 10, 17, 9, 0, tzinfo=UTC)
DAY = timedelta(days=1)


# Checking what a person typed


def test_blank_text_is_no_filter_and_sources_are_split_and_deduplicated():
    assert digest_filter(topic="  ", exclude="", sources=["", " , "]) == DigestFilter()
    filt = digest_filter(topic="  tram   OR metro ", sources=["Gazette, coastal post", "GAZETTE"], max_stories=3)
    assert filt == DigestFilter(topic="tram OR metro", sources=("Gazette", "coastal post"), max_stories=3)
    assert filt.narrows
    assert not DigestFilter(max_stories=3).narrows


@pytest.mark.parametrize(
    ("kwargs", "option", "words"),
    [
        ({"topic": "-ferry"}, "topic", "only exclusions"),
        ({"topic": "🙂 ✨"}, "topic", "symbols and emoji"),
        ({"exclude": "-final"}, "exclude", "words or phrases to leave out"),
        ({"topic": "tram " * 33}, "topic", "at most 32 words"),
        ({"exclude": "x" * 501}, "exclude", "500 characters"),
        ({"max_stories": 0}, "max_stories", "from 1 to 50"),
        ({"max_stories": 51}, "max_stories", "from 1 to 50"),
        ({"sources": ["x" * 201]}, "source", "at most 200"),
        ({"sources": [",".join(f"s{n}" for n in range(21))]}, "source", "at most 20"),
    ],
)
def test_unusable_options_name_the_option(kwargs, option, words):
    with pytest.raises(FilterError) as caught:
        digest_filter(**kwargs)
    assert caught.value.option == option
    assert words in caught.value.problem
    assert isinstance(caught.value, InvalidSearchQueryError)  # the bot's handlers already answer these kindly


@pytest.mark.parametrize(
    "text",
    ["NEAR(a b)", "title:secret", '"unbalanced', "(a+)+$", "a OR " * 5000, "^x* -", 'x" OR "y', "\x00drop"],
)
def test_hostile_filter_text_is_only_ever_words(text):
    try:
        filt = digest_filter(topic=text, exclude=text)
    except FilterError:
        return
    assert filt.topic is not None


# Applying a filter (pure)


def test_exclude_drops_the_whole_story_and_every_reason_is_given():
    window = [
        stored(1, "Cup final tonight", source="Gazette", story=1),
        stored(2, "Match report", source="Post", story=1),
        stored(3, "Harbour budget", source="post", story=2),
        stored(4, "Tram fares", source="Ledger", story=3),
    ]
    filt = DigestFilter(topic="harbour", exclude="football", sources=("POST",))
    result = apply_filter(window, filt, Matches(topic=frozenset({3}), excluded=frozenset({1})))
    assert [s.id for s in result.kept] == [3]
    assert result.dropped[1] == (Reason.SOURCES, Reason.TOPIC, Reason.EXCLUDE)
    # Article 2 is from a wanted source, but its story holds an excluded word elsewhere.
    assert result.dropped[2] == (Reason.TOPIC, Reason.EXCLUDE)
    assert result.dropped[4] == (Reason.SOURCES, Reason.TOPIC)


def test_quiet_warning_points_at_the_part_that_keeps_nothing():
    week = [stored(1, "Tram fares", source="Ledger"), stored(2, "Ferry news", source="Gazette")]
    known = ["Ledger", "Gazette"]
    nothing = Matches(topic=frozenset())

    def warn(filt, matches=None):
        matches = matches or Matches()
        return quiet_warning(filt, week, apply_filter(week, filt, matches), known)

    assert warn(DigestFilter()) is None
    assert warn(DigestFilter(sources=("ledger",))) is None
    assert warn(DigestFilter(sources=("Legder", "ledger"))) == "No source is named “Legder”. Sources: Gazette, Ledger."
    assert warn(DigestFilter(topic="volcano"), nothing) == (
        "Nothing that arrived in the last week matches the topic “volcano”."
    )
    assert "holds a word of exclude “news OR fares”" in warn(
        DigestFilter(exclude="news OR fares"), Matches(excluded=frozenset({1, 2}))
    )
    assert "passes this filter" in warn(
        DigestFilter(topic="tram", exclude="fares"), Matches(topic=frozenset({1}), excluded=frozenset({1}))
    )
    empty = quiet_warning(DigestFilter(topic="x"), [], apply_filter([], DigestFilter(topic="x"), nothing), known)
    assert empty == "Nothing at all arrived in the last week, so this filter cannot be checked yet."


# Against a real database


async def add(db, source, title, arrived, body):
    src = await repo.get_or_create_source(db, SourceKind.FEED, source, f"https://{source}.test/feed", NOW)
    return await repo.add_article(db, src, Article(title=title, body=(body,)), arrived, [title])


@pytest.fixture
async def filled(db):
    await add(db, "Gazette", "Cup final tonight in the stadium", NOW - 5 * timedelta(hours=1), "Football, the final.")
    await add(db, "Gazette", "Transfer window closes", NOW - 4 * timedelta(hours=1), "Football clubs sign players.")
    await add(db, "Coastal Post", "Harbour budget approved", NOW - 3 * timedelta(hours=1), "The harbour gets money.")
    await add(db, "Coastal Post", "Ferry strike called", NOW - 2 * timedelta(hours=1), "The ferry union strikes.")
    await add(db, "Ledger", "Tram fares rise", NOW - timedelta(hours=1), "Transport costs more in the city.")
    return db


async def titles(db, **filt):
    digest = await build_digest(db, NOW - DAY, NOW, filters=digest_filter(**filt))
    return sorted(i.article.article.title for i in digest.items)


async def test_filters_use_the_search_language(filled):
    db = filled
    assert await titles(db, exclude="football") == ["Ferry strike called", "Harbour budget approved", "Tram fares rise"]
    # -word in exclude is an exception: football stories stay when they mention the final.
    assert "Cup final tonight in the stadium" in await titles(db, exclude="football -final")
    assert "Transfer window closes" not in await titles(db, exclude="football -final")
    assert await titles(db, exclude='"transfer window" OR harb*') == [
        "Cup final tonight in the stadium",
        "Ferry strike called",
        "Tram fares rise",
    ]
    assert await titles(db, sources=["coastal POST", "ledger"], exclude="strike") == [
        "Harbour budget approved",
        "Tram fares rise",
    ]
    assert await titles(db, topic="ferry OR tram", sources=["Ledger"]) == ["Tram fares rise"]
    assert await titles(db, max_stories=2, sources=["Gazette"]) == [
        "Cup final tonight in the stadium",
        "Transfer window closes",
    ]


async def test_selection_says_why_articles_were_left_out(filled):
    selection = await select_window(filled, NOW - DAY, NOW, digest_filter(exclude="strike", sources=["Gazette"]))
    reasons = {s.article.title: selection.dropped.get(s.id, ()) for s in selection.window}
    assert reasons["Ferry strike called"] == (Reason.SOURCES, Reason.EXCLUDE)
    assert reasons["Tram fares rise"] == (Reason.SOURCES,)
    assert reasons["Transfer window closes"] == ()


async def test_filter_warning_on_the_store(filled):
    db = filled
    assert await filter_warning(db, DigestFilter(), NOW) is None
    assert await filter_warning(db, digest_filter(topic="harbour"), NOW) is None
    assert await filter_warning(db, digest_filter(topic="volcano"), NOW) == (
        "Nothing that arrived in the last week matches the topic “volcano”."
    )
    assert (await filter_warning(db, digest_filter(sources=["Gazete"]), NOW)).startswith("No source is named “Gazete”.")
    # A week later, nothing arrived in the last week at all.
    assert "Nothing at all arrived" in await filter_warning(db, digest_filter(topic="harbour"), NOW + 8 * DAY)


async def test_a_filter_as_costly_as_allowed_stays_fast(filled):
    worst = " OR ".join(f"wordy{n:04d}*" for n in range(32))
    assert len(worst) <= 500
    started = time.perf_counter()
    digest = await build_digest(filled, NOW - DAY, NOW, filters=digest_filter(topic=worst, exclude=worst))
    assert time.perf_counter() - started < 5
    assert digest.items == ()
