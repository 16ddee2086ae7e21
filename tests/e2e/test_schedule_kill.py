"""Kill -9 the real bot process around a scheduled post, restart it, repeat: exactly one delivery each.

Each bot is a real process (``run_bot`` with the wall clock, shifted by a fixed number of seconds so that a
minute boundary comes a few seconds after the test starts; every restart gets the same shift, and so does
the emulator, so message snowflakes and the bot's claim times agree). Six channels have a schedule for that
minute; the first bot is killed by the emulator itself right after it stored the k-th of those posts (k
random) and before it answers, so the bot dies between a send and the mark that records it, the hardest
case for exactly-once; each restart is killed again after a random 0.3-2.5 s (during start-up, login, the
catch-up, the history check of a claimed post, the send), 14 kills on SQLite and 10 on PostgreSQL; a last
bot runs past the post.
Then every schedule has exactly one delivery, sent, and its channel holds exactly that digest's messages. On
SQLite and on PostgreSQL (when NEWSDIGEST_TEST_PG_URL names a server). A killed bot's claims stay its own until
their lease (DELIVERY_LEASE, 3 s here) runs out; the bot running then settles them.
"""

import asyncio
import json
import os
import random
import signal
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import discord
import pytest
from discord_emulator import Emulator
from pg_support import fresh_database_url

from bot.models import Article, SourceKind
from bot.store import schedules
from bot.store.articles import add_article, get_or_create_source
from bot.store.db import Database

ROOT = Path(__file__).resolve().parents[2]
LEAD = 6.0  # seconds from the start of the test to the post
KILLS = 14  # on SQLite; 10 on PostgreSQL (each kill costs ~1.6 s of a CI that has ten minutes)
PG_KILLS = 10
LIFETIME = (0.3, 2.5)  # seconds each restarted bot lives before its kill
CHANNELS = {str(900000000000000020 + n): f"news-{n}" for n in range(6)}

BOT = """\
import asyncio, logging, sys
from datetime import timedelta
from pathlib import Path
from bot.clock import SystemClock
from bot.config import Settings
from bot.runner import run_bot

class ShiftedClock(SystemClock):
    def now(self):
        return super().now() + timedelta(seconds={shift!r})

logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
s = Settings(database_path=Path({db!r}), database_url={url!r}, discord_token={token!r}, discord_api_base={api!r},
             discord_gateway_url={gateway!r}, delivery_lease=timedelta(seconds=3))
sys.exit(asyncio.run(run_bot(s, clock=ShiftedClock(), guild_ready_timeout=0.05)))
"""


class Shifted:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    def now(self) -> datetime:
        return datetime.now(UTC) + timedelta(seconds=self.seconds)


async def prepare(db_path: Path | str, guild: int, post_at: datetime) -> None:
    db = await Database.open(db_path)
    try:
        before = post_at - timedelta(minutes=2)
        for channel in CHANNELS:
            await schedules.set_schedule(
                db,
                channel_id=int(channel),
                guild_id=guild,
                time=f"{post_at:%H:%M}",
                timezone="UTC",
                topic=None,
                now=before,
            )
        source = await get_or_create_source(db, SourceKind.FOLDER, "drop", "/drop", before)
        for number, title in enumerate(["Harbour bridge vote delayed", "Rail strike ends after talks"]):
            body = (f"{title}, officials said on Thursday.", "The decision follows weeks of talks.")
            await add_article(db, source, Article(title=title, body=body), before, [f"k{number}"])
    finally:
        await db.close()


async def deliveries(db_path: Path | str) -> list[tuple[int, str, str, str | None]]:
    db = await Database.open(db_path)
    try:
        rows = await db.fetchall("SELECT channel_id, slot, status, message_ids FROM deliveries ORDER BY id")
        return [(r[0], r[1], r[2], r[3]) for r in rows]
    finally:
        await db.close()


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
async def test_kill_9_around_a_scheduled_post_leaves_exactly_one_delivery(tmp_path, monkeypatch, backend):
    if backend == "postgresql":
        # Fewer kills on PostgreSQL: the moments killed at are random either way, and CI has ten minutes.
        async with fresh_database_url() as url:
            await kill_9_around_a_post(tmp_path, monkeypatch, url, PG_KILLS)
        return
    await kill_9_around_a_post(tmp_path, monkeypatch, None, KILLS)


async def kill_9_around_a_post(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, url: str | None, kills: int) -> None:
    monkeypatch.setattr(discord.http.Route, "BASE", discord.http.Route.BASE)
    real_start = datetime.now(UTC)
    # The next minute boundary at least LEAD seconds away, brought to exactly LEAD seconds away.
    post_at = (real_start + timedelta(seconds=LEAD + 60)).replace(second=0, microsecond=0)
    shift = (post_at - real_start).total_seconds() - LEAD
    clock = Shifted(shift)
    emu = Emulator(now=clock.now, channels=dict(CHANNELS))
    await emu.start()
    file = tmp_path / "bot.db"
    db_path: Path | str = url or file
    await prepare(db_path, int(emu.guild_id), post_at)
    script = BOT.format(shift=shift, db=str(file), url=url, token=emu.token, api=emu.api_base, gateway=emu.gateway_url)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}

    async def start() -> asyncio.subprocess.Process:
        return await asyncio.create_subprocess_exec(
            sys.executable, "-c", script, cwd=tmp_path, env=env, stderr=asyncio.subprocess.PIPE
        )

    rng = random.Random(int(real_start.timestamp()))
    stored = rng.randint(1, len(CHANNELS))
    stderr, seen, first_kill = [], [], []
    try:
        for number in range(kills):
            proc = await start()
            if number == 0:
                killed = asyncio.Event()

                def kill_on_post(channel: str, message: dict, proc=proc, killed=killed) -> None:
                    if not killed.is_set() and sum(len(emu.channel_posts(c)) for c in CHANNELS) == stored:
                        first_kill.append(channel)
                        proc.send_signal(signal.SIGKILL)
                        killed.set()

                emu.on_post = kill_on_post
                try:
                    await asyncio.wait_for(killed.wait(), LEAD + 20)
                except TimeoutError:
                    # Seen once under a load of 11 on two cores (PostgreSQL): say what the bot did, and end it.
                    proc.kill()
                    _, err = await proc.communicate()
                    posted = sum(len(emu.channel_posts(c)) for c in CHANNELS)
                    pytest.fail(
                        f"the first bot posted {posted} message(s), not the {stored} it was to be killed after, within"
                        f" {LEAD + 20:.0f} s ({emu.identifies} gateway login(s)); its stderr:\n{err.decode()}"
                    )
                emu.on_post = None
            else:
                await asyncio.sleep(rng.uniform(*LIFETIME))
                proc.send_signal(signal.SIGKILL)
            _, err = await proc.communicate()
            stderr.append(err.decode())
            rows = await deliveries(db_path)
            seen.append(sorted(status for _, _, status, _ in rows))
            if number == 0:
                at_kill = {str(c): status for c, _, status, _ in rows}
        identified = emu.identifies
        proc = await start()
        try:
            # The last bot up and connected (its SIGTERM handler set) before anything is counted: on a busy
            # machine the posts may all be settled while it is still starting, and a SIGTERM then kills it.
            await emu.wait_for(lambda: emu.identifies > identified, within=60)
            for _ in range(300):
                rows = await deliveries(db_path)
                if len(rows) >= len(CHANNELS) and all(status != "claimed" for _, _, status, _ in rows):
                    break
                await asyncio.sleep(0.1)
            # Let a second post, if the bot were to make one, arrive before counting.
            await asyncio.sleep(2.0)
            proc.send_signal(signal.SIGTERM)
            _, err = await asyncio.wait_for(proc.communicate(), 15)
            stderr.append(err.decode())
        finally:
            if proc.returncode is None:
                proc.kill()
                await proc.wait()
        assert proc.returncode == 0, stderr[-1]
    finally:
        await emu.close()
    # The first kill came between the stored k-th post and its mark: that delivery was left claimed. (Posts go
    # out several at once, so others may be claimed too; at most the k-1 stored before it can be marked sent.)
    assert at_kill[first_kill[0]] == "claimed", (at_kill, first_kill)
    assert seen[0].count("sent") <= stored - 1, seen[0]
    rows = await deliveries(db_path)
    slot = post_at.date().isoformat()
    assert sorted((str(c), s, status) for c, s, status, _ in rows) == [(c, slot, "sent") for c in CHANNELS], (
        rows,
        seen,
    )
    for channel_id, _, _, ids in rows:
        assert ids is not None
        posted = [m["id"] for m in emu.channel_posts(str(channel_id))]
        assert posted == json.loads(ids), (channel_id, posted, ids, seen)
    assert all("Traceback" not in text for text in stderr), "\n".join(stderr)
    assert emu.problems == [], emu.problems
