"""Refuse at start a drop folder that would take what is not an article: the database, or a system folder.

A drop folder's files are moved, so ``DROP_FOLDERS=.`` beside the database, or ``DROP_FOLDERS=/``, would
move the live database or scan the whole machine. Both are configuration faults: one clear line, exit 2.
"""

from __future__ import annotations

from pathlib import Path

from bot.errors import ConfigError
from bot.ingest.textsafe import shown

# Folders that belong to the system or hold everyone's files: never a drop folder (their subfolders may be).
SYSTEM_FOLDERS = (
    "/",
    "/bin",
    "/boot",
    "/dev",
    "/etc",
    "/home",
    "/lib",
    "/lib32",
    "/lib64",
    "/media",
    "/mnt",
    "/opt",
    "/proc",
    "/root",
    "/run",
    "/sbin",
    "/srv",
    "/sys",
    "/tmp",  # noqa: S108 - listed to be refused, never used
    "/usr",
    "/usr/bin",
    "/usr/lib",
    "/usr/local",
    "/usr/share",
    "/var",
    "/var/lib",
    "/var/log",
    "/var/tmp",  # noqa: S108 - listed to be refused, never used
    "/Applications",
    "/Library",
    "/System",
    "/Users",
    "/Volumes",
    "/private",
)
_DATABASE_FILES = ("", "-wal", "-shm", "-journal")


def check_drop_folders(folders: tuple[Path, ...] | list[Path], database: Path, *, setting: str) -> None:
    """Check every drop folder with :func:`check_drop_folder`.

    Raises:
        ConfigError: naming ``setting`` and the first folder refused.
    """
    for folder in folders:
        check_drop_folder(folder, database, setting=setting)


def check_drop_folder(folder: Path, database: Path, *, setting: str) -> None:
    """Refuse a drop folder that is a system folder or the home folder, or that holds the database.

    Raises:
        ConfigError: naming ``setting``, the folder and what to do instead.
    """
    where = _resolved(folder)
    if where in _system_folders():
        raise ConfigError(
            setting, f"{shown(str(folder))} is a system folder; give newsdigest a folder of its own, such as ./drop"
        )
    db = _resolved(database)
    for suffix in _DATABASE_FILES:
        if _resolved(db.with_name(db.name + suffix)).is_relative_to(where):
            raise ConfigError(
                setting,
                f"{shown(str(folder))} holds the database {shown(str(database))}; files in a drop folder are moved,"
                " so give it a folder of its own, such as ./drop",
            )


def _system_folders() -> set[Path]:
    folders = {Path(p) for p in SYSTEM_FOLDERS}
    try:
        home = Path.home()
    except (RuntimeError, KeyError, OSError):
        return folders
    return folders | {_resolved(home), _resolved(home.parent)}


def _resolved(path: Path) -> Path:
    try:
        return path.expanduser().resolve()
    except (OSError, RuntimeError):
        return path.absolute()
