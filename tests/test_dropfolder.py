"""The drop-folder scanner: what is ready, what waits, what is never looked at; moves never overwrite."""

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.clock import ManualClock
from bot.ingest.dropfolder import DropFolder, is_ignored_name, move_unique, unique_path

START = datetime(2025, 10, 17, 9, 0, tzinfo=UTC)


def write(path: Path, text: str, *, at: datetime) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    os.utime(path, (at.timestamp(), at.timestamp()))
    return path


def names(scan) -> list[str]:
    return [f.relative for f in scan.ready]


def test_ready_files_and_ignored_names(tmp_path):
    old = START - timedelta(minutes=5)
    write(tmp_path / "a.md", "# A\n\nbody", at=old)
    write(tmp_path / "sub" / "b.txt", "b", at=old)
    for hidden in (".hidden.md", "c.md~", "d.md.part", ".e.swp", "f.html.crdownload", "~$g.txt"):
        write(tmp_path / hidden, "x", at=old)
    write(tmp_path / ".git" / "h.md", "x", at=old)
    scan = DropFolder(tmp_path).scan(START)
    assert names(scan) == ["a.md", "sub/b.txt"]
    assert scan.waiting == []


def test_never_descends_into_archive_or_quarantine(tmp_path):
    old = START - timedelta(minutes=5)
    write(tmp_path / "archive" / "done.md", "x", at=old)
    write(tmp_path / "quarantine" / "bad.md", "x", at=old)
    write(tmp_path / "elsewhere" / "q" / "x.md", "x", at=old)
    write(tmp_path / "new.md", "x", at=old)
    assert names(DropFolder(tmp_path).scan(START)) == ["elsewhere/q/x.md", "new.md"]
    # After ARCHIVE_DIR changes, the old default-named archive (and a stray reason file) stay out too.
    write(tmp_path / "stray.md.why.txt", "server paths", at=old)
    custom = DropFolder(tmp_path, archive_dir=tmp_path / "elsewhere", quarantine_dir=tmp_path / "bad")
    assert names(custom.scan(START)) == ["new.md"]


def test_growing_file_waits_for_a_quiet_scan(tmp_path):
    clock = ManualClock(START)
    folder = DropFolder(tmp_path)
    path = write(tmp_path / "story.md", "# Title\n\npart one", at=clock.now() - timedelta(seconds=0.3))
    # Modified within the last second: still being written.
    assert folder.scan(clock.now()).waiting == [path]
    clock.advance(0.5)
    # Grew since the previous scan (its mtime is old enough now, but the size changed).
    write(path, "# Title\n\npart one and part two", at=clock.now() - timedelta(seconds=2))
    scan = folder.scan(clock.now())
    assert scan.ready == []
    assert scan.waiting == [path]
    clock.advance(5)
    # Unchanged since the previous scan and quiet for more than a second: ready.
    assert names(folder.scan(clock.now())) == ["story.md"]


def test_first_sight_of_an_old_file_is_ready_at_once(tmp_path):
    # A one-shot `newsdigest ingest FOLDER` has no previous scan; a file written long ago must not wait.
    write(tmp_path / "old.md", "x", at=START - timedelta(days=2))
    assert names(DropFolder(tmp_path).scan(START)) == ["old.md"]


def test_other_types_are_left_alone_and_said_once(tmp_path, caplog):
    old = START - timedelta(minutes=5)
    photo = write(tmp_path / "photo.jpg", "x", at=old)
    write(tmp_path / "notes", "x", at=old)
    folder = DropFolder(tmp_path)
    with caplog.at_level("INFO", logger="bot.ingest.dropfolder"):
        first = folder.scan(START)
        second = folder.scan(START + timedelta(seconds=2))
    assert first.ready == first.refused == []
    assert first.left_alone == [
        (tmp_path / "notes", "not an article type (no suffix)"),
        (photo, "not an article type (.jpg)"),
    ]
    assert second.left_alone == []
    assert sum("photo.jpg" in r.getMessage() for r in caplog.records) == 1
    assert photo.exists()


def test_oversized_files_are_refused_without_reading(tmp_path):
    write(tmp_path / "huge.txt", "x" * 200, at=START - timedelta(minutes=5))
    scan = DropFolder(tmp_path, max_bytes=100).scan(START)
    assert [(f.relative, why) for f, why in scan.refused] == [("huge.txt", "file too large (200 bytes; limit 100)")]


def test_quarantine_writes_why_and_never_overwrites(tmp_path):
    old = START - timedelta(minutes=5)
    folder = DropFolder(tmp_path)
    for round_ in range(2):
        write(tmp_path / "bad.json", f"broken {round_}", at=old)
        (drop,) = folder.scan(START).ready
        folder.quarantine(drop, "not valid JSON", START)
    quarantine = tmp_path / "quarantine"
    assert sorted(p.name for p in quarantine.iterdir()) == [
        "bad-1.json",
        "bad-1.json.why.txt",
        "bad.json",
        "bad.json.why.txt",
    ]
    assert (quarantine / "bad.json").read_text() == "broken 0"
    assert (quarantine / "bad-1.json").read_text() == "broken 1"
    assert "not valid JSON" in (quarantine / "bad-1.json.why.txt").read_text()
    assert not (tmp_path / "bad.json").exists()


def test_archive_keeps_relative_path(tmp_path):
    write(tmp_path / "desk" / "a.md", "x", at=START - timedelta(minutes=5))
    folder = DropFolder(tmp_path)
    (drop,) = folder.scan(START).ready
    target = folder.archive(drop)
    assert target == tmp_path / "archive" / "desk" / "a.md"
    assert target.read_text() == "x"


def test_unique_path_and_move(tmp_path):
    (tmp_path / "a.txt").write_text("1")
    assert unique_path(tmp_path / "a.txt") == tmp_path / "a-1.txt"
    assert unique_path(tmp_path / "b.txt") == tmp_path / "b.txt"
    src = tmp_path / "src.txt"
    src.write_text("2")
    moved = move_unique(src, tmp_path / "a.txt")
    assert moved == tmp_path / "a-1.txt"
    assert (tmp_path / "a.txt").read_text() == "1"


def test_ignored_names():
    assert is_ignored_name(".DS_Store")
    assert is_ignored_name("draft.txt~")
    assert is_ignored_name("x.PART")
    assert not is_ignored_name("story.txt")


def test_links_and_special_files(tmp_path):
    old = START - timedelta(minutes=5)
    drop = tmp_path / "drop"
    write(drop / "a" / "b" / "deep.md", "x", at=old)
    target = write(tmp_path / "outside" / "linked.md", "x", at=old)
    (drop / "file-link.md").symlink_to(target)  # never followed: anyone who can write here could publish it
    (drop / "folder-link").symlink_to(tmp_path / "outside", target_is_directory=True)
    (drop / "dangling.md").symlink_to(tmp_path / "missing.md")
    os.mkfifo(drop / "pipe.md")
    scan = DropFolder(drop).scan(START)
    assert names(scan) == ["a/b/deep.md"]
    assert scan.waiting == []
    assert scan.refused == []
    left = {p.name: why for p, why in scan.left_alone}
    assert set(left) == {"file-link.md", "folder-link", "dangling.md", "pipe.md"}
    assert left["pipe.md"].startswith("a FIFO")
    assert left["file-link.md"].startswith("a symbolic link")
