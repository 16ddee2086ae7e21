"""``newsdigest run``: the background jobs and, when DISCORD_TOKEN is set, the Discord client, in one process.

The jobs are the feed poller, the drop-folder watcher, the daily posts of every sink but the channel one
(``bot.delivery``: Discord and Slack webhooks, email) and (with PUBLIC_URL) the unsubscribe page; with the
Discord client come the slash commands and the channel posts' loop, which this module starts too (it waits for
the gateway). Without a token the same jobs run headless.
Either way SIGTERM or Ctrl-C stops every job (a transaction in progress is rolled back whole), logs out of
Discord if connected and closes the database.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import discord

from bot.chat.client import NewsBot, apply_endpoints
from bot.chat.context import Services
from bot.clock import Clock
from bot.config import Settings, check_shards
from bot.delivery.discord_webhook import DiscordWebhookSink
from bot.delivery.email import EmailSink
from bot.delivery.scheduler import Scheduler
from bot.delivery.sink import Sink
from bot.delivery.slack import SlackSink
from bot.errors import ConfigError, StoreError
from bot.ingest import poller
from bot.ingest.dropcheck import check_drop_folders
from bot.ingest.faults import log_fault
from bot.ingest.feedcmds import add_configured_feeds
from bot.ingest.fetch import Fetcher
from bot.ingest.pipeline import drop_folder_for, ingest_folder_once
from bot.newsletter.web import serve_unsubscribe
from bot.store.db import Database
from bot.store.outage import open_when_up, outage_of

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class JobContext:
    """What a background job runs with: the services, and the Discord bot when there is one."""

    services: Services
    bot: NewsBot | None = None


# A background job (feed poller, drop-folder watcher, webhook schedules, newsletter): it runs until cancelled.
Background = Callable[[JobContext], Awaitable[None]]

EXIT_OK = 0
EXIT_CONFIG = 2
# How long a write waits for another process's: processes over shards share one SQLite file, and in a rush of
# posts one may hold the write lock for seconds while its event loop renders; a post that went out must not
# fail to be recorded for that (measured: 5 s, the one-shot commands' wait, was not always enough).
RUN_BUSY_TIMEOUT_MS = 30_000


async def feed_poller(context: JobContext) -> None:
    """Subscribe to the FEEDS setting's new URLs (backlog not posted), then poll due feeds until cancelled."""
    services = context.services
    # A paused feed's channel is told through the bot; headless, the poller's own log line says it.
    on_paused = context.bot.poster.notify_feed_paused if context.bot is not None else None
    settings, clock = services.settings, services.clock
    async with Fetcher(settings, clock) as fetcher:
        if settings.feeds:
            result = await add_configured_feeds(
                services.db, settings=settings, clock=clock, channel_id=settings.discord_channel_id
            )
            if result.added:
                log.info("subscribed to %d feed(s) from FEEDS", len(result.added))
        await poller.run(services.db, fetcher=fetcher, settings=settings, clock=clock, on_paused=on_paused)


async def drop_folder_watcher(context: JobContext) -> None:
    """Scan the drop folders every SCAN_INTERVAL seconds; a new file is archived within seconds of settling.

    One folder's fault never stops the others: a failing scan is logged (once per kind of fault) and the
    folder is scanned again at the next round, while each file's own faults are the pipeline's to isolate.
    """
    services = context.services
    settings = services.settings
    faults: dict[Path, str] = {}
    while True:
        for folder in settings.drop_folders:
            outage = outage_of(services.db, services.clock)
            outages = outage.outages  # one that began meanwhile (another job met it) also explains a failure
            try:
                report = await ingest_folder_once(
                    services.db, folder, settings=settings, clock=services.clock, drop=drop_folder_for(folder, settings)
                )
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                if await outage.survive(exc):
                    continue  # the database is back: the folder is scanned again next round
                fault = f"{type(exc).__name__}: {exc}"
                if faults.get(folder) != fault:
                    log_fault(log, f"scanning the drop folder {folder} failed; it is scanned again next round", exc)
                faults[folder] = fault
                continue
            faults.pop(folder, None)
            if report.failed and (outage.outages != outages or await outage.check()):
                continue  # the database was away: the files stay and are stored at the next scan, said once
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


async def daily_posts(context: JobContext) -> None:
    """Post the daily digests of the webhook schedules (Discord and Slack) and the newsletter until cancelled."""
    services = context.services
    db, settings, clock = services.db, services.settings, services.clock
    apply_endpoints(settings)  # discord.Webhook posts to DISCORD_API_BASE like the bot, headless too
    async with aiohttp.ClientSession() as session:
        sinks: list[Sink] = [
            DiscordWebhookSink(db, clock, session, services.renderer),
            SlackSink(db, clock, session),
            EmailSink(db, settings),
        ]
        await Scheduler(db, settings, clock, sinks, digest_builder=services.build_digest).run()


async def channel_posts(context: JobContext) -> None:
    """Post the Discord channels' daily digests through the bot (it waits for the gateway first)."""
    if context.bot is not None:
        await context.bot.scheduler.run()


async def unsubscribe_page(context: JobContext) -> None:
    """Serve the page the newsletter's unsubscribe links open (only when PUBLIC_URL is set)."""
    services = context.services
    settings = services.settings
    if settings.public_url:
        await serve_unsubscribe(services.db, settings.web_host, settings.web_port, settings.public_url, services.clock)


def standard_jobs(settings: Settings) -> list[Background]:
    """Return the background jobs ``newsdigest run`` needs with these settings."""
    # Every process polls feeds: each takes its due feeds by lease (bot.ingest.poller), so a feed is fetched
    # once per due time however many run. Every process posts webhooks and email too: each post is claimed once
    # and its claim carries its owner's lease (bot.delivery.owner), so no process is a single point.
    jobs: list[Background] = [feed_poller]
    if settings.drop_folders:
        jobs.append(drop_folder_watcher)  # the folders this process lists
    jobs.append(daily_posts)
    if settings.public_url:
        jobs.append(unsubscribe_page)
    return jobs


async def _supervise(name: str, job: Background, context: JobContext, clock: Clock) -> None:
    """Keep a background job running: log and restart it (after a pause) if it fails.

    A job stopped by a lost database is restarted as soon as the database is back, without a traceback: the
    outage is said once for every job (``bot.store.outage``).
    """
    pause = 5.0
    outage = outage_of(context.services.db, clock)
    while True:
        try:
            await job(context)
            log.debug("background job %s finished", name)
            return
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            if await outage.survive(exc):
                continue
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

    Without DISCORD_TOKEN only the background jobs run (headless). ``background`` defaults to
    :func:`standard_jobs`; each job is restarted if it fails and cancelled on shutdown. ``make_services`` lets
    tests hand in their own layers.
    """
    token = settings.discord_token
    try:
        check_shards(settings)
    except ConfigError as exc:
        log.error("setting %s", exc)
        return EXIT_CONFIG
    if token:
        apply_endpoints(settings)
    else:
        log.info(
            "the Discord bot is off because DISCORD_TOKEN is not set; feeds, drop folders, webhooks and the"
            " newsletter run without it"
        )
    try:
        check_drop_folders(settings.drop_folders, settings.database_path, setting="DROP_FOLDERS")
    except ConfigError as exc:
        log.error("setting %s", exc)
        return EXIT_CONFIG
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    installed = _on_signals(loop, stop.set)  # SIGTERM while waiting for the database stops the wait
    try:
        # A database not up yet (started after this process) is waited for; one that refuses is a fault to fix.
        opened = await open_when_up(
            lambda: Database.open(settings.database, busy_timeout_ms=RUN_BUSY_TIMEOUT_MS),
            clock,
            most=settings.database_retry.total_seconds(),
            stop=stop,
        )
    except StoreError as exc:
        log.error("cannot open the database: %s", exc)
        return EXIT_CONFIG
    finally:
        for sig in installed:
            loop.remove_signal_handler(sig)
    if opened is None:
        log.info("stopped cleanly, before the database answered")
        return EXIT_OK
    db = opened
    outage_of(db, clock, most=settings.database_retry.total_seconds())  # the one back-off every job shares
    try:
        services = make_services(settings, db, clock)
    except BaseException:
        await db.close()  # an open database keeps its thread, and so the process, alive: `run` would hang
        raise
    bot = NewsBot(services, guild_ready_timeout=guild_ready_timeout) if token else None
    context = JobContext(services, bot)
    installed = _on_signals(loop, stop.set)
    wanted = list(standard_jobs(settings) if background is None else background)
    if bot is not None:
        wanted.append(channel_posts)  # the bot's own loop: started here like every other, not by a cog
    jobs = [
        asyncio.create_task(_supervise(getattr(job, "__name__", "job"), job, context, clock), name="background")
        for job in wanted
    ]
    client = asyncio.create_task(bot.start(token), name="discord-client") if bot is not None and token else None
    stopper = asyncio.create_task(stop.wait(), name="stop")
    status = EXIT_OK
    try:
        await asyncio.wait({stopper} if client is None else {client, stopper}, return_when=asyncio.FIRST_COMPLETED)
        if client is not None and client.done():
            status = _client_outcome(client)
        else:
            log.info("stopping: finishing the current work%s", ", then logging out" if bot is not None else "")
    finally:
        for sig in installed:
            loop.remove_signal_handler(sig)
        stopper.cancel()
        # Cancelled jobs leave any transaction through Database.transaction, which rolls it back whole.
        await _cancel_until_done(jobs)
        await outage_of(db, clock).close()  # a probe of a database still away, which no job waits on any more
        if bot is not None:
            await bot.close()
        if client is not None:
            if not client.done():
                client.cancel()
            await asyncio.gather(client, return_exceptions=True)
        # close() waits for the write in progress (it takes the write lock) before closing.
        await db.close()
        log.info("stopped cleanly")
    return status


async def _cancel_until_done(tasks: Sequence[asyncio.Task[None]], *, again_after: float = 1.0) -> None:
    """Cancel ``tasks`` and wait for them, cancelling again any that outlive a cancellation.

    A cancellation can be lost in a library: Python 3.11's ``asyncio.wait_for`` (psycopg_pool waits for a free
    connection with it) swallows one that arrives as its inner wait completes, and the job then runs on as if
    never told; a plain gather would wait for it forever and ``run`` would never exit on SIGTERM.
    """
    pending = set(tasks)
    while pending:
        for task in pending:
            task.cancel()
        _, pending = await asyncio.wait(pending, timeout=again_after)
        if pending:
            log.debug("%d job(s) outlived their cancellation; cancelling again", len(pending))
    for task in tasks:  # retrieve each outcome, so none is reported as never retrieved
        if not task.cancelled():
            task.exception()


def _on_signals(loop: asyncio.AbstractEventLoop, callback: Callable[[], None]) -> list[signal.Signals]:
    """Call ``callback`` on SIGTERM and Ctrl-C (where the loop allows it); return the signals handled."""
    installed: list[signal.Signals] = []
    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(sig, callback)
            installed.append(sig)
    return installed


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
