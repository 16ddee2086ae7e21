"""Drop-folder files claimed by leases (both backends): several workers on one folder and one database read,
store and move each file once; a claim holds while its worker renews it and is taken over once it runs out."""

from __future__ import annotations

import asyncio
import os
from datetime import timedelta
from pathlib import Path

import pytest
from headless_run import handles

from bot.clock import ManualClock
from bot.config import Settings
from bot.ingest import dropshare
from bot.ingest.dropfolder import DropFolder
from bot.ingest.pipeline import ingest_folder_once
from bot.models import IngestReport
from bot.store import dropclaims
from bot.store.db import Database

LEASE = timedelta(seconds=30)


def article(n: int) -> str:
    return (
        f"# Harbour crane number {n} is repaired\n\n"
        f"Engineers finished repairing crane number {n} at the north quay on Tuesday morning. "
        f"The crane had stood idle for {n + 3} days after a cable snapped during a storm. "
        "Port officials said loading would return to its usual pace by the end of the week.\n"
    )


def drop_files(folder: Path, count: int) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    names = [f"crane-{n:03d}.md" for n in range(count)]
    for n, name in enumerate(names):
        (folder / name).write_text(article(n), encoding="utf-8")
    return names


async def count_articles(db: Database) -> int:
    row = await db.fetchone("SELECT COUNT(*) AS n FROM articles")
    assert row is not None
    return int(row["n"])


async def settled(condition, what: str) -> None:
    """Let the event loop run (a heartbeat woken by the manual clock writes on a thread) until ``condition``."""
    for _ in range(400):
        if await condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"never: {what}")


async def test_claims_go_to_one_worker_until_released_or_run_out(db, clock: ManualClock):
    names = ["a.md", "b.md", "sub/c.md"]
    first = await dropclaims.claim_files(db, "/drop", names, "w1", clock.now(), LEASE)
    assert first == names
    # Another worker gets none of them; the holder claiming again keeps them (and renews them).
    assert await dropclaims.claim_files(db, "/drop", [*names, "d.md"], "w2", clock.now(), LEASE) == ["d.md"]
    assert await dropclaims.claim_files(db, "/drop", ["a.md"], "w1", clock.now(), LEASE) == ["a.md"]
    # The same name in another folder is another file.
    assert await dropclaims.claim_files(db, "/other", ["a.md"], "w2", clock.now(), LEASE) == ["a.md"]
    # Released names are free at once; the rest stay the holder's until the lease runs out.
    await dropclaims.release_claims(db, "/drop", ["a.md"], "w1")
    await dropclaims.release_claims(db, "/drop", ["b.md"], "w2")  # not w2's: nothing happens
    assert await dropclaims.claim_files(db, "/drop", names, "w2", clock.now(), LEASE) == ["a.md"]
    clock.advance(LEASE.total_seconds() - 1)
    assert await dropclaims.claim_files(db, "/drop", names, "w3", clock.now(), LEASE) == []
    # Renewed by w1 (its heartbeat): still w1's a lease later.
    assert await dropclaims.renew_claims(db, "/drop", "w1", clock.now(), LEASE) == 2
    clock.advance(2)
    # w2 never renewed its claim on a.md: it ran out; w1's renewed ones hold.
    assert await dropclaims.claim_files(db, "/drop", names, "w3", clock.now(), LEASE) == ["a.md"]
    clock.advance(LEASE.total_seconds())  # w1 stopped renewing (killed): its claims run out too
    assert await dropclaims.claim_files(db, "/drop", names, "w3", clock.now(), LEASE) == names
    held = await dropclaims.claims_of(db, "/drop")
    assert {name: held[name] for name in names} == dict.fromkeys(names, "w3")
    assert "d.md" not in held  # lapsed claims of the folder are cleared when claiming
    assert await dropclaims.renew_claims(db, "/drop", "w1", clock.now(), LEASE) == 0


@pytest.mark.parametrize("workers", [2, 3])
async def test_workers_on_one_folder_store_and_archive_each_file_once(db, clock, tmp_path, monkeypatch, workers):
    monkeypatch.setattr(dropshare, "CLAIM_BATCH", 7)  # small groups, so that the workers take turns
    folder = tmp_path / "drop"
    names = drop_files(folder, 60)
    broken = [f"broken-{n}.md" for n in range(5)]
    for name in broken:
        (folder / name).write_bytes(b"")  # empty: not an article, quarantined with its reason
    settings = Settings(database_path=tmp_path / "unused.db", drop_lease=LEASE)
    async with handles(db, workers) as dbs:
        reports: list[IngestReport] = list(
            await asyncio.gather(
                *(
                    # Each worker has its own scanner, as a separate process would.
                    ingest_folder_once(
                        d, folder, settings=settings, clock=clock, drop=DropFolder(folder), worker=f"w{i}"
                    )
                    for i, d in enumerate(dbs)
                )
            )
        )
    assert sum(r.new for r in reports) == len(names)
    assert sum(r.duplicate for r in reports) == 0  # no file read twice
    assert sum(r.quarantined for r in reports) == len(broken)
    assert all(not r.failed for r in reports), reports
    assert all(p.startswith("broken-") for r in reports for p in r.problems), reports
    assert sum(1 for r in reports if r.new) >= 2  # the work was shared
    assert sorted(p.name for p in (folder / "archive").iterdir()) == names
    # Each refused file quarantined once, with one reason beside it (a second would be NAME-1.md).
    assert sorted(p.name for p in (folder / "quarantine").iterdir()) == sorted(
        n for name in broken for n in (name, name + ".why.txt")
    )
    assert sorted(p.name for p in folder.iterdir()) == ["archive", "quarantine"]
    assert await count_articles(db) == len(names)
    assert await dropclaims.claims_of(db, DropFolder(folder).location) == {}


async def test_files_claimed_by_a_killed_worker_wait_for_its_lease_then_are_taken(db, clock, tmp_path):
    folder = tmp_path / "drop"
    names = drop_files(folder, 5)
    settings = Settings(database_path=tmp_path / "unused.db", drop_lease=LEASE)
    location = DropFolder(folder).location
    # A worker claims three files and is killed before storing them: its claims are never freed.
    assert await dropclaims.claim_files(db, location, names[:3], "dead:1:x", clock.now(), LEASE) == names[:3]
    heir = DropFolder(folder)
    report = await ingest_folder_once(db, folder, settings=settings, clock=clock, drop=heir, worker="heir")
    assert (report.new, report.problems) == (2, ())
    assert sorted(p.name for p in folder.glob("*.md")) == names[:3]  # left to their holder, not lost
    clock.advance(LEASE.total_seconds() - 1)
    report = await ingest_folder_once(db, folder, settings=settings, clock=clock, drop=heir, worker="heir")
    assert report.new == 0
    clock.advance(1)  # the dead worker's lease has run out
    report = await ingest_folder_once(db, folder, settings=settings, clock=clock, drop=heir, worker="heir")
    assert (report.new, report.duplicate, report.problems) == (3, 0, ())
    assert sorted(p.name for p in (folder / "archive").iterdir()) == names
    assert await count_articles(db) == len(names)


async def test_a_claim_is_renewed_while_its_files_are_worked_on(db, clock, tmp_path):
    folder = tmp_path / "drop"
    drop_files(folder, 3)
    drop = DropFolder(folder)
    files = drop.scan(clock.now()).ready
    assert len(files) == 3
    location = drop.location
    async with handles(db, 2) as (mine, other):
        async with dropshare.claimed(mine, drop, files, worker="slow", clock=clock, lease=LEASE) as held:
            assert held == files
            # Two and a half leases of slow work: the heartbeat renews the claims every third of a lease.
            for _ in range(8):
                before = await other.fetchone("SELECT MIN(lease_until) AS t FROM drop_claims")
                assert before is not None

                async def asleep() -> bool:
                    return clock.sleepers > 0

                # The heartbeat's renewal may have committed (seen above) before it went back to sleep on the
                # clock: advancing before it sleeps would wake nobody, and its next beat would never come.
                await settled(asleep, "the heartbeat waiting for its next beat")
                clock.advance(LEASE.total_seconds() / 3)

                async def renewed(before=before) -> bool:
                    row = await other.fetchone("SELECT MIN(lease_until) AS t FROM drop_claims")
                    return row is not None and row["t"] is not None and row["t"] > before["t"]

                await settled(renewed, "the heartbeat renewing the claims")
                names = [f.relative for f in files]
                assert await dropclaims.claim_files(other, location, names, "eager", clock.now(), LEASE) == []
        # Freed once the block ends, whatever became of the files.
        assert await dropclaims.claims_of(db, location) == {}


async def test_a_file_moved_out_by_another_worker_after_listing_is_skipped_quietly(db, clock, tmp_path):
    folder = tmp_path / "drop"
    names = drop_files(folder, 2)
    settings = Settings(database_path=tmp_path / "unused.db", drop_lease=LEASE)
    late = DropFolder(folder)
    listed = late.scan(clock.now()).ready
    # Another worker reads, stores and archives both files (its claims freed) after `late` listed them.
    report = await ingest_folder_once(db, folder, settings=settings, clock=clock, drop=DropFolder(folder), worker="a")
    assert report.new == 2
    async with dropshare.claimed(db, late, listed, worker="late", clock=clock, lease=LEASE) as held:
        assert held == []  # claimed, but gone: nothing to read, nothing reported
    assert sorted(p.name for p in (folder / "archive").iterdir()) == names


async def test_names_that_are_not_utf8_are_claimed_under_keys_any_database_holds(db, clock, tmp_path):
    folder = tmp_path / "drop"
    drop_files(folder, 1)
    odd = os.fsdecode(b"caf\xe9.md")  # Latin-1 bytes: a surrogate in Python's str, refused by UTF-8 encoders
    (folder / odd).write_text(article(7), encoding="utf-8")
    assert dropshare.claim_key(odd) == "/" + b"caf\xe9.md".hex()
    assert dropshare.claim_key("caf\u00e9.md") == "caf\u00e9.md"
    assert dropshare.claim_key("/" + b"caf\xe9.md".hex()[1:]) != dropshare.claim_key(odd)
    settings = Settings(database_path=tmp_path / "unused.db", drop_lease=LEASE)
    report = await ingest_folder_once(db, folder, settings=settings, clock=clock, drop=DropFolder(folder), worker="w")
    assert (report.new, report.failed, report.problems) == (2, 0, ())
    assert sorted(os.fsencode(p.name) for p in (folder / "archive").iterdir()) == [b"caf\xe9.md", b"crane-000.md"]
