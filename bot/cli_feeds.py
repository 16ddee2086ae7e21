"""``newsdigest feeds ...``: the same feed management as /feeds in Discord, from the command line."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import TextIO

from bot.clock import Clock
from bot.config import Settings
from bot.config_values import snowflake
from bot.errors import ConfigError
from bot.logs import redact
from bot.store.db import ROW_ID_MAX, Database


def channel_id(text: str) -> int:
    """The argparse type of a Discord channel's id: as the settings read one, and within the 64-bit row range.

    Raises:
        argparse.ArgumentTypeError: for anything else ("-3" was stored; twenty digits were a traceback).
    """
    try:
        value = snowflake("--channel", text)
    except ConfigError as exc:
        raise argparse.ArgumentTypeError(exc.problem) from None
    if value > ROW_ID_MAX:
        raise argparse.ArgumentTypeError(f"{text.strip()[:30]} is larger than any Discord id")
    return value


def add_feeds_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    """Add ``feeds list|add|remove|resume|rename|full-text|import|export`` to the CLI."""
    parser = subparsers.add_parser("feeds", help="subscribe to, inspect and manage feeds")
    actions = parser.add_subparsers(dest="feeds_command", metavar="ACTION", required=True)
    actions.add_parser("list", help="every feed with its state: last success, last error, next poll")
    add = actions.add_parser("add", help="subscribe (a site's address works too); its current entries are not posted")
    add.add_argument("url")
    add.add_argument("--channel", type=channel_id, metavar="ID", help="Discord channel told about failures")
    add.add_argument("--full-text", action="store_true", help="fetch each article's page for teaser-only feeds")
    for name, text in (("remove", "unsubscribe (stories stay searchable)"), ("resume", "resume a paused feed")):
        p = actions.add_parser(name, help=text)
        p.add_argument("ref", metavar="ID|URL")
    rename = actions.add_parser("rename", help="give a feed a display name")
    rename.add_argument("ref", metavar="ID|URL")
    rename.add_argument("title")
    full = actions.add_parser("full-text", help="turn full-text fetching on or off")
    full.add_argument("ref", metavar="ID|URL")
    full.add_argument("state", choices=("on", "off"))
    imp = actions.add_parser("import", help="subscribe to every feed of an OPML file")
    imp.add_argument("file", type=Path)
    exp = actions.add_parser("export", help="write the feeds as OPML")
    exp.add_argument("--out", type=Path, metavar="FILE", help="write to FILE instead of standard output")
    exp.add_argument(
        "--with-passwords",
        action="store_true",
        help="keep the passwords of feed URLs (https://user:password@...); by default they are written [redacted]",
    )
    return parser


async def run_feeds(args: argparse.Namespace, db: Database, settings: Settings, clock: Clock, out: TextIO) -> int:
    """Run the parsed ``feeds`` command; our errors propagate to the CLI's one-line handler."""
    # Here, not at the top: every command builds the parser from this module, and aiohttp (through the
    # fetcher) is a fifth of a second of start-up that `newsdigest ingest` of files never needs.
    from bot.ingest import feedcmds
    from bot.ingest.opml import read_opml_file
    from bot.ingest.subscribe import add_feed_and_backfill

    action = args.feeds_command
    if action == "list":
        statuses = await feedcmds.list_feed_status(db, now=clock.now())
        if not statuses:
            out.write("no feeds yet: add one with `newsdigest feeds add URL`\n")
        for status in statuses:
            feed = status.feed
            out.write(f"{feed.id:>4}  {feed.title or '(untitled)'}\n      {feed.shown_url}\n      {status.state}\n")
        return 0
    if action == "add":
        feed, report = await add_feed_and_backfill(
            db, args.url, settings=settings, clock=clock, channel_id=args.channel, full_text=args.full_text
        )
        out.write(f"subscribed to {feed.name} (id {feed.id}); {report.new} current entries stored, not posted\n")
        return 0
    if action == "remove":
        feed = await feedcmds.remove_feed(db, args.ref)
        out.write(f"unsubscribed from {feed.name}; its stories stay searchable\n")
        return 0
    if action == "resume":
        feed = await feedcmds.resume_feed(db, args.ref, now=clock.now())
        out.write(f"resumed {feed.name}\n")
        return 0
    if action == "rename":
        feed = await feedcmds.rename_feed(db, args.ref, args.title)
        out.write(f"renamed feed {feed.id} to {feed.title}\n")
        return 0
    if action == "full-text":
        feed = await feedcmds.set_full_text(db, args.ref, args.state == "on")
        out.write(f"full text {'on' if feed.full_text else 'off'} for {feed.name}\n")
        return 0
    if action == "import":
        data = await asyncio.to_thread(read_opml_file, args.file)
        result = await feedcmds.import_opml(db, data, settings=settings, clock=clock, guild_id=None, channel_id=None)
        for feed, report in result.added:
            out.write(f"added {feed.name} ({report.new} current entries stored, not posted)\n")
        for url, reason in result.skipped:
            out.write(f"skipped {redact(url)}: {redact(reason)}\n")
        out.write(f"{len(result.added)} added, {len(result.skipped)} skipped\n")
        return 0
    export = await feedcmds.export_feeds(db, now=clock.now(), passwords=args.with_passwords)
    if args.out:
        await asyncio.to_thread(args.out.write_text, export.text, encoding="utf-8")
        out.write(f"wrote {args.out}\n")
    else:
        out.write(export.text)
    if export.hidden_passwords:
        sys.stderr.write(
            f"newsdigest feeds: {export.hidden_passwords} feed URL(s) hold a password, written [redacted];"
            " --with-passwords keeps them\n"
        )
    return 0
