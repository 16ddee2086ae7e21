"""Hostile input at the user's doors that the audit found unhandled: through the real command line where one is."""

from __future__ import annotations

import asyncio
import codecs
import contextlib
import errno
import json
import logging
import os
import random
import re
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from test_hostile_cli import cli, environ, settled

from bot.cli_feeds import channel_id
from bot.config import Settings, parse_window
from bot.errors import ParseError
from bot.ingest import jsontext
from bot.ingest.dropfolder import DropFile, DropFolder, FileChanged
from bot.ingest.feeds import parse_feed
from bot.ingest.formats.decode import decode_text
from bot.ingest.pipeline import ingest_paths
from bot.ingest.textsafe import BODY_MAX, HEADLINE_MAX, bounded_body, bounded_title, cut_note
from bot.ingest.xmlfeed import decode_bytes
from bot.logs import redact
from bot.models import Article
from bot.store.db import ROW_ID_MAX, row_id
from bot.store.search import CONTROL_MESSAGE, MAX_TERMS, ONLY_EXCLUSIONS_MESSAGE, SEARCH_CAP_MESSAGE

BODY = "The harbour authority said on Friday the pier would reopen after repairs over the winter."


def huge_title_feed() -> str:
    title = "Harbour " * 130_000  # about 1 MB
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Big Feed</title><link>https://example.org/</link>'
        f"<item><title>{title}</title><link>https://example.org/a</link><description>{BODY}</description></item>"
        "</channel></rss>"
    )


def test_a_megabyte_title_is_stored_and_shown_bounded(tmp_path):
    (tmp_path / "feed.xml").write_text(huge_title_feed(), encoding="utf-8")
    (tmp_path / "page.md").write_text("# " + "Pier " * 200_000 + "\n\n" + BODY + "\n", encoding="utf-8")
    db = str(tmp_path / "news.db")
    done = cli(tmp_path, "--db", db, "ingest", "feed.xml", "page.md")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("new: 2 ")
    found = cli(tmp_path, "--db", db, "find", "harbour", "--json")
    assert found.returncode == 0, found.stderr
    titles = [json.loads(line)["title"] for line in found.stdout.splitlines()]
    assert len(titles) == 2
    for title in titles:
        assert len(title) <= HEADLINE_MAX, title[:80]
        assert title.endswith("\u2026"), title[:80]
        assert title.startswith(("Harbour Harbour", "Pier Pier"))
    digest = cli(tmp_path, "--db", db, "digest", "--format", "markdown")
    assert digest.returncode == 0, digest.stderr
    assert len(digest.stdout) < 5_000


def test_bounded_title_cuts_at_a_word_and_keeps_short_titles():
    short = "Harbour pier reopens after repairs"
    assert bounded_title(short) is short
    exact = "x" * HEADLINE_MAX
    assert bounded_title(exact) is exact
    long = ("word " * 200).strip()
    cut = bounded_title(long)
    assert len(cut) <= HEADLINE_MAX
    assert cut.endswith("word\u2026")
    one_word = "y" * (HEADLINE_MAX * 3)
    assert bounded_title(one_word) == "y" * (HEADLINE_MAX - 1) + "\u2026"


def test_find_takes_unquoted_words_and_exclusions(tmp_path):
    (tmp_path / "pier.md").write_text("# Harbour pier reopens\n\n" + BODY + "\n", encoding="utf-8")
    db = str(tmp_path / "news.db")
    assert cli(tmp_path, "--db", db, "ingest", "pier.md").returncode == 0
    for words, found in (
        (["harbour", "pier"], True),  # was: "unrecognized arguments: pier"
        (["harbour", "-bridge"], True),  # was: "unrecognized arguments: -bridge"
        (["-housing", "harbour"], True),  # was: "argument -h/--help: ignored explicit argument 'ousing'"
        (["harbour", "-pier"], False),
        (["--limit", "1", "harbour", "pier"], True),
    ):
        done = cli(tmp_path, "--db", db, "find", *words)
        assert done.returncode == 0, (words, done.stderr)
        assert ("Harbour pier reopens" in done.stdout) is found, (words, done.stdout)
    alone = cli(tmp_path, "--db", db, "find", "-harbour")
    assert alone.returncode == 1
    assert alone.stderr.strip().splitlines() == [
        "newsdigest find: That search has only exclusions: add a word to look for, e.g. `harbour -bridge`."
    ]
    for wrong in (["harbour", "--nope"], []):
        refused = cli(tmp_path, "--db", db, "find", *wrong)
        assert refused.returncode == 2, wrong
        assert "Traceback" not in refused.stderr


def test_feeds_import_reads_only_a_small_regular_file(tmp_path):
    """`feeds import /dev/zero` filled the memory (22 GB before the kernel killed it); a FIFO hung forever."""
    os.mkfifo(tmp_path / "pipe.opml")
    (tmp_path / "huge.opml").write_bytes(b"<opml>" + b" " * 2_000_000)
    db = str(tmp_path / "news.db")
    for name, said in (
        ("/dev/zero", "/dev/zero: not a regular file (a character device)"),
        ("pipe.opml", "pipe.opml: not a regular file (a FIFO (named pipe))"),
        ("huge.opml", "huge.opml: larger than 1 MB; an OPML list is usually a few kB"),
        ("missing.opml", "missing.opml: cannot be read (No such file or directory)"),
    ):
        done = cli(tmp_path, "--db", db, "feeds", "import", name, timeout=30)
        assert done.returncode == 1, (name, done.stderr)
        assert done.stderr.splitlines() == [f"newsdigest feeds: {said}"]
    listed = cli(tmp_path, "--db", db, "feeds", "list")
    assert listed.returncode == 0, listed.stderr


def test_keypoints_stops_at_a_line_no_article_has(tmp_path):
    """`keypoints < /dev/zero` read one endless line into memory until a MemoryError traceback (or the OOM killer)."""
    command = [sys.executable, "-m", "bot", "--env-file", os.devnull, "keypoints"]
    with open("/dev/zero", "rb") as zero:
        done = subprocess.run(
            command, cwd=tmp_path, env=environ(), stdin=zero, capture_output=True, text=True, timeout=60, check=False
        )
    said = "longer than 50000000 bytes; the rest of the input is not read"
    assert done.returncode == 1
    assert done.stderr.splitlines() == [f"newsdigest keypoints: line 1: {said}"]
    assert json.loads(done.stdout) == {"line": 1, "id": None, "error": said}
    good = '{"id": 7, "text": "The harbour authority said on Friday the pier would reopen after repairs."}\n'
    fed = subprocess.run(
        command,
        cwd=tmp_path,
        env=environ(),
        input=good + "x" * 50_000_001 + "\n" + good,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert fed.returncode == 1
    assert [json.loads(line).get("id") for line in fed.stdout.splitlines()] == [7, None]


def test_a_database_that_is_a_fifo_or_a_device_is_one_line(tmp_path):
    """`--db FIFO` printed SQLite's "disk I/O error", then aiosqlite's thread traceback at exit."""
    os.mkfifo(tmp_path / "pipe.db")
    for name in ("pipe.db", "/dev/zero"):
        done = cli(tmp_path, "--db", name, "stats", timeout=30)
        assert done.returncode == 1, done.stderr
        assert done.stderr.splitlines() == [f"newsdigest stats: cannot open the database {name}: not a regular file"]


def test_a_full_disk_is_one_plain_line(tmp_path):
    """Writing to /dev/full said "newsdigest digest:: No space left on device" (an empty file name)."""
    db = str(tmp_path / "news.db")
    for args in (["digest", "--out", "/dev/full"], ["feeds", "export", "--out", "/dev/full"]):
        done = cli(tmp_path, "--db", db, *args)
        assert done.returncode == 1, done.stderr
        assert done.stderr.splitlines() == [f"newsdigest {args[0]}: No space left on device"]
    missing = cli(tmp_path, "--db", db, "digest", "--out", "no/such/folder/digest.md")
    assert missing.stderr.splitlines() == ["newsdigest digest: no/such/folder/digest.md: No such file or directory"]


def test_row_id_takes_only_ascii_digits_in_range():
    assert row_id(" 42 ") == 42
    assert row_id(str(ROW_ID_MAX)) == ROW_ID_MAX
    for text in ("0", "-5", "²", "٣", "1e3", "", str(ROW_ID_MAX + 1), "9" * 30):
        assert row_id(text) is None, text


def test_an_id_past_the_integer_range_or_not_ascii_is_one_line(tmp_path):
    """Twenty digits were an OverflowError traceback, "²" a ValueError one (str.isdigit says yes, int says no)."""
    db = str(tmp_path / "news.db")
    huge = "9" * 20
    for args, said in (
        (["explain", huge], f"newsdigest explain: no stored article has id {huge}"),
        (["explain", "²"], "newsdigest explain: no stored article has id ²"),
        (["feeds", "remove", huge], f"newsdigest feeds: no feed '{huge}': use `newsdigest feeds list` to see"),
        (["feeds", "rename", "²", "x"], "newsdigest feeds: no feed '²': use `newsdigest feeds list` to see"),
        (["schedule", "remove", huge], f"error: argument ID: '{huge}' is not a schedule's number"),
        (["schedule", "preview", "²"], "error: argument ID: '²' is not a schedule's number"),
    ):
        done = cli(tmp_path, "--db", db, *args)
        assert done.returncode in (1, 2), (args, done.stderr)
        assert "Traceback" not in done.stderr, done.stderr
        assert said in done.stderr.splitlines()[-1], (args, done.stderr)


def test_feeds_add_takes_only_a_discord_channel_id(tmp_path):
    """`--channel -3` was stored as a channel; twenty digits were an OverflowError traceback after the fetch."""
    db = str(tmp_path / "news.db")
    for wrong in ("-3", "12", "9" * 20, "abc"):
        done = cli(tmp_path, "--db", db, "feeds", "add", "https://example.org/feed", f"--channel={wrong}")
        assert done.returncode == 2, (wrong, done.stderr)
        assert "argument --channel: " in done.stderr.splitlines()[-1], done.stderr
        assert "Traceback" not in done.stderr
    assert channel_id(" 123456789012345678 ") == 123456789012345678


async def test_a_nul_in_an_articles_text_is_stored_on_both_backends(db, clock, tmp_path):
    """JSON's "\\u0000" reached PostgreSQL, which refused the file: "text fields cannot contain NUL (0x00) bytes"."""
    drop = tmp_path / "desk"
    drop.mkdir()
    (drop / "nul.json").write_text(
        json.dumps({"title": "Pier\u0000news", "body": "The harbour\u0000 authority said on Friday " + BODY}),
        encoding="utf-8",
    )
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Nul\u0000 Feed",
        "items": [{"id": "a", "url": "https://example.org/n", "title": "Ferry\u0000 resumes", "content_text": BODY}],
    }
    (drop / "feed.json").write_text(json.dumps(feed), encoding="utf-8")
    settings = Settings(database_path=tmp_path / "unused.db")
    report = await ingest_paths(db, [drop], settings=settings, clock=clock, archive=True)
    assert (report.new, report.quarantined, report.failed) == (2, 0, 0), report.problems
    rows = await db.fetchall("SELECT title, body FROM articles ORDER BY title")
    assert [r["title"] for r in rows] == ["Ferry\ufffd resumes", "Pier\ufffdnews"]
    assert all("\x00" not in r["body"] for r in rows)


def test_a_stray_byte_behind_a_utf8_mark_is_one_bad_character():
    """A page saved as UTF-8 with a byte-order mark and one stray byte was refused whole ("is not utf-8-sig")."""
    page = codecs.BOM_UTF8 + ("<p>Caf\u00e9 \xff " + BODY + "</p>").encode().replace(b"\xc3\xbf", b"\xff")
    assert decode_text(page) == "<p>Caf\u00e9 \ufffd " + BODY + "</p>"
    behind_a_mark = codecs.BOM_UTF8 + bytes(range(128, 256)) * 20  # not text at all
    with pytest.raises(ParseError, match="utf-8-sig byte-order mark but is not utf-8-sig"):
        decode_text(behind_a_mark)


def test_no_file_is_moved_through_a_link_in_the_drop_folder(tmp_path):
    """archive/ or quarantine/ (or a folder inside them) made a link moved files and reason files outside."""
    drop, outside = tmp_path / "drop", tmp_path / "outside"
    (drop / "desk").mkdir(parents=True)
    outside.mkdir()
    (drop / "archive").mkdir()
    (drop / "archive" / "desk").symlink_to(outside, target_is_directory=True)
    (drop / "quarantine").symlink_to(outside, target_is_directory=True)
    (drop / "desk" / "pier.md").write_text("# Pier reopens\n\n" + BODY + "\n", encoding="utf-8")
    (drop / "empty.md").write_bytes(b"")
    settled(drop)
    done = cli(tmp_path, "--db", str(tmp_path / "news.db"), "ingest", "--archive", str(drop))
    assert "Traceback" not in done.stderr
    assert list(outside.iterdir()) == []
    assert (drop / "desk" / "pier.md").exists()
    assert (drop / "empty.md").exists()
    assert f"archive{os.sep}desk is a symbolic link; nothing is moved through one" in done.stdout
    assert "quarantine is a symbolic link; nothing is moved through one" in done.stdout
    assert done.stdout.startswith("new: 1 ")


def test_a_configured_archive_folder_may_itself_be_a_link(tmp_path):
    real, drop = tmp_path / "real-archive", tmp_path / "drop"
    real.mkdir()
    drop.mkdir()
    (tmp_path / "archive-link").symlink_to(real, target_is_directory=True)
    (drop / "pier.md").write_text("# Pier reopens\n\n" + BODY + "\n", encoding="utf-8")
    folder = DropFolder(drop, archive_dir=tmp_path / "archive-link")
    pier = drop / "pier.md"
    moved = folder.archive(DropFile(pier, "pier.md", pier.stat().st_size, datetime.now(UTC)))
    assert moved == tmp_path / "archive-link" / "pier.md"
    assert (real / "pier.md").exists()


@pytest.mark.parametrize(
    ("template", "said"),
    [
        ("{{ 1/0 }}", "ZeroDivisionError: division by zero"),  # was a traceback
        ("{% include 'digest.md.j2' %}", "RecursionError: maximum recursion depth exceeded"),  # was a traceback
        ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "SecurityError: access to attribute '__class__'"),
        # was a long hang; the sandbox said "OverflowError: Range too big", the bounds (audit18) say it first
        ("{% for i in range(10**9) %}{% endfor %}", "RenderLimitError: a number over 5,000,000 given to a filter"),
    ],
)
def test_a_hostile_template_is_one_line(tmp_path, template, said):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "digest.md.j2").write_text(template, encoding="utf-8")
    done = cli(tmp_path, "--db", str(tmp_path / "news.db"), "digest", TEMPLATES_DIR=str(folder), timeout=30)
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    [line] = done.stderr.splitlines()
    assert line.startswith(f"newsdigest digest: TEMPLATES_DIR: template digest.md.j2 failed: {said}"), line


async def acli(tmp: Path, *args: str, **extra: str) -> tuple[int, str, str]:
    """The command line as a subprocess, without blocking the loop that serves the test's feeds."""
    command = [sys.executable, "-m", "bot", "--env-file", os.devnull, *args]
    proc = await asyncio.create_subprocess_exec(*command, cwd=tmp, env=environ(**extra), stdout=-1, stderr=-1)
    out, err = await asyncio.wait_for(proc.communicate(), timeout=120)
    assert proc.returncode is not None
    return proc.returncode, out.decode(), err.decode()


UNTITLED_RSS = (
    '<?xml version="1.0"?><rss version="2.0"><channel><link>https://pier.example/</link>'
    "<item><title>Harbour pier reopens</title><link>https://pier.example/a</link>"
    f"<description>{BODY}</description></item></channel></rss>"
).encode()


async def test_a_feed_urls_password_is_never_printed(server, tmp_path):
    """`feeds add https://user:pw@host/feed` said "subscribed to https://user:pw@host/feed"; list, explain, the
    digest's source name (an untitled feed is named by its URL), errors and the OPML export repeated it too."""
    # An "@" in a password: the part after it was shown by the log's own rule.
    secret = "s3cret-p@ss"  # noqa: S105 - a test feed's password
    url = server.bytes("/private.rss", UNTITLED_RSS).replace("http://", f"http://reader:{secret}@")
    missing = url.replace("private.rss", "gone.rss")
    db = str(tmp_path / "news.db")
    said: list[str] = []
    for args in (
        ["ingest", url],  # stored as news (not a backlog), so the digest and find show its source
        ["feeds", "add", url],
        ["feeds", "add", url],  # already subscribed: an error naming it
        ["feeds", "list"],
        ["feeds", "resume", "1"],
        ["feeds", "full-text", "1", "on"],
        ["explain", "1"],
        ["digest", "--format", "text"],
        ["digest", "--format", "discord-json"],
        ["find", "harbour", "--json"],
        ["ingest", missing],
        ["feeds", "export"],
        ["feeds", "rename", url, "Pier desk"],
    ):
        code, out, err = await acli(tmp_path, "-v", "--db", db, *args, FEED_ALLOWED_NETWORKS="127.0.0.1/32")
        assert "Traceback" not in err, err
        said.append(out + err)
        for part in (secret, "p@ss", "ss@127"):
            assert part not in out + err, (args, out, err)
    assert "subscribed to http://reader:[redacted]@127.0.0.1:" in said[1]
    assert "already subscribed to http://reader:[redacted]@127.0.0.1:" in said[2]
    assert "http://reader:[redacted]@127.0.0.1:" in said[3]
    assert "Its feed http://reader:[redacted]@127.0.0.1:" in said[6]
    assert "Harbour pier reopens" in said[7]
    assert "reader:[redacted]@127.0.0.1" in said[7]  # the untitled feed's name, as the source of its story
    assert "gone.rss: HTTP 404" in said[10]
    assert 'xmlUrl="http://reader:[redacted]@127.0.0.1:' in said[11]
    assert "1 feed URL(s) hold a password, written [redacted]; --with-passwords keeps them" in said[11]
    code, out, err = await acli(tmp_path, "--db", db, "feeds", "export", "--with-passwords")
    assert code == 0, err
    assert f'xmlUrl="{url}"' in out  # the operator's own backup keeps what polling needs
    code, out, err = await acli(tmp_path, "--db", db, "feeds", "remove", url)
    assert (code, out) == (0, "unsubscribed from Pier desk; its stories stay searchable\n"), err
    assert secret.encode() not in (tmp_path / "news.db").read_bytes().replace(url.encode(), b"")


def test_redact_hides_a_whole_password_whatever_it_holds():
    assert redact("http://reader:p@ss@host:8080/feed?x=1 then more") == (
        "http://reader:[redacted]@host:8080/feed?x=1 then more"
    )
    assert redact("https://me@example.org:pw@host/x") == "https://me@example.org:[redacted]@host/x"
    already = "cannot connect to postgresql://news:…@127.0.0.1:1/db and http://a:[redacted]@h/x"
    assert redact(already) == already  # the store's own mask, and a second pass, are left as they are
    assert redact("https://host:8080/@user.rss and https://host/a:b@c") == (
        "https://host:8080/@user.rss and https://host/a:b@c"
    )


def test_find_refuses_control_characters_and_says_when_a_search_was_cut(tmp_path):
    """`find $'\\e[2J harbour'` echoed the escape sequence to the terminal (it cleared the screen); an over-long
    search in --json said nothing about being cut."""
    (tmp_path / "pier.md").write_text("# Harbour pier reopens\n\n" + BODY + "\n", encoding="utf-8")
    db = str(tmp_path / "news.db")
    assert cli(tmp_path, "--db", db, "ingest", "pier.md").returncode == 0
    for query in ("\x1b[2J harbour", "harbour \x07", "pier \u202eruobrah", "harbour\x9b"):
        done = cli(tmp_path, "--db", db, "find", query)
        assert done.returncode == 1, (query, done.stdout)
        assert done.stdout == ""
        assert done.stderr.splitlines() == [f"newsdigest find: {CONTROL_MESSAGE}"], query
    tabbed = cli(tmp_path, "--db", db, "find", "harbour\tpier")  # a tab is a space, not a control to refuse
    assert "Harbour pier reopens" in tabbed.stdout, tabbed.stderr
    long = "harbour " + "pier " * 200
    for extra in ((), ("--json",)):
        done = cli(tmp_path, "--db", db, "find", long, *extra)
        assert done.returncode == 0, done.stderr
        assert "Harbour pier reopens" in done.stdout
        said = done.stdout + done.stderr
        assert SEARCH_CAP_MESSAGE in said
        kept = len("harbour " + "pier " * (MAX_TERMS - 1))  # the 33rd word and after are left out
        assert f"Your search was shortened to its first {kept} characters." in said, said


PIER = "# Harbour pier reopens\n\n" + BODY + " Café owners welcomed it.\n"
RUSSIAN = "# Причал вновь открыт\n\nВласти порта заявили в пятницу, что причал откроется после ремонта зимой.\n"


@pytest.mark.parametrize(
    "data",
    [
        PIER.encode("utf-16-le"),  # no mark: was "binary file (contains NUL bytes)"
        PIER.encode("utf-16-be"),
        RUSSIAN.encode("utf-16-le"),
        codecs.BOM_UTF16_LE + PIER.encode("utf-16-be"),  # a mark naming the wrong order: was stored as 䠀愀爀戀漀甀爀
        codecs.BOM_UTF16_BE + PIER.encode("utf-16-le"),
        codecs.BOM_UTF16_LE + RUSSIAN.encode("utf-16-be"),  # was stored as ἄ㸄䀄...
        PIER.encode("utf-16-le") + b"x",  # an odd last byte is one bad character
    ],
    ids=["le", "be", "ru-le", "le-mark-be-text", "be-mark-le-text", "ru-le-mark-be-text", "odd-length"],
)
def test_utf16_is_read_in_the_order_its_text_shows(data):
    text = decode_text(data)
    expected = RUSSIAN if "Причал" in text else PIER
    assert text.rstrip("\ufffd") == expected


def test_what_is_not_utf16_is_never_read_as_utf16():
    """Ideographic UTF-16 without a mark, random bytes and 8-bit text with stray NULs are refused, not gibberish."""
    chinese = ("港口码头重新开放。港务局周五表示，码头将在冬季维修后重新开放。\n" * 10).encode("utf-16-le")
    rng = random.Random(3)
    noise = bytes(rng.randrange(256) for _ in range(5000))
    strays = bytearray((BODY + "\n").encode() * 20)
    strays[::50] = b"\x00" * len(strays[::50])
    for data in (chinese, noise, bytes(strays)):
        with pytest.raises(ParseError, match=r"NUL bytes; if it is UTF-16 text, save it as UTF-8"):
            decode_text(data)
    assert decode_text(codecs.BOM_UTF16_LE + chinese) == chinese.decode("utf-16-le")  # with its mark: read as marked


def test_a_copy_with_a_few_stray_nuls_is_read_without_them():
    """A damaged save of real prose (a NUL or two in its first 8 KB) was refused as binary; past 8 KB it was read."""
    text = "# Harbour pier reopens\n\n" + (BODY + "\n\n") * 40
    data = bytearray(text.encode())
    for at in (30, 2000, 5000):  # three NULs in 8 KB: fewer than one in 1,000 bytes
        data[at:at] = b"\x00"
    read = decode_text(bytes(data))
    assert "\x00" not in read
    assert read == text
    with pytest.raises(ParseError, match=r"NUL bytes"):  # a short file has no room for a stray one
        decode_text(b"Harbour pier reopens\x00 on Friday after repairs.")


def test_utf16_drop_files_are_stored_as_written(tmp_path):
    drop = tmp_path / "drop"
    drop.mkdir()
    (drop / "nomark.md").write_bytes(PIER.encode("utf-16-le"))
    (drop / "swapped.md").write_bytes(codecs.BOM_UTF16_LE + RUSSIAN.encode("utf-16-be"))
    settled(drop)
    db = str(tmp_path / "news.db")
    done = cli(tmp_path, "--db", db, "ingest", "--archive", str(drop))
    assert done.stdout.startswith("new: 2 "), done.stdout + done.stderr
    found = cli(tmp_path, "--db", db, "find", "причал OR harbour", "--json")
    assert sorted(json.loads(line)["title"] for line in found.stdout.splitlines()) == [
        "Harbour pier reopens",
        "Причал вновь открыт",
    ]


def test_a_feed_file_whose_mark_names_the_wrong_order_is_read():
    feed = '<?xml version="1.0"?><rss version="2.0"><channel><title>Quay</title><item><title>Pier reopens</title>'
    feed += "<link>https://quay.example/a</link></item></channel></rss>"
    assert decode_bytes(codecs.BOM_UTF16_LE + feed.encode("utf-16-be")) == feed


def test_a_huge_body_is_stored_cut_and_marked_and_said(tmp_path):
    """A 36 MB .eml was a 36 MB body (the same for .md, .json, .txt, .html and feed entries): now at most
    BODY_MAX characters, the beginning kept, a last paragraph saying it was cut, and the report saying so."""
    paragraphs = [
        f"The harbour authority said on day {n} that berth {n} would reopen after repairs." for n in range(9000)
    ]
    text = "\n\n".join(paragraphs)  # about 750 kB
    mail = "From: Desk <desk@example.org>\nSubject: Harbour pier reopens\nDate: Fri, 04 Dec 2026 10:00:00 +0000\n"
    drop = tmp_path / "drop"
    drop.mkdir()
    (drop / "big.eml").write_text(mail + "Content-Type: text/plain; charset=utf-8\n\n" + text, encoding="utf-8")
    (drop / "big.md").write_text("# Ferry timetable grows\n\n" + text.replace("harbour", "ferry"), encoding="utf-8")
    settled(drop)
    db = tmp_path / "news.db"
    done = cli(tmp_path, "--db", str(db), "ingest", "--archive", str(drop))
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("new: 2 ")
    for name, title in (("big.eml", "Harbour pier reopens"), ("big.md", "Ferry timetable grows")):
        assert f"{name}: “{title}” stored with the first {BODY_MAX:,} characters of its text;" in done.stdout
    assert (drop / "archive" / "big.eml").stat().st_size > len(text)  # the file itself is kept whole
    with sqlite3.connect(db) as conn:
        bodies = [row[0] for row in conn.execute("SELECT body FROM articles")]
    assert len(bodies) == 2
    for body in bodies:
        assert BODY_MAX < len(body) < BODY_MAX + 200
        assert body.startswith(("The harbour authority said on day 0 ", "The ferry authority said on day 0 "))
        last = body.rsplit("\n\n", 1)[-1]
        assert re.fullmatch(r"\[Cut here: [\d,]+ more characters are not kept; .*\]", last), last
    assert bounded_body(("short",)) == ("short",)


def test_bounded_body_keeps_whole_paragraphs_then_cuts_at_a_word():
    paragraph = "word " * 1000  # 5,000 characters
    body = bounded_body(tuple(paragraph.strip() for _ in range(100)))
    *kept, note = body
    assert sum(len(p) for p in kept) + 2 * (len(kept) - 1) <= BODY_MAX
    assert kept[-1].endswith("word…")
    assert note.startswith("[Cut here: ")
    assert cut_note(Article("t", body)) == (int(note.split()[2].replace(",", "")), BODY_MAX)


def test_a_feed_entrys_huge_body_is_cut_too(caplog):
    text = "".join(f"<p>The ferry ran late on day {n} of the winter timetable.</p>" for n in range(6000))
    data = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Quay</title><item><title>Ferry runs late</title>'
        f"<link>https://quay.example/a</link><description><![CDATA[{text}]]></description></item></channel></rss>"
    ).encode()
    with caplog.at_level(logging.WARNING, logger="bot.ingest.textsafe"):
        [entry] = parse_feed(data, now=datetime(2026, 12, 5, tzinfo=UTC)).entries
    assert cut_note(entry.article) is not None
    assert len(entry.article.text) < BODY_MAX + 200
    [line] = [r.getMessage() for r in caplog.records]
    assert line.startswith("feed Quay, entry https://quay.example/a: the text of “Ferry runs late” is longer than")


@pytest.mark.parametrize(
    ("since", "said"),
    [
        ("-1h", "'-1h' is negative: a duration counts back from now, like 24h or 7d"),  # was argparse's usage block
        ("0", "'0' is too short: a window is at least one minute"),  # was an empty digest, nothing said
        ("0.00001s", "'0.00001s' is too short: a window is at least one minute"),
        ("99999999d", "'99999999d' is longer than ten years"),
        ("٣h", "'٣h' is not a duration like 30m, 24h or 7d"),  # an Arabic-Indic three was read as 3 hours
        ("abc", "'abc' is not a duration like 30m, 24h or 7d"),
        ("", "is empty: give a duration like 30m, 24h or 7d"),  # was the default window, silently
    ],
)
def test_a_bad_window_is_one_line_in_every_command(tmp_path, since, said):
    db = str(tmp_path / "news.db")
    for command, args in (
        ("digest", ["digest", "--since", since]),
        ("explain", ["explain", "1", "--since", since]),
        ("newsletter", ["newsletter", "send", "--dry-run", "--out", str(tmp_path), "--since", since]),
    ):
        done = cli(tmp_path, "--db", db, *args)
        assert done.returncode in (1, 2), (args, done.stdout)
        assert done.stdout == ""
        assert done.stderr.splitlines() == [f"newsdigest {command}: --since: {said}"], args


def test_a_value_starting_with_a_dash_reaches_its_own_check(tmp_path):
    """`digest --topic -bridge` was argparse's "expected one argument" under a usage block."""
    db = str(tmp_path / "news.db")
    done = cli(tmp_path, "--db", db, "digest", "--topic", "-bridge")
    assert done.returncode == 2
    assert done.stderr.splitlines() == [f"newsdigest digest: --topic: {ONLY_EXCLUSIONS_MESSAGE}"]
    fine = cli(tmp_path, "--db", db, "digest", "--topic", "harbour -bridge", "--since", "2d")
    assert fine.returncode == 0, fine.stderr
    assert parse_window(" 90m ") == timedelta(minutes=90)


def swap_during_move(monkeypatch, swap) -> None:
    """Run ``swap`` once, inside the move, after every check of the names and before the file is moved.

    Choosing a free name (fit_name) is the last step before the rename, in the old path-based move as in the
    new one: a link swapped in then is what a racing writer would do, made deterministic.
    """
    import bot.ingest.dropfiles as dropfiles

    original = dropfiles.fit_name
    done = []

    def hooked(name, *args):
        if not done:
            done.append(True)
            swap()
        return original(name, *args)

    monkeypatch.setattr(dropfiles, "fit_name", hooked)
    try:
        import bot.ingest.dropmove as dropmove
    except ImportError:  # before the fix, dropfiles did the moves
        return
    monkeypatch.setattr(dropmove, "fit_name", hooked)


def listed_pier(tmp_path):
    drop, outside = tmp_path / "drop", tmp_path / "outside"
    (drop / "desk").mkdir(parents=True)
    outside.mkdir()
    (outside / "pier.md").write_text("outside's own pier.md", encoding="utf-8")
    (outside / "secret.txt").write_text("token", encoding="utf-8")
    (drop / "desk" / "pier.md").write_text("# Pier reopens\n\n" + BODY + "\n", encoding="utf-8")
    settled(drop)
    folder = DropFolder(drop)
    [listed] = folder.scan(datetime.now(UTC)).ready
    folder.read(listed)
    return folder, listed, drop, outside


def untouched(outside):
    assert sorted(p.name for p in outside.iterdir()) == ["pier.md", "secret.txt"]
    assert (outside / "pier.md").read_text(encoding="utf-8") == "outside's own pier.md"
    assert (outside / "secret.txt").read_text(encoding="utf-8") == "token"


def test_a_folder_swapped_for_a_link_during_the_move_moves_nothing_outside(tmp_path, monkeypatch):
    """`drop/desk` replaced by a link to another folder between the check and the move: the path-based move
    took that folder's pier.md (wherever the bot may write) into the archive."""
    folder, listed, drop, outside = listed_pier(tmp_path)

    def swap():
        (drop / "desk").rename(drop / "desk-moved")
        (drop / "desk").symlink_to(outside, target_is_directory=True)

    swap_during_move(monkeypatch, swap)
    with contextlib.suppress(OSError, FileChanged):
        folder.archive(listed)
    untouched(outside)
    archived = drop / "archive" / "desk" / "pier.md"
    assert archived.read_text(encoding="utf-8").startswith("# Pier reopens")  # the file that was read, moved


def test_an_archive_folder_swapped_for_a_link_during_the_move_moves_nothing_outside(tmp_path, monkeypatch):
    folder, listed, drop, outside = listed_pier(tmp_path)
    (drop / "archive" / "desk").mkdir(parents=True)

    def swap():
        (drop / "archive" / "desk").rename(drop / "archive" / "desk-real")
        (drop / "archive" / "desk").symlink_to(outside, target_is_directory=True)

    swap_during_move(monkeypatch, swap)
    with contextlib.suppress(OSError, FileChanged):
        folder.archive(listed)
    untouched(outside)
    assert (drop / "archive" / "desk-real" / "pier.md").exists()  # into the folder that was checked


def test_a_file_swapped_for_a_link_during_the_move_is_never_followed(tmp_path, monkeypatch):
    folder, listed, drop, outside = listed_pier(tmp_path)

    def swap():
        (drop / "desk" / "pier.md").unlink()
        (drop / "desk" / "pier.md").symlink_to(outside / "secret.txt")

    swap_during_move(monkeypatch, swap)
    with contextlib.suppress(OSError, FileChanged):
        folder.archive(listed)
    untouched(outside)
    moved = drop / "archive" / "desk" / "pier.md"
    assert not moved.exists() or moved.is_symlink()  # at worst the link itself, never what it points at


def test_across_file_systems_a_link_swapped_in_is_never_read(tmp_path, monkeypatch):
    """Moving to another disk copies: through a descriptor opened without following links, never overwriting."""
    folder, listed, drop, outside = listed_pier(tmp_path)
    real_rename = os.rename

    def cross_device(src, dst, *, src_dir_fd=None, dst_dir_fd=None):
        if src_dir_fd is not None:
            raise OSError(errno.EXDEV, "Invalid cross-device link")
        return real_rename(src, dst)

    monkeypatch.setattr(os, "rename", cross_device)
    swap_during_move(monkeypatch, lambda: None)
    moved = folder.archive(listed)
    assert moved.read_text(encoding="utf-8").startswith("# Pier reopens")
    assert not (drop / "desk" / "pier.md").exists()
    (drop / "desk" / "next.md").write_text("# Next\n\n" + BODY + "\n", encoding="utf-8")
    settled(drop)
    [listed] = folder.scan(datetime.now(UTC)).ready

    def swap():
        (drop / "desk" / "next.md").unlink()
        (drop / "desk" / "next.md").symlink_to(outside / "secret.txt")

    swap_during_move(monkeypatch, swap)
    with pytest.raises((OSError, FileChanged)):
        folder.archive(listed)
    untouched(outside)
    assert not (drop / "archive" / "desk" / "next.md").exists()
    assert (drop / "desk" / "next.md").is_symlink()  # left where it is


def test_json_with_a_huge_number_or_deep_nesting_is_read_or_refused_in_one_line(tmp_path):
    """A 5,000-digit integer failed the file as a parser bug (an ERROR log and Python's "Exceeds the limit (4300
    digits) for integer string conversion"), in a JSON drop file and in a JSON Feed alike."""
    huge = "9" * 5000
    (tmp_path / "huge.json").write_text(
        f'{{"title": "Harbour pier reopens", "body": "{BODY}", "published": {huge}}}', encoding="utf-8"
    )
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Quay",
        "items": [{"id": 1, "title": "Ferry resumes", "url": "https://quay.example/f", "content_text": BODY}],
    }
    (tmp_path / "feed.json").write_text(json.dumps(feed).replace('"id": 1', f'"id": {huge}'), encoding="utf-8")
    (tmp_path / "deep.json").write_text('{"title": "Deep", "body": ' + "[" * 100_000 + "]" * 100_000 + "}")
    done = cli(tmp_path, "parse", "huge.json", "feed.json", "deep.json", "--json")
    assert "Traceback" not in done.stderr
    assert "ERROR" not in done.stderr, done.stderr
    parsed = [json.loads(line) for line in done.stdout.splitlines()]
    assert [p.get("title") or p["error"] for p in parsed] == [
        "Harbour pier reopens",
        "Ferry resumes",
        "JSON nested too deeply to be read",
    ]
    assert parsed[0]["published"] is None  # a number no date can be
    assert jsontext.loads(f"[{huge}, 12]") == [float("inf"), 12]


def test_a_template_never_reads_through_a_link_leading_out_of_its_folder(tmp_path):
    """`footer.j2 -> ../.env` in TEMPLATES_DIR was followed: `{% include 'footer.j2' %}` put the file's text (a
    token, say) into the digest. `../` in a name was already refused; a link staying inside still works."""
    folder = tmp_path / "templates"
    folder.mkdir()
    (tmp_path / ".env").write_text("DISCORD_TOKEN=not-for-digests\n", encoding="utf-8")
    (folder / "footer.j2").symlink_to(tmp_path / ".env")
    (folder / "real.j2").write_text("inside {{ 6 * 7 }}", encoding="utf-8")
    (folder / "inner.j2").symlink_to("real.j2")
    db = str(tmp_path / "news.db")
    for template, name in (("{% include 'footer.j2' %}", "footer.j2"), ("{% extends 'footer.j2' %}", "footer.j2")):
        (folder / "digest.md.j2").write_text(template, encoding="utf-8")
        done = cli(tmp_path, "--db", db, "digest", TEMPLATES_DIR=str(folder))
        assert done.returncode == 2, done.stdout
        assert "not-for-digests" not in done.stdout + done.stderr
        assert done.stderr.splitlines() == [
            f"newsdigest digest: TEMPLATES_DIR: template {name} is a link leading out of {folder}: not read"
        ]
    (folder / "digest.md.j2").unlink()
    (folder / "digest.md.j2").symlink_to(tmp_path / ".env")  # not the bundled one instead, silently
    done = cli(tmp_path, "--db", db, "digest", TEMPLATES_DIR=str(folder))
    assert done.returncode == 2
    assert "digest.md.j2 is a link leading out of" in done.stderr
    (folder / "digest.md.j2").unlink()
    (folder / "digest.md.j2").write_text("{% include 'inner.j2' %}", encoding="utf-8")
    done = cli(tmp_path, "--db", db, "digest", TEMPLATES_DIR=str(folder))
    assert (done.returncode, done.stdout.strip()) == (0, "inside 42"), done.stderr


@pytest.mark.parametrize(
    ("setting", "value", "said"),
    [
        ("SMTP_HOST", "smtp.example.org:587", "holds a port: give the name alone and the port in SMTP_PORT"),
        ("SMTP_HOST", "smtp://smtp.example.org", "is not a host name: give the server's name alone"),
        ("SMTP_HOST", "smtp example.org", "is not a host name or an address"),
        ("SMTP_HOST", "-oProxyCommand=x", "is not a host name or an address"),
        ("SMTP_HOST", "a" * 300, "is not a host name or an address"),
        ("SMTP_PORT", "٥٨٧", "'٥٨٧' is not a whole number"),  # was read as port 587
    ],
)
def test_a_mail_server_setting_that_cannot_be_one_is_refused_at_start(tmp_path, setting, value, said):
    """SMTP_HOST took any text: "smtp.example.org:587" or a URL failed only at the first send, every morning."""
    done = cli(tmp_path, "--db", str(tmp_path / "news.db"), "stats", **{setting: value})
    assert done.returncode == 2
    [line] = done.stderr.splitlines()
    assert line.startswith(f"newsdigest: setting {setting}: "), line
    assert said in line, line


def test_a_mail_server_may_be_a_name_an_address_or_an_international_name(tmp_path):
    for value in ("smtp.example.org", "mail_relay", "192.0.2.25", "[2001:db8::25]", "mail.bücher.example", "localhost"):
        done = cli(tmp_path, "--db", str(tmp_path / "news.db"), "stats", SMTP_HOST=value)
        assert done.returncode == 0, (value, done.stderr)


def test_a_webhook_id_in_another_scripts_digits_is_refused(tmp_path):
    """`\\d` took Arabic-Indic digits: the URL was stored, and every morning's post failed in discord.py."""
    token = "a" * 60
    done = cli(
        tmp_path,
        "--db",
        str(tmp_path / "news.db"),
        "schedule",
        "add",
        "--time",
        "07:00",
        "--webhook",
        f"https://discord.com/api/webhooks/١٢٣٤٥٦٧٨٩٠١٢٣٤٥٦٧٨/{token}",
    )
    assert done.returncode != 0
    assert "that is not a discord-webhook URL" in done.stderr
    assert token not in done.stderr
