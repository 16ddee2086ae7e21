"""Discord's 3-second deadline for the first response: a slow archive or page is deferred, then answered.

The bot times its answers on the test's clock (``services.clock``), and the emulator times Discord's deadline on the
same clock, so nothing here waits for seconds or depends on the machine's load: a search or the archive is held
on an event the test controls, and the test moves the clock past the bot's budget and then past Discord's deadline.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any

import pytest
from discord_state import Interaction

from bot.chat.answer import ANSWER_WITHIN
from bot.errors import StoreError
from bot.models import Article

PAST_DEADLINE = 2.0  # moved after the deferral: ANSWER_WITHIN + this is past Discord's 3 s


def transit(n: int) -> Article:
    return Article(
        title=f"Harbour ferry {n} gets a night timetable",
        body=(f"The harbour ferry line {n} runs at night from May; a transit plan, phase {n}.",),
        url=f"https://ferries.test/night-{n}",
        key_points=(f"Line {n} runs at night", "From May"),
    )


class Held:
    """A coroutine function that waits for ``release`` before doing its work (a busy search or archive)."""

    def __init__(self, work: Callable[..., Awaitable[Any]]) -> None:
        self.work = work
        self.waiting = asyncio.Event()
        self.release = asyncio.Event()

    async def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.waiting.set()
        await self.release.wait()
        return await self.work(*args, **kwargs)


class SlowArchive:
    """The bot's real database, whose every query and write waits for ``release`` (PostgreSQL under load, a huge
    archive)."""

    def __init__(self, db: Any) -> None:
        self._db = db
        self.waiting = asyncio.Event()
        self.release = asyncio.Event()

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._db, name)
        if name == "transaction":

            @asynccontextmanager
            async def held_transaction() -> AsyncIterator[Any]:
                self.waiting.set()
                await self.release.wait()
                async with value() as conn:
                    yield conn

            return held_transaction
        if inspect.iscoroutinefunction(value):
            held = Held(value)
            held.waiting, held.release = self.waiting, self.release
            return held
        return value


async def run_late(harness, asked: Callable[[], Awaitable[Interaction]], held: Held | SlowArchive) -> Interaction:
    """Ask while ``held`` holds the work, let the bot's budget pass, then Discord's deadline, then release the work.

    Returns once the bot has acknowledged the interaction; the deadline has passed by then.
    """
    emu, clock = harness.emu, harness.clock
    await harness.idle()
    sleeping = clock.sleepers
    interaction = await asked()
    # The work has begun and the bot is timing it (or has deferred already, as /digest always does).
    await emu.wait_for(lambda: held.waiting.is_set() and (clock.sleepers > sleeping or emu.answers(interaction)))
    clock.advance(ANSWER_WITHIN)
    await emu.wait_for(lambda: emu.answers(interaction))
    clock.advance(PAST_DEADLINE)
    held.release.set()
    return interaction


def shown(emu, interaction: Interaction) -> list[tuple[bool, str]]:
    """What the bot shows for the interaction now: (private?, content) of each message."""
    return [(bool(m["flags"] & 64), m["content"]) for m in emu.interactions[interaction.id].shown]


async def test_slow_find_defers_publicly_then_shows_its_results(harness):
    emu = harness.emu
    await harness.add_articles(*(transit(n) for n in range(1, 6)), at=harness.clock.now() - timedelta(hours=1))
    bot = await harness.start()
    search = Held(bot.services.search)
    bot.services.search = search
    asked = await run_late(harness, lambda: emu.slash("find", options={"query": "transit plan"}), search)
    assert [a["type"] for a in emu.answers(asked)] == [5]  # "thinking…", public like the results to come
    assert not emu.interactions[asked.id].ephemeral
    await emu.done(asked, followups=1)
    [message] = emu.interactions[asked.id].shown
    assert message["content"].startswith("Results 1\u20132 of 5")
    assert not message["flags"] & (64 | 128)
    assert emu.channel_posts(harness.channel, kind=20) == [message]
    # Its buttons work (the view is bound to the message that replaced "thinking…").
    turned = await emu.press(message, "Next")
    await emu.done(turned)
    assert message["content"].startswith("Results 3\u20134 of 5")


async def test_slow_find_without_results_stays_private(harness):
    emu = harness.emu
    await harness.add_articles(transit(1))
    bot = await harness.start()
    search = Held(bot.services.search)
    bot.services.search = search
    asked = await run_late(harness, lambda: emu.slash("find", options={"query": "volcano"}), search)
    await emu.wait_for(
        lambda: emu.interactions[asked.id].shown and not emu.interactions[asked.id].shown[0]["flags"] & 128
    )
    [(private, text)] = shown(emu, asked)
    assert private
    assert text.startswith("No results for “volcano”")
    # The public "thinking…" was deleted rather than answered: nothing is left in the channel.
    assert emu.channel_posts(harness.channel, kind=20) == []
    assert {"deleted": asked.id} in emu.answers(asked)


async def test_an_error_after_a_public_deferral_stays_private(harness):
    emu = harness.emu
    await harness.add_articles(transit(1))
    bot = await harness.start()

    search = Held(_broken_store)
    bot.services.search = search
    asked = await run_late(harness, lambda: emu.slash("find", options={"query": "ferry"}), search)
    await _said_privately_only(harness, asked)


async def test_a_public_digest_that_fails_after_deferring_says_so_privately(harness):
    """/digest always defers (publicly when asked to be public); its error must not replace the public "thinking"."""
    emu = harness.emu
    await harness.add_articles(transit(1), at=harness.clock.now() - timedelta(hours=1))
    bot = await harness.start()

    bot.services.build_digest = _broken_store
    asked = await emu.slash("digest", options={"public": True})
    await _said_privately_only(harness, asked)


async def _broken_store(*args: Any, **kwargs: Any) -> Any:
    raise StoreError("disk I/O error")


async def _said_privately_only(harness: Any, asked: Any) -> None:
    """The store's error was the answer, shown to the asker only, and nothing is left in the channel."""
    emu = harness.emu
    await emu.wait_for(lambda: any("followup" in a for a in emu.answers(asked)))
    assert shown(emu, asked) == [
        (True, "The archive could not be read or written: disk I/O error. Try again in a moment.")
    ]
    assert emu.channel_posts(harness.channel, kind=20) == []


async def test_a_slow_page_turn_is_acknowledged_then_shown(harness):
    emu = harness.emu
    await harness.add_articles(*(transit(n) for n in range(1, 6)), at=harness.clock.now() - timedelta(hours=1))
    bot = await harness.start()
    asked = await emu.slash("find", options={"query": "transit plan"})
    await emu.done(asked)
    message = emu.interactions[asked.id].original
    assert [a["type"] for a in emu.answers(asked)] == [4]  # a quick answer is the response itself, as before
    search = Held(bot.services.search)
    bot.services.search = search
    turned = await run_late(harness, lambda: emu.press(message, "Next"), search)
    assert [a["type"] for a in emu.answers(turned)] == [6]  # acknowledged, the message unchanged for now
    assert message["content"].startswith("Results 1\u20132 of 5")
    await emu.wait_for(lambda: message["content"].startswith("Results 3\u20134 of 5"))
    assert [sorted(a) for a in emu.answers(turned)] == [["data", "interaction", "type"], ["edited", "message"]]
    assert {c["label"]: c.get("disabled", False) for c in message["components"][0]["components"]} == {
        "◀ Previous": False,
        "Next ▶": False,
    }


async def test_autocomplete_gives_nothing_rather_than_fail_when_the_archive_is_slow(harness):
    emu = harness.emu
    await harness.add_articles(transit(1))
    bot = await harness.start()
    archive = SlowArchive(bot.services.db)
    bot.services.db = archive
    await harness.idle()
    sleeping = harness.clock.sleepers
    typing = await emu.slash("find", options={"query": "ferry"}, focused="query")
    await emu.wait_for(lambda: archive.waiting.is_set() and harness.clock.sleepers > sleeping)
    harness.clock.advance(ANSWER_WITHIN)
    [answer] = await emu.done(typing)
    assert answer["type"] == 8
    assert answer["data"]["choices"] == []
    # Once the archive answers again, so does the autocomplete.
    archive.release.set()
    again = await emu.slash("find", options={"query": "ferry"}, focused="query")
    [answer] = await emu.done(again)
    assert [c["name"] for c in answer["data"]["choices"]] == ["Harbour ferry 1 gets a night timetable"]


@pytest.mark.parametrize(
    ("command", "sub", "options", "expected"),
    [
        ("about", None, {}, "a calm daily news digest"),
        ("digest", None, {}, "Nothing new since"),
        ("feeds", "list", {}, "No feeds yet"),
        ("feeds", "status", {}, "No feeds yet"),
        ("feeds", "remove", {"feed": "7"}, "No such feed here"),
        ("feeds", "export", {}, "Your feeds as OPML"),
        ("schedule", "set", {"time": "07:30", "timezone": "UTC"}, "Every day at 07:30 (UTC)"),
        ("schedule", "show", {}, "No daily posts yet"),
        ("schedule", "preview", {}, "There is no daily post in"),
        ("schedule", "test", {}, "There is no daily post in"),
        ("schedule", "off", {}, "There is no daily post in"),
    ],
)
async def test_every_command_answers_privately_when_the_archive_is_slower_than_the_deadline(
    harness, command, sub, options, expected
):
    emu = harness.emu
    bot = await harness.start()
    archive = SlowArchive(bot.services.db)
    bot.services.db = archive
    asked = await run_late(harness, lambda: emu.slash(command, sub=sub, options=options), archive)
    assert [a["type"] for a in emu.answers(asked)] == [5]
    assert emu.interactions[asked.id].ephemeral
    await emu.done(asked, followups=1)
    [(private, text)] = shown(emu, asked)
    assert private
    assert expected in text
    assert emu.channel_posts(harness.channel, kind=20) == []
