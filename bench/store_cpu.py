"""The store's instructions alone: drop files parsed first, then stored in batches of 200, each inside operator.call.

    valgrind --tool=callgrind --collect-atstart=no --toggle-collect=_operator_call \\
        python -m bench.store_cpu FOLDER [BATCH]

counts only the store (``bot.ingest.storebatch._store_all`` on the database thread: dedup, story lookup, the
inserts and both text indexes). Prints the articles stored and a digest of every row of articles, stories,
entry_keys and both FTS5 tables, to compare two trees.
"""

import asyncio
import hashlib
import operator
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from bot.clock import ManualClock
from bot.ingest.batchrun import _prepare
from bot.ingest.reading import Job, read_and_parse
from bot.ingest.storebatch import Parsed, _store_all
from bot.models import Source
from bot.store.db import Database


async def main(paths: list[Path], batch: int) -> None:
    now = datetime(2026, 12, 7, 12, tzinfo=UTC)
    clock = ManualClock(now)
    d = Path(tempfile.mkdtemp())
    db = await Database.open(d / "x.db")
    sources: dict[tuple[str, str], Source] = {}
    parsed: list[Parsed] = []
    for p in paths:
        job = Job(None, None, p, moves=False)
        out = read_and_parse(job, now, 5)
        prepared = await _prepare(db, job, out, clock=clock, sources=sources)
        assert isinstance(prepared, Parsed), p
        parsed.append(prepared)
    n = sum(len(p.records) for p in parsed)
    reports = []
    for start in range(0, len(parsed), batch):
        files = parsed[start : start + batch]
        reports += await db.write(lambda conn, files=files: operator.call(_store_all, conn, files, clock, 0))
    new = sum(r.new for r in reports)
    print("articles", n, "new", new, "dup", sum(r.duplicate for r in reports))
    h = hashlib.sha256()
    for table in ("articles", "stories", "entry_keys", "titles_fts", "articles_fts"):
        order = "1, 2" if table == "entry_keys" else "rowid"
        cols = "*" if table == "entry_keys" else "rowid, *"
        rows = await db.fetchall(f"SELECT {cols} FROM {table} ORDER BY {order}")  # noqa: S608 - constants
        for r in rows:
            h.update(repr(tuple(r)).encode())
    print("digest", h.hexdigest())
    await db.close()


if __name__ == "__main__":
    asyncio.run(main(sorted(Path(sys.argv[1]).iterdir()), int(sys.argv[2]) if len(sys.argv) > 2 else 200))
