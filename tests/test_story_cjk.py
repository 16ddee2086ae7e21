"""One story told by several sources in Chinese or Japanese, on SQLite and PostgreSQL alike.

A Chinese or Japanese headline has no spaces: it was one word, fewer than a story lookup needs, so every such
article was a story of its own. Its words are now character pairs (bot.text.similarity.title_tokens), compared
at their own threshold and asked of the headline indexes as the phrase of their two characters (SQLite migration
0018; PostgreSQL's headline vectors are CJK-spaced since its 0018). Headlines written for these tests; the
thresholds were measured on them (bench/README.md, "Stories in Chinese and Japanese").
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cjk_support import fts_in_step, postgresql_before, sqlite_before
from hypothesis import given, settings
from hypothesis import strategies as st
from pg_support import empty_database_url

from bot.models import Article, NewArticle, SourceKind
from bot.store import articles as repo
from bot.store import copy as store_copy
from bot.store import pgarticles
from bot.store.db import Database, to_db_time
from bot.store.db import migrations as sqlite_migrations
from bot.store.pg import migrations as pg_migrations
from bot.text.cjk import CJK_CLASS, HAN_KANA_CLASS, HANGUL_CLASS, PAIRED_RUN, PHRASED_LETTERS, PHRASED_MARKS
from bot.text.identity import identify
from bot.text.similarity import jaccard, same_story, title_tokens

NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)

# One story in two wordings (tuned on: the threshold was chosen on these and DIFFERENT).
SAME = [
    ("东京市议会批准新有轨电车线路", "东京议会通过有轨电车新线路计划"),
    ("台风海燕登陆菲律宾造成至少百人死亡", "超强台风海燕登陆菲律宾 死亡人数超过百人"),
    ("中国央行下调存款准备金率0.5个百分点", "央行宣布降低存款准备金率0.5个百分点"),
    ("上海浦东机场新航站楼正式投入使用", "浦东机场新航站楼今日正式启用"),
    ("北京发布今年首个沙尘暴黄色预警", "北京今年首个沙尘暴黄色预警发布"),
    ("日本首相宣布将于下月访问北京", "日本首相下月将访问北京"),
    ("深圳地铁十六号线二期开通运营", "深圳地铁16号线二期正式开通运营"),
    ("广州暴雨致多条地铁线路停运", "暴雨袭击广州 多条地铁线路暂停运营"),
    ("香港股市恒生指数收跌百分之三", "恒生指数大跌百分之三 香港股市收盘走低"),
    ("四川雅安发生五点八级地震", "四川雅安发生5.8级地震 暂无人员伤亡报告"),
    ("市議会が新しい路面電車の路線を承認", "新しい路面電車路線、市議会が承認"),
    ("東京株式市場で日経平均株価が大幅に下落", "日経平均株価が大幅下落、東京株式市場"),
    ("台風10号が九州に上陸、記録的な大雨のおそれ", "台風10号 九州に上陸 記録的大雨のおそれも"),
    ("日銀が政策金利を0.25%引き上げ", "日銀、政策金利を0.25%に引き上げ決定"),
    ("大阪万博の入場者数が1000万人を突破", "大阪・関西万博 入場者が1000万人突破"),
    ("北海道で震度5強の地震 津波の心配なし", "北海道で震度5強の地震、津波の心配はなし"),
    ("新幹線が大雪の影響で運転見合わせ", "大雪の影響で新幹線が運転を見合わせ"),
    ("首相が来月の訪米を正式に発表", "首相、来月訪米へ 正式発表"),
    ("京都の観光客数が過去最多を記録", "京都を訪れた観光客 過去最多に"),
    ("トヨタが新型の電気自動車を発表", "トヨタ、新型電気自動車を発表"),
]
# Two stories sharing a place (and often more).
DIFFERENT = [
    ("东京市议会批准新有轨电车线路", "东京奥运会场馆改建为市民公园"),
    ("北京发布今年首个沙尘暴黄色预警", "北京新建三座大型公园将于明年开放"),
    ("上海浦东机场新航站楼正式投入使用", "上海浦东新区发布人才引进新政策"),
    ("四川雅安发生五点八级地震", "四川雅安大熊猫基地迎来新生幼崽"),
    ("深圳地铁十六号线二期开通运营", "深圳地铁票价调整方案公开征求意见"),
    ("香港股市恒生指数收跌百分之三", "香港国际机场客运量恢复至疫情前水平"),
    ("广州暴雨致多条地铁线路停运", "广州举办国际车展 新能源汽车成焦点"),
    ("东京市议会批准新有轨电车线路", "东京市议会否决新建体育馆预算"),
    ("東京株式市場で日経平均株価が大幅に下落", "東京都が新たな住宅支援策を発表"),
    ("台風10号が九州に上陸、記録的な大雨のおそれ", "九州新幹線が全線で運転再開"),
    ("北海道で震度5強の地震 津波の心配なし", "北海道で記録的な大雪 交通機関に乱れ"),
    ("京都の観光客数が過去最多を記録", "京都市が宿泊税の引き上げを決定"),
    ("大阪万博の入場者数が1000万人を突破", "大阪府が万博跡地の再開発計画を発表"),
    ("新幹線が大雪の影響で運転見合わせ", "新幹線の新型車両が営業運転を開始"),
]
# Two stories the headlines alone cannot tell apart (one thing in a frame shared word for word, as "Toyota unveils
# new electric car" / "Honda unveils new electric car" are one story by words too): joined, measured, not asserted.
ALIKE = [
    ("市議会が新しい路面電車の路線を承認", "市議会が新しい図書館の建設を承認"),
    ("トヨタが新型の電気自動車を発表", "ホンダが新型の電気自動車を発表"),
]
# Written after the threshold was chosen, and read once (the check set).
CHECK_SAME = [
    ("南京长江大桥完成大修重新通车", "南京长江大桥大修完工 今起恢复通车"),
    ("杭州亚运村向市民开放参观", "杭州亚运村今起对市民开放"),
    ("成都大运会开幕式今晚举行", "大运会开幕式今晚在成都举行"),
    ("武汉樱花节吸引百万游客", "百万游客涌入武汉赏樱 樱花节人气火爆"),
    ("横浜港に大型客船が初寄港", "大型客船、横浜港に初めて寄港"),
    ("名古屋城の天守閣、木造復元の工事始まる", "名古屋城天守閣の木造復元工事が始まる"),
    ("沖縄で記録的な豪雨 住宅浸水相次ぐ", "沖縄で記録的豪雨、住宅の浸水が相次ぐ"),
    ("福岡市長選挙で現職が再選", "福岡市長選、現職が再選果たす"),
]
CHECK_DIFFERENT = [
    ("南京长江大桥完成大修重新通车", "南京地铁五号线全线开通"),
    ("杭州亚运村向市民开放参观", "杭州西湖景区实行预约游览"),
    ("成都大运会开幕式今晚举行", "成都天府国际机场开通新航线"),
    ("武汉樱花节吸引百万游客", "武汉大学录取分数线公布"),
    ("横浜港に大型客船が初寄港", "横浜市が新しい市庁舎の設計を公表"),
    ("名古屋城の天守閣、木造復元の工事始まる", "名古屋市で大規模な停電 三万戸に影響"),
    ("沖縄で記録的な豪雨 住宅浸水相次ぐ", "沖縄の観光客数が過去最多に"),
    ("福岡市長選挙で現職が再選", "福岡市で新しい地下鉄駅が開業"),
]


@pytest.mark.parametrize(("a", "b"), SAME + CHECK_SAME)
def test_two_wordings_of_one_story_are_one_story(a: str, b: str) -> None:
    assert same_story(a, b)
    assert same_story(b, a)
    # and any two writers of them take a story lock in common (bot.store.pgarticles)
    assert pgarticles.story_lock_keys(a) & pgarticles.story_lock_keys(b)


# Headlines of a few characters (Han, kana, a Latin word, punctuation), so that many pairs are one story.
_HEADLINES = st.lists(st.sampled_from([*"东京市议会电车线路新の が、", " Tokyo "]), min_size=1, max_size=14).map(
    "".join
)


@settings(max_examples=400, deadline=None)
@given(_HEADLINES, _HEADLINES)
def test_two_cjk_headlines_of_one_story_always_share_a_story_lock(a: str, b: str) -> None:
    # The locks are taken at each headline's lowest threshold (story_prefix): never more than two headlines
    # are compared with, whichever each is. A headline of fewer than two words never joins a story.
    if same_story(a, b) and min(len(title_tokens(a)), len(title_tokens(b))) >= 2:
        assert pgarticles.story_lock_keys(a) & pgarticles.story_lock_keys(b), (a, b)
        # and each finds the other among its story candidates' words
        assert set(repo._story_words(a) or ()) & title_tokens(b), (a, b)


@pytest.mark.parametrize(("a", "b"), DIFFERENT + CHECK_DIFFERENT)
def test_two_stories_sharing_a_place_are_two(a: str, b: str) -> None:
    assert title_tokens(a) & title_tokens(b)  # they do share words
    assert not same_story(a, b)


def test_hiragana_and_punctuation_are_left_out_and_words_around_kept() -> None:
    assert title_tokens("新しい路面電車の路線") == {"新", "路面", "面電", "電車", "路線"}
    assert title_tokens("Tokyo電車、LRT新線") == {"tokyo", "電車", "lrt", "新線"}
    assert title_tokens("大阪・関西") == {"大阪", "関西"}
    # Korean keeps its words (it has spaces); a headline without CJK its words
    assert title_tokens("서울시 새 경전철 노선") == {"서울시", "경전철", "노선"}
    assert title_tokens("The harbour council approves a tram line") == {
        "harbour",
        "council",
        "approves",
        "tram",
        "line",
    }
    # odd headlines: no token empty, nothing raised, a bounded story lookup
    odd = ["", "の", "、、、", "東", "\u3099\u309a", "ｶﾀｶﾅ", "\u3007" * 5000, "東\x00京", "東\udc80京"]
    for title in odd:
        assert all(title_tokens(title))
        assert len(repo._story_words(title) or []) <= 32
    assert title_tokens("\u3007" * 5000) == {"\u3007\u3007"}
    assert len(repo._story_words("".join(map(chr, range(0x4E00, 0x4E00 + 500)))) or []) == 32


def test_han_and_kana_and_hangul_make_the_cjk_class() -> None:
    every = "".join(chr(point) for point in range(0x110000) if not 0xD800 <= point <= 0xDFFF)
    cjk, hangul = set(re.findall(f"[{CJK_CLASS}]", every)), set(re.findall(f"[{HANGUL_CLASS}]", every))
    han_kana = set(re.findall(f"[{HAN_KANA_CLASS}]", every))
    assert han_kana | hangul == cjk
    assert not han_kana & hangul
    # the runs read in pairs: Han and kana, and the letters of Thai, Lao, Khmer and Burmese with the marks after them
    paired = set("".join(PAIRED_RUN.findall(every)))
    letters, marks = (set(re.findall(f"[{chars}]", every)) for chars in (PHRASED_LETTERS, PHRASED_MARKS))
    assert han_kana | letters <= paired <= han_kana | letters | marks


def test_the_alike_pairs_are_measured_as_the_readme_says() -> None:
    # bench/README.md gives these similarities: the threshold, 0.25, is below them.
    assert [round(jaccard(title_tokens(a), title_tokens(b)), 2) for a, b in ALIKE] == [0.36, 0.6]


# The store: both engines, one article at a time and a batch


async def _sources(db: Database) -> tuple[object, object]:
    one = await repo.get_or_create_source(db, SourceKind.FOLDER, "desk", "/desk", NOW)
    two = await repo.get_or_create_source(db, SourceKind.FOLDER, "wire", "/wire", NOW)
    return one, two


def _article(title: str, n: int) -> Article:
    return Article(title=title, body=(f"正文第{n}段。Body {n}.",), url=f"https://news.example/{n}")


@pytest.mark.parametrize(
    ("first", "second"),
    [
        SAME[0],  # Chinese
        SAME[10],  # Japanese
        ("Tokyo 電車 新路線 開通へ 来年春", "Tokyo電車の新路線、来年春に開通"),
    ],
)
async def test_two_sources_of_one_cjk_story_are_one_story(db: Database, first: str, second: str) -> None:
    one, two = await _sources(db)
    a = await repo.add_article(db, one, _article(first, 1), NOW, ["a"])  # type: ignore[arg-type]
    b = await repo.add_article(db, two, _article(second, 2), NOW + timedelta(minutes=5), ["b"])  # type: ignore[arg-type]
    assert b.new
    assert b.story_id == a.story_id
    sources = await repo.story_sources(db, [a.story_id])
    assert sources[a.story_id] == ["desk", "wire"]


async def test_a_batch_joins_cjk_stories_and_keeps_others_apart(db: Database) -> None:
    one, two = await _sources(db)
    stored = await repo.add_article(db, one, _article(SAME[1][0], 1), NOW, ["a"])  # type: ignore[arg-type]
    items = [(SAME[1][1], "b"), (DIFFERENT[0][0], "c"), (DIFFERENT[0][1], "d"), (SAME[0][1], "e")]
    items += [("서울시 새 경전철 노선 승인", "f"), ("서울시 새 경전철 노선 승인 발표", "g")]  # Korean: words
    records = []
    for n, (title, key) in enumerate(items, start=2):
        article = _article(title, n)
        records.append(NewArticle(article, two.id, identify(article, source_keys=[key])))  # type: ignore[attr-defined]
    results = await repo.add_articles(db, records, NOW + timedelta(minutes=5))
    assert all(r.new for r in results)
    assert results[0].story_id == stored.story_id  # a stored article's story
    assert results[3].story_id == results[1].story_id  # an earlier article of the same batch
    assert len({stored.story_id, results[1].story_id, results[2].story_id}) == 3  # Tokyo twice, two stories
    assert results[5].story_id == results[4].story_id != results[1].story_id


@pytest.mark.parametrize(("first", "other"), DIFFERENT[:3] + DIFFERENT[8:10])
async def test_two_cjk_stories_sharing_a_place_stay_two(db: Database, first: str, other: str) -> None:
    one, two = await _sources(db)
    a = await repo.add_article(db, one, _article(first, 1), NOW, ["a"])  # type: ignore[arg-type]
    b = await repo.add_article(db, two, _article(other, 2), NOW + timedelta(minutes=5), ["b"])  # type: ignore[arg-type]
    telling = dict(SAME)[first]  # the first story told by the second source: it joins, the other does not
    c = await repo.add_article(db, two, _article(telling, 3), NOW + timedelta(minutes=9), ["c"])  # type: ignore[arg-type]
    assert b.new
    assert c.new
    assert c.story_id == a.story_id != b.story_id


@pytest.mark.parametrize("db", ["sqlite"], indirect=True)
async def test_an_edited_or_deleted_cjk_headline_leaves_the_story_index_in_step(db: Database) -> None:
    one, two = await _sources(db)
    a = await repo.add_article(db, one, _article(SAME[2][0], 1), NOW, ["a"])  # type: ignore[arg-type]
    await db.execute("UPDATE articles SET title = ? WHERE id = ?", [SAME[3][0], a.article_id])
    await fts_in_step(db)
    b = await repo.add_article(db, two, _article(SAME[3][1], 2), NOW, ["b"])  # type: ignore[arg-type]
    assert b.story_id == a.story_id  # found by its new headline
    await db.execute("DELETE FROM articles WHERE id = ?", [a.article_id])
    await fts_in_step(db)


# Upgrades: CJK articles stored before the change join stories after it


OLD = [SAME[0][0], SAME[10][0], "Harbour council approves new tram line budget"]
NEW = [SAME[0][1], SAME[10][1], "Harbour council approves the new tram line budget plan"]


async def _new_tellings_join(db: Database) -> None:
    src = await repo.get_or_create_source(db, SourceKind.FOLDER, "wire", "/wire", NOW)
    for n, title in enumerate(NEW):
        result = await repo.add_article(db, src, _article(title, 10 + n), NOW + timedelta(minutes=5), [f"n{n}"])
        assert result.new
        assert result.story_id == n + 1, title


async def test_sqlite_upgrade_joins_cjk_articles_stored_before(tmp_path: Path) -> None:
    number = next(n for n, name, _ in sqlite_migrations() if name == "story_cjk")
    path = tmp_path / "old.db"
    # indexed as the store indexed them before: articles_fts spaced (0017), titles_fts the headline as it is
    sqlite_before(path, number, [(title, "Body.", "[]") for title in OLD], to_db_time(NOW))
    db = await Database.open(path)
    try:
        assert await db.schema_version() == len(sqlite_migrations())
        await fts_in_step(db)
        await _new_tellings_join(db)
        await fts_in_step(db)
    finally:
        await db.close()


async def test_postgresql_upgrade_joins_cjk_articles_stored_before() -> None:
    # PostgreSQL's headline vectors hold CJK spaced since its migration 0018, which rewrote the rows holding CJK:
    # articles stored before it join stories after it, with no migration of this change's own.
    number = next(n for n, name, _ in pg_migrations() if name == "search_cjk")
    async with empty_database_url() as url:
        postgresql_before(url, number, [(title, "Body.") for title in OLD], to_db_time(NOW))
        db = await Database.open(url)
        try:
            assert await db.schema_version() == len(pg_migrations())
            await _new_tellings_join(db)
        finally:
            await db.close()


async def test_copy_from_sqlite_to_postgresql_keeps_cjk_stories(tmp_path: Path) -> None:
    sqlite = await Database.open(tmp_path / "news.db")
    try:
        one, two = await _sources(sqlite)
        first = await repo.add_article(sqlite, one, _article(SAME[0][0], 1), NOW, ["a"])  # type: ignore[arg-type]
        await repo.add_article(sqlite, two, _article(SAME[0][1], 2), NOW, ["b"])  # type: ignore[arg-type]
        before = await repo.story_sources(sqlite, [first.story_id])
        assert before[first.story_id] == ["desk", "wire"]
        async with empty_database_url() as url:
            target = await Database.open(url)
            try:
                await store_copy.copy(sqlite, target, source_name="news.db", now=NOW)
                assert await repo.story_sources(target, [first.story_id]) == before
                third = await repo.get_or_create_source(target, SourceKind.FOLDER, "agency", "/agency", NOW)
                later = _article("东京市议会批准有轨电车新线路", 3)
                joined = await repo.add_article(target, third, later, NOW + timedelta(minutes=9), ["c"])
                assert joined.new
                assert joined.story_id == first.story_id
            finally:
                await target.close()
    finally:
        await sqlite.close()
