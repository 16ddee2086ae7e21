"""Tell which constraint the database refused by its error code, never by the wording of its message."""

from __future__ import annotations

import sqlite3

from bot.errors import StoreError

_UNIQUE = {sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY}


class ConstraintViolation(StoreError):  # noqa: N818 - a StoreError; the name says which kind
    """PostgreSQL refused a row by a constraint (its SQLSTATE told by :mod:`bot.store.pgconn`)."""

    def __init__(self, message: str, *, unique: bool) -> None:
        super().__init__(message)
        self.unique = unique


class WriteConflict(StoreError):  # noqa: N818 - a StoreError; the name says which kind
    """PostgreSQL cancelled a transaction to break a deadlock or a serialization conflict: run it again whole."""


# What a store module catches for "the database refused this row", whichever engine refused it.
INTEGRITY_ERRORS: tuple[type[Exception], ...] = (sqlite3.IntegrityError, ConstraintViolation)


def is_unique_violation(exc: BaseException) -> bool:
    """Return whether ``exc`` is the database refusing a row whose key is already taken."""
    if isinstance(exc, ConstraintViolation):
        return exc.unique
    return isinstance(exc, sqlite3.IntegrityError) and getattr(exc, "sqlite_errorcode", None) in _UNIQUE
