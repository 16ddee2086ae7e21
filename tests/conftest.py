"""Shared fixtures: a fresh database file per test, and a manual clock."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.clock import ManualClock
from bot.store.db import Database

SHARED = Path(__file__).resolve().parents[2] / "shared"


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
