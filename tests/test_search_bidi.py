# ruff: noqa: RUF001  (fixture text: Hebrew and Arabic words between direction controls are the point)
"""/find of a word between bidi isolates or embeddings, on SQLite and PostgreSQL alike (bidi29).

Twitter/X, Wikipedia and some CMSs write a right-to-left name inside left-to-right text between isolates
("Harbour U+2067 ... U+2069 pier") or embeddings (U+202B ... U+202C). The indexes held the word with them, so it
was never found; both engines' search text now has a separator for each (bot.text.cjk.DIRECTION_CLASS; SQLite
0021, PostgreSQL 0024), and so has the search term. Every text here is written for these tests.
"""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest
from cjk_support import (
    postgresql_upgraded,
    seed_articles,
    spaced_before_bidi,
    spaced_unfolded,
    sqlite_before,
    sqlite_upgraded_in_step,
    titles_found,
)
from pg_support import c_locale_database_url, empty_database_url_sync, fresh_database_url_sync, migrate_before

from bot.store.db import Database, to_db_time
from bot.store.db import migrations as sqlite_migrations
from bot.store.pg import migrations as pg_migrations
from bot.store.search import MARK_END, MARK_START, as_typed, build_match, check_typed, plain_snippet, search
from bot.text.bidi import DIRECTION_CLASS
from bot.text.cjk import (
    SEPARATOR,
    cjk_spaced,
    cjk_spaced_before_bidi,
    cjk_words,
    has_direction_controls,
    search_folded,
)

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
CONTROLS = [chr(p) for p in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]]
LRI, RLI, FSI, PDI, RLE, PDF = "\u2066", "\u2067", "\u2068", "\u2069", "\u202b", "\u202c"

PORT = "נמל"  # "port", in Hebrew
CITY = "العقبة"  # Aqaba, in Arabic
ISOLATED = (f"Harbour {RLI}{PORT}{PDI} pier reopens", f"The pier at {FSI}{CITY}{PDI} opened on Tuesday.")
EMBEDDED = (f"Ferry line to {RLE}{CITY}{PDF} resumes", f"Boats leave from the {RLE}{PORT}{PDF} quay at noon.")
PLAIN = (f"Harbour {PORT} market closes", "The market closes for the winter.")
ARTICLES = [ISOLATED, EMBEDDED, PLAIN]


async def _seed(db: Database) -> None:
    await seed_articles(db, ARTICLES, NOW)


async def _found(db: Database, text: str) -> set[str]:
    return await titles_found(db, text, NOW)


# The search text and the search term


def test_direction_controls_are_separators_in_the_search_text_and_the_term() -> None:
    assert [chr(p) for p in range(0x2000, 0x2100) if re.fullmatch(f"[{DIRECTION_CLASS}]", chr(p))] == CONTROLS
    for control in CONTROLS:
        assert cjk_spaced(f"a{control}b") == f"a{SEPARATOR}b"
        assert search_folded(f"x {control}{PORT}{PDI} y") == f"x {SEPARATOR}{PORT}{SEPARATOR} y"
        assert cjk_words(f"{control}{PORT}{PDI}") == PORT
        assert build_match(f"{control}{PORT}{PDI}") == build_match(PORT)
        assert has_direction_controls(f"a{control}")
        # as it was before (what the upgrade removes the old index entries by)
        assert cjk_spaced_before_bidi(f"a{control}b") == f"a{control}b"
    # their neighbours are no controls; the stored text and text without them come back as they are
    for text in ("\u2029", "\u202f", "\u2065", "\u206a", "\u200e", "\u200f", "“quoted” — it’s", "Café"):
        assert cjk_spaced(text) is text
        assert not has_direction_controls(text)
    assert not has_direction_controls(None)
    # with the other folds: CJK set apart, a Persian yeh folded, beside an isolate
    assert cjk_spaced(f"{RLI}東ی{PDI}") == f"{SEPARATOR}{SEPARATOR}東{SEPARATOR}ي{SEPARATOR}"


def test_a_headline_offered_to_find_holds_no_control_find_refuses() -> None:
    offered = as_typed(ISOLATED[0])
    assert offered == f"Harbour {PORT} pier reopens"
    check_typed(offered)  # raises if it holds one
    assert as_typed(f"x{PDI}y ({RLE}{PORT}{PDF})") == f"x y ({PORT})"
    assert as_typed(PLAIN[0]) == PLAIN[0]


# /find on both engines


async def test_find_finds_a_word_between_direction_controls(db: Database) -> None:
    await _seed(db)
    assert await _found(db, PORT) == {ISOLATED[0], EMBEDDED[0], PLAIN[0]}
    assert await _found(db, CITY) == {ISOLATED[0], EMBEDDED[0]}
    # a phrase across the controls, and the words beside them
    assert await _found(db, f'"harbour {PORT} pier"') == {ISOLATED[0]}
    assert await _found(db, f'"{PORT} quay"') == {EMBEDDED[0]}
    assert await _found(db, f'"at {CITY} opened"') == {ISOLATED[0]}
    assert await _found(db, "pier") == {ISOLATED[0]}
    # the headline is as written
    page = await search(db, f'"{PORT} quay"', now=NOW)
    assert page.hits[0].title == EMBEDDED[0]


async def test_postgresql_finds_it_where_the_parser_takes_every_character_for_a_letter() -> None:
    # In a database whose LC_CTYPE is C the parser reads every character that is not ASCII as a letter: the controls
    # were letters of the word (elsewhere, as in C.UTF-8, it reads them as blanks).
    async with c_locale_database_url() as url:
        db = await Database.open(url)
        try:
            await _seed(db)
            assert await _found(db, PORT) == {ISOLATED[0], EMBEDDED[0], PLAIN[0]}
            assert await _found(db, f'"harbour {PORT} pier"') == {ISOLATED[0]}
            assert await _found(db, f'"at {CITY} opened"') == {ISOLATED[0]}
        finally:
            await db.close()


async def test_the_snippet_shows_the_word_marked(db: Database) -> None:
    await _seed(db)
    page = await search(db, f'"{CITY} opened"', now=NOW)
    assert [hit.title for hit in page.hits] == [ISOLATED[0]]
    snippet = page.hits[0].snippet
    # the text without its controls, the phrase marked (SQLite marks it as one span, PostgreSQL word by word)
    assert plain_snippet(snippet).startswith(f"The pier at {CITY} opened on Tuesday")
    assert f"{MARK_START}{CITY}" in snippet
    assert f"opened{MARK_END}" in snippet
    assert SEPARATOR not in snippet
    assert not any(control in snippet for control in CONTROLS)


# PostgreSQL and Python read the controls and their neighbours alike


def _samples() -> list[str]:
    samples = [c for p in range(0x2028, 0x2031) for c in chr(p)] + [chr(p) for p in range(0x2064, 0x206C)]
    return [*samples, *(f"x{ch}y " for ch in samples), f"{RLI}東京{PDI}", f"{RLE}เรือ{PDF}", f"{LRI}ΝΈΟ ی{PDI}"]


@pytest.mark.parametrize("db", ["postgresql"], indirect=True)
async def test_postgresql_spaces_the_controls_as_python(db: Database) -> None:
    samples = _samples()
    rows = await db.fetchall(
        "SELECT newsdigest_cjk_spaced(c), newsdigest_cjk_shown(c) FROM unnest(?::text[]) WITH ORDINALITY AS x (c, n)"
        " ORDER BY n",
        [samples],
    )
    assert [(r[0], r[1]) for r in rows] == [(cjk_spaced(s, marks=False), cjk_spaced(s)) for s in samples]


def test_postgresql_spaces_as_before_with_each_control_a_separator() -> None:
    # 0024's functions give what 0023's gave of the text with a separator for each control: text without one,
    # the very same text (and so the same vectors).
    number = next(n for n, name, _ in pg_migrations() if name == "search_bidi")
    texts = [*_samples(), "Harbour council approves tram", "“quoted” — it’s", "東京 เรือ ΝΈΟ", ISOLATED[1], None]
    blanked = [None if t is None else "".join(SEPARATOR if ch in CONTROLS else ch for ch in t) for t in texts]
    query = (
        "SELECT newsdigest_cjk_spaced(c), newsdigest_cjk_shown(c)"
        " FROM unnest(%s::text[]) WITH ORDINALITY AS x (c, n) ORDER BY n"
    )
    with (
        empty_database_url_sync() as before_url,
        fresh_database_url_sync() as after_url,
        psycopg.connect(before_url, autocommit=True) as before,
        psycopg.connect(after_url, autocommit=True) as after,
    ):
        migrate_before(before, number)
        assert after.execute(query, (texts,)).fetchall() == before.execute(query, (blanked,)).fetchall()


# Upgrades: articles stored before are found after, and only their rows are indexed again

STORED = [(*ISOLATED, "[]"), (*EMBEDDED, f'["Timetable for {RLI}{PORT}{PDI} posted"]'), (*PLAIN, "[]")]


async def _found_after_upgrade(db: Database) -> None:
    assert await _found(db, PORT) == {ISOLATED[0], EMBEDDED[0], PLAIN[0]}
    assert await _found(db, f'"harbour {PORT} pier"') == {ISOLATED[0]}
    assert await _found(db, "timetable") == {EMBEDDED[0]}
    assert await _found(db, "winter") == {PLAIN[0]}


@pytest.mark.parametrize("name", ["search_bidi", "search_cjk"])
async def test_sqlite_upgrade_indexes_the_articles_stored_before(tmp_path: Path, name: str) -> None:
    # From 0020 (indexed as 0020 spaced them) and from 0016 (before any spacing): each migration indexes with its
    # own version of the spacing, so that the next removes what it finds.
    number = next(n for n, each, _ in sqlite_migrations() if each == name)
    path = tmp_path / "old.db"
    sqlite_before(
        path, number, STORED, to_db_time(NOW), spaced=spaced_before_bidi if name == "search_bidi" else spaced_unfolded
    )
    if name == "search_bidi":
        with closing(sqlite3.connect(path)) as conn:
            query = "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?"
            # the isolated word was not found (unicode61 reads the embeddings as separators already)
            assert conn.execute(query, (f'"{PORT}"',)).fetchall() == [(2,), (3,)]
    await sqlite_upgraded_in_step(path, _found_after_upgrade, [1, 2])


async def test_postgresql_upgrade_rewrites_only_the_rows_holding_such_characters() -> None:
    articles = [(title, body) for title, body, _ in STORED]
    async with postgresql_upgraded("search_bidi", articles, to_db_time(NOW)) as (db, written):
        assert written == [1, 2]
        assert await _found(db, PORT) == {ISOLATED[0], EMBEDDED[0], PLAIN[0]}
        assert await _found(db, f'"harbour {PORT} pier"') == {ISOLATED[0]}
        assert await _found(db, f'"{PORT} quay"') == {EMBEDDED[0]}
