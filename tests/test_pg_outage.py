"""A real PostgreSQL server stopped and started again under a running ``newsdigest run`` (issue 14).

The test runs its own throwaway cluster (tests/pg_cluster.py), since it stops it; it skips in one line where
PostgreSQL cannot be started. A webhook post is in flight when the server stops: the post arrives, the process
cannot record it, says once that the database is gone, tries again with back-off (DATABASE_RETRY 2 s here),
says once that it is back, records the post as sent and posts the next one: nothing lost, nothing twice, no
traceback, and the process keeps running until it is told to stop. A file dropped meanwhile is stored and
archived once the server is back, never quarantined for the database's absence.
"""

from __future__ import annotations

import asyncio
import re
import shutil
import signal
import socket
import tempfile
from collections import Counter
from pathlib import Path

import pg_cluster
import pytest
from webhook_fleet import HOOKS, hook_path, prepare, rows, start, until
from webhook_receiver import serve_receiver

from bot.clock import SystemClock
from bot.store.db import Database


@pytest.fixture
def cluster():
    folder = Path(tempfile.mkdtemp(prefix="nd-outage-")) / "cluster"
    try:
        url = pg_cluster.start(folder)
    except (OSError, RuntimeError, pg_cluster.subprocess.SubprocessError) as exc:
        shutil.rmtree(folder.parent, ignore_errors=True)
        pytest.skip(f"PostgreSQL cannot be started here: {exc}")
    try:
        yield folder, url
    finally:
        pg_cluster.stop(folder)
        shutil.rmtree(folder.parent, ignore_errors=True)


async def start_watching(url: str, base: str, tmp_path: Path, drop: Path):
    """A process with a short database back-off and a drop folder scanned twice a second, read at once."""
    settings = {"DATABASE_RETRY": "2s", "DROP_FOLDERS": str(drop), "SCAN_INTERVAL": "0.5", "DROP_SETTLE": "0"}
    return await start(url, base + "/api/v10", tmp_path, **settings)


async def test_a_postgresql_restart_is_waited_out_said_once_and_loses_nothing(cluster, tmp_path):
    folder, url = cluster
    await prepare(url)
    async with serve_receiver(SystemClock()) as (rec, base):
        rec.gate = asyncio.Event()  # the first post's answer waits: it is in flight when the server stops
        drop = tmp_path / "drop"
        drop.mkdir()
        proc = await start_watching(url, base, tmp_path, drop)
        try:

            async def in_flight() -> bool:
                return len(rec.paths) == 1

            await until(in_flight, 30, "the first post is sent")
            await asyncio.to_thread(pg_cluster.halt, folder)
            rec.gate.set()  # the post arrives while the database is away

            async def said_gone() -> bool:
                return "cannot be reached" in proc.text

            await until(said_gone, 30, "the process says the database is gone")
            story = tmp_path / "story.md.part"
            story.write_text("# Harbour ferry returns\n\nThe harbour ferry returns to service on Monday.\n")
            story.rename(drop / "ferry.md")  # written elsewhere, renamed in: the drop-folder contract
            await asyncio.sleep(6.0)  # a few tries with back-off meanwhile
            assert (drop / "ferry.md").exists()
            assert proc.proc.returncode is None, proc.text
            await asyncio.to_thread(pg_cluster.resume, folder)

            async def all_sent() -> bool:
                return len(found := await rows(url)) == HOOKS and all(r[1] == "sent" for r in found)

            await until(all_sent, 60, "every post recorded after the return")

            async def archived() -> bool:
                return (drop / "archive" / "ferry.md").exists()

            await until(archived, 30, "the dropped file stored and archived after the return")
            await asyncio.sleep(2.0)  # a second post, were there one, arrives meanwhile
            assert await proc.stop(signal.SIGTERM) == 0, proc.text
        finally:
            await proc.stop(signal.SIGKILL)
    text = proc.text
    warnings = [line for line in proc.lines if " WARNING " in line]
    assert len(warnings) == 1, warnings  # the outage, once: no line per retry, per job or per pool reconnect
    assert not re.search(r" [1-9]\d* failed", "".join(line for line in proc.lines if "drop:" in line)), text
    assert Counter(rec.paths) == {hook_path(n): 1 for n in range(HOOKS)}, (rec.paths, text)
    assert text.count("cannot be reached") == 1, text
    assert text.count("the database is back") == 1, text
    assert "Traceback" not in text, text
    assert " ERROR " not in text, text
    assert not (drop / "quarantine").exists(), text
    db = await Database.open(url)
    try:
        stored = await db.fetchall("SELECT title FROM articles WHERE title = ?", ("Harbour ferry returns",))
    finally:
        await db.close()
    assert len(stored) == 1


async def test_a_process_told_to_stop_while_the_server_is_away_stops_cleanly(cluster, tmp_path):
    folder, url = cluster
    await prepare(url)
    drop = tmp_path / "drop"
    drop.mkdir()
    async with serve_receiver(SystemClock()) as (rec, base):
        proc = await start_watching(url, base, tmp_path, drop)
        try:

            async def posted() -> bool:
                return len(rec.paths) == HOOKS

            await until(posted, 60, "the posts go out")
            await asyncio.to_thread(pg_cluster.halt, folder)
            # A file dropped now sends the drop watcher (twice a second) to the stopped server at once.
            (drop / "note.md").write_text("# Tram timetable\n\nThe winter timetable starts on Monday.\n")

            async def said_gone() -> bool:
                return "cannot be reached" in proc.text

            await until(said_gone, 30, "a job meets the stopped server")
            status = await proc.stop(signal.SIGTERM)
        finally:
            await proc.stop(signal.SIGKILL)
    assert status == 0, proc.text
    assert "stopped cleanly" in proc.text
    assert "Traceback" not in proc.text, proc.text


async def test_a_process_started_before_its_database_waits_for_it_then_starts(cluster, tmp_path):
    folder, url = cluster
    await asyncio.to_thread(pg_cluster.halt, folder)  # the bot starts first, as compose or systemd may start it
    proc = await start(url, "http://127.0.0.1:9/api/v10", tmp_path, DATABASE_RETRY="2s")
    try:

        async def waiting() -> bool:
            return "cannot be reached yet" in proc.text

        await until(waiting, 30, "the process says it waits for the database")
        await asyncio.sleep(4.0)  # tries with back-off meanwhile (1 s, 2 s, 2 s: DATABASE_RETRY)
        assert proc.proc.returncode is None, proc.text
        await asyncio.to_thread(pg_cluster.resume, folder)

        async def running() -> bool:
            return "feed poller" in proc.text and "started" in proc.text

        await until(running, 60, "the process starts once the database answers")
        assert await proc.stop(signal.SIGTERM) == 0, proc.text
    finally:
        await proc.stop(signal.SIGKILL)
    text = proc.text
    warnings = [line for line in proc.lines if " WARNING " in line]
    assert len(warnings) == 1, warnings  # said once, however many tries
    assert "Connection refused" in warnings[0], warnings
    assert "the database answers after" in text, text
    assert "Traceback" not in text, text
    assert " ERROR " not in text, text
    assert await rows(url) == []  # its migrations ran: the process made the schema it then used


async def test_a_refused_password_or_a_missing_database_exits_at_once_in_one_line(cluster, tmp_path):
    _, url = cluster
    password = url.split("://postgres:", 1)[1].split("@", 1)[0]
    wrong_password = url.replace(f":{password}@", ":not-the-password@")
    missing_database = url.rsplit("/", 1)[0] + "/no_such_database"
    for bad, words in (
        (wrong_password, "password authentication failed"),
        (missing_database, 'database "no_such_database" does not exist'),
    ):
        proc = await start(bad, "http://127.0.0.1:9/api/v10", tmp_path, DATABASE_RETRY="2s")
        try:
            status = await asyncio.wait_for(proc.proc.wait(), 30)
        finally:
            status = await proc.stop(signal.SIGKILL)
        text = proc.text
        assert status == 2, text
        problems = [line for line in proc.lines if " ERROR " in line or " WARNING " in line]
        assert len(problems) == 1, text
        assert words in problems[0], text
        assert "not-the-password" not in text
        assert password not in text
        assert "Traceback" not in text, text
        assert "cannot be reached yet" not in text, text


async def test_a_process_told_to_stop_while_it_waits_for_its_database_stops_cleanly(tmp_path):
    with socket.socket() as probe:  # a port nothing listens on: refused, as a server not started yet refuses
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    proc = await start(f"postgresql://news:pw@127.0.0.1:{port}/news", "http://127.0.0.1:9/api/v10", tmp_path)
    try:

        async def waiting() -> bool:
            return "cannot be reached yet" in proc.text

        await until(waiting, 30, "the process says it waits for the database")
        proc.proc.send_signal(signal.SIGTERM)
        status = await asyncio.wait_for(proc.proc.wait(), 10)  # between two tries, not after the next one
    finally:
        status = await proc.stop(signal.SIGKILL)
    assert status == 0, proc.text
    assert "stopped cleanly, before the database answered" in proc.text, proc.text
    assert "Traceback" not in proc.text, proc.text
    assert " ERROR " not in proc.text, proc.text
