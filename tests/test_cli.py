"""The command line end to end: real subprocesses, a real database file, a temporary folder."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


def run(tmp_path: Path, *args: str, stdin: str | None = None, env: dict[str, str] | None = None):
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "DATABASE_", "KEY_POINTS"))}
    environ["PYTHONPATH"] = str(ROOT)
    environ.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "bot", "--env-file", os.devnull, *args],
        cwd=tmp_path,
        input=stdin,
        capture_output=True,
        text=True,
        env=environ,
        timeout=120,
        check=False,
    )


@pytest.fixture
def drop(tmp_path: Path) -> Path:
    folder = tmp_path / "drop"
    shutil.copytree(EXAMPLES, folder)
    return folder


def test_ingest_then_digest_find_and_stats(tmp_path, drop, cli_db):
    db = cli_db
    first = run(tmp_path, "--db", db, "ingest", "--archive", str(drop))
    assert first.returncode == 0, first.stderr
    assert "new: 11  duplicate: 0  quarantined: 0  failed: 0" in first.stdout
    assert sorted(p.name for p in (drop / "archive").iterdir()) == sorted(p.name for p in EXAMPLES.iterdir())

    # The same files dropped again are duplicates, not new articles.
    for path in EXAMPLES.iterdir():
        shutil.copy(path, drop / path.name)
    again = run(tmp_path, "--db", db, "ingest", "--archive", str(drop))
    assert "new: 0  duplicate: 11" in again.stdout

    digest = run(tmp_path, "--db", db, "digest", "--since", "24h", "--format", "markdown")
    assert digest.returncode == 0, digest.stderr
    assert digest.stdout.count("\n## ") == 8  # 11 articles, 3 stories told twice
    assert "also in" in digest.stdout

    messages = json.loads(run(tmp_path, "--db", db, "digest", "--format", "discord-json").stdout)
    assert messages
    assert all(len(m.get("content", "")) <= 2000 for m in messages)
    assert all(m["allowed_mentions"] == {"parse": []} for m in messages)

    html = tmp_path / "digest.html"
    wrote = run(tmp_path, "--db", db, "digest", "--format", "html", "--out", str(html))
    assert wrote.returncode == 0
    assert html.read_text().lstrip().lower().startswith("<!doctype html")

    found = run(tmp_path, "--db", db, "find", "tram strike", "--json")
    hits = [json.loads(line) for line in found.stdout.splitlines()]
    assert hits
    assert "tram" in hits[0]["title"].lower()

    stats = json.loads(run(tmp_path, "--db", db, "stats", "--json").stdout)
    assert stats["articles"] == 11
    assert stats["stories"] == 8


def test_find_answers_hostile_text_without_a_traceback(tmp_path, drop, cli_db):
    db = cli_db
    run(tmp_path, "--db", db, "ingest", str(drop))
    for query in ['"unbalanced', "NEAR(", "*", "'; DROP TABLE articles; --", "🙂", "x" * 5000]:
        result = run(tmp_path, "--db", db, "find", query)
        assert "Traceback" not in result.stderr
        assert result.returncode in (0, 1)
    empty = run(tmp_path, "--db", db, "find", "🙂")
    assert empty.returncode == 1
    assert "cannot be searched" in empty.stderr


def test_parse_json_contract_and_failures(tmp_path, drop):
    (drop / "broken.json").write_text("{ not json")
    result = run(tmp_path, "parse", str(drop), "--json")
    assert result.returncode == 1  # one file failed; the others were still parsed
    records = [json.loads(line) for line in result.stdout.splitlines()]
    errors = [r for r in records if "error" in r]
    articles = [r for r in records if "error" not in r]
    assert [Path(e["path"]).name for e in errors] == ["broken.json"]
    assert len(articles) == 11
    for record in articles:
        assert set(record) == {"path", "title", "published", "dateline", "author", "url", "body", "key_points"}
        assert record["title"]
        assert 1 <= len(record["key_points"]) <= 3
    # Nothing is moved by parse.
    assert not (drop / "archive").exists()


def test_keypoints_reads_json_lines(tmp_path):
    text = (
        "The city council approved a new budget on Monday. It raises spending on buses by 12 percent. "
        "Critics said the plan ignores cyclists. The mayor said more money would follow next year. "
        "Officials expect the first new buses in March."
    )
    lines = json.dumps({"id": 7, "text": text, "title": "Council approves budget"}) + "\nnot json\n"
    result = run(tmp_path, "keypoints", "--count", "2", stdin=lines)
    assert result.returncode == 1  # the bad line is reported, the good one answered
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert answers[0]["id"] == 7
    assert len(answers[0]["key_points"]) == 2
    assert "line 2" in result.stderr


def test_bad_setting_stops_with_one_line(tmp_path):
    result = run(tmp_path, "stats", env={"KEY_POINTS": "many"})
    assert result.returncode == 2
    assert result.stderr.strip() == "newsdigest: setting KEY_POINTS: 'many' is not a whole number"


def test_missing_path_and_bad_since_are_reported(tmp_path):
    db = str(tmp_path / "news.db")
    missing = run(tmp_path, "--db", db, "ingest", str(tmp_path / "nowhere"))
    assert missing.returncode == 1
    assert "no such file or folder" in missing.stdout
    bad = run(tmp_path, "--db", db, "digest", "--since", "yesterday-ish")
    assert bad.returncode == 2
    assert "--since" in bad.stderr


def test_feeds_list_on_an_empty_database(tmp_path, cli_db):
    result = run(tmp_path, "--db", cli_db, "feeds", "list")
    assert result.returncode == 0
    assert "no feeds yet" in result.stdout


def test_demo_runs_without_any_setup(tmp_path):
    # A configured PostgreSQL database (here one that cannot be reached) is never the demo's.
    result = run(tmp_path, "demo", env={"DATABASE_URL": "postgresql://news:pw@127.0.0.1:1/news"})
    assert result.returncode == 0, result.stderr
    assert "== today's digest" in result.stdout
    assert "Lisbon tram drivers" in result.stdout
    assert "Results 1-" in result.stdout
    assert "Traceback" not in result.stderr
    assert not list(tmp_path.glob("*.db"))  # the demo's database is temporary


def test_soft_hyphens_and_ligatures_are_no_part_of_the_words_stored_and_searched(tmp_path, cli_db):
    """A German page's "Bundes&shy;regierung" and a PDF copy's "\ufb01nancial" and "of\u00adfices" were stored so:
    `find financial` and `find offices` found nothing, titles and snippets carried the invisible hyphens, and the
    page's heading, which its <title> shortens, stayed the body's first paragraph."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "regeln.html").write_text(
        "<html><head><title>Bundesregierung plant</title></head><body><article>"
        "<h1>Bundes&shy;regierung plant neue Regeln f\u00fcr Mieten</h1><p>Die Bundes&shy;regierung will die Regeln "
        "f\u00fcr Mieten \u00e4ndern, sagte ein Sprecher am Freitag in Berlin. Die Opposition nannte den Plan zu "
        "schwach.</p><p>Der Entwurf soll im Januar ins Kabinett, hie\u00df es aus dem Ministerium.</p></article>"
        "</body></html>",
        encoding="utf-8",
    )
    (folder / "flood.txt").write_text(
        "Council to review \ufb01nancial plan after \ufb02ood damage\n\nBy Ann Lee\n\n"
        "The council will review its \ufb01nancial plan after last month's \ufb02ood damaged the town hall.\n\n"
        "Repairs to the hall\u00adway and the of\u00adfices will begin next week, o\ufb03cials said.\n",
        encoding="utf-8",
    )
    assert run(tmp_path, "--db", cli_db, "ingest", str(folder)).returncode == 0
    for query, title in [
        ("Bundesregierung", "Bundesregierung plant neue Regeln f\u00fcr Mieten"),
        ("financial", "Council to review financial plan after flood damage"),
        ("offices", "Council to review financial plan after flood damage"),
    ]:
        found = run(tmp_path, "--db", cli_db, "find", query, "--json")
        hits = [json.loads(line) for line in found.stdout.splitlines()]
        assert [hit["title"] for hit in hits] == [title], (query, found.stdout, found.stderr)
    parsed = json.loads(run(tmp_path, "parse", str(folder / "regeln.html"), "--json").stdout.splitlines()[0])
    assert not parsed["body"].startswith("Bundes")
