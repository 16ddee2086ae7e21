"""Tell which constraint SQLite refused by its extended error code, never by the wording of its message."""

from __future__ import annotations

import sqlite3

_UNIQUE = {sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY}


def is_unique_violation(exc: BaseException) -> bool:
    """Return whether ``exc`` is SQLite refusing a row whose key is already taken."""
    return isinstance(exc, sqlite3.IntegrityError) and getattr(exc, "sqlite_errorcode", None) in _UNIQUE
