"""Exactly-once on PostgreSQL: many connections and many processes racing for the same claim, one winner."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pg_support import fresh_database_url

from bot.models import Article, SourceKind
from bot.store import articles, deliveries, feedpolls, feeds, newsletter, schedules
from bot.store.db import Database
from bot.store.feedpolls import Fetched
from bot.store.feeds import NewFeed
from bot.store.records import DeliveryStatus, TargetRef, TargetTable
from bot.text.identity import identify

ROOT = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 3, 28, 7, 30, tzinfo=UTC)
RACERS = 6


async def _schedule(db: Database) -> int:
    made = await schedules.set_schedule(
        db, channel_id=111, guild_id=1, time="07:30", timezone="UTC", topic=None, now=NOW - timedelta(days=1)
    )
    return made.id


async def test_many_connections_claim_each_slot_once() -> None:
    async with fresh_database_url() as url:
        dbs = [await Database.open(url) for _ in range(RACERS)]
        try:
            target = TargetRef(TargetTable.SCHEDULE, await _schedule(dbs[0]))
            for day in range(5):
                slot = f"2026-03-{20 + day}"
                won = await asyncio.gather(
                    *(deliveries.claim(db, sink="discord", target=target, slot=slot, now=NOW) for db in dbs)
                )
                assert sum(w is not None for w in won) == 1, slot
            rows = await dbs[0].fetchall("SELECT slot, COUNT(*) FROM deliveries GROUP BY slot")
            assert sorted((r[0], r[1]) for r in rows) == [(f"2026-03-{20 + d}", 1) for d in range(5)]
        finally:
            for db in dbs:
                await db.close()


async def test_a_failed_post_is_reclaimed_by_one_connection_only() -> None:
    async with fresh_database_url() as url:
        dbs = [await Database.open(url) for _ in range(RACERS)]
        try:
            target = TargetRef(TargetTable.SCHEDULE, await _schedule(dbs[0]))
            row = await deliveries.claim(dbs[0], sink="discord", target=target, slot="2026-03-28", now=NOW)
            assert row is not None
            await deliveries.mark_failed(dbs[0], row.id, now=NOW, error="503", retry_at=NOW)
            won = await asyncio.gather(*(deliveries.reclaim(db, row.id, now=NOW) for db in dbs))
            assert won.count(True) == 1
            again = await deliveries.get(dbs[0], row.id)
            assert again is not None
            assert again.status is DeliveryStatus.CLAIMED
            assert again.attempts == 2
        finally:
            for db in dbs:
                await db.close()


async def test_one_subscription_per_address_whatever_its_case_under_a_race() -> None:
    async with fresh_database_url() as url:
        dbs = [await Database.open(url) for _ in range(RACERS)]
        try:
            spellings = ["Ann@Example.org", "ann@example.org", "ANN@EXAMPLE.ORG"]
            results = await asyncio.gather(
                *(
                    newsletter.add_recipient(
                        db,
                        spellings[i % 3],
                        time="07:00",
                        timezone="UTC",
                        topic=None,
                        token=f"token-{i}",
                        now=NOW,
                    )
                    for i, db in enumerate(dbs)
                )
            )
            assert [new for _, new in results].count(True) == 1
            assert len({r.id for r, _ in results}) == 1
            assert len(await newsletter.list_recipients(dbs[0])) == 1
            # Each edition of that recipient is claimed once, too.
            target = TargetRef(TargetTable.RECIPIENT, results[0][0].id)
            won = await asyncio.gather(
                *(deliveries.claim(db, sink="email", target=target, slot="2026-03-28", now=NOW) for db in dbs)
            )
            assert sum(w is not None for w in won) == 1
        finally:
            for db in dbs:
                await db.close()


async def test_the_same_article_from_two_connections_is_stored_once() -> None:
    async with fresh_database_url() as url:
        dbs = [await Database.open(url) for _ in range(RACERS)]
        try:
            source = await articles.get_or_create_source(dbs[0], SourceKind.FEED, "A", "https://a.example/f", NOW)
            article = Article(
                title="Harbour bridge reopens after repairs",
                body=("The harbour bridge reopened on Friday.",),
                url="https://a.example/bridge",
            )
            results = await asyncio.gather(
                *(articles.add_article(db, source, article, NOW, [f"guid-{i}"]) for i, db in enumerate(dbs))
            )
            assert [r.new for r in results].count(True) == 1
            assert len({r.article_id for r in results}) == 1
            row = await dbs[0].fetchone("SELECT COUNT(*) FROM articles")
            assert row is not None
            assert row[0] == 1
        finally:
            for db in dbs:
                await db.close()


_CLAIMER = """
import asyncio, json, sys
from datetime import UTC, datetime
from bot.store import deliveries
from bot.store.db import Database
from bot.store.records import TargetRef, TargetTable

async def main(url, schedule_id, slots):
    db = await Database.open(url)
    won = []
    try:
        target = TargetRef(TargetTable.SCHEDULE, schedule_id)
        now = datetime(2026, 3, 28, 7, 30, tzinfo=UTC)
        for slot in slots:
            if await deliveries.claim(db, sink="discord", target=target, slot=slot, now=now) is not None:
                won.append(slot)
    finally:
        await db.close()
    print(json.dumps(won))

asyncio.run(main(sys.argv[1], int(sys.argv[2]), json.loads(sys.argv[3])))
"""


async def test_several_processes_claim_every_slot_exactly_once() -> None:
    async with fresh_database_url() as url:
        db = await Database.open(url)
        try:
            schedule_id = await _schedule(db)
        finally:
            await db.close()
        slots = [f"2026-{m:02d}-{d:02d}" for m in range(1, 4) for d in range(1, 21)]
        procs = [
            await asyncio.create_subprocess_exec(
                sys.executable,
                "-c",
                _CLAIMER,
                url,
                str(schedule_id),
                json.dumps(slots),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                cwd=ROOT,
            )
            for _ in range(4)
        ]
        outputs = [await p.communicate() for p in procs]
        assert all(p.returncode == 0 for p in procs), [err.decode() for _, err in outputs]
        won = [slot for out, _ in outputs for slot in json.loads(out)]
        assert sorted(won) == sorted(slots)  # every slot once, by one process or another
        db = await Database.open(url)
        try:
            row = await db.fetchone("SELECT COUNT(*), COUNT(DISTINCT slot) FROM deliveries")
            assert row is not None
            assert (row[0], row[1]) == (len(slots), len(slots))
        finally:
            await db.close()


async def test_one_feed_subscription_under_a_race_and_its_backlog_stored_once() -> None:
    entries = []
    for n in range(5):
        art = Article(title=f"Tram line {n} extended to the harbour", body=(f"Line {n}.",), url=f"https://t.test/{n}")
        entries.append((art, identify(art, source_keys=[f"guid-{n}"])))
    fetched = Fetched(entries=entries, etag='"e1"', last_modified=None, next_poll_at=NOW + timedelta(minutes=15))
    async with fresh_database_url() as url:
        dbs = [await Database.open(url) for _ in range(RACERS)]
        try:
            outcomes = await asyncio.gather(
                *(feedpolls.subscribe(db, NewFeed("https://t.test/feed.xml"), fetched, now=NOW) for db in dbs),
                return_exceptions=True,
            )
            won = [o for o in outcomes if not isinstance(o, BaseException)]
            lost = [o for o in outcomes if isinstance(o, BaseException)]
            assert len(won) == 1
            assert all(isinstance(e, feeds.FeedExistsError) for e in lost), lost
            row = await dbs[0].fetchone("SELECT (SELECT COUNT(*) FROM feeds), (SELECT COUNT(*) FROM articles)")
            assert row is not None
            assert (row[0], row[1]) == (1, 5)
        finally:
            for db in dbs:
                await db.close()
