import asyncio
import contextlib
import logging
import os
import signal
import socket
import sys
from dataclasses import replace
from email.headerregistry import Address
from pathlib import Path

import aiohttp

from bot.clock import SystemClock
from bot.runner import run_bot

ROOT = Path(__file__).resolve().parents[2]


async def test_missing_token_runs_headless_with_one_info_line(harness, caplog):
    ran = asyncio.Event()

    async def job(context):
        assert context.bot is None  # no Discord client without a token
        assert context.services.db is not None
        ran.set()
        await asyncio.Event().wait()

    stop = asyncio.Event()
    with caplog.at_level(logging.INFO, logger="bot.runner"):
        task = asyncio.create_task(
            run_bot(replace(harness.settings, discord_token=None), clock=harness.clock, background=[job], stop=stop)
        )
        await asyncio.wait_for(ran.wait(), 5)
        stop.set()
        status = await asyncio.wait_for(task, 5)
    assert status == 0
    lines = [r.getMessage() for r in caplog.records if "DISCORD_TOKEN" in r.getMessage()]
    assert lines == [
        "the Discord bot is off because DISCORD_TOKEN is not set; feeds, drop folders, webhooks and the"
        " newsletter run without it"
    ]
    assert "stopped cleanly" in caplog.text
    assert harness.emu.identifies == 0


async def test_a_job_that_loses_its_cancellation_is_cancelled_again_and_run_stops(harness):
    # What Python 3.11's asyncio.wait_for does inside psycopg_pool when the cancellation meets a connection
    # handed over at that moment: the job never sees it and runs on. `run` must still stop on SIGTERM.
    ran, told = asyncio.Event(), []

    async def job(context):
        ran.set()
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            told.append("first")  # lost: the job goes on as if nothing happened
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            told.append("second")
            raise

    stop = asyncio.Event()
    task = asyncio.create_task(
        run_bot(replace(harness.settings, discord_token=None), clock=harness.clock, background=[job], stop=stop)
    )
    await asyncio.wait_for(ran.wait(), 5)
    stop.set()
    status = await asyncio.wait_for(task, 10)
    assert status == 0
    assert told == ["first", "second"]


async def test_bad_token_is_one_clear_line_and_exit_2(harness):
    harness.expect_errors = True
    harness.configure(discord_token="not-the-token")  # noqa: S106 - a wrong token on purpose
    status = await asyncio.wait_for(run_bot(harness.settings, clock=harness.clock, guild_ready_timeout=0.05), 5)
    assert status == 2
    records = harness.errors.records
    assert len(records) == 1
    assert "Discord rejected DISCORD_TOKEN" in records[0].getMessage()
    assert records[0].exc_info is None
    assert harness.emu.identifies == 0


async def test_sigterm_logs_out_and_closes_cleanly(harness, tmp_path):
    emu = harness.emu
    script = (
        "import asyncio, logging, sys\n"
        "from pathlib import Path\n"
        "from bot.clock import SystemClock\n"
        "from bot.config import Settings\n"
        "from bot.runner import run_bot\n"
        "logging.basicConfig(level=logging.INFO, stream=sys.stderr)\n"
        f"s = Settings(database_path=Path({str(tmp_path / 'run.db')!r}), discord_token={emu.token!r},"
        f" discord_api_base={emu.api_base!r}, discord_gateway_url={emu.gateway_url!r})\n"
        "sys.exit(asyncio.run(run_bot(s, clock=SystemClock(), guild_ready_timeout=0.05)))\n"
    )
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        script,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        await emu.wait_for(lambda: emu.identifies == 1 and emu.commands, within=15)
        proc.send_signal(signal.SIGTERM)
        _, err = await asyncio.wait_for(proc.communicate(), 10)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    text = err.decode()
    assert proc.returncode == 0, text
    assert "stopped cleanly" in text
    assert "Traceback" not in text, text
    assert (tmp_path / "run.db").exists()


async def test_run_without_a_token_archives_a_dropped_file_and_stops_on_sigterm(tmp_path):
    drop = tmp_path / "drop"
    drop.mkdir()
    proc = await start_run(tmp_path, DROP_FOLDERS=str(drop), SCAN_INTERVAL="0.1")
    try:
        first = await asyncio.wait_for(proc.stderr.readline(), 15)
        assert b"the Discord bot is off because DISCORD_TOKEN is not set" in first
        (drop / "pier.md").write_text(
            "# Pier reopens after the winter storms\n\nThe old pier opened again on Saturday after repairs.\n",
            encoding="utf-8",
        )
        archived = drop / "archive" / "pier.md"
        for _ in range(100):
            if archived.exists():
                break
            await asyncio.sleep(0.1)
        assert archived.exists(), "the dropped file was not archived within 10 seconds"
        # The folder's line is said once its pass ends, a moment after the archive: a SIGTERM before it
        # cancels the pass's end, so the line is waited for before the stop (on a busy machine the moment grows).
        said = [first]
        while b" new, " not in said[-1] and said[-1]:
            said.append(await asyncio.wait_for(proc.stderr.readline(), 10))
        proc.send_signal(signal.SIGTERM)
        _, rest = await asyncio.wait_for(proc.communicate(), 10)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    text = b"".join(said).decode() + rest.decode()
    assert proc.returncode == 0, text
    assert "1 new, 0 duplicate" in text
    assert "stopped cleanly" in text
    assert "Traceback" not in text
    assert " ERROR " not in text
    assert not (drop / "pier.md").exists()


def test_standard_jobs_run_webhooks_and_the_newsletter_with_or_without_discord(tmp_path):
    from bot.config import Settings
    from bot.runner import daily_posts, drop_folder_watcher, feed_poller, standard_jobs, unsubscribe_page

    # daily_posts is the delivery core over the webhook and email sinks; the channel sink's loop is added by
    # run_bot itself whenever the Discord client runs.
    assert standard_jobs(Settings()) == [feed_poller, daily_posts]
    with_drop = standard_jobs(Settings(drop_folders=(tmp_path,), discord_token="x" * 30))
    assert with_drop == [feed_poller, drop_folder_watcher, daily_posts]
    with_page = standard_jobs(Settings(public_url="https://news.example.org"))
    assert with_page == [feed_poller, daily_posts, unsubscribe_page]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def start_run(tmp_path, **extra):
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "DATABASE_", "SMTP_"))}
    environ.update(PYTHONPATH=str(ROOT), DATABASE_PATH=str(tmp_path / "run.db"), LOG_LEVEL="INFO", **extra)
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "--env-file",
        os.devnull,
        "run",
        cwd=tmp_path,
        env=environ,
        stderr=asyncio.subprocess.PIPE,
    )


@contextlib.asynccontextmanager
async def running(tmp_path, **extra):
    proc = await start_run(tmp_path, **extra)
    try:
        yield proc
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()


async def read_until(proc, needle: str, within: float = 45) -> str:
    """Read the process's log until ``needle``; ``within`` is a bound for a loaded machine, not an expected time."""
    seen = ""
    while needle not in seen:
        line = await asyncio.wait_for(proc.stderr.readline(), within)
        assert line, f"the process ended before saying {needle!r}:\n{seen}"
        seen += line.decode()
    return seen


async def stop_run(proc) -> str:
    proc.send_signal(signal.SIGTERM)
    _, rest = await asyncio.wait_for(proc.communicate(), 45)
    return rest.decode()


async def test_run_serves_the_unsubscribe_page_its_emails_link_to(tmp_path):
    from bot.config import Settings
    from bot.newsletter import commands
    from bot.newsletter.message import unsubscribe_links
    from bot.store.db import Database

    settings = Settings(smtp_from="news@digest.example", public_url="https://news.example.org")
    db = await Database.open(tmp_path / "run.db")
    try:
        recipient = (await commands.add(db, settings, SystemClock(), "reader@example.org")).recipient
    finally:
        await db.close()
    link, _ = unsubscribe_links(
        Address(addr_spec="news@digest.example"), recipient.unsubscribe_token, settings.public_url
    )
    assert link is not None
    assert link.startswith("https://news.example.org/newsletter/unsubscribe?token=")
    port = free_port()
    async with running(tmp_path, PUBLIC_URL="https://news.example.org", WEB_LISTEN=f"127.0.0.1:{port}") as proc:
        said = await read_until(proc, "unsubscribe page on")
        assert f"http://127.0.0.1:{port}/newsletter/unsubscribe" in said
        # What the reverse proxy behind PUBLIC_URL forwards: the same path and query.
        local = link.replace("https://news.example.org", f"http://127.0.0.1:{port}")
        async with aiohttp.ClientSession() as session:
            async with session.get(local) as response:
                assert response.status == 200
                assert '<form method="post"' in await response.text()
            async with session.post(local, data={"List-Unsubscribe": "One-Click"}) as response:
                assert "Done" in await response.text()
        text = said + await stop_run(proc)
    assert proc.returncode == 0, text
    assert "Traceback" not in text
    db = await Database.open(tmp_path / "run.db")
    try:
        assert await commands.list_all(db) == []
    finally:
        await db.close()


async def test_run_says_clearly_when_the_unsubscribe_port_is_taken_and_keeps_running(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        async with running(tmp_path, PUBLIC_URL="https://news.example.org", WEB_LISTEN=f"127.0.0.1:{port}") as proc:
            said = await read_until(proc, "cannot serve the newsletter's unsubscribe page")
            assert f"on 127.0.0.1:{port} (WEB_LISTEN)" in said
            await asyncio.sleep(0.5)
            assert proc.returncode is None  # the feeds, drop folders and schedules go on
            text = said + await stop_run(proc)
    assert proc.returncode == 0, text
    assert "Traceback" not in text
