"""Scenario fixtures: the emulator, the bot run by run_bot against it, and the checks every scenario ends with."""

from __future__ import annotations

import asyncio
import ipaddress
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

import discord
import pytest
from discord_emulator import Emulator
from pg_support import fresh_database_url

from bot.chat.client import NewsBot
from bot.chat.context import Services
from bot.clock import ManualClock
from bot.config import Settings
from bot.models import Article, SourceKind
from bot.runner import JobContext, run_bot
from bot.store import deliveries as store_deliveries
from bot.store import schedules
from bot.store.articles import add_article, get_or_create_source
from bot.store.db import Database
from bot.store.records import TargetRef, TargetTable


class ErrorRecords(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@dataclass
class Harness:
    emu: Emulator
    clock: ManualClock
    settings: Settings
    errors: ErrorRecords
    bot: NewsBot | None = None
    task: asyncio.Task[int] | None = None
    stop_event: asyncio.Event = field(default_factory=asyncio.Event)
    expect_errors: bool = False
    background: list = field(default_factory=list)

    @property
    def channel(self) -> str:
        return next(iter(self.emu.channels))

    def configure(self, **changes) -> None:
        self.settings = replace(self.settings, **changes)

    async def start(self) -> NewsBot:
        self.stop_event = asyncio.Event()
        captured: asyncio.Future[NewsBot] = asyncio.get_running_loop().create_future()

        async def capture(context: JobContext) -> None:
            assert context.bot is not None
            captured.set_result(context.bot)
            await asyncio.Event().wait()

        def make(settings: Settings, db: Database, clock) -> Services:
            services = Services.create(settings, db, clock)
            services.page_size = 2
            return services

        self.task = asyncio.create_task(
            run_bot(
                self.settings,
                clock=self.clock,
                background=[capture, *self.background],
                make_services=make,
                stop=self.stop_event,
                guild_ready_timeout=0.05,
            )
        )
        bot = await asyncio.wait_for(captured, 3)
        await asyncio.wait_for(bot.ready_event.wait(), 3)
        await asyncio.wait_for(bot.synced.wait(), 3)
        self.bot = bot
        return bot

    async def stop(self) -> int:
        assert self.task is not None
        self.stop_event.set()
        status = await asyncio.wait_for(self.task, 5)
        self.task = None
        self.bot = None
        return status

    async def add_articles(self, *articles: Article, source: str = "Example News", at: datetime | None = None) -> None:
        db = await Database.open(self.settings.database)
        try:
            src = await get_or_create_source(
                db, SourceKind.FEED, source, f"https://{source.lower().replace(' ', '')}.test/feed", self.clock.now()
            )
            for art in articles:
                await add_article(db, src, art, at or self.clock.now())
        finally:
            await db.close()

    async def set_schedule(self, time: str, zone: str, *, channel: str | None = None, topic: str | None = None) -> None:
        db = await Database.open(self.settings.database)
        try:
            await schedules.set_schedule(
                db,
                channel_id=int(channel or self.channel),
                guild_id=int(self.emu.guild_id),
                time=time,
                timezone=zone,
                topic=topic,
                now=self.clock.now(),
            )
        finally:
            await db.close()

    async def claim_only(self, slot: str) -> None:
        """Do what a process that died right after claiming would have left behind."""
        db = await Database.open(self.settings.database)
        try:
            schedule = await schedules.get_schedule(db, int(self.channel))
            assert schedule is not None
            now = self.clock.now()
            await store_deliveries.claim(
                db,
                sink="discord",
                target=TargetRef(TargetTable.SCHEDULE, schedule.id),
                channel_id=schedule.channel_id,
                slot=slot,
                since=now - self.settings.digest_window,
                until=now,
                now=now,
            )
        finally:
            await db.close()

    async def deliveries(self) -> list:
        db = await Database.open(self.settings.database)
        try:
            rows = await db.fetchall("SELECT slot, status, error FROM deliveries ORDER BY id")
            return [tuple(r) for r in rows]
        finally:
            await db.close()

    async def advance_to(self, when: datetime) -> None:
        """Move the clock and wait for the scheduler to finish the round it wakes for."""
        assert self.bot is not None
        await self.idle()
        target = self.bot.scheduler.rounds + 1
        self.clock.set(when)
        await self.emu.wait_for(lambda: self.bot is not None and self.bot.scheduler.rounds >= target)

    async def idle(self) -> None:
        """Wait until the scheduler has finished a round and sleeps on the clock, so a clock jump wakes it."""
        bot = self.bot
        assert bot is not None
        await self.emu.wait_for(lambda: bot.scheduler.rounds >= 1 and self.clock.sleepers >= 1 + len(self.background))


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(datetime(2026, 3, 27, 9, 0, tzinfo=UTC))


@pytest.fixture
def backend() -> str:
    """The store a scenario runs on; a scenario parametrises it to run on PostgreSQL too."""
    return "sqlite"


@pytest.fixture
async def harness(
    tmp_path: Path, clock: ManualClock, monkeypatch: pytest.MonkeyPatch, backend: str
) -> AsyncIterator[Harness]:
    if backend == "postgresql":
        async with fresh_database_url() as url:
            async for h in _harness(tmp_path, clock, monkeypatch, url):
                yield h
        return
    async for h in _harness(tmp_path, clock, monkeypatch, None):
        yield h


async def _harness(
    tmp_path: Path, clock: ManualClock, monkeypatch: pytest.MonkeyPatch, database_url: str | None
) -> AsyncIterator[Harness]:
    # run_bot points these process-wide class attributes at the emulator; restore them afterwards.
    monkeypatch.setattr(discord.http.Route, "BASE", discord.http.Route.BASE)
    monkeypatch.setattr(
        discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    )
    emu = Emulator(now=clock.now)
    await emu.start()
    errors = ErrorRecords()
    loggers = [logging.getLogger("discord"), logging.getLogger("bot")]
    for logger in loggers:
        logger.addHandler(errors)
    settings = Settings(
        database_path=tmp_path / "bot.db",
        database_url=database_url,
        discord_token=emu.token,
        discord_api_base=emu.api_base,
        discord_gateway_url=emu.gateway_url,
        # Feeds are served by the emulator on loopback, which the SSRF guard refuses unless allowed.
        feed_allowed_networks=(ipaddress.ip_network("127.0.0.1/32"),),
        feed_timeout=3.0,
    )
    h = Harness(emu=emu, clock=clock, settings=settings, errors=errors)
    try:
        yield h
    finally:
        if h.task is not None:
            await h.stop()
        await emu.close()
        for logger in loggers:
            logger.removeHandler(errors)
    assert emu.problems == [], emu.problems
    if not h.expect_errors:
        assert [r.getMessage() for r in errors.records] == []
