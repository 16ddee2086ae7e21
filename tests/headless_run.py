"""Real headless ``newsdigest run`` processes for the multi-process tests: their environment, start and stop."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
import time
from collections.abc import AsyncIterator, Callable
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
