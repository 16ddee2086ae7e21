"""bench/scale_pg.py's count of the server's CPU on a real local server."""

from __future__ import annotations

import os
from pathlib import Path

import psycopg
import pytest

from bench.scale_pg import server_cpu
from tests.pg_support import SKIP_REASON, admin_url


def _own_cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def test_the_cpu_of_a_backend_still_connected_is_counted() -> None:
    url = admin_url()
    if url is None:
        pytest.skip(SKIP_REASON)
    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT pg_backend_pid()").fetchone()
        assert row is not None
        pid = int(row[0])
        before = server_cpu(url)
        used_before = _own_cpu(pid)
        conn.execute("SELECT sum(g) FROM generate_series(1, 4000000) g")
        used = _own_cpu(pid) - used_before
        after = server_cpu(url)
        # The backend is still connected: its CPU is in no exited child's count, only in its own.
        assert used > 0.05
        assert after - before >= used - 0.02
    assert before >= 0
