"""Configuration faults, end to end: the real ``newsdigest`` command says one line, exits 2, never hangs."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = Path(sys.executable).with_name("newsdigest")
COMMAND = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "bot"]
TIMEOUT = 60  # generous under load; a hang shows as TimeoutExpired


def newsdigest(tmp_path: Path, *args: str, **settings: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k not in _SETTING_NAMES}
    environ.update({"PYTHONPATH": str(ROOT), "DATABASE_PATH": str(tmp_path / "news.db"), **settings})
    return subprocess.run(
        [*COMMAND, *args], cwd=tmp_path, env=environ, capture_output=True, text=True, timeout=TIMEOUT, check=False
    )


def _names() -> set[str]:
    from bot.config import declared

    return {info.env for info in declared()}


_SETTING_NAMES = _names()


def assert_one_line_exit_2(result: subprocess.CompletedProcess[str], *fragments: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for fragment in fragments:
        assert fragment in lines[0]


def test_missing_templates_dir_is_one_line_not_a_hang(tmp_path):
    result = newsdigest(tmp_path, "run", TEMPLATES_DIR=str(tmp_path / "nowhere"))
    assert_one_line_exit_2(result, "setting TEMPLATES_DIR", "is not a folder")


def test_broken_template_is_said_when_run_starts(tmp_path):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "digest.md.j2").write_text("{% if %}\n", encoding="utf-8")
    result = newsdigest(tmp_path, "run", TEMPLATES_DIR=str(tmp_path / "mine"))
    assert_one_line_exit_2(result, "TEMPLATES_DIR", "digest.md.j2 line 1")


def test_templates_dir_that_is_a_file(tmp_path):
    (tmp_path / "file.j2").write_text("x", encoding="utf-8")
    result = newsdigest(tmp_path, "digest", TEMPLATES_DIR=str(tmp_path / "file.j2"))
    assert_one_line_exit_2(result, "TEMPLATES_DIR")


@pytest.mark.parametrize("command", ["run", "ingest", "stats"])
def test_sqlite_uri_as_database_path_is_refused(tmp_path, command):
    (tmp_path / "x").write_bytes(b"")
    args = [command, str(tmp_path / "x")] if command == "ingest" else [command]
    result = newsdigest(tmp_path, *args, DATABASE_PATH="file:x?mode=ro")
    assert_one_line_exit_2(result, "setting DATABASE_PATH", "SQLite file")


@pytest.mark.parametrize(
    ("url", "advice"),
    [
        ("postgresql://news:pw@db.example.org/news", "set DATABASE_URL"),
        ("postgres://localhost/n", "set DATABASE_URL"),
        ("http://example.org/news.db", "SQLite and PostgreSQL"),
    ],
)
def test_url_as_database_path_is_refused_and_creates_nothing(tmp_path, url, advice):
    result = newsdigest(tmp_path, "stats", DATABASE_PATH=url)
    assert_one_line_exit_2(result, "setting DATABASE_PATH", advice)
    assert ":pw@" not in result.stderr  # a password in the address is not repeated
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_folder_as_database_path_is_refused(tmp_path):
    (tmp_path / "data").mkdir()
    result = newsdigest(tmp_path, "stats", DATABASE_PATH=str(tmp_path / "data"))
    assert_one_line_exit_2(result, "setting DATABASE_PATH", "is a folder")


def test_unreachable_postgresql_url_is_one_line_without_its_password(tmp_path):
    result = newsdigest(tmp_path, "--db", "postgresql://news:s3cret-pw@127.0.0.1:1/db", "stats")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        "newsdigest stats: cannot connect to postgresql://news:[redacted]@127.0.0.1:1/db: Connection refused"
    ]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("url", ["postgresql://", "postgresql://a:pw b@h/db"])
def test_postgresql_url_without_a_server_is_a_setting_fault(tmp_path, url):
    result = newsdigest(tmp_path, "stats", DATABASE_URL=url)
    assert_one_line_exit_2(result, "setting DATABASE_URL", "names no server")
    assert "pw@" not in result.stderr


def test_missing_env_file_is_an_error(tmp_path):
    result = newsdigest(tmp_path, "--env-file", str(tmp_path / "prod.env"), "stats")
    assert_one_line_exit_2(result, "--env-file", "no such file")
    folder = newsdigest(tmp_path, "--env-file", str(tmp_path), "stats")
    assert_one_line_exit_2(folder, "--env-file", "is a folder")


def test_an_env_file_that_never_ends_is_one_line(tmp_path):
    result = newsdigest(tmp_path, "--env-file", "/dev/zero", "stats")
    assert_one_line_exit_2(result, "/dev/zero", "not a settings file")


def test_env_file_given_is_read(tmp_path):
    (tmp_path / "prod.env").write_text("KEY_POINTS=many\n", encoding="utf-8")
    result = newsdigest(tmp_path, "--env-file", str(tmp_path / "prod.env"), "stats")
    assert_one_line_exit_2(result, "setting KEY_POINTS: 'many' is not a whole number")


@pytest.mark.parametrize(
    ("value", "family"),
    [
        ("0.0.0.0/0", "IPv4"),
        ("::/0", "IPv6"),
        ("10.0.0.0/8, 0.0.0.0/1, 128.0.0.0/1", "IPv4"),
        ("::ffff:0:0/96", "IPv4"),
        ("feeds.internal, ::/1, 8000::/1", "IPv6"),
    ],
)
def test_allow_list_covering_every_address_is_refused(tmp_path, value, family):
    result = newsdigest(tmp_path, "run", FEED_ALLOWED_NETWORKS=value)
    assert_one_line_exit_2(result, "setting FEED_ALLOWED_NETWORKS", f"every {family} address")


def test_runner_closes_the_database_when_its_services_fail(tmp_path):
    # Before the fix an exception here left the database thread running: `run` printed the error and hung.
    script = textwrap.dedent(
        f"""
        import asyncio
        from pathlib import Path
        from bot.clock import SystemClock
        from bot.config import Settings
        from bot.errors import ConfigError
        from bot.runner import run_bot

        def broken(settings, db, clock):
            raise ConfigError("TEMPLATES_DIR", "broken on purpose")

        try:
            asyncio.run(run_bot(Settings(database_path=Path({str(tmp_path / "r.db")!r})), clock=SystemClock(),
                                make_services=broken))
        except ConfigError as exc:
            print("raised", exc)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert result.stdout.strip() == "raised TEMPLATES_DIR: broken on purpose", result.stderr


def test_good_settings_still_run_a_command(tmp_path):
    result = newsdigest(tmp_path, "stats", FEED_ALLOWED_NETWORKS="127.0.0.1,10.0.0.0/8", KEY_POINTS="4")
    assert result.returncode == 0, result.stderr


LONG_NAME = "y" * 5000  # past any file system's name limit: stat() itself refuses it (ENAMETOOLONG)


@pytest.mark.parametrize("setting", ["DATABASE_PATH", "TEMPLATES_DIR"])
def test_a_path_the_file_system_refuses_is_a_setting_fault(tmp_path, setting):
    assert_one_line_exit_2(newsdigest(tmp_path, "--env-file", os.devnull, "stats", **{setting: LONG_NAME}), setting)


def test_an_env_file_name_the_file_system_refuses_is_one_line(tmp_path):
    assert_one_line_exit_2(newsdigest(tmp_path, "--env-file", LONG_NAME, "stats"), "--env-file")


@pytest.mark.parametrize("where", [["--archive"], []])
def test_an_ingest_path_the_file_system_refuses_is_one_line(tmp_path, where):
    result = newsdigest(tmp_path, "--env-file", os.devnull, "ingest", *where, LONG_NAME)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
