"""The commands that read text without a database: ``parse`` (files to articles) and ``keypoints`` (JSON lines)."""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import logging
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any, TextIO

from bot.clock import Clock
from bot.config import Settings
from bot.ingest.dropfolder import MAX_FILE_BYTES
from bot.ingest.faults import describe
from bot.ingest.textsafe import valid_unicode
from bot.models import Article

log = logging.getLogger(__name__)


def add_text_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``parse`` and ``keypoints`` subcommands."""
    p = sub.add_parser("parse", help="parse files without storing them")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--json", action="store_true", help="one JSON object per line per article")
    p.add_argument("--count", type=int, choices=range(1, 11), metavar="N", help="key points per article")

    p = sub.add_parser("keypoints", help='read {"id","text","title"} JSON lines on stdin, write key points')
    p.add_argument("--count", type=int, choices=range(1, 11), metavar="N", help="key points per text (default 3)")


def article_json(path: str, article: Article) -> dict[str, Any]:
    """Return the ``parse --json`` record of one article."""
    return {
        "path": path,
        "title": article.title,
        "published": article.published.isoformat() if article.published else None,
        "dateline": article.dateline,
        "author": article.author,
        "url": article.url,
        "body": article.text,
        "key_points": list(article.key_points),
    }


def cmd_parse(args: argparse.Namespace, settings: Settings, clock: Clock, out: TextIO) -> int:
    """Parse files without storing them; one JSON line per article.

    Files and folders are read exactly as ``ingest`` reads them in place (the drop-folder rules: no links
    inside a folder, no FIFOs or devices, a size cap), without waiting for files to settle.
    """
    from bot.ingest.pipeline import plan_jobs
    from bot.ingest.reading import read_and_parse

    now = clock.now()
    key_points = args.count or settings.key_points
    unsettled = dataclasses.replace(settings, drop_settle=timedelta(0))
    report, jobs = asyncio.run(
        plan_jobs([Path(p) for p in args.paths], settings=unsettled, clock=clock, settle_rounds=0, archive=False)
    )
    for problem in report.problems:
        print(valid_unicode(f"newsdigest parse: {problem}"), file=sys.stderr)
    failed = report.failed + report.quarantined
    for job in jobs:
        outcome = read_and_parse(job, now, key_points)
        if not isinstance(outcome, tuple):  # one file's fault, whatever it is, must not stop the others
            failed += 1
            _report_failure(out, job.shown, outcome.reason, as_json=args.json)
            continue
        for article in outcome[2]:
            record = article_json(job.shown, article)
            text = json.dumps(record, ensure_ascii=False) + "\n" if args.json else _describe(record)
            out.write(valid_unicode(text))
    return 1 if failed else 0


def _report_failure(out: TextIO, path: str, reason: str, *, as_json: bool) -> None:
    """Write one file's failure as ``{path, error}`` (JSON) or an ``error:`` block (text)."""
    if as_json:
        out.write(valid_unicode(json.dumps({"path": path, "error": reason}, ensure_ascii=False) + "\n"))
    else:
        out.write(valid_unicode(f"! {path}\nerror: {reason}\n\n"))


def _describe(record: dict[str, Any]) -> str:
    lines = [f"# {record['title']}", f"path: {record['path']}"]
    for key in ("published", "dateline", "author", "url"):
        if record[key]:
            lines.append(f"{key}: {record[key]}")
    lines += ["key points:", *(f"  - {k}" for k in record["key_points"]), "", record["body"], "", ""]
    return "\n".join(lines)


def _lines(stdin: TextIO, limit: int = MAX_FILE_BYTES) -> Iterator[str | None]:
    """Yield the input's lines as text; bytes that are not UTF-8 become U+FFFD instead of stopping the run.

    A line longer than ``limit`` bytes is not JSON lines of articles (``keypoints < /dev/zero`` filled the
    memory): it yields None, and reading stops there, since such a stream may have no next line at all.
    """
    raw = getattr(stdin, "buffer", None)
    if raw is None:
        yield from stdin
        return
    while line := raw.readline(limit + 1):
        if len(line) > limit and not line.endswith(b"\n"):
            yield None
            return
        yield line.decode("utf-8", "replace")


def cmd_keypoints(args: argparse.Namespace, settings: Settings, out: TextIO, stdin: TextIO) -> int:
    """Read ``{"id", "text", "title"}`` JSON lines and write ``{"id", "key_points"}`` lines."""
    from bot.text.keypoints import key_points

    count = args.count or settings.key_points
    failed = 0
    for number, line in enumerate(_lines(stdin), 1):
        if line is not None and not line.strip():
            continue
        item: object = None
        try:
            if line is None:
                raise ValueError(f"longer than {MAX_FILE_BYTES} bytes; the rest of the input is not read")
            item = json.loads(line)
            if not isinstance(item, dict) or not isinstance(item.get("text"), str):
                raise ValueError("expected an object with a string 'text'")
            title = item.get("title")
            paragraphs = [p for p in item["text"].split("\n\n") if p.strip()]
            points = key_points(paragraphs, title if isinstance(title, str) else None, count)
        except Exception as exc:  # one line's fault, whatever it is, must not stop the others
            failed += 1
            if not isinstance(exc, ValueError):
                log.debug("key points of line %d failed unexpectedly", number, exc_info=exc)
            # Not one of ours: a bug met on this input, said plainly; the log holds the traceback (-v).
            reason = valid_unicode(str(exc)) if isinstance(exc, ValueError) else f"internal error ({describe(exc)})"
            print(valid_unicode(f"newsdigest keypoints: line {number}: {reason}"), file=sys.stderr)
            ident = item.get("id") if isinstance(item, dict) else None
            out.write(
                valid_unicode(json.dumps({"line": number, "id": ident, "error": reason}, ensure_ascii=False)) + "\n"
            )
            continue
        out.write(valid_unicode(json.dumps({"id": item.get("id"), "key_points": points}, ensure_ascii=False)) + "\n")
        out.flush()
    return 1 if failed else 0
