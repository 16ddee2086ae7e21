"""One feed parser, two doors: every real capture gives the same articles by URL and dropped as a file.

The URL door is ``ingest URL`` (fetched from the local aiohttp feed server); the file door is the drop-folder
pipeline (``ingest FOLDER``). Each feed goes into a fresh database per door, and the stored articles are
compared field by field: three feeds of our own of the kinds the file door used to refuse, and every real
capture in ../shared/datasets/feeds (skipped with a message where it is absent).
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from feed_server import loopback_settings

from bot.ingest.pipeline import ingest_paths
from bot.ingest.subscribe import ingest_feed_url
from bot.store.articles import arrived_between
from bot.store.db import Database

CAPTURES = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "feeds"
SUFFIXES = {".xml", ".rss", ".atom", ".rdf", ".json"}
FILES = sorted(p for p in CAPTURES.iterdir() if p.suffix in SUFFIXES) if CAPTURES.is_dir() else []
NO_CAPTURES = f"no feed captures at {CAPTURES} (shared datasets not present)"


async def stored(db: Database, clock) -> list[tuple]:
    """Every stored article (backlog or not) as the comparable fields, in a stable order."""
    window = await arrived_between(
        db, clock.now().replace(year=2000), clock.now().replace(year=2100), limit=100_000, include_initial=True
    )
    rows = [
        (
            s.article.title,
            s.article.url,
            s.canonical_url,
            s.article.body,
            s.article.published,
            s.article.author,
            s.article.summary,
            s.article.key_points,
            s.article.guid,
        )
        for s in window
    ]
    return sorted(rows, key=repr)


def latin1_rss() -> bytes:
    """A Portuguese news feed in ISO-8859-1, 40 entries, half of them headlines with a link and no body."""
    items = []
    for n in range(40):
        body = "" if n % 2 else f"<description>Mais de {n} famílias recebem apoio na região.</description>"
        items.append(
            f"<item><title>Câmara aprova orçamento nº {n} para a reconstrução</title>"
            f"<link>https://jornal.example/noticia/{n}</link>{body}"
            f"<pubDate>Tue, 02 Dec 2025 {n % 24:02d}:15:00 -0300</pubDate></item>"
        )
    text = (
        '<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><title>Jornal da Região</title>'
        f"<link>https://jornal.example/</link>{''.join(items)}</channel></rss>"
    )
    return text.encode("iso-8859-1")


ATOM_IMAGE = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Harbour Photos</title><id>tag:photos.example,2025:feed</id>
<updated>2025-12-01T08:00:00Z</updated>
<entry><title>Dawn over the breakwater</title><id>tag:photos.example,2025:1</id>
<link href="https://photos.example/dawn"/><updated>2025-12-01T07:00:00Z</updated>
<content type="html">&lt;img src="https://photos.example/dawn.jpg" alt=""&gt;</content></entry></feed>"""

JSON_FEED_11 = json.dumps(
    {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Tram Works",
        "items": [
            {"id": "t1", "url": "https://trams.example/1", "title": "Line 4 closed on Sunday"},
            {"id": "t2", "url": "https://trams.example/2", "content_text": "Rails laid on Elm Street today."},
            {"id": "t3", "external_url": "https://city.example/plan", "title": "The city's plan", "language": "en"},
        ],
    }
).encode()

OWN = {"jornal.rss": latin1_rss(), "photos.atom": ATOM_IMAGE, "trams.json": JSON_FEED_11}


async def both_doors(name: str, data: bytes, db, server, clock, tmp_path):
    """Ingest ``data`` by URL into ``db`` and as a dropped file into a second database; return both reports."""
    settings = loopback_settings(database_path=tmp_path / "files.db")
    # A vague content type: by URL as by file, the format comes from the bytes.
    url = server.bytes(f"/{name}", data, "application/octet-stream")
    by_url = await ingest_feed_url(db, url, settings=settings, clock=clock)

    drop = tmp_path / "drop"
    drop.mkdir()
    (drop / name).write_bytes(data)
    aged = time.time() - 600  # long finished: no settle wait
    os.utime(drop / name, (aged, aged))
    files_db = await Database.open(tmp_path / "files.db")
    try:
        by_file = await ingest_paths(files_db, [drop], settings=settings, clock=clock)
        from_file = await stored(files_db, clock)
    finally:
        await files_db.close()
    return by_url, by_file, await stored(db, clock), from_file


@pytest.mark.parametrize("name", sorted(OWN))
async def test_feeds_the_file_door_refused_give_every_entry_by_both_doors(name, db, server, clock, tmp_path):
    by_url, by_file, from_url, from_file = await both_doors(name, OWN[name], db, server, clock, tmp_path)
    assert by_file.quarantined == by_file.failed == 0, by_file.problems
    expected = {"jornal.rss": 40, "photos.atom": 1, "trams.json": 3}[name]
    assert by_url.new == by_file.new == len(from_url) == expected
    assert from_file == from_url
    if name == "jornal.rss":
        assert "Câmara aprova orçamento nº 0 para a reconstrução" in [row[0] for row in from_url]


@pytest.mark.skipif(not FILES, reason=NO_CAPTURES)
@pytest.mark.parametrize("path", FILES or [None], ids=[p.name for p in FILES] or ["absent"])
async def test_a_capture_by_url_and_as_a_dropped_file_gives_the_same_articles(path, db, server, clock, tmp_path):
    by_url, by_file, from_url, from_file = await both_doors(path.name, path.read_bytes(), db, server, clock, tmp_path)
    if by_url.failed:
        # Neither door stores anything of a feed it cannot read, and both say why.
        assert not from_url
        assert not from_file
        assert by_file.quarantined == 1
        assert "truncated JSON" in by_url.problems[0]
        assert "truncated JSON" in by_file.problems[0], by_file.problems
        return
    assert by_file.quarantined == by_file.failed == 0, by_file.problems
    assert from_url, path.name
    # Every entry is stored by both doors, bodiless ones included (a headline with a link is news).
    assert by_file.new == by_url.new == len(from_url)
    assert from_file == from_url
