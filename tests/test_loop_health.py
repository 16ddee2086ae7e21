"""Event loop health: ingesting a drop folder and answering a search never stall the loop for 100 ms.

A ticker task asks to wake every 10 ms and records how late it wakes; parsing, key points and SQLite work
must run in threads for it to stay punctual. The drop folder holds ordinary articles plus two large files
(a long pasted text and a long HTML page), since large files are where blocking work shows.
"""

from __future__ import annotations

import asyncio
import gc
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pytest
from helpers_scale import age_files, write_corpus

from bot.clock import ManualClock
from bot.config import Settings
from bot.store.db import Database

# Latencies measured on the wall clock: no other test's processes share the CPU meanwhile (tests/conftest.py).
pytestmark = pytest.mark.alone

pipeline = pytest.importorskip("bot.ingest.pipeline", reason="the ingest pipeline (formats branch) is not here yet")

STALL_LIMIT = 0.100
TICK = 0.010


@dataclass
class Ticker:
    """Measures how late the loop runs a task that sleeps ``TICK`` at a time."""

    worst: float = 0.0
    ticks: int = 0
    late: list[float] = field(default_factory=list)
    running: bool = True

    async def run(self) -> None:
        while self.running:
            start = time.perf_counter()
            await asyncio.sleep(TICK)
            lateness = time.perf_counter() - start - TICK
            self.ticks += 1
            self.late.append(lateness)
            self.worst = max(self.worst, lateness)


def big_files(drop: Path) -> list[Path]:
    """A 1.5 MB pasted article and a 1 MB HTML page, in our own words (with curly quotes, as pasted text has)."""
    paragraph = (
        "The harbour council met again on Thursday to weigh the bridge budget, and members said the vote "
        "would wait until the engineers had reported on the tides, the traffic and the cost of steel. "
        "\u201cWe\u2019re not rushing it,\u201d the mayor said."
    )
    text = "Harbour council delays bridge vote again\n\nOctober 17, 2025\n\n" + "\n\n".join(
        f"{paragraph} Item {i}." for i in range(7000)
    )
    html = (
        "<html><head><title>Ferry timetable changes for winter</title>"
        "<meta property='article:published_time' content='2025-10-17T08:00:00Z'></head><body><article>"
        "<h1>Ferry timetable changes for winter</h1>"
        + "".join(f"<p>{paragraph} Section {i}.</p>" for i in range(4500))
        + "</article></body></html>"
    )
    paths = [drop / "zz_long_pasted.txt", drop / "zz_long_page.html"]
    paths[0].write_text(text, encoding="utf-8")
    paths[1].write_text(html, encoding="utf-8")
    age_files(paths)
    return paths


async def ingest_while_ticking(tmp_path: Path, n_files: int) -> tuple[Ticker, float, int]:
    drop = tmp_path / "drop"
    write_corpus(drop, n_files, seed=5)
    big_files(drop)
    db = await Database.open(tmp_path / "news.db")
    clock = ManualClock(datetime(2025, 10, 17, 12, tzinfo=UTC))
    ticker = Ticker()
    tick_task = asyncio.create_task(ticker.run())
    try:
        await asyncio.sleep(0.05)
        ingest = asyncio.create_task(
            pipeline.ingest_paths(db, [drop], settings=Settings(drop_folders=(drop,)), clock=clock)
        )
        search_ms = await answer_a_search(db, clock, ingest)
        report = await ingest
    finally:
        ticker.running = False
        await tick_task
        await db.close()
    return ticker, search_ms, report.new


async def answer_a_search(db: Database, clock: ManualClock, ingest: asyncio.Task[object]) -> float:
    """Once some articles are in, answer a /find while the ingest goes on; return its latency in ms."""
    from bot.store.search import search

    while not ingest.done():
        row = await db.fetchone("SELECT COUNT(*) FROM articles")
        if row is not None and row[0] >= 20:
            break
        await asyncio.sleep(0.02)
    start = time.perf_counter()
    page = await search(db, "council OR harbour", now=clock.now(), limit=10)
    elapsed = (time.perf_counter() - start) * 1000
    assert page.hits, "the search found nothing among the articles already stored"
    return elapsed


def assert_punctual(ticker: Ticker) -> None:
    assert ticker.worst < STALL_LIMIT, describe(ticker)


@contextmanager
def heap_of_this_test_only() -> Iterator[None]:
    """Leave the objects that were alive before the test out of the garbage collector's full passes meanwhile.

    A full pass holds the interpreter's lock for as long as it walks every object. In a whole test session the
    heap holds what thousands of tests before left (CI saw a 194 ms pass twice in a row); what is measured here
    is the ingest's own work and the objects it makes, which the collector still walks.
    """
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


async def measure(tmp_path, n_files: int):
    """Ingest while ticking; measure once more before failing, since a busy machine can deschedule the process.

    Work done on the event loop stalls it in every run; a scheduling hiccup of the machine does not repeat.
    """
    with heap_of_this_test_only():
        first = await ingest_while_ticking(tmp_path / "first", n_files=n_files)
        if first[0].worst < STALL_LIMIT:
            return first
        return await ingest_while_ticking(tmp_path / "second", n_files=n_files)


def describe(ticker: Ticker) -> str:
    stalls = sorted(ticker.late, reverse=True)[:5]
    return (
        f"worst {ticker.worst * 1000:.0f} ms over {ticker.ticks} ticks; worst five: {[round(s * 1000) for s in stalls]}"
    )


async def test_loop_stays_responsive_while_ingesting_and_searching(tmp_path):
    ticker, search_ms, new = await measure(tmp_path, 120)
    assert new == 122
    assert ticker.ticks > 50
    assert_punctual(ticker)
    assert search_ms < 2000


@pytest.mark.slow
async def test_loop_stays_responsive_over_a_thousand_files(tmp_path):
    ticker, search_ms, new = await measure(tmp_path, 1000)
    assert new == 1002
    assert_punctual(ticker)
    assert search_ms < 2000
