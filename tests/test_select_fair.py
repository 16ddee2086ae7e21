"""Item 7 of issue 15: a digest worth reading when one feed is loud (ranking, fair share, cap, the one line)."""

from collections import Counter
from datetime import UTC, datetime, timedelta

from digest_fixtures import stored
from six_feeds import LOUD, QUIET, SHARED, store_six_feeds

from bot.digest.discord import limit_problems
from bot.digest.render import Renderer
from bot.digest.select import build_digest, fair_share, rank_stories
from bot.models import DEFAULT_MAX_STORIES, DigestFilter, DigestItem

NOW = datetime(2025, 10, 17, 9, 0, tzinfo=UTC)
MINUTE = timedelta(minutes=1)


def items(source, count, *, start=0, age=0):
    """``count`` single-outlet stories led by ``source``, newest first, ``age`` minutes older than NOW."""
    return [
        DigestItem(stored(start + n, f"{source} {n}", source=source, arrived=NOW - (age + n) * MINUTE, story=start + n))
        for n in range(count)
    ]


def by_source(chosen):
    return Counter(item.article.source_name for item in chosen)


# The pure picking


def test_rank_by_outlets_then_recency():
    window = [
        stored(1, "Fresh single", source="A", arrived=NOW - MINUTE, story=1),
        stored(2, "Older, two outlets", source="B", arrived=NOW - 60 * MINUTE, story=2),
        stored(3, "Oldest, three outlets", source="C", arrived=NOW - 120 * MINUTE, story=3),
        stored(4, "Second fresh single", source="A", arrived=NOW - 2 * MINUTE, story=4),
    ]
    ranked = rank_stories(window, {2: ["B", "D"], 3: ["C", "D", "E"]})
    assert [i.article.id for i in ranked] == [3, 2, 1, 4]
    # Names differing only in case are one outlet, not two.
    (same,) = rank_stories([stored(5, "X", source="Gazette", story=5)], {5: ["Gazette", "GAZETTE"]})
    assert same.also_in == ("GAZETTE",)


def test_a_loud_source_gets_its_fair_share_while_others_have_stories():
    # The loud source is newest, so by recency alone it would take all ten places.
    ranked = items(LOUD, 100) + [
        item for s, name in enumerate(QUIET) for item in items(name, 3, start=1000 + 10 * s, age=200)
    ]
    shown, held = fair_share(ranked, DEFAULT_MAX_STORIES)
    assert len(shown) == DEFAULT_MAX_STORIES
    # Six sources share ten places: max(2, ceil(10 / 6)) = 2 each.
    assert by_source(shown)[LOUD] == 2
    assert max(by_source(shown).values()) == 2
    assert len(held) == len(ranked) - DEFAULT_MAX_STORIES
    # Shown and held keep the rank order, and together are every story once.
    order = {id(item): n for n, item in enumerate(ranked)}
    assert [order[id(i)] for i in shown] == sorted(order[id(i)] for i in shown)
    assert sorted(order[id(i)] for i in (*shown, *held)) == list(range(len(ranked)))


def test_when_the_others_run_out_the_best_of_the_rest_fill_the_post():
    ranked = items(LOUD, 20) + items("Quiet", 1, start=500, age=100)
    shown, held = fair_share(ranked, 10)
    # Two sources: a share is max(2, ceil(10 / 2)) = 5; the quiet one has one story, so the loud one fills up.
    assert by_source(shown) == {LOUD: 9, "Quiet": 1}
    assert [i.article.id for i in shown if i.article.source_name == LOUD] == list(range(9))
    assert len(held) == 11


def test_share_grows_with_the_cap_and_small_cases():
    ranked = items("A", 10) + items("B", 10, start=100, age=30)
    shown, _ = fair_share(ranked, 6)
    assert by_source(shown) == {"A": 3, "B": 3}
    assert fair_share(ranked, 0) == ((), tuple(ranked))
    assert fair_share([], 10) == ((), ())
    everything, none = fair_share(ranked, 50)
    assert (len(everything), none) == (20, ())


# Through the real store, six generated feeds


async def test_six_feeds_one_loud_make_one_readable_post(db):
    counts = await store_six_feeds(db, NOW)
    digest = await build_digest(db, NOW - timedelta(days=1), NOW, filters=DigestFilter())
    assert len(digest.items) == DEFAULT_MAX_STORIES
    assert digest.more == sum(counts.values()) - DEFAULT_MAX_STORIES
    leads = by_source(digest.items)
    assert leads[LOUD] <= 2
    assert max(leads.values()) <= 2
    assert len(leads) == 6
    # The stories several outlets carry come first, the one carried by three first of all.
    assert [i.article.article.title for i in digest.items[:2]] == [title for _, _, title, _ in SHARED]
    assert digest.items[0].also_in == ("Harbour Gazette", "City Herald")

    renderer = Renderer()
    messages = renderer.discord_messages(digest)
    assert len(messages) == 1
    assert all(limit_problems(m) == [] for m in messages)
    footer = messages[-1].embeds[-1]["footer"]["text"]
    assert footer == f"…and {digest.more} more: /digest since:24h max_stories:50 to see them"
    markdown = renderer.render(digest, "markdown")
    assert markdown.count("\n## ") == DEFAULT_MAX_STORIES
    assert f"…and {digest.more} more stories in this period." in markdown
    assert f"...and {digest.more} more stories in this period." in renderer.render(digest, "text")
    assert f"…and {digest.more} more stories in this period." in renderer.render(digest, "html")

    # Without a filter record (callers not yet passing one) the former cap of 50 holds, with the fair share.
    legacy = await build_digest(db, NOW - timedelta(days=1), NOW)
    assert (len(legacy.items), legacy.more) == (50, digest.more - 40)
    assert by_source(legacy.items)[LOUD] == 50 - 17

    # A schedule can change the cap; a cap over what there is leaves nothing to count.
    wide = await build_digest(db, NOW - timedelta(days=1), NOW, filters=DigestFilter(max_stories=50))
    assert (len(wide.items), wide.more) == (50, digest.more - 40)
    few = await build_digest(
        db, NOW - timedelta(days=1), NOW, filters=DigestFilter(sources=tuple(QUIET), max_stories=50)
    )
    assert (len(few.items), few.more) == (17, 0)
    assert all("footer" not in e for m in renderer.discord_messages(few) for e in m.embeds)
    assert "more stories" not in renderer.render(few, "markdown")
