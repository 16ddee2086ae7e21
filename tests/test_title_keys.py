"""A feed without GUIDs names its entries by link and by title with date: the title key must not lose a post.

A feed that dates its entries by the day (midnight) gives every headline repeated within that day one title key
("Verkehrsmeldung", "Live: ...", a council's "Planning application received"): the day's second entry, another
link and another text, was taken for the first and never stored or posted. A title key names an entry only while
its link, where both have one, is the same after the canonical rule (``bot.store.entrykeys``). Each scenario polls a
real feed on 127.0.0.1 (``feed_server``) with the real ``Fetcher`` and the ``ManualClock``, on both engines.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from feed_server import loopback_settings

from bot.ingest.fetch import Fetcher
from bot.ingest.poller import poll_once
from bot.ingest.subscribe import add_feed_and_backfill
from bot.store.articles import arrived_between, counts

_DAY = "Thu, 16 Oct 2025 00:00:00 +0000"
_EVE = "Wed, 15 Oct 2025 00:00:00 +0000"
_TEXTS = (
    "Lane closures on the ring road between the harbour junction and the stadium until the late afternoon.",
    "The ring road is open again; the tunnel under the river stays closed overnight for its inspection.",
    "A third notice of the day: the coast road floods at high tide, drivers are asked to use the hill route.",
)


def _feed(site: str, entries: list[tuple[str, str, str, str]]) -> bytes:
    """A feed without GUIDs of (headline, link, date as RFC 822, text) entries, the newest first."""
    items = "".join(
        f"<item><title>{title}</title><link>{link}</link><pubDate>{when}</pubDate>"
        f"<description>{text}</description></item>"
        for title, link, when, text in entries
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>{site}</title>'
        f"<link>https://{site.lower()}.example/</link><description>News</description>{items}</channel></rss>"
    ).encode()


async def _poll(db, fetcher, settings, clock) -> int:
    clock.advance(20 * 60)
    report = await poll_once(db, fetcher=fetcher, settings=settings, clock=clock)
    assert report.failed == 0
    return report.ingest.new


@pytest.mark.parametrize(
    "headline", ["Verkehrsmeldung", "Live: Storm Amy crosses the islands", "Planning application received"]
)
async def test_a_headline_repeated_within_a_day_by_a_day_dated_feed_loses_no_post(db, server, clock, headline):
    """Three entries of one headline on one day, one poll after another, each its own link and text: the second
    and third were taken for the first by their title and date and never stored. Seen again (and once more with
    a tracking parameter, ``www.`` and ``http``), none is new."""
    settings = loopback_settings()
    site = "https://courier.example"
    older = ("Harbour dues to rise", f"{site}/news/harbour-dues", _EVE, "The harbour board raises its dues in spring.")
    day = [(headline, f"{site}/news/{n}", _DAY, text) for n, text in enumerate(_TEXTS, 1)]
    server.bytes("/courier.xml", _feed("Courier", [older]))
    await add_feed_and_backfill(db, server.url("/courier.xml"), settings=settings, clock=clock)
    async with Fetcher(settings, clock) as fetcher:
        for n in range(1, 4):
            server.bytes("/courier.xml", _feed("Courier", [*reversed(day[:n]), older]))
            assert await _poll(db, fetcher, settings, clock) == 1
        assert await _poll(db, fetcher, settings, clock) == 0  # the same document again
        moved = [(t, link.replace("https://", "http://www.") + "?utm_source=rss", d, x) for t, link, d, x in day]
        server.bytes("/courier.xml", _feed("Courier", [*reversed(moved), older]))
        assert await _poll(db, fetcher, settings, clock) == 0  # the same links after the canonical rule
    posted = await arrived_between(db, clock.now() - timedelta(days=1), clock.now() + timedelta(seconds=1))
    assert sorted(a.article.text for a in posted) == sorted(_TEXTS)
    assert (await counts(db))["articles"] == 4


async def test_two_entries_of_one_headline_and_day_in_one_document_are_both_stored(db, server, clock):
    """Both of the day's entries of one headline arrive in one poll: the second was the first's duplicate."""
    settings = loopback_settings()
    site = "https://courier.example"
    older = ("Harbour dues to rise", f"{site}/news/harbour-dues", _EVE, "The harbour board raises its dues in spring.")
    day = [("Verkehrsmeldung", f"{site}/verkehr/{n}", _DAY, text) for n, text in enumerate(_TEXTS[:2], 1)]
    server.bytes("/courier.xml", _feed("Courier", [older]))
    await add_feed_and_backfill(db, server.url("/courier.xml"), settings=settings, clock=clock)
    async with Fetcher(settings, clock) as fetcher:
        server.bytes("/courier.xml", _feed("Courier", [*day, older]))
        assert await _poll(db, fetcher, settings, clock) == 2
        assert await _poll(db, fetcher, settings, clock) == 0


async def test_a_title_key_kept_as_a_sighting_of_another_feed_s_article_still_tells_its_entries_apart(
    db, server, clock
):
    """A day-dated feed's entry that another feed had first (the same headline and text: one article, this feed's
    keys a sighting of it) gave its title key to no article of its own: the day's next entry of that headline, another
    link, was taken for the sighting and never stored."""
    settings = loopback_settings()
    headline = "Planning application received"
    first = (headline, "https://planning.example/apps/101", _DAY, _TEXTS[0])
    copied = (headline, "https://courier.example/planning/101-copy", _DAY, _TEXTS[0])
    second = (headline, "https://courier.example/planning/102", _DAY, _TEXTS[1])
    server.bytes("/planning.xml", _feed("Planning", [first]))
    server.bytes("/courier.xml", _feed("Courier", []))
    await add_feed_and_backfill(db, server.url("/planning.xml"), settings=settings, clock=clock)
    await add_feed_and_backfill(db, server.url("/courier.xml"), settings=settings, clock=clock)
    async with Fetcher(settings, clock) as fetcher:
        server.bytes("/courier.xml", _feed("Courier", [copied]))
        assert await _poll(db, fetcher, settings, clock) == 0  # the planning feed's article, seen in this one too
        server.bytes("/courier.xml", _feed("Courier", [second, copied]))
        assert await _poll(db, fetcher, settings, clock) == 1
        assert await _poll(db, fetcher, settings, clock) == 0
    assert (await counts(db))["articles"] == 2


async def test_a_title_key_written_before_it_kept_its_link_stands_for_its_article_s_link(db, server, clock):
    """Title keys written before they kept their entry's link (no ``entry_keys.link``): the article's own link
    stands for it, so the day's next entry of the headline is still told apart, and the first seen again is not."""
    settings = loopback_settings()
    site = "https://courier.example"
    day = [("Verkehrsmeldung", f"{site}/verkehr/{n}", _DAY, text) for n, text in enumerate(_TEXTS[:2], 1)]
    server.bytes("/courier.xml", _feed("Courier", day[:1]))
    await add_feed_and_backfill(db, server.url("/courier.xml"), settings=settings, clock=clock)
    await db.write(lambda conn: conn.execute("UPDATE entry_keys SET link = NULL WHERE key LIKE 'title:%'"))
    async with Fetcher(settings, clock) as fetcher:
        server.bytes("/courier.xml", _feed("Courier", [day[1], day[0]]))
        assert await _poll(db, fetcher, settings, clock) == 1
        assert await _poll(db, fetcher, settings, clock) == 0
    assert (await counts(db))["articles"] == 2
