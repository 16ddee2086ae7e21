"""The database's address in a setting or an option: a SQLite file's path or a PostgreSQL URL, never confused.

Read for ``DATABASE_PATH`` / ``DATABASE_URL`` (``bot/config.py``) and ``--db`` / ``--to`` (the command line); a
password in a URL never reaches a message, and :func:`url_passwords` hands it to the log filter to redact.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bot.config_values import is_folder, path
from bot.errors import ConfigError


def database_path(name: str, value: str) -> Path:
    """The SQLite database file: a plain path, never a URL or SQLite URI."""
    stripped = value.strip()
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", stripped) and not re.match(r"^[A-Za-z]:[\\/]", stripped):
        shown = re.sub(r"//[^/@]*@", "//…@", stripped)[:60]  # a password in it stays out of the message
        if stripped.lower().startswith("postgres") and name == "DATABASE_PATH":
            raise ConfigError(name, f"{shown!r} is a PostgreSQL address: set DATABASE_URL to it instead")
        raise ConfigError(
            name,
            f"{shown!r} is a URL or URI; give the path of a SQLite file such as newsdigest.db"
            " or a postgresql:// URL (only SQLite and PostgreSQL are supported)",
        )
    found = path(name, value)
    if is_folder(name, found):
        raise ConfigError(name, f"{str(found)[:200]} is a folder; give a file in it, e.g. {found / 'newsdigest.db'}")
    return found


def is_database_url(value: str) -> bool:
    """Tell whether a database setting names a PostgreSQL server rather than a SQLite file."""
    return re.match(r"(?i)\s*postgres(ql)?://", value) is not None


def database_url(name: str, value: str) -> str | None:
    """A PostgreSQL URL, ``postgresql://user:password@host:port/database``; empty: none (SQLite)."""
    stripped = value.strip()
    if not stripped:
        return None
    shown = re.sub(r"//[^/@]*@", "//…@", stripped)[:60]  # a password in it stays out of the message
    if not is_database_url(stripped):
        raise ConfigError(name, f"{shown!r} is not a postgresql:// URL (a SQLite file goes in DATABASE_PATH)")
    if re.search(r"\s", stripped) or re.fullmatch(r"(?i)postgres(ql)?://", stripped):
        raise ConfigError(name, f"{shown!r} names no server: write postgresql://user:password@host:5432/newsdigest")
    return stripped


def url_passwords(url: str | None) -> tuple[str, ...]:
    """The password of a database URL as written and decoded, for the log filter to redact; () if none."""
    if not url:
        return ()
    try:
        password = urlsplit(url.strip()).password
    except ValueError:
        return ()
    return (password, unquote(password)) if password else ()
