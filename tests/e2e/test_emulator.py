"""The emulator is the only guard of Discord's limits (discord.py checks none): check that it guards."""

import json
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
    long_ago = emu.now() - timedelta(seconds=3.5)
    interaction = Interaction(id="1", token="tok", channel_id=CHANNEL, user_id="5", created=long_ago, kind=2)  # noqa: S106
    emu.interactions["1"] = interaction
    status, _, answer = await post(emu, "/interactions/1/tok/callback", {"type": 5})
    assert (status, answer["code"]) == (404, 10062)  # created 3.5 s ago on the emulator's clock
    interaction.created = emu.now()
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


def asked(emu, number, *, kind=2, message=None):
    """An interaction the emulator sent (``number`` is its id; its token is ``tok`` + number), created now."""
    made = Interaction(
        id=number, token=f"tok{number}", channel_id=CHANNEL, user_id="5", created=emu.now(), kind=kind, message=message
    )
    emu.interactions[number] = made
    return made


async def call(emu, method, path, body=None):
    async with aiohttp.ClientSession() as session, session.request(method, emu.api_base + path, json=body) as r:
        text = await r.text()
        return r.status, json.loads(text) if text else None


async def test_a_deferral_fixes_the_answers_visibility_until_it_is_deleted_as_discord_does():
    """Discord: the first follow-up after a deferral replaces "thinking…" and keeps its visibility, whatever its flags;
    once the deferred message is deleted (DELETE .../messages/@original, 204 in the spec), a follow-up is a message
    of its own, private if flagged so. A token's follow-ups and edits last 15 minutes."""
    at = [datetime(2026, 3, 28, 10, 0, tzinfo=UTC)]
    emu = Emulator(now=lambda: at[0])
    await emu.start()
    try:
        hook = f"/webhooks/{emu.app_id}"
        private = {"content": "nothing found", "flags": 64, "allowed_mentions": NONE}
        for number in ("1", "2"):
            asked(emu, number)
            assert (await call(emu, "POST", f"/interactions/{number}/tok{number}/callback", {"type": 5}))[0] == 200
        assert [m["flags"] for m in emu.channel_posts(CHANNEL, kind=20)] == [128, 128]  # two public "thinking…"

        status, replaced = await call(emu, "POST", f"{hook}/tok1", private)
        assert (status, replaced["flags"], replaced["content"]) == (200, 0, "nothing found")  # public all the same
        assert replaced in emu.channel_posts(CHANNEL, kind=20)

        assert await call(emu, "DELETE", f"{hook}/tok2/messages/@original") == (204, None)
        assert emu.channel_posts(CHANNEL, kind=20) == [replaced]
        status, own = await call(emu, "POST", f"{hook}/tok2", private)
        assert (status, own["flags"]) == (200, 64)
        assert emu.channel_posts(CHANNEL, kind=20) == [replaced]  # private: not in the channel
        assert emu.interactions["2"].shown == [own]
        status, answer = await call(emu, "PATCH", f"{hook}/tok2/messages/@original", {"content": "x"})
        assert (status, answer["code"]) == (404, 10008)

        at[0] += timedelta(minutes=15, seconds=1)
        status, answer = await call(emu, "POST", f"{hook}/tok1", {"content": "late", "allowed_mentions": NONE})
        assert (status, answer["code"]) == (401, 50027)
        assert emu.problems == []
    finally:
        await emu.close()


async def test_a_button_is_acknowledged_then_its_message_edited_and_an_autocomplete_only_gets_choices(emu):
    shown = emu._message(CHANNEL, {"content": "page 1"}, author=emu.bot_user())
    asked(emu, "1", kind=3, message=shown)
    assert (await call(emu, "POST", "/interactions/1/tok1/callback", {"type": 6}))[0] == 200
    status, edited = await call(emu, "PATCH", f"/webhooks/{emu.app_id}/tok1/messages/@original", {"content": "page 2"})
    assert (status, edited["id"], shown["content"]) == (200, shown["id"], "page 2")

    asked(emu, "2", kind=4)
    status, answer = await call(emu, "POST", "/interactions/2/tok2/callback", {"type": 5})
    assert (status, answer["code"]) == (400, 50035)  # an autocomplete cannot be deferred
    assert emu.problems == ["callback type 5 for an interaction of type 4"]
    emu.problems.clear()
