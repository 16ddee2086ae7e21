"""Source -> parse -> store: files and folders into the database, with a report of what happened.

In a drop folder (``DROP_FOLDERS`` under ``run``, or ``ingest --archive FOLDER``) files are archived once
their articles are committed, and files that are not articles are quarantined. Everything else is read in
place: files and folders named to ``ingest`` are never moved, since moving what a person pointed at (the
repository's own ``examples/``) would surprise them.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Sequence
from pathlib import Path

from bot.clock import Clock
from bot.config import Settings
from bot.ingest.batchrun import Progress, ingest_jobs
from bot.ingest.dropfiles import kind_of
from bot.ingest.dropfolder import DropFolder, ScanResult
from bot.ingest.dropshare import claimed, groups
from bot.ingest.leases import WORKER_ID
from bot.ingest.reading import Job
from bot.ingest.storebatch import refuse
from bot.ingest.textsafe import shown
from bot.models import IngestReport
from bot.store.db import Database

log = logging.getLogger(__name__)

# Scanners keep what the previous scan saw, so the watcher's repeated calls share one per folder.
_DROP_FOLDERS: dict[tuple[Path, Path | None, Path | None, float], DropFolder] = {}


def drop_folder_for(folder: Path, settings: Settings) -> DropFolder:
    """Return the (remembered) scanner for a folder with the archive, quarantine and settle of the settings."""
    key = (folder.resolve(), settings.archive_dir, settings.quarantine_dir, settings.drop_settle.total_seconds())
    if key not in _DROP_FOLDERS:
        _DROP_FOLDERS[key] = DropFolder(
            folder,
            archive_dir=settings.archive_dir,
            quarantine_dir=settings.quarantine_dir,
            settle=settings.drop_settle,
        )
    return _DROP_FOLDERS[key]


async def ingest_folder_once(
    db: Database,
    folder: Path,
    *,
    settings: Settings,
    clock: Clock,
    drop: DropFolder | None = None,
    worker: str = WORKER_ID,
) -> IngestReport:
    """Scan a drop folder once and ingest what is ready and this worker could claim (the watcher calls this).

    Several processes may watch one folder: each file is read, stored and moved out by the one that claimed
    it (:mod:`bot.ingest.dropshare`). A missing folder is said once in the log, not reported on every scan.
    """
    drop = drop or drop_folder_for(folder, settings)
    if not await asyncio.to_thread(folder.is_dir):
        drop.note_missing()
        return IngestReport()
    drop.note_present()
    # The watcher scans again soon anyway, so files being written are simply left for the next scan.
    scan = await _settled_scan(drop, 0, clock)
    report = IngestReport(problems=tuple(f"{shown(str(p))}: left alone ({why})" for p, why in scan.left_alone))
    refused = {file.relative: why for file, why in scan.refused}
    for group in groups([file for file, _ in scan.refused] + scan.ready):
        async with claimed(db, drop, group, worker=worker, clock=clock, lease=settings.drop_lease) as mine:
            for file in mine:
                if file.relative in refused:
                    report += refuse(drop, file, refused[file.relative], clock, moves=True)
            jobs = [Job(drop, file, file.path) for file in mine if file.relative not in refused]
            done = await ingest_jobs(db, jobs, clock=clock, key_points=settings.key_points, progress=None)
            log.debug(
                "%s: %d of %d listed file(s) claimed by %s: %d new, %d duplicate",
                shown(str(folder)),
                len(mine),
                len(group),
                worker,
                done.new,
                done.duplicate,
            )
            report += done
    return report


async def ingest_paths(
    db: Database | asyncio.Future[Database],
    paths: Sequence[Path],
    *,
    settings: Settings,
    clock: Clock,
    progress: Progress | None = None,
    drops: dict[Path, DropFolder] | None = None,
    settle_rounds: int = 3,
    archive: bool = True,
) -> IngestReport:
    """Ingest files and folders; return counts of new, duplicate, quarantined and failed, with problems.

    With ``archive`` a folder is a drop folder (files archived or quarantined); without it, it is read in
    place like a named file, which is never moved. A file that has not yet held still for the settle time is
    waited for (``settle_rounds`` times, on the clock) rather than skipped, since a person running ``ingest``
    right after copying expects the files read.

    ``db`` may still be opening (``newsdigest ingest`` opens it meanwhile): files are read and parsed until it
    is open, up to one batch (:func:`_run_jobs`).
    """
    report, jobs = await plan_jobs(
        paths, settings=settings, clock=clock, drops=drops, settle_rounds=settle_rounds, archive=archive
    )
    return report + await ingest_jobs(db, jobs, clock=clock, key_points=settings.key_points, progress=progress)


async def plan_jobs(
    paths: Sequence[Path],
    *,
    settings: Settings,
    clock: Clock,
    drops: dict[Path, DropFolder] | None = None,
    settle_rounds: int = 3,
    archive: bool = True,
) -> tuple[IngestReport, list[Job]]:
    """List the files to read from files and folders, by the drop-folder rules; what is refused is reported.

    ``ingest`` and ``parse`` both start here, so both read exactly the same files the same way.
    """
    report = IngestReport()
    jobs: list[Job] = []
    for path in paths:
        if path.is_dir():
            if archive:
                drop = (drops or {}).get(path) or drop_folder_for(path, settings)
            else:
                drop = DropFolder(path, settle=settings.drop_settle)
            scan = await _settled_scan(drop, settle_rounds, clock)
            if scan.waiting and settle_rounds:
                # Worth telling a person who ran `ingest`; the watcher just takes them on its next scan.
                report += IngestReport(
                    problems=tuple(
                        f"{shown(str(p))}: still being written, left for the next scan" for p in scan.waiting
                    )
                )
            report += IngestReport(problems=tuple(f"{shown(str(p))}: left alone ({why})" for p, why in scan.left_alone))
            report += IngestReport(problems=tuple(f"{shown(str(p))}: {why}" for p, why in scan.held))
            for refused, reason in scan.refused:
                report += refuse(drop, refused, reason, clock, moves=archive)
            jobs += [Job(drop, f, f.path, moves=archive) for f in scan.ready]
        elif path.is_file():
            jobs.append(Job(None, None, path, moves=False))
        else:
            report += IngestReport(failed=1, problems=(f"{shown(str(path))}: {_not_found(path)}",))
    return report, jobs


async def _settled_scan(drop: DropFolder, rounds: int, clock: Clock) -> ScanResult:
    """Scan, and while files are still being written, wait a settle time and scan again (``rounds`` times)."""
    # A scan stats every file: thousands of them would stall the event loop.
    scan = await asyncio.to_thread(drop.scan, clock.now())
    for _ in range(rounds):
        if not scan.waiting:
            break
        # Files copied in just now: give the writer a moment instead of skipping them silently.
        await clock.sleep(drop.settle.total_seconds() + 0.1)
        later = await asyncio.to_thread(drop.scan, clock.now())
        later.ready = sorted({f.path: f for f in scan.ready + later.ready}.values(), key=lambda f: f.relative)
        later.refused = list({f.path: (f, why) for f, why in scan.refused + later.refused}.values())
        later.left_alone = scan.left_alone + later.left_alone
        later.started_waiting = [
            p for p in dict.fromkeys(scan.started_waiting + later.started_waiting) if p in later.waiting
        ]
        scan = later
    if scan.started_waiting:  # not again on every scan of the watcher while the same files wait
        log.info(
            "%s: %d file(s) still being written, left for the next scan", shown(str(drop.folder)), len(scan.waiting)
        )
    return scan


def _not_found(path: Path) -> str:
    try:
        info = os.stat(path)
    except OSError:
        return "no such file or folder"
    return f"not a regular file or folder ({kind_of(info.st_mode)})"
