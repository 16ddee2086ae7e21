"""Kill -9 the bot around a scheduled post, restart it, repeat: exactly one delivery is recorded and sent.

    python -m bench.sched_kill                 # 20 kills in the 40 s around a post (about two minutes)
    python -m bench.sched_kill --kills 8

The real ``newsdigest run`` (wall clock) runs against the project's Discord emulator in another process.
A schedule is set for the next minute at least 30 s away, with articles in the window. The bot is started
and killed with SIGKILL at random moments from 15 s before the post to 25 s after it (start-up, login,
command sync, the claim, the send, the mark are all hit somewhere), restarted each time, then left to run
past the post. Checks: one ``deliveries`` row for the schedule and day, status ``sent``, and the channel
holds the messages of exactly one digest.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


async def prepare(db_path: Path, guild: int, channel: int, at: datetime) -> None:
    """Set the schedule and put a few articles in its window."""
    from bot.models import Article, SourceKind
    from bot.store import schedules
    from bot.store.articles import add_article, get_or_create_source
    from bot.store.db import Database

    db = await Database.open(db_path)
    try:
        now = datetime.now(UTC)
        await schedules.set_schedule(
            db, channel_id=channel, guild_id=guild, time=f"{at:%H:%M}", timezone="UTC", topic=None, now=now
        )
        source = await get_or_create_source(db, SourceKind.FOLDER, "drop", "/drop", now)
        for number, title in enumerate(["Harbour bridge vote delayed", "Rail strike ends after talks"]):
            body = (f"{title}, officials said on Thursday.", "The decision follows weeks of talks.")
            await add_article(db, source, Article(title=title, body=body), now, [f"k{number}"])
    finally:
        await db.close()


def ask(emu: subprocess.Popen[str], line: str) -> str:
    """Send one command to the emulator child and return its answer."""
    assert emu.stdin is not None
    assert emu.stdout is not None
    emu.stdin.write(line + "\n")
    emu.stdin.flush()
    return emu.stdout.readline().strip()


def main() -> int:
    """Run the kill-and-restart check around one scheduled post."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="nd-schedkill-") as tmp:
        db_path = Path(tmp) / "bot.db"
        emu = subprocess.Popen(
            [sys.executable, "-m", "bench.emulator_child", "--no-wait"],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        try:
            assert emu.stdout is not None
            endpoints = json.loads(emu.stdout.readline())
            guild, channel = (int(x) for x in ask(emu, "channel").split())
            now = datetime.now(UTC)
            at = (now + timedelta(seconds=90)).replace(second=0, microsecond=0)
            asyncio.run(prepare(db_path, guild, channel, at))
            env = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "TMPDIR"}}
            env.update(
                DATABASE_PATH=str(db_path),
                DISCORD_TOKEN=endpoints["token"],
                DISCORD_API_BASE=endpoints["api_base"],
                DISCORD_GATEWAY_URL=endpoints["gateway_url"],
                LOG_LEVEL="WARNING",
            )
            cmd = [sys.executable, "-m", "bot", "--env-file", str(Path(tmp) / "none.env"), "run"]
            post_at = at.timestamp()
            kill_times = sorted(post_at + rng.uniform(-15, 25) for _ in range(args.kills))
            print(f"post at {at:%H:%M:%S} UTC; {args.kills} kills from -15 s to +25 s around it")
            for kill_at in kill_times:
                bot = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                time.sleep(max(0.3, kill_at - time.time()))
                os.kill(bot.pid, signal.SIGKILL)
                bot.wait()
                print(f"  killed at {kill_at - post_at:+6.1f} s; posts so far: {ask(emu, 'posts')}", flush=True)
            bot = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(max(10.0, post_at + 30 - time.time()))
            bot.send_signal(signal.SIGTERM)
            bot.wait(30)
            posts = int(ask(emu, "posts"))
        finally:
            if emu.stdin is not None:
                emu.stdin.close()
            emu.wait(10)
        rows = asyncio.run(deliveries(db_path))
    print(f"deliveries: {rows}; messages the bot posted in the channel: {posts}")
    sent_messages = len(json.loads(rows[0][2] or "[]")) if len(rows) == 1 else -1
    ok = len(rows) == 1 and rows[0][1] == "sent" and posts == sent_messages >= 1
    print("exactly one delivery, sent" if ok else "FAILED: not exactly one sent delivery")
    return 0 if ok else 1


async def deliveries(db_path: Path) -> list[tuple[str, str, str | None]]:
    """Return every delivery row as (slot, status, message ids)."""
    from bot.store.db import Database

    db = await Database.open(db_path)
    try:
        rows = await db.fetchall("SELECT slot, status, message_ids FROM deliveries ORDER BY id")
        return [(r[0], r[1], r[2]) for r in rows]
    finally:
        await db.close()


if __name__ == "__main__":
    sys.exit(main())
