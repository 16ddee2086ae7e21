"""Helpers shared by the durability, fuzz and loop-health tests (and bench/durability.py)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from bot.errors import NewsdigestError
from bot.store.db import MIGRATION_FUNCTIONS

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # bench/ is not installed with the package; tests may run from anywhere
    sys.path.insert(0, str(ROOT))

from bench.corpus import Corpus  # noqa: E402 - needs the path above


def assert_own_error(exc: BaseException) -> None:
    """Fail unless ``exc`` is one of the project's errors with a message a person can read."""
    assert isinstance(exc, NewsdigestError), f"{type(exc).__name__} escaped: {exc!r}"
    assert str(exc).strip(), f"{type(exc).__name__} with an empty message"


def cli_env(db: Path, **extra: str) -> dict[str, str]:
    """Return a minimal environment for a ``python -m bot`` child: no user .env, no token, quiet logs."""
    keep = {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT"}
    env = {k: v for k, v in os.environ.items() if k in keep}
    env.update({"DATABASE_PATH": str(db), "LOG_LEVEL": "WARNING", "PYTHONDONTWRITEBYTECODE": "1", **extra})
    return env


def bot_command(*args: str, env_file: Path) -> list[str]:
    """Return the argv that runs the CLI from this checkout."""
    return [sys.executable, "-m", "bot", "--env-file", str(env_file), *args]


def start_cli(args: list[str], db: Path, tmp: Path, **extra: str) -> subprocess.Popen[str]:
    """Start ``newsdigest ARGS`` from this checkout as a child process."""
    return subprocess.Popen(
        bot_command(*args, env_file=Path(os.devnull)),
        cwd=ROOT,
        env=cli_env(db, **extra),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def run_cli(
    args: list[str], db: Path, tmp: Path, timeout: float = 120, **extra: str
) -> subprocess.CompletedProcess[str]:
    """Run ``newsdigest ARGS`` to the end."""
    return subprocess.run(
        bot_command(*args, env_file=Path(os.devnull)),
        cwd=ROOT,
        env=cli_env(db, **extra),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def age_files(paths: Iterable[Path], seconds: float = 120) -> None:
    """Set modification times in the past, so a drop-folder scan sees the files as complete."""
    when = time.time() - seconds
    for path in paths:
        os.utime(path, (when, when))


def write_corpus(
    folder: Path, n: int, seed: int = 7, mix: tuple[float, float, float] = (0.8, 0.1, 0.1)
) -> dict[str, str]:
    """Write ``n`` synthetic drop files (``mix``: shares of .txt, .md, .json), aged; return {file name: headline}."""
    corpus = Corpus(seed, days=max(1.0, n / 200))
    titles = {item.number: item.article.title for item in corpus.articles(n)}
    paths = corpus.write_drop_files(folder, n, mix=mix)
    age_files(paths)
    return {p.name: titles[int(p.name.split("_", 1)[0])] for p in paths}


@dataclass
class Census:
    """Where every drop file is: still waiting, archived, quarantined (by file name)."""

    waiting: set[str] = field(default_factory=set)
    archived: list[str] = field(default_factory=list)
    quarantined: list[str] = field(default_factory=list)


def census(drop: Path) -> Census:
    """Count the files in a drop folder and its archive and quarantine folders."""
    result = Census()
    for path in drop.rglob("*"):
        if not path.is_file():
            continue
        parts = path.relative_to(drop).parts
        if parts[0] == "archive":
            result.archived.append(path.name)
        elif parts[0] == "quarantine":
            if not path.name.endswith(".why.txt"):
                result.quarantined.append(path.name)
        else:
            result.waiting.add(path.name)
    return result


def database_problems(db: Path) -> list[str]:
    """Check a database the way a crash could have hurt it; return what is wrong (empty when sound)."""
    if not db.exists():
        return []
    problems: list[str] = []
    conn = sqlite3.connect(str(db))
    for name, function in MIGRATION_FUNCTIONS.items():  # articles_fts reads its text through cjk_spaced (0017)
        conn.create_function(name, 1, function, deterministic=True)
    try:
        integrity = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        if integrity != ["ok"]:
            problems.append(f"integrity_check: {integrity[:5]}")
        fk = conn.execute("PRAGMA foreign_key_check").fetchall()
        if fk:
            problems.append(f"foreign_key_check: {fk[:5]}")
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "articles" not in tables:
            return problems  # killed before the first migration committed: an empty database is sound
        for index in ("articles_fts", "titles_fts"):
            if index not in tables:
                continue  # titles_fts comes with migration 6
            try:
                # rank 1: also compare the index with the articles' text (an article missing from it fails).
                conn.execute(f"INSERT INTO {index} ({index}, rank) VALUES ('integrity-check', 1)")  # noqa: S608
            except sqlite3.DatabaseError as exc:
                problems.append(f"FTS index {index} out of step with articles: {exc}")
        for row in conn.execute(
            "SELECT a.id, a.title, a.body, a.key_points, a.fingerprint,"
            " (SELECT COUNT(*) FROM stories s WHERE s.id = a.story_id),"
            " (SELECT COUNT(*) FROM entry_keys e WHERE e.article_id = a.id)"
            " FROM articles a"
        ):
            article_id, title, body, points, fp, story, keys = row
            if not title or not title.strip() or not body or not fp:
                problems.append(f"article {article_id}: empty title, body or fingerprint")
            try:
                if not isinstance(json.loads(points), list):
                    problems.append(f"article {article_id}: key points are not a list")
            except ValueError:
                problems.append(f"article {article_id}: key points are not JSON")
            if story != 1:
                problems.append(f"article {article_id}: its story row is missing")
            if keys < 1:
                problems.append(f"article {article_id}: no entry key recorded with it")
    finally:
        conn.close()
    return problems


def stored_files(db: Path) -> tuple[int, list[str]]:
    """Return (number of articles, names of the drop files recorded in entry keys, with repeats).

    The pipeline keys a drop file's article as ``file:<relative path>:<sha256>``, committed with the article.
    """
    if not db.exists():
        return 0, []
    conn = sqlite3.connect(str(db))
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "articles" not in tables:
            return 0, []
        count = int(conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
        keys = [r[0] for r in conn.execute("SELECT key FROM entry_keys WHERE key LIKE 'file:%'")]
        return count, [key[len("file:") :].rsplit(":", 1)[0] for key in keys]
    finally:
        conn.close()


def stored_titles(db: Path) -> list[str]:
    """Return every stored headline (with repeats)."""
    if not db.exists():
        return []
    conn = sqlite3.connect(str(db))
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "articles" not in tables:
            return []
        return [r[0] for r in conn.execute("SELECT title FROM articles")]
    finally:
        conn.close()
