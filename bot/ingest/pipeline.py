"""Source -> parse -> store: files and drop folders into the database, with a report of what happened.

A folder is a drop folder: its files are archived once their articles are committed, and unreadable files
are quarantined. A single file named on the command line is ingested but never moved: it is not in a drop
folder, so there is no archive beside it, and moving a person's file they pointed at would surprise them.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.clock import Clock
from bot.config import Settings
from bot.errors import DatabaseUnavailable, StoreError
from bot.ingest.dropfolder import DropFile, DropFolder
from bot.ingest.reading import Job, Outcome, Unparsable, Unreadable, chunks, read_and_parse_all
from bot.models import Article, IngestReport, NewArticle, Source, SourceKind
from bot.store.articles import get_or_create_source, insert_articles
from bot.store.db import Database
from bot.text.identity import identify

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]

# Scanners keep the sizes seen at the previous scan, so the watcher's repeated calls share one per folder.
_DROP_FOLDERS: dict[tuple[Path, Path | None, Path | None], DropFolder] = {}


def drop_folder_for(folder: Path, settings: Settings) -> DropFolder:
    """Return the (remembered) scanner for a folder with the archive and quarantine folders of the settings."""
    key = (folder.resolve(), settings.archive_dir, settings.quarantine_dir)
    if key not in _DROP_FOLDERS:
        _DROP_FOLDERS[key] = DropFolder(
            folder, archive_dir=settings.archive_dir, quarantine_dir=settings.quarantine_dir
        )
    return _DROP_FOLDERS[key]


async def ingest_folder_once(
    db: Database, folder: Path, *, settings: Settings, clock: Clock, drop: DropFolder | None = None
) -> IngestReport:
    """Scan a drop folder once and ingest what is ready (the watcher calls this on each change)."""
    # The watcher scans again soon anyway, so files being written are simply left for the next scan.
    return await ingest_paths(
        db, [folder], settings=settings, clock=clock, drops={folder: drop} if drop else None, settle_rounds=0
    )


async def ingest_paths(
    db: Database,
    paths: Sequence[Path],
    *,
    settings: Settings,
    clock: Clock,
    progress: Progress | None = None,
    drops: dict[Path, DropFolder] | None = None,
    settle_rounds: int = 3,
) -> IngestReport:
    """Ingest files and drop folders; return counts of new, duplicate, quarantined and failed, with problems.

    A folder file modified within the last second is waited for (``settle_rounds`` times, on the clock)
    rather than skipped, since a person running ``ingest`` right after copying expects the files read.
    """
    report = IngestReport()
    jobs: list[Job] = []
    for path in paths:
        if path.is_dir():
            drop = (drops or {}).get(path) or drop_folder_for(path, settings)
            # A scan stats every file: thousands of them would stall the event loop.
            scan = await asyncio.to_thread(drop.scan, clock.now())
            for _ in range(settle_rounds):
                if not scan.waiting:
                    break
                # Files copied in just now: give the writer a moment instead of skipping them silently.
                await clock.sleep(drop.settle.total_seconds() + 0.1)
                later = await asyncio.to_thread(drop.scan, clock.now())
                later.ready = sorted({f.path: f for f in scan.ready + later.ready}.values(), key=lambda f: f.relative)
                later.refused = list({f.path: (f, why) for f, why in scan.refused + later.refused}.values())
                scan = later
            if scan.waiting:
                log.info("%s: %d file(s) still being written, left for the next scan", path, len(scan.waiting))
            if scan.waiting and settle_rounds:
                # Worth telling a person who ran `ingest`; the watcher just takes them on its next scan.
                report += IngestReport(
                    problems=tuple(f"{p}: still being written, left for the next scan" for p in scan.waiting)
                )
            for refused, reason in scan.refused:
                report += _quarantine(drop, refused, reason, clock)
            jobs += [Job(drop, f, f.path) for f in scan.ready]
        elif path.is_file():
            jobs.append(Job(None, None, path))
        else:
            report += IngestReport(failed=1, problems=(f"{path}: no such file or folder",))
    batch = _Batch(db, clock)
    done = 0
    for chunk in chunks(jobs):
        if batch.unavailable is not None:
            # The run stops with one clear error; every file not stored stays where it is for the next run.
            left = len(jobs) - done
            problem = f"{left} more file(s) left in place: {batch.unavailable}"
            return report + IngestReport(failed=left, problems=(problem,))
        # Several small files per trip to the worker thread: the trip costs about what a small file's store does.
        outcomes = await asyncio.to_thread(read_and_parse_all, chunk, clock.now(), settings.key_points)
        for job, outcome in zip(chunk, outcomes, strict=True):
            parsed = await _prepare(db, job, outcome, clock=clock, sources=batch.sources)
            if isinstance(parsed, IngestReport):
                report += parsed
            else:
                batch.files.append(parsed)
            done += 1
            if progress is not None:
                progress(done, len(jobs))
        if batch.due():
            report += await batch.flush()
    return report + await batch.flush()


@dataclass(frozen=True, slots=True)
class _Parsed:
    job: Job
    sources: list[Source]
    articles: list[Article]
    file_key: str


async def _prepare(
    db: Database, job: Job, outcome: Outcome, *, clock: Clock, sources: dict[tuple[str, str], Source]
) -> _Parsed | IngestReport:
    """Turn a file's read-and-parse outcome into what to store, or into the report of its failure."""
    drop, file = job.drop, job.file
    if isinstance(outcome, Unreadable):
        return IngestReport(failed=1, problems=(f"{job.path}: cannot be read ({outcome.reason})",))
    if isinstance(outcome, Unparsable):
        return _parse_failed(drop, file, job.path, outcome.reason, clock)
    item, digest, articles = outcome
    if drop is not None and file is not None:
        default = (SourceKind.FOLDER, drop.folder.name or str(drop.folder), drop.location)
        file_key = f"file:{file.relative}:{digest}"
    else:
        default = (SourceKind.FILE, job.path.name, item.location)
        file_key = f"file:{job.path.name}:{digest}"
    chosen = [await _source_for(db, article, item.name, default, clock, sources) for article in articles]
    return _Parsed(job, chosen, articles, file_key)


class _Batch:
    """Parsed files waiting for one shared commit: one transaction per many files is what makes ingest fast.

    Files leave the drop folder only after the commit that stored them; a crash in between leaves them in
    place, and the next run finds them already stored (duplicates) and archives them then.
    """

    # Each commit flushes FTS5's pending terms into a new segment: 200 files a commit costs ~0.05 ms a file
    # against ~0.08 at 50. The whole batch is one call on the database thread (~0.6 ms a file), so another
    # reader (a /find while `run` ingests) waits at most ~0.1 s behind it.
    MAX_FILES = 200
    MAX_SECONDS = 0.4

    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock
        self.files: list[_Parsed] = []
        self.sources: dict[tuple[str, str], Source] = {}
        self.unavailable: DatabaseUnavailable | None = None
        self._started = clock.now()

    def due(self) -> bool:
        """Tell whether the batch should be committed now."""
        waited = (self.clock.now() - self._started).total_seconds()
        return len(self.files) >= self.MAX_FILES or waited >= self.MAX_SECONDS

    async def flush(self) -> IngestReport:
        """Store every waiting file (all in one transaction, or file by file if that fails) and archive them."""
        files, self.files = self.files, []
        self._started = self.clock.now()
        if not files:
            return IngestReport()
        try:
            # The whole batch is one trip to the database thread: no hop per statement, nothing on the loop.
            stored = await self.db.write(lambda conn: [_store_in(conn, parsed, self.clock) for parsed in files])
        except DatabaseUnavailable as exc:
            # Locked or full for every file alike: retrying file by file would wait out the busy timeout for each.
            self.unavailable = exc
            return IngestReport(failed=len(files), problems=tuple(f"{f.job.path}: not stored ({exc})" for f in files))
        except StoreError as exc:
            if len(files) == 1:
                return IngestReport(failed=1, problems=(f"{files[0].job.path}: not stored ({exc})",))
            # One file's trouble must not hold back the others: retry each in a transaction of its own.
            report = IngestReport()
            for parsed in files:
                self.files = [parsed]
                report += await self.flush()
            return report
        # Only now, with every article committed, may the files leave the drop folder: all in one thread hop.
        archived = await asyncio.to_thread(_archive_all, [parsed.job for parsed in files])
        report = IngestReport()
        for counts in stored:
            report += counts
        return report + archived


def _store_in(conn: sqlite3.Connection, parsed: _Parsed, clock: Clock) -> IngestReport:
    """Store one file's articles on the database thread, inside the batch's transaction."""
    count = len(parsed.articles)
    records = []
    for index, (source, article) in enumerate(zip(parsed.sources, parsed.articles, strict=True)):
        key = parsed.file_key if count == 1 else f"{parsed.file_key}#{index}"
        records.append(NewArticle(article, source.id, identify(article, source_keys=[key])))
    results = insert_articles(conn, records, clock.now())
    new = sum(1 for r in results if r.new)
    return IngestReport(new=new, duplicate=len(results) - new)


def _archive_all(jobs: list[Job]) -> IngestReport:
    """Move stored drop files into the archive, in order; a file that cannot move is reported, not lost."""
    problems: list[str] = []
    for job in jobs:
        if job.drop is None or job.file is None:
            continue
        try:
            job.drop.archive(job.file)
        except OSError as exc:
            problems.append(f"{job.file.relative}: stored, but could not be archived ({exc})")
    return IngestReport(problems=tuple(problems))


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


def _parse_failed(
    drop: DropFolder | None, file: DropFile | None, path: Path, reason: str, clock: Clock
) -> IngestReport:
    if drop is None or file is None:
        return IngestReport(failed=1, problems=(f"{path}: {reason}",))
    return _quarantine(drop, file, reason, clock)


def _quarantine(drop: DropFolder, file: DropFile, reason: str, clock: Clock) -> IngestReport:
    try:
        target = drop.quarantine(file, reason, clock.now())
    except OSError as exc:
        return IngestReport(failed=1, problems=(f"{file.relative}: {reason}; could not be quarantined ({exc})",))
    return IngestReport(quarantined=1, problems=(f"{file.relative}: {reason} (moved to {target})",))
