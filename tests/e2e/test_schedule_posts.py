from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from discord_emulator import RateLimit

from bot.models import Article

BERLIN = ZoneInfo("Europe/Berlin")


def story(n: int, title: str | None = None) -> Article:
    return Article(
        title=title or f"Council approves budget number {n}",
        body=(f"Story {n} body.",),
        url=f"https://news.test/{n}",
        key_points=(f"Point {n}",),
    )


def local_times(posts):
    return [datetime.fromisoformat(p["timestamp"]).astimezone(BERLIN).strftime("%Y-%m-%d %H:%M") for p in posts]


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
async def test_morning_post_keeps_local_time_across_spring_forward(harness, clock):
    emu = harness.emu
    await harness.set_schedule("07:30", "Europe/Berlin")
    await harness.add_articles(story(1))
    await harness.start()
    await harness.advance_to(datetime(2026, 3, 28, 6, 29, 59, tzinfo=UTC))
    assert emu.channel_posts(harness.channel) == []
    await harness.advance_to(datetime(2026, 3, 28, 6, 30, tzinfo=UTC))
    await emu.wait_for(lambda: len(emu.channel_posts(harness.channel)) == 1)
    await harness.add_articles(story(2))
    # After the change 06:30 UTC is 08:30 local: the post must already have happened at 05:30 UTC.
    await harness.advance_to(datetime(2026, 3, 29, 5, 29, 59, tzinfo=UTC))
    assert len(emu.channel_posts(harness.channel)) == 1
    await harness.advance_to(datetime(2026, 3, 29, 5, 30, tzinfo=UTC))
    await emu.wait_for(lambda: len(emu.channel_posts(harness.channel)) == 2)
    await harness.advance_to(datetime(2026, 3, 29, 6, 30, tzinfo=UTC))
    posts = emu.channel_posts(harness.channel)
    assert local_times(posts) == ["2026-03-28 07:30", "2026-03-29 07:30"]
    assert "budget number 1" in posts[0]["embeds"][0]["title"]
    assert "budget number 2" in posts[1]["embeds"][0]["title"]
    assert "budget number 1" not in str(posts[1]["embeds"])
    assert await harness.deliveries() == [("2026-03-28", "sent", None), ("2026-03-29", "sent", None)]


async def test_morning_post_across_fall_back_and_empty_line_setting(harness, clock):
    emu = harness.emu
    clock.set(datetime(2026, 10, 23, 9, 0, tzinfo=UTC))
    harness.configure(post_empty_digest=True)
    await harness.set_schedule("07:30", "Europe/Berlin")
    await harness.start()
    for moment in (
        datetime(2026, 10, 24, 5, 30, tzinfo=UTC),  # 07:30 CEST
        datetime(2026, 10, 25, 5, 30, tzinfo=UTC),  # 06:30 CET: not yet
        datetime(2026, 10, 25, 6, 30, tzinfo=UTC),  # 07:30 CET
        datetime(2026, 10, 25, 7, 30, tzinfo=UTC),
    ):
        await harness.advance_to(moment)
    posts = emu.channel_posts(harness.channel)
    assert local_times(posts) == ["2026-10-24 07:30", "2026-10-25 07:30"]
    assert all(p["content"].startswith("Nothing new since") for p in posts)


async def test_empty_window_posts_nothing(harness):
    emu = harness.emu
    await harness.set_schedule("10:00", "UTC")
    await harness.start()
    await harness.advance_to(datetime(2026, 3, 27, 10, 0, tzinfo=UTC))
    assert emu.channel_posts(harness.channel) == []
    assert await harness.deliveries() == [("2026-03-27", "skipped", "nothing new")]


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
async def test_restart_between_claim_and_send_posts_once(harness, clock):
    emu = harness.emu
    await harness.set_schedule("10:00", "UTC")
    # The previous process claimed the 10:00 post and died before sending it.
    clock.set(datetime(2026, 3, 28, 9, 0, tzinfo=UTC))
    await harness.add_articles(story(1))
    clock.set(datetime(2026, 3, 28, 10, 0, tzinfo=UTC))
    await harness.claim_only("2026-03-28")
    clock.set(datetime(2026, 3, 28, 10, 5, tzinfo=UTC))
    await harness.start()
    await emu.wait_for(lambda: len(emu.channel_posts(harness.channel)) == 1)
    await harness.advance_to(datetime(2026, 3, 28, 10, 10, tzinfo=UTC))
    assert await harness.stop() == 0
    await harness.start()
    await harness.advance_to(datetime(2026, 3, 28, 10, 20, tzinfo=UTC))
    assert len(emu.channel_posts(harness.channel)) == 1
    assert await harness.deliveries() == [("2026-03-28", "sent", None)]


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
async def test_restart_after_send_before_mark_does_not_repeat(harness, clock):
    emu = harness.emu
    await harness.set_schedule("10:00", "UTC")
    await harness.add_articles(story(1))
    clock.set(datetime(2026, 3, 28, 10, 0, tzinfo=UTC))
    await harness.claim_only("2026-03-28")
    # ... and the post reached Discord before the process died.
    clock.set(datetime(2026, 3, 28, 10, 0, 1, tzinfo=UTC))
    emu.messages[harness.channel] = [
        emu._message(harness.channel, {"content": "digest"}, author=emu.bot_user()),
    ]
    clock.set(datetime(2026, 3, 28, 10, 5, tzinfo=UTC))
    await harness.start()
    await harness.advance_to(datetime(2026, 3, 28, 10, 10, tzinfo=UTC))
    assert len(emu.channel_posts(harness.channel)) == 1
    assert await harness.deliveries() == [("2026-03-28", "sent", None)]


async def test_catch_up_within_grace_posts_once(harness, clock):
    emu = harness.emu
    await harness.set_schedule("07:00", "UTC")
    clock.set(datetime(2026, 3, 28, 6, 0, tzinfo=UTC))
    await harness.add_articles(story(1))
    clock.set(datetime(2026, 3, 28, 9, 30, tzinfo=UTC))  # down from before 07:00 until 09:30, grace 3 h
    await harness.start()
    await emu.wait_for(lambda: len(emu.channel_posts(harness.channel)) == 1)
    await harness.advance_to(datetime(2026, 3, 28, 9, 40, tzinfo=UTC))
    assert len(emu.channel_posts(harness.channel)) == 1


async def test_catch_up_beyond_grace_skips_with_a_log_line(harness, clock, caplog):
    emu = harness.emu
    await harness.set_schedule("07:00", "UTC")
    clock.set(datetime(2026, 3, 28, 6, 0, tzinfo=UTC))
    await harness.add_articles(story(1))
    clock.set(datetime(2026, 3, 28, 10, 30, tzinfo=UTC))
    await harness.start()
    await harness.advance_to(datetime(2026, 3, 28, 10, 31, tzinfo=UTC))
    assert emu.channel_posts(harness.channel) == []
    assert any("beyond the" in r.getMessage() and "grace" in r.getMessage() for r in caplog.records)
    show = await emu.slash("schedule", sub="show")
    await emu.done(show)
    assert "skipped" in emu.text_of(show)
    # The next morning posts as usual.
    await harness.add_articles(story(2))
    await harness.advance_to(datetime(2026, 3, 29, 7, 0, tzinfo=UTC))
    await emu.wait_for(lambda: len(emu.channel_posts(harness.channel)) == 1)


async def test_failed_posts_are_recorded_and_shown(harness, clock):
    emu = harness.emu
    news, general = list(emu.channels)
    await harness.set_schedule("10:00", "UTC", channel=news)
    await harness.set_schedule("10:00", "UTC", channel=general)
    await harness.set_schedule("10:00", "UTC", channel="900000000000000029")  # deleted since
    await harness.add_articles(story(1))
    emu.forbidden_channels.add(news)
    emu.failing_channels[general] = 503
    await harness.start()
    await harness.advance_to(datetime(2026, 3, 27, 10, 0, tzinfo=UTC))
    show = await emu.slash("schedule", sub="show")
    await emu.done(show)
    text = emu.text_of(show)
    assert "missing permission" in text
    assert "no longer exists" in text
    assert "Discord answered 503" in text
    # A 5xx is worth another try; 403 and 404 are not.
    del emu.failing_channels[general]
    await harness.advance_to(datetime(2026, 3, 27, 10, 1, tzinfo=UTC))
    await emu.wait_for(lambda: len(emu.channel_posts(general)) == 1)
    statuses = sorted(s for _, s, _ in await harness.deliveries())
    assert statuses == ["failed", "failed", "sent"]


async def test_rate_limited_post_is_retried(harness, clock):
    emu = harness.emu
    await harness.set_schedule("10:00", "UTC")
    await harness.add_articles(story(1))
    emu.rate_limits.append(RateLimit("POST", "/channels/", retry_after=0.05))
    await harness.start()
    await harness.advance_to(datetime(2026, 3, 27, 10, 0, tzinfo=UTC))
    await emu.wait_for(lambda: len(emu.channel_posts(harness.channel)) == 1)
    posts = [r for r in emu.requests if r.method == "POST" and r.path.endswith(f"/channels/{harness.channel}/messages")]
    assert len(posts) == 2


async def test_mentions_and_markdown_are_harmless(harness, clock):
    emu = harness.emu
    await harness.set_schedule("10:00", "UTC")
    nasty = Article(
        title="@everyone <@123> **URGENT** [click](https://evil.test) @here",
        body=("<@&456> and <#789> `code` ||spoiler||",),
        url="https://news.test/nasty",
        key_points=("@everyone read this <@123>", "# not a heading"),
    )
    await harness.add_articles(nasty)
    await harness.start()
    await harness.advance_to(datetime(2026, 3, 27, 10, 0, tzinfo=UTC))
    await emu.wait_for(lambda: len(emu.channel_posts(harness.channel)) == 1)
    find = await emu.slash("find", options={"query": "urgent"})
    await emu.done(find)
    bodies = [r.body for r in emu.requests if r.method == "POST" and "messages" in r.path]
    bodies += [r.body["data"] for r in emu.requests if r.path.endswith("/callback") and r.body["type"] == 4]
    assert len(bodies) == 2
    for body in bodies:
        assert body["allowed_mentions"] == {"parse": []}
        text = str(body)
        assert "@everyone" not in text
        assert "@here" not in text
        assert "<@123>" not in text
        assert "**URGENT**" not in text
        assert "[click](" not in text


async def test_gateway_reconnect_then_resume_mid_run(harness, clock):
    emu = harness.emu
    await harness.set_schedule("10:00", "UTC")
    await harness.add_articles(story(1))
    await harness.start()
    await emu.request_reconnect()
    await emu.wait_for(lambda: emu.resumes == 1)
    assert emu.identifies == 1
    about = await emu.slash("about")
    await emu.done(about)
    await harness.advance_to(datetime(2026, 3, 27, 10, 0, tzinfo=UTC))
    await emu.wait_for(lambda: len(emu.channel_posts(harness.channel)) == 1)


async def test_digest_time_setting_creates_the_first_schedule_once(harness, clock):
    emu = harness.emu
    harness.configure(digest_time="10:00", discord_channel_id=int(harness.channel), timezone="Europe/Berlin")
    await harness.add_articles(story(1))
    await harness.start()
    await harness.advance_to(datetime(2026, 3, 28, 9, 0, tzinfo=UTC))  # 10:00 CET
    await emu.wait_for(lambda: len(emu.channel_posts(harness.channel)) == 1)
    off = await emu.slash("schedule", sub="off")
    await emu.done(off)
    assert await harness.stop() == 0
    await harness.start()  # the setting does not turn it back on
    show = await emu.slash("schedule", sub="show")
    await emu.done(show)
    assert " · off" in emu.text_of(show)


async def test_a_broken_user_template_is_recorded_not_crashed(harness, clock, tmp_path):
    emu = harness.emu
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "discord_story.md.j2").write_text("{% if %}broken", encoding="utf-8")
    harness.configure(templates_dir=templates)
    await harness.set_schedule("10:00", "UTC")
    await harness.add_articles(story(1))
    await harness.start()
    await harness.advance_to(datetime(2026, 3, 27, 10, 0, tzinfo=UTC))
    assert emu.channel_posts(harness.channel) == []
    show = await emu.slash("schedule", sub="show")
    await emu.done(show)
    assert "could not build the digest" in emu.text_of(show)
    [(slot, status, error)] = await harness.deliveries()
    assert (slot, status) == ("2026-03-27", "failed")
    assert "template" in error


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
async def test_a_discord_5xx_is_retried_after_a_restart_with_back_off(harness, clock):
    emu = harness.emu
    await harness.set_schedule("10:00", "UTC")
    await harness.add_articles(story(1))
    emu.failing_channels[harness.channel] = 503
    await harness.start()
    await harness.advance_to(datetime(2026, 3, 27, 10, 0, tzinfo=UTC))
    assert emu.channel_posts(harness.channel) == []
    [(slot, status, error)] = await harness.deliveries()
    assert (slot, status) == ("2026-03-27", "failed")
    assert "503" in error
    # The bot stops before the retry is due; Discord recovers while it is down.
    assert await harness.stop() == 0
    del emu.failing_channels[harness.channel]
    clock.set(datetime(2026, 3, 27, 10, 0, 30, tzinfo=UTC))
    await harness.start()
    await harness.idle()
    assert emu.channel_posts(harness.channel) == []  # not before the back-off is over
    await harness.advance_to(datetime(2026, 3, 27, 10, 1, tzinfo=UTC))
    await emu.wait_for(lambda: len(emu.channel_posts(harness.channel)) == 1)
    await harness.advance_to(datetime(2026, 3, 27, 10, 30, tzinfo=UTC))
    assert len(emu.channel_posts(harness.channel)) == 1
    assert await harness.deliveries() == [("2026-03-27", "sent", None)]


# A loop that keeps a render busy for about a second, put before a bundled template.
_BUSY = "{% for i in range(30) %}{% for j in range(1000) %}{% for k in range(1000) %}" + "{% endfor %}" * 3
_BUNDLED = Path(__file__).resolve().parents[2] / "templates"
_BUSY_STORY = _BUSY + (_BUNDLED / "discord_story.md.j2").read_text("utf-8")


class LoopGaps:
    """The longest pauses of the event loop while the block runs (a task that wakes every 10 ms)."""

    async def __aenter__(self) -> LoopGaps:
        self.gaps: list[float] = []
        self.began = time.perf_counter()
        self._task = asyncio.create_task(self._tick())
        return self

    async def _tick(self) -> None:
        last = time.perf_counter()
        while True:
            await asyncio.sleep(0.01)
            now = time.perf_counter()
            self.gaps.append(now - last)
            last = now

    async def __aexit__(self, *exc: object) -> None:
        self._task.cancel()
        self.took = time.perf_counter() - self.began


def busy_templates(tmp_path: Path) -> Path:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "discord_story.md.j2").write_text(_BUSY_STORY, "utf-8")
    return templates


async def test_a_slow_template_renders_off_the_event_loop(harness, clock, tmp_path):
    """A user's template may take seconds within its deadline; the gateway and the commands go on meanwhile.

    The scheduled post rendered on the event loop: a template busy for a second froze the whole bot for that second
    (a runaway one, for the render's whole deadline).
    """
    emu = harness.emu
    harness.configure(templates_dir=busy_templates(tmp_path))
    await harness.set_schedule("10:00", "UTC")
    await harness.add_articles(story(1))
    await harness.start()
    await harness.idle()
    async with LoopGaps() as loop:
        await harness.advance_to(datetime(2026, 3, 27, 10, 0, tzinfo=UTC))
        await emu.wait_for(lambda: len(emu.channel_posts(harness.channel)) == 1, 30)  # about a second of CPU
    assert "budget number 1" in emu.channel_posts(harness.channel)[0]["embeds"][0]["title"]
    assert loop.took > 0.3  # the template kept its thread busy
    assert max(loop.gaps) < loop.took / 3  # and the loop ran on meanwhile (rendered on it, one gap was the render)


async def test_a_slow_template_renders_off_the_event_loop_for_digest_too(harness, clock, tmp_path):
    emu = harness.emu
    harness.configure(templates_dir=busy_templates(tmp_path))
    await harness.add_articles(story(1), at=clock.now() - timedelta(hours=2))
    await harness.start()
    async with LoopGaps() as loop:
        asked = await emu.slash("digest")
        await emu.done(asked, followups=1, within=30)  # about a second of CPU: many on a loaded CI host
    assert "budget number 1" in emu.text_of(asked)
    assert loop.took > 0.3
    assert max(loop.gaps) < loop.took / 3
