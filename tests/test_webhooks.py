"""Digests posted to Discord and Slack webhooks, received by a local aiohttp server that checks each limit."""

from __future__ import annotations

import asyncio
import json
from dataclasses import replace

import aiohttp
import pytest
from newsletter_support import sample_digest
from webhook_receiver import DISCORD_PATH, SLACK_PATH, serve_receiver

from bot.digest.escape import escape_mrkdwn
from bot.digest.render import Renderer
from bot.models import Article, Digest
from bot.webhooks.discord_hook import post_discord_message
from bot.webhooks.post import post_json
from bot.webhooks.slack_payload import slack_messages
from bot.webhooks.urls import InvalidWebhookUrlError, WebhookError, WebhookTarget, parse_target, validate_webhook_url


@pytest.fixture
async def receiver(clock):
    async with serve_receiver(clock) as (rec, base):
        yield rec, base


@pytest.fixture
async def session():
    async with aiohttp.ClientSession() as s:
        yield s


async def drive(clock, coro):
    """Run ``coro``, moving the manual clock on whenever it waits on it (no wall-clock sleeping)."""
    task = asyncio.ensure_future(coro)
    while not task.done():
        await asyncio.wait({task}, timeout=0.01)
        while not task.done() and clock.sleepers:
            clock.advance(0.25)  # until the sleeper wakes: a quarter-second resolution is plenty here
    return task.result()


async def post_to_discord(session, url: str, digest: Digest) -> list[int]:
    """Post a digest as the Discord webhook sink does: the bot's messages, one ``discord.Webhook`` send each."""
    return [await post_discord_message(session, url, m) for m in Renderer().discord_messages(digest)]


async def post_to_slack(session, url: str, digest: Digest, clock) -> tuple[int, int, float]:
    """Post a digest as the Slack sink does; return (messages, attempts, seconds waited on the clock)."""
    attempts, waited = 0, 0.0
    bodies = slack_messages(digest)
    for body in bodies:
        tries, pause = await post_json(session, url, body, clock=clock)
        attempts, waited = attempts + tries, waited + pause
    return len(bodies), attempts, waited


def big_digest(count: int, filler: int = 900) -> Digest:
    digest = sample_digest(count)
    items = []
    for i, item in enumerate(digest.items):
        art: Article = item.article.article
        points = (f"Point with @everyone and **stars** & <tags> number {i}. " + "x" * filler,) * 3
        title = f"Story {i:03d}: " + ("Long headline words " * 30)
        items.append(replace(item, article=replace(item.article, article=replace(art, title=title, key_points=points))))
    return replace(digest, items=tuple(items))


async def test_discord_digest_is_split_within_limits_in_order(clock, receiver, session):
    rec, base = receiver
    digest = big_digest(27)

    ids = await post_to_discord(session, base + DISCORD_PATH, digest)

    assert rec.problems == []
    assert len(ids) == len(set(ids)) == len(rec.received) >= 3
    titles = [e["title"] for _, p, _ in rec.received for e in p.get("embeds", [])]
    assert len(titles) == 27
    assert [t[:9] for t in titles] == [f"Story {i:03d}" for i in range(27)]
    assert rec.received[0][1]["content"].startswith("**News digest**")
    first = rec.received[0][1]["embeds"][0]
    assert first["url"] == digest.items[0].article.article.url
    # The bot's shared escaping: a mention is broken with a zero-width space, markdown is escaped.
    assert "@\u200beveryone" in first["description"]
    assert "@everyone" not in first["description"]
    assert "\\*\\*stars\\*\\*" in first["description"]


async def test_slack_digest_is_split_at_article_boundaries_within_limits(clock, receiver, session):
    rec, base = receiver
    digest = big_digest(120, filler=20)

    messages, _, _ = await drive(clock, post_to_slack(session, base + SLACK_PATH, digest, clock))

    assert rec.problems == []
    assert messages == len(rec.received) == 3  # 2 header blocks + 120 sections in blocks of 50
    sections = [b["text"]["text"] for _, p, _ in rec.received for b in p["blocks"] if b["type"] == "section"]
    assert len(sections) == 120
    for i, text in enumerate(sections):
        assert text.startswith(f"*<{digest.items[i].article.article.url}|Story {i:03d}")
    assert "&amp; &lt;tags&gt;" in sections[0]
    assert "<tags>" not in sections[0]
    assert rec.received[1][1]["text"].endswith("(2/3)")


def test_slack_long_articles_spread_over_more_messages_under_the_text_cap():
    from bot.limits.slack import MESSAGE_TEXT_MAX
    from bot.webhooks.slack_payload import slack_messages

    messages = slack_messages(big_digest(60))
    sizes = [sum(len(b["text"]["text"]) for b in m["blocks"] if "text" in b) for m in messages]
    assert len(messages) > 2
    assert max(sizes) <= MESSAGE_TEXT_MAX
    sections = [b["text"]["text"] for m in messages for b in m["blocks"] if b["type"] == "section"]
    assert [s[s.index("|") + 1 : s.index("|") + 10] for s in sections] == [f"Story {i:03d}" for i in range(60)]


def test_slack_section_of_one_huge_article_stays_under_3000():
    digest = sample_digest(1)
    art = digest.items[0].article.article
    huge = replace(art, title="T" * 5000, key_points=("<&>" * 3000,))
    digest = replace(digest, items=(replace(digest.items[0], article=replace(digest.items[0].article, article=huge)),))
    from bot.webhooks.slack_payload import slack_messages

    [message] = slack_messages(digest)
    section = message["blocks"][-1]["text"]["text"]
    assert len(section) <= 3000
    assert escape_mrkdwn("a & b < c > d") == "a &amp; b &lt; c &gt; d"


async def test_slack_429_waits_retry_after_on_the_clock_then_succeeds(clock, receiver, session):
    rec, base = receiver
    rec.script = [(429, {"Retry-After": "7"}, "rate_limited")]

    _, attempts, waited = await drive(clock, post_to_slack(session, base + SLACK_PATH, sample_digest(2), clock))

    assert attempts == 2
    assert waited == 7.0
    assert len(rec.received) == 2
    assert rec.received[0][1] == rec.received[1][1]  # the same message again, not the next one
    gap = (rec.received[1][2] - rec.received[0][2]).total_seconds()
    assert 7.0 <= gap < 8


async def test_discord_429_is_waited_out_by_discord_py_then_succeeds(receiver, session):
    rec, base = receiver
    # Discord's own 429 (it comes through its proxy, hence Via) with the JSON retry_after discord.py reads.
    rec.script = [(429, {"Via": "1.1 google"}, json.dumps({"retry_after": 0.3, "global": False}))]

    [posted] = await post_to_discord(session, base + DISCORD_PATH, sample_digest(2))

    assert posted > 0
    assert len(rec.received) == 2
    assert rec.received[0][1] == rec.received[1][1]
    assert rec.wall[1] - rec.wall[0] >= 0.3


async def test_discord_empty_bucket_delays_the_next_message(receiver, session):
    rec, base = receiver
    # The first answer says the bucket is empty for 0.4 s: discord.py holds the second post that long, no 429.
    rec.script = [(200, {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset-After": "0.4"}, None)]

    ids = await post_to_discord(session, base + DISCORD_PATH, big_digest(27))

    assert len(ids) >= 2
    assert rec.wall[1] - rec.wall[0] >= 0.4
    assert rec.problems == []


async def test_discord_429_not_from_discord_is_left_for_a_later_attempt(receiver, session):
    rec, base = receiver
    rec.script = [(429, {}, "error code: 1015")]  # an edge ban without Via: discord.py does not wait for it

    with pytest.raises(WebhookError, match="rate limited") as caught:
        await post_to_discord(session, base + DISCORD_PATH, sample_digest(2))

    assert (caught.value.status, caught.value.retry) == (429, True)
    assert len(rec.received) == 1


async def test_discord_5xx_is_retried_by_discord_py(receiver, session):
    rec, base = receiver
    rec.script = [(502, {}, "bad gateway")]

    ids = await post_to_discord(session, base + DISCORD_PATH, sample_digest(2))

    assert len(ids) == 1
    assert len(rec.received) == 2
    assert rec.received[0][1] == rec.received[1][1]


async def test_slack_5xx_is_retried_with_backoff(clock, receiver, session):
    rec, base = receiver
    rec.script = [(500, {}, "oops"), (503, {}, "busy")]

    _, attempts, waited = await drive(clock, post_to_slack(session, base + SLACK_PATH, sample_digest(2), clock))

    assert attempts == 3
    assert waited == 1.0 + 2.0
    assert len(rec.received) == 3


async def test_4xx_is_not_retried_and_says_why(receiver, session):
    rec, base = receiver
    rec.script = [(404, {}, json.dumps({"message": "Unknown Webhook", "code": 10015}))]

    with pytest.raises(WebhookError, match="no longer exists") as caught:
        await post_to_discord(session, base + DISCORD_PATH, sample_digest(2))

    assert (caught.value.status, caught.value.retry) == (404, False)
    assert len(rec.received) == 1


async def test_retries_run_out_with_a_clear_error(clock, receiver, session):
    rec, base = receiver
    rec.script = [(502, {}, "bad gateway")] * 5

    with pytest.raises(WebhookError, match="kept failing") as caught:
        await drive(clock, post_to_slack(session, base + SLACK_PATH, sample_digest(1), clock))
    assert len(rec.received) == 5
    assert caught.value.retry  # the delivery core tries again later


def test_webhook_urls_are_validated():
    good_discord = "https://discord.com/api/webhooks/123456789012345678/Abc_def-GHIjklMNOpqrSTUvwx"
    good_slack = "https://hooks.slack.com/services/T0001ABCD/B0002EFGH/abcdefghijklmnop1234"
    assert validate_webhook_url(WebhookTarget.DISCORD, good_discord) == good_discord
    assert validate_webhook_url(WebhookTarget.SLACK, " " + good_slack) == good_slack
    bad = [
        (WebhookTarget.DISCORD, good_discord.replace("https", "http"), "https://"),
        (WebhookTarget.DISCORD, good_slack, "discord-webhook URL"),
        (WebhookTarget.SLACK, good_discord, "slack-webhook URL"),
        (WebhookTarget.DISCORD, "https://discord.com.evil.example/api/webhooks/123456789012345678/x" * 1, "looks like"),
        (WebhookTarget.DISCORD, "http://127.0.0.1:8080" + DISCORD_PATH, "https://"),
    ]
    for target, url, message in bad:
        with pytest.raises(InvalidWebhookUrlError, match=message):
            validate_webhook_url(target, url)
    assert validate_webhook_url(WebhookTarget.DISCORD, "http://127.0.0.1:8080" + DISCORD_PATH, allow_loopback=True)
    with pytest.raises(InvalidWebhookUrlError):
        validate_webhook_url(WebhookTarget.SLACK, "http://10.0.0.1:8080" + SLACK_PATH, allow_loopback=True)
    assert parse_target("Slack") is WebhookTarget.SLACK
    with pytest.raises(InvalidWebhookUrlError, match="discord-webhook or slack-webhook"):
        parse_target("teams")
