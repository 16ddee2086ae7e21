"""Real ``newsdigest run`` processes (headless) watching one drop folder on one database, both backends: each
file read, stored and archived once however many processes list the folder; a process killed with SIGKILL in
the middle of its files leaves them in the folder, claimed until its lease runs out, then taken by another."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import sqlite3
import time
from collections.abc import Iterator
from contextlib import AbstractAsyncContextManager
from datetime import UTC, datetime
from pathlib import Path

import headless_run
import psycopg
from headless_run import headless_env, until

from bot.store.db import Database, from_db_time

LEASE_S = 10  # DROP_LEASE below, the least allowed


def article(n: int) -> str:
    return (
        f"# Ferry timetable change {n}\n\n"
        f"The ferry operator announced that sailing number {n} will leave ten minutes earlier from Monday. "
        f"Passengers with bookings for route {n % 7} will receive a message with the new time. "
        "The operator said the change follows the new tide tables for the winter season.\n"
    )


def drop_files(folder: Path, names: list[str]) -> None:
    """Write the files beside the folder, then rename them in: complete files appear at once, as the README asks."""
    staging = folder.parent / "staging"
    staging.mkdir(exist_ok=True)
    for n, name in enumerate(names):
        (staging / name).write_text(article(n), encoding="utf-8")
        os.utime(staging / name, (time.time() - 60, time.time() - 60))  # settled already
    for name in names:
        os.rename(staging / name, folder / name)


def environment(db: Database, folder: Path) -> dict[str, str]:
    settings = {
        "LOG_LEVEL": "DEBUG",
        "DROP_FOLDERS": str(folder),
        "DROP_SETTLE": "1s",
        "DROP_LEASE": f"{LEASE_S}s",
        "SCAN_INTERVAL": "0.2",
    }
    return headless_env(db, settings)


def newsdigest_run(db: Database, folder: Path, log: Path) -> AbstractAsyncContextManager[asyncio.subprocess.Process]:
    return headless_run.newsdigest_run(environment(db, folder), log)


async def count(db: Database, sql: str, params: tuple[object, ...] = ()) -> int:
    row = await db.fetchone(sql, params)
    assert row is not None
    return int(row[0])


def archived(folder: Path) -> list[str]:
    archive = folder / "archive"
    return sorted(p.name for p in archive.iterdir()) if archive.is_dir() else []


def claimed_counts(logs: list[str]) -> tuple[int, int]:
    """Sum the new and duplicate articles each process says its claimed files gave (DEBUG lines)."""
    found = [re.findall(r"claimed by \S+: (\d+) new, (\d+) duplicate", text) for text in logs]
    return sum(int(n) for f in found for n, _ in f), sum(int(d) for f in found for _, d in f)


def troubles(log: str) -> list[str]:
    """Return the log's warnings and errors about ingesting, and any traceback."""
    return [
        line
        for line in log.splitlines()
        if re.search(r"(WARNING|ERROR) +bot\.ingest|Traceback|already moved|cannot be read", line)
    ]


@contextlib.contextmanager
def writes_held(db: Database) -> Iterator[None]:
    """Hold off every article write from outside, as a long transaction of another program would."""
    if db.dialect == "postgresql":
        # PostgreSQL writers share no lock: a table lock that lets reads through holds off the inserts.
        with psycopg.connect(str(getattr(db, "url"))) as conn:  # noqa: B009 - PgDatabase only
            conn.execute("LOCK TABLE articles IN EXCLUSIVE MODE")
            yield
            conn.rollback()
        return
    conn = sqlite3.connect(db.path, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        yield
        conn.execute("ROLLBACK")
    finally:
        conn.close()


async def test_three_processes_on_one_folder_read_each_file_once(db, tmp_path: Path):
    folder = tmp_path / "drop"
    folder.mkdir()  # there before the processes look (a missing folder is a warning)
    names = [f"ferry-{n:03d}.md" for n in range(240)]
    logs = [tmp_path / f"{k}.log" for k in "abc"]
    async with (
        newsdigest_run(db, folder, logs[0]),
        newsdigest_run(db, folder, logs[1]),
        newsdigest_run(db, folder, logs[2]),
    ):
        await asyncio.sleep(2)  # all three watching
        drop_files(folder, names)
        await until(lambda: len(archived(folder)) >= len(names), 120, "every file archived")
        await asyncio.sleep(1)  # time for a second reading, were there one
        for _ in range(200):  # every claim freed once its files are moved out; then the processes are stopped
            if not await count(db, "SELECT COUNT(*) FROM drop_claims"):
                break
            await asyncio.sleep(0.05)
    texts = [log.read_text(errors="replace") for log in logs]
    assert archived(folder) == names  # each once: a second archiving would have made "ferry-000-1.md"
    assert sorted(p.name for p in folder.iterdir()) == ["archive"]
    assert await count(db, "SELECT COUNT(*) FROM articles") == len(names)
    assert claimed_counts(texts) == (len(names), 0), texts  # no file read twice
    for text in texts:
        assert not troubles(text), text
    assert await count(db, "SELECT COUNT(*) FROM drop_claims") == 0


async def test_a_process_killed_mid_file_leaves_its_files_to_another_after_the_lease(db, tmp_path: Path):
    folder = tmp_path / "drop"
    folder.mkdir()
    names = [f"ferry-{n:03d}.md" for n in range(300)]
    async with newsdigest_run(db, folder, tmp_path / "doomed.log") as doomed:
        await asyncio.sleep(2)
        drop_files(folder, names)
        claims = 0
        deadline = time.monotonic() + 60
        while not claims:
            assert time.monotonic() < deadline, "the doomed process never claimed a file"
            claims = await count(db, "SELECT COUNT(*) FROM drop_claims")
            await asyncio.sleep(0.01)
        with writes_held(db):  # it has claimed files; now it cannot commit them
            await asyncio.sleep(1.5)
            doomed.kill()  # SIGKILL in the middle of its files: its claims are never freed
            await doomed.wait()
    rows = await db.fetchall("SELECT name, lease_until FROM drop_claims")
    held = {row["name"]: from_db_time(row["lease_until"]) for row in rows}
    assert held, "the killed process held no claim"
    lease_end = max(held.values())
    left = {name for name in held if (folder / name).exists()}
    assert left, "every claimed file was archived before the kill"
    async with newsdigest_run(db, folder, tmp_path / "heir.log"):
        # The heir takes the unclaimed files at once, and leaves the killed process's claims till they run out.
        await until(lambda: len(archived(folder)) >= len(names) - len(left), 60, "the unclaimed files archived")
        while datetime.now(UTC) < lease_end:
            assert all((folder / name).exists() for name in left), "a claimed file was taken before its lease ran out"
            await asyncio.sleep(0.05)
        await until(lambda: len(archived(folder)) >= len(names), LEASE_S + 30, "the killed process's files taken")
        for _ in range(200):  # the heir frees its claims once its files are moved out; then it is stopped
            if not await count(db, "SELECT COUNT(*) FROM drop_claims"):
                break
            await asyncio.sleep(0.05)
    assert archived(folder) == names
    assert sorted(p.name for p in folder.iterdir()) == ["archive"]
    assert await count(db, "SELECT COUNT(*) FROM articles") == len(names)  # stored once, nothing lost
    assert await count(db, "SELECT COUNT(*) FROM drop_claims") == 0
    heir = (tmp_path / "heir.log").read_text(errors="replace")
    assert not troubles(heir), heir
