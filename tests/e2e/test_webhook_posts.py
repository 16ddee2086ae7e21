"""A Discord webhook schedule end to end: run_bot's daily-posts job posts with discord.Webhook, and the emulator
(reached through discord.http.Route.BASE, as Discord is) validates each request against Discord's spec."""

from __future__ import annotations

from datetime import UTC, datetime

from test_schedule_posts import story

from bot.runner import daily_posts
from bot.store import deliveries, schedules
from bot.store.db import Database
from bot.store.records import WebhookTarget

HOOK_ID = "900000000000000077"
TOKEN = "Abc_def-GHIjklMNOpqrSTUvwxyz0123456789"  # noqa: S105 - the emulator's webhook, not a secret


async def add_webhook_schedule(harness, **options) -> int:
    db = await Database.open(harness.settings.database_path)
    try:
        schedule, _ = await schedules.set_webhook_schedule(
            db,
            target=WebhookTarget.DISCORD,
            url=f"https://discord.com/api/webhooks/{HOOK_ID}/{TOKEN}",  # a real URL: validated as users' are
            time="10:00",
            timezone="UTC",
            topic=None,
            now=harness.clock.now(),
            **options,
        )
        return schedule.id
    finally:
        await db.close()


async def delivery_of(harness, schedule_id: int):
    db = await Database.open(harness.settings.database_path)
    try:
        return await deliveries.get_delivery(db, schedule_id, "2026-03-27")
    finally:
        await db.close()


async def test_a_discord_webhook_schedule_posts_through_discord_webhook_once(harness, clock):
    emu = harness.emu
    hook_channel = list(emu.channels)[1]
    emu.webhooks[HOOK_ID] = (TOKEN, hook_channel)
    harness.background = [daily_posts]
    schedule_id = await add_webhook_schedule(harness)
    await harness.add_articles(story(1), story(2, "Ferry timetable changes @everyone"))
    await harness.start()
    await harness.advance_to(datetime(2026, 3, 27, 10, 0, tzinfo=UTC))
    await emu.wait_for(lambda: len(emu.messages.get(hook_channel, [])) >= 1)
    await harness.advance_to(datetime(2026, 3, 27, 10, 30, tzinfo=UTC))

    posts = emu.messages[hook_channel]
    assert len(posts) == 1
    assert all(p["webhook_id"] == HOOK_ID for p in posts)
    hook_requests = [r for r in emu.requests if r.path.endswith(f"/webhooks/{HOOK_ID}/{TOKEN}")]
    assert len(hook_requests) == 1
    body = hook_requests[0].body
    assert body["allowed_mentions"] == {"parse": []}
    assert "@everyone" not in str(body)
    assert hook_requests[0].query.get("wait") in {"1", "true"}
    delivery = await delivery_of(harness, schedule_id)
    assert delivery.status.value == "sent"
    assert delivery.message_ids == (posts[0]["id"],)  # Discord's own id, from ?wait=true


async def test_a_discord_webhook_schedule_pings_its_one_role_when_it_has_a_story(harness, clock):
    emu = harness.emu
    role = "900000000000000050"
    emu.roles[role] = "Ferry news"
    hook_channel = list(emu.channels)[1]
    emu.webhooks[HOOK_ID] = (TOKEN, hook_channel)
    harness.background = [daily_posts]
    await add_webhook_schedule(harness, ping_role_id=int(role), max_stories=1)
    await harness.add_articles(story(1), story(2, "Ferry timetable changes @everyone"))
    await harness.start()
    await harness.advance_to(datetime(2026, 3, 27, 10, 0, tzinfo=UTC))
    await emu.wait_for(lambda: len(emu.messages.get(hook_channel, [])) >= 1)

    [post] = emu.messages[hook_channel]
    assert post["content"].startswith(f"<@&{role}>")
    assert len(post["embeds"]) == 1
    assert post["embeds"][0]["footer"]["text"].startswith("…and 1 more")
    [request] = [r for r in emu.requests if r.path.endswith(f"/webhooks/{HOOK_ID}/{TOKEN}")]
    assert request.body["allowed_mentions"] == {"parse": [], "roles": [int(role)]}
    assert emu.pings == [(hook_channel, role)]
