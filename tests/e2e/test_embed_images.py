"""Story images in Discord: the lead story's embed carries a large image, the others a thumbnail, in every post."""

from datetime import UTC, datetime, timedelta

import pytest
from discord_rules import check_message

from bot.models import Article, ArticleImage

TITLES = {
    1: "Ferry pier opens after two years of building",
    2: "Harbour crane repainted blue by night crews",
    3: "Lighthouse trust plans summer open days",
    4: "Fish market moves into the old customs hall",
}


def story(n: int, image: ArticleImage | None) -> Article:
    return Article(
        title=TITLES[n],
        body=(f"Story {n} body.",),
        url=f"https://news.test/{n}",
        key_points=(f"Point {n}",),
        image=image,
    )


STORIES = (
    story(1, ArticleImage("https://img.news.test/one.jpg", "The quay at dawn", 1200, 675)),
    story(2, ArticleImage("https://img.news.test/two.jpg")),
    story(3, None),
    story(4, ArticleImage("http://img.news.test/insecure.jpg")),  # stored by an older version: still refused
)


def images_of(post):
    return [(e.get("image", {}).get("url"), e.get("thumbnail", {}).get("url")) for e in post["embeds"]]


async def test_scheduled_post_carries_the_lead_image_and_thumbnails(harness, clock):
    emu = harness.emu
    await harness.set_schedule("10:00", "UTC")
    for index, item in enumerate(STORIES):
        # Arrival order makes story 1 the newest, so the lead.
        await harness.add_articles(item, at=datetime(2026, 3, 27, 9, 0, tzinfo=UTC) - timedelta(minutes=index))
    await harness.start()
    await harness.advance_to(datetime(2026, 3, 27, 10, 0, tzinfo=UTC))
    await emu.wait_for(lambda: len(emu.channel_posts(harness.channel)) == 1)
    (post,) = emu.channel_posts(harness.channel)
    assert images_of(post) == [
        ("https://img.news.test/one.jpg", None),
        (None, "https://img.news.test/two.jpg"),
        (None, None),
        (None, None),
    ]
    assert "http://img.news.test" not in str(emu.requests)
    assert emu.problems == []  # every body matched the OpenAPI subset and Discord's own rules


async def test_digest_command_embeds_carry_thumbnails(harness):
    emu = harness.emu
    await harness.add_articles(*STORIES[:2], at=harness.clock.now() - timedelta(hours=2))
    await harness.start()
    public = await emu.slash("digest", options={"public": True})
    await emu.done(public, followups=1)
    (shown,) = emu.channel_posts(harness.channel, kind=20)
    urls = {url for pair in images_of(shown) for url in pair if url}
    assert urls == {"https://img.news.test/one.jpg", "https://img.news.test/two.jpg"}
    assert emu.problems == []


def test_the_emulator_refuses_an_image_url_discord_would_refuse():
    body = {"embeds": [{"title": "x", "thumbnail": {"url": "javascript:alert(1)"}}], "allowed_mentions": {"parse": []}}
    with pytest.raises(Exception, match=r"Invalid Form Body|Scheme"):
        check_message(body, create=True, problems=[])
