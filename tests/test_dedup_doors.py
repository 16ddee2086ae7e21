"""One story through several doors (a feed file, a web archive's copy, a channel's post, a clipped note): one story.

Real files read in place by the pipeline, a real store on both engines, the digest as built for a post. Own fixtures.
"""

from __future__ import annotations

import base64
import json
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from feed_server import loopback_settings

from bot.digest.select import build_digest
from bot.ingest.fetch import Fetcher
from bot.ingest.formats.emlrules import unwrap
from bot.ingest.pipeline import ingest_paths
from bot.ingest.poller import poll_once
from bot.ingest.subscribe import add_feed_and_backfill
from bot.store import deliveries, schedules
from bot.store.articles import counts
from bot.store.db import Database
from bot.store.records import TargetRef, TargetTable
from bot.store.search import search
from bot.text.identity import canonical_url

_PAGE = "https://www.tidewater-courier.example/2025/10/16/lock-gates-replaced/"
_FEED_TITLE = "Canal lock gates replaced after forty years"
_STORY = (
    "The oak gates of the canal's lower lock were lifted out on Wednesday and replaced with steel ones, ending "
    "a repair that closed the waterway to boats for six weeks.",
    "The canal trust said the old gates had been patched every winter since they were hung in 1985 and could "
    "no longer hold the water in a dry summer.",
    "Boats may use the lock again from Saturday morning, with a keeper on duty until the end of October.",
)


def _feed(link: str, paragraphs: int = 1) -> str:
    """The paper's feed: its entry is the story's first paragraph (an excerpt), or its first ``paragraphs``."""
    return f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Tidewater Courier</title>
<link>https://www.tidewater-courier.example/</link><description>News</description>
<item><title>{_FEED_TITLE}</title><link>{link}</link><pubDate>Thu, 16 Oct 2025 07:00:00 +0000</pubDate>
<description><![CDATA[{"".join(f"<p>{p}</p>" for p in _STORY[:paragraphs])}]]></description></item></channel></rss>"""


def _wayback_copy(capture: str, headline: str) -> str:
    banner = [f"The Wayback Machine - {capture}", "2 captures", "16 Oct 2025 - 17 Oct 2025", "Sep\tOCT\tNov", "16",
              "2024\t2025\t2026", "About this capture", ""]  # fmt: skip
    return "\n".join([*banner, headline, "", "October 16, 2025", "", *(f"{p}\n" for p in _STORY)])


def _channel_post(link: str) -> str:
    text = [{"type": "bold", "text": "Boats back on the canal from Saturday"},
            "\n\nSix weeks without boats are over: new steel gates at the lower lock. The paper has the story:\n\n",
            {"type": "text_link", "text": "Tidewater Courier", "href": link}]  # fmt: skip
    message = {"id": 41, "type": "message", "date": "2025-10-16T10:00:00", "date_unixtime": "1760608800", "text": text}
    return json.dumps({"name": "Canal Friends", "type": "public_channel", "id": 77, "messages": [message]})


async def _digest_of(db: Database, clock, tmp_path: Path, files: list[tuple[str, str]]) -> list[tuple[str, ...]]:
    """Ingest each file in turn, an hour apart, in place; return the digest's stories (lead source, link, also in)."""
    for n, (name, text) in enumerate(files):
        folder = tmp_path / f"door{n}"
        folder.mkdir()
        (folder / name).write_text(text, encoding="utf-8")
        report = await ingest_paths(db, [folder / name], settings=loopback_settings(), clock=clock, archive=False)
        assert report.failed == 0
        clock.advance(3600)
    digest = await build_digest(db, clock.now() - timedelta(days=2), clock.now())
    return [(item.article.source_name, item.article.article.url or "", *item.also_in) for item in digest.items]


def test_a_web_archive_s_capture_is_known_by_the_page_it_shows() -> None:
    page = canonical_url(_PAGE)
    assert page == "https://tidewater-courier.example/2025/10/16/lock-gates-replaced"
    for capture in (
        f"https://web.archive.org/web/20251016093000/{_PAGE}",
        f"http://web.archive.org/web/20251016093000id_/{_PAGE}?utm_source=feed",
        "https://web.archive.org/web/2025/http://tidewater-courier.example/2025/10/16/lock-gates-replaced",
        "https://web.archive.org/web/20251016093000/tidewater-courier.example/2025/10/16/lock-gates-replaced/",
        f"https://archive.ph/20251016093000/{_PAGE}",
    ):
        assert canonical_url(capture) == page, capture
    # The archive's own pages, and archive.today's short address (which names no page), stay what they are.
    assert canonical_url("https://archive.ph/Xy7Qa") == "https://archive.ph/Xy7Qa"
    assert canonical_url("https://web.archive.org/") == "https://web.archive.org/"
    assert canonical_url("https://web.archive.org/web/20251016093000/https://site.example/?p=12") == (
        "https://site.example/?p=12"
    )


@pytest.mark.parametrize(
    "amp",
    [
        f"{_PAGE}amp/",
        f"{_PAGE}?outputType=amp",
        f"{_PAGE}?amp",
        f"{_PAGE}?amp=1",
        "https://www.tidewater-courier.example/amp/2025/10/16/lock-gates-replaced",
    ],
)
def test_an_amp_copy_is_known_by_its_page(amp: str) -> None:
    assert canonical_url(amp) == canonical_url(_PAGE)


def test_a_path_that_is_only_amp_or_a_parameter_amp_with_another_value_stays() -> None:
    assert canonical_url("https://guitars.example/amp") == "https://guitars.example/amp"
    assert canonical_url("https://news.example/a?outputType=print") == "https://news.example/a?outputType=print"


@pytest.mark.parametrize("wayback_first", [False, True], ids=["feed-first", "copy-first"])
async def test_a_wayback_copy_under_its_own_headline_is_the_feed_s_article(db, clock, tmp_path, wayback_first):
    """The feed's entry, and a pasted copy of the same page read on the Wayback Machine under the page's own,
    longer headline: two stories in one digest (the story was posted twice), as the capture's address was not
    the page's. It is the same article: one story, "also in" the other door; the copy keeps its capture link."""
    capture = f"https://web.archive.org/web/20251016093000/{_PAGE}"
    headline = "After forty years of patching, the lower lock finally gets new steel gates"
    files = [("courier.xml", _feed(_PAGE)), ("lock.txt", _wayback_copy(capture, headline))]
    if wayback_first:
        files.reverse()
    stories = await _digest_of(db, clock, tmp_path, files)
    lead = ("lock.txt", capture, "Tidewater Courier") if wayback_first else ("Tidewater Courier", _PAGE, "lock.txt")
    assert stories == [lead]


@pytest.mark.parametrize("link", [f"{_PAGE}amp/", f"{_PAGE}?outputType=amp"], ids=["amp-path", "amp-query"])
async def test_a_channel_post_linking_to_the_amp_page_is_the_feed_s_story(db, clock, tmp_path, link):
    """A Telegram channel's post, in its own words, linking to the AMP copy of the feed's article: it was a
    second story of its own. The AMP page is the article's page: one story, "also in" the channel."""
    files = [("courier.xml", _feed(_PAGE)), ("result.json", _channel_post(link))]
    assert await _digest_of(db, clock, tmp_path, files) == [("Tidewater Courier", _PAGE, "Canal Friends")]


async def test_a_clipped_note_under_a_long_title_is_the_feed_s_article(db, clock, tmp_path):
    """A note app's clip of the page ("# title" / tags / "[Source](...)"): under a title of eight words or more the
    title was taken for the story's prose, so the address line below it was not read. The note was a second
    article of the story, without a link, and led it: the digest's story had no link to the page."""
    title = "Canal lock gates replaced after forty years of patching"
    note = f"# {title}\n#clippings #canal\n\n[Source]({_PAGE})\n\n" + "\n\n".join(_STORY) + "\n"
    files = [("courier.xml", _feed(_PAGE)), ("lock-gates.md", note)]
    assert await _digest_of(db, clock, tmp_path, files) == [("Tidewater Courier", _PAGE, "lock-gates.md")]


def _alert_mail(link: str, headline: str = "Lower lock's new steel gates open the canal again") -> str:
    wrapped = "https://www.google.com/url?rct=j&amp;sa=t&amp;url=" + quote(link, safe="") + "&amp;ct=ga&amp;usg=AOv"
    html = f"""<html><body><table><tr><td><div>Google Alerts</div><div>canal lock</div>
<div>As-it-happens update &#8901; October 16, 2025</div></td></tr><tr><td>NEWS</td></tr>
<tr><td><a href="{wrapped}">{headline}</a><div>Tidewater Courier</div>
<div>The oak gates of the canal's lower lock were lifted out on Wednesday and replaced with steel ones ...</div>
<div><a href="https://www.google.com/alerts/feedback?ffu=1">Flag as irrelevant</a></div></td></tr>
<tr><td>You have received this email because you have subscribed to <b>Google Alerts</b>.<br>
<a href="https://www.google.com/alerts/remove?s=1">Unsubscribe</a></td></tr></table></body></html>"""
    return (
        "From: Google Alerts <googlealerts-noreply@google.com>\nTo: me@example.org\n"
        "Subject: Google Alert - canal lock\nDate: Thu, 16 Oct 2025 09:30:00 +0000\nMIME-Version: 1.0\n"
        "Content-Type: text/html; charset=utf-8\n\n" + html
    )


@pytest.mark.parametrize("alert_first", [False, True], ids=["feed-first", "alert-first"])
async def test_a_one_result_alert_is_the_feed_s_story(db, clock, tmp_path, alert_first):
    """A search alert's mail with one result (as Google Alerts sends them as they happen): it was an article of
    its own, titled by the subject, without a link: two stories. Its result is the feed's article: one story."""
    files = [("courier.xml", _feed(_PAGE)), ("alert.eml", _alert_mail(_PAGE))]
    if alert_first:
        files.reverse()
    lead = (
        ("Google Alerts", _PAGE, "Tidewater Courier") if alert_first else ("Tidewater Courier", _PAGE, "Google Alerts")
    )
    assert await _digest_of(db, clock, tmp_path, files) == [lead]


def _saved_page() -> str:
    """The paper's page as a browser saves it: the whole text, its own address in the canonical link."""
    body = "".join(f"<p>{p}</p>" for p in _STORY)
    return f"""<!DOCTYPE html><html><head><title>{_FEED_TITLE} | Tidewater Courier</title>
<link rel="canonical" href="{_PAGE}"><meta property="og:site_name" content="Tidewater Courier"></head>
<body><article><h1>{_FEED_TITLE}</h1><time datetime="2025-10-16T07:00:00Z">16 October 2025</time>
{body}</article></body></html>"""


async def _stories(db: Database, clock, tmp_path: Path, files: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Ingest the files an hour apart; return the digest's stories as (lead source, its text)."""
    await _digest_of(db, clock, tmp_path, files)
    return [(item.article.source_name, item.article.article.text) for item in await _items(db, clock)]


async def _found(db: Database, clock, words: str) -> list[str]:
    return [hit.title for hit in (await search(db, words, now=clock.now())).hits]


_WHOLE = "\n\n".join(_STORY)
_CUT_THEN_WHOLE = [
    (("alert.eml", _alert_mail(_PAGE)), ("courier.xml", _feed(_PAGE, paragraphs=3))),
    (("courier.xml", _feed(_PAGE)), ("lock-gates.html", _saved_page())),
]


@pytest.mark.parametrize("cut_first", [True, False], ids=["cut-first", "whole-first"])
@pytest.mark.parametrize(("cut", "whole"), _CUT_THEN_WHOLE, ids=["alert-and-full-feed", "feed-excerpt-and-page"])
async def test_a_fuller_copy_of_the_article_gives_it_its_text(db, clock, tmp_path, cut, whole, cut_first):
    """An alert's one-line snippet or a feed's excerpt stored first, the paper's whole text (its full feed, its
    saved page) later under the same address: the whole text was dropped as the snippet's duplicate, the digest
    showed the snippet, and search found no word of the rest. The fuller copy's text is the article's now (its
    first door and headline stay: one story). The other way round the whole text stays, never the snippet."""
    stories = await _stories(db, clock, tmp_path, [cut, whole] if cut_first else [whole, cut])
    lead = (cut if cut_first else whole)[0]
    assert stories == [("Google Alerts" if lead == "alert.eml" else "Tidewater Courier", _WHOLE)]
    [item] = await _items(db, clock)
    assert item.article.article.key_points == _STORY  # what the post shows: the whole text's key points
    assert await _found(db, clock, "keeper") == [item.article.article.title]  # a word of the last paragraph only


@pytest.mark.parametrize("whole", [_CUT_THEN_WHOLE[0][1], _CUT_THEN_WHOLE[1][1]], ids=["full-feed", "saved-page"])
async def test_a_fuller_copy_is_taken_until_a_post_carries_the_article(db, clock, tmp_path, whole):
    """The alert's snippet, then the feed's excerpt (its first paragraph, fuller than the snippet): taken. Once a
    post carried the article, the whole text arriving later changes nothing (the archive shows what was posted),
    and nothing of it is posted again."""
    await _digest_of(db, clock, tmp_path, [("alert.eml", _alert_mail(_PAGE)), ("courier.xml", _feed(_PAGE))])
    [item] = await _items(db, clock)
    posted_id, excerpt = item.article.id, item.article.article.text
    assert excerpt == _STORY[0]
    sched = await schedules.set_schedule(
        db, channel_id=111, guild_id=5, time="07:30", timezone="UTC", topic=None, now=clock.now()
    )
    target = TargetRef(TargetTable.SCHEDULE, sched.id)
    claimed = await deliveries.claim(db, sink="discord", target=target, slot="d1", now=clock.now(), channel_id=111)
    assert claimed is not None
    await deliveries.mark_sent(db, claimed.id, now=clock.now(), message_ids=["1"], article_ids=[posted_id])
    later = tmp_path / "later"
    later.mkdir()
    await _digest_of(db, clock, later, [whole])
    assert [(i.article.id, i.article.article.text) for i in await _items(db, clock)] == [(posted_id, excerpt)]
    assert (await counts(db))["articles"] == 1  # nothing new a digest could post
    assert await _found(db, clock, "keeper") == []


async def _items(db: Database, clock):
    return (await build_digest(db, clock.now() - timedelta(days=2), clock.now())).items


def _site_feed(site: str, entries: list[tuple[str, str, str, str]]) -> str:
    """A site's feed of (headline, link, date as RFC 822, text) entries."""
    items = "".join(
        f"<item><title>{title}</title><link>{link}</link><guid>{link}</guid><pubDate>{when}</pubDate>"
        f"<description><![CDATA[<p>{text}</p>]]></description></item>"
        for title, link, when, text in entries
    )
    return f"""<?xml version="1.0"?><rss version="2.0"><channel><title>{site}</title>
<link>https://{site.lower().replace(" ", "")}.example/</link><description>News</description>{items}</channel></rss>"""


_THU, _FRI = "Thu, 16 Oct 2025 07:00:00 +0000", "Fri, 17 Oct 2025 07:00:00 +0000"
_AMPS = "Twelve small valve amplifiers went through a month of rehearsals; two of them outlasted the drummer."
_REVIEWS = "This month's reviews: three acoustic guitars under five hundred pounds and a capo that stays put."


@pytest.mark.parametrize(
    ("section", "amplifiers"),
    [("/reviews", "/reviews/amp"), ("/reviews", "/amp/reviews")],
    ids=["amp-last", "amp-first"],
)
async def test_a_page_named_amp_is_not_the_amp_copy_of_another(db, clock, tmp_path, section, amplifiers):
    """A guitar magazine's amplifier reviews at ``/reviews/amp`` were taken for the AMP copy of ``/reviews``: the
    second page to arrive was stored as the first one's duplicate, a story lost. A path's segment "amp" marks an
    AMP copy only beside an article's own address (a slug, a number)."""
    site = "https://www.tonewood.example"
    files = [
        ("amps.xml", _site_feed("Tonewood", [("Small valve amps tested", site + amplifiers, _THU, _AMPS)])),
        ("reviews.xml", _site_feed("Tonewood", [("Reviews of the month", site + section, _THU, _REVIEWS)])),
    ]
    stories = await _digest_of(db, clock, tmp_path, files)
    assert sorted(link for _source, link, *_also in stories) == sorted([site + amplifiers, site + section])


async def test_a_single_page_site_s_stories_are_told_apart_by_their_routes(db, clock, tmp_path):
    """A single-page site's feed links its stories as routes in the fragment (``#!/story/1``). The fragment was
    dropped from the canonical URL, so every story of the site had the site's address: the next day's story was
    stored as the first one's duplicate and never posted. A route is part of the page's address."""
    site = "https://harbourwatch.example/"
    first = ("Ferry timetable changes from Monday", f"{site}#!/story/101", _THU, _AMPS)
    second = ("Harbour wall repairs start next week", f"{site}#!/story/102", _FRI, _REVIEWS)
    files = [("day1.xml", _site_feed("Harbourwatch", [first])), ("day2.xml", _site_feed("Harbourwatch", [second]))]
    stories = await _digest_of(db, clock, tmp_path, files)
    assert sorted(link for _source, link, *_also in stories) == [first[1], second[1]]


def test_a_route_in_the_fragment_is_kept_and_a_place_on_the_page_is_not() -> None:
    assert canonical_url("https://spa.example/#!/story/1") == "https://spa.example/#!/story/1"
    assert canonical_url("https://spa.example/#/story/1/") == "https://spa.example/#!/story/1"
    assert canonical_url("https://spa.example/?_escaped_fragment_=/story/1") == "https://spa.example/#!/story/1"
    assert canonical_url("https://spa.example/?utm_source=x#!/story/1") == "https://spa.example/#!/story/1"
    for place in ("#comments", "#!/", "#/", "#"):
        assert canonical_url(f"https://news.example/a{place}") == "https://news.example/a"


@pytest.mark.parametrize(
    "link", ["https://news.example/view?id=5", "https://news.example/?p=5", "https://news.example/a?article=5",
             "https://news.example/a?story=5", "https://news.example/Story-5", "https://news.example/a/index.html"],
)  # fmt: skip
def test_an_address_s_own_parameters_and_path_are_kept(link: str) -> None:
    """What names the page stays: a parameter that is no tracking, the path's case, its file name."""
    assert canonical_url(link) == link


@pytest.mark.parametrize(
    "headline",
    ["Letters to the editor", "Morning briefing: Thursday 16 October", "Live updates", "Weather forecast",
     "Corrections and clarifications",
     # Other languages' columns (an English list only read them as any headline: one story of two papers')
     "Leserbriefe", "Revue de presse", "Cartas al director", "Lettere al direttore", "Météo du jour"],
)  # fmt: skip
async def test_two_outlets_columns_of_one_name_are_two_stories(db, clock, tmp_path, headline):
    """Two papers' letters pages (or briefings, live pages, forecasts, corrections) under one column name were one
    story: the digest, which shows a story once, showed one paper's and "also in" the other. Different letters."""
    files = [
        ("courier.xml", _site_feed("Courier", [(headline, "https://courier.example/c/1", _THU, _AMPS)])),
        ("gazette.xml", _site_feed("Gazette", [(headline, "https://gazette.example/g/1", _THU, _REVIEWS)])),
    ]
    stories = await _digest_of(db, clock, tmp_path, files)
    assert sorted(stories) == [("Courier", "https://courier.example/c/1"), ("Gazette", "https://gazette.example/g/1")]


async def test_a_column_s_same_teaser_on_two_days_is_two_articles(db, clock, tmp_path):
    """A paper's daily briefing, its feed entry the same teaser each day: Friday's was stored as the duplicate of
    Thursday's (the same headline and text: the same fingerprint) and never posted."""
    teaser = "Your briefing for the day: the stories that matter this morning, in five minutes."
    thursday = ("Morning briefing", "https://courier.example/briefing/2025-10-16", _THU, teaser)
    friday = ("Morning briefing", "https://courier.example/briefing/2025-10-17", _FRI, teaser)
    files = [("thu.xml", _site_feed("Courier", [thursday])), ("fri.xml", _site_feed("Courier", [friday]))]
    stories = await _digest_of(db, clock, tmp_path, files)
    assert sorted(stories) == [("Courier", thursday[1]), ("Courier", friday[1])]
    assert (await counts(db))["articles"] == 2


def _substack_redirect(link: str) -> str:
    """Substack's click-tracking link: a JSON Web Token's claims (the address under "e") and its signature."""
    claims = {"e": link, "p": 4021, "s": 77, "f": True, "u": 9015, "iss": "pub-77", "sub": "link-redirect"}
    return "https://substack.com/redirect/2/" + _base64(json.dumps(claims)) + ".kV3x0-Signature_9q"


def _base64(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


_TRACKED = {
    "substack": _substack_redirect,
    "base64-path": lambda link: f"https://links.letterbox.example/ss/c/{_base64(link)}/4a1/h7",
}


def _curated_letter(canal_link: str) -> str:
    """A curated newsletter of three stories, each a headline in the letter's own words, a link and a blurb."""
    stories = [
        ("Boats are back: the lower lock reopens", canal_link,
         "Six weeks without boats end on Saturday, when the lower lock opens again with new steel gates."),
        ("Towpath cafe wins its late licence", "https://www.towpath.example/news/cafe-licence",
         "The cafe by the swing bridge may stay open until nine in the evening from May to September."),
        ("Kingfishers counted along the cut", "https://www.wildwater.example/kingfisher-count-2025",
         "Volunteers counted eleven breeding pairs between the basin and the aqueduct, three more than last year."),
    ]  # fmt: skip
    rows = "".join(
        f'<tr><td><h3><a href="{url}">{title}</a></h3><p>{blurb}</p></td></tr>' for title, url, blurb in stories
    )
    return (
        "From: Canal Weekly <letter@canalweekly.example>\nTo: me@example.org\n"
        "Subject: Canal Weekly: locks, cafes, birds\nDate: Thu, 16 Oct 2025 09:30:00 +0000\nMIME-Version: 1.0\n"
        "Content-Type: text/html; charset=utf-8\n\n"
        f"<html><body><table><tr><td><h1>Canal Weekly</h1></td></tr>{rows}</table></body></html>"
    )


@pytest.mark.parametrize("letter_first", [False, True], ids=["feed-first", "letter-first"])
@pytest.mark.parametrize("tracker", list(_TRACKED))
async def test_a_newsletter_s_tracked_link_that_carries_its_address_is_the_feed_s_article(
    db, clock, tmp_path, tracker, letter_first
):
    """A curated newsletter tells the canal story under its own headline, its link Substack's click-tracking redirect
    (the address in a token's claims) or another tracker's base64 path: the story was posted twice, once under the
    tracking link. The address the link carries is the story's: one story, the feed's page as its link."""
    files = [("courier.xml", _feed(_PAGE)), ("weekly.eml", _curated_letter(_TRACKED[tracker](_PAGE)))]
    if letter_first:
        files.reverse()
    stories = await _digest_of(db, clock, tmp_path, files)
    canal = [story for story in stories if story[1] == _PAGE]
    lead = (
        ("Canal Weekly", _PAGE, "Tidewater Courier") if letter_first else ("Tidewater Courier", _PAGE, "Canal Weekly")
    )
    assert canal == [lead]
    assert len(stories) == 3


def test_a_tracked_link_that_names_no_address_stays_as_it_is() -> None:
    """Mailchimp's and SendGrid's tracking links hold only their own key: the address is the tracker's to tell."""
    for link in (
        "https://canalweekly.us21.list-manage.com/track/click?u=5f2a&id=0c3e0&e=8b1d0",
        "https://u123.ct.sendgrid.net/ls/click?upn=u001.Zx0Yq9pLmN80kT",
        "https://substack.com/redirect/2/" + _base64('{"alg":"HS256","typ":"JWT"}') + ".c2ln",
    ):
        assert unwrap(link) == link


async def test_a_letter_s_blurb_in_its_own_words_gives_way_to_the_page_s_text(db, clock, tmp_path):
    """A curated letter's story, a blurb in the letter's own words linking to the page, stored first; the paper's
    saved page later: the page was dropped as the blurb's duplicate (no cut excerpt of it), so the digest showed the
    blurb and search found nothing of the article. Under the page's own address the page's text is the article's."""
    stories = await _stories(
        db, clock, tmp_path, [("weekly.eml", _curated_letter(_PAGE)), ("lock.html", _saved_page())]
    )
    canal = [(source, text) for source, text in stories if "lock" in text]
    assert canal == [("Canal Weekly", _WHOLE)]
    assert await _found(db, clock, "keeper") == ["Boats are back: the lower lock reopens"]


async def test_an_alert_s_cut_headline_gives_way_to_the_whole_one(db, clock, tmp_path):
    """An alert's result under a headline cut at its length limit, then the paper's full entry: the text was taken,
    the cut headline stayed ("Canal lock gates replaced after forty ..."). The whole headline it opens is taken."""
    alert = _alert_mail(_PAGE, "Canal lock gates replaced after forty ...")
    await _digest_of(db, clock, tmp_path, [("alert.eml", alert), ("courier.xml", _feed(_PAGE, paragraphs=3))])
    [item] = await _items(db, clock)
    assert (item.article.article.title, item.article.article.text) == (_FEED_TITLE, _WHOLE)
    assert await _found(db, clock, "forty years") == [_FEED_TITLE]


async def test_a_day_dated_feed_s_two_columns_of_one_day_are_two_entries(db, server, clock):
    """A polled feed without GUIDs that dates its entries by the day (midnight): the day's second "Letters to the
    editor", another link and other letters, was taken for the first by its title and date, and never stored."""
    settings = loopback_settings()
    day = "Thu, 16 Oct 2025 00:00:00 +0000"
    first = ("Letters to the editor", "https://courier.example/letters/1", day, _AMPS)
    second = ("Letters to the editor", "https://courier.example/letters/2", day, _REVIEWS)
    older = ("Harbour notices", "https://courier.example/notices/1", "Wed, 15 Oct 2025 00:00:00 +0000", _REVIEWS)
    without_guids = [(_site_feed("Courier", entries).replace("<guid>", "<x>").replace("</guid>", "</x>")) for entries in
                ([older], [first, older], [second, first, older])]  # fmt: skip
    async with Fetcher(settings, clock) as fetcher:
        server.bytes("/courier.xml", without_guids[0].encode())
        await add_feed_and_backfill(db, server.url("/courier.xml"), settings=settings, clock=clock)
        for document in without_guids[1:]:
            server.bytes("/courier.xml", document.encode())
            clock.advance(20 * 60)
            assert (await poll_once(db, fetcher=fetcher, settings=settings, clock=clock)).ingest.new == 1
        clock.advance(20 * 60)  # the same document again: nothing new
        assert (await poll_once(db, fetcher=fetcher, settings=settings, clock=clock)).ingest.new == 0
    assert (await counts(db))["articles"] == 3
