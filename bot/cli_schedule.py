"""``newsdigest schedule add|list|preview|remove``: daily digests to Discord and Slack webhooks, every schedule's state.

A webhook URL carries its token: it is checked (https, the service's URL shape) before it is stored, and is
only ever shown masked.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from typing import TYPE_CHECKING, TextIO
from zoneinfo import ZoneInfo

from bot.cli_digest import add_filter_options, filter_from_args, schedule_id
from bot.config import find_zone, parse_hhmm
from bot.errors import NewsdigestError
from bot.store.records import ChannelSchedule, Schedule, WebhookSchedule, WebhookTarget

if TYPE_CHECKING:  # the digest's and webhooks' modules are imported where a command runs, not at start-up
    from bot.clock import Clock
    from bot.config import Settings
    from bot.store.db import Database


class ScheduleError(NewsdigestError):
    """A schedule command cannot do what was asked; the message says what to change."""


def add_schedule_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    """Add ``schedule add|list|remove`` to the CLI."""
    parser = subparsers.add_parser(
        "schedule",
        help="daily digests to Discord and Slack webhooks; list every schedule",
        description="Daily digests at a local time: to a Discord webhook or a Slack incoming webhook (no bot "
        "needed), posted while `newsdigest run` runs. Discord channel schedules are set with /schedule.",
    )
    actions = parser.add_subparsers(dest="schedule_command", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="post the digest daily to a webhook (or change that webhook's time)")
    add.add_argument("--time", required=True, metavar="HH:MM", help="local time of the daily post, e.g. 07:30")
    add.add_argument("--timezone", metavar="ZONE", help="IANA zone of --time (default: the TIMEZONE setting)")
    where = add.add_mutually_exclusive_group(required=True)
    where.add_argument("--webhook", metavar="URL", help="a Discord webhook URL (https://discord.com/api/webhooks/...)")
    where.add_argument("--slack", metavar="URL", help="a Slack incoming webhook URL (https://hooks.slack.com/...)")
    add_filter_options(add)
    add.add_argument(
        "--ping-role",
        type=int,
        metavar="ROLE_ID",
        help="with --webhook: mention this role (its id) when the post has a story; nobody else is ever pinged",
    )
    actions.add_parser("list", help="every schedule with its next run, last delivery and last error")
    preview = actions.add_parser(
        "preview", help="the next post of a schedule exactly as it would go out now (JSON bodies; nothing is sent)"
    )
    preview.add_argument("id", type=schedule_id, metavar="ID", help="the number `schedule list` shows")
    remove = actions.add_parser("remove", help="delete a schedule (its delivery records stay)")
    remove.add_argument("id", type=schedule_id, metavar="ID", help="the number `schedule list` shows")
    return parser


async def run_schedule(args: argparse.Namespace, db: Database, settings: Settings, clock: Clock, out: TextIO) -> int:
    """Run the parsed ``schedule`` command; our errors propagate to the CLI's one-line handler."""
    action = args.schedule_command
    if action == "add":
        return await _add(args, db, settings, clock, out)
    if action == "list":
        return await _list(db, clock, out)
    if action == "preview":
        return await _preview(args.id, db, settings, clock, out)
    return await _remove(args.id, db, out)


async def _add(args: argparse.Namespace, db: Database, settings: Settings, clock: Clock, out: TextIO) -> int:
    from bot.digest.filters import FilterError, describe
    from bot.digest.select import filter_warning
    from bot.scheduling import next_slot
    from bot.store import schedules
    from bot.webhooks.urls import validate_webhook_url

    try:
        hhmm = parse_hhmm(args.time)
    except ValueError as exc:
        raise ScheduleError(f"--time: {exc}") from None
    zone_name = (args.timezone or settings.timezone).strip()
    zone = find_zone(zone_name)
    if zone is None:
        raise ScheduleError(f"--timezone: {zone_name[:60]!r} is not an IANA time zone such as Europe/Berlin")
    target, raw = (WebhookTarget.DISCORD, args.webhook) if args.webhook else (WebhookTarget.SLACK, args.slack)
    url = validate_webhook_url(target, raw)  # InvalidWebhookUrlError says what a right URL looks like
    ping = args.ping_role
    if ping is not None and (target is not WebhookTarget.DISCORD or not 1 <= ping < 2**63):
        raise ScheduleError("--ping-role: give a Discord role id (a number), with --webhook only")
    try:
        filt = filter_from_args(args)
    except FilterError as exc:
        raise ScheduleError(f"--{exc.option.replace('_', '-')}: {exc.problem}") from None
    now = clock.now()
    schedule, new = await schedules.set_webhook_schedule(
        db,
        target=target,
        url=url,
        time=hhmm,
        timezone=zone_name,
        topic=filt.topic,
        now=now,
        exclude=filt.exclude,
        sources=filt.sources,
        max_stories=args.max_stories,
        ping_role_id=ping,
    )
    out.write(
        f"schedule {schedule.id} {'added' if new else 'updated'}: every day at {hhmm} {zone_name}"
        f" to {_describe(schedule)}; {describe(schedule.filter)}\n"
        f"next post: {_when(next_slot(hhmm, zone, now).at, zone)} (while `newsdigest run` runs)\n"
    )
    warning = await filter_warning(db, filt, now)
    if warning:
        sys.stderr.write(f"newsdigest schedule add: warning: {warning}\n")
    return 0


async def _preview(schedule_id: int, db: Database, settings: Settings, clock: Clock, out: TextIO) -> int:
    # Imported here: it brings discord.py, which every other command (`ingest` most of all) would pay at start-up.
    from bot.delivery.preview import next_post, payloads, target_of
    from bot.digest.filters import describe
    from bot.digest.render import Renderer
    from bot.store import schedules

    schedule = await schedules.get_any_schedule(db, schedule_id)
    if schedule is None:
        raise ScheduleError(f"there is no schedule {schedule_id}; `newsdigest schedule list` shows them")
    target = target_of(schedule)
    upcoming = await next_post(db, settings, clock, target)
    digest = upcoming.digest
    more = f" (and {digest.more} more over max_stories)" if digest.more else ""
    sys.stderr.write(
        f"schedule {schedule.id} to {_describe(schedule)}, {describe(schedule.filter)}:"
        f" {len(digest.items)} stories{more} from {_when(digest.since, ZoneInfo('UTC'))}"
        f" to {_when(digest.until, ZoneInfo('UTC'))}\n"
    )
    if not upcoming.posts:
        sys.stderr.write("nothing would be posted now: no story in the window passes the filter\n")
        out.write("[]\n")
        return 0
    bodies = payloads(schedule, target, digest, Renderer(settings.templates_dir))
    out.write(json.dumps(bodies, ensure_ascii=False, indent=2) + "\n")
    return 0


async def _list(db: Database, clock: Clock, out: TextIO) -> int:
    from bot.digest.filters import describe
    from bot.scheduling import next_slot
    from bot.store import deliveries, schedules

    found: list[Schedule] = [
        *await schedules.list_schedules(db),
        *await schedules.list_webhook_schedules(db),
    ]
    if not found:
        out.write(
            "no schedules yet: add one with `newsdigest schedule add --time 07:30 --webhook URL`"
            " (or /schedule set in Discord)\n"
        )
        return 0
    now = clock.now()
    for schedule in sorted(found, key=lambda s: s.id):
        zone = find_zone(schedule.timezone) or ZoneInfo("UTC")
        out.write(f"{schedule.id:>4}  {_describe(schedule)}\n")
        extras = ""
        if isinstance(schedule, ChannelSchedule) and schedule.thread:
            extras += "; in a thread (a forum post in a forum)"
        if schedule.ping_role_id is not None:
            extras += f"; pings role {schedule.ping_role_id}"
        out.write(f"      daily at {schedule.time} {schedule.timezone}; {describe(schedule.filter)}{extras}\n")
        upcoming = _when(next_slot(schedule.time, zone, now).at, zone) if schedule.enabled else "off"
        out.write(f"      next: {upcoming}\n")
        last = await deliveries.last_delivery(db, schedule.id)
        if last is None:
            out.write("      last: none yet\n")
        else:
            why = f" ({last.error})" if last.error and last.status.value != "sent" else ""
            out.write(f"      last: {last.slot} {last.status.value}{why}\n")
        if schedule.last_error:
            out.write(f"      error: {schedule.last_error}\n")
    return 0


async def _remove(schedule_id: int, db: Database, out: TextIO) -> int:
    from bot.store import schedules

    schedule = await schedules.get_any_schedule(db, schedule_id)
    if schedule is None or not await schedules.remove_schedule(db, schedule_id):
        raise ScheduleError(f"there is no schedule {schedule_id}; `newsdigest schedule list` shows them")
    out.write(f"removed schedule {schedule_id} ({_describe(schedule)})\n")
    return 0


_SERVICES = {WebhookTarget.DISCORD.value: "Discord webhook", WebhookTarget.SLACK.value: "Slack webhook"}


def _describe(schedule: Schedule) -> str:
    from bot.webhooks.urls import mask_webhook_url

    if isinstance(schedule, WebhookSchedule):
        service = _SERVICES.get(schedule.target, schedule.target)  # a sink added later shows its own name
        return f"{service} {mask_webhook_url(schedule.url)}"
    return f"Discord channel {schedule.channel_id}"


def _when(moment: datetime, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M %Z")
