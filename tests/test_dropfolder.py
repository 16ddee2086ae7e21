"""The drop-folder scanner: what is ready, what waits, what is never looked at; moves never overwrite."""

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.clock import ManualClock
from bot.ingest.dropfiles import NotRegularFile, TooLarge, fit_name, open_beneath, open_named, read_regular
from bot.ingest.dropfolder import DropFolder, FileChanged, is_ignored_name
from bot.ingest.dropmove import folder_beneath, free_name, move_beneath
from bot.ingest.textsafe import shown, valid_unicode

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


def test_a_saved_pages_resources_folder_is_not_read(tmp_path):
    """A page saved "complete" brings Page_files/ with its frames as saved_resource.html: ads, read as articles."""
    old = START - timedelta(minutes=5)
    write(tmp_path / "Ferry back - Harbour News.html", "<p>x</p>", at=old)
    write(tmp_path / "Ferry back - Harbour News_files" / "saved_resource.html", "<p>ad</p>", at=old)
    write(tmp_path / "Seite.htm", "<p>x</p>", at=old)
    write(tmp_path / "Seite-Dateien" / "frame.htm", "<p>ad</p>", at=old)
    write(tmp_path / "notes_files" / "a.md", "# A\n\nbody", at=old)  # no page beside it: an ordinary folder
    write(tmp_path / "sub" / "Page.html", "<p>x</p>", at=old)
    write(tmp_path / "Page_files" / "b.md", "# B\n\nbody", at=old)  # the page is in another folder
    assert names(DropFolder(tmp_path).scan(START)) == [
        "Ferry back - Harbour News.html",
        "Page_files/b.md",
        "Seite.htm",
        "notes_files/a.md",
        "sub/Page.html",
    ]


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


def test_free_name_and_move(tmp_path):
    (tmp_path / "a.txt").write_text("1")
    with folder_beneath(tmp_path, []) as here:
        assert free_name(here, "a.txt") == "a-1.txt"
        assert free_name(here, "b.txt") == "b.txt"
    src = tmp_path / "src.txt"
    src.write_text("2")
    moved = move_beneath((tmp_path, "src.txt"), (tmp_path, "a.txt"))
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


def test_a_writer_pausing_mid_file_is_waited_for_on_the_clock(tmp_path):
    # The settle wait is on the injected clock; the file's times are the real ones the writer leaves.
    clock = ManualClock(datetime.now(UTC))
    folder = DropFolder(tmp_path, settle=timedelta(seconds=5))
    path = tmp_path / "story.md"
    with path.open("w", encoding="utf-8") as writer:
        writer.write("# Harbour pier reopens\n\nThe first half of the story")
        writer.flush()
        assert folder.scan(clock.now()).waiting == [path]  # just written
        clock.advance(3)  # the writer pauses for less than the settle time
        assert folder.scan(clock.now()).waiting == [path]
        writer.write(", and the second half, written after the pause.\n")
    clock.advance(1)
    assert folder.scan(clock.now()).waiting == [path]  # it grew since the last scan
    clock.advance(6)
    (drop,) = folder.scan(clock.now()).ready
    item, _ = folder.read(drop)
    assert item.data.decode().endswith("written after the pause.\n")


def test_partial_names_wait_for_the_rename(tmp_path):
    old = START - timedelta(minutes=5)
    for name in ("a.md.part", "b.html.tmp", "c.txt.crdownload", "d.json.download", "e.md~", ".f.md"):
        write(tmp_path / name, "# x\n\nbody", at=old)
    folder = DropFolder(tmp_path)
    assert folder.scan(START).ready == []
    os.rename(tmp_path / "a.md.part", tmp_path / "a.md")
    assert names(folder.scan(START)) == ["a.md"]


def test_a_file_changed_after_listing_or_reading_is_left_for_later(tmp_path):
    old = START - timedelta(minutes=5)
    path = write(tmp_path / "a.md", "# A\n\nfirst", at=old)
    folder = DropFolder(tmp_path)
    (listed,) = folder.scan(START).ready
    write(path, "# A\n\nfirst and more", at=old)  # same time, new size: not the file that was listed
    with pytest.raises(FileChanged):
        folder.read(listed)
    assert folder.scan(START + timedelta(minutes=1)).waiting == [path]  # changed since the last scan
    (listed,) = folder.scan(START + timedelta(minutes=2)).ready
    folder.read(listed)
    write(path, "# A\n\nfirst and more and more", at=old)  # written to after it was read
    with pytest.raises(FileChanged):
        folder.archive(listed)
    assert path.exists()
    assert not (tmp_path / "archive").exists()


def test_a_file_swapped_for_a_link_after_listing_is_never_followed(tmp_path):
    old = START - timedelta(minutes=5)
    secret = write(tmp_path / "outside" / "secret.md", "# secret\n\ntoken", at=old)
    drop = tmp_path / "drop"
    path = write(drop / "desk" / "a.md", "# A\n\nbody", at=old)
    folder = DropFolder(drop)
    (listed,) = folder.scan(START).ready
    path.unlink()
    path.symlink_to(secret)
    with pytest.raises(FileChanged):
        folder.read(listed)
    # The same with the folder above it swapped for a link.
    path.unlink()
    (drop / "desk").rmdir()
    (drop / "desk").symlink_to(tmp_path / "outside", target_is_directory=True)
    (tmp_path / "outside" / "a.md").write_text("# secret\n\ntoken")
    with pytest.raises(FileChanged):
        folder.read(listed)


def test_a_fifo_or_device_given_as_a_file_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    with pytest.raises(NotRegularFile):
        read_regular(open_beneath(tmp_path, "pipe.md"), 1000)
    with pytest.raises(NotRegularFile):
        read_regular(open_named(Path("/dev/zero")), 1000)
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 2000)
    with pytest.raises(TooLarge):
        read_regular(open_named(big), 1000)


def test_a_255_byte_name_gets_its_reason_file(tmp_path):
    old = START - timedelta(minutes=5)
    name = "n" * 250 + ".json"
    write(tmp_path / name, "{", at=old)
    folder = DropFolder(tmp_path)
    for _ in range(2):  # the second time the name is taken too: the free name must fit as well
        write(tmp_path / name, "{", at=old)
        (drop,) = folder.scan(START).ready
        folder.quarantine(drop, "not valid JSON", START)
    files = sorted(p.name for p in (tmp_path / "quarantine").iterdir())
    assert len(files) == 4
    assert all(len(os.fsencode(f)) <= 255 for f in files)
    reasons = [f for f in files if f.endswith(".why.txt")]
    assert len(reasons) == 2
    assert all(f.startswith("n" * 200) and ".json" in f for f in reasons)
    assert "not valid JSON" in (tmp_path / "quarantine" / reasons[0]).read_text()


def test_fit_name_cuts_between_characters_and_keeps_suffixes():
    assert fit_name("short.md.why.txt") == "short.md.why.txt"
    long = "é" * 130 + ".json.why.txt"
    fitted = fit_name(long)
    assert len(os.fsencode(fitted)) <= 255
    assert fitted.endswith(".json.why.txt")
    assert fitted.startswith("é" * 100)
    assert fit_name("é" * 130 + "x.json.why.txt") != fitted  # distinct long names stay distinct


def test_names_are_shown_escaped_on_one_line():
    assert shown("story.md") == "story.md"
    assert shown(os.fsdecode(b"caf\xe9.md")) == "caf\\xe9.md"
    assert shown("line\nbreak.md") == "line\\nbreak.md"
    assert shown("\u202eevil.md") == "\\u202eevil.md"
    assert valid_unicode("a\udfffb") == "a\ufffdb"


def test_a_missing_folder_is_said_once(tmp_path, caplog):
    folder = DropFolder(tmp_path / "nowhere")
    with caplog.at_level("INFO", logger="bot.ingest.dropfolder"):
        for _ in range(3):
            folder.note_missing()
        folder.note_present()
        folder.note_missing()
    assert caplog.text.count("does not exist") == 2


def test_a_feed_list_or_a_pdf_left_alone_says_what_to_do(tmp_path):
    """An OPML list of feeds or a PDF dropped in the folder: "not an article type (.opml)" said nothing more."""
    old = START - timedelta(minutes=5)
    feeds = write(tmp_path / "feeds.opml", "<opml/>", at=old)
    paper = write(tmp_path / "paper.pdf", "%PDF-1.7", at=old)
    reasons = dict(DropFolder(tmp_path).scan(START).left_alone)
    assert reasons[feeds].startswith("not an article type (.opml); a list of feeds:")
    assert "newsdigest feeds import FILE" in reasons[feeds]
    assert reasons[paper] == "not an article type (.pdf); copy the PDF's text into a .txt file"
    assert feeds.exists()
    assert paper.exists()


def test_an_outlook_message_file_says_how_to_save_the_mail(tmp_path):
    """Outlook's .msg (a compound file) dropped in the folder: what to save instead (named .eml: test_eml_reading)."""
    old = START - timedelta(minutes=5)
    outlook = tmp_path / "letter.msg"
    outlook.write_bytes(OLE_FILE)
    os.utime(outlook, (old.timestamp(), old.timestamp()))
    reasons = dict(DropFolder(tmp_path).scan(START).left_alone)
    assert reasons[outlook].startswith("not an article type (.msg); an Outlook message: save it as .eml")
    assert outlook.exists()


OLE_FILE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(24) + b"\x3e\x00\x03\x00\xfe\xff" + bytes(4000)
