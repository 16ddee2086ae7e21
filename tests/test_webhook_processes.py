"""Webhook schedules posted by several real headless ``newsdigest run`` processes (issue 14), both backends: no
process is a single point. Two processes post the same schedules, each exactly once; a process killed with
SIGKILL in the middle of a post leaves its claims to the other, which takes them over once their lease runs
out: the post it was sending is recorded as in doubt (a webhook cannot be read back), never sent twice, and
every other post goes out once.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import sys
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pg_support import fresh_database_url
from webhook_receiver import serve_receiver

from bot.clock import SystemClock
from bot.delivery.webhook import INTERRUPTED
from bot.models import Article, SourceKind
from bot.store import schedules
from bot.store.articles import add_article, get_or_create_source
from bot.store.db import Database
from bot.webhooks.urls import WebhookTarget

ROOT = Path(__file__).resolve().parents[1]
HOOKS = 6
LEASE_S = 4
WORKER = re.compile(r"posting discord-webhook.* as worker (\S+) ")


@pytest.fixture(params=["sqlite", "postgresql"])
async def database(request, tmp_path):
    if request.param == "postgresql":
        async with fresh_database_url() as url:
            yield url
        return
    yield tmp_path / "bot.db"


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


async def start(database: Path | str, api_base: str, folder: Path) -> Process:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "DATABASE_", "SMTP_", "FEED"))}
    if isinstance(database, str):
        environ["DATABASE_URL"] = database
    else:
        environ["DATABASE_PATH"] = str(database)
    environ.update(PYTHONPATH=str(ROOT), LOG_LEVEL="INFO", DISCORD_API_BASE=api_base, DELIVERY_LEASE=f"{LEASE_S}s")
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


async def test_two_processes_post_every_webhook_schedule_exactly_once(database, tmp_path):
    slot = await prepare(database)
    async with serve_receiver(SystemClock()) as (rec, base):
        procs = [await start(database, base + "/api/v10", tmp_path) for _ in range(2)]
        try:

            async def all_sent() -> bool:
                return len(found := await rows(database)) == HOOKS and all(r[1] == "sent" for r in found)

            await until(all_sent, 60, "every schedule posted")
            await asyncio.sleep(2.0)  # a second post, were there one, arrives meanwhile
        finally:
            statuses = [await p.stop() for p in procs]
    texts = [p.text for p in procs]
    assert statuses == [0, 0], texts
    assert Counter(rec.paths) == {hook_path(n): 1 for n in range(HOOKS)}
    assert {p.worker for p in procs} >= {r[3] for r in await rows(database)}, texts
    assert all("Traceback" not in t for t in texts), texts
    assert rec.problems == []
    assert {r[0] for r in await rows(database)} == set(range(1, HOOKS + 1)), slot


async def test_a_process_killed_mid_post_leaves_its_claims_to_the_other_once_their_lease_runs_out(database, tmp_path):
    await prepare(database)
    async with serve_receiver(SystemClock()) as (rec, base):
        rec.gate = asyncio.Event()  # every answer waits: the first process is in the middle of its first post
        first = await start(database, base + "/api/v10", tmp_path)
        second = None
        try:

            async def first_is_sending() -> bool:
                return len(rec.paths) == 1

            await until(first_is_sending, 30, "the first process sends its first post")
            held = rec.paths[0]
            second = await start(database, base + "/api/v10", tmp_path)

            async def second_is_posting() -> bool:
                return second.worker is not None and len(rec.paths) == 2

            await until(second_is_posting, 30, "the second process sends a post of its own")
            first.proc.send_signal(signal.SIGKILL)
            await first.proc.wait()
            killed_at = asyncio.get_running_loop().time()
            rec.gate.set()

            async def settled() -> bool:
                found = await rows(database)
                return len(found) == HOOKS and all(r[1] != "claimed" for r in found)

            await until(settled, 60, "the second process settles everything")
            took = asyncio.get_running_loop().time() - killed_at
            await asyncio.sleep(2.0)
            assert await second.stop() == 0, second.text
        finally:
            await first.stop(signal.SIGKILL)
            if second is not None:
                await second.stop()
    assert first.proc.returncode == -signal.SIGKILL
    assert Counter(rec.paths) == {hook_path(n): 1 for n in range(HOOKS)}, rec.paths  # nothing twice, none missed
    found = await rows(database)
    in_doubt = [r for r in found if r[1] == "skipped"]
    assert len(in_doubt) == 1, found
    assert in_doubt[0][2] == INTERRUPTED
    assert in_doubt[0][3] == second.worker  # taken over by the live process
    assert sorted(r[1] for r in found) == ["sent"] * (HOOKS - 1) + ["skipped"]
    assert {r[3] for r in found if r[1] == "sent"} == {second.worker}
    assert took >= LEASE_S * 2 / 3 - 0.5  # not before the dead owner's lease (renewed every third of it) ran out
    assert "Traceback" not in second.text, second.text
    assert held in rec.paths
