"""/find in Chinese, Japanese and Korean: a word is found inside a run of characters, on SQLite and PostgreSQL alike.

unicode61 (SQLite) and PostgreSQL's parser take a run of Han, kana or Hangul as one word; the index holds each
character as a word (bot.text.cjk, SQLite migration 0017, PostgreSQL 0018) and a CJK term is searched as the
phrase of its characters. Fixtures are written for these tests.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cjk_support import fts_in_step, postgresql_before, sqlite_before
from pg_support import empty_database_url

from bot.models import Article, SourceKind
from bot.store import articles as repo
from bot.store import copy as store_copy
from bot.store.db import Database, to_db_time
from bot.store.db import migrations as sqlite_migrations
from bot.store.pg import migrations as pg_migrations
from bot.store.search import MARK_START, build_match, matching_ids, search
from bot.text.cjk import CJK_CLASS, FOLD_CLASS, SEPARATOR, cjk_spaced, compat_folded, has_cjk

NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)

ZH_TITLE = "东京市议会批准新有轨电车线路"
ZH_BODY = "东京市议会周二以多数票批准了一条新的有轨电车线路，连接港区与市中心。首批电车预计于2029年投入运营。"  # noqa: RUF001
JA_TITLE = "市議会が新しい路面電車の路線を承認"
JA_BODY = "東京の市議会は火曜日、港区と都心を結ぶ新しい路面電車の路線を承認した。Tokyo電車の運行は来年から。"
KO_TITLE = "서울시, 새 경전철 노선을 승인"
KO_BODY = "서울시의회는 화요일 도심과 항구를 잇는 새 경전철 노선을 승인했다. 첫 열차는 2029년에 운행한다."
EN_TITLE = "Harbour council approves new tram line"
EN_BODY = "The harbour council approved a tram line on Tuesday. The first trams run in 2029."

ARTICLES = [
    (ZH_TITLE, ZH_BODY, ("议员们表示线路将减少拥堵",)),
    (JA_TITLE, JA_BODY, ("最初の電車は来年に走る",)),
    (KO_TITLE, KO_BODY, ()),
    (EN_TITLE, EN_BODY, ("Trams every ten minutes.",)),
]


async def _seed(db: Database) -> dict[str, int]:
    src = await repo.get_or_create_source(db, SourceKind.FOLDER, "desk", "/drop", NOW)
    ids: dict[str, int] = {}
    for n, (title, body, points) in enumerate(ARTICLES):
        article = Article(title=title, body=(body,), key_points=points, url=f"https://news.example/{n}")
        result = await repo.add_article(db, src, article, NOW - timedelta(hours=n), [f"k{n}"])
        ids[title] = result.article_id
    return ids


@pytest.fixture
async def seeded(db: Database) -> tuple[Database, dict[str, int]]:
    return db, await _seed(db)


async def _found(db: Database, text: str) -> set[str]:
    return {hit.title for hit in (await search(db, text, now=NOW)).hits}


# The text and the query


def test_text_without_cjk_is_returned_as_it_is() -> None:
    for text in ("", "Harbour bridge", "Café Zürich — 2029", "Αθηνα", "Москва"):
        assert cjk_spaced(text) is text
        assert not has_cjk(text)


def test_each_cjk_character_is_set_apart_and_nothing_else_changes() -> None:
    spaced = cjk_spaced("于2029年投入, Tokyo電車 ok")
    assert spaced.replace(SEPARATOR, "") == "于2029年投入, Tokyo電車 ok"
    words = [w for w in spaced.replace(",", " ").replace(SEPARATOR, " ").split() if w]
    assert words == ["于", "2029", "年", "投", "入", "Tokyo", "電", "車", "ok"]
    assert cjk_spaced("서울시는", " ").split() == ["서", "울", "시", "는"]
    assert cjk_spaced("ひらがなカタカナ漢字々", " ").split() == list("ひらがなカタカナ漢字々")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("电车", '("电 车")'),
        ("有轨电车", '("有 轨 电 车")'),
        ("电车*", '("电 车")'),  # a prefix adds nothing to a substring match
        ('"首批电车 2029"', '("首 批 电 车 2029")'),
        ("Tokyo電車", '("Tokyo 電 車")'),
        ("电车 -承認", '(("电 车")) NOT ("承 認")'),
        ("电车 OR 路面電車", '("电 车" OR "路 面 電 車")'),
        ("harbour*", '("harbour"*)'),
    ],
)
def test_a_cjk_term_is_the_phrase_of_its_characters(text: str, expected: str) -> None:
    assert build_match(text) == expected


# /find on both engines


@pytest.mark.parametrize(
    ("text", "titles"),
    [
        ("电车", {ZH_TITLE}),  # two characters inside a longer run
        ("议会", {ZH_TITLE}),
        ("市议会", {ZH_TITLE}),  # three characters
        ("有轨电车", {ZH_TITLE}),
        ("投入运营", {ZH_TITLE}),  # after a number, no space
        ("路面電車", {JA_TITLE}),  # kanji
        ("承認", {JA_TITLE}),
        ("しい", {JA_TITLE}),  # kana
        ("경전철", {KO_TITLE}),  # Hangul, a word with a particle after it
        ("노선", {KO_TITLE}),
        ("2029", {ZH_TITLE, KO_TITLE, EN_TITLE}),  # digits glued to 年 / 년
        ('"首批电车"', {ZH_TITLE}),  # a quoted phrase
        ('"批准新有轨"', {ZH_TITLE}),
        ("电车 OR 경전철", {ZH_TITLE, KO_TITLE}),
        ("議会 -承認", set()),
        ("议会 -承認", {ZH_TITLE}),
        ("Tokyo 電車", {JA_TITLE}),  # mixed: an English word and a CJK word
        ("Tokyo電車", {JA_TITLE}),
        ("电车 tram", set()),
        ("tram", {EN_TITLE}),  # non-CJK searches are unchanged
        ("trams harbour", {EN_TITLE}),
        ('"tram line"', {EN_TITLE}),
        ("电话", set()),  # both characters occur, never together
        ("车电", set()),
    ],
)
async def test_find_a_cjk_word_anywhere_in_a_run(seeded, text: str, titles: set[str]) -> None:
    db, _ = seeded
    assert await _found(db, text) == titles


async def test_a_headline_match_ranks_first_and_snippets_show_no_separator(seeded) -> None:
    db, _ = seeded
    page = await search(db, "电车", now=NOW)
    assert [hit.title for hit in page.hits] == [ZH_TITLE]
    assert page.hits[0].score < -1.0  # the headline boost: the headline holds the word
    snippet = page.hits[0].snippet
    assert MARK_START in snippet
    assert SEPARATOR not in snippet
    assert "电车" in snippet.replace(MARK_START, "").replace("\ue001", "")
    for text in ("承認", "경전철", "Tokyo 電車", "2029"):
        for hit in (await search(db, text, now=NOW)).hits:
            assert SEPARATOR not in hit.snippet, (text, hit.snippet)


async def test_digest_topics_match_cjk_words(seeded) -> None:
    db, ids = seeded
    everything = list(ids.values())
    assert await matching_ids(db, "电车", everything) == {ids[ZH_TITLE]}
    assert await matching_ids(db, "承認 OR 노선", everything, any_term=True) == {ids[JA_TITLE], ids[KO_TITLE]}


async def test_an_edited_or_deleted_cjk_article_leaves_the_index_in_step(seeded) -> None:
    db, ids = seeded
    await db.execute("UPDATE articles SET title = ? WHERE id = ?", ["港区新公园开放", ids[ZH_TITLE]])
    assert await _found(db, "公园") == {"港区新公园开放"}
    assert await _found(db, "电车") == {"港区新公园开放"}  # still in the body
    await db.execute("DELETE FROM articles WHERE id = ?", [ids[JA_TITLE]])
    assert await _found(db, "承認") == set()
    if db.dialect == "sqlite":
        await fts_in_step(db)


async def _found_after_upgrade(db: Database, known: int) -> None:
    assert await db.schema_version() == known
    assert await _found(db, "电车") == {ZH_TITLE}
    assert await _found(db, "路面電車") == {JA_TITLE}
    assert await _found(db, "노선") == {KO_TITLE}
    assert await _found(db, "tram") == {EN_TITLE}


# Upgrades: articles stored before the change are found after it


async def test_sqlite_upgrade_finds_cjk_articles_stored_before(tmp_path: Path) -> None:
    number = next(n for n, name, _ in sqlite_migrations() if name == "search_cjk")
    path = tmp_path / "old.db"
    rows = [(title, body, "[" + ", ".join(f'"{p}"' for p in points) + "]") for title, body, points in ARTICLES]
    sqlite_before(path, number, rows, to_db_time(NOW))
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH '\"电车\"'").fetchall() == []
    db = await Database.open(path)
    try:
        await _found_after_upgrade(db, len(sqlite_migrations()))
        await fts_in_step(db)
    finally:
        await db.close()


async def test_postgresql_upgrade_finds_cjk_articles_stored_before() -> None:
    number = next(n for n, name, _ in pg_migrations() if name == "search_cjk")
    async with empty_database_url() as url:
        postgresql_before(url, number, [(title, body) for title, body, _ in ARTICLES], to_db_time(NOW))
        db = await Database.open(url)
        try:
            await _found_after_upgrade(db, len(pg_migrations()))
            page = await search(db, "电车", now=NOW)
            assert page.hits[0].score < -1.0  # the headline vector was made again
            # a new article gets spaced headline vectors from the trigger
            src = await repo.get_or_create_source(db, SourceKind.FOLDER, "desk", "x", NOW)
            await repo.add_article(db, src, Article(title="新线路开通", body=("今天开通。",), url=None), NOW, ["new"])
            assert await _found(db, "线路") == {ZH_TITLE, "新线路开通"}
        finally:
            await db.close()


@pytest.mark.parametrize("db", ["postgresql"], indirect=True)
async def test_postgresql_splits_and_folds_the_same_characters_as_python(db: Database) -> None:
    # Each range's first and last character (and each single one) of the CJK class and of the compatibility forms
    # folded (PostgreSQL 0020), and the characters just outside them.
    samples: list[str] = []
    for ch in (CJK_CLASS + FOLD_CLASS).replace("-", ""):
        samples += [c for c in (chr(ord(ch) - 1), ch, chr(ord(ch) + 1)) if not 0xD800 <= ord(c) <= 0xDFFF]
    samples += ["、", "。", "「", "a", "1", "é"]
    # sound marks after half-width and full-width kana, alone; what NFKC would fold and the fold leaves
    samples += ["ｶﾞ", "ﾊﾟ", "ｱﾞ", "ﾞ", "カﾞ", "ｶ\u3099", "ﬁ", "²", "①", "ﾠ", "￥"]
    text = "".join(f"x{ch}y " for ch in samples)
    row = await db.fetchone("SELECT newsdigest_cjk_spaced(?), newsdigest_compat_folded(?)", [text, text])
    assert row is not None
    assert row[0] == cjk_spaced(text)
    assert row[1] == compat_folded(text)
    empty = await db.fetchone("SELECT newsdigest_compat_folded('')")
    assert empty is not None
    assert empty[0] == ""


async def test_copy_from_sqlite_to_postgresql_finds_the_same(tmp_path: Path) -> None:
    sqlite = await Database.open(tmp_path / "news.db")
    try:
        await _seed(sqlite)
        queries = ["电车", "市议会", "承認", "경전철", "Tokyo 電車", "2029", "tram"]
        before = {q: [h.article_id for h in (await search(sqlite, q, now=NOW)).hits] for q in queries}
        async with empty_database_url() as url:
            target = await Database.open(url)
            try:
                await store_copy.copy(sqlite, target, source_name="news.db", now=NOW)
                after = {q: [h.article_id for h in (await search(target, q, now=NOW)).hits] for q in queries}
            finally:
                await target.close()
        assert after == before
        assert all(before[q] for q in queries)
    finally:
        await sqlite.close()


async def test_a_cjk_headline_still_finds_its_story_candidates(db: Database) -> None:
    # PostgreSQL's story candidates come from the headline vectors, spaced since 0018: the headline's words are
    # asked spaced too (SQLite's titles_fts: spaced since its 0018). A headline with words between spaces.
    src = await repo.get_or_create_source(db, SourceKind.FOLDER, "desk", "/drop", NOW)
    title = "Tokyo 市议会 批准 LRT 新线路 建设计划"
    first = await repo.add_article(db, src, Article(title=title, body=(KO_BODY,), url="https://a.example/1"), NOW)
    query = repo._story_query("市议会 批准 新线路 建设计划 全文", NOW, db.dialect == "postgresql")
    assert query is not None
    rows = await db.fetchall(*query)
    assert [(row[0], row[1]) for row in rows] == [(first.story_id, title)]


async def test_korean_headlines_of_one_story_from_two_sources_are_one_story(db: Database) -> None:
    """A headline's words were folded into jamo (NFKD takes a syllable apart), a word no index holds: no candidate."""
    one = await repo.get_or_create_source(db, SourceKind.FOLDER, "desk", "/drop", NOW)
    two = await repo.get_or_create_source(db, SourceKind.FOLDER, "wire", "/wire", NOW)
    first = await repo.add_article(
        db, one, Article(title="서울시 새 경전철 노선 승인", body=(KO_BODY,), url="https://a.example/1"), NOW
    )
    other = Article(
        title="서울시 새 경전철 노선 승인 발표",
        body=("첫 열차는 2029년에 운행한다고 밝혔다.",),
        url="https://b.example/2",
    )
    second = await repo.add_article(db, two, other, NOW + timedelta(minutes=5))
    assert second.new
    assert second.story_id == first.story_id
