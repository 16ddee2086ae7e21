"""The file-system half of the drop-folder contract: which names count, safe opening, capped reads, safe moves.

A drop folder is writable by others, so nothing here trusts what a name points at: files are opened without
following links at any level (``O_NOFOLLOW`` on every folder and on the file, relative to the drop folder),
never block (``O_NONBLOCK``: a FIFO does not hang the reader), must be regular files (``fstat``), and are
read only up to a size limit. Every name written fits the 255-byte limit; moves are ``bot/ingest/dropmove.py``'s.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import re
import stat
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from bot.ingest.formats import HTML_SUFFIXES, MHTML_SUFFIXES

log = logging.getLogger(__name__)

# Names that say "not finished yet" or "not mine": writers rename a file to its final name when it is complete.
# Browsers' downloads (Firefox .part, Chrome and Edge .crdownload, Safari's .download bundle), editors' safe
# saves (VS Code .vsctmp, JetBrains ___jb_tmp___ and ___jb_old___, a web app's .crswap), swap and lock files.
PARTIAL_SUFFIXES = (
    ".part", ".partial", ".crdownload", ".download", ".tmp", ".swp", ".swx", ".lock", ".vsctmp", ".crswap",
    "___jb_tmp___", "___jb_old___",
)  # fmt: skip
# macOS's safe save of a sandboxed app (TextEdit): "story.md.sb-1a2b3c4d-XyZ123", renamed over the file.
_SAFE_SAVE = re.compile(r"\.sb-[0-9a-f]{8}-[0-9A-Za-z]{6}$")
# What an operating system leaves in any folder it shows (compared in lower case): never an article, never said.
_SYSTEM_FILES = frozenset({"thumbs.db", "ehthumbs.db", "ehthumbs_vista.db", "desktop.ini", "icon\r"})
# Folders of the system, a NAS or an unzip, never entered: their files are deleted ones (a recycle bin, a
# snapshot), another file's metadata (AppleDouble in __MACOSX, Synology's @eaDir) or the file system's own.
_SYSTEM_FOLDERS = frozenset({
    "$recycle.bin", "recycler", "system volume information", "lost+found", "__macosx", "@eadir",
    "#recycle", "#snapshot", "@recycle", "@recently-snapshot",
})  # fmt: skip
# A sync tool's copy of a file two places changed at once, named after it: Syncthing's ".sync-conflict-DATE-TIME-
# DEVICE", ownCloud's older "_conflict-DATE-TIME", Dropbox's, Nextcloud's and ownCloud's "(NAME's conflicted copy
# DATE)", Seafile's "(SFConflict WHO DATE)", Dropbox's "(Case Conflict)" and "(Selective Sync Conflict)"; before
# the last suffix.
_CONFLICT_COPY = re.compile(
    r"(?:\.sync-conflict-\d{8}-\d{6}-[0-9A-Z]{7}|_conflict-\d{8}-\d{6}"
    r"| \((?:[^()]*conflicted copy[^()]*|SFConflict [^()]*|(?:Case|Selective Sync) Conflict(?: \d+)?)\))"
    r"(?=\.[^.]*$|$)",
    re.IGNORECASE,
)
# The names vim writes to test whether it may create a file in a folder: 4913, then 5036, 5159... (by 123).
_VIM_PROBE_FIRST, _VIM_PROBE_STEP = 4913, 123
REASON_SUFFIX = ".why.txt"
NAME_MAX = 255
_READ_BLOCK = 1 << 20
_OPEN_FILE = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
_OPEN_FOLDER = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC

Signature = tuple[int, int, int, int]


class NotRegularFile(OSError):  # noqa: N818 - an OSError; the name says which kind
    """The name does not (or no longer does) name a regular file: a link, FIFO, socket, device or folder."""


class TooLarge(OSError):  # noqa: N818 - an OSError; the name says which kind
    """The file holds more bytes than the limit; nothing past the limit was read."""


def is_ignored_name(name: str) -> bool:
    r"""Tell whether a file's name is hidden, partial, temporary or the system's: never read, never said.

    Dotfiles (``.DS_Store``, AppleDouble ``._page.html``, rsync's and sync clients' temporary files), ``~``
    backups and Office owner files (``~$report.docx``), emacs autosaves (``#x#``), partial names (``.part``,
    ``.tmp``, ``.crdownload``...), safe-save temporaries, ``Thumbs.db``, ``desktop.ini``, ``Icon\r``, vim's probe.
    """
    lowered = name.lower()
    return (
        name.startswith((".", "~$", "#"))
        or name.endswith("~")
        or lowered.endswith(PARTIAL_SUFFIXES)
        or lowered in _SYSTEM_FILES
        or _SAFE_SAVE.search(name) is not None
        or _is_vim_probe(name)
    )


def _is_vim_probe(name: str) -> bool:
    """Tell whether a name is one vim writes (and removes at once) to test a folder: 4913, 5036, 5159..."""
    if not (name.isascii() and name.isdigit()):
        return False
    number = int(name)
    return number >= _VIM_PROBE_FIRST and (number - _VIM_PROBE_FIRST) % _VIM_PROBE_STEP == 0


def is_ignored_folder(name: str) -> bool:
    """Tell whether a folder is never entered: hidden, partial, or the system's.

    Hidden: ``.git``, ``.stversions``, ``.Trash-1000``; partial: a download in progress (Safari's
    ``page.html.download``); the system's: ``$RECYCLE.BIN``, ``System Volume Information``, ``__MACOSX``...
    """
    lowered = name.lower()
    return name.startswith(".") or lowered.endswith(PARTIAL_SUFFIXES) or lowered in _SYSTEM_FOLDERS


def conflict_copy_of(name: str) -> str | None:
    """Return the name of the file a sync tool's conflict copy is another version of, else None.

    ``note.md`` for ``note.sync-conflict-20261207-101010-ABCDEFG.md`` or ``note (Jane's conflicted copy
    2026-12-07).md``.
    """
    match = _CONFLICT_COPY.search(name)
    return None if match is None else name[: match.start()] + name[match.end() :]


def partial_of(name: str) -> str | None:
    """Return the name a partial file will be renamed to (``page.html`` for ``page.html.part``), else None.

    Firefox reserves a download's name with an empty file while it writes ``NAME.part`` beside it: that file
    is still being written, not an empty article.
    """
    lowered = name.lower()
    for suffix in PARTIAL_SUFFIXES:
        if lowered.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return None


def tool_marks(relatives: Iterable[str]) -> set[str]:
    """Return, of the relative names listed, those of files a tool keeps beside another while it works on it.

    A download's partial file (``page.html.part``) and an office suite's lock or owner file: few in any folder,
    so that what they say of the files beside them (:func:`partial_of`, :func:`open_mark`) costs a scan nothing
    when there are none.
    """
    return {r for r in relatives if _is_tool_mark(r.rpartition("/")[2])}


def _is_tool_mark(name: str) -> bool:
    return name.startswith(("~$", ".~lock.")) or name.lower().endswith(PARTIAL_SUFFIXES)


def open_mark(relative: str, name: str, marks: set[str]) -> str | None:
    """Return the lock or owner file of an office suite that holds ``relative`` open, if ``marks`` lists one.

    LibreOffice's lock ``.~lock.NAME#``; Word's, Excel's and PowerPoint's owner file ``~$NAME``, or, for a
    longer name, ``~$`` in place of its first two characters (``~$port.docx`` for ``report.docx``).
    """
    folder = relative[: len(relative) - len(name)]
    candidates = (
        (f".~lock.{name}#", f"~${name}", f"~${name[2:]}") if len(name) > 2 else (f".~lock.{name}#", f"~${name}")
    )
    return next((mark for mark in candidates if folder + mark in marks), None)


def is_reason_file(name: str) -> bool:
    """Tell whether a name is a quarantine reason (``NAME.why.txt``): never an article."""
    return name.lower().endswith(REASON_SUFFIX)


def signature(info: os.stat_result) -> Signature:
    """Return what must hold still for a file to count as complete: size, modification time, inode, device."""
    return (info.st_size, info.st_mtime_ns, info.st_ino, info.st_dev)


def kind_of(mode: int) -> str:
    """Name the kind of a file that is not a regular file, as a person would."""
    kinds = (
        (stat.S_ISLNK, "a symbolic link"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISDIR, "a folder"),
    )
    return next((name for test, name in kinds if test(mode)), "not a regular file")


def open_beneath(root: Path, relative: str) -> int:
    """Open ``root/relative`` for reading without following a link in any part below ``root``; return the fd.

    Raises:
        NotRegularFile: if a part is a link (the file system answers ELOOP or ENOTDIR).
        OSError: if the file cannot be opened.
    """
    parts = relative.split("/")
    folder = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        for part in parts[:-1]:
            inner = os.open(part, _OPEN_FOLDER, dir_fd=folder)
            os.close(folder)
            folder = inner
        return os.open(parts[-1], _OPEN_FILE, dir_fd=folder)
    except OSError as exc:
        if exc.errno in {errno.ELOOP, errno.ENOTDIR}:  # a link where a file or folder was listed
            raise NotRegularFile(exc.errno, "a symbolic link (never followed)", relative) from exc
        raise
    finally:
        os.close(folder)


def open_named(path: Path) -> int:
    """Open a file a person named on the command line (a link they named is theirs to follow); never blocks.

    Raises:
        OSError: if it cannot be opened.
    """
    return os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)


def read_regular(fd: int, limit: int) -> tuple[bytes, os.stat_result, os.stat_result]:
    """Read a regular file's bytes (at most ``limit``); return them with its stat before and after reading.

    Closes ``fd``. Raises:
        NotRegularFile: if the fd is not a regular file (nothing is read from a FIFO, device or socket).
        TooLarge: if the file holds more than ``limit`` bytes.
        OSError: if reading fails.
    """
    try:
        before = os.fstat(fd)
        if not stat.S_ISREG(before.st_mode):
            raise NotRegularFile(0, kind_of(before.st_mode))
        if before.st_size > limit:
            raise TooLarge(0, f"file too large ({before.st_size} bytes; limit {limit})")
        blocks: list[bytes] = []
        total = 0
        while block := os.read(fd, min(_READ_BLOCK, limit + 1 - total)):
            blocks.append(block)
            total += len(block)
            if total > limit:  # grew while being read: the cap holds whatever the first stat said
                raise TooLarge(0, f"file too large (more than {limit} bytes)")
        return b"".join(blocks), before, os.fstat(fd)
    finally:
        os.close(fd)


def fit_name(name: str, limit: int = NAME_MAX) -> str:
    """Return ``name`` or, when longer than ``limit`` bytes on disk, a shortened name that keeps its suffixes.

    The cut falls between characters and a short hash of the whole name keeps shortened names distinct.
    """
    if len(os.fsencode(name)) <= limit:
        return name
    keep = _tail(name)
    tag = "~" + hashlib.sha256(os.fsencode(name)).hexdigest()[:8]
    room = limit - len(os.fsencode(keep + tag))
    head = ""
    for char in name[: len(name) - len(keep)]:
        if len(os.fsencode(head + char)) > room:
            break
        head += char
    return head + tag + keep


def _tail(name: str) -> str:
    """Return the suffixes worth keeping on a shortened name (``.json.why.txt``), bounded."""
    suffixes = "".join(Path(name).suffixes[-3:])
    return suffixes if len(os.fsencode(suffixes)) <= 40 else ""


# A saved page's own files: the page's suffixes (those the readers take, and two more a server's page may have),
# and the names browsers give the folder of its resources.
_PAGE_SUFFIXES = (*HTML_SUFFIXES, *MHTML_SUFFIXES, ".xhtml", ".shtml")
_RESOURCE_SUFFIXES = (
    "_files", "-Dateien", "_fichiers", "_archivos", "_arquivos", "_file", "-bestanden", "_soubory", "_pliki",
    "-filer", "_tiedostot", "_bestanden",
)  # fmt: skip


def walk(
    folder: Path, skip: set[Path], aside: list[tuple[Path, str]], max_depth: int, *, pages_gone_to: Sequence[Path] = ()
) -> Iterator[tuple[Path, str, os.stat_result]]:
    """Yield (path, relative name, lstat) of every entry under ``folder`` that is not a folder, sorted by name.

    Descends only into real folders (never through a link), never into ignored ones (:func:`is_ignored_folder`),
    those in ``skip`` or a saved page's resources (its page beside it, or moved on to one of ``pages_gone_to``
    at the same place), and no deeper than ``max_depth``. Deeper folders, and folders that cannot be listed,
    are added to ``aside`` with the reason. Iterative, so that no nesting can exhaust the stack.
    """
    pending: list[tuple[Path, str, int]] = [(folder, "", 0)]
    while pending:
        current, prefix, depth = pending.pop()
        try:
            with os.scandir(current) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            aside.append((current, f"cannot list it: {exc.strerror}"))
            continue
        folders: list[tuple[Path, str, int]] = []
        pages = {e.name.rsplit(".", 1)[0] for e in entries if e.name.lower().endswith(_PAGE_SUFFIXES)}
        gone = [home / prefix for home in pages_gone_to]
        for entry in entries:
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue  # gone between listing and stat (a move by someone else)
            path = Path(entry.path)
            if not stat.S_ISDIR(info.st_mode):
                yield path, prefix + entry.name, info
            elif is_ignored_folder(entry.name) or resolved(path) in skip or is_page_resources(entry.name, pages, gone):
                continue
            elif depth >= max_depth:
                aside.append((path, f"a folder more than {max_depth} levels down"))
            else:
                folders.append((path, f"{prefix}{entry.name}/", depth + 1))
        pending.extend(reversed(folders))  # files first, then each folder in name order, as before


def is_page_resources(folder: str, pages: set[str], elsewhere: Sequence[Path] = ()) -> bool:
    """Tell whether a folder holds the images, styles and frames of a page saved beside it ("Page_files").

    Browsers' "Webpage, Complete" saves ``Page.html`` and ``Page_files/`` (Windows' older names for it in other
    languages too: ``Page-Dateien``, ``Page_fichiers``...); its frames, saved there as ``saved_resource.html``,
    are advertisements and widgets, no articles. The page may have gone already (read and archived, or
    quarantined): a page of that name in one of the ``elsewhere`` folders counts as beside it.
    """
    for suffix in _RESOURCE_SUFFIXES:
        if folder.endswith(suffix):
            page = folder[: -len(suffix)]
            if page in pages or any(_holds_page(there, page) for there in elsewhere):
                return True
    return False


def resources_of(page: str) -> list[tuple[str, str]]:
    """Return the names a page's resources folder may have, each with its suffix ("Page_files", "_files").

    Empty for a name that is no page's.
    """
    if not page.lower().endswith(_PAGE_SUFFIXES):
        return []
    stem = page.rsplit(".", 1)[0]
    return [(stem + suffix, suffix) for suffix in _RESOURCE_SUFFIXES]


def _holds_page(folder: Path, page: str) -> bool:
    """Tell whether ``folder`` holds a page named ``page`` (any page suffix, as the scan lists them)."""
    return any(os.path.lexists(folder / (page + suffix)) for suffix in _PAGE_SUFFIXES)


def resolved(path: Path) -> Path:
    """Return the path with links resolved, or made absolute when it cannot be resolved."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()
