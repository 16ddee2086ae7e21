"""The suite's own set-up (tests/conftest.py): what the main process prepares before the workers start."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_the_test_modules_and_the_bots_modules_are_compiled_before_the_workers_collect(pytestconfig):
    """Even with PYTHONDONTWRITEBYTECODE set (CI's hosts), each worker reads the rewritten test modules and every
    ``python -m bot`` the compiled modules, instead of rewriting and compiling them again."""
    if pytestconfig.getoption("assertmode") != "rewrite":
        pytest.skip("asserts are not rewritten (--assert=plain): there is no rewritten module to read")
    from _pytest.assertion import rewrite

    # pytest's private helpers (tests/conftest.py uses the same): a pytest that changed them only costs the workers
    # their rewriting again, so this part is skipped rather than failed there.
    read_pyc, cache_dir, tail = (getattr(rewrite, n, None) for n in ("_read_pyc", "get_cache_dir", "PYC_TAIL"))
    if read_pyc is None or cache_dir is None or not isinstance(tail, str):
        pytest.skip("this pytest has no _read_pyc/get_cache_dir/PYC_TAIL: the workers rewrite their test modules")
    this = Path(__file__)  # a module of the session (the main process rewrites those it was asked to collect)
    pyc = cache_dir(this) / (this.name[:-3] + tail)
    assert read_pyc(this, pyc) is not None, pyc
    for module in (ROOT / "bot" / "cli.py", ROOT / "bot" / "runner.py", ROOT / "tests" / "feed_server.py"):
        compiled = Path(importlib.util.cache_from_source(str(module)))
        assert compiled.is_file(), compiled
        header = compiled.read_bytes()[:12]
        assert header[:4] == importlib.util.MAGIC_NUMBER, compiled
        assert int.from_bytes(header[8:12], "little") == int(module.stat().st_mtime) & 0xFFFFFFFF, compiled  # current
