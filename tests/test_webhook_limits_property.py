"""Whatever the digest holds, every Discord and Slack payload keeps within the services' limits, in order."""

from __future__ import annotations

from datetime import UTC, date, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.digest.render import Renderer
from bot.models import Article, Digest, DigestItem, StoredArticle
from bot.webhooks.slack_payload import slack_messages

NOW = datetime(2025, 10, 17, 9, 0, tzinfo=UTC)
RENDERER = Renderer()
short = st.text(alphabet=st.sampled_from(list("ab *_~`|>&<#@:-\\[]()é日\n")), max_size=80)
# Long texts as a repeated unit keep Hypothesis' input small while reaching every length limit.
long = st.builds(lambda unit, n: unit * n, st.sampled_from(["x", "&", "<>", "a*_", "\\"]), st.integers(100, 6000))
text = short | long
story = st.tuples(text, text, st.lists(text, max_size=4), st.lists(st.text(max_size=40), max_size=3))


def make_digest(stories) -> Digest:
    items = []
    for i, (title, source, points, also) in enumerate(stories):
        article = Article(
            title=f"[{i}] {title}",
            body=(),
            url=f"https://news.example/{i}",
            key_points=tuple(points),
            published=date(2025, 10, 17),
        )
        items.append(DigestItem(StoredArticle(i + 1, article, 1, source or "src", NOW, i + 1), tuple(also)))
    return Digest(since=NOW, until=NOW, items=tuple(items))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(story, max_size=30))
def test_discord_payloads_within_limits(stories):
    digest = make_digest(stories)
    # Discord webhooks post what the bot's shared renderer packs.
    messages = [m.payload() for m in RENDERER.discord_messages(digest)]
    seen = []
    for body in messages:
        embeds = body.get("embeds", [])
        assert body.get("content") or embeds
        assert len(body.get("content", "")) <= 2000
        assert len(embeds) <= 10
        total = 0
        for e in embeds:
            assert len(e["title"]) <= 256
            assert len(e.get("description", "")) <= 4096
            footer = e.get("footer", {}).get("text", "")
            assert len(footer) <= 2048
            total += len(e["title"]) + len(e.get("description", "")) + len(footer)
            seen.append(e["url"])
        assert total <= 6000
    assert seen == [f"https://news.example/{i}" for i in range(len(stories))]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(story, max_size=60))
def test_slack_payloads_within_limits(stories):
    digest = make_digest(stories)
    seen = []
    for body in slack_messages(digest):
        assert body["text"]
        assert 1 <= len(body["blocks"]) <= 50
        for block in body["blocks"]:
            if block["type"] == "section":
                section = block["text"]["text"]
                assert len(section) <= 3000
                if section.startswith("*<https://news.example/"):
                    seen.append(int(section[len("*<https://news.example/") : section.index("|")]))
            elif block["type"] == "header":
                assert len(block["text"]["text"]) <= 150
    assert seen == list(range(len(stories)))
