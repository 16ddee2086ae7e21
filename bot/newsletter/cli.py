"""``newsdigest newsletter ...``: argparse wiring and plain-text output around :mod:`bot.newsletter.commands`."""

from __future__ import annotations

import argparse
import sys
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from bot.config import parse_window
from bot.errors import ConfigError, NewsdigestError
from bot.store.db import Database

if TYPE_CHECKING:  # the newsletter's and digest's modules are imported when a newsletter command runs
    from bot.clock import Clock
    from bot.config import Settings
    from bot.delivery.sink import DigestBuilder
    from bot.newsletter.records import SendReport


def _window(text: str | None) -> timedelta | None:
    """Read ``--since`` after parsing, so that a bad one is one line (argparse's errors are a usage block).

    Raises:
        ConfigError: naming --since and what is wrong with it.
    """
    if text is None:
        return None
    try:
        return parse_window(text)
    except ValueError as exc:
        raise ConfigError("--since", str(exc)) from None


def add_newsletter_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    """Add ``newsletter add|remove|list|send`` to the CLI's subparsers and return the new parser."""
    parser = subparsers.add_parser(
        "newsletter", help="manage and send the email newsletter", description="The digest by email."
    )
    actions = parser.add_subparsers(dest="newsletter_command", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="subscribe an address (or change its schedule)")
    add.add_argument("address", metavar="ADDRESS")
    add.add_argument("--time", metavar="HH:MM", help="send daily at this local time (else only on `send`)")
    add.add_argument("--timezone", metavar="ZONE", help="IANA zone of --time (default: the TIMEZONE setting)")
    add.add_argument("--topic", help="only stories about this topic")
    remove = actions.add_parser("remove", help="unsubscribe an address")
    remove.add_argument("address", metavar="ADDRESS")
    actions.add_parser("list", help="show the subscribers")
    send = actions.add_parser("send", help="send today's edition to everyone who has not had it")
    send.add_argument("--since", metavar="DURATION", help="window, e.g. 24h or 2d (default DIGEST_WINDOW)")
    send.add_argument("--dry-run", action="store_true", help="write .eml files instead of sending")
    send.add_argument("--out", type=Path, metavar="DIR", help="folder for --dry-run's .eml files")
    send.add_argument("--to", action="append", metavar="ADDRESS", help="only this subscriber (repeatable)")
    send.add_argument("--due", action="store_true", help="only subscribers whose daily time has come")
    return parser


def format_report(report: SendReport) -> list[str]:
    """Return one line per recipient and a summary line."""
    from bot.newsletter.records import Outcome

    lines = []
    for r in report.results:
        detail = f" ({r.detail})" if r.detail else ""
        where = f" -> {r.path}" if r.path else ""
        lines.append(f"{r.outcome.value:>12}  {r.address}  {r.slot}{where}{detail}")
    summary = ", ".join(f"{report.count(o)} {o.value}" for o in Outcome if report.count(o))
    lines.append(summary or "no subscribers: add one with `newsdigest newsletter add ADDRESS`")
    return lines


async def run_newsletter(
    args: argparse.Namespace,
    settings: Settings,
    clock: Clock,
    *,
    out: TextIO | None = None,
    err: TextIO | None = None,
    digest_builder: DigestBuilder | None = None,
) -> int:
    """Run the parsed ``newsletter`` command and return the exit status (1 when something failed).

    ``digest_builder`` is :func:`bot.digest.select.build_digest` unless given.
    """
    if digest_builder is None:
        from bot.digest.select import build_digest

        digest_builder = build_digest
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        db = await Database.open(settings.database)
    except NewsdigestError as exc:
        err.write(f"newsdigest newsletter: {exc}\n")
        return 1
    try:
        return await _run(args, db, settings, clock, out, digest_builder)
    except NewsdigestError as exc:
        err.write(f"newsdigest newsletter: {exc}\n")
        return 1
    finally:
        await db.close()


async def _run(
    args: argparse.Namespace, db: Database, settings: Settings, clock: Clock, out: TextIO, build: DigestBuilder
) -> int:
    from bot.newsletter import commands

    action = args.newsletter_command
    if action == "add":
        added = await commands.add(
            db, settings, clock, args.address, at=args.time, timezone=args.timezone, topic=args.topic
        )
        r = added.recipient
        when = f"daily at {r.time} {r.timezone or settings.timezone}" if r.time else "on `newsletter send` only"
        out.write(f"{'added' if added.new else 'updated'} {r.address}: {when}\n")
        return 0
    if action == "remove":
        out.write(f"removed {await commands.remove(db, args.address)}\n")
        return 0
    if action == "list":
        recipients = await commands.list_all(db)
        for r in recipients:
            when = f"{r.time} {r.timezone or settings.timezone}" if r.time else "manual"
            topic = f"  topic: {r.topic}" if r.topic else ""
            out.write(f"{r.address}  {when}{topic}\n")
        out.write(f"{len(recipients)} subscriber{'s' if len(recipients) != 1 else ''}\n")
        return 0
    report = await commands.send(
        db,
        settings,
        clock,
        since=_window(args.since),
        dry_run=args.dry_run,
        out_dir=args.out,
        addresses=args.to,
        due_only=args.due,
        digest_builder=build,
    )
    for line in format_report(report):
        out.write(line + "\n")
    return 0 if report.ok else 1
