"""Hostile drop folders, generated here: every input is archived, quarantined or left alone by rule.

Random bytes, odd names (non-UTF-8 bytes, 255-byte names, leading dots, newlines), links (to a secret file
outside the folder, to /dev/zero, dangling, to a folder), FIFOs, encodings, nested MIME, lone surrogates.
For every input: no exception, no hang (each run is bounded), the file is where the rule puts it, and the
secret written outside the drop folder never reaches the database, a report, a reason file or a log line.
"""

from __future__ import annotations

import asyncio
import logging
import os
import random
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from hostile_corpus import ARCHIVED, MOVED, QUARANTINED, SECRET, build, everything_written, where

from bot.clock import ManualClock
from bot.config import Settings
from bot.ingest.pipeline import ingest_paths
from bot.store.db import Database


def run(coro_factory: Callable[[], object], timeout: float) -> object:
    async def bounded() -> object:
        return await asyncio.wait_for(coro_factory(), timeout)  # type: ignore[arg-type]

    return asyncio.run(bounded())


@pytest.mark.parametrize("seed", [1, 2])
def test_every_hostile_input_is_handled_by_rule(tmp_path, seed, caplog):
    drop, outside = tmp_path / "drop", tmp_path / "outside"
    cases = build(drop, outside, random.Random(seed))
    settings = Settings(database_path=tmp_path / "news.db")
    clock = ManualClock(datetime.now(UTC) + timedelta(minutes=1))  # every file has held still long enough

    async def ingest_twice() -> tuple[object, object]:
        db = await Database.open(settings.database_path)
        try:
            first = await ingest_paths(db, [drop], settings=settings, clock=clock)
            clock.advance(60)
            second = await ingest_paths(db, [drop], settings=settings, clock=clock)
            return first, second
        finally:
            await db.close()

    with caplog.at_level(logging.DEBUG):
        first, second = run(ingest_twice, timeout=25)  # type: ignore[misc]
    assert first.failed == 0, first.problems
    for case in cases:
        got = where(drop, case)
        if case.expect == MOVED:
            assert got in (ARCHIVED, QUARANTINED), (case.name, got)
        else:
            assert got == case.expect, (
                case.name,
                got,
                [p for p in first.problems if case.name[:20].decode(errors="replace") in p],
            )
    # Nothing new the second time; the files left alone are not reported again.
    assert (second.new, second.quarantined, second.failed) == (0, 0, 0), second.problems
    assert not [p for p in second.problems if "left alone" in p]
    # A reason file for every quarantined file, the 255-byte name included.
    assert any(p.name.startswith("x" * 100) and p.name.endswith(".why.txt") for p in (drop / "quarantine").iterdir())
    # Names are shown escaped in every report line: one line each, valid Unicode.
    for problem in first.problems:
        assert "\n" not in problem
        problem.encode("utf-8")
    assert any("caf\\xe9-not-utf8.md" in p or "bad-\\xff\\xfe" in p for p in first.problems)
    # The secret outside the drop folder was never read.
    assert SECRET.encode() not in everything_written(tmp_path)
    assert SECRET not in "\n".join(first.problems + second.problems)
    assert SECRET not in caplog.text
    assert "Traceback" not in caplog.text
    # Lone surrogates became U+FFFD; names are stored escaped.
    with sqlite3.connect(settings.database_path) as conn:
        titles = [row[0] for row in conn.execute("SELECT title FROM articles")]
        keys = [row[0] for row in conn.execute("SELECT key FROM entry_keys")]
    assert any("Harbour \ufffd pier reopens" in t for t in titles), titles
    assert any(k.startswith("file:caf\\xe9-not-utf8.md:") for k in keys), keys


def test_reading_in_place_moves_nothing_and_reads_nothing_outside(tmp_path):
    drop, outside = tmp_path / "drop", tmp_path / "outside"
    cases = build(drop, outside, random.Random(3))
    before = sorted(os.fsencode(p) for p in drop.rglob("*"))
    settings = Settings(database_path=tmp_path / "news.db")
    clock = ManualClock(datetime.now(UTC) + timedelta(minutes=1))

    async def ingest() -> object:
        db = await Database.open(settings.database_path)
        try:
            return await ingest_paths(db, [drop], settings=settings, clock=clock, archive=False)
        finally:
            await db.close()

    report = run(ingest, timeout=25)
    assert sorted(os.fsencode(p) for p in drop.rglob("*")) == before
    assert report.new >= sum(c.expect == ARCHIVED for c in cases) - 1  # type: ignore[attr-defined]
    assert report.quarantined == 0  # type: ignore[attr-defined]
    assert report.failed >= 3  # type: ignore[attr-defined]  # the broken and empty files, said and kept
    assert SECRET.encode() not in everything_written(tmp_path)


def test_drop_settle_is_a_short_duration():
    from bot.config import load_settings
    from bot.errors import ConfigError

    assert load_settings({"DROP_SETTLE": "2s"}, env_file=None).drop_settle == timedelta(seconds=2)
    assert load_settings({}, env_file=None).drop_settle == timedelta(seconds=5)
    assert load_settings({"DROP_SETTLE": "5"}, env_file=None).drop_settle == timedelta(seconds=5)  # bare: seconds
    with pytest.raises(ConfigError, match=r"DROP_SETTLE.*at most 1h"):
        load_settings({"DROP_SETTLE": "2h"}, env_file=None)
    with pytest.raises(ConfigError, match="DROP_SETTLE"):
        load_settings({"DROP_SETTLE": "soon"}, env_file=None)
