"""Aggregator newsletters (.eml) become one article per story; letters and single articles stay one article.

Every mail here is written for these tests: four common newsletter layouts, and three mails that must not split.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.message import EmailMessage
from urllib.parse import quote

import pytest

from bot.config import Settings
from bot.errors import ParseError
from bot.ingest.formats import parse_retrieved
from bot.ingest.pipeline import ingest_paths
from bot.models import Article, ArticleImage, Retrieved

NOW = datetime(2025, 10, 17, 9, 0, tzinfo=UTC)
DATE = "Thu, 16 Oct 2025 06:45:00 +0200"


def mail(*, sender: str, subject: str, plain: str | None = None, html: str | None = None) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "reader@example.org"
    message["Subject"] = subject
    message["Date"] = DATE
    message["List-Unsubscribe"] = "<mailto:leave@lists.example>"
    if plain is not None:
        message.set_content(plain)
    if html is not None:
        if plain is None:
            message.set_content(html, subtype="html")
        else:
            message.add_alternative(html, subtype="html")
    return bytes(message)


def parse(data: bytes, name: str = "letter.eml") -> list[Article]:
    return parse_retrieved(Retrieved(data=data, name=name, location=f"/drop/{name}"), now=NOW, key_points=2)


FOOTER_HTML = """
<table><tr><td><p>You are receiving this email because you signed up at coastwire.example.</p>
<p><a href="https://lists.example/unsubscribe?u=77">Unsubscribe</a> |
<a href="https://lists.example/preferences?u=77">Manage preferences</a></p>
<p><a href="https://twitter.com/coastwire">Twitter</a> <a href="https://www.facebook.com/coastwire">Facebook</a></p>
<p>© 2025 Coast Wire, 4 Harbour Lane</p></td></tr></table>"""


def click(url: str) -> str:
    """A click-tracking redirect that carries the story's address, as mailing services write them."""
    return "https://click.lists.example/track?u=" + url.replace(":", "%3A").replace("/", "%2F") + "&amp;id=9f3"


TABLE_STORIES = [
    (
        "Ferry operator adds a late crossing on Fridays",
        "https://harbourpost.example/news/ferry-late-crossing",
        "From November a last boat leaves the pier at 23:40, after months of requests from people working late.",
    ),
    (
        "Old customs hall to house the fish market",
        "https://dailyquay.example/2025/10/customs-hall-market",
        "Traders move indoors in January; the council pays for the roof repairs and rents the stalls at cost.",
    ),
    (
        "Lighthouse keepers' cottages open as a museum",
        "https://coastnotes.example/lighthouse-cottages",
        "The two cottages were restored by volunteers over four winters and open every weekend from spring.",
    ),
    (
        "Sea wall repairs finish two weeks early",
        "https://harbourpost.example/news/sea-wall",
        "Engineers said the mild weather in September let crews work through every high tide of the month.",
    ),
]


def table_newsletter() -> bytes:
    rows = "".join(
        f"""<tr><td width="120"><img src="https://cdn.coastwire.example/thumbs/{n}.jpg" width="120" height="80"
        alt="Picture for story {n}"></td><td><a href="{click(url)}"><b>{title}</b></a><br>
        <span style="color:#555">{blurb}</span></td></tr>"""
        for n, (title, url, blurb) in enumerate(TABLE_STORIES, 1)
    )
    html = f"""<html><body>
    <table><tr><td><a href="https://lists.example/view?id=5">View this email in your browser</a></td></tr></table>
    <table><tr><td><img src="https://cdn.coastwire.example/logo.png" alt="Coast Wire logo" width="200" height="60">
    </td></tr></table>
    <table><tr><td><h1>This week on the coast</h1></td></tr>{rows}</table>{FOOTER_HTML}</body></html>"""
    return mail(sender='"Coast Wire" <digest@coastwire.example>', subject="Coast Wire: this week", html=html)


def test_html_table_newsletter_splits_into_its_stories():
    articles = parse(table_newsletter())
    assert [(a.title, a.url) for a in articles] == [(t, u) for t, u, _ in TABLE_STORIES]
    assert [a.body for a in articles] == [(b,) for _, _, b in TABLE_STORIES]
    for n, article in enumerate(articles, 1):
        assert article.published == datetime.fromisoformat("2025-10-16T06:45:00+02:00")
        assert article.source == "Coast Wire"
        assert article.key_points  # each story is an article like any other
        assert article.image == ArticleImage(
            f"https://cdn.coastwire.example/thumbs/{n}.jpg", f"Picture for story {n}", 120, 80
        )
    assert "unsubscribe" not in str(articles).lower()
    assert "twitter.com" not in str(articles)


def test_div_and_heading_newsletter_with_read_more_links():
    html = """<html><body><div class="wrap"><p><a href="https://lists.example/view/3">View online</a></p>
    <div class="story"><h2><a href="https://rivers.example/weir">Weir rebuilt so salmon can pass again</a></h2>
      <p>The new fish pass opened on Tuesday. Anglers counted the first salmon above the weir the same evening.</p>
    </div>
    <div class="story"><h2><a href="https://rivers.example/floods">Flood maps redrawn for three valleys</a></h2>
      <p>Two hundred homes are now outside the flood zone; forty more are inside it for the first time.</p>
      <p>Insurers have until March to update their prices.</p></div>
    <div class="story"><h3>Boat clubs share one slipway from next season</h3>
      <p>The rowing and sailing clubs signed a ten-year agreement after a summer of arguments over the ramp.</p>
      <p><a href="https://rivers.example/slipway">Read more &rarr;</a></p></div>
    <div class="story"><h2><a href="https://rivers.example/bridge">Footbridge closed for a week of painting</a></h2>
      <p>Walkers are sent round by the mill; the path reopens on the 24th if the weather holds.</p></div>
    <p>Sent by River Desk · <a href="https://rivers.example/unsubscribe">unsubscribe</a></p>
    </div></body></html>"""
    articles = parse(mail(sender="River Desk <desk@rivers.example>", subject="Rivers weekly", html=html))
    assert [a.url for a in articles] == [
        "https://rivers.example/weir",
        "https://rivers.example/floods",
        "https://rivers.example/slipway",
        "https://rivers.example/bridge",
    ]
    assert articles[2].title == "Boat clubs share one slipway from next season"
    assert articles[1].body == (
        "Two hundred homes are now outside the flood zone; forty more are inside it for the first time.",
        "Insurers have until March to update their prices.",
    )
    assert all("Read more" not in " ".join(a.body) for a in articles)
    assert {a.source for a in articles} == {"River Desk"}


PLAIN_BLOCKS = """THE MORNING TIDE -- 16 October

Harbour master retires after thirty years
https://tidewatch.example/harbour-master-retires
She oversaw the dredging of the channel and the new marina. Her deputy takes over in December.

Council votes to keep the night buses
https://tidewatch.example/night-buses?utm_source=newsletter
The four routes were due to end in January; a grant from the port pays for two more years.

Storm damage: beach huts to be rebuilt
<https://tidewatch.example/beach-huts>
Thirty huts were lost in the September storm. Owners will get new ones at the old rent.

--
You are receiving this because you subscribed at tidewatch.example.
Unsubscribe: https://tidewatch.example/unsubscribe?id=12
"""


def test_plain_text_headline_url_blurb_blocks():
    articles = parse(mail(sender="digest@tidewatch.example", subject="The Morning Tide", plain=PLAIN_BLOCKS))
    assert [a.title for a in articles] == [
        "Harbour master retires after thirty years",
        "Council votes to keep the night buses",
        "Storm damage: beach huts to be rebuilt",
    ]
    assert articles[1].url == "https://tidewatch.example/night-buses?utm_source=newsletter"
    assert articles[2].url == "https://tidewatch.example/beach-huts"
    assert articles[0].body == (
        "She oversaw the dredging of the channel and the new marina. Her deputy takes over in December.",
    )
    assert {a.source for a in articles} == {"digest@tidewatch.example"}  # no display name: the address
    assert all("nsubscribe" not in " ".join(a.body) for a in articles)


MARKDOWN_BULLETS = """Hi all, here are this week's links.

## Town

- [Market square gets new benches and trees](https://townlinks.example/benches) - Twelve benches and six oaks, paid
  for by the summer fair's takings.
- [School crossing patrol returns to Mill Road](https://townlinks.example/crossing) \u2013 After a year without one,
  parents raised the money for a warden themselves.
* [Library's late opening becomes permanent](https://townlinks.example/library): The trial ran since May and
  doubled evening visits.

## Elsewhere

1. [Canal towpath resurfaced between the two locks](https://townlinks.example/towpath) — Cyclists and walkers get a
   wider path; the work took six weeks.

Thanks for reading! Reply to this mail to suggest a link.
[Unsubscribe](https://townlinks.example/unsubscribe)
"""


def test_markdown_bullets_with_links():
    articles = parse(
        mail(sender='"Town Links" <hello@townlinks.example>', subject="Town Links #42", plain=MARKDOWN_BULLETS)
    )
    assert [a.url for a in articles] == [
        "https://townlinks.example/benches",
        "https://townlinks.example/crossing",
        "https://townlinks.example/library",
        "https://townlinks.example/towpath",
    ]
    assert articles[0].title == "Market square gets new benches and trees"
    assert articles[0].body == ("Twelve benches and six oaks, paid for by the summer fair's takings.",)
    assert articles[2].body == ("The trial ran since May and doubled evening visits.",)
    assert articles[3].body == ("Cyclists and walkers get a wider path; the work took six weeks.",)
    # The sign-off after the last story (its own paragraph) is not part of that story.


# --- mails that must stay one article ---------------------------------------------------------------------


def test_a_personal_letter_with_a_couple_of_links_stays_one_article():
    html = """<html><body><p>Dear Sam,</p>
    <p>Thanks for the walk on Sunday. I found the <a href="https://maps.example/coast-path">map of the coast path</a>
    we talked about, and the <a href="https://trains.example/times">train times</a> for the way back.</p>
    <p>Shall we try the northern stretch next month? Let me know which weekend suits you.</p>
    <p>Best wishes,<br>Alex</p></body></html>"""
    plain = (
        "Dear Sam,\n\nThanks for the walk on Sunday. I found the map of the coast path we talked about:\n"
        "https://maps.example/coast-path\n\nand the train times for the way back:\nhttps://trains.example/times\n\n"
        "Shall we try the northern stretch next month? Let me know which weekend suits you.\n\nBest wishes,\nAlex\n"
    )
    (article,) = parse(mail(sender="Alex Moor <alex@mail.example>", subject="Sunday's walk", plain=plain, html=html))
    assert article.title == "Sunday's walk"
    assert article.source == "Alex Moor"


def test_a_single_long_article_with_inline_and_heading_links_stays_one_article():
    section = (
        "The plan was first drawn up in 2019, when the harbour board asked engineers to look again at the old "
        "quays and at what it would cost to keep them standing for another fifty years. "
    ) * 5
    html = f"""<html><body><h1>How the harbour was saved</h1>
    <p>By Jo Reed. Read the <a href="https://port.example/report">full report</a> or the
    <a href="https://port.example/summary">summary</a> first.</p>
    <h2><a href="https://port.example/part-1">The survey that changed the plan</a></h2><p>{section}</p><p>{section}</p>
    <h2><a href="https://port.example/part-2">Money from three directions at once</a></h2><p>{section}</p>
    <h2><a href="https://port.example/part-3">What the quays look like in ten years</a></h2><p>{section}</p>
    <p><a href="https://port.example/unsubscribe">Unsubscribe</a></p></body></html>"""
    (article,) = parse(mail(sender="Port Magazine <mag@port.example>", subject="How the harbour was saved", html=html))
    assert article.title == "How the harbour was saved"
    assert len(" ".join(article.body)) > 2000


def test_a_mail_whose_only_links_are_footer_and_social_links_stays_one_article():
    html = f"""<html><body>
    <p><a href="https://lists.example/view/8">View this email in your browser</a></p>
    <h1>Our office is closed on Monday</h1>
    <p>The office at 4 Harbour Lane is closed on Monday for the bank holiday. Orders placed over the weekend are sent
    on Tuesday morning.</p>
    <p><a href="https://www.instagram.com/coastwire">Follow us on Instagram for updates</a></p>
    <p><a href="https://www.linkedin.com/company/coastwire">Connect with the team on LinkedIn</a></p>
    <p><a href="https://lists.example/forward?id=8">Forward this email to a friend</a></p>
    {FOOTER_HTML}</body></html>"""
    (article,) = parse(mail(sender='"Coast Wire" <digest@coastwire.example>', subject="Office closed", html=html))
    assert article.title == "Office closed"
    assert "closed on Monday" in " ".join(article.body)


def test_two_stories_are_not_a_newsletter():
    html = "".join(
        f'<h2><a href="{u}">{t}</a></h2><p>{b}</p>' for t, u, b in TABLE_STORIES[:2]
    )  # a "several" needs at least three
    (article,) = parse(
        mail(sender="x@coastwire.example", subject="Two things", html=f"<html><body>{html}</body></html>")
    )
    assert article.title == "Two things"


# --- stored: one file, several articles with their own identities -------------------------------------------


async def test_a_newsletter_file_stores_one_article_per_story_and_again_none(db, clock, tmp_path):
    drop = tmp_path / "inbox"
    drop.mkdir()
    (drop / "coast.eml").write_bytes(table_newsletter())
    settings = Settings(database_path=tmp_path / "test.db")
    report = await ingest_paths(db, [drop], settings=settings, clock=clock)
    assert (report.new, report.duplicate, report.failed) == (4, 0, 0)
    rows = await db.fetchall(
        "SELECT a.title, a.url, a.image_url, s.name FROM articles a JOIN sources s ON s.id = a.source_id ORDER BY a.id"
    )
    assert [(r["title"], r["url"], r["name"]) for r in rows] == [(t, u, "Coast Wire") for t, u, _ in TABLE_STORIES]
    assert rows[0]["image_url"] == "https://cdn.coastwire.example/thumbs/1.jpg"
    keys = await db.fetchall("SELECT key, article_id FROM entry_keys")
    assert len({k["key"] for k in keys}) == len(keys) == 4
    assert len({k["article_id"] for k in keys}) == 4
    # The same mail dropped again adds nothing.
    (drop / "coast.eml").write_bytes(table_newsletter())
    clock.advance(60)
    again = await ingest_paths(db, [drop], settings=settings, clock=clock)
    assert (again.new, again.duplicate) == (0, 4)


def test_headlines_that_sound_like_footer_words_are_still_stories():
    stories = [
        ("Harbour board looks forward to a quieter winter", "https://quaynews.example/profile-of-the-board"),
        ("Residents opt out of the parking scheme", "https://quaynews.example/parking"),
        ("Thousands sign up for the new ferry pass", "https://quaynews.example/ferry-pass"),
    ]
    html = "".join(
        f'<tr><td><a href="{url}">{title}</a><br>A short blurb of a sentence or two about {title.lower()}.</td></tr>'
        for title, url in stories
    )
    articles = parse(mail(sender="q@quaynews.example", subject="Quay", html=f"<table>{html}</table>"))
    assert [(a.title, a.url) for a in articles] == stories


def test_click_tracking_links_are_unwrapped_in_query_or_path():
    lines = [
        ("Pier cafe reopens under new owners", "https://t.mailer.example/c?url=https%3A%2F%2Fpiercafe.example%2Fnew"),
        (
            "Sailing school adds winter courses",
            "https://t.mailer.example/CL0/https:%2F%2Fsail.example%2Fwinter/1/0100ab",
        ),
        ("Marina fees frozen for another year", "https://marina.example/fees"),
    ]
    plain = "\n\n".join(f"{t}\n{u}\nA blurb long enough to be a blurb about it." for t, u in lines)
    articles = parse(mail(sender="links@mailer.example", subject="Links", plain=plain))
    assert [a.url for a in articles] == [
        "https://piercafe.example/new",
        "https://sail.example/winter",
        "https://marina.example/fees",
    ]


def test_a_huge_newsletter_is_read_quickly_and_capped():
    import time

    rows = "".join(
        f'<tr><td><a href="https://many.example/{n}">Story number {n} of the long list</a><br>'
        f"Blurb {n}: a sentence that says what happened today.</td></tr>"
        for n in range(3000)
    )
    started = time.perf_counter()
    articles = parse(mail(sender="m@many.example", subject="Many", html=f"<table>{rows}</table>"))
    assert time.perf_counter() - started < 20
    assert len(articles) == 100
    assert len({a.url for a in articles}) == 100


def _alert_html(story_rows: str) -> str:
    return f"""<html><body><table><tr><td><div style="font-size:20px">News alerts</div><div>harbour ferries</div>
    <div>Daily update &#8901; October 16, 2025</div></td></tr><tr><td>NEWS</td></tr>{story_rows}
    <tr><td>You have received this email because you subscribed to <b>News alerts</b>.<br>
    <a href="https://alerts.example/remove?id=4">Unsubscribe</a> | <a href="https://alerts.example/all">View all your
    alerts</a></td></tr></table></body></html>"""


def test_an_alert_digest_s_loose_linked_headlines_are_its_stories():
    """A search alert's digest (Google Alerts' layout): each story's link stands loose in its cell, over a source's
    name and a snippet in blocks. The links were no block's text: the mail was one article of every snippet."""
    rows = "".join(
        f"""<tr><td><a href="https://www.alerts.example/url?rct=j&amp;sa=t&amp;url={url}&amp;ct=ga">{title}</a>
        <div>{source}</div><div>{blurb}</div><div><a href="https://alerts.example/flag?id={n}">Flag as
        irrelevant</a></div></td></tr>"""
        for n, ((title, url, blurb), source) in enumerate(
            zip(TABLE_STORIES, ["Harbour Post", "The Daily Quay", "Coast Notes", "Harbour Post"], strict=True)
        )
    )
    html = _alert_html(rows)
    articles = parse(mail(sender="News alerts <alerts-noreply@alerts.example>", subject="Alert - ferries", html=html))
    assert [(a.title, a.url) for a in articles] == [(t, u) for t, u, _ in TABLE_STORIES]
    assert [a.body for a in articles] == [(b,) for _, _, b in TABLE_STORIES]  # the source's name is no text


def test_a_link_inside_running_text_loose_in_a_cell_is_no_headline():
    """The same cells with each link inside a sentence: references in a letter, not stories."""
    rows = "".join(
        f"""<tr><td>We liked <a href="{url}">{title}</a> this week, and so did our readers.
        <div>{blurb}</div></td></tr>"""
        for title, url, blurb in TABLE_STORIES
    )
    articles = parse(mail(sender="News alerts <a@alerts.example>", subject="Our week", html=_alert_html(rows)))
    assert len(articles) == 1


def test_an_alert_digest_in_plain_text_closes_each_story_with_its_address():
    """The same digest's text part: "Headline / Source / snippet / <address>" blocks. One article of it all, with
    the tracking addresses in its text."""
    blocks = [
        f"{title}\n{source}\n{blurb}\n<https://www.alerts.example/url?rct=j&sa=t&url={url}&ct=ga>\n"
        for (title, url, blurb), source in zip(
            TABLE_STORIES, ["Harbour Post", "The Daily Quay", "Coast Notes", "Harbour Post"], strict=True
        )
    ]
    plain = "=== News - 4 new results for [harbour] ===\n\n" + "\n".join(blocks) + "\nUnsubscribe from this alert.\n"
    articles = parse(mail(sender="News alerts <alerts-noreply@alerts.example>", subject="Alert - harbour", plain=plain))
    assert [(a.title, a.url) for a in articles] == [(t, u) for t, u, _ in TABLE_STORIES]
    assert [a.body for a in articles] == [(b,) for _, _, b in TABLE_STORIES]


def _alert_rows(stories: list[tuple[str, str, str]]) -> str:
    return "".join(
        f"""<tr><td><a href="https://www.alerts.example/url?rct=j&amp;sa=t&amp;url={quote(url, safe="")}&amp;ct=ga">
        {title}</a><div>Harbour Post</div><div>{blurb}</div><div><a href="https://alerts.example/flag?id={n}">Flag as
        irrelevant</a></div></td></tr>"""
        for n, (title, url, blurb) in enumerate(stories)
    )


@pytest.mark.parametrize("results", [1, 2])
def test_an_alert_digest_with_one_or_two_results_is_its_stories(results: int) -> None:
    """An alert's digest with fewer results than a newsletter's "several": it was one article titled by the subject,
    with no link and every snippet for text, so the story never met the feed's telling of it. Each headline's link
    names its story's address through the alert's redirect, and the mail says nothing else: they are its stories."""
    html = _alert_html(_alert_rows(TABLE_STORIES[:results]))
    articles = parse(mail(sender="News alerts <alerts-noreply@alerts.example>", subject="Alert - ferries", html=html))
    assert [(a.title, a.url, a.body) for a in articles] == [(t, u, (b,)) for t, u, b in TABLE_STORIES[:results]]


@pytest.mark.parametrize("results", [1, 2])
def test_a_plain_text_alert_with_one_or_two_results_is_its_stories(results: int) -> None:
    """The same alert sent as plain text only ("Headline / Source / snippet / <redirect>"): one article of the
    subject, with no link, as the HTML one was (`dedup30` left it: only HTML links were asked for their redirect)."""
    blocks = [
        f"{title}\nHarbour Post\n{blurb}\n<https://www.alerts.example/url?rct=j&sa=t&url={url}&ct=ga>\n"
        for title, url, blurb in TABLE_STORIES[:results]
    ]
    plain = "=== News - new results for [harbour] ===\n\n" + "\n".join(blocks) + "\nUnsubscribe from this alert.\n"
    articles = parse(mail(sender="News alerts <alerts-noreply@alerts.example>", subject="Alert - harbour", plain=plain))
    assert [(a.title, a.url, a.body) for a in articles] == [(t, u, (b,)) for t, u, b in TABLE_STORIES[:results]]


def test_one_redirected_story_beside_a_letter_s_own_prose_stays_one_article() -> None:
    letter = (
        "<tr><td><p>Dear members, the harbour committee meets on Thursday evening in the old customs hall, and we "
        "would like as many of you there as possible to talk about the ferry timetable.</p></td></tr>"
    )
    html = _alert_html(letter + _alert_rows(TABLE_STORIES[:1]))
    (article,) = parse(mail(sender="Harbour Club <club@alerts.example>", subject="Thursday", html=html))
    assert article.title == "Thursday"


# --- advertisements laid out as stories ---------------------------------------------------------------------


def _sponsored_html(label: str) -> str:
    stories = [f'<tr><td><h2><a href="{u}">{t}</a></h2><p>{b}</p></td></tr>' for t, u, b in TABLE_STORIES[:3]]
    advert = (
        f'<tr><td><p style="text-transform:uppercase">{label}</p><h2><a href="https://quaybank.example/open?ref=nl">'
        "Banking that floats with the tide</a></h2><p>Quaybank gives islanders free transfers to the mainland. "
        "Open an account in five minutes.</p></td></tr>"
    )
    return f"<html><body><table>{stories[0]}{advert}{''.join(stories[1:])}</table>{FOOTER_HTML}</body></html>"


@pytest.mark.parametrize(
    "label", ["Together with Quaybank", "SPONSORED BY QUAYBANK", "A message from Quaybank", "Sponsor: Quaybank"]
)
def test_a_sponsor_s_block_under_its_label_is_no_story(label: str) -> None:
    articles = parse(
        mail(sender="Coast Brew <crew@coastbrew.example>", subject="Coast Brew", html=_sponsored_html(label))
    )
    assert [a.title for a in articles] == [t for t, _, _ in TABLE_STORIES[:3]]
    assert all("Quaybank" not in " ".join(a.body) for a in articles)  # the label is no story's text either


def test_a_sponsor_s_block_in_a_plain_text_letter_is_no_story() -> None:
    blocks = [f"{t}\n{u}\n{b}" for t, u, b in TABLE_STORIES[:3]]
    advert = (
        "TOGETHER WITH QUAYBANK\n\nBanking that floats with the tide\nhttps://quaybank.example/open?ref=nl\n"
        "Quaybank gives islanders free transfers to the mainland. Open an account in five minutes."
    )
    plain = "\n\n".join([blocks[0], advert, *blocks[1:]]) + "\n"
    articles = parse(mail(sender="Coast Brew <crew@coastbrew.example>", subject="Coast Brew", plain=plain))
    assert [a.title for a in articles] == [t for t, _, _ in TABLE_STORIES[:3]]


def test_a_headline_that_marks_itself_sponsored_is_no_story() -> None:
    rows = [(t, u, b) for t, u, b in TABLE_STORIES[:3]] + [
        ("Ship faster with Quaybank's API (Sponsor)", "https://quaybank.example/api", TABLE_STORIES[3][2])
    ]
    html = "".join(f'<p><a href="{u}">{t}</a><br>{b}</p>' for t, u, b in rows)
    articles = parse(mail(sender="Coast Brew <crew@coastbrew.example>", subject="Coast Brew", html=html))
    assert [a.title for a in articles] == [t for t, _, _ in TABLE_STORIES[:3]]


@pytest.mark.parametrize("masthead", ["Presented by Quaybank", "Partner schools join the reading scheme"])
def test_a_story_under_a_presented_by_masthead_is_still_a_story(masthead: str) -> None:
    stories = "".join(f'<tr><td><h2><a href="{u}">{t}</a></h2><p>{b}</p></td></tr>' for t, u, b in TABLE_STORIES)
    html = f"<html><body><p>{masthead}</p><table>{stories}</table>{FOOTER_HTML}</body></html>"
    articles = parse(mail(sender="Coast Brew <crew@coastbrew.example>", subject="Coast Brew", html=html))
    assert [a.title for a in articles] == [t for t, _, _ in TABLE_STORIES]  # the day's sponsor, over real news


@pytest.mark.parametrize("shape", ["**[{t}]({u})**", "## [{t}]({u})", "__[{t}]({u})__"])
def test_markdown_links_in_bold_or_as_headings_are_stories(shape: str) -> None:
    """Buttondown sends a letter's Markdown source as its plain-text part: "**[Headline](url)**" over the blurb."""
    blocks = [f"{shape.format(t=t, u=u)}\n{b}" for t, u, b in TABLE_STORIES]
    plain = (
        "Hi friends,\n\nFour things from the coast this week.\n\n" + "\n\n".join(blocks) + "\n\nUntil next week,\nJo\n"
    )
    articles = parse(mail(sender="Coast Notes <coastnotes@buttondown.example>", subject="Four things", plain=plain))
    assert [(a.title, a.url, a.body) for a in articles] == [(t, u, (b,)) for t, u, b in TABLE_STORIES]


def test_numbered_headings_with_go_deeper_links_are_stories() -> None:
    """Axios' layout: "1. Headline" headings without a link, bold lead-ins, and a "Go deeper" link under each."""
    blocks = "".join(
        f"<h2>{n}. {t}</h2><p>{b}</p><p><b>Why it matters:</b> It is the first change of its kind in years.</p>"
        f'<p><a href="{u}">Go deeper</a></p>'
        for n, (t, u, b) in enumerate(TABLE_STORIES, 1)
    )
    html = f"<html><body><p>Good morning! Today's letter is a 2-minute read.</p>{blocks}{FOOTER_HTML}</body></html>"
    articles = parse(mail(sender="Axios Coast <coast@axios.example>", subject="Axios Coast: ferry", html=html))
    assert [(a.title, a.url) for a in articles] == [(t, u) for t, u, _ in TABLE_STORIES]
    assert articles[0].body == (TABLE_STORIES[0][2], "Why it matters: It is the first change of its kind in years.")


# --- a mail of links only ---------------------------------------------------------------------------------------

HEADLINES = [
    "Library opens on Sundays from January",
    "Night buses return to the ring road",
    "School roof repairs finished early",
    "Fish market to stay in the old hall",
    "Harbour board names new chief executive",
    "Storm warning for the weekend",
]


def _link_list(intro: str = "", host=lambda n: "harbourpost.example") -> str:
    items = "".join(f'<li><a href="https://{host(n)}/news/{n}">{t}</a></li>' for n, t in enumerate(HEADLINES))
    return f"<html><body><h1>Today's headlines</h1>{intro}<ul>{items}</ul>{FOOTER_HTML}</body></html>"


def test_a_mail_of_a_newsroom_s_headlines_without_their_text_is_refused_saying_so() -> None:
    data = mail(sender="Harbour Post <headlines@harbourpost.example>", subject="Today's headlines", html=_link_list())
    with pytest.raises(ParseError, match=r"^a mail of 6 story links .*follow the site's feed instead"):
        parse(data)  # not one article whose paragraphs and key points are the headlines


def test_a_letter_over_its_links_and_a_list_of_many_sites_links_stay_one_article() -> None:
    lead = "<p>" + " ".join(["The harbour had a quiet week, and the council met only once."] * 5) + "</p>"
    (letter,) = parse(mail(sender="Harbour Post <a@harbourpost.example>", subject="This week", html=_link_list(lead)))
    assert letter.body[0].startswith("The harbour had a quiet week")
    roundup = _link_list(host=lambda n: f"paper{n}.example")  # other papers' stories: one writer's roundup
    assert len(parse(mail(sender="Harbour Post <a@harbourpost.example>", subject="Roundup", html=roundup))) == 1


@pytest.mark.parametrize("parts", ["both", "html"])
def test_a_newsletter_forwarded_whole_is_its_sender_s_of_its_date(parts: str) -> None:
    header = (
        "---------- Forwarded message ---------<br>From: Coast Wire &lt;digest@coastwire.example&gt;<br>"
        "Date: Thu, Oct 9, 2025 at 7:00 AM<br>Subject: This week on the coast<br>To: &lt;me@example.org&gt;<br>"
    )
    rows = "".join(f'<tr><td><h3><a href="{u}">{t}</a></h3><p>{b}</p></td></tr>' for t, u, b in TABLE_STORIES)
    html = (  # Gmail's forward: the header in its own div.gmail_attr, the letter under it
        '<div dir="ltr">Thought you would like this.<br><br><div class="gmail_quote">'
        f'<div dir="ltr" class="gmail_attr">{header}</div><br><br><table>{rows}</table></div></div>'
    )
    plain = "Thought you would like this.\n\n" + header.replace("<br>", "\n").replace("&lt;", "<").replace("&gt;", ">")
    plain += "\n" + "\n\n".join(f"{t} <{u}>\n{b}" for t, u, b in TABLE_STORIES) + "\n"
    data = mail(
        sender="Sam <sam@example.org>", subject="Fwd: This week", plain=plain if parts == "both" else None, html=html
    )
    articles = parse(data)
    assert [a.title for a in articles] == [t for t, _, _ in TABLE_STORIES]
    assert {a.source for a in articles} == {"Coast Wire"}
    assert {a.published for a in articles} == {
        datetime.fromisoformat("2025-10-09T07:00:00+02:00")
    }  # the forward's zone


def test_a_continue_reading_link_over_the_next_story_is_no_sponsor_s_label() -> None:
    stories = "".join(
        f'<h2><a href="{u}">{t}</a></h2><p>{b}</p><p><a href="{u}">Continue reading</a></p>'
        for t, u, b in TABLE_STORIES
    )
    articles = parse(mail(sender="Coast Wire <d@coastwire.example>", subject="Coast Wire", html=stories + FOOTER_HTML))
    assert [a.title for a in articles] == [t for t, _, _ in TABLE_STORIES]  # ADVERT's words hold "continue reading"
