"""Read and parse ingest files in a worker thread, several small files per trip."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bot.errors import ParseError
from bot.ingest.dropfiles import TooLarge, open_named, read_regular
from bot.ingest.dropfolder import MAX_FILE_BYTES, DropFile, DropFolder, FileChanged
from bot.ingest.faults import describe, log_fault
from bot.ingest.formats import parse_retrieved
from bot.ingest.textsafe import shown, valid_unicode
from bot.models import Article, Retrieved

log = logging.getLogger(__name__)

# A trip to a worker thread and back costs ~0.05-0.1 ms, as much as storing a small file; a chunk of a few
# small files shares one. Bounded so that one trip stays short (~20 ms of parsing) and progress stays live.
CHUNK_FILES = 8
CHUNK_BYTES = 64 * 1024


@dataclass(frozen=True, slots=True)
class Job:
    """One file to ingest: from a drop folder (``drop`` and ``file`` set) or named on its own.

    ``moves`` says whether the file leaves its folder afterwards (archive or quarantine): only in a drop
    folder proper, never for files and folders read in place.
    """

    drop: DropFolder | None
    file: DropFile | None
    path: Path
    moves: bool = True

    @property
    def shown(self) -> str:
        """Return the file's name for reports: relative in a folder, the path given otherwise; always printable."""
        return self.file.shown if self.file is not None else shown(str(self.path))


@dataclass(frozen=True, slots=True)
class Changed:
    """The file changed since it was listed or while it was read: it is read again on a later scan."""

    reason: str


@dataclass(frozen=True, slots=True)
class Unreadable:
    """The file could not be read."""

    reason: str


@dataclass(frozen=True, slots=True)
class Unparsable:
    """The file was read but holds no article the parser can take."""

    reason: str


Outcome = tuple[Retrieved, str, list[Article]] | Unreadable | Unparsable | Changed


def chunks(jobs: Sequence[Job]) -> Iterator[list[Job]]:
    """Yield the jobs in order, grouped: at most CHUNK_FILES, and a file of unknown or large size alone."""
    chunk: list[Job] = []
    size = 0
    for job in jobs:
        bytes_ = job.file.size if job.file is not None else CHUNK_BYTES
        if chunk and (len(chunk) >= CHUNK_FILES or size + bytes_ > CHUNK_BYTES):
            yield chunk
            chunk, size = [], 0
        chunk.append(job)
        size += bytes_
    if chunk:
        yield chunk


def read_and_parse_all(jobs: Sequence[Job], now: datetime, key_points: int) -> list[Outcome]:
    """Read and parse each file in turn (in the calling worker thread); one outcome per job."""
    return [read_and_parse(job, now, key_points) for job in jobs]


def read_and_parse(job: Job, now: datetime, key_points: int) -> Outcome:
    """Read a file and parse it: its Retrieved, the content's SHA-256 and its articles; or why not.

    Never raises for one file's sake: whatever goes wrong is this file's outcome, and the others go on.
    """
    try:
        item, digest = _read(job)
    except FileChanged as exc:
        return Changed(str(exc))
    except TooLarge as exc:  # the file's own fault, for good: it goes to quarantine
        return Unparsable(str(exc.strerror))
    except OSError as exc:
        return Unreadable(valid_unicode(str(exc.strerror or exc)))
    except Exception as exc:  # a fault in reading one file must not stop the others
        log_fault(log, f"reading {job.shown} failed", exc)
        return Unreadable(describe(exc))
    try:
        articles = parse_retrieved(item, now=now, key_points=key_points)
    except ParseError as exc:
        return Unparsable(valid_unicode(str(exc)))
    except RecursionError:  # a library's limit, not a bug: JSON or markup nested thousands deep
        return Unparsable("nested too deeply to be read")
    except Exception as exc:  # a parser bug must not stop the other files; the file is kept in quarantine
        log_fault(log, f"the parser failed on {job.shown}", exc)
        return Unparsable(f"the parser failed ({describe(exc)})")
    return item, digest, articles


def _read(job: Job) -> tuple[Retrieved, str]:
    """Read the job's bytes: a listed file without following links, a named file as named; never blocks."""
    if job.drop is not None and job.file is not None:
        return job.drop.read(job.file)
    data, before, _ = read_regular(open_named(job.path), MAX_FILE_BYTES)
    # The file's time is the reference for relative dates such as "3 hours ago" in pasted text.
    try:
        modified: datetime | None = datetime.fromtimestamp(before.st_mtime, UTC)
    except (OverflowError, OSError, ValueError):
        modified = None
    name, location = shown(job.path.name), shown(str(job.path.resolve()))
    retrieved = Retrieved(data=data, name=name, location=location, modified=modified)
    return retrieved, hashlib.sha256(data).hexdigest()
