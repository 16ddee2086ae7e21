"""Why-not (issue 15 item 8, story part): the pure explanation over records, and the store lookups it reads."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from digest_fixtures import stored

from bot.digest.explain import ExplainFacts, explain, gather
from bot.digest.filters import Reason
from bot.digest.select import Selection, fair_share
from bot.models import Article, Digest, DigestFilter, DigestItem, Feed, SourceKind
from bot.newsletter.render import NewsletterRenderer, build_view
from bot.store import articles as repo
from bot.store.lookup import Found, Sighting, find_article

NOW = datetime(2025, 10, 17, 9, 0, tzinfo=UTC)
DAY = timedelta(days=1)


def feed(*, paused=False, error_at=None):
    return Feed(
        id=1, source_id=1, url="https://gazette.test/feed", title="Gazette", guild_id=None, channel_id=None,
        etag=None, last_modified=None, interval_s=900, next_poll_at=None, last_success_at=None,
        last_error="timed out" if paused else None, last_error_at=error_at, failures=8 if paused else 0,
        paused=paused, pause_notified=False, full_text=False, created_at=NOW - 9 * DAY,
    )  # fmt: skip


def selection(window, ranked, *, cap=10, filt=None, dropped=None):
    shown, held = fair_share(ranked, cap)
    return Selection(
        since=NOW - DAY,
        until=NOW,
        filter=filt or DigestFilter(max_stories=cap),
        window=tuple(window),
        ranked=tuple(ranked),
        shown=shown,
        held=held,
        dropped=dropped or {},
    )


def facts(article, sel, *, story=(), sightings=(), matched_by="id", initial=False, the_feed=None):
    return ExplainFacts(
        found=Found(article, initial, matched_by),
        sightings=tuple(sightings),
        story=tuple(story) or (article,),
        feed=the_feed,
        selection=sel,
    )


def texts(result):
    return {f.kind: f.text for f in result.findings}


def test_shown_under_another_lead_with_duplicates():
    mine = stored(1, "Bridge vote", source="Gazette", story=7, arrived=NOW - 3 * timedelta(hours=1))
    lead = stored(2, "Bridge vote passes", source="Post", story=7, points=("a", "b"))
    sel = selection([mine, lead], [DigestItem(lead, also_in=("Gazette",))])
    seen = [Sighting(1, "Gazette", NOW - DAY / 2), Sighting(3, "Ledger", NOW - DAY / 3)]
    result = explain(facts(mine, sel, story=[mine, lead], sightings=seen, matched_by="entry"))
    assert (result.article_id, result.in_digest, result.verdict) == (1, True, "In the digest.")
    found = texts(result)
    assert found["shown"] == (
        "Its story is #1 of 1 in the digest, shown under article 2 (“Bridge vote passes”, Post)"
        " with the other sources in “also in”."
    )
    assert found["story"] == "Story 7 also holds article 2 (“Bridge vote passes”, Post)."
    assert "Duplicates of it, not stored again: Ledger (2025-10-17 01:00 UTC)." in [f.text for f in result.findings]
    assert "That link was a duplicate entry of article 1" in [f.text for f in result.findings][1]


def test_held_by_the_cap_or_by_the_source_share():
    loud = [stored(n, f"Loud {n}", source="Loud", arrived=NOW - n * timedelta(minutes=1)) for n in range(1, 6)]
    quiet = stored(9, "Quiet one", source="Quiet", arrived=NOW - DAY / 2)
    ranked = [DigestItem(s) for s in [*loud, quiet]]
    sel = selection([*loud, quiet], ranked, cap=3)
    # Loud leads 2 (its share), the quiet story takes the third place although it ranks last.
    held = explain(facts(loud[2], sel))
    assert held.verdict == "Not in the digest: over max_stories."
    assert "Loud already leads its fair share of the post" in texts(held)["max_stories"]
    assert "ranks #3 of 6, a post shows 3" in texts(held)["max_stories"]
    assert "“and 3 more” line" in texts(held)["max_stories"]
    assert explain(facts(quiet, sel)).in_digest
    only_loud = selection(loud, ranked[:5], cap=2)
    assert "better-ranked stories fill the post" in texts(explain(facts(loud[4], only_loud)))["max_stories"]


def test_filter_window_backlog_and_feed():
    article = stored(4, "Cup final", source="Gazette", arrived=NOW - timedelta(hours=2))
    filt = DigestFilter(topic="harbour", exclude="football", sources=("Post",))
    sel = selection([article], [], filt=filt, dropped={4: (Reason.SOURCES, Reason.TOPIC, Reason.EXCLUDE)})
    paused = feed(paused=True, error_at=NOW - 5 * timedelta(hours=1))
    result = explain(facts(article, sel, the_feed=paused))
    assert result.verdict == "Not in the digest: left out by the filter (sources, topic, exclude)."
    lines = [f.text for f in result.findings if f.kind == "filter"]
    assert lines == [
        "Left out by sources: “Gazette” is not among “Post”.",
        "Left out by topic: it does not match “harbour”.",
        "Left out by exclude: its story holds a word of “football”.",
    ]
    assert texts(result)["feed"] == (
        "Its feed https://gazette.test/feed is paused since 2025-10-17 04:00 UTC after 8 failures: timed out."
    )
    assert (
        texts(explain(facts(article, sel, the_feed=feed())))["feed"] == "Its feed https://gazette.test/feed is active."
    )

    old = stored(5, "Old", arrived=NOW - 2 * DAY)
    outside = explain(facts(old, selection([], [])))
    assert outside.verdict == "Not in the digest: it arrived outside the window."
    assert texts(outside)["window"].startswith("Arrived 2025-10-15 09:00 UTC: outside the window 2025-10-16 09:00 UTC")
    backlog = explain(facts(article, selection([article], [DigestItem(article)]), initial=True))
    assert (backlog.in_digest, backlog.verdict) == (False, "Not posted: it came with its feed's backlog.")


async def test_lookups_by_id_link_and_duplicate_entry(db):
    gazette = await repo.get_or_create_source(db, SourceKind.FEED, "Gazette", "https://gazette.test/feed", NOW)
    post = await repo.get_or_create_source(db, SourceKind.FEED, "Post", "https://post.test/feed", NOW)
    text = Article(title="Harbour bridge budget approved", body=("The council approved the money today.",))
    first = await repo.add_article(
        db, gazette, Article(**{**_fields(text), "url": "https://gazette.test/bridge"}), NOW - 2 * timedelta(hours=1)
    )
    # The same words under another address from another feed: a duplicate, kept as a sighting with its key.
    dup = await repo.add_article(
        db,
        post,
        Article(**{**_fields(text), "url": "https://post.test/b"}),
        NOW - DAY / 24,
        ["url:https://post.test/b"],
    )
    assert dup.article_id == first.article_id
    assert (await find_article(db, str(first.article_id))).matched_by == "id"
    assert (await find_article(db, "https://GAZETTE.test/bridge?utm_medium=x")).matched_by == "link"
    by_entry = await find_article(db, "http://post.test/b")
    assert (by_entry.article.id, by_entry.matched_by) == (first.article_id, "entry")
    assert await find_article(db, "not a link") is None
    assert await find_article(db, "424242") is None

    gathered = await gather(db, "https://post.test/b", since=NOW - DAY, until=NOW, filt=DigestFilter())
    result = explain(gathered)
    assert result.in_digest
    duplicates = [f.text for f in result.findings if f.kind == "duplicate"]
    assert duplicates[0].startswith("That link was a duplicate entry of article 1")
    assert duplicates[1] == "Duplicates of it, not stored again: Post (2025-10-17 08:00 UTC)."
    assert await gather(db, "999", since=NOW - DAY, until=NOW, filt=DigestFilter()) is None


def _fields(article):
    return {name: getattr(article, name) for name in article.__slots__}


def test_newsletter_counts_the_stories_over_the_cap():
    item = DigestItem(stored(1, "Bridge vote", url="https://gazette.test/a"))
    view = build_view(Digest(since=NOW - DAY, until=NOW, items=(item,), more=7), ZoneInfo("UTC"))
    renderer = NewsletterRenderer()
    assert "...and 7 more stories in this window." in renderer.text(view)
    assert "…and 7 more stories in this window." in renderer.html(view)
    plain = build_view(Digest(since=NOW - DAY, until=NOW, items=(item,)), ZoneInfo("UTC"))
    assert "more stor" not in renderer.text(plain)
