# ruff: noqa: RUF001, RUF002  (fixture text: full-width Latin and digits are what these tests are about)
"""Half-width and compatibility forms in /find and stories, on SQLite and PostgreSQL alike.

Half-width katakana ("ﾄｳｷｮｳ"), the compatibility ideographs (U+F900-FAFF, U+2F800-2FA1F) and full-width ASCII
("ＡＩ") are folded, each run to its NFKC form, wherever CJK text is read: the indexes' content (SQLite 0019,
PostgreSQL 0020), the search query and a headline's story pairs (bot.text.cjk.compat_folded). Ligatures and
superscripts are not. Headlines written for these tests.
"""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cjk_support import fts_in_step, postgresql_upgraded, spaced_unfolded, sqlite_before

from bot.models import Article, NewArticle, SourceKind
from bot.store import articles as repo
from bot.store.db import Database, to_db_time
from bot.store.db import migrations as sqlite_migrations
from bot.store.pg import migrations as pg_migrations
from bot.store.search import build_match, search
from bot.text.cjk import FOLD_CLASS, SEPARATOR, cjk_spaced, compat_folded
from bot.text.identity import identify
from bot.text.similarity import title_tokens

NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)

HALF = "ﾄｳｷｮｳ電車の新路線、来春開業"  # half-width katakana
FULL = "カナガワ港に新しいフェリーターミナル"  # full-width katakana, with voiced marks (ガ)
COMPAT = "\uf90a融市場が\U0002f8b2長を回復"  # 金 and 成 written as compatibility ideographs
UNIFIED = "大阪の鈴木市長が会見"  # 鈴 unified (U+9234); U+F9B1 is its compatibility twin
WIDE = "ＡＩ規制法案が２０２６年に成立"  # full-width Latin and digits
NARROW = "AI翻訳サービスの新版"
LIGATURE = "The ﬁnal budget vote passes"  # U+FB01, a ligature
SUPERSCRIPT = "Plots now priced per m² downtown"  # U+00B2
ENGLISH = "Harbour council approves new tram line"

TITLES = [HALF, FULL, COMPAT, UNIFIED, WIDE, NARROW, LIGATURE, SUPERSCRIPT, ENGLISH]


async def _seed(db: Database) -> None:
    src = await repo.get_or_create_source(db, SourceKind.FOLDER, "desk", "/drop", NOW)
    for n, title in enumerate(TITLES):
        article = Article(title=title, body=(f"本文{n}。Body {n}.",), url=f"https://news.example/{n}")
        await repo.add_article(db, src, article, NOW - timedelta(hours=n), [f"k{n}"])


async def _found(db: Database, text: str) -> set[str]:
    return {hit.title for hit in (await search(db, text, now=NOW)).hits}


# The fold itself


def test_only_the_compatibility_forms_are_folded() -> None:
    assert compat_folded("ﾄｳｷｮｳ") == "トウキョウ"
    assert compat_folded("ｶﾞｽとﾊﾟﾝ") == "ガスとパン"  # voiced and semi-voiced marks composed
    assert compat_folded("｢ｱ｣､･｡") == "「ア」、・。"  # half-width punctuation
    assert compat_folded("ＡＩ　２０２６") == "AI 2026"  # full-width ASCII, the ideographic space
    assert compat_folded("\uf90a\U0002f8b2") == "金成"
    # Full-width punctuation stays as written: a Chinese text's U+FF0C and U+FF01 are what its snippets show.
    assert compat_folded("东京，ＡＩ！") == "东京，AI！"
    for text in ("ﬁnal", "m²", "①", "Café", "Ω", "\u3099", "東京", "서울", "ﾠ", "￥", "，！？：（）"):
        assert compat_folded(text) is text
    for text in ("", "Harbour bridge", "“Quoted” — dash", "Αθηνα"):
        assert compat_folded(text) is text
        assert cjk_spaced(text) is text


def test_the_search_term_is_folded_as_the_index_is() -> None:
    assert build_match("ＡＩ") == '("AI")'
    assert build_match("ﾄｳｷｮｳ") == '("ト ウ キ ョ ウ")'
    assert build_match("\uf90a融") == '("金 融")'


def test_story_pairs_are_read_folded() -> None:
    assert title_tokens("ﾄｳｷｮｳ電車") == title_tokens("トウキョウ電車")
    assert title_tokens("\uf90a融市場") == title_tokens("金融市場")
    assert title_tokens("ＡＩ規制") == title_tokens("AI規制")


# /find on both engines


@pytest.mark.parametrize(
    ("text", "titles"),
    [
        ("トウキョウ", {HALF}),  # full-width finds half-width
        ("トウキョウ電車", {HALF}),
        ("ﾄｳｷｮｳ", {HALF}),  # half-width finds half-width still
        ("ｶﾅｶﾞﾜ", {FULL}),  # half-width finds full-width, voiced mark and all
        ("ﾌｪﾘｰ", {FULL}),
        ("金融", {COMPAT}),  # a unified ideograph finds its compatibility twin
        ("成長", {COMPAT}),
        ("\uf9b1木", {UNIFIED}),  # and the reverse
        ("\uf90a融", {COMPAT}),
        ("AI", {WIDE, NARROW}),  # full-width Latin is Latin
        ("ＡＩ", {WIDE, NARROW}),
        ("2026", {WIDE}),
        ("２０２６", {WIDE}),
        ('"ＡＩ規制"', {WIDE}),
        ("tram", {ENGLISH}),
    ],
)
async def test_find_folds_half_width_and_compatibility_forms(db: Database, text: str, titles: set[str]) -> None:
    await _seed(db)
    assert await _found(db, text) == titles


@pytest.mark.parametrize(
    ("text", "titles"),
    [
        # As before the fold: a ligature and a superscript are what they were to each engine (PostgreSQL's
        # dictionaries read "ﬁnal" as "final", SQLite's unicode61 does not).
        ("final", {"sqlite": set(), "postgresql": {LIGATURE}}),
        ("ﬁnal", {LIGATURE}),
        ("fi", set()),
        ("budget", {LIGATURE}),
        ("m2", set()),
        ("m²", {SUPERSCRIPT}),
    ],
)
async def test_ligatures_and_superscripts_are_not_folded(
    db: Database, text: str, titles: set[str] | dict[str, set[str]]
) -> None:
    await _seed(db)
    assert await _found(db, text) == (titles[db.dialect] if isinstance(titles, dict) else titles)


async def test_a_hit_shows_its_headline_as_written(db: Database) -> None:
    await _seed(db)
    page = await search(db, "トウキョウ", now=NOW)
    assert [hit.title for hit in page.hits] == [HALF]
    assert SEPARATOR not in page.hits[0].snippet


# Stories on both engines


async def test_half_width_and_full_width_tellings_join_one_story(db: Database) -> None:
    one = await repo.get_or_create_source(db, SourceKind.FOLDER, "desk", "/desk", NOW)
    two = await repo.get_or_create_source(db, SourceKind.FOLDER, "wire", "/wire", NOW)
    first = Article(title="ﾎｯｶｲﾄﾞｳでｽｷｰﾘｿﾞｰﾄｵｰﾌﾟﾝ", body=("本文。",), url="https://news.example/1")
    second = Article(title="ホッカイドウのスキーリゾートがオープン", body=("本文二。",), url="https://news.example/2")
    a = await repo.add_article(db, one, first, NOW, ["a"])
    b = await repo.add_article(db, two, second, NOW + timedelta(minutes=5), ["b"])
    assert b.new
    assert b.story_id == a.story_id
    other = Article(title="ナガサキでマラソン大会", body=("本文三。",), url="https://news.example/3")
    c = await repo.add_article(db, two, other, NOW + timedelta(minutes=9), ["c"])
    assert c.story_id != a.story_id


async def test_tellings_in_one_batch_join_one_story(db: Database) -> None:
    src = await repo.get_or_create_source(db, SourceKind.FOLDER, "desk", "/desk", NOW)
    titles = ["ﾎｯｶｲﾄﾞｳでｽｷｰﾘｿﾞｰﾄｵｰﾌﾟﾝ", "ナガサキでマラソン大会", "ホッカイドウのスキーリゾートがオープン"]
    records = []
    for n, title in enumerate(titles):
        article = Article(title=title, body=(f"本文{n}。",), url=f"https://news.example/{n}")
        records.append(NewArticle(article, src.id, identify(article, source_keys=[f"k{n}"])))
    results = await repo.add_articles(db, records, NOW)
    assert all(r.new for r in results)
    assert results[2].story_id == results[0].story_id != results[1].story_id


# Upgrades: articles stored before the change are found, and join stories, after it


STORED = [
    ("ﾄｳｷｮｳ電車の新路線、来春開業", "ﾄｳｷｮｳの本文。"),
    ("\uf90a融市場が回復", "本文。"),
    ("東京都の予算案を発表", "本文。"),  # CJK without a form to fold
    ("Harbour council approves new tram line", "The council approved it."),
]


async def _found_after_upgrade(db: Database, known: int) -> None:
    assert await db.schema_version() == known
    assert await _found(db, "トウキョウ") == {STORED[0][0]}
    assert await _found(db, "金融") == {STORED[1][0]}
    assert await _found(db, "予算") == {STORED[2][0]}
    assert await _found(db, "tram") == {STORED[3][0]}
    src = await repo.get_or_create_source(db, SourceKind.FOLDER, "wire", "/wire", NOW)
    telling = Article(title="トウキョウ電車の新路線が来春開業へ", body=("本文。",), url="https://news.example/t")
    result = await repo.add_article(db, src, telling, NOW + timedelta(minutes=5), ["t"])
    assert result.new
    assert result.story_id == 1  # the half-width telling stored before


async def test_sqlite_upgrade_folds_articles_stored_before(tmp_path: Path) -> None:
    number = next(n for n, name, _ in sqlite_migrations() if name == "search_compat")
    path = tmp_path / "old.db"
    sqlite_before(path, number, [(t, b, "[]") for t, b in STORED], to_db_time(NOW), spaced=spaced_unfolded)
    with closing(sqlite3.connect(path)) as conn:
        query = "SELECT rowid FROM articles_fts WHERE articles_fts MATCH '\"ト ウ\"'"
        assert conn.execute(query).fetchall() == []
    db = await Database.open(path)
    try:
        await fts_in_step(db)  # each index holds what its content gives now
        await _found_after_upgrade(db, len(sqlite_migrations()))
        await db.execute("DELETE FROM articles WHERE id = 1")  # removes the folded tokens it holds
        await fts_in_step(db)
    finally:
        await db.close()


def test_sqlite_upgrade_picks_the_rows_holding_a_form_to_fold() -> None:
    # The first statement of 0019 (the rows indexed again), on each edge of FOLD_CLASS and its neighbours, in each
    # field: every row holding a character of the class is picked (and a few more, indexed again as they were).
    sql = next(sql for _, name, sql in sqlite_migrations() if name == "search_compat")
    statement = sql[sql.index("CREATE TEMP TABLE") : sql.index(";", sql.index("CREATE TEMP TABLE")) + 1]
    samples = [chr(ord(ch) + d) for ch in FOLD_CLASS.replace("-", "") for d in (-1, 0, 1)] + ["ﬁ", "²", "a", "東"]
    with closing(sqlite3.connect(":memory:")) as conn:
        conn.execute("CREATE TABLE articles (id INTEGER PRIMARY KEY, title TEXT, body TEXT, key_points TEXT)")
        for n, ch in enumerate(samples):
            fields = ["x", "y", None]
            fields[n % 3] = f"a{ch}b"
            conn.execute("INSERT INTO articles VALUES (?, ?, ?, ?)", [n, *fields])
        conn.execute(statement)
        picked = {row[0] for row in conn.execute("SELECT id FROM compat_rows")}
    holding = {n for n, ch in enumerate(samples) if re.fullmatch(f"[{FOLD_CLASS}]", ch)}
    assert len(holding) > 10
    assert picked >= holding
    assert not picked & set(range(len(samples) - 4, len(samples)))  # "ﬁ", "²", "a", "東"


async def test_postgresql_upgrade_rewrites_only_the_rows_holding_such_forms() -> None:
    async with postgresql_upgraded("search_compat", STORED, to_db_time(NOW)) as (db, written):
        assert written == [1, 2]  # the two rows holding such forms
        await _found_after_upgrade(db, len(pg_migrations()))
