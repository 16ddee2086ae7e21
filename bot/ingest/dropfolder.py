"""Drop folders: find the files that are complete and safe to read, then archive or quarantine them.

The contract (also in the README): only regular files with an article suffix are candidates, opened without
following links; links, FIFOs, sockets, devices and other types are left alone and logged once; hidden and
partial names (``.part``, ``.tmp``, ``.crdownload``, ``~``...) wait for the writer's rename; what systems,
editors and sync clients leave (``Thumbs.db``, ``$RECYCLE.BIN/``, safe-save temporaries) is passed over in
silence; a download's empty placeholder and a document open in an office suite are held; a sync tool's conflict
copy is left alone, said once; a file is read only when its size, modification time and inode have held
still for the settle time, and archived only if it is still the file that was read. The folder's archive
and quarantine folders are never scanned. Nothing is ever deleted.
"""

from __future__ import annotations

import hashlib
import logging
import os
import stat
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.ingest.dropfiles import (
    NotRegularFile,
    Signature,
    conflict_copy_of,
    is_ignored_name,
    is_reason_file,
    kind_of,
    open_beneath,
    open_mark,
    partial_of,
    read_regular,
    resolved,
    resources_of,
    signature,
    tool_marks,
    walk,
)
from bot.ingest.dropmove import ChangedSinceRead, move_beneath, move_folder_beneath
from bot.ingest.formats import is_supported, unsupported_reason
from bot.ingest.textsafe import shown, valid_unicode
from bot.models import Retrieved

__all__ = ["DropFile", "DropFolder", "FileChanged", "ScanResult", "is_ignored_name"]

log = logging.getLogger(__name__)

# How long a file's size, modification time and inode must hold still before it is read (DROP_SETTLE).
SETTLE = timedelta(seconds=5)
# A modification time this far ahead of the clock means skewed clocks, not a write in progress.
_FUTURE_SLACK = timedelta(seconds=5)
MAX_FILE_BYTES = 50_000_000
# A file whose processing failed this many times in one process is quarantined instead of retried forever.
GIVE_UP_AFTER = 3
# Folders deeper than this below a drop folder are not scanned (left alone and said once).
MAX_DEPTH = 32
ARCHIVE_NAME = "archive"
QUARANTINE_NAME = "quarantine"


class FileChanged(Exception):  # noqa: N818 - a state, not a fault: the file is read again on the next scan
    """The file changed (or was replaced) since it was listed or read; it stays for the next scan."""


@dataclass(frozen=True, slots=True)
class DropFile:
    """A file in a drop folder that looks complete, with the signature it had when it was listed."""

    path: Path
    relative: str
    size: int
    modified: datetime
    signature: Signature | None = None

    @property
    def shown(self) -> str:
        """Return the relative name as it may be printed or stored (non-UTF-8 bytes escaped)."""
        return shown(self.relative)


@dataclass(slots=True)
class ScanResult:
    """One scan: files to read, still being written, held by a tool, refused unread, left alone (new ones)."""

    ready: list[DropFile] = field(default_factory=list)
    waiting: list[Path] = field(default_factory=list)
    # Of those waiting, the ones the previous scan did not see waiting (a slow copy: said when it starts, not
    # on every scan).
    started_waiting: list[Path] = field(default_factory=list)
    # Files a tool still works on, with what says so: a download's placeholder, a document open in an office
    # suite. They may stay for hours, so nobody waits for them (``ingest`` reports them; the watcher scans on).
    held: list[tuple[Path, str]] = field(default_factory=list)
    refused: list[tuple[DropFile, str]] = field(default_factory=list)
    left_alone: list[tuple[Path, str]] = field(default_factory=list)


class DropFolder:
    """One drop folder: its archive and quarantine folders, and what earlier scans saw."""

    def __init__(
        self,
        folder: Path,
        *,
        archive_dir: Path | None = None,
        quarantine_dir: Path | None = None,
        settle: timedelta = SETTLE,
        max_bytes: int = MAX_FILE_BYTES,
    ) -> None:
        self.folder = folder
        self.archive_dir = archive_dir or folder / ARCHIVE_NAME
        self.quarantine_dir = quarantine_dir or folder / QUARANTINE_NAME
        self.settle = settle
        self.max_bytes = max_bytes
        self._seen: dict[Path, Signature] = {}
        self._noted: set[Path] = set()
        self._strikes: dict[tuple[Path, Signature | None], int] = {}
        self._stuck: set[tuple[Path, Signature | None]] = set()
        self._missing_noted = False
        self._waiting: set[Path] = set()
        self._location: str | None = None

    @property
    def location(self) -> str:
        """Return the folder's resolved path, the location of its source (resolved once, not per file)."""
        if self._location is None:
            self._location = shown(str(resolved(self.folder)))
        return self._location

    def never_scanned(self) -> set[Path]:
        """Return the folders a scan never enters: the configured archive and quarantine, and the default ones.

        The default-named ones stay out after ARCHIVE_DIR or QUARANTINE_DIR changes: their files (and the
        ``.why.txt`` reasons, with server paths in them) were handled once already.
        """
        folders = (self.archive_dir, self.quarantine_dir, self.folder / ARCHIVE_NAME, self.folder / QUARANTINE_NAME)
        return {resolved(f) for f in folders}

    def scan(self, now: datetime) -> ScanResult:
        """Classify the folder's files: ready (complete), waiting (still changing), held, refused, or left alone."""
        result = ScanResult()
        aside: list[tuple[Path, str]] = []
        gone_to = (self.archive_dir, self.quarantine_dir)
        listed = list(walk(self.folder, self.never_scanned(), aside, MAX_DEPTH, pages_gone_to=gone_to))
        present = {path for path, _, _ in listed}
        marks = tool_marks(relative for _, relative, _ in listed)
        # A download in progress may hold its final name with an empty file beside the partial one (Firefox);
        # a file with text is read as it is, so that a stale partial file never keeps it waiting.
        downloading = {final: mark for mark in marks if (final := partial_of(mark))}
        for path, relative, info in listed:
            name = path.name
            if is_ignored_name(name) or is_reason_file(name):
                continue  # partial, hidden, the system's or a quarantine reason: never an article
            if not stat.S_ISREG(info.st_mode):
                why = f"{kind_of(info.st_mode)}; drop folders take regular files only and never follow links"
                self._note(result, path, why, logging.WARNING)
                continue
            if not is_supported(name):
                self._note(result, path, unsupported_reason(name), logging.INFO)
                continue
            if (original := conflict_copy_of(name)) is not None:  # another version of a file: a second post
                why = (
                    f"a sync tool's conflict copy of {shown(original)}, not read so that one article is not posted"
                    f" twice; merge it into {shown(original)}, or rename it to have it read"
                )
                self._note(result, path, why, logging.WARNING)
                continue
            if info.st_nlink > 1:  # another name for a file that may live outside the folder
                why = f"a hard link ({info.st_nlink} names); copy or move the file into the folder instead"
                self._note(result, path, why, logging.WARNING)
                continue
            if (path, signature(info)) in self._stuck:
                continue  # could not be moved out, said once; looked at again when it changes
            if info.st_size == 0 and relative in downloading:  # a name held while its download is written
                partial = shown(downloading[relative].rpartition("/")[2])
                result.held.append((path, f"still being written as {partial} beside it; read once that takes its name"))
                continue
            if marks and (mark := open_mark(relative, name, marks)):  # saved again while open: read once closed
                why = f"open in an office suite ({shown(mark)} beside it); read once it is closed"
                self._note_open(path, why)
                result.held.append((path, why))
                continue
            drop = self._consider(path, relative, info, now)
            if drop is None:
                result.waiting.append(path)
            elif info.st_size > self.max_bytes:
                result.refused.append((drop, f"file too large ({info.st_size} bytes; limit {self.max_bytes})"))
            else:
                result.ready.append(drop)
        for path, why in aside:  # too deep, or cannot be listed: said once, not on every scan
            present.add(path)
            self._note(result, path, why, logging.WARNING)
        self._seen = {p: s for p, s in self._seen.items() if p in present}
        self._noted &= present
        self._stuck = {(p, s) for p, s in self._stuck if p in present}
        result.started_waiting = [path for path in result.waiting if path not in self._waiting]
        self._waiting = set(result.waiting)
        result.ready.sort(key=lambda f: f.relative)
        return result

    def _consider(self, path: Path, relative: str, info: os.stat_result, now: datetime) -> DropFile | None:
        """Return the file if it has held still for the settle time, else None (it is still being written)."""
        current = signature(info)
        previous = self._seen.get(path)
        self._seen[path] = current
        try:
            modified = datetime.fromtimestamp(info.st_mtime, UTC)
        except (OverflowError, OSError, ValueError):  # a time outside what datetime holds: no write in progress
            modified = now
        else:
            age = now - modified
            if -_FUTURE_SLACK < age < self.settle:
                return None
        if previous is not None and previous != current:
            return None
        return DropFile(path, relative, info.st_size, modified, current)

    def _note(self, result: ScanResult, path: Path, reason: str, level: int) -> None:
        """Log a file left alone once (not on every scan) and report it with the scan that first saw it."""
        if path in self._noted:
            return
        self._noted.add(path)
        log.log(level, "left alone: %s (%s)", shown(str(path)), reason)
        result.left_alone.append((path, reason))

    def _note_open(self, path: Path, why: str) -> None:
        """Say once that a document waits while an office suite holds it open.

        A warning: a lock a crash left behind keeps the document waiting until someone deletes it.
        """
        if path not in self._noted:
            self._noted.add(path)
            log.warning("waiting: %s is %s (a lock left by a crash: delete it)", shown(str(path)), why)

    def note_missing(self) -> None:
        """Say once that the folder does not exist (again on its next disappearance)."""
        if not self._missing_noted:
            self._missing_noted = True
            log.warning("drop folder %s does not exist; it is looked for on every scan", shown(str(self.folder)))

    def note_present(self) -> None:
        """Forget a missing-folder warning once the folder is there."""
        if self._missing_noted:
            self._missing_noted = False
            log.info("drop folder %s is there now", shown(str(self.folder)))

    def read(self, drop: DropFile) -> tuple[Retrieved, str]:
        """Read a listed file without following links; return it as a Retrieved with its content's SHA-256.

        Raises:
            FileChanged: if it is no longer the regular file that was listed, or changed while being read.
            OSError: if it cannot be read (TooLarge past the size limit).
        """
        try:
            data, before, after = read_regular(open_beneath(self.folder, drop.relative), self.max_bytes)
        except NotRegularFile as exc:
            raise FileChanged(f"became {exc.strerror} after it was listed") from exc
        if drop.signature is not None and drop.signature != signature(before):
            raise FileChanged("changed after it was listed")
        if signature(after) != signature(before):
            raise FileChanged("changed while being read")
        retrieved = Retrieved(
            data=data, name=shown(drop.path.name), location=shown(str(drop.path)), modified=drop.modified
        )
        return retrieved, hashlib.sha256(data).hexdigest()

    def still_listed(self, drop: DropFile) -> bool:
        """Tell whether the file is still there as it was listed (not moved out by another process, nor changed)."""
        try:
            info = os.lstat(drop.path)
        except OSError:
            self._seen.pop(drop.path, None)
            return False
        return drop.signature is None or signature(info) == drop.signature

    def archive(self, drop: DropFile) -> Path:
        """Move a stored file into the archive folder (keeping its relative path) if it is the file that was read.

        Raises:
            FileChanged: if the file changed since it was read: it stays, to be read again.
            OSError: if the move fails (the file then stays where it was).
        """
        try:
            target = move_beneath(
                (self.folder, drop.relative), self._beneath(self.archive_dir, drop), expect=drop.signature
            )
        except ChangedSinceRead:
            self._seen.pop(drop.path, None)
            raise FileChanged("changed after it was read; left in place to be read again") from None
        except NotRegularFile as exc:
            self._seen.pop(drop.path, None)
            raise FileChanged(f"became {exc.strerror} after it was read; left in place") from None
        self._forget(drop)
        self._take_resources(drop, self.archive_dir, target)
        return target

    def quarantine(self, drop: DropFile, reason: str, now: datetime) -> Path:
        """Move a file that is not an article into quarantine with ``NAME.why.txt`` beside it saying why.

        Raises:
            OSError: if the move fails (the file then stays where it was).
        """
        reason = valid_unicode(reason)
        note = (
            f"{reason}\n\nfile: {drop.shown}\nfrom: {shown(str(drop.path))}\nquarantined at: {now.isoformat()}\n"
            "Fix the file and drop it into the folder again; newsdigest will read it then.\n"
        )
        target = move_beneath((self.folder, drop.relative), self._beneath(self.quarantine_dir, drop), note=note)
        self._forget(drop)
        self._take_resources(drop, self.quarantine_dir, target)
        log.warning("quarantined %s: %s", shown(str(drop.path)), reason)
        return target

    def _take_resources(self, drop: DropFile, destination: Path, page: Path) -> None:
        """Move a saved page's resources folder (``Page_files/``) after the page, named after where it went.

        A folder that cannot be moved (another file system, a link on the way) stays where it is, said at debug
        level: scans never read it while its page is in the archive or quarantine.
        """
        where, _, name = drop.relative.rpartition("/")
        top, moved = self._beneath(destination, drop)
        moved_folder = moved.rpartition("/")[0]
        stem = page.name.rsplit(".", 1)[0]
        for resources, suffix in resources_of(name):
            source = f"{where}/{resources}" if where else resources
            if not os.path.isdir(self.folder / source) or os.path.islink(self.folder / source):
                continue
            target = f"{moved_folder}/{stem}{suffix}" if moved_folder else f"{stem}{suffix}"
            try:
                move_folder_beneath((self.folder, source), (top, target))
            except OSError as exc:
                log.debug("the page's folder %s stays: %s", shown(str(self.folder / source)), exc.strerror or exc)

    def _beneath(self, destination: Path, drop: DropFile) -> tuple[Path, str]:
        """Return where a move of ``drop`` into ``destination`` goes: the top it trusts, and the name below it.

        The top is the drop folder for its own archive/ and quarantine/ (writable by whoever drops files, so
        no link below it is followed), else the configured ARCHIVE_DIR or QUARANTINE_DIR itself, which may be
        a link an administrator made.
        """
        if destination.parent == self.folder:
            return self.folder, f"{destination.name}/{drop.relative}"
        return destination, drop.relative

    def strike(self, drop: DropFile) -> int:
        """Count one more failure of this file (as it is now); return how many it has had."""
        key = (drop.path, drop.signature)
        self._strikes[key] = self._strikes.get(key, 0) + 1
        return self._strikes[key]

    def cannot_move(self, drop: DropFile) -> None:
        """Leave a file that could not be moved out alone until it changes, instead of retrying every scan."""
        self._stuck.add((drop.path, drop.signature))

    def _forget(self, drop: DropFile) -> None:
        self._seen.pop(drop.path, None)
        self._strikes.pop((drop.path, drop.signature), None)
