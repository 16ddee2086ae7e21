from bot import __version__
from bot.models import Article


async def test_starts_syncs_commands_and_answers_about(harness):
    await harness.add_articles(Article(title="Harbour reopens after storm", body=("The harbour reopened.",)))
    await harness.start()
    emu = harness.emu
    assert {c["name"] for c in emu.commands} == {"digest", "find", "feeds", "schedule", "about"}
    feeds = emu.command_id("feeds")
    assert str(feeds["default_member_permissions"]) == "32"
    assert {o["name"] for o in feeds["options"]} == {"add", "remove", "list", "status", "import", "export"}
    schedule = emu.command_id("schedule")
    assert {o["name"] for o in schedule["options"]} == {"set", "show", "preview", "test", "off"}
    interaction = await emu.slash("about")
    await emu.done(interaction)
    text = emu.text_of(interaction)
    assert f"newsdigest {__version__}" in text
    assert "1 articles" in text
    assert emu.interactions[interaction.id].ephemeral
    assert await harness.stop() == 0


async def test_guild_id_syncs_to_that_server_for_instant_commands(harness):
    harness.configure(discord_guild_id=int(harness.emu.guild_id))
    await harness.start()
    emu = harness.emu
    assert any(r.method == "PUT" and r.path.endswith(f"/guilds/{emu.guild_id}/commands") for r in emu.requests)
    interaction = await emu.slash("about")
    await emu.done(interaction)
    assert "newsdigest" in emu.text_of(interaction)
