"""A drop folder as ordinary tools leave it: write one (own fixtures) to watch with ``newsdigest run``.

Three articles a person dropped (``ferry.md``, ``Page.html`` with its ``Page_files/``, ``Quarterly
report.docx``), then what browsers, editors, office suites, Windows, macOS, sync clients and git leave, and
the same page downloaded twice; every file written 10 minutes ago, so that nothing waits to settle::

    python -m bench.drop_tools /tmp/tools/drop
    DATABASE_PATH=/tmp/tools/news.db DROP_FOLDERS=/tmp/tools/drop SCAN_INTERVAL=1 newsdigest run
    # stop it after a few scans; then look at the articles, archive/, quarantine/ and the log

bench/README.md ("What ordinary tools leave in a drop folder") has what the base and the branch made of it.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ART = (
    "The harbour ferry returns to service on Monday after a month of repairs to its engine and hull, the operator"
    " said.\n\nPassengers will find a new timetable with two extra evening crossings."
)


def _md(title: str, body: str = ART) -> str:
    return f"# {title}\n\n{body}\n"


def _page(title: str) -> str:
    return (
        f"<!doctype html><html><head><title>{title}</title></head><body><article><h1>{title}</h1><p>{ART}</p>"
        "<p>The cost stayed within the budget set last spring.</p></article></body></html>"
    )


FILES: dict[str, str | bytes] = {
    # the articles a person dropped
    "ferry.md": _md("Ferry back on Monday"),
    "Page.html": _page("Harbour works end early"),
    "Quarterly report.docx": b"PK\x03\x04 stands in for a document open in Word",
    # browsers
    "dl.html.crdownload": "<html><bo",
    "Ferry timetable.html": b"",
    "Ferry timetable.html.part": "<html><bo",
    "Saved.html.download/Saved.html": "<html><body><p>half a page",
    "Saved.html.download/Info.plist": "<plist/>",
    "Page_files/saved_resource.html": "<html><body><p>An advertisement</p></body></html>",
    # editors and office suites
    "~$arterly report.docx": b"\x04Jane",
    ".~lock.x.odt#": "Jane,host,07.12.2026",
    ".ferry.md.swp": b"b0VIM 9.0\x00",
    "4913": b"",
    "ferry.md~": _md("Ferry back (old)"),
    "#ferry.md#": _md("Autosave"),
    "ferry.md___jb_old___": _md("Ferry (JetBrains old)"),
    "ferry.md.vsctmp": _md("Ferry (VS Code temp)"),
    # operating systems
    ".DS_Store": b"\x00\x00\x00\x01Bud1",
    "._Page.html": b"\x00\x05\x16\x07\x00\x02Mac OS X",
    "Thumbs.db": b"\xd0\xcf\x11\xe0",
    "desktop.ini": "[.ShellClassInfo]\r\n",
    "Icon\r": b"",
    "$RECYCLE.BIN/S-1-5-21-7/$RAB12CD.md": _md("Deleted on purpose", ART.replace("ferry", "tram")),
    "$RECYCLE.BIN/S-1-5-21-7/$IAB12CD.md": b"\x02\x00\x00\x00\x00\x00\x00\x00metadata\x00",
    "System Volume Information/IndexerVolumeGuid": b"x",
    ".Trash-1000/files/t.md": _md("Trashed"),
    "__MACOSX/._Page.html": b"\x00\x05\x16\x07",
    # sync clients, rsync, git
    ".dropbox": "{}",
    ".dropbox.cache/x.md": _md("cache"),
    ".stfolder/.keep": b"",
    ".stversions/ferry~20261207-101010.md": _md("v"),
    ".syncthing.ferry.md.tmp": _md("st"),
    "ferry.sync-conflict-20261207-101010-ABCDEFG.md": _md("Ferry back on Monday", ART + "\n\nTwo, not three."),
    ".owncloudsync.log": "log",
    "ferry (Jane's conflicted copy 2026-12-07).md": _md("Ferry back on Monday", ART.replace("two", "2")),
    ".tmp.driveupload/123": b"x",
    ".notes.md.icloud": b"bplist00",
    ".ferry.md.AbC123": _md("rsync"),
    ".git/HEAD": "ref: refs/heads/main",
    # the same page downloaded twice
    "story.html": _page("Library reopens"),
    "story (1).html": _page("Library reopens"),
}


def write_folder(folder: Path) -> None:
    """Write the files (and emacs' lock, a dangling link) into a new folder, all modified 10 minutes ago."""
    folder.mkdir(parents=True)
    old = time.time() - 600
    for name, data in FILES.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode())
        os.utime(path, (old, old))
    os.symlink("jane@host.1234:1700000000", folder / ".#ferry.md")


if __name__ == "__main__":
    write_folder(Path(sys.argv[1]))
