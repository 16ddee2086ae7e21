"""Jobs read, parsed and stored in batches: the engine under :mod:`bot.ingest.pipeline`.

Files are read and parsed in a worker thread a chunk at a time while earlier batches are stored, one store at a
time and in order (each file is checked against every earlier batch's commit), with a batch's search vectors
computed ahead on PostgreSQL (:meth:`Batch.stage`); the database may still be opening when the first files are
read.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
import sys
from collections.abc import Callable, Iterator

from bot.clock import Clock
from bot.errors import DatabaseUnavailable
from bot.ingest.faults import describe, log_fault
from bot.ingest.reading import Changed, Job, Outcome, Unparsable, Unreadable, chunks, read_and_parse_all
from bot.ingest.storebatch import Batch, Parsed, gave_up
from bot.ingest.textsafe import shown
from bot.models import Article, IngestReport, Source, SourceKind
from bot.store.articles import get_or_create_source
from bot.store.db import Database

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]


async def ingest_jobs(
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
