"""Headless ``newsdigest run`` processes posting Discord webhook schedules to a local receiver (tests).

``prepare`` gives a database six Discord webhook schedules due this minute (set two minutes ago, so a process
catches them up at once) and an article; ``start`` runs a process on it with DISCORD_API_BASE at the receiver
and a short DELIVERY_LEASE, reading its log as it comes; ``rows`` reads the deliveries back.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.models import Article, SourceKind
from bot.store import schedules
from bot.store.articles import add_article, get_or_create_source
from bot.store.db import Database
from bot.webhooks.urls import WebhookTarget

ROOT = Path(__file__).resolve().parents[1]
HOOKS = 6
LEASE_S = 4
WORKER = re.compile(r"posting discord-webhook.* as worker (\S+) ")


def hook_path(n: int) -> str:
    return f"/api/v10/webhooks/12345678901234{n:04d}/Abc_def-GHIjklMNOpqrSTU{n:04d}"


async def prepare(database: Path | str) -> str:
    """Six Discord webhook schedules due this minute (set two minutes ago); return the slot."""
    now = datetime.now(UTC)
    before = now - timedelta(minutes=2)
    db = await Database.open(database)
    try:
        for n in range(HOOKS):
            await schedules.set_webhook_schedule(
                db,
                target=WebhookTarget.DISCORD,
                url="https://discord.com" + hook_path(n).replace("/v10", ""),
                time=f"{now:%H:%M}",
                timezone="UTC",
                topic=None,
                now=before,
            )
        source = await get_or_create_source(db, SourceKind.FOLDER, "drop", "/drop", before)
        await add_article(db, source, Article(title="Harbour vote delayed", body=("The vote is delayed.",)), before)
    finally:
        await db.close()
    return now.date().isoformat()


async def rows(database: Path | str) -> list[tuple[int, str, str | None, str | None]]:
    db = await Database.open(database)
    try:
        found = await db.fetchall("SELECT schedule_id, status, error, lease_worker FROM deliveries ORDER BY id")
        return [(r[0], r[1], r[2], r[3]) for r in found]
    finally:
        await db.close()


class Process:
    def __init__(self, proc: asyncio.subprocess.Process) -> None:
        self.proc = proc
        self.lines: list[str] = []
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        assert self.proc.stderr is not None
        while line := await self.proc.stderr.readline():
            self.lines.append(line.decode(errors="replace"))

    @property
    def text(self) -> str:
        return "".join(self.lines)

    @property
    def worker(self) -> str | None:
        found = WORKER.search(self.text)
        return found.group(1) if found else None

    async def stop(self, sig: int = signal.SIGTERM) -> int:
        if self.proc.returncode is None:
            self.proc.send_signal(sig)
        try:
            await asyncio.wait_for(self.proc.wait(), 20)
        except TimeoutError:
            self.proc.kill()
            await self.proc.wait()
        with contextlib.suppress(asyncio.CancelledError):
            await self.reader
        assert self.proc.returncode is not None
        return self.proc.returncode


async def start(database: Path | str, api_base: str, folder: Path, **settings: str) -> Process:
    """Start a headless ``newsdigest run`` on ``database`` posting Discord webhooks to ``api_base``."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "DATABASE_", "SMTP_", "FEED"))}
    if isinstance(database, str):
        environ["DATABASE_URL"] = database
    else:
        environ["DATABASE_PATH"] = str(database)
    environ.update(PYTHONPATH=str(ROOT), LOG_LEVEL="INFO", DISCORD_API_BASE=api_base, DELIVERY_LEASE=f"{LEASE_S}s")
    environ.update(settings)
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "--env-file",
        os.devnull,
        "run",
        cwd=folder,
        env=environ,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    return Process(proc)


async def until(condition, within: float, what: str) -> None:
    deadline = asyncio.get_running_loop().time() + within
    while not await condition():
        assert asyncio.get_running_loop().time() < deadline, f"not within {within} s: {what}"
        await asyncio.sleep(0.1)
