"""`parse` and `keypoints` survive any one input: the failing file or line is reported, the rest go on."""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from bot import cli
from bot.clock import ManualClock
from bot.config import load_settings

ROOT = Path(__file__).resolve().parents[1]

_PAGE = """<html><head><title>{title}</title>
<script type="application/ld+json">{ld}</script></head>
<body><h1>{title}</h1><article><p>{body}</p><p>{body}</p></article></body></html>"""
_BODY = "The harbour ferry will run every ten minutes from Monday, the city said in a statement on its site."


def _run(tmp_path: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "DATABASE_", "KEY_POINTS"))}
    env["PYTHONPATH"] = str(ROOT)
    (tmp_path / "none.env").write_text("")  # an empty settings file: nothing from the user's .env
    return subprocess.run(
        [sys.executable, "-m", "bot", "--env-file", str(tmp_path / "none.env"), *args],
        cwd=tmp_path,
        input=stdin,
        capture_output=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_parse_reads_pages_whose_json_ld_holds_lists_numbers_and_nulls(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    odd = {
        "a.html": {"@type": "NewsArticle", "author": {"@type": "Person", "name": ["Ann Lee", "Bo Chan"]}},
        "b.html": {"@graph": [{"@type": ["NewsArticle"], "headline": 12, "author": [None, 3.5], "datePublished": 1}]},
        "c.html": "{ this is not json",
    }
    for name, ld in odd.items():
        text = ld if isinstance(ld, str) else json.dumps(ld)
        (folder / name).write_text(_PAGE.format(title=f"Ferry timetable {name}", ld=text, body=_BODY))
    result = _run(tmp_path, "parse", str(folder), "--json")
    assert b"Traceback" not in result.stderr
    assert result.returncode == 0, result.stdout + result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert sorted(Path(r["path"]).name for r in records) == sorted(odd)
    assert next(r for r in records if r["path"].endswith("a.html"))["author"] == "Ann Lee"


def test_a_parser_bug_on_one_file_is_reported_and_the_rest_go_on(tmp_path, monkeypatch):
    folder = tmp_path / "pages"
    folder.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        (folder / name).write_text(f"Ferry timetable {name}\n\n{_BODY}\n")
    from bot.ingest import reading

    real = reading.parse_retrieved

    def fails_on_b(item, **kwargs):  # a fault injected on one input, as an unknown bug would be
        if item.name == "b.txt":
            raise AttributeError("'list' object has no attribute 'split'")
        return real(item, **kwargs)

    monkeypatch.setattr(reading, "parse_retrieved", fails_on_b)  # parse reads through ingest's reader
    (tmp_path / "none.env").write_text("")
    settings = load_settings(env_file=tmp_path / "none.env")
    clock = ManualClock(datetime(2025, 10, 17, 9, 30, tzinfo=UTC))
    texts = {}
    for as_json in (True, False):
        out = io.StringIO()
        args = argparse.Namespace(paths=[str(folder)], json=as_json, count=None)
        assert cli.cmd_parse(args, settings, clock, out) == 1
        texts[as_json] = out.getvalue()
        assert "Traceback" not in texts[as_json]
        assert "the parser failed (AttributeError" in texts[as_json]
        assert texts[as_json].count("Ferry timetable") >= 2
    records = [json.loads(line) for line in texts[True].splitlines()]
    assert [Path(r["path"]).name for r in records if "error" in r] == ["b.txt"]
    assert sorted(Path(r["path"]).name for r in records if "error" not in r) == ["a.txt", "c.txt"]


def test_keypoints_answers_every_line_even_after_bytes_that_are_not_utf8(tmp_path):
    good = json.dumps({"id": 1, "text": _BODY + " " + _BODY, "title": "Ferry"}).encode()
    latin = b'{"id": 2, "text": "caf\xe9 \xff\xfe"}'
    lines = b"\n".join([good, latin, b"[1, 2]", good.replace(b'"id": 1', b'"id": 4')])
    result = _run(tmp_path, "keypoints", stdin=lines + b"\n")
    assert b"Traceback" not in result.stderr
    assert result.returncode == 1
    answers = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert [a.get("id") for a in answers] == [1, 2, None, 4]
    assert answers[2] == {"line": 3, "id": None, "error": "expected an object with a string 'text'"}
    assert "line 3" in result.stderr.decode()


def test_parse_writes_names_that_are_not_utf8_and_text_with_lone_surrogates(tmp_path):
    folder = tmp_path / "odd"
    folder.mkdir()
    (folder / os.fsdecode(b"caf\xe9.txt")).write_text(f"Ferry timetable\n\n{_BODY}\n")
    (folder / "lone.json").write_text(json.dumps({"title": "Ferry \udfff news", "body": _BODY}))
    result = _run(tmp_path, "parse", str(folder), "--json")
    assert b"Traceback" not in result.stderr
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.decode("utf-8").splitlines()]
    assert sorted(Path(r["path"]).name for r in records) == ["caf\\xe9.txt", "lone.json"]
    assert next(r for r in records if r["path"].endswith("lone.json"))["title"] == "Ferry \ufffd news"


def test_keypoints_answers_lines_holding_lone_surrogates(tmp_path):
    line = json.dumps({"id": "\udfff", "text": f"{_BODY} \ud800 {_BODY}"}).encode()
    result = _run(tmp_path, "keypoints", stdin=line + b"\n")
    assert b"Traceback" not in result.stderr
    assert result.returncode == 0
    (answer,) = [json.loads(x) for x in result.stdout.decode("utf-8").splitlines()]
    assert answer["id"] == "\ufffd"
    assert answer["key_points"]


def test_parse_reads_a_folder_by_the_drop_folder_rules(tmp_path):
    """No link inside a folder is followed, a FIFO never blocks, and the readable file is still parsed."""
    secret = tmp_path / "outside" / ".env"
    secret.parent.mkdir()
    secret.write_text("DISCORD_TOKEN=never-shown-0451\n")
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "good.txt").write_text(f"Ferry timetable\n\n{_BODY}\n")
    (folder / "env.txt").symlink_to(secret)
    os.mkfifo(folder / "pipe.txt")
    result = _run(tmp_path, "parse", str(folder), "--json")
    assert b"never-shown-0451" not in result.stdout + result.stderr
    assert b"Traceback" not in result.stderr
    records = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert [r["path"] for r in records] == ["good.txt"]
    assert b"symbolic link" in result.stderr
    assert b"FIFO" in result.stderr
