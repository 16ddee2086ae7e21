"""``newsdigest digest`` and ``newsdigest explain``: a digest with filters, and why an article is (not) in it."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from bot.config import parse_window
from bot.digest.formats import DIGEST_FORMATS
from bot.models import MAX_STORIES_LIMIT
from bot.store.db import row_id

if TYPE_CHECKING:  # the digest's modules (jinja2 among them) are imported where a command runs, not at start-up
    from bot.clock import Clock
    from bot.config import Settings
    from bot.digest.explain import Explanation
    from bot.models import DigestFilter
    from bot.store import lookup
    from bot.store.db import Database
    from bot.store.records import Schedule

EXIT_USAGE = 2


def schedule_id(text: str) -> int:
    """The argparse type of a schedule's number: a row id (see :func:`bot.store.db.row_id`).

    Raises:
        argparse.ArgumentTypeError: for anything else ("abc", "0", "²", twenty digits).
    """
    value = row_id(text)
    if value is None:
        raise argparse.ArgumentTypeError(f"{text[:30]!r} is not a schedule's number (`schedule list` shows them)")
    return value


def _err(line: str) -> None:
    sys.stderr.write(line + "\n")


def add_filter_options(parser: argparse.ArgumentParser) -> None:
    """Add the filter options shared by ``digest`` and ``explain`` (and, later, ``schedule add``)."""
    parser.add_argument("--topic", default=None, help='only stories matching this search, e.g. "tram OR metro"')
    parser.add_argument("--exclude", default=None, help='leave out stories holding any of these words or "phrases"')
    parser.add_argument(
        "--source",
        action="append",
        default=[],
        metavar="NAME",
        help="only stories from this source (its whole name, any case); repeat for several",
    )
    parser.add_argument(
        "--max-stories",
        type=int,
        default=None,
        metavar="N",
        help=f"stories shown at most (1-{MAX_STORIES_LIMIT}, default 10); the rest are counted in one line",
    )


def _add_since(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--since", default=None, help="window, e.g. 24h, 90m, 7d (default: DIGEST_WINDOW, 24h)")


def add_digest_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``digest`` and ``explain`` subcommands."""
    p = sub.add_parser("digest", help="print the digest of what arrived recently")
    p.add_argument("--format", choices=DIGEST_FORMATS, default="markdown")
    _add_since(p)
    add_filter_options(p)
    p.add_argument("--out", metavar="FILE", help="write to FILE instead of standard output")

    p = sub.add_parser("explain", help="say whether an article is in the digest, and why not")
    p.add_argument("article", metavar="ARTICLE_ID_OR_URL")
    _add_since(p)
    add_filter_options(p)
    p.add_argument(
        "--schedule",
        type=schedule_id,
        metavar="ID",
        help="explain against this schedule (`schedule list` shows ids): its filter, its post's window, and where"
        " and when the article was posted",
    )
    p.add_argument("--json", action="store_true", help="one JSON object: verdict and findings")


def filter_from_args(args: argparse.Namespace) -> DigestFilter:
    """Return the filter the options ask for.

    Raises:
        FilterError: naming the option that cannot be used.
    """
    from bot.digest.filters import digest_filter

    return digest_filter(
        topic=getattr(args, "topic", None),
        exclude=getattr(args, "exclude", None),
        sources=getattr(args, "source", None) or (),
        max_stories=getattr(args, "max_stories", None),
    )


def _options(command: str, args: argparse.Namespace, settings: Settings) -> tuple[timedelta, DigestFilter] | None:
    """Read the window and the filter, or say what is wrong on stderr and return None."""
    from bot.digest.filters import FilterError

    try:
        window = parse_window(args.since) if args.since is not None else settings.digest_window
    except ValueError as exc:
        _err(f"newsdigest {command}: --since: {exc}")
        return None
    try:
        return window, filter_from_args(args)
    except FilterError as exc:
        _err(f"newsdigest {command}: --{exc.option.replace('_', '-')}: {exc.problem}")
        return None


async def run_digest(args: argparse.Namespace, db: Database, settings: Settings, clock: Clock, out: TextIO) -> int:
    """Print (or write) the digest of what arrived in the window; warn when the filter keeps nothing lately."""
    from bot.digest.render import Renderer
    from bot.digest.select import filter_warning, select_window

    options = _options("digest", args, settings)
    if options is None:
        return EXIT_USAGE
    window, filt = options
    now = clock.now()
    warning = await filter_warning(db, filt, now)
    if warning:
        _err(f"newsdigest digest: warning: {warning}")
    digest = (await select_window(db, now - window, now, filt)).digest()
    text = Renderer(settings.templates_dir).render(digest, args.format)
    if args.out:
        await asyncio.to_thread(Path(args.out).write_text, text, encoding="utf-8")
        more = f" (and {digest.more} more over --max-stories)" if digest.more else ""
        out.write(f"wrote {len(digest.items)} stories to {args.out}{more}\n")
    else:
        out.write(text if text.endswith("\n") else text + "\n")
    return 0


async def _explain_schedule(
    db: Database, settings: Settings, now: datetime, schedule: Schedule, found: lookup.Found
) -> Explanation:
    """Explain the article against the schedule's filter and post window, with where and when it was posted."""
    from bot.delivery.explain import post_findings, schedule_window, with_posts
    from bot.digest.explain import explain, gather
    from bot.store import deliveries, lookup, schedules

    stored = found.article
    story = await lookup.story_articles(db, stored.story_id)
    story_ids = {a.id for a in story} | {stored.id}
    carried = await deliveries.posts_carrying(db, story_ids)
    window = await schedule_window(
        db, schedule, stored.arrived_at, carried, now=now, digest_window=settings.digest_window
    )
    facts = await gather(db, str(stored.id), since=window.since, until=window.until, filt=schedule.filter)
    assert facts is not None  # noqa: S101 - the article was found by its id
    every: list[Schedule] = [*await schedules.list_schedules(db), *await schedules.list_webhook_schedules(db)]
    by_id = {s.id: s for s in every}
    posted, findings = post_findings(stored.id, story_ids, carried, by_id, schedule, window)
    return with_posts(explain(facts), posted, findings, window)


def explanation_json(result: Explanation) -> str:
    """Return the ``explain --json`` object."""
    return json.dumps(
        {
            "article_id": result.article_id,
            "in_digest": result.in_digest,
            "verdict": result.verdict,
            "findings": [{"kind": f.kind, "text": f.text} for f in result.findings],
        },
        ensure_ascii=False,
    )


async def run_explain(args: argparse.Namespace, db: Database, settings: Settings, clock: Clock, out: TextIO) -> int:
    """Say whether an article is in the store and in the digest of the window, and if not, why."""
    from bot.digest.explain import explain, gather
    from bot.store import lookup, schedules

    options = _options("explain", args, settings)
    if options is None:
        return EXIT_USAGE
    window, filt = options
    now = clock.now()
    schedule = None
    if args.schedule is not None:
        schedule = await schedules.get_any_schedule(db, args.schedule)
        if schedule is None:
            _err(f"newsdigest explain: --schedule: there is no schedule {args.schedule}; `schedule list` shows them")
            return EXIT_USAGE
    found = await lookup.find_article(db, args.article)
    if found is None:
        wanted = args.article.strip()[:200]
        what = f"id {wanted}" if wanted.isdigit() else f"the link {wanted}"
        _err(f"newsdigest explain: no stored article has {what}")
        return 1
    if schedule is None:
        facts = await gather(db, args.article, since=now - window, until=now, filt=filt)
        assert facts is not None  # noqa: S101 - found just above
        result = explain(facts)
    else:
        result = await _explain_schedule(db, settings, now, schedule, found)
    if args.json:
        out.write(explanation_json(result) + "\n")
    else:
        out.write(f"Article {result.article_id}: {result.verdict}\n")
        out.writelines(f"- {finding.text}\n" for finding in result.findings)
    return 0
