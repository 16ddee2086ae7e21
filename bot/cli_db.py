"""``newsdigest db copy --to URL`` and ``newsdigest db check``: moving to PostgreSQL, and checking a database."""

from __future__ import annotations

import argparse
import sys
from typing import Any, TextIO

from bot.clock import Clock
from bot.config import Settings
from bot.config_database import database_url, is_database_url
from bot.errors import ConfigError
from bot.store.db import Database


def add_db_parser(sub: Any) -> None:  # noqa: ANN401 - argparse's private _SubParsersAction
    """Add ``db copy`` and ``db check``."""
    p = sub.add_parser("db", help="copy the SQLite database into PostgreSQL, or check a database")
    db_sub = p.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    c = db_sub.add_parser(
        "copy",
        help="copy the SQLite database (--db / DATABASE_PATH) into an empty PostgreSQL database; resumes if stopped",
    )
    c.add_argument("--to", required=True, metavar="URL", help="postgresql://user:password@host:5432/database")
    db_sub.add_parser("check", help="schema version, integrity and row counts of the database in use")


class _TableProgress:
    """A progress bar per table on a terminal; a line per table otherwise."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.tty = stream.isatty()
        self.table = ""

    def __call__(self, table: str, done: int, total: int) -> None:
        if table != self.table:
            self.finish()
            self.table = table
        if self.tty:
            width = 30
            filled = min(width, int(width * done / total)) if total else width
            self.stream.write(f"\r{table:<22} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
            self.stream.flush()
        self.last = (done, total)

    def finish(self) -> None:
        if not self.table:
            return
        done, total = self.last
        self.stream.write("\n" if self.tty else f"{self.table:<22} {done}/{total}\n")
        self.table = ""


async def run_db(args: argparse.Namespace, settings: Settings, clock: Clock, out: TextIO) -> int:
    """Run ``db copy`` or ``db check``; store errors propagate to the CLI's one-line handler."""
    from bot.store import copy as store_copy  # here: every other command would import it at start-up

    if args.db_command == "check":
        db = await Database.open(settings.database)
        try:
            report = await store_copy.check(db)
        finally:
            await db.close()
        out.write(f"backend: {report.backend}\nschema: {report.schema_version} (this newsdigest knows ")
        out.write(f"{report.schema_known})\n")
        for table, count in report.counts:
            out.write(f"{table:<22} {count}\n")
        for problem in report.problems:
            out.write(f"problem: {problem}\n")
        out.write("ok\n" if not report.problems else f"{len(report.problems)} problem(s)\n")
        return 0 if not report.problems else 1
    return await _copy(args, settings, clock, out)


async def _copy(args: argparse.Namespace, settings: Settings, clock: Clock, out: TextIO) -> int:
    from bot.store import copy as store_copy

    if args.db and is_database_url(args.db):
        raise ConfigError("--db", "db copy reads a SQLite file: give its path with --db PATH or DATABASE_PATH")
    to = database_url("--to", args.to)
    if to is None:
        raise ConfigError("--to", "give the postgresql:// URL of an empty database")
    path = settings.database_path
    if not path.is_file():
        raise ConfigError("--db", f"{path} is not a SQLite file (db copy reads --db PATH or DATABASE_PATH)")
    source = await Database.open(path)
    try:
        target = await Database.open(to)
        try:
            progress = _TableProgress(sys.stderr)
            counts = await store_copy.copy(source, target, source_name=str(path.resolve()), now=clock.now(),
                                           progress=progress)  # fmt: skip
            progress.finish()
        finally:
            await target.close()
    finally:
        await source.close()
    out.write(f"{'table':<22} {'sqlite':>10} {'postgresql':>10}\n")
    for c in counts:
        out.write(f"{c.table:<22} {c.source:>10} {c.target:>10}{'' if c.source == c.target else '  DIFFERENT'}\n")
    different = [c.table for c in counts if c.source != c.target]
    if different:
        out.write(f"the counts differ in {', '.join(different)}: was the bot writing to the SQLite file meanwhile?\n")
        return 1
    out.write("copied: every table's count matches\n")
    return 0
