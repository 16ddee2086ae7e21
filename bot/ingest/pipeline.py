"""Source -> parse -> store: files and folders into the database, with a report of what happened.

In a drop folder (``DROP_FOLDERS`` under ``run``, or ``ingest --archive FOLDER``) files are archived once
their articles are committed, and files that are not articles are quarantined. Everything else is read in
place: files and folders named to ``ingest`` are never moved, since moving what a person pointed at (the
repository's own ``examples/``) would surprise them.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from bot.clock import Clock
from bot.config import Settings
from bot.errors import DatabaseUnavailable
from bot.ingest.dropfiles import kind_of
from bot.ingest.dropfolder import DropFolder, ScanResult
from bot.ingest.dropshare import claimed, groups
from bot.ingest.faults import describe, log_fault
from bot.ingest.leases import WORKER_ID
from bot.ingest.reading import Changed, Job, Outcome, Unparsable, Unreadable, chunks, read_and_parse_all
from bot.ingest.storebatch import Batch, Parsed, gave_up, refuse
from bot.ingest.textsafe import shown
from bot.models import Article, IngestReport, Source, SourceKind
from bot.store.articles import get_or_create_source
from bot.store.db import Database

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]

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
            done = await _ingest_jobs(db, jobs, clock=clock, key_points=settings.key_points, progress=None)
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
    return report + await _ingest_jobs(db, jobs, clock=clock, key_points=settings.key_points, progress=progress)


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
        scan = later
    if scan.waiting:
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


async def _ingest_jobs(
    db: Database | asyncio.Future[Database],
    jobs: list[Job],
    *,
    clock: Clock,
    key_points: int,
    progress: Progress | None,
) -> IngestReport:
    """Read, parse and store the jobs in chunks and batches; stop early only when the database refuses writes.

    A batch is stored while the next ones are read and parsed (one store at a time, in order, so a file is
    checked against every earlier batch's commit; up to STORES_AHEAD batches wait their turn): the
    database's work then overlaps the parsing, provided
    the writer's thread gets the interpreter back as soon as each statement's answer is in
    (:func:`responsive_threads`).
    """
    with responsive_threads():
        return await _run_jobs(db, jobs, clock=clock, key_points=key_points, progress=progress)


_SWITCH_INTERVAL_S = 0.0005


class _Switching:
    """How many ingests of this process have the short switch interval on, and the interval before them."""

    users = 0
    previous = _SWITCH_INTERVAL_S


@contextlib.contextmanager
def responsive_threads() -> Iterator[None]:
    """While files are parsed in one thread and stored from another, switch threads every 0.5 ms, not 5.

    The writer's thread waits for the database with the GIL released, then needs it back to read the answer
    and send the next statement; a parsing thread gives it up only every switch interval (5 ms by default),
    so while a batch was parsed the writer sent one statement per ~5 ms and the database sat idle (500 small
    statements beside a busy thread: 3.5-3.7 s at 5 ms, 0.16-0.84 s at 0.5 ms). Process-wide, hence counted.
    """
    if _Switching.users == 0:
        _Switching.previous = sys.getswitchinterval()
        sys.setswitchinterval(_SWITCH_INTERVAL_S)
    _Switching.users += 1
    try:
        yield
    finally:
        _Switching.users -= 1
        if _Switching.users == 0:
            sys.setswitchinterval(_Switching.previous)


# Batches taken for storing that may wait behind the one being stored, while parsing goes on: with one, the
# parser stopped whenever its next batch was ready before the store, and the two sides took turns.
STORES_AHEAD = 2
# The last batch is taken when nothing is left to parse, so its search vectors are computed on this many
# connections at once (:meth:`Batch.stage`): on one, a batch of 200 took ~0.3-0.45 s on one server core while
# the other one, and this process's, had nothing else to do. Fewer than LAST_STAGED files left to read (and
# fewer than half a batch) join the batch before them; a last batch smaller than LAST_STAGED is written with its
# vectors computed by the write itself.
LAST_PARTS = 2
LAST_STAGED = 50


async def _run_jobs(
    opening: Database | asyncio.Future[Database],
    jobs: list[Job],
    *,
    clock: Clock,
    key_points: int,
    progress: Progress | None,
) -> IngestReport:
    report = IngestReport()
    # Each store waits for the one before it (one store at a time, in order); reports are taken in order too.
    stores: collections.deque[asyncio.Task[IngestReport]] = collections.deque()
    if isinstance(opening, Database):
        db, opening = opening, asyncio.get_running_loop().create_future()
        opening.set_result(db)
    batch: Batch | None = None
    # Files read and parsed, waiting to be prepared: while the database opens (a fresh one is migrated first,
    # ~0.2-0.5 s), up to a batch of them, so that the first batch is ready about when the database is.
    waiting: list[tuple[Job, Outcome]] = []
    done = 0

    async def prepare(batch: Batch) -> None:
        nonlocal report, done
        for job, outcome in waiting:
            parsed = await _prepare_isolated(batch.db, job, outcome, clock=clock, batch=batch)
            if isinstance(parsed, IngestReport):
                report += parsed
            else:
                batch.files.append(parsed)
            done += 1
            if progress is not None:
                progress(done, len(jobs))
        waiting.clear()

    listed = list(chunks(jobs))
    try:
        for number, chunk in enumerate(listed, start=1):
            if batch is not None and batch.unavailable is not None:
                # The run stops with one clear error; every file not stored stays where it is for the next run.
                left = len(jobs) - done
                problem = f"{left} more file(s) left in place: {batch.unavailable}"
                # Files parsed since the last store are reported too, not stored (the store refuses them untried).
                report += await batch.flush() + IngestReport(failed=left, problems=(problem,))
                break
            # Several small files per trip to the worker thread: the trip costs about what a small file's store does.
            outcomes = await asyncio.to_thread(read_and_parse_all, chunk, clock.now(), key_points)
            waiting.extend(zip(chunk, outcomes, strict=True))
            if batch is None:
                if not opening.done() and len(waiting) < Batch.MAX_FILES:
                    continue
                batch = Batch(await opening, clock)
            await prepare(batch)
            last = number == len(listed)
            # A few files left to read join this batch, which becomes the last (rather than a last batch of a few).
            few_left = 0 < len(jobs) - done < min(LAST_STAGED, Batch.MAX_FILES // 2)
            if (batch.due() and not few_left) or (last and len(batch.files) >= LAST_STAGED):
                while len(stores) > STORES_AHEAD:
                    report += await stores.popleft()
                parts = LAST_PARTS if last else 1
                after = stores[-1] if stores else None
                stores.append(asyncio.create_task(_store_after(after, batch, batch.take(), parts)))
        if batch is None:
            batch = Batch(await opening, clock)
            await prepare(batch)
        while stores:
            report += await stores.popleft()
        return report + await batch.flush()
    finally:
        # Cancelled mid-store: what was committed but not archived is found again (a duplicate) next time.
        for task in stores:
            task.cancel()
        for task in stores:
            with contextlib.suppress(BaseException):
                await task


async def _store_after(
    previous: asyncio.Task[IngestReport] | None, batch: Batch, files: list[Parsed], parts: int = 1
) -> IngestReport:
    """Store files once the batch before them is stored (its report is the caller's to take).

    Meanwhile the database computes their search vectors on another connection (:meth:`Batch.stage`; on
    ``parts`` connections at once): on PostgreSQL the write of the batch before is what every batch waits for,
    and that takes work off it.
    """
    staged = await batch.stage(files, parts)
    if previous is not None:
        await asyncio.wait([previous])
    return await batch.store(files, staged)


async def _prepare_isolated(
    db: Database, job: Job, outcome: Outcome, *, clock: Clock, batch: Batch
) -> Parsed | IngestReport:
    """As :func:`_prepare`, but a fault with this one file is this file's report, never the whole run's."""
    try:
        return await _prepare(db, job, outcome, clock=clock, sources=batch.sources)
    except DatabaseUnavailable as exc:
        batch.unavailable = exc
        return IngestReport(failed=1, problems=(f"{job.shown}: not stored ({exc})",))
    except Exception as exc:
        log_fault(log, f"preparing {job.shown} failed", exc)
        return gave_up(job, f"could not be stored ({describe(exc)})", clock, at_once=True)


async def _prepare(
    db: Database, job: Job, outcome: Outcome, *, clock: Clock, sources: dict[tuple[str, str], Source]
) -> Parsed | IngestReport:
    """Turn a file's read-and-parse outcome into what to store, or into the report of its failure."""
    drop, file = job.drop, job.file
    if isinstance(outcome, Changed):
        return IngestReport(problems=(f"{job.shown}: {outcome.reason}; read again on the next scan",))
    if isinstance(outcome, Unreadable):
        return gave_up(job, f"cannot be read ({outcome.reason})", clock, at_once=False)
    if isinstance(outcome, Unparsable):
        return gave_up(job, outcome.reason, clock, at_once=True)
    item, digest, articles = outcome
    if drop is not None and file is not None:
        default = (SourceKind.FOLDER, shown(drop.folder.name or str(drop.folder)), drop.location)
        file_key = f"file:{file.shown}:{digest}"
    else:
        default = (SourceKind.FILE, item.name, item.location)
        file_key = f"file:{item.name}:{digest}"
    chosen = [await _source_for(db, article, item.name, default, clock, sources) for article in articles]
    return Parsed(job, chosen, articles, file_key)


async def _source_for(
    db: Database,
    article: Article,
    file_name: str,
    default: tuple[SourceKind, str, str],
    clock: Clock,
    cache: dict[tuple[str, str], Source],
) -> Source:
    """Return the article's publication as its source when the file names one, else the folder (or file).

    Two drop files from two publications telling one story then show as "also in" each other.
    """
    kind, name, location = default
    publication = article.source.strip()
    if publication and publication != file_name and len(publication) <= 100:
        name, location = publication, f"{location}#{publication}"
    key = (kind.value, location)
    if key not in cache:
        cache[key] = await get_or_create_source(db, kind, name, location, clock.now())
    return cache[key]
