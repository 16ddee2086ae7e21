"""The emulator is the only guard of Discord's limits (discord.py checks none): check that it guards."""

import asyncio
from datetime import UTC, datetime, timedelta

import aiohttp
import pytest
from discord_emulator import Emulator, Interaction

CHANNEL = "900000000000000020"
NONE = {"parse": []}


@pytest.fixture
async def emu():
    emulator = Emulator()
    await emulator.start()
    yield emulator
    await emulator.close()


async def post(emu, path, body, *, auth=True):
    headers = {"Authorization": f"Bot {emu.token}"} if auth else {}
    async with aiohttp.ClientSession() as session, session.post(emu.api_base + path, json=body, headers=headers) as r:
        return r.status, r.headers["Content-Type"], await r.json(content_type=None)


async def test_valid_message_is_accepted(emu):
    status, ctype, body = await post(emu, f"/channels/{CHANNEL}/messages", {"content": "hi", "allowed_mentions": NONE})
    assert status == 200
    assert ctype == "application/json"
    assert body["content"] == "hi"
    assert emu.problems == []


@pytest.mark.parametrize(
    ("body", "where", "code"),
    [
        ({"content": "x" * 2001, "allowed_mentions": NONE}, ["content"], 50035),
        ({"embeds": [{"title": "t" * 257}], "allowed_mentions": NONE}, ["embeds", "0", "title"], 50035),
        (
            {"embeds": [{"description": "d" * 4000}, {"description": "d" * 2500}], "allowed_mentions": NONE},
            ["embeds"],
            50035,
        ),
        (
            {"embeds": [{"fields": [{"name": " ", "value": "v"}]}], "allowed_mentions": NONE},
            ["embeds", "0", "fields", "0", "name"],
            50035,
        ),
        ({"embeds": [{}] * 11, "allowed_mentions": NONE}, ["embeds"], 50035),
        ({"allowed_mentions": NONE}, None, 50006),
    ],
)
async def test_rules_are_enforced_with_discords_error_layout(emu, body, where, code):
    status, _, answer = await post(emu, f"/channels/{CHANNEL}/messages", body)
    assert status == 400
    assert answer["code"] == code
    node = answer.get("errors", {})
    for part in where or []:
        node = node[part]
    if where:
        assert node["_errors"][0]["message"]


async def test_unknown_channel_permission_route_and_auth(emu):
    assert (await post(emu, "/channels/1/messages", {"content": "x", "allowed_mentions": NONE}))[2]["code"] == 10003
    emu.forbidden_channels.add(CHANNEL)
    assert (await post(emu, f"/channels/{CHANNEL}/messages", {"content": "x", "allowed_mentions": NONE}))[2][
        "code"
    ] == 50013
    assert (await post(emu, f"/channels/{CHANNEL}/messages", {"content": "x"}, auth=False))[0] == 401
    status, _, _ = await post(emu, "/guilds/1/bans", {})
    assert status == 404
    assert emu.problems == ["unknown route POST /api/v10/guilds/1/bans"]


async def test_missing_allowed_mentions_is_a_problem(emu):
    status, _, _ = await post(emu, f"/channels/{CHANNEL}/messages", {"content": "hello"})
    assert status == 200
    assert emu.problems
    assert "allowed_mentions" in emu.problems[0]


async def test_one_callback_per_interaction_and_within_three_seconds(emu):
    interaction = Interaction(id="1", token="tok", channel_id=CHANNEL, user_id="5", created=0.0, kind=2)  # noqa: S106
    emu.interactions["1"] = interaction
    status, _, answer = await post(emu, "/interactions/1/tok/callback", {"type": 5})
    assert (status, answer["code"]) == (404, 10062)  # created at loop time 0: long ago
    interaction.created = asyncio.get_running_loop().time()
    assert (await post(emu, "/interactions/1/tok/callback", {"type": 5}))[0] == 200
    status, _, answer = await post(emu, "/interactions/1/tok/callback", {"type": 5})
    assert (status, answer["code"]) == (400, 40060)
    emu.problems.clear()


async def test_an_enforced_nonce_creates_one_message_for_a_few_minutes_as_discord_documents():
    at = [datetime(2026, 3, 28, 10, 0, tzinfo=UTC)]
    emu = Emulator(now=lambda: at[0])
    await emu.start()
    try:
        path = f"/channels/{CHANNEL}/messages"
        enforced = {"content": "digest", "allowed_mentions": NONE, "nonce": "n1", "enforce_nonce": True}
        _, _, first = await post(emu, path, enforced)
        at[0] += timedelta(minutes=4)
        _, _, again = await post(emu, path, enforced)
        assert again["id"] == first["id"]
        assert again["nonce"] == "n1"
        assert len(emu.channel_posts(CHANNEL)) == 1
        # A nonce without enforce_nonce is only echoed; an enforced one is unique for a few minutes only.
        await post(emu, path, {**enforced, "enforce_nonce": False})
        at[0] += timedelta(minutes=6)
        _, _, later = await post(emu, path, enforced)
        assert later["id"] != first["id"]
        assert len(emu.channel_posts(CHANNEL)) == 3
        assert [r.status for r in emu.requests] == [200] * 4
        assert emu.problems == []
    finally:
        await emu.close()
