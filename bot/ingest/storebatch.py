"""One shared commit for many parsed files, then the archive: what makes ingest fast and loses nothing."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field

from bot.clock import Clock
from bot.errors import DatabaseUnavailable, StoreError
from bot.ingest.dropfolder import GIVE_UP_AFTER, DropFile, DropFolder, FileChanged
from bot.ingest.faults import describe, log_fault
from bot.ingest.reading import Job
from bot.ingest.textsafe import cut_note, shown, valid_unicode
from bot.models import Article, IngestReport, NewArticle, Source
from bot.store.articles import insert_groups, stage_vectors
from bot.store.db import Database
from bot.store.sqltypes import Conn
from bot.text.identity import identify

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Parsed:
    """One file's articles, each with its source, ready to store under the file's identity key.

    Its records (identity, language) are made here, as the file is prepared beside the parsing: on the
    database's thread they would lengthen each commit the next batch waits for (~0.12 ms an article).
    """

    job: Job
    sources: list[Source]
    articles: list[Article]
    file_key: str
    records: list[NewArticle] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "records", _records(self))


class Batch:
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
        self.files: list[Parsed] = []
        self.sources: dict[tuple[str, str], Source] = {}
        self.unavailable: DatabaseUnavailable | None = None
        self._started = clock.now()
        # One batch's vectors computed ahead at a time: one pooled connection at most, the others left to the
        # bot's reads (/find, digests) while a large folder is ingested.
        self._staging = asyncio.Lock()

    def due(self) -> bool:
        """Tell whether the batch should be committed now."""
        waited = (self.clock.now() - self._started).total_seconds()
        return len(self.files) >= self.MAX_FILES or waited >= self.MAX_SECONDS

    def take(self) -> list[Parsed]:
        """Hand over the waiting files for storing, and start the next batch."""
        files, self.files = self.files, []
        self._started = self.clock.now()
        return files

    async def stage(self, files: list[Parsed], parts: int = 1) -> int:
        """Have the database compute the files' search vectors ahead of :meth:`store` (PostgreSQL; else 0).

        Only a head start: when it fails, the store computes them itself, so the fault is logged, not reported.
        ``parts``: on as many connections at once (:func:`stage_vectors`), for the last batch of an ingest.
        """
        if self.unavailable is not None:
            return 0
        try:
            async with self._staging:
                return await stage_vectors(self.db, [parsed.records for parsed in files], parts)
        except Exception as exc:
            log.debug("search vectors not computed ahead: %s", describe(exc))
            return 0

    async def flush(self) -> IngestReport:
        """Store every waiting file now (see :meth:`store`)."""
        return await self.store(self.take())

    async def store(self, files: list[Parsed], staged: int = 0) -> IngestReport:
        """Store files (all in one transaction, or file by file if that fails) and archive them.

        ``staged``: the token :meth:`stage` gave for exactly these files (0: none).

        Once the database has refused writes (:attr:`unavailable`), files are reported not stored untried.
        """
        if not files:
            return IngestReport()
        if self.unavailable is not None:
            exc: Exception = self.unavailable
            return IngestReport(failed=len(files), problems=tuple(f"{f.job.shown}: not stored ({exc})" for f in files))
        try:
            # The whole batch is one trip to the database thread: no hop per statement, nothing on the loop.
            stored = await self.db.write(lambda conn: _store_all(conn, files, self.clock, staged))
        except DatabaseUnavailable as exc:
            # Locked or full for every file alike: retrying file by file would wait out the busy timeout for each.
            self.unavailable = exc
            return IngestReport(failed=len(files), problems=tuple(f"{f.job.shown}: not stored ({exc})" for f in files))
        except Exception as exc:
            if len(files) == 1:
                return self._not_stored(files[0].job, exc)
            # One file's trouble must not hold back the others: retry each in a transaction of its own.
            report = IngestReport()
            for parsed in files:
                report += await self.store([parsed])
            return report
        # Only now, with every article committed, may the files leave the drop folder: all in one thread hop.
        archived = await asyncio.to_thread(_archive_all, [parsed.job for parsed in files])
        report = IngestReport()
        for counts in stored:
            report += counts
        for parsed in files:
            report += IngestReport(problems=_cut_notes(parsed))
        return report + archived

    def _not_stored(self, job: Job, exc: Exception) -> IngestReport:
        """Report a file the database refused on its own; a fault that is not the database's quarantines it."""
        if isinstance(exc, StoreError):
            return gave_up(job, f"not stored ({exc})", self.clock, at_once=False)
        log_fault(log, f"storing {job.shown} failed", exc)
        return gave_up(job, f"could not be stored ({describe(exc)})", self.clock, at_once=True)


def _store_all(conn: Conn, files: list[Parsed], clock: Clock, staged: int) -> list[IngestReport]:
    """Store the batch's files on the database thread, in one transaction: one report per file."""
    reports = []
    # insert_groups takes what every file's stories need (their story locks) at once, then stores each file,
    # each arriving at its own clock.now().
    for results in insert_groups(conn, [parsed.records for parsed in files], clock.now, staged):
        new = sum(1 for r in results if r.new)
        reports.append(IngestReport(new=new, duplicate=len(results) - new))
    return reports


def _cut_notes(parsed: Parsed) -> tuple[str, ...]:
    """Say which of a file's articles had their text cut to BODY_MAX (a drop file itself is archived whole)."""
    notes = []
    for article in parsed.articles:
        cut = cut_note(article)
        if cut is not None:
            left, kept = cut
            notes.append(
                f"{parsed.job.shown}: “{article.title[:80]}” stored with the first {kept:,} characters of its"
                f" text; {left:,} more are left out, marked as cut"
            )
    return tuple(notes)


def _records(parsed: Parsed) -> list[NewArticle]:
    """One file's articles as the store takes them, each identified by the file's key (and its index)."""
    count = len(parsed.articles)
    records = []
    for index, (source, article) in enumerate(zip(parsed.sources, parsed.articles, strict=True)):
        key = parsed.file_key if count == 1 else f"{parsed.file_key}#{index}"
        records.append(NewArticle(article, source.id, identify(article, source_keys=[key])))
    return records


def _archive_all(jobs: list[Job]) -> IngestReport:
    """Move stored drop files into the archive, in order; a file that cannot move is reported and logged."""
    problems: list[str] = []
    for job in jobs:
        if job.drop is None or job.file is None or not job.moves:
            continue
        try:
            job.drop.archive(job.file)
        except FileChanged as exc:
            problems.append(f"{job.shown}: stored, but {exc}")
            log.info("%s", problems[-1])
        except FileNotFoundError:  # moved by another newsdigest reading the same folder: nothing is lost
            log.debug("%s: stored, and already moved by someone else", job.shown)
        except OSError as exc:
            problems.append(f"{job.shown}: stored, but could not be archived ({valid_unicode(str(exc))})")
            if job.drop.strike(job.file) >= GIVE_UP_AFTER:
                job.drop.cannot_move(job.file)
                problems[-1] += "; left alone until it changes"
            log.warning("%s", problems[-1])
    return IngestReport(problems=tuple(problems))


def gave_up(job: Job, reason: str, clock: Clock, *, at_once: bool) -> IngestReport:
    """Report a file that could not be ingested: quarantined when it moves and the fault is its own for good.

    A fault that may pass (unreadable now, refused by the database) leaves a drop file in place for the next
    scan, until it has failed GIVE_UP_AFTER times in this process: then it is quarantined too, so that the
    watcher never retries one bad file forever.
    """
    drop, file = job.drop, job.file
    if drop is None or file is None or not job.moves:
        return IngestReport(failed=1, problems=(f"{job.shown}: {reason}",))
    if not at_once:
        strikes = drop.strike(file)
        if strikes < GIVE_UP_AFTER:
            return IngestReport(failed=1, problems=(f"{job.shown}: {reason}",))
        reason = f"{reason}; failed {strikes} times, so it is set aside"
    return _quarantine(drop, file, reason, clock)


def refuse(drop: DropFolder, file: DropFile, reason: str, clock: Clock, *, moves: bool) -> IngestReport:
    """Report a file refused unread (too large): quarantined in a drop folder, a failure when read in place."""
    if not moves:
        return IngestReport(failed=1, problems=(f"{file.shown}: {reason}",))
    return _quarantine(drop, file, reason, clock)


def _quarantine(drop: DropFolder, file: DropFile, reason: str, clock: Clock) -> IngestReport:
    try:
        target = drop.quarantine(file, reason, clock.now())
    except OSError as exc:
        problem = f"{file.shown}: {reason}; could not be quarantined ({valid_unicode(str(exc))})"
        if drop.strike(file) >= GIVE_UP_AFTER:
            drop.cannot_move(file)
            problem += "; left alone until it changes"
        log.warning("%s", problem)
        return IngestReport(failed=1, problems=(problem,))
    return IngestReport(quarantined=1, problems=(f"{file.shown}: {reason} (moved to {shown(str(target))})",))
