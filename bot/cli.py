"""The ``newsdigest`` command line: every capability of the bot, reachable without Discord."""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import logging
import re
import shutil
import sys
import tempfile
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, TextIO

from bot import __version__
from bot.cli_db import add_db_parser, run_db
from bot.cli_digest import add_digest_parsers, run_digest, run_explain
from bot.cli_feeds import add_feeds_parser, run_feeds
from bot.cli_schedule import add_schedule_parser, run_schedule
from bot.cli_text import add_text_parsers, cmd_keypoints, cmd_parse
from bot.clock import Clock, SystemClock
from bot.config import Settings, load_settings
from bot.config_database import database_path, database_url, is_database_url, url_passwords
from bot.errors import ConfigError, InvalidSearchQueryError, NewsdigestError
from bot.ingest.dropfolder import is_ignored_name
from bot.ingest.textsafe import shown, valid_unicode
from bot.logs import redact, setup_logging
from bot.models import IngestReport
from bot.newsletter.cli import add_newsletter_parser, run_newsletter
from bot.store.db import Database

log = logging.getLogger(__name__)

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
DEMO_QUERY = "tram strike"
EXIT_CONFIG = 2


def _json_default(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


async def with_db(settings: Settings, work: Callable[[Database], Awaitable[int]]) -> int:
    """Open the database, run ``work``, always close."""
    db = await Database.open(settings.database)
    try:
        return await work(db)
    finally:
        await db.close()


async def with_db_opening(settings: Settings, work: Callable[[asyncio.Future[Database]], Awaitable[int]]) -> int:
    """Run ``work`` while the database opens (it awaits the future where it needs the database); always close.

    ``ingest`` reads and parses its first files meanwhile, instead of waiting for a fresh database's migrations.
    A database that cannot be opened is an error even when ``work`` never needed it.
    """
    opening = asyncio.ensure_future(Database.open(settings.database))
    try:
        result = await work(opening)
    except BaseException:
        opening.cancel()  # still opening: not waited for (a server that does not answer takes its timeout)
        await asyncio.wait([opening])
        if not opening.cancelled() and opening.exception() is None:
            await opening.result().close()
        raise
    db = await opening
    await db.close()
    return result


class Progress:
    """A one-line progress bar on a terminal; silent otherwise."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.enabled = stream.isatty()
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        """Show ``done`` of ``total``."""
        if not self.enabled or total < 20:
            return
        width = 30
        filled = int(width * done / total) if total else width
        self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        """End the bar's line."""
        if self.shown:
            self.stream.write("\n")


_URL_SCHEME = re.compile(r"^(https?)://", re.IGNORECASE)


async def cmd_ingest(args: argparse.Namespace, settings: Settings, clock: Clock, out: TextIO) -> int:
    """Ingest files, folders, feed files and feed URLs; print counts.

    What is named is read in place and never moved; ``--archive FOLDER`` makes FOLDER a drop folder, whose
    files are archived or quarantined as under ``run``.
    """
    from bot.ingest.dropcheck import check_drop_folders
    from bot.ingest.pipeline import ingest_paths
    from bot.ingest.textsafe import shown

    folders = [Path(f) for f in args.archive]
    if not args.targets and not folders:
        print("newsdigest ingest: name at least one PATH_OR_URL, or --archive FOLDER", file=sys.stderr)
        return 2
    try:
        check_drop_folders(folders, settings.database_path, setting="--archive")
    except ConfigError as exc:
        print(f"newsdigest ingest: {exc}", file=sys.stderr)
        return 2

    async def work(opening: asyncio.Future[Database]) -> int:
        report = IngestReport()
        # A scheme is case-insensitive: HTTP://host/feed is a URL, not a file name.
        urls = [_URL_SCHEME.sub(lambda m: m.group(1).lower() + "://", t) for t in args.targets if _URL_SCHEME.match(t)]
        paths = [Path(t) for t in args.targets if not _URL_SCHEME.match(t)]
        for folder in folders:
            if not folder.is_dir():
                report += IngestReport(failed=1, problems=(f"{shown(str(folder))}: no such folder",))
        progress = Progress(sys.stderr)
        try:
            # Files are read while the database opens; their store waits for it.
            report += await ingest_paths(
                opening, paths, settings=settings, clock=clock, progress=progress, archive=False
            )
            drops = [f for f in folders if f.is_dir()]
            if drops:
                report += await ingest_paths(opening, drops, settings=settings, clock=clock, progress=progress)
        finally:
            progress.close()
        for url in urls:
            report = report + await ingest_url(await opening, url, settings, clock)
        out.write(
            f"new: {report.new}  duplicate: {report.duplicate}  quarantined: {report.quarantined}"
            f"  failed: {report.failed}\n"
        )
        for problem in report.problems:
            out.write(f"  {redact(valid_unicode(problem))}\n")
        return 1 if report.failed else 0

    return await with_db_opening(settings, work)


async def ingest_url(db: Database, url: str, settings: Settings, clock: Clock) -> IngestReport:
    """Fetch one feed URL once and store its entries (wired to the feed layer)."""
    from bot.ingest.subscribe import ingest_feed_url

    return await ingest_feed_url(db, url, settings=settings, clock=clock)


def find_query(parser: argparse.ArgumentParser, words: list[str], extra: list[str]) -> str:
    """Return ``find``'s query: its words and exclusions as typed, unquoted (``find harbour -bridge``) or not.

    argparse hands over a ``-word`` it does not know as an unrecognised option; a ``--word`` stays an error.
    """
    unknown = [word for word in extra if word.startswith("--")]
    if unknown:
        parser.error(f"unrecognized arguments: {' '.join(unknown)}")
    query = " ".join([*words, *extra])
    if not query.strip():
        parser.error("give something to search for, e.g. newsdigest find harbour -bridge")
    return query


async def cmd_find(args: argparse.Namespace, settings: Settings, clock: Clock, out: TextIO) -> int:
    """Search the archive."""
    from bot.digest.render import Renderer
    from bot.store.search import search

    async def work(db: Database) -> int:
        try:
            page = await search(db, args.query, now=clock.now(), limit=args.limit)
        except InvalidSearchQueryError as exc:
            print(f"newsdigest find: {exc}", file=sys.stderr)
            return 1
        if args.json:
            if page.note:  # the text output carries it; JSON lines are hits only
                print(f"newsdigest find: {page.note}", file=sys.stderr)
            for hit in page.hits:
                out.write(json.dumps(dataclasses.asdict(hit), default=_json_default, ensure_ascii=False) + "\n")
        else:
            out.write(Renderer(settings.templates_dir).render_search(page, "text"))
        return 0

    return await with_db(settings, work)


async def cmd_digest(args: argparse.Namespace, settings: Settings, clock: Clock, out: TextIO) -> int:
    """Print (or write) the digest of what arrived in the window (``bot/cli_digest.py``)."""
    return await with_db(settings, lambda db: run_digest(args, db, settings, clock, out))


async def cmd_stats(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    """Print counts of what the database holds."""
    from bot.store.articles import counts

    async def work(db: Database) -> int:
        numbers = await counts(db)
        if args.json:
            out.write(json.dumps(numbers) + "\n")
        else:
            for key, value in numbers.items():
                out.write(f"{key.replace('_', ' ')}: {value if value is not None else '-'}\n")
        return 0

    return await with_db(settings, work)


async def cmd_demo(args: argparse.Namespace, settings: Settings, clock: Clock, out: TextIO) -> int:
    """Ingest the bundled examples into a temporary database, print a digest and a search."""
    if not EXAMPLES.is_dir():
        print(f"newsdigest demo: the bundled examples are missing ({EXAMPLES})", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="newsdigest-demo-") as tmp:
        drop = Path(tmp) / "drop"
        shutil.copytree(EXAMPLES, drop)
        demo = dataclasses.replace(
            settings, database_path=Path(tmp) / "demo.db", database_url=None, drop_folders=(drop,)
        )  # the demo never touches a configured PostgreSQL database
        count = sum(1 for p in drop.rglob("*") if p.is_file() and not is_ignored_name(p.name))
        out.write(f"== ingesting the bundled examples ({count} files)\n")
        ns = argparse.Namespace(targets=[str(drop)], archive=[])
        status = await cmd_ingest(ns, demo, clock, out)
        out.write("\n== today's digest (markdown)\n\n")
        status |= await cmd_digest(
            argparse.Namespace(since="24h", format="markdown", topic=None, out=None), demo, clock, out
        )
        out.write(f"\n== newsdigest find {args.query!r}\n\n")
        status |= await cmd_find(argparse.Namespace(query=args.query, limit=5, json=False), demo, clock, out)
    return status


def cmd_run(settings: Settings, clock: Clock) -> int:
    """Run the background jobs (and the Discord bot when DISCORD_TOKEN is set) in one process."""
    from bot.digest.render import Renderer
    from bot.runner import run_bot

    # A broken template in TEMPLATES_DIR is a configuration fault: said at start, not at the first daily post.
    Renderer(settings.templates_dir).check()
    return asyncio.run(run_bot(settings, clock=clock))


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of every subcommand."""
    parser = argparse.ArgumentParser(prog="newsdigest", description="A calm daily news digest for Discord.")
    parser.add_argument("--version", action="version", version=f"newsdigest {__version__}")
    parser.add_argument(
        "--db",
        metavar="PATH|URL",
        help="the SQLite file, or a postgresql:// URL (default: DATABASE_URL, else DATABASE_PATH or newsdigest.db)",
    )
    parser.add_argument(
        "--env-file", metavar="PATH", help="settings file to read, which must exist (default: .env, if there is one)"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug details")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser(
        "demo", help="ingest the bundled examples into a temporary database; print a digest and a search"
    )
    p.add_argument("--query", default=DEMO_QUERY, help=f"what the demo searches for (default: {DEMO_QUERY!r})")

    p = sub.add_parser(
        "ingest", help="read files, folders, feed files or feed URLs into the database (in place: nothing is moved)"
    )
    p.add_argument("targets", nargs="*", metavar="PATH_OR_URL")
    p.add_argument(
        "--archive",
        action="append",
        default=[],
        metavar="FOLDER",
        help="a drop folder: its files are archived or quarantined, as under `run` (repeatable)",
    )

    add_text_parsers(sub)

    # No -h: "-housing" is an exclusion, not -h with "ousing" (argparse reads a single dash as short options).
    p = sub.add_parser("find", help="search the archive", add_help=False)
    p.add_argument("--help", action="help", help="show this help message and exit")
    p.add_argument("query", nargs="*", help='words, "quoted phrases", OR, -word, word*; unquoted words make one search')
    p.add_argument("--limit", type=int, default=10, choices=range(1, 101), metavar="N")
    p.add_argument("--json", action="store_true")

    add_digest_parsers(sub)

    p = sub.add_parser("stats", help="counts of articles, stories, sources, feeds, deliveries")
    p.add_argument("--json", action="store_true")

    add_feeds_parser(sub)
    add_newsletter_parser(sub)
    add_schedule_parser(sub)
    add_db_parser(sub)
    sub.add_parser(
        "run", help="run feeds, drop folders, schedules and the newsletter; the Discord bot too if DISCORD_TOKEN is set"
    )
    return parser


def value_options(parser: argparse.ArgumentParser) -> set[str]:
    """Every option string, in the parser and its subcommands, that takes exactly one value (``--since``)."""
    found: set[str] = set()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                found |= value_options(sub)
        elif action.option_strings and action.nargs is None:
            found.update(s for s in action.option_strings if s.startswith("--"))
    return found


def join_dashed_values(argv: Sequence[str], options: set[str]) -> list[str]:
    """Join ``--since -1h`` into ``--since=-1h``, so the value reaches its own check (one line) as typed.

    argparse takes a value starting with "-" for an option and answers with its usage block ("expected one
    argument"): ``digest --since -1h`` and ``digest --topic -bridge`` were two lines saying nothing useful.
    """
    out: list[str] = []
    items = list(argv)
    index = 0
    while index < len(items):
        item = items[index]
        following = items[index + 1] if index + 1 < len(items) else None
        if item == "--":  # everything after is positional, as typed
            out.extend(items[index:])
            break
        dashed = following is not None and following.startswith("-") and not following.startswith("--")
        if item in options and dashed and following not in ("-h", "-v"):
            out.append(f"{item}={following}")
            index += 2
            continue
        out.append(item)
        index += 1
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return the exit status."""
    parser = build_parser()
    given = sys.argv[1:] if argv is None else argv
    args, extra = parser.parse_known_args(join_dashed_values(given, value_options(parser)))
    if args.command == "find":
        args.query = find_query(parser, args.query, extra)
    elif extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    try:
        settings = configure(args)
    except ConfigError as exc:
        print(f"newsdigest: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    # One-shot commands print their results; their logs would only clutter them unless asked for.
    level = settings.log_level if args.command == "run" else "WARNING"
    secrets = (settings.discord_token, settings.smtp_password, *url_passwords(settings.database_url))
    setup_logging("DEBUG" if args.verbose else level, secrets)
    clock = SystemClock()
    out = sys.stdout
    try:
        return dispatch(args, settings, clock, out)
    except ConfigError as exc:
        # A setting found wrong only when used (a broken template, a database path that cannot be opened).
        print(f"newsdigest {args.command}: {redact(str(exc))}", file=sys.stderr)
        return EXIT_CONFIG
    except NewsdigestError as exc:
        # Our messages may name a URL the user gave (a feed's, a webhook's): never with its password or token.
        print(f"newsdigest {args.command}: {redact(str(exc))}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("newsdigest: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:
        # The file system refused a path the user named (too long, no permission, ...): one line, never a
        # traceback; the traceback is in the log with --verbose.
        log.debug("%s failed", args.command, exc_info=exc)
        # A failed write (a full disk under --out or stdout) names no file: then the reason alone.
        name = f" {shown(str(exc.filename))[:120]}:" if exc.filename else ""
        print(f"newsdigest {args.command}:{name} {exc.strerror or exc}", file=sys.stderr)
        return 1


def configure(args: argparse.Namespace) -> Settings:
    """Load the settings the options name: ``--env-file`` must exist, ``--db`` is read as DATABASE_PATH is.

    Raises:
        ConfigError: naming the option or setting at fault (a setting's message starts with ``setting``).
    """
    env_file = Path(".env")
    if args.env_file is not None:
        env_file = Path(args.env_file)
        try:
            what = "is a folder" if env_file.is_dir() else None if env_file.exists() else "no such file"
        except OSError as exc:  # a name the file system refuses (too long, ...)
            what = f"cannot be read ({exc.strerror})"
        if what is not None:
            raise ConfigError("--env-file", f"{shown(args.env_file)[:200]}: {what}")
    try:
        settings = load_settings(env_file=env_file)
    except ConfigError as exc:
        raise ConfigError(f"setting {exc.setting}", exc.problem) from exc
    if args.db and is_database_url(args.db):
        settings = dataclasses.replace(settings, database_url=database_url("--db", args.db))
    elif args.db:
        settings = dataclasses.replace(settings, database_path=database_path("--db", args.db), database_url=None)
    return settings


def dispatch(args: argparse.Namespace, settings: Settings, clock: Clock, out: TextIO) -> int:
    """Run the chosen subcommand."""
    command = args.command
    if command == "parse":
        return cmd_parse(args, settings, clock, out)
    if command == "keypoints":
        return cmd_keypoints(args, settings, out, sys.stdin)
    if command == "run":
        return cmd_run(settings, clock)
    runners: dict[str, Callable[[], Coroutine[Any, Any, int]]] = {
        "demo": lambda: cmd_demo(args, settings, clock, out),
        "ingest": lambda: cmd_ingest(args, settings, clock, out),
        "find": lambda: cmd_find(args, settings, clock, out),
        "digest": lambda: cmd_digest(args, settings, clock, out),
        "explain": lambda: with_db(settings, lambda db: run_explain(args, db, settings, clock, out)),
        "stats": lambda: cmd_stats(args, settings, out),
        "feeds": lambda: with_db(settings, lambda db: run_feeds(args, db, settings, clock, out)),
        "newsletter": lambda: run_newsletter(args, settings, clock, out=out),
        "schedule": lambda: with_db(settings, lambda db: run_schedule(args, db, settings, clock, out)),
        "db": lambda: run_db(args, settings, clock, out),
    }
    return asyncio.run(runners[command]())
