"""The hostile corpus through the real command line: no traceback, no hang, no secret, one clear line on faults.

Also issue 11 item 7: ``ingest PATH`` reads in place; only ``--archive FOLDER`` and ``run`` move files.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from hostile_corpus import ARCHIVED, LEFT, QUARANTINED, SECRET, build, everything_written, where

ROOT = Path(__file__).resolve().parents[1]


def environ(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "DATABASE_", "DROP_", "SMTP_"))}
    env.update(PYTHONPATH=str(ROOT), **extra)
    return env


def cli(tmp: Path, *args: str, timeout: float = 60, **extra: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "bot", "--env-file", os.devnull, *args]
    return subprocess.run(
        command, cwd=tmp, env=environ(**extra), capture_output=True, text=True, timeout=timeout, check=False
    )


def settled(folder: Path) -> None:
    """Age every file so that it has held still for the settle time already (links and FIFOs untouched)."""
    past = time.time() - 120
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            os.utime(path, (past, past))


def test_ingest_archive_of_the_hostile_corpus_and_its_digest(tmp_path):
    drop, db = tmp_path / "drop", str(tmp_path / "news.db")
    cases = build(drop, tmp_path / "outside", random.Random(5))
    settled(drop)
    done = cli(tmp_path, "--db", db, "ingest", "--archive", str(drop))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    assert done.stdout.startswith("new: ")
    for case in cases:
        got = where(drop, case)
        assert got == case.expect or (got in (ARCHIVED, QUARANTINED) and case.expect not in (LEFT,)), (case, got)
    digest = cli(tmp_path, "--db", db, "digest", "--since", "24h", "--format", "text")
    assert digest.returncode == 0, digest.stderr
    assert "Harbour pier reopens" in digest.stdout
    for output in (done.stdout, done.stderr, digest.stdout, digest.stderr):
        assert SECRET not in output
    assert SECRET.encode() not in everything_written(tmp_path)


def test_ingest_reads_named_folders_and_files_in_place(tmp_path):
    drop, db = tmp_path / "drop", str(tmp_path / "news.db")
    build(drop, tmp_path / "outside", random.Random(6))
    settled(drop)
    before = sorted(os.fsencode(p) for p in drop.rglob("*"))
    done = cli(tmp_path, "--db", db, "ingest", str(drop), str(drop / "good.md"))
    assert done.returncode == 1, done.stdout  # the broken and empty files are failures, reported and kept
    assert "Traceback" not in done.stderr
    assert sorted(os.fsencode(p) for p in drop.rglob("*")) == before  # nothing moved, nothing written
    assert "quarantined: 0" in done.stdout
    assert SECRET not in done.stdout + done.stderr
    assert SECRET.encode() not in everything_written(tmp_path)


def test_an_upper_case_scheme_is_a_url_not_a_file(tmp_path):
    done = cli(tmp_path, "--db", str(tmp_path / "news.db"), "ingest", "HTTP://127.0.0.1:9/feed.xml")
    assert "Traceback" not in done.stderr
    assert "no such file or folder" not in done.stdout
    assert "failed: 1" in done.stdout  # a loopback URL is refused by the address guard, as a URL


def test_start_refuses_system_folders_and_a_folder_holding_the_database(tmp_path):
    db = tmp_path / "news.db"
    for folder, words in (("/", "is a system folder"), ("/etc", "is a system folder"), (".", "holds the database")):
        done = cli(tmp_path, "--db", str(db), "ingest", "--archive", folder)
        assert done.returncode == 2, done.stderr
        assert done.stderr.count("\n") == 1, done.stderr
        assert words in done.stderr
        assert done.stderr.startswith("newsdigest ingest: --archive: ")
    home = cli(tmp_path, "--db", str(db), "ingest", "--archive", str(Path.home()))
    assert home.returncode == 2
    run = cli(tmp_path, "run", timeout=30, DATABASE_PATH=str(db), DROP_FOLDERS=str(tmp_path), LOG_LEVEL="INFO")
    assert run.returncode == 2, run.stderr
    errors = [line for line in run.stderr.splitlines() if " ERROR " in line]
    assert len(errors) == 1
    assert "setting DROP_FOLDERS:" in errors[0]
    assert "holds the database" in errors[0]
    assert "Traceback" not in run.stderr
    assert not list(tmp_path.glob("quarantine"))
    assert not list(tmp_path.glob("archive"))


def test_run_ingests_around_hostile_files_and_warns_once_of_a_missing_folder(tmp_path):
    drop, missing = tmp_path / "drop", tmp_path / "not-yet"
    cases = build(drop, tmp_path / "outside", random.Random(7))
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "--env-file", os.devnull, "run"],
        cwd=tmp_path,
        env=environ(
            DATABASE_PATH=str(tmp_path / "run.db"),
            DROP_FOLDERS=f"{drop},{missing}",
            DROP_SETTLE="0.3s",
            SCAN_INTERVAL="0.1",
            LOG_LEVEL="INFO",
        ),
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not (drop / "archive" / "good.md").exists():
            time.sleep(0.1)
        time.sleep(0.5)  # a few more scans: the warnings must not repeat
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=15)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, err
    assert (drop / "archive" / "good.md").exists(), err
    assert "Traceback" not in err, err
    assert SECRET not in err
    assert err.count("does not exist") == 1, err
    assert err.count("pipe.txt") == 1, err  # left alone, said once
    assert "failed; restarting" not in err
    for case in cases:
        got = where(drop, case)
        assert got == case.expect or (got in (ARCHIVED, QUARANTINED) and case.expect != LEFT), (case, got)
    assert SECRET.encode() not in everything_written(tmp_path)
