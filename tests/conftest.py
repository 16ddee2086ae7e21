"""Shared fixtures: a fresh database file per test, a manual clock, a local feed server."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from feed_server import FeedServer

from bot.clock import ManualClock
from bot.store.db import Database

SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture
async def server() -> AsyncIterator[FeedServer]:
    """A real aiohttp server on 127.0.0.1 serving the feeds a test registers."""
    fs = FeedServer()
    await fs.server.start_server()
    try:
        yield fs
    finally:
        await fs.server.close()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(datetime(2025, 10, 17, 9, 0, tzinfo=UTC))


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database.open(tmp_path / "test.db")
    try:
        yield database
    finally:
        await database.close()
