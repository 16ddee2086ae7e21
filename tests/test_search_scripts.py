# ruff: noqa: RUF001, RUF003  (fixture text: Greek, Arabic and Hebrew letters that look like Latin ones are the point)
"""/find in every script, on SQLite and PostgreSQL alike (search24).

Thai, Lao, Khmer and Burmese letters are indexed one by one, as CJK characters are, so a word is found inside a
phrase (its marks aside); the variants neither engine folded alike (Persian and Arabic yeh and kaf, tashkeel,
niqqud, Greek accents and final sigma, dotless i, d with stroke) are folded in the indexed text and the search term
(bot.text.cjk.search_folded; SQLite 0020, PostgreSQL 0021). Every article here is written for these tests.
"""

from __future__ import annotations

import re
import sqlite3
import time
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cjk_support import (
    postgresql_upgraded,
    seed_articles,
    spaced_before_scripts,
    spaced_unfolded,
    sqlite_before,
    sqlite_upgraded_in_step,
    titles_found,
)

from bot.errors import InvalidSearchQueryError
from bot.models import Article, NewArticle, SourceKind
from bot.store import articles as repo
from bot.store.db import Database, to_db_time
from bot.store.db import migrations as sqlite_migrations
from bot.store.search import MARK_START, PHRASED_MESSAGE, build_match, search
from bot.text import cjk
from bot.text.cjk import (
    FOLD_CLASS,
    PHRASED_LETTERS,
    PHRASED_MARKS,
    SCRIPT_FOLD,
    SCRIPT_FOLD_CLASS,
    SEPARATOR,
    SPACED_CLASS,
    changed_by_scripts,
    cjk_spaced,
    cjk_words,
    search_folded,
)
from bot.text.identity import identify
from bot.text.similarity import reads_pairs, same_story, title_tokens

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)

FA = (
    "کمیته مجلس طرح تصویب بودجه آب را بررسی کرد",
    "نمایندگان روز شنبه بودجه تازه لوله‌های آب شهر را بررسی کردند. ناقدین می‌گویند هزینه بالاست.",
)
AR = ("البلدية تعلن خطة جديدة لشبكة المياه", "قالت البلديةُ إن شبكة مياه الشرب الجديدة ستخدم مئة ألف منزل على الأقل.")
HE = ("העירייה תחליף את צינורות המים הישנים", "העבודות בְּרֵכָה העירונית יתחילו בחודש הבא ויימשכו שנה.")
EL = ("Νέο δίκτυο νερού για την πόλη", "Ο δήμος ανακοίνωσε ότι τα έργα για το νερό θα ξεκινήσουν τον Ιανουάριο.")
TR = (
    "Meclis yeni su yasasını kabul etti",
    "Milletvekilleri salı günü yasayı oyladı. Kırsal bölgelerde destek artacak.",
)
VI = ("Hà Nội khởi công tuyến đường sắt mới", "Thành phố cho biết đường sắt đô thị sẽ chạy từ năm 2029.")
HI = ("नगर निगम ने पानी की नई पाइपों की योजना मंज़ूर की", "काम अगले महीने शुरू होगा।")
TH = ("เรือข้ามฟากกลับมาให้บริการแล้ว", "ผู้โดยสารบนเกาะดีใจที่เรือข้ามฟากกลับมาวิ่งอีกครั้ง หลังซ่อมแซมนานสามเดือน")
LO = ("ເຮືອຂ້າມຟາກກັບມາແລ້ວ", "ຜູ້ໂດຍສານດີໃຈທີ່ເຮືອກັບມາແລ່ນອີກ")
KM = ("សាឡាងឆ្លងទន្លេដំណើរការវិញ", "អ្នកដំណើរសប្បាយចិត្តដែលសាឡាងត្រឡប់មកវិញ។")
MY = ("ကူးတို့သင်္ဘောပြန်လည်ပြေးဆွဲပြီ", "ခရီးသည်များသည်ကူးတို့ပြန်လာသဖြင့်ဝမ်းသာကြသည်။")
EN = ("Harbour council approves new tram line", "The council approved the tram line on Tuesday.")

ARTICLES = [FA, AR, HE, EL, TR, VI, HI, TH, LO, KM, MY, EN]


async def _seed(db: Database) -> None:
    await seed_articles(db, ARTICLES, NOW)


async def _found(db: Database, text: str) -> set[str]:
    return await titles_found(db, text, NOW)


# The fold and the spacing


def test_the_script_variants_fold_to_one_letter_each() -> None:
    assert search_folded("تصویب ناقدین کمیته") == "تصويب ناقدين كميته"  # Persian yeh and keheh
    assert search_folded("على") == "علي"  # alef maksura
    assert search_folded("مِياهٌ") == "مياه"  # tashkeel
    assert search_folded("مدرسة مدرسه") == "مدرسة مدرسه"  # teh marbuta and heh: two spellings, not folded
    assert search_folded("צִינוֹרוֹת") == "צינורות"  # niqqud
    assert search_folded("חבר־כנסת") == "חבר־כנסת"  # the maqaf is punctuation: kept, a separator
    assert search_folded("Νερό ΆΈΉ ϊΐ τους ἁγίου") == "Νερο ΑΕΗ ιι τουσ αγιου"
    assert search_folded("yasasını İzmir") == "yasasini İzmir"  # İ: both engines fold it already
    assert search_folded("Đường đi") == "Dường di"  # the rest of Vietnamese is the engines' (Latin accents)
    for text in ("", "Café Zürich", "Москва", "لوله‌ها", "مدرسة", "पानी", "東京"):
        assert search_folded(text) == text
    for text in ("", "Café Zürich", "Москва", "Αθηνα"):
        assert search_folded(text) is text


def test_thai_lao_khmer_and_burmese_letters_are_set_apart_with_their_marks_kept_or_dropped() -> None:
    shown = cjk_spaced("เรือ ok")
    assert shown == f"{SEPARATOR}เ{SEPARATOR}{SEPARATOR}ร{SEPARATOR}ื{SEPARATOR}อ{SEPARATOR} ok"
    assert shown.replace(SEPARATOR, "") == "เรือ ok"  # what a snippet shows: every mark kept
    assert cjk_spaced("เรือ", " ", marks=False).split() == ["เ", "ร", "อ"]
    assert cjk_words("เรือข้ามฟาก") == "เ ร อ ข า ม ฟ า ก"
    assert cjk_words("ເຮືອ") == "ເ ຮ ອ"
    assert cjk_words("សាឡាង") == "ស ឡ ង"
    assert cjk_words("ကူးတို့") == "က တ"
    assert cjk_words(cjk_words("เรือข้ามฟาก")) == cjk_words("เรือข้ามฟาก")
    assert cjk_words("เรือ", marks=True) == "เ ร \u0e37 อ"
    assert cjk_words(cjk_words("เรือ", marks=True)) == "เ ร อ"
    assert build_match("เรือ*") == '("เ ร \u0e37 อ")'  # the mark a word of the phrase: FTS5 reads no token in it
    assert build_match("تصویب") == '("تصويب")'


def _every(chars: str) -> list[str]:
    ranges = re.findall("(.)(?:-(.))?", chars, flags=re.DOTALL)
    return [chr(p) for first, last in ranges for p in range(ord(first), ord(last or first) + 1)]


def test_the_byte_tests_never_miss_a_character_to_fold_or_set_apart() -> None:
    # The memchr pre-tests (cjk._FOLDED, cjk._SET_APART) on every character of their classes, between others.
    for ch in _every(FOLD_CLASS + SCRIPT_FOLD_CLASS):
        assert cjk._changes(f"é{ch}ü")[1], hex(ord(ch))
    for ch in _every(SPACED_CLASS + PHRASED_MARKS):
        assert cjk._changes(f"é{ch}ü")[2], hex(ord(ch))
    # and text without them is told apart without a regular expression: Latin, Cyrillic, Hindi, emoji, dashes
    for text in ("Café Zürich", "Москва", "पानी", "x 😀 y", "“a” – b", "Łódź ąę"):
        assert cjk._changes(text)[1:] == (False, False), text


def test_marks_alone_are_nothing_to_search() -> None:
    for text in ("\u0e37\u0e49", "\u17d2", "\u103a\u102c", "\u064e\u0650"):
        with pytest.raises(InvalidSearchQueryError):
            build_match(text)


def test_the_upgrade_picks_exactly_the_rows_holding_such_a_character() -> None:
    for ch in SCRIPT_FOLD_CLASS.replace("-", "") + PHRASED_LETTERS.replace("-", ""):
        assert changed_by_scripts(f"a{ch}b")
    for text in ("", "Café", "Москва", "مدرسة", "पानी", "東京", "\u0e37", None, 3):
        assert not changed_by_scripts(text)


# /find on both engines: the world23 table, and words inside Thai, Lao, Khmer and Burmese phrases


@pytest.mark.parametrize(
    ("text", "titles"),
    [
        ("تصويب", {FA[0]}),  # Arabic yeh; the text writes Persian yeh
        ("تصویب", {FA[0]}),
        ("ناقدين", {FA[0]}),
        ("ناقدین", {FA[0]}),
        ("كميته", {FA[0]}),  # Arabic kaf and yeh
        ("مِياه", {AR[0]}),  # tashkeel; the text has none
        ("البلدية", {AR[0]}),  # the text has a damma on it once
        ("צִינוֹרוֹת", {HE[0]}),  # niqqud; the text has none
        ("ברכה", {HE[0]}),  # the text is pointed
        ("لوله‌های", {FA[0]}),  # ZWNJ as written
        ("لوله های", {FA[0]}),
        ("لوله", {FA[0]}),
        ("لولههای", set()),  # ZWNJ left out: ZWNJ stays a separator, as both engines read it
        ("νερο", {EL[0]}),
        ("ΝΕΡΟ", {EL[0]}),
        ("νερό", {EL[0]}),
        ("ΔΗΜΟΣ", {EL[0]}),  # the text writes a final sigma
        ("YASASINI", {TR[0]}),  # dotless ı in the text
        ("kirsal", {TR[0]}),
        ("duong", {VI[0]}),
        ("Đường", {VI[0]}),
        ("noi", {VI[0]}),
        ("पानी", {HI[0]}),
        ("पाइपों", {HI[0]}),
        ("เรือ", {TH[0]}),  # a word inside a phrase
        ("ข้ามฟาก", {TH[0]}),
        ("ผู้โดยสาร", {TH[0]}),
        ("ซ่อมแซม", {TH[0]}),
        ("เรือ*", {TH[0]}),
        ("ເຮືອ", {LO[0]}),
        ("ຜູ້ໂດຍສານ", {LO[0]}),
        ("ទន្លេ", {KM[0]}),
        ("សាឡាង", {KM[0]}),
        ("ကူးတို့", {MY[0]}),
        ("ခရီးသည်", {MY[0]}),
        ("tram", {EN[0]}),
        # Words that are not there: not found, though each letter is somewhere in the article
        ("รถไฟ", set()),  # "train"
        ("ฟากเรือ", set()),  # both words are there, in the other order
        ("ລົດໄຟ", set()),
        ("រថភ្លើង", set()),
        ("ရထား", set()),
        ("παλιό", set()),
        ("قطار", set()),
    ],
)
async def test_find_in_every_script(db: Database, text: str, titles: set[str]) -> None:
    await _seed(db)
    assert await _found(db, text) == titles


async def test_short_thai_words_and_marks_match_by_letters(db: Database) -> None:
    # The letters next to each other, anywhere: a one-letter search finds every article holding that letter, a
    # two-letter one every article holding the two together (as a one-character Chinese search does). Marks are
    # no part of the match on either engine: "เรอ" (no mark) finds "เรือ".
    await _seed(db)
    assert await _found(db, "ฟ") == {TH[0]}
    assert await _found(db, "มา") == {TH[0]}
    assert await _found(db, "เรอ") == {TH[0]}
    assert await _found(db, "ฟม") == set()
    # A space between two phrases is no word boundary to the match (both engines take it for a separator, as
    # they take every letter's): "ครั้งหลัง" finds "...อีกครั้ง หลังซ่อมแซม..."
    assert await _found(db, "ครั้งหลัง") == {TH[0]}


async def test_a_snippet_keeps_the_marks_and_the_headline_is_as_written(db: Database) -> None:
    await _seed(db)
    page = await search(db, "ซ่อมแซม", now=NOW)
    assert [hit.title for hit in page.hits] == [TH[0]]
    snippet = page.hits[0].snippet
    assert SEPARATOR not in snippet
    assert f"{MARK_START}ซ่อมแซม\ue001" in snippet  # the word marked whole, its marks kept
    assert page.note == ""


async def test_a_search_in_these_scripts_that_finds_nothing_says_what_to_try(db: Database) -> None:
    await _seed(db)
    page = await search(db, "รถไฟ", now=NOW)
    assert page.hits == ()
    assert page.note == PHRASED_MESSAGE.format(example="รถไฟ")
    assert (await search(db, "harbourmaster", now=NOW)).note == ""


@pytest.mark.parametrize(
    "text",
    [
        "ก" * 2000,
        "\u0e37" * 2000,  # marks alone
        "เรือ" + "\u0e49" * 500,
        "\u200c\u200d" * 1000,  # ZWNJ and ZWJ runs
        "เ\u200dร\u200cอ " * 300,
        "เรือ東京تصویبνερόđườngပြန် " * 60,  # mixed scripts
        '"' + "ข้ามฟาก" * 200 + '"',
        "-เรือ " * 100,
    ],
)
async def test_hostile_searches_answer_quickly(db: Database, text: str) -> None:
    await _seed(db)
    started = time.perf_counter()
    try:
        answer = (await search(db, text, now=NOW)).query
    except InvalidSearchQueryError as exc:
        answer = str(exc)  # a friendly message
    assert answer
    assert time.perf_counter() - started < 2.0


# PostgreSQL and Python read every character alike


@pytest.mark.parametrize("db", ["postgresql"], indirect=True)
async def test_postgresql_folds_and_spaces_the_scripts_as_python(db: Database) -> None:
    samples: list[str] = []
    for ch in (SCRIPT_FOLD_CLASS + PHRASED_LETTERS + PHRASED_MARKS).replace("-", ""):
        samples += [chr(ord(ch) - 1), ch, chr(ord(ch) + 1)]
    samples += [chr(point) for point in SCRIPT_FOLD]
    samples += ["\u200c", "\u200d", "\u05be", "\u05c0", "ة", "ه", "İ", "é", "a", "東", "ｶﾞ"]
    text = "".join(f"x{ch}y " for ch in samples) + "เรือ ကူးတို့ ខ្មែរ ເຮືອ"
    row = await db.fetchone(
        "SELECT newsdigest_search_folded(?), newsdigest_cjk_spaced(?), newsdigest_cjk_shown(?)", [text, text, text]
    )
    assert row is not None
    assert row[0] == text.translate(SCRIPT_FOLD)
    assert row[1] == cjk_spaced(text, marks=False)
    assert row[2] == cjk_spaced(text)
    each = await db.fetchall("SELECT newsdigest_cjk_spaced(c) FROM unnest(?::text[]) c", [samples])
    assert [r[0] for r in each] == [cjk_spaced(ch, marks=False) for ch in samples]


# Upgrades: articles stored before are found after


STORED = [
    (TH[0], TH[1]),
    (FA[0], FA[1]),
    (EL[0], EL[1]),
    ("ﾄｳｷｮｳ電車の新路線", "ﾄｳｷｮｳの本文。"),  # a compatibility form (0019): indexed as 0019 did
    ("東京都の予算案を発表", "本文。"),
    (EN[0], EN[1]),
]


async def _found_after_upgrade(db: Database) -> None:
    assert await _found(db, "เรือ") == {TH[0]}
    assert await _found(db, "تصويب") == {FA[0]}
    assert await _found(db, "ΝΕΡΟ") == {EL[0]}
    assert await _found(db, "トウキョウ") == {STORED[3][0]}
    assert await _found(db, "予算") == {STORED[4][0]}
    assert await _found(db, "tram") == {EN[0]}
    # a new telling of the Thai story, stored after: one story with the old one
    src = await repo.get_or_create_source(db, SourceKind.FOLDER, "wire", "/wire", NOW)
    result = await repo.add_article(db, src, Article(title=TH[0], body=("ข่าว",), url="https://b.example/t"), NOW)
    assert result.story_id == 1


@pytest.mark.parametrize("name", ["search_scripts", "search_cjk"])
async def test_sqlite_upgrade_indexes_the_articles_stored_before(tmp_path: Path, name: str) -> None:
    # From 0019 (indexed as 0019 spaced them) and from 0016 (before any spacing): each migration indexes with
    # its own version of the spacing, so that the next removes what it finds.
    number = next(n for n, each, _ in sqlite_migrations() if each == name)
    path = tmp_path / "old.db"
    spaced = spaced_before_scripts if name == "search_scripts" else spaced_unfolded
    sqlite_before(path, number, [(t, b, "[]") for t, b in STORED], to_db_time(NOW), spaced=spaced)
    if name == "search_scripts":
        with closing(sqlite3.connect(path)) as conn:
            query = "SELECT rowid FROM articles_fts WHERE articles_fts MATCH '\"เ ร อ\"'"
            assert conn.execute(query).fetchall() == []
    await sqlite_upgraded_in_step(path, _found_after_upgrade, [1, 2, 4])


async def test_postgresql_upgrade_rewrites_only_the_rows_holding_such_characters() -> None:
    async with postgresql_upgraded("search_scripts", STORED, to_db_time(NOW)) as (db, written):
        assert written == [1, 2, 3]
        await _found_after_upgrade(db)


def test_the_old_spellings_in_the_tests_are_the_old_spacing() -> None:
    text = "เรือ تصویب ﾄｳｷｮｳ東京"
    assert spaced_before_scripts(text) == re.sub(
        "([東京トウキョ])", SEPARATOR + r"\1" + SEPARATOR, "เรือ تصویب トウキョウ東京"
    )


# Stories in Thai and Lao: two tellings of one event join one story, by their letter pairs

THAI_TELLINGS = (
    "เรือข้ามฟากเกาะสมุยกลับมาให้บริการแล้ว",  # the Samui ferry is back in service
    "เรือข้ามฟากไปเกาะสมุยกลับมาวิ่งอีกครั้งหลังซ่อมสามเดือน",  # the ferry to Samui runs again after three months' repair
)
THAI_OTHERS = (
    "เกาะสมุยจัดเทศกาลดนตรีริมทะเล",  # Samui holds a beach music festival: the same place
    "รถไฟสายใหม่เปิดให้บริการแล้ว",  # a new train line opens for service: the same ending
)
LAO_TELLINGS = ("ເຮືອຂ້າມຟາກກັບມາແລ່ນແລ້ວ", "ເຮືອຂ້າມຟາກກັບມາໃຫ້ບໍລິການອີກຄັ້ງ")


def test_thai_headlines_are_read_by_their_letter_pairs() -> None:
    assert title_tokens("เรือ") == {"เร", "รอ"}  # the mark dropped, as the indexes drop it
    assert title_tokens("ok เรือ ok") == {"ok", "เร", "รอ"}
    assert reads_pairs(THAI_TELLINGS[0])
    assert not reads_pairs("Harbour council approves new tram line")
    assert same_story(*THAI_TELLINGS)
    assert same_story(*LAO_TELLINGS)
    for other in THAI_OTHERS:
        assert not same_story(THAI_TELLINGS[0], other)
        assert not same_story(THAI_TELLINGS[1], other)


async def test_thai_tellings_join_one_story_one_at_a_time(db: Database) -> None:
    one = await repo.get_or_create_source(db, SourceKind.FOLDER, "desk", "/desk", NOW)
    two = await repo.get_or_create_source(db, SourceKind.FOLDER, "wire", "/wire", NOW)
    stories = []
    for n, (source, title) in enumerate(zip((one, two, one, two), (*THAI_TELLINGS, *THAI_OTHERS), strict=True)):
        article = Article(title=title, body=(f"ข่าว {n}",), url=f"https://news.example/{n}")
        result = await repo.add_article(db, source, article, NOW + timedelta(minutes=n), [f"k{n}"])
        assert result.new
        stories.append(result.story_id)
    assert stories[1] == stories[0]
    assert len({stories[0], stories[2], stories[3]}) == 3


async def test_thai_tellings_in_one_batch_join_one_story(db: Database) -> None:
    src = await repo.get_or_create_source(db, SourceKind.FOLDER, "desk", "/desk", NOW)
    records = []
    for n, title in enumerate((THAI_TELLINGS[0], THAI_OTHERS[0], THAI_TELLINGS[1], *LAO_TELLINGS)):
        article = Article(title=title, body=(f"ข่าว {n}",), url=f"https://news.example/{n}")
        records.append(NewArticle(article, src.id, identify(article, source_keys=[f"k{n}"])))
    results = await repo.add_articles(db, records, NOW)
    assert all(r.new for r in results)
    assert results[2].story_id == results[0].story_id != results[1].story_id
    assert results[4].story_id == results[3].story_id != results[0].story_id
