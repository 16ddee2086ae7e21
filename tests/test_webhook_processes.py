"""Webhook schedules posted by several real headless ``newsdigest run`` processes (issue 14), both backends: no
process is a single point. Two processes post the same schedules, each exactly once; a process killed with
SIGKILL in the middle of a post leaves its claims to the other, which takes them over once their lease runs
out: the post it was sending is recorded as in doubt (a webhook cannot be read back), never sent twice, and
every other post goes out once.
"""

from __future__ import annotations

import asyncio
import signal
from collections import Counter

import pytest
from pg_support import fresh_database_url
from webhook_fleet import HOOKS, LEASE_S, hook_path, prepare, rows, start, until
from webhook_receiver import serve_receiver

from bot.clock import SystemClock
from bot.delivery.webhook import INTERRUPTED


@pytest.fixture(params=["sqlite", "postgresql"])
async def database(request, tmp_path):
    if request.param == "postgresql":
        async with fresh_database_url() as url:
            yield url
        return
    yield tmp_path / "bot.db"


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
