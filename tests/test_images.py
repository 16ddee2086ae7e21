"""Story images: read from every kind of source, kept only when https, stored, and shown escaped everywhere."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from digest_fixtures import SINCE, UNTIL
from lxml.html import fromstring

from bot.digest.discord import embed, limit_problems
from bot.digest.escape import safe_image_url
from bot.digest.render import Renderer
from bot.digest.views import digest_context
from bot.ingest.feeds import parse_feed
from bot.ingest.formats import parse_retrieved
from bot.ingest.images import article_image, body_image
from bot.models import Article, ArticleImage, Digest, DigestItem, Retrieved, SourceKind, StoredArticle
from bot.newsletter.render import NewsletterRenderer, build_view
from bot.store import articles as repo

NOW = datetime(2025, 10, 17, 9, 0, tzinfo=UTC)


def parse(name: str, text: str, *, base_url: str | None = None) -> list[Article]:
    item = Retrieved(data=text.encode(), name=name, location=f"/drop/{name}", base_url=base_url)
    return parse_retrieved(item, now=NOW, key_points=2)


# --- the one rule -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://img.example/a.jpg",
        "data:image/png;base64,iVBORw0KGgo=",
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "//img.example/a.jpg",
        "https://user:secret@img.example/a.jpg",
        "https://img.example/" + "a" * 2100 + ".jpg",
        "https:///nohost.jpg",
        "",
        None,
    ],
)
def test_only_plain_https_image_urls_are_kept(url):
    assert safe_image_url(url) is None
    assert article_image(url) is None


def test_an_image_is_made_absolute_ascii_and_its_alt_and_size_cleaned():
    image = article_image(
        "/photos/quay côte.jpg",
        alt="  The   quay\nat dawn ",
        width="1200px",
        height="0",
        base_url="https://p.example/a/",
    )
    assert image == ArticleImage("https://p.example/photos/quay%20c%C3%B4te.jpg", "The quay at dawn", 1200, None)
    assert article_image("https://p.example/x.jpg", alt="a" * 1000, width=True, height=-5).alt.endswith("…")
    assert article_image("https://p.example/x.jpg", width="99999", height="12.5").width is None
    assert article_image("https://p.example/\udcff.jpg") is None


# --- feeds --------------------------------------------------------------------------------------------------

RSS = """<?xml version="1.0"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>Quay Times</title>
<link>https://quay.example/</link>
<item><title>Ferry gets a new pier</title><link>https://quay.example/pier</link><guid>p1</guid>
  <description>The pier opens in May.</description>
  <media:content url="https://img.quay.example/video.mp4" medium="video"/>
  <media:content url="https://img.quay.example/pier.jpg" medium="image" width="1200" height="675"/>
  <media:thumbnail url="https://img.quay.example/pier-small.jpg" width="150" height="84"/></item>
<item><title>Harbour crane repainted</title><link>https://quay.example/crane</link><guid>p2</guid>
  <description>Blue again.</description>
  <media:thumbnail url="https://img.quay.example/crane.jpg" width="300" height="200"/></item>
<item><title>Lighthouse open day</title><link>https://quay.example/light</link><guid>p3</guid>
  <description>Tours every hour.</description>
  <enclosure url="https://img.quay.example/light.png" type="image/png" length="100"/></item>
<item><title>Market moves indoors</title><link>https://quay.example/market</link><guid>p4</guid>
  <description>&lt;p&gt;&lt;img src="https://img.quay.example/pixel.gif" width="1" height="1"&gt;
  &lt;img src="https://img.quay.example/market.jpg" alt="Stalls &amp;amp; awnings"&gt;
  Stalls move.&lt;/p&gt;</description></item>
<item><title>Insecure picture</title><link>https://quay.example/insecure</link><guid>p5</guid>
  <description>Old server.</description>
  <media:content url="http://img.quay.example/old.jpg" medium="image"/>
  <enclosure url="javascript:alert(1)" type="image/png" length="1"/></item>
<item><title>Podcast episode</title><link>https://quay.example/pod</link><guid>p6</guid>
  <description>Listen.</description>
  <enclosure url="https://quay.example/pod.mp3" type="audio/mpeg" length="1"/></item>
</channel></rss>"""


def test_feed_images_from_media_content_thumbnail_enclosure_and_content():
    entries = parse_feed(RSS.encode(), now=NOW).entries
    images = {e.article.title: e.article.image for e in entries}
    assert images["Ferry gets a new pier"] == ArticleImage("https://img.quay.example/pier.jpg", None, 1200, 675)
    assert images["Harbour crane repainted"] == ArticleImage("https://img.quay.example/crane.jpg", None, 300, 200)
    assert images["Lighthouse open day"] == ArticleImage("https://img.quay.example/light.png")
    assert images["Market moves indoors"] == ArticleImage("https://img.quay.example/market.jpg", "Stalls & awnings")
    assert images["Insecure picture"] is None
    assert images["Podcast episode"] is None


def test_json_feed_image_banner_image_and_image_attachment():
    doc = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Quay JSON",
        "home_page_url": "https://quay.example/",
        "items": [
            {"id": "1", "title": "With image", "content_text": "Text.", "image": "/img/one.jpg"},
            {"id": "2", "title": "With banner", "content_text": "Text.", "banner_image": "https://i.example/b.jpg"},
            {
                "id": "3",
                "title": "With attachment",
                "content_text": "Text.",
                "attachments": [
                    {"url": "https://i.example/a.mp3", "mime_type": "audio/mpeg"},
                    {"url": "https://i.example/a.webp", "mime_type": "image/webp"},
                ],
            },
            {"id": "4", "title": "Bad image", "content_text": "Text.", "image": "data:image/png;base64,AAAA"},
            {"id": "5", "title": "Odd image", "content_text": "Text.", "image": {"url": "https://i.example/x"}},
        ],
    }
    entries = parse_feed(json.dumps(doc).encode(), now=NOW).entries
    urls = [e.article.image.url if e.article.image else None for e in entries]
    assert urls == [
        "https://quay.example/img/one.jpg",
        "https://i.example/b.jpg",
        "https://i.example/a.webp",
        None,
        None,
    ]


# --- drop files -----------------------------------------------------------------------------------------------

PAGE = """<!doctype html><html><head><title>Pier opens | Quay Times</title>
<meta property="og:title" content="Pier opens">
<meta property="og:image" content="https://cdn.quay.example/og/pier.jpg">
<meta property="og:image:alt" content="The new pier seen from the water">
<meta property="og:image:width" content="1200"><meta property="og:image:height" content="630">
<meta name="twitter:image" content="https://cdn.quay.example/tw/pier.jpg">
</head><body><article><h1>Pier opens</h1>
<p>The new pier opened on Friday morning with a brass band and a long queue of passengers for the first ferry.</p>
<p>The harbour master said the old pier would be taken down in the spring, once the new one had proved itself.</p>
</article></body></html>"""


def test_page_og_image_with_alt_and_size():
    (article,) = parse("pier.html", PAGE)
    assert article.image == ArticleImage(
        "https://cdn.quay.example/og/pier.jpg", "The new pier seen from the water", 1200, 630
    )


def test_page_twitter_image_when_og_image_is_not_https():
    page = PAGE.replace("https://cdn.quay.example/og/pier.jpg", "http://cdn.quay.example/og/pier.jpg")
    (article,) = parse("pier.html", page)
    assert article.image is not None
    assert article.image.url == "https://cdn.quay.example/tw/pier.jpg"


def test_page_without_metadata_takes_its_first_real_body_image():
    page = """<html><head><title>Crane repainted</title></head><body>
    <header><img src="https://quay.example/masthead.png" width="600" height="80" alt="Quay Times"></header>
    <article><h1>Crane repainted</h1>
    <img src="https://track.example/open?id=1" width="1" height="1">
    <img class="site-logo" src="https://quay.example/brand.png" width="200" height="200">
    <img src="data:image/gif;base64,R0lGOD" data-src="/media/crane.jpg" alt="The crane, blue again" width="800">
    <p>The harbour crane was repainted blue this week after twenty years of rust and flaking grey paint.</p>
    <p>Painters worked at night so that the ships could still be unloaded during the day, the port said.</p>
    </article></body></html>"""
    (article,) = parse("crane.html", page, base_url="https://quay.example/news/crane")
    assert article.image == ArticleImage("https://quay.example/media/crane.jpg", "The crane, blue again", 800, None)


def test_page_with_only_unsafe_or_decorative_images_has_none():
    tree = fromstring(
        '<html><body><img src="javascript:alert(1)"><img src="http://x.example/a.jpg">'
        '<img src="https://x.example/icons/share.svg"><img src="https://x.example/s.gif" width="16" height="16">'
        "</body></html>"
    )
    assert body_image(tree) is None


def test_markdown_front_matter_image_and_first_inline_image():
    text = (
        "---\ntitle: Lighthouse open day\nimage: https://quay.example/light.jpg\nimage_alt: The lighthouse\n---\n"
        "The lighthouse opens to visitors on Saturday for the first time in a decade, the trust said.\n"
    )
    (article,) = parse("light.md", text)
    assert article.image == ArticleImage("https://quay.example/light.jpg", "The lighthouse")
    text = (
        "# Market moves indoors\n\n![badge](https://quay.example/badge.svg)\n\n"
        '![Stalls under the new roof](https://quay.example/market.jpg "Market") The market moves indoors.\n\n'
        '<img src="https://quay.example/second.jpg" alt="second">\n\nTraders welcomed the roof before winter.\n'
    )
    (article,) = parse("market.md", text)
    assert article.image == ArticleImage("https://quay.example/market.jpg", "Stalls under the new roof")
    (article,) = parse("plain.md", "# No pictures\n\nJust words ![x](http://insecure.example/x.jpg) here.\n")
    assert article.image is None


# --- store -----------------------------------------------------------------------------------------------------


async def test_the_image_is_stored_and_read_back(db):
    source = await repo.get_or_create_source(db, SourceKind.FEED, "Quay Times", "https://quay.example/feed", NOW)
    image = ArticleImage("https://img.quay.example/pier.jpg", "The pier", 1200, 675)
    await repo.add_article(db, source, Article("Pier opens", ("Text.",), image=image), NOW, ["a"])
    await repo.add_article(db, source, Article("Crane repainted", ("Other text.",)), NOW, ["b"])
    found = {
        a.article.title: a.article.image for a in await repo.arrived_between(db, NOW - timedelta(1), NOW + timedelta(1))
    }
    assert found == {"Pier opens": image, "Crane repainted": None}


# --- rendering -------------------------------------------------------------------------------------------------


def stored(n: int, title: str, image: ArticleImage | None) -> StoredArticle:
    article = Article(
        title, ("A paragraph about it.",), url=f"https://quay.example/{n}", key_points=("One point.",), image=image
    )
    return StoredArticle(n, article, 1, "Quay Times", UNTIL - timedelta(hours=n), n)


HOSTILE_ALT = 'A "quoted" <b>alt</b> & @everyone'
DIGEST = Digest(
    since=SINCE,
    until=UNTIL,
    items=(
        DigestItem(stored(1, "Pier opens", ArticleImage("https://img.quay.example/pier.jpg", HOSTILE_ALT, 1200, 675))),
        DigestItem(stored(2, "Crane repainted", ArticleImage("https://img.quay.example/crane.jpg", None, 300, 200))),
        DigestItem(stored(3, "No picture", None)),
        # Stored before the rule existed or edited by hand: the renderer checks again.
        DigestItem(stored(4, "Old insecure picture", ArticleImage("http://img.quay.example/old.jpg"))),
    ),
)


def test_discord_lead_story_has_the_large_image_and_the_others_thumbnails():
    (message,) = Renderer().discord_messages(DIGEST)
    embeds = message.embeds
    assert embeds[0]["image"] == {"url": "https://img.quay.example/pier.jpg"}
    assert "thumbnail" not in embeds[0]
    assert embeds[1]["thumbnail"] == {"url": "https://img.quay.example/crane.jpg"}
    assert "image" not in embeds[1]
    assert "thumbnail" not in embeds[2]
    assert "image" not in embeds[2]
    assert "thumbnail" not in embeds[3]
    assert "image" not in embeds[3]
    assert limit_problems(message) == []
    assert limit_problems(type(message)(embeds=({"title": "x", "thumbnail": {"url": "http://a.example/x"}},)))


def test_embed_refuses_an_unsafe_image_itself():
    assert "thumbnail" not in embed("T", "d", None, image="javascript:alert(1)")
    assert embed("T", "d", None, image="https://a.example/x.png", large_image=True)["image"]["url"].startswith("https")


def test_templates_get_the_image_as_a_field_escaped_for_their_format():
    renderer = Renderer()
    html = renderer.render(DIGEST, "html")
    assert "<b>alt</b>" not in html
    images = fromstring(html).xpath("//img")
    assert [(i.get("src"), i.get("alt"), i.get("width")) for i in images] == [
        ("https://img.quay.example/pier.jpg", HOSTILE_ALT, "1200"),
        ("https://img.quay.example/crane.jpg", "", "300"),
    ]
    markdown = digest_context(DIGEST, "discord")["stories"]
    assert markdown[0].image.url == "https://img.quay.example/pier.jpg"
    assert "\\<b>" in markdown[0].image.alt
    assert "@\u200beveryone" in markdown[0].image.alt
    assert markdown[1].image.alt == ""
    assert markdown[2].image is None
    assert markdown[3].image is None


def test_newsletter_shows_the_image_with_alt_text_and_a_size_that_fits_the_column():
    view = build_view(DIGEST, ZoneInfo("Europe/Berlin"))
    html = NewsletterRenderer().html(view)
    tree = fromstring(html)
    images = tree.xpath("//img")
    assert [i.get("src") for i in images] == ["https://img.quay.example/pier.jpg", "https://img.quay.example/crane.jpg"]
    assert images[0].get("alt") == HOSTILE_ALT  # escaped in the markup, read back as written
    assert (images[0].get("width"), images[0].get("height")) == ("592", "333")  # 1200 x 675 scaled to the column
    assert (images[1].get("width"), images[1].get("height")) == ("300", "200")
    assert images[1].get("alt") == ""
    assert "<b>alt</b>" not in html
    assert "http://img.quay.example/old.jpg" not in html


def test_json_drop_file_image_field():
    text = json.dumps(
        [
            {"title": "Pier opens", "body": "The pier opened today.", "image": "https://img.quay.example/p.jpg"},
            {"title": "Crane repainted", "body": "Blue again.", "image": "javascript:alert(1)"},
        ]
    )
    first, second = parse("two.json", text)
    assert first.image == ArticleImage("https://img.quay.example/p.jpg")
    assert second.image is None
