"""Child process of bench/scale.py: the bot's resident memory after start, printed as one JSON line.

With ``--baseline``: a bare Python that has imported discord.py and aiohttp. Otherwise: open the database,
import every bot module the running bot imports, build the bot's objects the way ``newsdigest run`` does
(without logging in), answer one search and build one digest (so caches are as warm as after start), and
report VmRSS.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import json
import pkgutil
import sys
from datetime import timedelta
from pathlib import Path

from bench.timing import peak_rss_mb, rss_mb


def import_bot_modules() -> list[str]:
    """Import every module under bot/ (what a started bot has loaded at most); return their names."""
    import bot

    names = []
    for info in pkgutil.walk_packages(bot.__path__, "bot."):
        if info.name.endswith("__main__"):
            continue
        try:
            importlib.import_module(info.name)
            names.append(info.name)
        except Exception:  # noqa: S112 - a sibling module not landed yet must not stop the measure
            continue
    return names


async def start_bot(db_path: Path) -> dict[str, object]:
    """Open the DB and build the bot objects; return what was built."""
    import dataclasses

    from bot.clock import SystemClock
    from bot.config import load_settings
    from bot.store.db import Database

    notes: list[str] = []
    settings = dataclasses.replace(load_settings({}, env_file=None), database_path=db_path)
    clock = SystemClock()
    db = await Database.open(db_path)
    row = await db.fetchone("SELECT COUNT(*) FROM articles")
    articles = int(row[0]) if row else 0
    built = None
    try:
        from bot.runner import build_bot  # type: ignore[attr-defined]

        built = await build_bot(settings, db=db, clock=clock)
        notes.append("bot built with bot.runner.build_bot (not logged in)")
    except (ImportError, AttributeError, TypeError) as exc:
        notes.append(f"bot object not built ({exc.__class__.__name__}: {exc}); modules imported and DB open")
    try:
        from bot.digest.select import build_digest
        from bot.store.search import search

        await search(db, "council", now=clock.now(), limit=10)
        await build_digest(db, clock.now() - timedelta(hours=24), clock.now())
        notes.append("one search and one digest answered")
    except (NotImplementedError, ImportError) as exc:
        notes.append(f"search/digest not available: {exc!r}")
    _ = built
    return {"articles": articles, "notes": notes, "db": db}


def main() -> int:
    """Measure and print one JSON line."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path)
    parser.add_argument("--baseline", action="store_true")
    args = parser.parse_args()
    import aiohttp
    import discord

    _ = (discord, aiohttp)
    if args.baseline:
        print(json.dumps({"rss_mb": rss_mb(), "peak_rss_mb": peak_rss_mb()}))
        return 0
    modules = import_bot_modules()

    async def run() -> dict[str, object]:
        state = await start_bot(args.db)
        result = {
            "articles": state["articles"],
            "rss_mb": rss_mb(),
            "peak_rss_mb": peak_rss_mb(),
            "notes": [*state["notes"], f"{len(modules)} bot modules imported"],  # type: ignore[misc]
        }
        await state["db"].close()  # type: ignore[attr-defined]
        return result

    print(json.dumps(asyncio.run(run())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
