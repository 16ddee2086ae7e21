"""A new sink is one class: here a folder sink, written in this file only, gets schedules, claims, catch-up,
retries and the restart rule from the delivery core without a change anywhere else (nor a migration).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp
import pytest
from newsletter_support import store_stories
from test_webhook_schedules import store_story

from bot.clock import ManualClock
from bot.config import Settings
from bot.delivery.scheduler import Scheduler
from bot.delivery.sink import SendError, Target
from bot.delivery.webhook import WebhookSink
from bot.models import Digest
from bot.store import deliveries, schedules
from bot.store.records import DeliveryStatus, TargetRef, TargetTable


class FolderSink(WebhookSink):
    """Writes each digest message as a text file into the folder its schedule names."""

    kind = "folder"

    def render(self, digest: Digest, target: Target) -> Sequence[object]:
        titles = [item.article.article.title for item in digest.items]
        return [f"{i + 1}. {title}\n" for i, title in enumerate(titles)]

    async def send(self, target: Target, message: object, *, key: str | None = None) -> str:
        return await asyncio.to_thread(self._write, Path(self.url(target)), str(message))

    @staticmethod
    def _write(folder: Path, text: str) -> str:
        if not folder.is_dir():
            raise SendError(f"{folder} is not there (yet)", retry=True)
        name = f"{len(list(folder.iterdir())):03d}.txt"
        (folder / name).write_text(text, encoding="utf-8")
        return name


@pytest.fixture
def clock():
    return ManualClock(datetime(2026, 3, 27, 9, 0, tzinfo=UTC))


async def run_round(db, clock, *, resume=False):
    async with aiohttp.ClientSession() as session:
        scheduler = Scheduler(db, Settings(), clock, [FolderSink(db, clock, session)])
        if resume:
            await scheduler.resume_unfinished()
        await scheduler.tick()


async def test_a_sink_written_as_one_class_posts_once_retries_and_resumes(db, clock, tmp_path):
    folder = tmp_path / "digests"
    await store_stories(db, clock.now() - timedelta(hours=1))
    schedule, _ = await schedules.set_webhook_schedule(
        db, target="folder", url=str(folder), time="10:00", timezone="Europe/Berlin", topic=None, now=clock.now()
    )
    clock.set(datetime(2026, 3, 27, 9, 0, tzinfo=UTC))  # 10:00 in Berlin: due; the folder is missing
    await run_round(db, clock)
    failed = await deliveries.get_delivery(db, schedule.id, "2026-03-27")
    assert failed.status is DeliveryStatus.FAILED
    assert failed.next_attempt_at == clock.now() + timedelta(minutes=1)

    folder.mkdir()
    clock.set(failed.next_attempt_at)
    await run_round(db, clock, resume=True)  # a new process: the retry came from the database
    sent = await deliveries.get_delivery(db, schedule.id, "2026-03-27")
    assert sent.status is DeliveryStatus.SENT
    first_day = sorted(p.name for p in folder.iterdir())
    assert first_day == list(sent.message_ids) == [f"{i:03d}.txt" for i in range(len(first_day))]
    assert len(first_day) >= 2

    clock.advance(3600)
    await run_round(db, clock)
    assert len(list(folder.iterdir())) == len(first_day)  # once a day

    # Next day: a process stops after claiming, before writing: the restart rule posts it once.
    clock.set(datetime(2026, 3, 28, 9, 0, 30, tzinfo=UTC))
    await store_story(db, clock.now() - timedelta(hours=2), 7)
    claimed = await deliveries.claim(
        db,
        sink="folder",
        target=TargetRef(TargetTable.SCHEDULE, schedule.id),
        slot="2026-03-28",
        now=clock.now(),
        since=clock.now() - timedelta(days=1),
        until=clock.now(),
    )
    assert claimed is not None
    await run_round(db, clock, resume=True)
    await run_round(db, clock, resume=True)
    second = await deliveries.get_delivery(db, schedule.id, "2026-03-28")
    name = f"{len(first_day):03d}.txt"
    assert (second.status, second.message_ids) == (DeliveryStatus.SENT, (name,))
    assert "number 7" in (folder / name).read_text(encoding="utf-8")
    assert len(list(folder.iterdir())) == len(first_day) + 1
