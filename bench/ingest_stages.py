"""Where the ingest time goes: each stage of one drop file, timed on its own (milliseconds per file).

    python -m bench.ingest_stages            # 300 pasted .txt files from the synthetic corpus
    python -m bench.ingest_stages --files 1000

Stages: decode, the binary check, the pasted-text reader, key points, the fingerprint, the whole parser,
the store (``add_article`` into an empty database and into one of 10,000 articles, one transaction per
article), and the pipeline in-process on a drop folder into a 10k-article database (read, parse, store in
batched transactions, archive): minus the parser's line, that is the store and pipeline overhead per file.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.corpus import Corpus
from bench.loader import bulk_load


def timed(label: str, func: Callable[[Any], Any], items: list[Any]) -> list[Any]:
    """Run ``func`` over ``items``; print ms per item; return the results."""
    start = time.perf_counter()
    out = [func(x) for x in items]
    print(f"  {label:34s} {(time.perf_counter() - start) / len(items) * 1000:7.2f} ms per file")
    return out


async def store(path: Path, articles: list[Any], now: datetime) -> float:
    """Store articles one transaction each, as the pipeline does; return ms per article."""
    from bot.models import SourceKind
    from bot.store.articles import add_article, get_or_create_source
    from bot.store.db import Database

    db = await Database.open(path)
    try:
        source = await get_or_create_source(db, SourceKind.FOLDER, "drop", "/drop", now)
        start = time.perf_counter()
        for number, article in enumerate(articles):
            await get_or_create_source(db, SourceKind.FOLDER, "drop", "/drop", now)
            await add_article(db, source, article, now, [f"file:{number}"])
        return (time.perf_counter() - start) / len(articles) * 1000
    finally:
        await db.close()


async def pipeline(db_path: Path, drop: Path, count: int, now: datetime) -> tuple[float, float]:
    """Ingest a drop folder with the real pipeline (batched commits, archive after commit); return ms per file.

    Both wall time and the process's CPU time (every thread), the latter less disturbed by a busy machine.
    """
    from bot.clock import ManualClock
    from bot.config import Settings
    from bot.ingest.pipeline import ingest_paths
    from bot.store.db import Database

    db = await Database.open(db_path)
    try:
        start, cpu = time.perf_counter(), time.process_time()
        report = await ingest_paths(db, [drop], settings=Settings(database_path=db_path), clock=ManualClock(now))
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
        if report.new != count:
            print(f"  (pipeline stored {report.new} of {count} files: {report.problems[:3]})")
        return elapsed / count * 1000, cpu / count * 1000
    finally:
        await db.close()


def main() -> int:
    """Print the per-stage times."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=300)
    args = parser.parse_args()
    from bot.ingest.formats import parse_retrieved
    from bot.ingest.formats.decode import decode_text
    from bot.ingest.formats.text import _control_share
    from bot.models import Retrieved
    from bot.text.keypoints import key_points
    from bot.text.pasted import read_pasted
    from bot.text.similarity import fingerprint

    now = datetime(2025, 10, 17, 12, tzinfo=UTC)
    with tempfile.TemporaryDirectory(prefix="nd-stages-") as tmp:
        folder = Path(tmp)
        paths = Corpus(5, days=args.files / 200).write_drop_files(folder / "drop", args.files, mix=(1.0, 0.0, 0.0))
        data = [p.read_bytes() for p in paths]
        print(f"{len(paths)} pasted .txt files, {sum(map(len, data)) / len(data) / 1024:.1f} KiB on average")
        texts = timed("decode_text", lambda d: decode_text(d, None), data)
        timed("formats.text._control_share", _control_share, texts)
        readings = timed("text.pasted.read_pasted", lambda t: read_pasted(t, reference=now), texts)
        timed("text.keypoints.key_points", lambda r: key_points(list(r.body), r.title, 3), readings)
        timed("text.similarity.fingerprint", lambda r: fingerprint(r.title, "\n\n".join(r.body)), readings)
        articles = timed(
            "formats.parse_retrieved (all above)",
            lambda p: parse_retrieved(Retrieved(p.read_bytes(), p.name, str(p)), now=now)[0],
            paths,
        )
        empty = asyncio.run(store(folder / "empty.db", articles, now))
        print(f"  {'store.add_article, empty DB':34s} {empty:7.2f} ms per file")
        full = folder / "full.db"
        bulk_load(full, Corpus(9, days=50, per_day=200).articles(10_000))
        pristine = folder / "pristine.db"
        shutil.copy(full, pristine)
        loaded = asyncio.run(store(full, articles, now))
        print(f"  {'store.add_article, 10k-article DB':34s} {loaded:7.2f} ms per file")
        old = now.timestamp() - 120  # past the drop folder's settle time
        for path in paths:
            os.utime(path, (old, old))
        piped, cpu = asyncio.run(pipeline(pristine, folder / "drop", len(paths), now))
        print(f"  {'pipeline.ingest_paths, 10k-article DB':34s} {piped:7.2f} ms per file ({cpu:.2f} ms CPU)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
