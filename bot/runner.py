"""``newsdigest run``: the gateway client, the feed poller, the drop-folder watcher and the scheduler in one process."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Awaitable, Callable, Sequence

import discord

from bot.chat.client import NewsBot, apply_endpoints
from bot.chat.context import Services
from bot.clock import Clock
from bot.config import Settings
from bot.errors import StoreError
from bot.ingest import poller
from bot.ingest.feedcmds import add_configured_feeds
from bot.ingest.fetch import Fetcher
from bot.ingest.pipeline import drop_folder_for, ingest_folder_once
from bot.store.db import Database

log = logging.getLogger(__name__)

# A background job the lead wires in (feed poller, drop-folder watcher): given the running bot (for its
# services, and ``bot.poster.notify_feed_paused`` as the poller's ``on_paused``), it runs until cancelled.
Background = Callable[[NewsBot], Awaitable[None]]

EXIT_OK = 0
EXIT_CONFIG = 2


async def feed_poller(bot: NewsBot) -> None:
    """Subscribe to the FEEDS setting's new URLs (backlog not posted), then poll due feeds until cancelled."""
    services = bot.services
    settings, clock = services.settings, services.clock
    async with Fetcher(settings, clock) as fetcher:
        if settings.feeds:
            result = await add_configured_feeds(
                services.db, settings=settings, clock=clock, channel_id=settings.discord_channel_id
            )
            if result.added:
                log.info("subscribed to %d feed(s) from FEEDS", len(result.added))
        await poller.run(
            services.db, fetcher=fetcher, settings=settings, clock=clock, on_paused=bot.poster.notify_feed_paused
        )


async def drop_folder_watcher(bot: NewsBot) -> None:
    """Scan the drop folders every SCAN_INTERVAL seconds; a new file is archived within seconds."""
    services = bot.services
    settings = services.settings
    while True:
        for folder in settings.drop_folders:
            report = await ingest_folder_once(
                services.db, folder, settings=settings, clock=services.clock, drop=drop_folder_for(folder, settings)
            )
            if report.new or report.quarantined or report.failed:
                log.info(
                    "%s: %d new, %d duplicate, %d quarantined, %d failed",
                    folder,
                    report.new,
                    report.duplicate,
                    report.quarantined,
                    report.failed,
                )
        await services.clock.sleep(settings.scan_interval)


def standard_jobs(settings: Settings) -> list[Background]:
    """Return the background jobs ``newsdigest run`` needs with these settings."""
    jobs: list[Background] = [feed_poller]
    if settings.drop_folders:
        jobs.append(drop_folder_watcher)
    return jobs


async def _supervise(name: str, job: Background, bot: NewsBot, clock: Clock) -> None:
    """Keep a background job running: log and restart it (after a pause) if it fails."""
    pause = 5.0
    while True:
        try:
            await job(bot)
            log.info("background job %s finished", name)
            return
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("background job %s failed; restarting it in %.0f s", name, pause)
            await clock.sleep(pause)
            pause = min(pause * 2, 300.0)


async def run_bot(
    settings: Settings,
    *,
    clock: Clock,
    background: Sequence[Background] | None = None,
    make_services: Callable[[Settings, Database, Clock], Services] = Services.create,
    stop: asyncio.Event | None = None,
    guild_ready_timeout: float = 2.0,
) -> int:
    """Run until SIGTERM/Ctrl-C (or ``stop``); return the exit status (2: bad token or configuration).

    ``background`` defaults to :func:`standard_jobs` (feed poller, drop-folder watcher); each job is restarted
    if it fails and cancelled on shutdown. ``make_services`` lets tests hand in their own layers.
    """
    if not settings.discord_token:
        log.error("DISCORD_TOKEN is not set: put the bot token from the Discord developer portal in .env")
        return EXIT_CONFIG
    apply_endpoints(settings)
    try:
        db = await Database.open(settings.database_path)
    except StoreError as exc:
        log.error("cannot open the database: %s", exc)
        return EXIT_CONFIG
    bot = NewsBot(make_services(settings, db, clock), guild_ready_timeout=guild_ready_timeout)
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    installed: list[signal.Signals] = []
    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(sig, stop.set)
            installed.append(sig)
    wanted = standard_jobs(settings) if background is None else background
    jobs = [
        asyncio.create_task(_supervise(getattr(job, "__name__", "job"), job, bot, clock), name="background")
        for job in wanted
    ]
    client = asyncio.create_task(bot.start(settings.discord_token), name="discord-client")
    stopper = asyncio.create_task(stop.wait(), name="stop")
    status = EXIT_OK
    try:
        await asyncio.wait({client, stopper}, return_when=asyncio.FIRST_COMPLETED)
        if client.done():
            status = _client_outcome(client)
        else:
            log.info("stopping: finishing the current work, then logging out")
    finally:
        for sig in installed:
            loop.remove_signal_handler(sig)
        stopper.cancel()
        for job in jobs:
            job.cancel()
        # Cancelled jobs leave any transaction through Database.transaction, which rolls it back whole.
        await asyncio.gather(*jobs, return_exceptions=True)
        await bot.close()
        if not client.done():
            client.cancel()
        await asyncio.gather(client, return_exceptions=True)
        # close() waits for the write in progress (it takes the write lock) before closing.
        await db.close()
        log.info("stopped cleanly")
    return status


def _client_outcome(client: asyncio.Task[None]) -> int:
    exc = client.exception()
    if exc is None:
        return EXIT_OK
    if isinstance(exc, discord.LoginFailure):
        log.error(
            "Discord rejected DISCORD_TOKEN: copy the bot token again from the developer portal (Bot > Reset Token)"
        )
        return EXIT_CONFIG
    if isinstance(exc, discord.PrivilegedIntentsRequired):
        log.error("Discord refused the connection: a privileged intent is requested; this bot needs none")
        return EXIT_CONFIG
    log.error("the Discord connection ended: %s", exc)
    return 1
