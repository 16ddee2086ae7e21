"""Read and parse ingest files in a worker thread, several small files per trip."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bot.errors import ParseError
from bot.ingest.dropfolder import DropFile, DropFolder
from bot.ingest.formats import parse_retrieved
from bot.models import Article, Retrieved

log = logging.getLogger(__name__)

# A trip to a worker thread and back costs ~0.05-0.1 ms, as much as storing a small file; a chunk of a few
# small files shares one. Bounded so that one trip stays short (~20 ms of parsing) and progress stays live.
CHUNK_FILES = 8
CHUNK_BYTES = 64 * 1024


@dataclass(frozen=True, slots=True)
class Job:
    """One file to ingest: from a drop folder (``drop`` and ``file`` set) or named on its own."""

    drop: DropFolder | None
    file: DropFile | None
    path: Path


@dataclass(frozen=True, slots=True)
class Unreadable:
    """The file could not be read."""

    reason: str


@dataclass(frozen=True, slots=True)
class Unparsable:
    """The file was read but holds no article the parser can take."""

    reason: str


Outcome = tuple[Retrieved, str, list[Article]] | Unreadable | Unparsable


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
    """Read a file and parse it: its Retrieved, the content's SHA-256 and its articles; or why not."""
    drop, file = job.drop, job.file
    try:
        if drop is not None and file is not None:
            item, digest = drop.read(file)
        else:
            data = job.path.read_bytes()
            digest = hashlib.sha256(data).hexdigest()
            # The file's time is the reference for relative dates such as "3 hours ago" in pasted text.
            modified = datetime.fromtimestamp(job.path.stat().st_mtime, UTC)
            item = Retrieved(data=data, name=job.path.name, location=str(job.path.resolve()), modified=modified)
    except OSError as exc:
        return Unreadable(str(exc.strerror or exc))
    try:
        articles = parse_retrieved(item, now=now, key_points=key_points)
    except ParseError as exc:
        return Unparsable(str(exc))
    except Exception as exc:  # a parser bug must not stop the other files; the file is kept in quarantine
        log.exception("parser crashed on %s", job.path)
        return Unparsable(f"the parser failed ({type(exc).__name__}: {exc})")
    return item, digest, articles
