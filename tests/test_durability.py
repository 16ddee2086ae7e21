"""Durability: kill -9 during ingest, a locked database, a full database; nothing is lost or half-written.

The default run is small (200 files, 5 kills); bench/durability.py runs the issue's sizes (1,000 files,
20 kills) through :func:`kill_ingest_repeatedly`.
"""

from __future__ import annotations

import asyncio
import dataclasses
import os
import random
import sqlite3
import subprocess
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest
from helpers_scale import (
    age_files,
    assert_own_error,
    census,
    database_problems,
    run_cli,
    start_cli,
    stored_files,
    stored_titles,
    write_corpus,
)

from bot.clock import ManualClock, SystemClock
from bot.config import Settings
from bot.errors import StoreError
from bot.store.db import Database

pipeline = pytest.importorskip("bot.ingest.pipeline", reason="the ingest pipeline (formats branch) is not here yet")


@dataclasses.dataclass
class KillRun:
    """What a kill-and-restart run did."""

    kills: int = 0
    interrupted: int = 0  # kills that hit a live process (not one that had already finished)
    stored_not_archived: int = 0  # kills that left a file committed but not yet archived (re-read on restart)
    notes: list[str] = dataclasses.field(default_factory=list)


def check_state(drop: Path, db: Path, files: dict[str, str], *, final: bool) -> None:
    """Assert the invariants: every file archived with its article, or waiting; no loss, no doubles, DB sound."""
    where = census(drop)
    assert not where.quarantined, f"valid files were quarantined: {where.quarantined[:5]}"
    assert len(where.archived) == len(set(where.archived)), "a file was archived twice"
    archived = set(where.archived)
    assert not archived & where.waiting, f"files both archived and waiting: {sorted(archived & where.waiting)[:5]}"
    missing = set(files) - archived - where.waiting
    assert not missing, f"files lost: {sorted(missing)[:5]}"
    assert not (archived | where.waiting) - set(files), "files appeared that nobody wrote"
    problems = database_problems(db)
    assert not problems, problems
    count, keyed = stored_files(db)
    assert len(keyed) == len(set(keyed)), (
        f"a file was stored twice: {[k for k, n in Counter(keyed).items() if n > 1][:5]}"
    )
    assert count == len(keyed), f"{count} articles for {len(keyed)} stored files: an article without its file key"
    assert not set(keyed) - set(files), f"articles from files nobody wrote: {sorted(set(keyed) - set(files))[:5]}"
    unstored = archived - set(keyed)
    assert not unstored, f"archived without their article in the database: {sorted(unstored)[:5]}"
    if final:
        assert not where.waiting, f"files left after the final run: {sorted(where.waiting)[:5]}"
        assert set(keyed) == set(files)
        titles = Counter(stored_titles(db))
        misread = sum((Counter(files.values()) - titles).values())
        assert misread <= len(files) // 100, f"{misread} headlines misread: the parser, not durability"


def wait_for_archive(drop: Path, proc: subprocess.Popen[str], target: int, timeout: float) -> None:
    """Return once ``target`` files are archived, the process has ended, or ``timeout`` passed."""
    archive = drop / "archive"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if len(os.listdir(archive)) >= target:
                return
        except FileNotFoundError:
            pass
        time.sleep(0.002)


def kill_ingest_repeatedly(tmp: Path, n_files: int, kills: int, seed: int = 1) -> KillRun:
    """Write ``n_files`` drop files, kill -9 ``newsdigest ingest`` ``kills`` times at random moments, finish.

    The first kill lands at a random moment of the first start (imports, migrations, first scan); the
    others when the archive reaches random counts, plus a random 0-20 ms, so they fall anywhere in the
    read / parse / commit / archive cycle. Invariants are checked after every kill and after the final run.
    """
    rng = random.Random(seed)
    drop, db = tmp / "drop", tmp / "news.db"
    files = write_corpus(drop, n_files, seed=seed)
    targets = sorted(rng.sample(range(1, n_files), kills - 1))
    run = KillRun()
    for number in range(kills):
        proc = start_cli(["ingest", "--archive", str(drop)], db, tmp)
        if number == 0:
            time.sleep(rng.uniform(0.05, 1.0))
        else:
            wait_for_archive(drop, proc, targets[number - 1], timeout=60)
            time.sleep(rng.uniform(0, 0.02))
        run.interrupted += proc.poll() is None
        proc.kill()
        _, err = proc.communicate()
        run.kills += 1
        assert "Traceback" not in err, err
        check_state(drop, db, files, final=False)
        run.stored_not_archived += bool(set(stored_files(db)[1]) & census(drop).waiting)
        age_files(p for p in drop.iterdir() if p.is_file())  # a restart must not wait for the settle time
    final = run_cli(["ingest", "--archive", str(drop)], db, tmp, timeout=600)
    assert final.returncode == 0, final.stdout + final.stderr
    check_state(drop, db, files, final=True)
    run.notes.append(
        f"{run.interrupted} of {run.kills} kills hit a live ingest, {run.stored_not_archived} of them between a"
        f" commit and its archive move; final run: {final.stdout.strip()}"
    )
    return run


@pytest.mark.slow
def test_kill9_during_ingest_loses_nothing(tmp_path):
    run = kill_ingest_repeatedly(tmp_path, n_files=200, kills=5, seed=11)
    assert run.interrupted >= 3, run.notes  # the kills must really land mid-ingest to prove anything


# --- a locked database and a full database ------------------------------------------------------------------


def settings_for(drop: Path, db_path: Path) -> Settings:
    return Settings(database_path=db_path, drop_folders=(drop,))


def one_drop_file(drop: Path, seed: int = 3, *, big: bool = False) -> Path:
    names = write_corpus(drop, 1, seed=seed, mix=(1.0, 0.0, 0.0))
    path = drop / next(iter(names))
    if big:  # long enough to need new pages (a short article fits in the free space of existing ones)
        extra = "\n\n".join(
            f"Paragraph {i} adds more words about the harbour budget and the council vote." for i in range(800)
        )
        path.write_text(path.read_text(encoding="utf-8") + "\n\n" + extra, encoding="utf-8")
        age_files([path])
    return path


async def ingest_refused(db: Database, drop: Path, path: Path, clock) -> tuple[str, ...]:
    """Ingest a folder the store refuses: either a report with a failure or a StoreError, never a crash."""
    try:
        report = await pipeline.ingest_paths(db, [drop], settings=settings_for(drop, path), clock=clock)
    except StoreError as exc:  # the run stops at the first refusal: fine, the message says why
        assert_own_error(exc)
        return (str(exc),)
    assert report.failed >= 1, report
    assert report.new == 0, report
    return report.problems


async def test_locked_database_gives_a_clear_error_and_keeps_the_file(tmp_path):
    drop, path = tmp_path / "drop", tmp_path / "news.db"
    first = await Database.open(path)
    await first.close()
    file = one_drop_file(drop)
    holder = sqlite3.connect(str(path), isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    db = await Database.open(path, busy_timeout_ms=200)
    clock = ManualClock(datetime.now(UTC))
    try:
        problems = await ingest_refused(db, drop, path, clock)
        assert any("locked" in p for p in problems), problems
        assert file.exists(), "the drop file must stay while the database is locked"
        # The bot keeps serving: reads still work while another program holds the write lock (WAL).
        row = await db.fetchone("SELECT COUNT(*) FROM articles")
        assert row is not None
        assert row[0] == 0
        holder.execute("ROLLBACK")
        report = await pipeline.ingest_paths(db, [drop], settings=settings_for(drop, path), clock=clock)
        assert report.new == 1, report
        assert not file.exists(), report
    finally:
        holder.close()
        await db.close()
    assert database_problems(path) == []


@pytest.mark.slow
def test_locked_database_cli_exits_nonzero_with_a_message(tmp_path):
    drop, path = tmp_path / "drop", tmp_path / "news.db"
    asyncio.run(_create(path))
    file = one_drop_file(drop)
    holder = sqlite3.connect(str(path), isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        done = run_cli(["ingest", "--archive", str(drop)], path, tmp_path, timeout=60)
    finally:
        holder.close()
    assert done.returncode == 1, done.stdout + done.stderr
    assert "locked" in (done.stdout + done.stderr)
    assert "Traceback" not in done.stderr
    assert file.exists()
    assert database_problems(path) == []


async def _create(path: Path) -> None:
    db = await Database.open(path)
    await db.close()


async def limit_pages(db: Database, pragma: str) -> None:
    """Set max_page_count on both of the store's connections (the setting is per connection)."""
    await db.conn.execute(pragma)
    await db.write(lambda conn: conn.execute(pragma))


async def test_full_database_gives_a_clear_error_and_keeps_the_file(tmp_path):
    drop, path = tmp_path / "drop", tmp_path / "news.db"
    db = await Database.open(path)
    file = one_drop_file(drop, big=True)
    try:
        row = await db.fetchone("PRAGMA page_count")
        assert row is not None
        # max_page_count is per connection: this one can no longer grow, as on a full disk.
        await limit_pages(db, f"PRAGMA max_page_count = {int(row[0])}")
        clock = SystemClock()
        problems = await ingest_refused(db, drop, path, clock)
        assert any("full" in p for p in problems), problems
        assert file.exists(), "the drop file must stay when the database is full"
        count = await db.fetchone("SELECT COUNT(*) FROM articles")
        assert count is not None
        assert count[0] == 0
        await limit_pages(db, "PRAGMA max_page_count = 1073741823")
        report = await pipeline.ingest_paths(db, [drop], settings=settings_for(drop, path), clock=clock)
        assert report.new == 1, report
        assert not file.exists(), report
    finally:
        await db.close()
    assert database_problems(path) == []


async def test_store_error_for_full_database_is_our_own(tmp_path):
    """The translation itself: SQLITE_FULL becomes a StoreError saying so."""
    db = await Database.open(tmp_path / "x.db")
    try:
        row = await db.fetchone("PRAGMA page_count")
        assert row is not None
        await limit_pages(db, f"PRAGMA max_page_count = {int(row[0])}")
        with pytest.raises(StoreError) as caught:
            await db.execute("INSERT INTO stories (first_seen) VALUES (?)", ("x" * 200_000,))
        assert_own_error(caught.value)
        assert "full" in str(caught.value)
    finally:
        await db.close()
