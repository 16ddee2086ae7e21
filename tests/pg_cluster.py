"""A throwaway PostgreSQL cluster for the tests: ``python tests/pg_cluster.py start|stop FOLDER [--durable]``.

``start`` makes FOLDER (initdb as the ``postgres`` user when run as root, since the server refuses root), starts
the server on a free loopback port with its unix sockets inside FOLDER, and prints the URL to export as
``NEWSDIGEST_TEST_PG_URL``. ``stop`` stops it and removes FOLDER. Used by ``.ci/run`` and by developers alike.
Exit status 3 with one line on stderr when PostgreSQL cannot be started (the PostgreSQL tests then skip).
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
from pathlib import Path

BIN_DIRS = [Path(p) for p in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)]


def _binary(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    for folder in BIN_DIRS:
        if (folder / name).exists():
            return str(folder / name)
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_owner(argv: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv


def start(folder: Path, *, durable: bool = False) -> str:
    """Create and start the cluster; return its URL.

    For the tests, nothing waits for the disk (fsync off); ``durable`` keeps PostgreSQL's defaults, as a
    benchmark must.
    """
    initdb, pg_ctl = _binary("initdb"), _binary("pg_ctl")
    if initdb is None or pg_ctl is None:
        raise RuntimeError("initdb/pg_ctl not found (install postgresql-15)")
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0 and folder.parent.stat().st_uid == 0:
        # mktemp -d makes a folder only root may enter; the server's user must reach its own folder inside.
        folder.parent.chmod(folder.parent.stat().st_mode | 0o011)
    password = secrets.token_hex(12)
    (folder / "pw").write_text(password + "\n")
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
        shutil.chown(folder / "pw", "postgres", "postgres")
    data = folder / "data"
    run = {"check": True, "capture_output": True, "text": True, "timeout": 120}
    subprocess.run(
        _as_owner(
            [
                initdb,
                "-D",
                str(data),
                "-U",
                "postgres",
                "-A",
                "scram-sha-256",
                f"--pwfile={folder / 'pw'}",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ]
        ),
        **run,  # type: ignore[call-overload]
    )
    port = _free_port()
    options = (
        f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={folder}"
        " -c max_connections=200 -c shared_buffers=256MB"
    )
    if not durable:
        options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    (folder / "options").write_text(options)
    resume(folder)
    (folder / "url").write_text(f"postgresql://postgres:{password}@127.0.0.1:{port}/postgres\n")
    return f"postgresql://postgres:{password}@127.0.0.1:{port}/postgres"


def halt(folder: Path) -> None:
    """Stop the server as an operator's restart does (connections cut), keeping its data for :func:`resume`."""
    pg_ctl = _binary("pg_ctl")
    assert pg_ctl is not None
    subprocess.run(
        _as_owner([pg_ctl, "-D", str(folder / "data"), "-m", "fast", "-w", "-t", "60", "stop"]),
        check=True,
        capture_output=True,
        timeout=90,
    )


def resume(folder: Path) -> None:
    """Start the server of ``folder`` (again), on the same port with the same options."""
    pg_ctl = _binary("pg_ctl")
    assert pg_ctl is not None
    data, options = folder / "data", (folder / "options").read_text()
    subprocess.run(
        _as_owner([pg_ctl, "-D", str(data), "-o", options, "-l", str(folder / "log"), "-w", "-t", "60", "start"]),
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )


def stop(folder: Path) -> None:
    """Stop the cluster (if running) and remove its folder."""
    pg_ctl = _binary("pg_ctl")
    if pg_ctl is not None and (folder / "data" / "postmaster.pid").exists():
        subprocess.run(
            _as_owner([pg_ctl, "-D", str(folder / "data"), "-m", "immediate", "-w", "stop"]),
            check=False,
            capture_output=True,
            timeout=60,
        )
    shutil.rmtree(folder, ignore_errors=True)


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3) or argv[0] not in {"start", "stop"} or argv[2:] not in ([], ["--durable"]):
        print("usage: pg_cluster.py start|stop FOLDER [--durable]", file=sys.stderr)
        return 2
    folder = Path(argv[1])
    if argv[0] == "stop":
        stop(folder)
        return 0
    try:
        print(start(folder, durable=argv[2:] == ["--durable"]))
    except (OSError, RuntimeError, subprocess.SubprocessError) as exc:
        detail = getattr(exc, "stderr", "") or ""
        last = detail.strip().splitlines()[-1:] if detail else []
        print(f"PostgreSQL not started: {exc}{': ' + last[0] if last else ''}", file=sys.stderr)
        stop(folder)
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
