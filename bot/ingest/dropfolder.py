"""Drop folders: find files that are ready, then archive or quarantine them; nothing is ever deleted."""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.ingest.formats import is_supported
from bot.models import Retrieved

log = logging.getLogger(__name__)

# A file modified this recently may still be being written (a copy, a download, an editor's save).
SETTLE = timedelta(seconds=1)
# A modification time this far ahead of the clock means skewed clocks, not a write in progress.
_FUTURE_SLACK = timedelta(seconds=5)
MAX_FILE_BYTES = 50_000_000
_TEMP_SUFFIXES = (".part", ".partial", ".crdownload", ".download", ".tmp", ".swp", ".swx", ".lock")


@dataclass(frozen=True, slots=True)
class DropFile:
    """A file in a drop folder that looks complete."""

    path: Path
    relative: str
    size: int
    modified: datetime


@dataclass(slots=True)
class ScanResult:
    """One scan: files ready to ingest, files left for the next scan, files refused without reading."""

    ready: list[DropFile] = field(default_factory=list)
    waiting: list[Path] = field(default_factory=list)
    refused: list[tuple[DropFile, str]] = field(default_factory=list)


def is_ignored_name(name: str) -> bool:
    """Tell whether a name is hidden or temporary: dotfiles, ``~`` backups, ``.part``, ``.swp`` and the like."""
    lowered = name.lower()
    return name.startswith((".", "~$", "#")) or name.endswith("~") or lowered.endswith(_TEMP_SUFFIXES)


class DropFolder:
    """One drop folder with its archive and quarantine folders and the sizes seen at the previous scan."""

    def __init__(
        self,
        folder: Path,
        *,
        archive_dir: Path | None = None,
        quarantine_dir: Path | None = None,
        settle: timedelta = SETTLE,
    ) -> None:
        self.folder = folder
        self.archive_dir = archive_dir or folder / "archive"
        self.quarantine_dir = quarantine_dir or folder / "quarantine"
        self.settle = settle
        self._seen: dict[Path, tuple[int, int]] = {}
        self._location: str | None = None

    @property
    def location(self) -> str:
        """Return the folder's resolved path, the location of its source (resolved once, not per file)."""
        if self._location is None:
            self._location = str(_resolved(self.folder))
        return self._location

    def scan(self, now: datetime) -> ScanResult:
        """List the files that are complete: unchanged since the previous scan and not modified in the last second.

        Never descends into the archive or quarantine folders, nor into hidden folders.
        """
        result = ScanResult()
        skip = {_resolved(self.archive_dir), _resolved(self.quarantine_dir)}
        present: set[Path] = set()
        for path, relative, info in _walk(self.folder, "", skip):
            present.add(path)
            signature = (info.st_size, info.st_mtime_ns)
            previous = self._seen.get(path)
            self._seen[path] = signature
            modified = datetime.fromtimestamp(info.st_mtime, UTC)
            age = now - modified
            if (previous is not None and previous != signature) or -_FUTURE_SLACK < age < self.settle:
                result.waiting.append(path)
                continue
            drop = DropFile(path, relative, info.st_size, modified)
            if not is_supported(path.name):
                result.refused.append((drop, f"unsupported file type ({path.suffix or 'no suffix'})"))
            elif info.st_size > MAX_FILE_BYTES:
                result.refused.append((drop, f"file too large ({info.st_size} bytes; limit {MAX_FILE_BYTES})"))
            else:
                result.ready.append(drop)
        self._seen = {p: s for p, s in self._seen.items() if p in present}
        result.ready.sort(key=lambda f: f.relative)
        return result

    def read(self, drop: DropFile) -> tuple[Retrieved, str]:
        """Read a file's bytes; return them as a Retrieved with the hex SHA-256 of the content.

        Raises:
            OSError: if the file cannot be read.
        """
        data = drop.path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        return Retrieved(data=data, name=drop.path.name, location=str(drop.path), modified=drop.modified), digest

    def archive(self, drop: DropFile) -> Path:
        """Move a processed file into the archive folder, keeping its relative path; never overwrite.

        Raises:
            OSError: if the move fails (the file then stays where it was).
        """
        target = move_unique(drop.path, self.archive_dir / drop.relative)
        self._seen.pop(drop.path, None)
        return target

    def quarantine(self, drop: DropFile, reason: str, now: datetime) -> Path:
        """Move an unreadable file into quarantine with ``NAME.why.txt`` beside it saying why.

        Raises:
            OSError: if the move fails (the file then stays where it was).
        """
        target = move_unique(drop.path, self.quarantine_dir / drop.relative)
        self._seen.pop(drop.path, None)
        why = unique_path(target.with_name(target.name + ".why.txt"))
        why.write_text(
            f"{reason}\n\nfile: {drop.relative}\nfrom: {drop.path}\nquarantined at: {now.isoformat()}\n"
            "Fix the file and drop it into the folder again; newsdigest will read it then.\n",
            encoding="utf-8",
        )
        log.warning("quarantined %s: %s", drop.path, reason)
        return target


def _walk(folder: Path, prefix: str, skip: set[Path]) -> Iterator[tuple[Path, str, os.stat_result]]:
    """Yield (path, relative name, stat) of the regular files under ``folder``, top down and sorted by name.

    As ``os.walk`` did, without its second stat per file: hidden and ignored names, folders in ``skip`` and
    folders reached through a symbolic link are left out; a folder that cannot be listed is logged.
    """
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError as exc:
        _log_walk_error(exc)
        return
    folders = []
    for entry in entries:
        try:
            is_folder = entry.is_dir()
        except OSError:
            is_folder = False
        if is_folder:
            if not entry.name.startswith(".") and not entry.is_symlink():
                folders.append(entry)
            continue
        if is_ignored_name(entry.name):
            continue
        try:
            info = entry.stat()  # follows a symbolic link, as reading the file will
        except OSError:
            continue  # gone between listing and stat (a move by someone else), or a dangling link
        if stat.S_ISREG(info.st_mode):
            yield Path(entry.path), prefix + entry.name, info
    for entry in folders:
        path = Path(entry.path)
        if _resolved(path) not in skip:
            yield from _walk(path, f"{prefix}{entry.name}/", skip)


def unique_path(path: Path) -> Path:
    """Return ``path`` or, when taken, ``stem-1.suffix``, ``stem-2.suffix``, ... that is free."""
    if not path.exists():
        return path
    suffix = "".join(path.suffixes[-1:])
    stem = path.name[: len(path.name) - len(suffix)] if suffix else path.name
    number = 1
    while True:
        candidate = path.with_name(f"{stem}-{number}{suffix}")
        if not candidate.exists():
            return candidate
        number += 1


def move_unique(source: Path, target: Path) -> Path:
    """Move a file to ``target`` (or a free name beside it), creating folders; never overwrites.

    Raises:
        OSError: if the move fails.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    target = unique_path(target)
    shutil.move(str(source), str(target))
    return target


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path.absolute()


def _log_walk_error(exc: OSError) -> None:
    log.warning("cannot list %s: %s", exc.filename, exc.strerror)
