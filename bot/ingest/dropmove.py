"""Moving a drop file out (to the archive or quarantine) without following a link anywhere, even one swapped in.

A drop folder is writable by others, who may replace a file or a folder by a symbolic link at any moment,
also between a check and the move. So no path is ever looked up twice: both ends are folders opened one part
at a time without following links (``O_NOFOLLOW`` relative to the folder above, from a trusted top), kept
open, and the file is moved by ``rename`` between those two open folders, which moves a name and never what a
link points at. Just before the move, the name must still be a regular file (and the one that was read); a
link swapped in after that is moved as the link itself, into the archive, and nothing outside is read or
moved. Across file systems (an ARCHIVE_DIR on another disk) the bytes are copied from the file opened
without following links into a new file that may not exist yet (``O_EXCL``), then the name is removed.
Moves never overwrite; names written fit the 255-byte limit.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import stat
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import NoReturn

from bot.ingest.dropfiles import REASON_SUFFIX, NotRegularFile, Signature, fit_name, kind_of, signature
from bot.ingest.textsafe import shown

_FOLDER = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_READ = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
_NEW = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
_BLOCK = 1 << 20

log = logging.getLogger(__name__)


class ChangedSinceRead(OSError):  # noqa: N818 - an OSError; the name says which kind
    """The name is still a regular file, but not the one that was read (its size, time or inode differ)."""


@contextlib.contextmanager
def folder_beneath(top: Path, parts: Sequence[str], *, create: bool = False) -> Iterator[int]:
    """Open ``top/parts...`` as a folder, following no link below ``top``; yield its descriptor.

    ``top`` itself is trusted (a configured folder may be a link an administrator made). With ``create``,
    missing folders are made: ``top`` as named, the parts below relative to the folder above them.

    Raises:
        OSError: if a part is a symbolic link or not a folder ("... is a symbolic link; nothing is moved
            through one"), or cannot be opened.
    """
    if create:
        top.mkdir(parents=True, exist_ok=True)
    folder = os.open(top, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        here = top
        for part in parts:
            here = here / part
            inner = _open_folder(folder, part, here, create=create)
            os.close(folder)
            folder = inner
        yield folder
    finally:
        os.close(folder)


def _open_folder(parent: int, name: str, shown_as: Path, *, create: bool) -> int:
    try:
        return os.open(name, _FOLDER, dir_fd=parent)
    except FileNotFoundError:
        if not create:
            raise
    except OSError as exc:
        if exc.errno in {errno.ELOOP, errno.ENOTDIR}:  # a link (or a file) where a folder should be
            _refuse(parent, name, shown_as)
        raise
    with contextlib.suppress(FileExistsError):  # made meanwhile by another process: open what is there
        os.mkdir(name, dir_fd=parent)
    return _open_folder(parent, name, shown_as, create=False)


def _refuse(parent: int, name: str, shown_as: Path) -> NoReturn:
    mode = os.stat(name, dir_fd=parent, follow_symlinks=False).st_mode
    what = "a symbolic link" if stat.S_ISLNK(mode) else kind_of(mode)
    raise OSError(errno.ELOOP, f"{shown(str(shown_as))} is {what}; nothing is moved through one")


def _taken(folder: int, name: str) -> bool:
    try:
        os.stat(name, dir_fd=folder, follow_symlinks=False)
    except FileNotFoundError:
        return False
    return True


def free_name(folder: int, name: str) -> str:
    """Return ``name`` or, when taken in ``folder``, ``stem-1.suffix``, ``stem-2.suffix``...; names fit on disk."""
    name = fit_name(name)
    if not _taken(folder, name):
        return name
    suffix = "".join(Path(name).suffixes[-1:])
    stem = name[: len(name) - len(suffix)] if suffix else name
    number = 1
    while _taken(folder, candidate := fit_name(f"{stem}-{number}{suffix}")):
        number += 1
    return candidate


def move_beneath(
    source: tuple[Path, str], target: tuple[Path, str], *, expect: Signature | None = None, note: str | None = None
) -> Path:
    """Move ``source`` (a top folder and a relative name) to ``target`` (the same), or a free name beside it.

    No link below either top is followed, whenever it appears. ``expect`` is the signature of the file that
    was read. With ``note``, ``NAME.why.txt`` holding it is written beside the moved file, as a new file in
    the same open folder (a failure to write it is logged: the file is moved already).

    Raises:
        NotRegularFile: if the name no longer holds a regular file (a link, FIFO, folder... swapped in).
        ChangedSinceRead: if it holds another file than the one read.
        OSError: if a folder on the way is a link, or the move fails; the file then stays where it was.
    """
    source_top, source_relative = source
    target_top, target_relative = target
    *source_parts, source_name = source_relative.split("/")
    *target_parts, target_name = target_relative.split("/")
    with folder_beneath(source_top, source_parts) as here:
        info = os.stat(source_name, dir_fd=here, follow_symlinks=False)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFile(0, kind_of(info.st_mode), source_relative)
        if expect is not None and signature(info) != expect:
            raise ChangedSinceRead(0, "changed after it was read", source_relative)
        with folder_beneath(target_top, target_parts, create=True) as there:
            return _move(here, source_name, there, (target_top, target_parts, target_name), note)


def move_folder_beneath(source: tuple[Path, str], target: tuple[Path, str]) -> Path:
    """Move the folder ``source`` to ``target``, or a free name beside it, by one rename; return where it went.

    As :func:`move_beneath`: no link below either top is followed, and a link swapped in for the folder is
    moved as the link itself. A folder is never copied: across file systems it stays where it is.

    Raises:
        NotRegularFile: if the name is no real folder (a link, a file).
        OSError: if a folder on the way is a link, the target is on another file system (EXDEV), or the move
            fails; the folder then stays where it was.
    """
    source_top, source_relative = source
    target_top, target_relative = target
    *source_parts, source_name = source_relative.split("/")
    *target_parts, target_name = target_relative.split("/")
    with folder_beneath(source_top, source_parts) as here:
        info = os.stat(source_name, dir_fd=here, follow_symlinks=False)
        if not stat.S_ISDIR(info.st_mode):
            raise NotRegularFile(0, kind_of(info.st_mode), source_relative)
        with folder_beneath(target_top, target_parts, create=True) as there:
            final = free_name(there, target_name)
            os.rename(source_name, final, src_dir_fd=here, dst_dir_fd=there)
            return Path(target_top, *target_parts, final)


def _move(here: int, name: str, there: int, target: tuple[Path, list[str], str], note: str | None) -> Path:
    """Rename (or, across file systems, copy) the checked name into the open target folder; write the note."""
    target_top, target_parts, target_name = target
    final = free_name(there, target_name)
    try:
        os.rename(name, final, src_dir_fd=here, dst_dir_fd=there)
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise
        final = _copy_then_unlink(here, name, there, target_name)
    moved = Path(target_top, *target_parts, final)
    if note is not None:
        try:
            write_new(there, final + REASON_SUFFIX, note)
        except OSError as exc:
            log.warning("could not write the reason file beside %s: %s", shown(str(moved)), exc.strerror or exc)
    return moved


def _copy_then_unlink(here: int, name: str, there: int, wanted: str) -> str:
    """Copy a file between file systems through descriptors (no link followed), never overwriting; then unlink."""
    source = os.open(name, _READ, dir_fd=here)
    try:
        info = os.fstat(source)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFile(0, kind_of(info.st_mode), name)
        while True:
            final = free_name(there, wanted)
            try:
                copy = os.open(final, _NEW, stat.S_IMODE(info.st_mode) | stat.S_IRUSR, dir_fd=there)
            except FileExistsError:
                continue  # taken meanwhile: the next free name
            break
        try:
            while block := os.read(source, _BLOCK):
                os.write(copy, block)
            os.utime(copy, ns=(info.st_atime_ns, info.st_mtime_ns))
        except BaseException:
            os.close(copy)
            os.unlink(final, dir_fd=there)  # half a copy is no archive; the file stays where it was
            raise
        os.close(copy)
    finally:
        os.close(source)
    os.unlink(name, dir_fd=here)
    return final


def write_new(folder: int, name: str, text: str) -> str:
    """Write ``text`` to a new file in an open folder (a free name; never through a link); return its name."""
    while True:
        final = free_name(folder, name)
        try:
            fd = os.open(final, _NEW, 0o644, dir_fd=folder)
        except FileExistsError:
            continue
        break
    with os.fdopen(fd, "w", encoding="utf-8", errors="replace") as out:
        out.write(text)
    return final
