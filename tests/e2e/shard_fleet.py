"""Several real ``newsdigest run`` processes over shards against one emulator and one database (tests, bench).

``servers`` makes N servers of one channel each, spread over the shards; ``prepare`` gives every channel a
schedule for the current minute (set two minutes ago, so each process catches it up as soon as it is
connected) and a few articles; ``Fleet`` starts the processes with SHARD_COUNT/SHARD_IDS, reads their logs
as they come (a full pipe would stall them) and stops them with SIGTERM. The database is an SQLite file's path
or a PostgreSQL URL (``database``), the same for every process.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.models import Article, SourceKind
from bot.store import schedules
from bot.store.articles import add_article, get_or_create_source
from bot.store.db import Database

ROOT = Path(__file__).resolve().parents[2]
BASE = 214_576_000_000  # guild ids near Discord's real ones (>> 22 of a 2026 snowflake)
POSTED = re.compile(r"digest went to schedule \d+ for channel (\d+) in")


def servers(count: int) -> dict[str, dict[str, str]]:
    """Return ``count`` servers (id -> {channel id: name}), consecutive ids so that they spread evenly."""
    found: dict[str, dict[str, str]] = {}
    for n in range(count):
        guild = ((BASE + n) << 22) | 7
        found[str(guild)] = {str(guild + 1): f"news-{n}"}
    return found


def shard_of(guild_id: str, shard_count: int) -> int:
    return (int(guild_id) >> 22) % shard_count


async def prepare(database: Path | str, guilds: dict[str, dict[str, str]], now: datetime | None = None) -> str:
    """Schedule every channel for the current minute (UTC); return the slot (the local date)."""
    now = now or datetime.now(UTC)
    before = now - timedelta(minutes=2)
    db = await Database.open(database)
    try:
        for guild, channels in guilds.items():
            for channel in channels:
                await schedules.set_schedule(
                    db,
                    channel_id=int(channel),
                    guild_id=int(guild),
                    time=f"{now:%H:%M}",
                    timezone="UTC",
                    topic=None,
                    now=before,
                )
        source = await get_or_create_source(db, SourceKind.FOLDER, "drop", "/drop", before)
        for number, title in enumerate(["Harbour bridge vote delayed", "Rail strike ends after talks"]):
            body = (f"{title}, officials said on Thursday.", "The decision follows weeks of talks.")
            await add_article(db, source, Article(title=title, body=body), before, [f"k{number}"])
    finally:
        await db.close()
    return now.date().isoformat()


@dataclass
class Worker:
    shard_ids: str
    proc: asyncio.subprocess.Process
    lines: list[str] = field(default_factory=list)
    reader: asyncio.Task[None] | None = None

    @property
    def text(self) -> str:
        return "".join(self.lines)

    def posted_channels(self) -> list[str]:
        return [m.group(1) for line in self.lines if (m := POSTED.search(line))]


@dataclass
class Fleet:
    """Bot processes sharing one database (a file or a PostgreSQL URL) and one emulator; ``cwd``: their folder."""

    database: Path | str
    api_base: str
    gateway_url: str
    token: str
    shard_count: int
    extra: dict[str, str] = field(default_factory=dict)
    workers: list[Worker] = field(default_factory=list)
    cwd: Path | None = None

    @property
    def db_path(self) -> Path:
        """The SQLite file (for a PostgreSQL URL: a place in ``cwd`` that holds nothing)."""
        if isinstance(self.database, Path):
            return self.database
        assert self.cwd is not None, "a PostgreSQL fleet needs cwd"
        return self.cwd / "unused.db"

    async def start(self, shard_ids: str) -> Worker:
        environ = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "DATABASE_", "SHARD_"))}
        if isinstance(self.database, str):
            environ["DATABASE_URL"] = self.database
        environ.update(
            PYTHONPATH=str(ROOT),
            DATABASE_PATH=str(self.db_path),
            DISCORD_TOKEN=self.token,
            DISCORD_API_BASE=self.api_base,
            DISCORD_GATEWAY_URL=self.gateway_url,
            SHARD_COUNT=str(self.shard_count),
            SHARD_IDS=shard_ids,
            LOG_LEVEL="INFO",
        )
        environ.update(self.extra)
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "--env-file",
            os.devnull,
            "run",
            cwd=self.db_path.parent,
            env=environ,
            stderr=asyncio.subprocess.PIPE,
        )
        worker = Worker(shard_ids, proc)
        worker.reader = asyncio.create_task(self._read(worker))
        self.workers.append(worker)
        return worker

    @staticmethod
    async def _read(worker: Worker) -> None:
        assert worker.proc.stderr is not None
        while line := await worker.proc.stderr.readline():
            worker.lines.append(line.decode(errors="replace"))

    async def stop(self) -> list[int | None]:
        """SIGTERM every process, wait for each (killing one that hangs); return the exit statuses."""
        for worker in self.workers:
            if worker.proc.returncode is None:
                worker.proc.send_signal(signal.SIGTERM)
        for worker in self.workers:
            try:
                await asyncio.wait_for(worker.proc.wait(), 20)
            except TimeoutError:
                worker.proc.kill()
                await worker.proc.wait()
            if worker.reader is not None:
                with contextlib.suppress(asyncio.CancelledError):
                    await worker.reader
        return [w.proc.returncode for w in self.workers]


async def delivery_rows(database: Path | str) -> list[tuple[int, str, str]]:
    db = await Database.open(database)
    try:
        rows = await db.fetchall("SELECT channel_id, slot, status FROM deliveries ORDER BY id")
        return [(r[0], r[1], r[2]) for r in rows]
    finally:
        await db.close()
