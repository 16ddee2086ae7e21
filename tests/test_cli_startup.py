"""``newsdigest ingest`` starts with what it needs: the other commands' modules wait until they run.

An ingest pays every import of its process before its first file: the digest's templates (jinja2), the
newsletter, the chat bot, the feed parser and ``db copy`` are not among what it needs. ``--help`` still lists
every command, and each command's own help still answers.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from bot.cli import build_parser

ROOT = Path(__file__).resolve().parents[1]

# Modules an ingest of text, Markdown and JSON article files must not import.
NOT_FOR_INGEST = (
    "aiohttp",
    "dateparser",
    "discord",
    "feedparser",
    "jinja2",
    "lxml",
    "bot.chat",
    "bot.delivery",
    "bot.digest.render",
    "bot.digest.select",
    "bot.newsletter.commands",
    "bot.store.copy",
    "bot.webhooks",
)

RUN = """
import json, sys
from bot.cli import main
status = main(sys.argv[1:])
print(json.dumps({"status": status, "modules": sorted(sys.modules)}))
"""


def run(tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "DATABASE_", "DROP_", "SMTP_"))}
    env["PYTHONPATH"] = str(ROOT)
    command = [sys.executable, "-c", RUN, "--env-file", os.devnull, *args]
    return subprocess.run(command, cwd=tmp, env=env, capture_output=True, text=True, timeout=120, check=False)


def write_drop(folder: Path) -> None:
    folder.mkdir()
    (folder / "tram.txt").write_text(
        "Tram drivers in Eastholm vote to strike over rotas\n\n"
        "Tram drivers in Eastholm voted on Tuesday to strike for two days next month, their union said, after"
        " talks over new rotas broke down.\n\n"
        "The city's transport board said it regretted the vote and would keep the bus network running.\n",
        encoding="utf-8",
    )
    (folder / "harbour.md").write_text(
        "# Harbour bridge reopens after repairs\n\n"
        "The harbour bridge in Westmere reopened to traffic on Monday after six weeks of repairs to its deck.\n\n"
        "Engineers said the work had finished a week earlier than planned.\n",
        encoding="utf-8",
    )
    article = {
        "title": "Library extends its opening hours for the exam season",
        "content": "The central library in Northby will open until midnight for the next four weeks, the council"
        " said on Wednesday.\n\nStudents had asked for longer hours in a petition signed by 900 people.",
        "published": "2026-12-01T09:00:00Z",
    }
    (folder / "library.json").write_text(json.dumps(article), encoding="utf-8")


def test_ingest_imports_none_of_the_other_commands_modules(tmp_path):
    write_drop(tmp_path / "drop")
    done = run(tmp_path, "--db", str(tmp_path / "news.db"), "ingest", str(tmp_path / "drop"))
    assert done.returncode == 0, done.stderr
    out, _, last = done.stdout.rstrip("\n").rpartition("\n")
    assert out.startswith("new: 3 "), done.stdout + done.stderr
    result = json.loads(last)
    assert result["status"] == 0
    loaded = [m for m in result["modules"] if m.startswith(NOT_FOR_INGEST)]
    assert loaded == []
    assert "bot.ingest.formats.text" in result["modules"]  # the check sees the ingest's own imports


def test_a_digest_still_imports_what_it_renders_with(tmp_path):
    """The check above could pass by a command that never ran: the digest shows the modules do load."""
    write_drop(tmp_path / "drop")
    db = str(tmp_path / "news.db")
    assert run(tmp_path, "--db", db, "ingest", str(tmp_path / "drop")).returncode == 0
    done = run(tmp_path, "--db", db, "digest", "--since", "3650d")
    assert done.returncode == 0, done.stderr
    assert "Harbour bridge reopens" in done.stdout
    modules = json.loads(done.stdout.rstrip("\n").rpartition("\n")[2])["modules"]
    assert "jinja2" in modules
    assert "bot.digest.render" in modules


def test_help_lists_every_command_and_each_commands_help_answers(tmp_path):
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    expected = {
        "demo", "ingest", "parse", "keypoints", "find", "digest", "explain", "stats",
        "feeds", "newsletter", "schedule", "db", "run",
    }  # fmt: skip
    assert set(commands) == expected
    done = run(tmp_path, "--help")
    assert done.returncode == 0, done.stderr
    for command in expected:
        assert f"\n    {command} " in done.stdout, command
    for command in expected:
        assert commands[command].format_help().startswith(f"usage: newsdigest {command}")
