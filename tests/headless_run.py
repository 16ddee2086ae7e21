"""For the multi-process tests: real headless ``newsdigest run`` processes, and several handles on one database."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
import time
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path

from bot.store.db import Database

ROOT = Path(__file__).resolve().parents[1]
_AMBIENT = ("DISCORD_", "DATABASE_", "SMTP_", "FEED", "DROP_")


def headless_env(db: Database, settings: dict[str, str]) -> dict[str, str]:
    """Return the process environment: no ambient bot settings, the test's database, then ``settings``."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith(_AMBIENT)}
    if db.dialect == "postgresql":
        environ["DATABASE_URL"] = str(getattr(db, "url"))  # noqa: B009 - PgDatabase only
    else:
        environ["DATABASE_PATH"] = str(db.path)
    environ["PYTHONPATH"] = str(ROOT)
    environ.update(settings)
    return environ


@contextlib.asynccontextmanager
async def newsdigest_run(env: dict[str, str], log: Path) -> AsyncIterator[asyncio.subprocess.Process]:
    """Run ``newsdigest run`` with ``env``, its log in ``log``; killed on the way out if still running."""
    with log.open("wb") as sink:
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "--env-file",
            os.devnull,
            "run",
            cwd=log.parent,
            env=env,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=sink,
        )
    try:
        yield proc
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()


async def until(condition: Callable[[], bool], within: float, what: str) -> None:
    """Wait until ``condition()`` holds, failing with ``what`` after ``within`` seconds."""
    deadline = time.monotonic() + within
    while not condition():
        assert time.monotonic() < deadline, f"not within {within} s: {what}"
        await asyncio.sleep(0.05)


@asynccontextmanager
async def handles(db: Database, count: int) -> AsyncIterator[list[Database]]:
    """``count`` connections to the test's database, as separate processes would have (the first is ``db``)."""
    target = getattr(db, "url", None) if db.dialect == "postgresql" else db.path
    assert target is not None
    async with AsyncExitStack() as stack:
        extra = []
        for _ in range(count - 1):
            other = await Database.open(target)
            stack.push_async_callback(other.close)
            extra.append(other)
        yield [db, *extra]
