"""The ingest pipeline end to end: real files in a temporary drop folder, a real SQLite file."""

import asyncio
import os
import shutil
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from bot.config import Settings
from bot.ingest.dropfolder import DropFolder
from bot.ingest.pipeline import ingest_folder_once, ingest_paths

DATA = Path(__file__).parent / "data" / "formats"
GOOD = ["bakery-fire.html", "council-budget.md", "museum-newsletter.eml", "two-stories.json", "bulletin.atom"]


@pytest.fixture
def settings(tmp_path):
    return Settings(database_path=tmp_path / "test.db")


def drop_in(folder: Path, *names: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(DATA / name, folder / name)


async def count(db, table: str) -> int:
    row = await db.fetchone(f"SELECT COUNT(*) AS n FROM {table}")  # noqa: S608 - table names from the tests
    return row["n"]


async def test_folder_end_to_end(db, clock, settings, tmp_path):
    drop = tmp_path / "desk"
    drop_in(drop, *GOOD)
    (drop / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0 not text")
    (drop / "empty.md").write_bytes(b"")
    (drop / "blob.html").write_bytes(b"\x00\x01\x02\x03" * 100)
    (drop / "broken.json").write_text("not json {")
    seen: list[tuple[int, int]] = []
    report = await ingest_paths(db, [drop], settings=settings, clock=clock, progress=lambda d, t: seen.append((d, t)))
    # 1 + 1 + 1 + 2 articles from single files, 2 entries from the feed file.
    assert (report.new, report.duplicate, report.quarantined, report.failed) == (7, 0, 3, 0)
    assert seen[-1] == (8, 8)
    assert await count(db, "articles") == 7
    # Articles naming their publication are that publication's; the others are the folder's.
    sources = await db.fetchall("SELECT kind, name, location FROM sources")
    assert {s["kind"] for s in sources} == {"folder"}
    assert "desk" in {s["name"] for s in sources}
    assert "The Valley Courier" in {s["name"] for s in sources}
    assert all(s["location"].startswith(str(drop.resolve())) for s in sources)
    assert sorted(p.name for p in (drop / "archive").iterdir()) == sorted(GOOD)
    quarantined = sorted(p.name for p in (drop / "quarantine").iterdir())
    assert quarantined == sorted([n for q in ("empty.md", "blob.html", "broken.json") for n in (q, q + ".why.txt")])
    assert "empty file" in (drop / "quarantine" / "empty.md.why.txt").read_text()
    assert "binary file" in (drop / "quarantine" / "blob.html.why.txt").read_text()
    # Not an article type: not newsdigest's to move; it stays, said once.
    assert sorted(p.name for p in drop.iterdir()) == ["archive", "photo.jpg", "quarantine"]
    assert any("photo.jpg: left alone (not an article type (.jpg))" in p for p in report.problems)
    assert any("broken.json" in p and "not valid JSON" in p for p in report.problems)

    # The same files dropped again add nothing: they are duplicates, archived beside the first copies.
    drop_in(drop, *GOOD)
    clock.advance(60)
    again = await ingest_paths(db, [drop], settings=settings, clock=clock)
    assert (again.new, again.duplicate, again.quarantined, again.failed) == (0, 7, 0, 0)
    assert await count(db, "articles") == 7
    assert len(list((drop / "archive").iterdir())) == 2 * len(GOOD)
    # Scanning the emptied folder again finds nothing at all.
    empty = await ingest_paths(db, [drop], settings=settings, clock=clock)
    assert (empty.new, empty.duplicate, empty.quarantined, empty.failed) == (0, 0, 0, 0)


@pytest.mark.parametrize("db", ["sqlite"], indirect=True)  # a SQLite trigger injects the failure
async def test_archive_only_after_commit(db, clock, settings, tmp_path):
    drop = tmp_path / "inbox"
    drop_in(drop, "council-budget.md")
    await db.execute(
        "CREATE TRIGGER refuse BEFORE INSERT ON articles BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"
    )
    report = await ingest_paths(db, [drop], settings=settings, clock=clock)
    assert (report.new, report.failed) == (0, 1)
    assert "not stored" in report.problems[0]
    assert (drop / "council-budget.md").exists()
    assert not (drop / "archive").exists()
    await db.execute("DROP TRIGGER refuse")
    report = await ingest_paths(db, [drop], settings=settings, clock=clock)
    assert (report.new, report.failed) == (1, 0)
    assert (drop / "archive" / "council-budget.md").exists()
    assert not (drop / "council-budget.md").exists()


@pytest.mark.parametrize("db", ["sqlite"], indirect=True)  # a SQLite trigger injects the failure
async def test_one_failing_file_does_not_hold_back_its_batch(db, clock, settings, tmp_path):
    # Files are committed in batches; when one file's insert fails the others are stored one by one.
    drop = tmp_path / "inbox"
    drop_in(drop, *GOOD)
    await db.execute(
        "CREATE TRIGGER refuse BEFORE INSERT ON articles WHEN new.title LIKE '%council%'"
        " BEGIN SELECT RAISE(ABORT, 'constraint failed'); END"
    )
    report = await ingest_paths(db, [drop], settings=settings, clock=clock)
    assert report.failed == 1
    assert report.new == 6
    assert (drop / "council-budget.md").exists()
    archived = sorted(p.name for p in (drop / "archive").iterdir())
    assert archived == sorted(n for n in GOOD if n != "council-budget.md")


async def test_single_file_is_ingested_but_not_moved(db, clock, settings, tmp_path):
    path = tmp_path / "bakery-fire.html"
    shutil.copy(DATA / path.name, path)
    report = await ingest_paths(db, [path], settings=settings, clock=clock)
    assert (report.new, report.failed) == (1, 0)
    assert path.exists()
    assert not (tmp_path / "archive").exists()
    source = await db.fetchone("SELECT kind, name FROM sources")
    # A single file's source is its publication when the page names one (og:site_name here).
    assert (source["kind"], source["name"]) == ("file", "The Valley Courier")
    report = await ingest_paths(db, [path], settings=settings, clock=clock)
    assert (report.new, report.duplicate) == (0, 1)


async def test_bad_single_file_fails_and_stays(db, clock, settings, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("{")
    missing = tmp_path / "nope.md"
    report = await ingest_paths(db, [path, missing], settings=settings, clock=clock)
    assert (report.failed, report.quarantined) == (2, 0)
    assert path.exists()
    assert any("no such file or folder" in p for p in report.problems)


async def test_watcher_leaves_a_growing_file_for_the_next_scan(db, clock, settings, tmp_path):
    drop = tmp_path / "watched"
    drop_in(drop, "council-budget.md")
    path = drop / "council-budget.md"
    fresh = (clock.now() - timedelta(seconds=0.2)).timestamp()
    os.utime(path, (fresh, fresh))
    scanner = DropFolder(drop)
    first = await ingest_folder_once(db, drop, settings=settings, clock=clock, drop=scanner)
    assert (first.new, first.quarantined) == (0, 0)
    assert path.exists()
    clock.advance(6)  # past the settle time (5 s)
    second = await ingest_folder_once(db, drop, settings=settings, clock=clock, drop=scanner)
    assert second.new == 1
    assert not path.exists()


async def test_the_watcher_says_a_file_is_still_being_written_once_not_on_every_scan(
    db, clock, settings, tmp_path, caplog
):
    """A slow copy, a long download or a document left open waits for many scans: one line, not one per scan."""
    drop = tmp_path / "watched"
    drop.mkdir()
    path = drop / "long-copy.md"
    scanner = DropFolder(drop)
    with caplog.at_level("INFO", logger="bot.ingest"):
        for part in range(4):
            with path.open("a") as out:  # still arriving
                out.write(f"# Long copy\n\npart {part} of a long text.\n" if part == 0 else f"part {part}\n")
            now = clock.now().timestamp()
            os.utime(path, (now, now))
            report = await ingest_folder_once(db, drop, settings=settings, clock=clock, drop=scanner)
            assert report.new == 0
            clock.advance(2)
    assert caplog.text.count("still being written") == 1
    clock.advance(6)
    assert (await ingest_folder_once(db, drop, settings=settings, clock=clock, drop=scanner)).new == 1


async def test_ingest_says_what_a_tool_holds_and_does_not_wait_for_it(db, clock, settings, tmp_path):
    """A document open in Word or a download in progress may stay for hours: `ingest` reads the rest at once and
    says why those stay, instead of waiting out three settle times and calling them "still being written"."""
    drop = tmp_path / "desk"
    drop.mkdir()
    old = (clock.now() - timedelta(minutes=5)).timestamp()
    for name, text in [
        ("council.md", "# Council budget agreed\n\nThe council agreed its budget for next year after a long debate.\n"),
        ("Minutes.docx", "stands for a document open in Word"),
        ("~$nutes.docx", "\x05Jane"),
        ("Ferry back.html", ""),
        ("Ferry back.html.part", "<html><body><p>half"),
    ]:
        (drop / name).write_text(text)
        os.utime(drop / name, (old, old))
    before = clock.now()
    report = await asyncio.wait_for(ingest_paths(db, [drop], settings=settings, clock=clock), timeout=30)
    assert clock.now() == before  # no settle time waited for
    assert (report.new, report.quarantined, report.failed) == (1, 0, 0)
    assert sorted(report.problems) == [
        f"{drop / 'Ferry back.html'}: still being written as Ferry back.html.part beside it; read once that takes"
        " its name",
        f"{drop / 'Minutes.docx'}: open in an office suite (~$nutes.docx beside it); read once it is closed",
    ]
    assert sorted(p.name for p in drop.iterdir()) == [
        "Ferry back.html", "Ferry back.html.part", "Minutes.docx", "archive", "~$nutes.docx",
    ]  # fmt: skip


async def test_settings_archive_and_quarantine_dirs(db, clock, tmp_path):
    drop = tmp_path / "drop"
    settings = Settings(archive_dir=tmp_path / "done", quarantine_dir=tmp_path / "bad")
    drop_in(drop, "two-stories.json")
    (drop / "x.html").write_bytes(b"%PDF-1.4")
    report = await ingest_folder_once(db, drop, settings=settings, clock=clock)
    assert (report.new, report.quarantined) == (2, 1)
    assert (tmp_path / "done" / "two-stories.json").exists()
    assert (tmp_path / "bad" / "x.html.why.txt").exists()


async def test_one_shot_ingest_waits_for_just_copied_files(db, clock, settings, tmp_path):
    drop = tmp_path / "fresh"
    drop_in(drop, "council-budget.md")
    (drop / "old.jpg").write_bytes(b"\xff\xd8\xff")
    fresh = (clock.now() - timedelta(seconds=0.1)).timestamp()
    os.utime(drop / "council-budget.md", (fresh, fresh))
    task = asyncio.create_task(ingest_paths(db, [drop], settings=settings, clock=clock))
    while not task.done():
        await asyncio.sleep(0)
        if clock.sleepers:
            clock.advance(2)
    report = task.result()
    assert (report.new, report.quarantined, report.failed) == (1, 0, 0), report.problems
    assert (drop / "archive" / "council-budget.md").exists()
    assert (drop / "old.jpg").exists()


def test_small_files_share_a_worker_trip_and_large_or_unknown_ones_go_alone(tmp_path):
    from datetime import UTC, datetime

    from bot.ingest.dropfolder import DropFile
    from bot.ingest.reading import CHUNK_BYTES, CHUNK_FILES, Job, chunks

    def job(name: str, size: int) -> Job:
        path = tmp_path / name
        return Job(None, DropFile(path, name, size, datetime(2025, 1, 1, tzinfo=UTC)), path)

    small = [job(f"s{n}.txt", 4000) for n in range(CHUNK_FILES + 3)]
    big = job("big.txt", CHUNK_BYTES + 1)
    named = Job(None, None, tmp_path / "named.txt")  # a file named on the command line: size unknown
    groups = list(chunks([*small, big, named, small[0]]))
    assert [len(g) for g in groups] == [CHUNK_FILES, 3, 1, 1, 1]
    assert [j for g in groups for j in g] == [*small, big, named, small[0]]  # order kept


async def test_a_locked_database_stops_the_run_at_once_and_leaves_every_file(tmp_path, clock):
    import sqlite3
    import time

    from bot.store.db import Database

    path, drop = tmp_path / "news.db", tmp_path / "drop"
    settings = Settings(database_path=path)
    old = clock.now().timestamp() - 120

    def note(n: int) -> None:
        file = drop / f"note-{n:02d}.md"
        file.write_text(f"# Harbour note number {n} of sixty\n\nBody of note {n}, in words of its own.\n")
        os.utime(file, (old, old))

    drop.mkdir()
    db = await Database.open(path, busy_timeout_ms=300)
    try:
        note(99)
        assert (await ingest_paths(db, [drop], settings=settings, clock=clock)).new == 1  # the folder's source
        for n in range(60):
            note(n)
        holder = sqlite3.connect(str(path), isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")
        try:
            started = time.monotonic()
            report = await ingest_paths(db, [drop], settings=settings, clock=clock)
            took = time.monotonic() - started
        finally:
            holder.close()
        # One wait for the lock, not one per file (60 x 0.3 s): the rest of the run is left for later.
        assert took < 5, took
        assert (report.new, report.failed) == (0, 60), report
        assert any("locked" in p for p in report.problems), report.problems
        assert len(list(drop.glob("*.md"))) == 60
        again = await ingest_paths(db, [drop], settings=settings, clock=clock)
        assert again.new == 60, again
    finally:
        await db.close()


async def test_a_real_writer_pausing_mid_file_is_stored_whole(db, settings, tmp_path):
    # A real writer in a thread, real time: it pauses twice mid-file for less than the settle time while the
    # watcher scans every 50 ms. The file must be stored whole, never the part written before a pause.
    import threading
    import time

    from bot.clock import SystemClock

    drop = tmp_path / "slow"
    drop.mkdir()
    path = drop / "slow.md"
    parts = ["# Harbour pier reopens\n\nThe first part of the story, ", "then the second, ", "and the end.\n"]
    settle = replace(settings, drop_settle=timedelta(seconds=1))
    scanner = DropFolder(drop, settle=settle.drop_settle)

    def writer() -> None:
        with path.open("w", encoding="utf-8") as out:
            for part in parts:
                out.write(part)
                out.flush()
                time.sleep(0.25)

    thread = threading.Thread(target=writer)
    thread.start()
    clock = SystemClock()
    try:
        deadline = time.monotonic() + 10
        while not (drop / "archive" / "slow.md").exists() and time.monotonic() < deadline:
            await ingest_folder_once(db, drop, settings=settle, clock=clock, drop=scanner)
            await asyncio.sleep(0.05)
    finally:
        thread.join(5)
    assert (drop / "archive" / "slow.md").read_text() == "".join(parts)
    row = await db.fetchone("SELECT body FROM articles")
    assert row is not None
    assert "and the end." in row["body"]


@pytest.mark.parametrize("db", ["sqlite"], indirect=True)  # a SQLite trigger injects the failure
async def test_a_file_the_store_keeps_refusing_is_set_aside_after_three_scans(db, clock, settings, tmp_path):
    drop = tmp_path / "watched"
    drop_in(drop, "council-budget.md", "two-stories.json")
    await db.execute(
        "CREATE TRIGGER refuse BEFORE INSERT ON articles WHEN new.title LIKE '%council%'"
        " BEGIN SELECT RAISE(ABORT, 'constraint failed'); END"
    )
    scanner = DropFolder(drop)
    reports = []
    for _ in range(3):
        reports.append(await ingest_folder_once(db, drop, settings=settings, clock=clock, drop=scanner))
        clock.advance(10)
    assert [(r.failed, r.quarantined) for r in reports] == [(1, 0), (1, 0), (0, 1)]
    assert reports[0].new == 2
    why = (drop / "quarantine" / "council-budget.md.why.txt").read_text()
    assert "failed 3 times" in why
    assert "database error" in why


async def test_a_fault_that_is_not_the_database_quarantines_the_file_at_once(db, clock, settings, tmp_path):
    from bot.ingest.reading import Job
    from bot.ingest.storebatch import Batch, Parsed
    from bot.models import Article, SourceKind
    from bot.store.articles import get_or_create_source

    drop = tmp_path / "drop"
    drop_in(drop, "council-budget.md")
    scanner = DropFolder(drop)
    (file,) = scanner.scan(clock.now()).ready
    source = await get_or_create_source(db, SourceKind.FOLDER, "drop", str(drop), clock.now())
    # Text that did not pass the boundary (a lone surrogate): SQLite cannot encode it.
    bad = Article(title="Council \udfff budget", body=("The council met.",))
    batch = Batch(db, clock)
    batch.files = [Parsed(Job(scanner, file, file.path), [source], [bad], "file:x")]
    report = await batch.flush()
    assert (report.new, report.quarantined, report.failed) == (0, 1, 0), report.problems
    assert "UnicodeEncodeError" in (drop / "quarantine" / "council-budget.md.why.txt").read_text()


async def test_a_folder_read_in_place_keeps_every_file(db, clock, settings, tmp_path):
    drop = tmp_path / "examples"
    drop_in(drop, *GOOD)
    (drop / "broken.json").write_text("not json {")
    before = sorted(p.name for p in drop.iterdir())
    report = await ingest_paths(db, [drop], settings=settings, clock=clock, archive=False)
    assert (report.new, report.quarantined, report.failed) == (7, 0, 1), report.problems
    assert sorted(p.name for p in drop.iterdir()) == before
    assert any("broken.json: not valid JSON" in p for p in report.problems)


async def test_a_lone_surrogate_in_json_is_stored_as_a_replacement_character(db, clock, settings, tmp_path):
    drop = tmp_path / "drop"
    drop.mkdir()
    (drop / "lone.json").write_text(
        '{"title": "Pier \\udfff reopens", "body": "The pier reopened on Saturday after repairs."}'
    )
    (drop / "good.md").write_text("# Ferry timetable changes\n\nThe ferry runs every hour from Monday.\n")
    report = await ingest_paths(db, [drop], settings=settings, clock=clock)
    assert (report.new, report.quarantined, report.failed) == (2, 0, 0), report.problems
    titles = {r["title"] for r in await db.fetchall("SELECT title FROM articles")}
    assert "Pier \ufffd reopens" in titles


async def test_a_file_that_cannot_be_archived_is_left_alone_after_three_scans(db, clock, settings, tmp_path, caplog):
    drop = tmp_path / "watched"
    drop_in(drop, "council-budget.md")
    (drop / "archive").write_text("a file where the archive folder should be")
    scanner = DropFolder(drop)
    reports = []
    for _ in range(4):
        reports.append(await ingest_folder_once(db, drop, settings=settings, clock=clock, drop=scanner))
        clock.advance(10)
    assert [(r.new, r.duplicate) for r in reports] == [(1, 0), (0, 1), (0, 1), (0, 0)]
    assert all("could not be archived" in " ".join(r.problems) for r in reports[:3])
    assert "left alone until it changes" in " ".join(reports[2].problems)
    assert (drop / "council-budget.md").exists()  # stored, never lost, never moved
    assert "could not be archived" in caplog.text  # said in the log under run


async def test_a_file_moved_away_by_another_reader_after_storing_is_no_problem(db, clock, settings, tmp_path):
    from bot.ingest.reading import Job
    from bot.ingest.storebatch import Batch, Parsed
    from bot.models import Article, SourceKind
    from bot.store.articles import get_or_create_source

    drop = tmp_path / "drop"
    drop_in(drop, "council-budget.md")
    scanner = DropFolder(drop)
    (file,) = scanner.scan(clock.now()).ready
    source = await get_or_create_source(db, SourceKind.FOLDER, "drop", str(drop), clock.now())
    batch = Batch(db, clock)
    article = Article(title="Council budget", body=("The council met.",))
    batch.files = [Parsed(Job(scanner, file, file.path), [source], [article], "file:council-budget.md")]
    file.path.rename(tmp_path / "taken-by-another-process.md")  # a second newsdigest archived it first
    report = await batch.flush()
    assert (report.new, report.failed, report.problems) == (1, 0, ())


async def test_a_batch_is_stored_while_the_next_is_parsed_and_later_batches_see_its_articles(
    db, clock, settings, tmp_path, monkeypatch
):
    """Storing overlaps parsing, yet one store runs at a time, in order: a later batch's duplicate and its
    article of the same story are told against the earlier batch's commit."""
    from bot.ingest import batchrun, reading
    from bot.ingest.storebatch import Batch

    monkeypatch.setattr(reading, "CHUNK_FILES", 1)
    monkeypatch.setattr(Batch, "MAX_FILES", 2)
    drop = tmp_path / "desk"
    drop.mkdir()
    texts = {
        "01-ferry.md": "# Harbour ferry timetable changes on Monday\n\nThe ferry runs every hour from Monday.\n",
        "02-library.md": "# Library reopens after roof repairs\n\nThe town library reopened on Saturday.\n",
        "03-market.md": "# Farmers market moves to the square\n\nStalls open at eight on Sunday.\n",
        "04-bridge.md": "# Old bridge closed for inspection\n\nEngineers inspect the bridge this week.\n",
        "05-again.md": "# Harbour ferry timetable changes on Monday\n\nThe ferry runs every hour from Monday.\n",
        "06-library.md": "# Library reopens after roof repairs\n\nVolunteers moved the books back in on Friday.\n",
    }
    for name, text in texts.items():
        (drop / name).write_text(text)
    past = clock.now().timestamp() - 120
    for path in drop.iterdir():
        os.utime(path, (past, past))

    first_stored = asyncio.Event()
    next_prepared = asyncio.Event()
    order: list[str] = []
    store, prepare = Batch.store, batchrun._prepare_isolated

    async def slow_first_store(self, files, staged=0):
        names = [f.job.path.name for f in files]
        order.append(f"store {names}")
        if names[:1] == ["01-ferry.md"]:
            # The next file is parsed and prepared while this batch is still being stored (or the test fails).
            await asyncio.wait_for(next_prepared.wait(), timeout=10)
        report = await store(self, files, staged)
        first_stored.set()
        return report

    async def noted_prepare(db, job, outcome, **kwargs):
        order.append(f"prepare {job.path.name}")
        if job.path.name == "03-market.md" and not first_stored.is_set():
            next_prepared.set()
        return await prepare(db, job, outcome, **kwargs)

    monkeypatch.setattr(Batch, "store", slow_first_store)
    monkeypatch.setattr(batchrun, "_prepare_isolated", noted_prepare)
    report = await ingest_paths(db, [drop], settings=settings, clock=clock)
    assert (report.new, report.duplicate, report.quarantined, report.failed) == (5, 1, 0, 0), report.problems
    assert order.index("prepare 03-market.md") < order.index("store ['03-market.md', '04-bridge.md']")
    assert sorted(p.name for p in (drop / "archive").iterdir()) == sorted(texts)
    rows = await db.fetchall("SELECT title, story_id FROM articles ORDER BY id")
    stories = [r["story_id"] for r in rows if r["title"].startswith("Library reopens")]
    assert len(stories) == 2
    assert stories[0] == stories[1]  # the later one joined the earlier batch's story


async def test_parsing_goes_on_while_two_batches_wait_for_the_store(db, clock, settings, tmp_path, monkeypatch):
    """While one batch is stored, the next two may wait their turn and parsing goes on: the third batch's file
    is prepared before the first store ends. The stores still run one at a time, in order."""
    from bot.ingest import batchrun, reading
    from bot.ingest.storebatch import Batch

    monkeypatch.setattr(reading, "CHUNK_FILES", 1)
    monkeypatch.setattr(Batch, "MAX_FILES", 1)
    drop = tmp_path / "desk"
    drop.mkdir()
    for n, topic in enumerate(["ferry timetable", "library roof", "farmers market", "old bridge"], start=1):
        (drop / f"0{n}.md").write_text(f"# Town {topic} news today\n\nThe town spoke about the {topic} today.\n")
    past = clock.now().timestamp() - 120
    for path in drop.iterdir():
        os.utime(path, (past, past))

    third_prepared = asyncio.Event()
    order: list[str] = []
    running = 0
    store, prepare = Batch.store, batchrun._prepare_isolated

    async def slow_first_store(self, files, staged=0):
        nonlocal running
        names = [f.job.path.name for f in files]
        running += 1
        assert running == 1, "two stores at once"
        order.append(f"store {names}")
        if names == ["01.md"]:
            await asyncio.wait_for(third_prepared.wait(), timeout=10)  # 02 and 03 are parsed meanwhile
        try:
            return await store(self, files, staged)
        finally:
            order.append(f"stored {names}")
            running -= 1

    async def noted_prepare(db, job, outcome, **kwargs):
        order.append(f"prepare {job.path.name}")
        if job.path.name == "03.md":
            third_prepared.set()
        return await prepare(db, job, outcome, **kwargs)

    monkeypatch.setattr(Batch, "store", slow_first_store)
    monkeypatch.setattr(batchrun, "_prepare_isolated", noted_prepare)
    report = await ingest_paths(db, [drop], settings=settings, clock=clock)
    assert (report.new, report.duplicate, report.failed) == (4, 0, 0), report.problems
    assert order.index("prepare 03.md") < order.index("stored ['01.md']")
    stores = [entry for entry in order if entry.startswith("store ") and entry != "store []"]
    assert stores == [f"store ['0{n}.md']" for n in range(1, 5)]  # in order (the last, empty flush aside)
    rows = await db.fetchall("SELECT title FROM articles ORDER BY id")
    assert [r["title"] for r in rows] == [
        f"Town {t} news today" for t in ("ferry timetable", "library roof", "farmers market", "old bridge")
    ]


def test_threads_switch_often_while_files_are_ingested_and_as_before_after() -> None:
    import sys

    from bot.ingest.batchrun import responsive_threads

    before = sys.getswitchinterval()
    with responsive_threads():
        assert sys.getswitchinterval() == 0.0005
        with responsive_threads():  # two ingests of one process (the watcher and a command) overlap
            assert sys.getswitchinterval() == 0.0005
        assert sys.getswitchinterval() == 0.0005  # the first one is still at work
    assert sys.getswitchinterval() == before


async def test_one_batch_has_its_vectors_computed_ahead_at_a_time(db, clock, settings, tmp_path, monkeypatch):
    """Every batch is staged (PostgreSQL computes its search vectors ahead of its write), one at a time."""
    from bot.ingest import reading, storebatch
    from bot.ingest.storebatch import Batch

    monkeypatch.setattr(reading, "CHUNK_FILES", 1)
    monkeypatch.setattr(Batch, "MAX_FILES", 1)
    drop = tmp_path / "desk"
    drop.mkdir()
    for n, topic in enumerate(["ferry timetable", "library roof", "farmers market", "old bridge", "new park"]):
        (drop / f"0{n}.md").write_text(f"# Town {topic} news today\n\nThe town spoke about the {topic} today.\n")
    past = clock.now().timestamp() - 120
    for path in drop.iterdir():
        os.utime(path, (past, past))
    stage, running, most, staged = storebatch.stage_vectors, 0, 0, []

    async def slow_stage(database, groups, parts=1):
        nonlocal running, most
        running += 1
        most = max(most, running)
        await asyncio.sleep(0.05)  # long enough for the next batches to ask meanwhile
        try:
            token = await stage(database, groups, parts)
            staged.append(token)
            return token
        finally:
            running -= 1

    monkeypatch.setattr(storebatch, "stage_vectors", slow_stage)
    report = await ingest_paths(db, [drop], settings=settings, clock=clock)
    assert (report.new, report.failed) == (5, 0), report.problems
    assert most == 1
    assert len(staged) == 5
    assert all(token > 0 for token in staged) if db.dialect == "postgresql" else set(staged) == {0}


def _desk(tmp_path: Path, clock, count: int) -> Path:
    drop = tmp_path / "desk"
    drop.mkdir()
    for n in range(count):
        topic = ["ferry timetable", "library roof", "farmers market", "old bridge", "new park", "school bus"][n]
        (drop / f"0{n}.md").write_text(f"# Town {topic} news today\n\nThe town spoke about the {topic} today.\n")
    past = clock.now().timestamp() - 120
    for path in drop.iterdir():
        os.utime(path, (past, past))
    return drop


async def test_files_are_read_while_the_database_opens(db, clock, settings, tmp_path, monkeypatch):
    """`ingest` opens the database meanwhile: its files are parsed first, up to a batch, then stored once it is open."""
    from bot.ingest import batchrun, reading
    from bot.ingest.storebatch import Batch

    monkeypatch.setattr(reading, "CHUNK_FILES", 1)
    monkeypatch.setattr(Batch, "MAX_FILES", 2)
    drop = _desk(tmp_path, clock, 5)
    parsed: list[str] = []
    read = batchrun.read_and_parse_all

    def noted_read(jobs, now, key_points):
        parsed.extend(job.path.name for job in jobs)
        return read(jobs, now, key_points)

    monkeypatch.setattr(batchrun, "read_and_parse_all", noted_read)
    opening: asyncio.Future = asyncio.get_running_loop().create_future()
    task = asyncio.create_task(ingest_paths(opening, [drop], settings=settings, clock=clock))
    for _ in range(200):
        await asyncio.sleep(0.01)
        if len(parsed) >= 2:
            break
    await asyncio.sleep(0.1)  # time enough to parse the other three, were it not waiting for the database
    assert parsed == ["00.md", "01.md"]  # a batch's worth, no more
    assert not task.done()
    assert not (drop / "archive").exists()
    opening.set_result(db)
    report = await task
    assert (report.new, report.duplicate, report.failed) == (5, 0, 0), report.problems
    assert parsed == [f"0{n}.md" for n in range(5)]
    assert sorted(p.name for p in (drop / "archive").iterdir()) == [f"0{n}.md" for n in range(5)]
    assert await count(db, "articles") == 5


@pytest.mark.parametrize("db", ["sqlite"], indirect=True)  # no store is reached
async def test_a_database_that_cannot_be_opened_stores_and_moves_nothing(db, clock, settings, tmp_path):
    from bot.errors import StoreError

    drop = _desk(tmp_path, clock, 3)
    opening: asyncio.Future = asyncio.get_running_loop().create_future()
    task = asyncio.create_task(ingest_paths(opening, [drop], settings=settings, clock=clock))
    await asyncio.sleep(0.2)  # every file is parsed meanwhile
    opening.set_exception(StoreError("cannot open the database"))
    with pytest.raises(StoreError, match="cannot open the database"):
        await task
    assert sorted(p.name for p in drop.iterdir()) == ["00.md", "01.md", "02.md"]


async def test_the_command_opens_the_database_while_its_work_starts_and_always_closes_it(tmp_path):
    from bot.cli import with_db_opening
    from bot.errors import StoreError

    seen: list[object] = []

    async def work(opening) -> int:
        seen.append(opening.done())  # the work starts before the database is open
        database = await opening
        seen.append(await database.fetchone("SELECT 1 AS one"))
        return 0

    assert await with_db_opening(Settings(database_path=tmp_path / "news.db"), work) == 0
    assert seen[0] is False
    assert seen[1]["one"] == 1

    async def idle(opening) -> int:
        return 0

    (tmp_path / "folder.db").mkdir()
    with pytest.raises(StoreError):  # a database that cannot be opened is an error, even unused
        await with_db_opening(Settings(database_path=tmp_path / "folder.db"), idle)

    closed: list[bool] = []

    async def failing(opening) -> int:
        database = await opening
        close = database.close

        async def noted_close() -> None:
            closed.append(True)
            await close()

        database.close = noted_close
        raise RuntimeError("the work failed")

    with pytest.raises(RuntimeError, match="the work failed"):
        await with_db_opening(Settings(database_path=tmp_path / "other.db"), failing)
    assert closed == [True]


@pytest.mark.parametrize(("files", "expected"), [(6, [(4, 1), (2, 2)]), (5, [(5, 2)])])
async def test_the_last_batch_is_staged_in_parts_and_a_few_files_left_join_it(
    db, clock, settings, tmp_path, monkeypatch, files, expected
):
    """Nothing is parsed beside the last batch: its vectors are computed on two connections at once. A few files
    left to read after a full batch make it larger rather than a batch of their own."""
    from bot.ingest import batchrun, reading
    from bot.ingest.storebatch import Batch

    monkeypatch.setattr(reading, "CHUNK_FILES", 1)
    monkeypatch.setattr(Batch, "MAX_FILES", 4)
    monkeypatch.setattr(batchrun, "LAST_STAGED", 2)
    drop = _desk(tmp_path, clock, files)
    staged: list[tuple[int, int]] = []
    stage = Batch.stage

    async def noted_stage(self, parsed, parts=1):
        staged.append((len(parsed), parts))
        return await stage(self, parsed, parts)

    monkeypatch.setattr(Batch, "stage", noted_stage)
    report = await ingest_paths(db, [drop], settings=settings, clock=clock)
    assert (report.new, report.failed) == (files, 0), report.problems
    assert staged == expected
    assert await count(db, "articles") == files
    if db.dialect == "postgresql":
        left = await db.fetchone("SELECT count(*) AS n FROM staged_vectors")
        assert left is not None
        assert left["n"] == 0
        same = await db.fetchall(
            "SELECT search = newsdigest_vector(language, title, key_points, body) AS s FROM articles"
        )
        assert all(r["s"] for r in same)


async def test_a_command_that_fails_while_the_database_opens_does_not_wait_for_it(tmp_path, monkeypatch):
    from bot.cli import with_db_opening
    from bot.store.db import Database

    async def hanging_open(*args, **kwargs):
        await asyncio.sleep(60)  # a server that does not answer

    async def failing(opening) -> int:
        raise RuntimeError("no such folder")

    monkeypatch.setattr(Database, "open", hanging_open)
    started = asyncio.get_running_loop().time()
    with pytest.raises(RuntimeError, match="no such folder"):
        await with_db_opening(Settings(database_path=tmp_path / "news.db"), failing)
    assert asyncio.get_running_loop().time() - started < 5


def _note(title: str, extra: str = "") -> str:
    return (
        f"# {title}\n\nThe harbour ferry returns to service on Monday after a month of repairs to its engine and"
        f" hull, the operator said.\n\nPassengers will find a new timetable with two extra evening crossings.{extra}\n"
    )


async def test_what_ordinary_tools_leave_in_a_watched_folder(db, clock, settings, tmp_path, caplog):
    """A folder a browser, editors, Windows, macOS and sync clients have used: the watcher reads the articles
    only, moves nothing of the tools' out from under them, fills no quarantine, and says only what needs a person."""
    drop = tmp_path / "desk"
    old = (clock.now() - timedelta(minutes=5)).timestamp()
    tools = {
        "Ferry back.html": "",  # Firefox's placeholder while Ferry back.html.part downloads
        "Ferry back.html.part": "<html><body><article><h1>Ferry b",
        "Saved.html.download/Saved.html": "<html><body><p>half",  # Safari's download bundle
        "$RECYCLE.BIN/S-1-5-21-7/$RAB12CD.md": _note("Deleted on purpose"),
        "$RECYCLE.BIN/S-1-5-21-7/$IAB12CD.md": "\x02\x00\x00\x00binary metadata\x00",
        "$RECYCLE.BIN/desktop.ini": "[.ShellClassInfo]",
        "Thumbs.db": "\x00\x01",
        "desktop.ini": "[.ShellClassInfo]",
        "Icon\r": "",
        "ferry.md.vsctmp": _note("Half saved"),
        "ferry.md___jb_old___": _note("Before the save"),
        ".DS_Store": "\x00Bud1",
        "._ferry.md": "\x00\x05\x16\x07Mac OS X",
        "ferry.sync-conflict-20261207-101010-ABCDEFG.md": _note("Ferry back on Monday", " Two, not three."),
    }
    frame = "<html><body><p>An advertisement frame</p></body></html>"
    articles = {
        "ferry.md": _note("Ferry back on Monday"),
        "Page.html": _page(),
        "Page_files/saved_resource.html": frame,
    }
    for name, text in {**tools, **articles}.items():
        path = drop / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        os.utime(path, (old, old))
    scanner = DropFolder(drop)
    with caplog.at_level("INFO", logger="bot.ingest"):
        first = await ingest_folder_once(db, drop, settings=settings, clock=clock, drop=scanner)
        clock.advance(10)
        second = await ingest_folder_once(db, drop, settings=settings, clock=clock, drop=scanner)
    assert (first.new, first.duplicate, first.quarantined, first.failed) == (2, 0, 0, 0)
    assert (second.new, second.quarantined, second.failed) == (0, 0, 0)
    (problem,) = first.problems
    copy = "ferry.sync-conflict-20261207-101010-ABCDEFG.md"
    assert f"{copy}: left alone (a sync tool's conflict copy of ferry.md" in problem
    assert second.problems == ()
    titles = [row["title"] for row in await db.fetchall("SELECT title FROM articles ORDER BY title")]
    assert titles == ["Ferry back on Monday", "Harbour works end early"]
    assert sorted(p.name for p in (drop / "archive").iterdir()) == ["Page.html", "Page_files", "ferry.md"]
    assert (drop / "archive" / "Page_files" / "saved_resource.html").read_text() == frame  # the page whole
    assert not (drop / "quarantine").exists()
    assert all((drop / name).exists() for name in tools)
    said = [r.getMessage() for r in caplog.records if r.levelname != "DEBUG" and "left alone" in r.getMessage()]
    assert len(said) == 1
    # The download ends: the page takes its name, and is read once it has held still.
    (drop / "Ferry back.html.part").write_text(_page("Ferry timetable published"))
    os.rename(drop / "Ferry back.html.part", drop / "Ferry back.html")
    now = clock.now().timestamp()
    os.utime(drop / "Ferry back.html", (now, now))
    clock.advance(10)
    third = await ingest_folder_once(db, drop, settings=settings, clock=clock, drop=scanner)
    assert (third.new, third.quarantined) == (1, 0)
    assert (drop / "archive" / "Ferry back.html").exists()


def _page(title: str = "Harbour works end early") -> str:
    return (
        f"<!doctype html><html><head><title>{title}</title></head><body><article><h1>{title}</h1><p>The works on"
        " the harbour wall ended a week early, the port authority said on Friday, and the quay reopens to"
        " visitors this weekend.</p><p>The cost stayed within the budget set last spring.</p></article></body></html>"
    )
