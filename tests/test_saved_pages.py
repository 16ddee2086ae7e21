"""Pages as browsers, saving tools and frameworks save them: own fixtures, each shape written by hand."""

import base64
import json
import time
from datetime import UTC, date, datetime

import pytest

from bot.errors import ParseError
from bot.ingest.formats import parse_retrieved
from bot.ingest.formats.pagestate import state_paragraphs
from bot.models import Retrieved
from bot.text.walls import is_consent_notice, paywall_start

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
TITLE = "Harbour ferry returns to Keldan after a winter of repairs"
URL = "https://www.keldan-gazette.example/news/2026/11/30/harbour-ferry-returns"
PARAS = [
    "The blue ferry that links Port Keldan with the island of Sorrel returned to service on Monday morning, eleven "
    "weeks after a cracked propeller shaft forced the town council to lay it up in dry dock.",
    "About forty passengers, most of them island schoolchildren and their parents, crossed on the first sailing. "
    "The harbour master, Ines Falkner, said the crossing had taken twenty-two minutes.",
    "The council spent 1.4 million crowns on the work, which also replaced the vessel's ageing diesel generators "
    "with a battery pack that can be charged from the quay overnight.",
    "Islanders had relied on a chartered fishing boat since September. Several said the smaller boat had been "
    "cancelled on windy days, leaving pupils unable to reach the school on the mainland.",
]
ARTICLE = f"<h1>{TITLE}</h1>" + "".join(f"<p>{p}</p>" for p in PARAS)
NAV = '<header><nav><a href="/">Keldan Gazette</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav></header>'


def parse(name: str, data: str | bytes):
    raw = data.encode() if isinstance(data, str) else data
    return parse_retrieved(Retrieved(data=raw, name=name, location=name), now=NOW)


def page(body: str, head: str = "") -> str:
    head = f"<meta charset='utf-8'><title>{TITLE}</title>{head}"
    return f"<!DOCTYPE html><html lang='en'><head>{head}</head><body>{body}</body></html>"


@pytest.mark.parametrize(
    "saved",
    [
        # Chrome, Edge and Firefox ("Web Page, complete" and "HTML only"): the address's length, then the address.
        f"<!DOCTYPE html>\n<!-- saved from url=({len(URL):04d}){URL} -->\n<html><head><title>{TITLE}</title>",
        f"<!DOCTYPE html>\r\n<html><head>\r\n<!-- saved from url=({len(URL):04d}){URL} -->\r\n<title>{TITLE}</title>",
        # SingleFile's header comment, right after the html tag.
        f"<!DOCTYPE html> <html lang=en><!--\n Page saved with SingleFile \n url: {URL} \n saved date: Mon Dec 07"
        f" 2026 02:10:11 GMT+0000 (Coordinated Universal Time)\n--><meta charset=utf-8><title>{TITLE}</title>",
    ],
)
def test_the_address_a_saving_browser_noted_is_the_pages_address(saved):
    (article,) = parse("ferry.html", f"{saved}</head><body><article>{ARTICLE}</article></body></html>")
    assert article.url == URL
    assert article.published == date(2026, 11, 30)  # the address's date, the page naming none


def test_a_pages_own_address_outranks_the_one_it_was_saved_from():
    own = "https://www.keldan-gazette.example/ferry"
    head = f'<!-- saved from url=({len(URL):04d}){URL} --><link rel="canonical" href="{own}">'
    (article,) = parse("ferry.html", page(f"<article>{ARTICLE}</article>", head))
    assert article.url == own


def _inline_image(size: int) -> str:
    data = base64.b64encode(bytes(range(256)) * (size // 256)).decode()
    return (
        f'<figure><img src="data:image/jpeg;base64,{data}" alt="The quay"><figcaption>The quay.</figcaption></figure>'
    )


def test_a_page_with_every_picture_inlined_is_read_whole_and_quickly():
    """SingleFile inlines every picture: a page over the page parser's 10 MB loses no paragraph, and no base64."""
    pictures = "".join(_inline_image(1_500_000) for _ in range(4))
    body = f"{NAV}<article><h1>{TITLE}</h1><p>{PARAS[0]}</p>{pictures}{pictures}" + "".join(
        f"<p>{p}</p>" for p in PARAS[1:]
    )
    data = page(body, head=f"<style>.hero{{background:url(data:image/png;base64,{'QUJD' * 50_000})}}</style>")
    assert len(data) > 16_000_000
    start = time.process_time()
    (article,) = parse("ferry.html", data)
    assert time.process_time() - start < 20  # about 1 s here; the bound only catches a pathological slowdown
    assert article.body[-1] == PARAS[-1]
    assert [p for p in article.body if p in PARAS] == PARAS
    assert not any("base64" in p or len(p) > 1000 for p in article.body)


NEXT_DATA = {
    "props": {
        "pageProps": {
            "article": {
                "headline": TITLE,
                "slug": "harbour-ferry-returns",
                "body": [{"type": "paragraph", "id": f"p{i}", "text": p} for i, p in enumerate(PARAS)],
            },
            "related": [{"title": "Bridge closes for painting", "slug": "bridge-closes"}],
        }
    },
    "page": "/news/[slug]",
    "buildId": "a1b2c3",
}


@pytest.mark.parametrize(
    "script",
    [
        # Next.js: the page's data as JSON under a known id.
        f'<script id="__NEXT_DATA__" type="application/json">{json.dumps(NEXT_DATA)}</script>',
        # Nuxt 2: the state as a JavaScript function call; HTML in its strings, escaped as JavaScript writes them.
        '<script>window.__NUXT__=(function(a,b){return {layout:"default",data:[{article:{title:a,html:b}}]}}('
        + json.dumps(TITLE)
        + ","
        + json.dumps("".join(f"<p>{p}</p>" for p in PARAS)).replace("/", "\\/")
        + "));</script>",
    ],
)
def test_a_framework_page_saved_before_its_script_ran_gives_the_story_in_its_state(script):
    data = page(f'<div id="__next"><div class="spinner"></div></div>{script}<script src="/main.js"></script>')
    (article,) = parse("ferry.html", data)
    assert article.title == TITLE
    assert list(article.body) == PARAS


def test_a_framework_state_without_a_story_gives_nothing():
    state = {"props": {"menu": ["News", "Sport"], "user": None, "teaser": "A short line about a ferry."}}
    assert state_paragraphs([json.dumps(state)]) == []
    assert state_paragraphs(['"' + "\\" * 10_000, '"\\u12', '"' * 5000]) == []  # broken literals: no fault

    with pytest.raises(ParseError, match="no article text"):
        parse("ferry.html", page(f'<div id="__next"></div><script id="__NEXT_DATA__">{json.dumps(state)}</script>'))


def test_a_hostile_state_script_is_read_in_linear_time():
    """A run of escaped quotes never closes a literal: read once to the end, not once from every quote."""
    start = time.process_time()
    assert state_paragraphs(['"' + '\\"' * 400_000, '"\\' * 400_000 + "\\"]) == []
    assert time.process_time() - start < 5  # about 0.1 s; the quadratic scan took hours


def test_a_live_blog_gives_its_updates_newest_first_dated_when_it_began():
    updates = [
        ("2026-11-30T07:15:00+01:00", "First sailing leaves the quay", PARAS[1]),
        ("2026-11-30T09:05:00+01:00", "Council sets out the timetable", PARAS[2]),
        ("2026-11-30T07:40:00+01:00", "Ferry docks at Sorrel", PARAS[3]),
    ]
    ld = {
        "@context": "https://schema.org",
        "@type": "LiveBlogPosting",
        "headline": "Live: Keldan ferry returns to service",
        "datePublished": "2026-11-30T07:00:00+01:00",
        "liveBlogUpdate": [
            {"@type": "BlogPosting", "headline": h, "datePublished": d, "articleBody": b} for d, h, b in updates
        ],
    }
    shown = "".join(
        f'<article class="update"><time datetime="{d}">{d[11:16]}</time><h2>{h}</h2><p>{b}</p></article>'
        for d, h, b in updates
    )
    head = f'<script type="application/ld+json">{json.dumps(ld)}</script>'
    intro = "<h1>Live: Keldan ferry returns to service</h1><p>Follow the first day of crossings.</p>"
    body = f"{NAV}<main>{intro}{shown}</main>"
    (article,) = parse("live.html", page(body, head))
    assert article.title == "Live: Keldan ferry returns to service"
    assert article.published == datetime.fromisoformat("2026-11-30T07:00:00+01:00")
    assert list(article.body) == [
        "Council sets out the timetable", PARAS[2],
        "Ferry docks at Sorrel", PARAS[3],
        "First sailing leaves the quay", PARAS[1],
    ]  # fmt: skip


def test_a_live_blog_listing_only_its_last_update_as_data_keeps_the_pages_text():
    ld = {
        "@type": "LiveBlogPosting",
        "headline": TITLE,
        "liveBlogUpdate": [
            {"headline": "Latest", "datePublished": "2026-11-30T09:05:00+01:00", "articleBody": "The ferry is back."},
            {"headline": "Earlier", "datePublished": "2026-11-30T08:05:00+01:00", "articleBody": "It sails again."},
        ],
    }
    head = f'<script type="application/ld+json">{json.dumps(ld)}</script>'
    (article,) = parse("live.html", page(f"<article>{ARTICLE}</article>", head))
    assert list(article.body) == PARAS


CONSENT = [
    "We and our 842 partners store and access information on your device, such as cookies, and process personal "
    "data such as unique identifiers for personalised advertising and content, and audience research.",
    "You may click to consent to our and our partners' processing as described above, or change your preferences "
    "before consenting. Your preferences will apply to this website only; see our privacy policy.",
]


def test_a_page_that_shows_only_a_consent_dialog_is_refused_saying_so():
    body = '<div class="dialog"><h1>We value your privacy</h1>' + "".join(f"<p>{p}</p>" for p in CONSENT)
    with pytest.raises(ParseError, match="consent notice"):
        parse("ferry.html", page(body + "<button>Accept all</button><button>Reject all</button></div>"))
    with pytest.raises(ParseError, match="consent notice"):
        parse("ferry.txt", ("We value your privacy\n\n" + "\n\n".join(CONSENT) + "\n\nAccept all\n").encode())


def test_a_consent_banner_over_a_story_leaves_the_story():
    banner = f'<div id="consent-banner"><p>{CONSENT[0]}</p><button>Accept all cookies</button></div>'
    (article,) = parse("ferry.html", page(f"{banner}{NAV}<main><article>{ARTICLE}</article></main>"))
    assert list(article.body) == PARAS


def test_an_article_about_consent_rules_is_an_article():
    story = [
        "The data protection authority fined the Keldan Gazette's publisher on Tuesday over its cookie banner, "
        "which it said made refusing consent harder than accepting it.",
        "The regulator said the banner hid the reject button behind a second screen, and that personal data of "
        "readers had been shared with advertising partners before they chose.",
        "The publisher said it would appeal. Its chief executive, Tomas Brenner, said the banner had been designed "
        "with the help of lawyers and followed the guidance published at the time.",
        "Other papers in the region use similar banners, the regulator added, and it would write to them in January.",
    ]
    assert not is_consent_notice(story)
    (article,) = parse(
        "fine.html",
        page("<article><h1>Publisher fined over cookie banner</h1>" + "".join(f"<p>{p}</p>" for p in story)),
    )
    assert list(article.body) == story


@pytest.mark.parametrize(
    "wall",
    [
        "This article is for subscribers only. Subscribe to continue reading, or log in if you have an account.",
        "Subscribe to continue reading",
        "You have read all of your free articles this month.",
        "Already a subscriber? Log in",
        "Dieser Artikel ist nur für Abonnenten verfügbar.",
        "Cet article est réservé aux abonnés.",
    ],
)
def test_a_paywall_notice_ends_the_teaser(wall):
    teaser = f"<h1>{TITLE}</h1><p>{PARAS[0]}</p><p>{PARAS[1]}</p>"
    body = f"<article>{teaser}<p>{wall}</p><p><a href='/s'>Offers</a></p></article>"
    (article,) = parse("ferry.html", page(body))
    assert list(article.body) == PARAS[:2]


def test_a_paragraph_about_subscribers_is_the_storys():
    line = (
        "The ferry company said its season-ticket holders, whom it calls subscribers, would ride free until "
        "Christmas; the offer is for subscribers only and ends on the last day of December, the company said."
    )
    assert paywall_start([PARAS[0], line]) == 2
    assert paywall_start(["Subscribe to continue reading", PARAS[0]]) == 2  # the first paragraph is the story's


def test_a_print_views_copyright_line_is_not_the_storys_end():
    body = f"<h1>{TITLE}</h1>" + "".join(f"<p>{p}</p>" for p in PARAS) + "<p>\u00a9 2026 Keldan Gazette</p>"
    (article,) = parse("ferry.html", page(body))
    assert list(article.body) == PARAS


def test_a_firefox_reader_view_saved_gives_the_original_address_and_writer():
    view = (
        '<div class="container"><div class="header reader-header"><a class="domain reader-domain" '
        f'href="{URL}">keldan-gazette.example</a><h1 class="reader-title">{TITLE}</h1>'
        '<div class="credits reader-credits">Marta Lindqvist</div><div class="meta-data">'
        '<div class="reader-estimated-time">2-3 minutes</div></div></div><hr><div class="content">'
        '<div class="moz-reader-content"><div id="readability-page-1" class="page"><div>'
        + "".join(f"<p>{p}</p>" for p in PARAS)
        + "</div></div></div></div></div>"
    )
    (article,) = parse("ferry.html", page(view))
    assert (article.url, article.author) == (URL, "Marta Lindqvist")
    assert list(article.body) == PARAS
