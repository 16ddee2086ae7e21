"""Shared fixtures: a fresh database file per test, a manual clock, a local feed server."""

from __future__ import annotations

import fcntl
import os
from collections.abc import AsyncIterator, Generator, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest
from feed_server import FeedServer
from hypothesis import HealthCheck, settings
from pg_support import SKIP_REASON, admin_url, drop_template, fresh_database, fresh_database_url_sync

from bot.clock import ManualClock
from bot.store.db import Database

SHARED = Path(__file__).resolve().parents[2] / "shared"
MAX_WORKERS = 8

# Property tests check what is computed, not how fast: with four workers on two cores an example can take
# longer than Hypothesis's default 200 ms deadline without anything being wrong (speed is bench/'s job).
settings.register_profile("suite", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("suite")


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """How many workers ``-n auto`` (pyproject's addopts) starts: three a core, at most ``MAX_WORKERS``.

    Most of the suite's time is real processes waiting out leases, retries and back-offs, not CPU: on two cores,
    three workers a core took the suite from 523 s (two a core) to 446 s, and the cores were still idle a third of
    that time (user and system CPU 604 s; bench/README.md, the lead's third probe). PYTEST_XDIST_AUTO_NUM_WORKERS
    still decides when set; ``-n 0`` runs in one process.
    """
    chosen = os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS", "").strip()
    if chosen.isdigit():
        return int(chosen)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(2, min(3 * cores, MAX_WORKERS))


def pytest_configure(config: pytest.Config) -> None:
    """In the main process, before any worker starts: compile once what every worker and subprocess reads.

    Each xdist worker rewrites the asserts of every test module when it collects, and each ``python -m bot`` a
    test starts compiles the modules it imports, unless a cached copy exists; with ``PYTHONDONTWRITEBYTECODE``
    set (as on CI's hosts) none is ever written, so all of them do it again. Written here once (the workers
    and subprocesses only read them), a worker collects in 3.3 s of CPU instead of 7.6 s.
    """
    if hasattr(config, "workerinput"):
        return
    _compile_sources(config)


def _compile_sources(config: pytest.Config) -> None:
    """Write the bytecode of the project's modules and the assert-rewritten test modules, where out of date."""
    import compileall
    import re

    root = Path(config.rootpath)
    tests = Path(__file__).resolve().parent
    test_module = re.compile(r"(^|[/\\])(test_[^/\\]*|[^/\\]*_test|conftest)\.py$")
    for folder in (root / "bot", root / "bench"):
        if folder.is_dir():
            compileall.compile_dir(folder, quiet=2)
    # The support modules (feed_server, discord_emulator, ...), not the test modules nor the data's scripts.
    data = rf"^{re.escape(str(tests))}[/\\]data[/\\]"
    compileall.compile_dir(tests, quiet=2, rx=re.compile(rf"{test_module.pattern}|{data}"))
    if config.getoption("assertmode") != "rewrite":
        return
    # The test modules this session collects (the folders or files it was given) and every conftest.
    sources = set(tests.rglob("conftest.py"))
    for arg in config.args:
        path = (config.invocation_params.dir / arg.split("::")[0]).resolve()
        if path.is_dir():
            sources.update(p for p in path.rglob("*.py") if test_module.search(str(p)))
        elif path.is_file() and test_module.search(str(path)):
            sources.add(path)
    try:  # pytest's own cache of rewritten modules (private: if it changes, the workers just rewrite as before)
        from _pytest.assertion import rewrite

        state = config.stash[rewrite.assertstate_key]
        for source in sorted(sources):
            cache = rewrite.get_cache_dir(source)
            pyc = cache / (source.name[:-3] + rewrite.PYC_TAIL)
            if rewrite._read_pyc(source, pyc) is not None or not rewrite.try_makedirs(cache):
                continue
            try:
                source_hash, code = rewrite._rewrite_test(source, config)
            except (OSError, SyntaxError, ValueError):  # the worker that imports it says what is wrong
                continue
            rewrite._write_pyc(state, code, source_hash, pyc)
    except (ImportError, AttributeError, KeyError, TypeError):
        return


@contextmanager
def _turn(item: pytest.Item) -> Iterator[None]:
    """Hold the room shared for a test, or alone for one marked ``alone``, across the session's workers.

    A turnstile of two ``flock`` files in the folder every worker's temporary folder is in: a test marked
    ``alone`` takes the gate (no test starts after it) and then the room once the tests running elsewhere end.
    """
    workerinput = getattr(item.config, "workerinput", None)
    if workerinput is None or not item.config.option.basetemp:  # one process: nothing else runs meanwhile
        yield
        return
    folder = Path(item.config.option.basetemp).parent
    alone = item.get_closest_marker("alone") is not None
    with (folder / "turns.gate").open("a") as gate, (folder / "turns.room").open("a") as room:
        fcntl.flock(gate, fcntl.LOCK_EX)
        try:
            fcntl.flock(room, fcntl.LOCK_EX if alone else fcntl.LOCK_SH)
        finally:
            if not alone:
                fcntl.flock(gate, fcntl.LOCK_UN)
        yield  # closing the files lets both go


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Generator[None, object, object]:
    """Run each test in its turn (see :func:`_turn`): a timing test marked ``alone`` shares no CPU with others."""
    with _turn(item):
        return (yield)


@pytest.fixture
async def server() -> AsyncIterator[FeedServer]:
    """A real aiohttp server on 127.0.0.1 serving the feeds a test registers."""
    fs = FeedServer()
    await fs.server.start_server()
    try:
        yield fs
    finally:
        await fs.server.close()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(datetime(2025, 10, 17, 9, 0, tzinfo=UTC))


@pytest.fixture(params=["sqlite", "postgresql"])
async def db(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Database]:
    """The store on both backends: a fresh SQLite file, and a fresh PostgreSQL database (skipped without one)."""
    async with fresh_database(request.param, tmp_path / "test.db") as database:
        yield database


@pytest.fixture(params=["sqlite", "postgresql"])
def cli_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """What a command-line test gives ``--db``: a SQLite file's path, or a fresh PostgreSQL database's URL."""
    if request.param == "sqlite":
        yield str(tmp_path / "news.db")
        return
    with fresh_database_url_sync() as url:
        yield url


@pytest.fixture
async def sqlite_db(tmp_path: Path) -> AsyncIterator[Database]:
    """A fresh SQLite file, for the tests of what only SQLite has (its file, its locks, FTS5's own rules)."""
    database = await Database.open(tmp_path / "test.db")
    try:
        yield database
    finally:
        await database.close()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say once, in one line, that the PostgreSQL cases were skipped and why."""
    skipped = [r for r in terminalreporter.stats.get("skipped", []) if SKIP_REASON in str(r.longrepr)]
    if skipped:
        terminalreporter.write_line(f"{len(skipped)} PostgreSQL cases skipped: {SKIP_REASON}")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    url = admin_url()
    if url is not None:
        drop_template(url)
