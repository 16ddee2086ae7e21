"""Thai, Lao, Khmer and Burmese copies (own fixtures, thai23): scripts written without spaces between words.

Their words run together; spaces set phrases and sentences apart (Thai, Lao), and Khmer and Burmese close a
sentence with their own stops ("។", "။"). A short news article per language, as a reader pastes it.
"""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.ingest.formats import parse_retrieved
from bot.models import Article, Retrieved, SourceKind
from bot.store import articles as repo
from bot.store.db import Database
from bot.store.search import PHRASED_MESSAGE, SEARCH_CAP_MESSAGE, search
from bot.text import keypoints
from bot.text.clean import is_body_prose, is_prose
from bot.text.dates import search_dates
from bot.text.keypoints import key_points
from bot.text.pasted import read_pasted
from bot.text.sentences import split_sentences

_CLOCK = datetime(2026, 12, 7, 6, 0, tzinfo=UTC)

_TH_HEADLINE = "เรือข้ามฟากเกาะสมุทรกลับมาให้บริการอีกครั้งหลังซ่อมแซมสามเดือน"
_TH_PARAGRAPHS = (
    "เรือข้ามฟากระหว่างท่าเรือบ้านนาและเกาะสมุทรกลับมาให้บริการตามปกติในเช้าวันเสาร์ "
    "หลังจากหยุดซ่อมแซมเครื่องยนต์นานกว่าสามเดือน ผู้โดยสารกว่าสองร้อยคนเดินทางในเที่ยวแรก",
    "นายสมชาย ใจดี ผู้จัดการบริษัทเดินเรือ กล่าวว่าบริษัทได้เปลี่ยนเครื่องยนต์ใหม่ทั้งสองเครื่อง "
    "และตรวจสอบความปลอดภัยครบถ้วนแล้ว เรือจะออกจากท่าทุกสองชั่วโมงตั้งแต่หกโมงเช้าถึงหกโมงเย็น",
    "ชาวบ้านบนเกาะกล่าวว่าการหยุดให้บริการทำให้การค้าขายซบเซาลงมาก ร้านค้าหลายแห่งต้องปิดชั่วคราว "
    "พวกเขาหวังว่าการท่องเที่ยวจะฟื้นตัวก่อนเทศกาลปีใหม่",
)


def _th_copy(date_line: str = "5 ธันวาคม 2569", gap: str = "\n\n", headline: str = _TH_HEADLINE) -> str:
    return gap.join((headline, date_line, *_TH_PARAGRAPHS)) + "\n"


@pytest.mark.parametrize("gap", ["\n\n", "\n"])
def test_a_thai_copy_s_body_is_its_paragraphs_not_its_date_line(gap: str) -> None:
    # Each paragraph holds two or three spaces and no stop: is_prose reads none as running text, so the body was
    # the date line alone and the story was lost.
    assert not any(map(is_prose, _TH_PARAGRAPHS))
    reading = read_pasted(_th_copy(gap=gap), reference=_CLOCK)
    assert reading.title == _TH_HEADLINE
    assert reading.body == _TH_PARAGRAPHS


@pytest.mark.parametrize("headline", ["เรือข้ามฟากกลับมาแล้ว", "เรือข้ามฟากเกาะสมุทร กลับมาให้บริการ หลังซ่อมสามเดือน"])
@pytest.mark.parametrize("date_line", ["5 ธันวาคม 2569", "5 ธ.ค. 2569", "วันเสาร์ที่ 5 ธันวาคม พ.ศ. 2569"])
def test_a_short_thai_headline_over_paragraphs_is_the_title(headline: str, date_line: str) -> None:
    # On main: the copy was refused (no title, no body) or its first paragraph was the title; once the paragraphs
    # were read as the body, the headline search still ran past the first of them and took it (the title), leaving
    # the last paragraph as the body.
    reading = read_pasted(_th_copy(date_line, headline=headline), reference=_CLOCK)
    assert reading.title == headline
    assert reading.body == _TH_PARAGRAPHS


def test_a_phrased_paragraph_is_body_prose_and_a_headline_or_a_spaced_line_is_not_made_one() -> None:
    assert all(map(is_body_prose, _TH_PARAGRAPHS))
    assert not is_body_prose(_TH_HEADLINE)  # 62 characters: a headline's length, not a paragraph's
    assert not is_body_prose("Breaking-news-" * 10)  # ASCII: is_prose's answer alone
    assert not is_body_prose("ข่าว" + "x" * 120)  # mostly another script
    assert is_body_prose("ภาษาไทย" * 400)  # a long run: one pass, no hang


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5 ธันวาคม 2569", date(2026, 12, 5)),  # the Buddhist Era: AD + 543
        ("5 ธ.ค. 2569", date(2026, 12, 5)),
        ("5 ธ.ค. 69", date(2026, 12, 5)),  # initials and a short Buddhist year
        ("วันเสาร์ที่ 5 ธันวาคม พ.ศ. 2569 เวลา 14.30 น.", date(2026, 12, 5)),
        ("๕ ธันวาคม ๒๕๖๙", date(2026, 12, 5)),  # Thai digits
        ("21 มี.ค. 2568", date(2025, 3, 21)),
        ("5 ธันวาคม 2026", date(2026, 12, 5)),  # a year AD
        ("5 ธ.ค. ค.ศ. 2026", date(2026, 12, 5)),
        ("5/12/2569", None),  # day and month may be either way round: refused, never AD 2569
        ("12.12.2569", date(2026, 12, 12)),
        ("5 ທັນວາ 2026", date(2026, 12, 5)),  # Lao
        ("໕ ທັນວາ ໒໐໒໖", date(2026, 12, 5)),
        ("5 ធ្នូ 2026", date(2026, 12, 5)),  # Khmer
        ("៥ ធ្នូ ២០២៦", date(2026, 12, 5)),
        ("12 ธันวาคม 12 คน", None),  # a short year only after initials or the era's mark
        ("5 ธันวาคม พ.ศ. 2026", None),  # no Buddhist year
    ],
)
def test_thai_lao_and_khmer_dates_and_the_buddhist_era(text: str, expected: date | None) -> None:
    found = [m.day for m in search_dates(text, reference=_CLOCK) if m.kind == "full"]
    assert found == ([expected] if expected else [])


def test_a_buddhist_year_never_gives_a_day_543_years_ahead() -> None:
    for text in ("12.12.2569", "5 ธันวาคม 2569", "2569", "ปี 2569", "5 ธ.ค. 99"):
        assert all(m.day.year < 2100 for m in search_dates(text, reference=_CLOCK)), text


@pytest.mark.parametrize(
    "date_line", ["5 ธันวาคม 2569", "5 ธ.ค. 2569", "วันเสาร์ที่ 5 ธันวาคม พ.ศ. 2569 เวลา 14.30 น.", "๕ ธ.ค. ๖๙"]
)
def test_a_thai_copy_s_date_line_is_its_date_and_not_in_its_body(date_line: str) -> None:
    reading = read_pasted(_th_copy(date_line), reference=_CLOCK)
    assert reading.date is not None
    assert reading.date.day == date(2026, 12, 5)
    assert reading.body == _TH_PARAGRAPHS


def test_thai_date_patterns_stay_linear_on_long_runs() -> None:
    for text in ("1ก" * 1000, "๑" * 2000, "12 ธ.ค." * 300, "1 พ.ศ. " * 300, "5 ธันวาคม พ.ศ." * 150):
        started = time.perf_counter()
        search_dates(text, reference=_CLOCK)
        assert time.perf_counter() - started < 0.5


def test_a_thai_paragraph_is_cut_into_sentences_at_the_spaces_that_end_one() -> None:
    # A space ends a Thai sentence after 100 characters when a phrase of 20 follows that no linking word opens;
    # the paragraph alone (124 + 40 characters) was one "sentence", too long for a key point.
    assert split_sentences(_TH_PARAGRAPHS[0]) == [
        "เรือข้ามฟากระหว่างท่าเรือบ้านนาและเกาะสมุทรกลับมาให้บริการตามปกติในเช้าวันเสาร์ "
        "หลังจากหยุดซ่อมแซมเครื่องยนต์นานกว่าสามเดือน",  # "หลังจาก" (after) links the two
        "ผู้โดยสารกว่าสองร้อยคนเดินทางในเที่ยวแรก",
    ]
    # A name ("นายสมชาย ใจดี"), the subject before its verb and "และ" (and) keep a sentence together.
    assert split_sentences(_TH_PARAGRAPHS[1])[0].endswith("และตรวจสอบความปลอดภัยครบถ้วนแล้ว")
    # Items of a list after 100 characters: short phrases, no cut; a shorter sentence is not cut either.
    listed = "ตำรวจพบว่าศพถูกทำร้ายอย่างรุนแรงก่อนถูกนำไปทิ้งในแม่น้ำใกล้หมู่บ้านริมฝั่งตะวันออกของจังหวัดเมื่อคืนวันศุกร์ มัดแขน รัดคอ ทุบตี"
    assert split_sentences(listed) == [listed]
    assert split_sentences(_TH_PARAGRAPHS[2]) == [_TH_PARAGRAPHS[2]]  # 61 characters before its first space


def test_a_khmer_sentence_ends_at_its_stop() -> None:
    text = "សាឡាងបានចាប់ផ្តើមដំណើរការឡើងវិញនៅព្រឹកថ្ងៃសៅរ៍។ អ្នកដំណើរជាងពីររយនាក់បានធ្វើដំណើរ។"
    assert split_sentences(text) == ["សាឡាងបានចាប់ផ្តើមដំណើរការឡើងវិញនៅព្រឹកថ្ងៃសៅរ៍។", "អ្នកដំណើរជាងពីររយនាក់បានធ្វើដំណើរ។"]


def test_a_thai_copy_has_three_key_points_each_a_sentence() -> None:
    reading = read_pasted(_th_copy(), reference=_CLOCK)
    points = key_points(list(reading.body), reading.title)
    assert len(points) == 3
    sentences = {s for paragraph in _TH_PARAGRAPHS for s in split_sentences(paragraph)}
    assert set(points) <= sentences
    assert all(40 <= len(point) <= 200 for point in points)


def test_thai_sentences_stay_linear_on_long_runs() -> None:
    for text in ("ก " * 1000, "กขคง" * 500, ("ก" * 60 + " ") * 40, ("และ" + "ก" * 50 + " ") * 40):
        started = time.perf_counter()
        split_sentences(text)
        assert time.perf_counter() - started < 0.5


async def _seed_thai(db: Database) -> None:
    source = await repo.get_or_create_source(db, SourceKind.FOLDER, "desk", "/drop", _CLOCK)
    article = Article(title=_TH_HEADLINE, body=_TH_PARAGRAPHS, url="https://news.example/th")
    await repo.add_article(db, source, article, _CLOCK - timedelta(hours=1), ["th"])


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("ใจดี", True),  # a whole phrase between spaces
        ("เรือ*", True),  # the start of one
        ("ผู้โดยสาร*", True),
        ("เรือ", True),  # a word inside a phrase, found by its letters (search24)
        ("สมชาย", True),
        ("รถไฟ", False),  # "train": not in the article
    ],
)
async def test_find_a_thai_word_on_both_engines_or_say_what_to_try(db: Database, text: str, found: bool) -> None:
    await _seed_thai(db)
    page = await search(db, text, now=_CLOCK)
    assert [hit.title for hit in page.hits] == ([_TH_HEADLINE] if found else [])
    if found:
        assert page.note == ""
    else:
        assert page.note == PHRASED_MESSAGE.format(example=text)


async def test_an_empty_search_without_thai_letters_has_no_such_note(db: Database) -> None:
    await _seed_thai(db)
    assert (await search(db, "harbour", now=_CLOCK)).note == ""
    page = await search(db, "harbour " + "เรือ" * 300, now=_CLOCK)  # cut: both notes, and no raise
    assert page.note.startswith(SEARCH_CAP_MESSAGE)
    assert page.note.endswith(PHRASED_MESSAGE.format(example="เรือ" * 25))


def test_a_few_short_thai_phrases_are_few_words_and_no_key_point() -> None:
    # "Meanwhile, Mr. W." (cut at the initial's dot): three phrases, ten letters. Counted a fifth of a word per
    # letter on top of its phrases it made five words, a key point of its own.
    assert keypoints.word_count("ขณะที่ นาย ว.") == 3
    assert keypoints.word_count(_TH_PARAGRAPHS[0]) >= 25
    assert keypoints.word_count("café au lait") == 3


_LO = (
    "ເຮືອຂ້າມຟາກກັບມາໃຫ້ບໍລິການອີກຄັ້ງ ຫຼັງຈາກສ້ອມແປງສາມເດືອນ",
    "5 ທັນວາ 2026",
    "ເຮືອຂ້າມຟາກລະຫວ່າງທ່າເຮືອບ້ານນາກັບເກາະສະໝຸດໄດ້ກັບມາໃຫ້ບໍລິການຕາມປົກກະຕິໃນຕອນເຊົ້າວັນເສົາ "
    "ຫຼັງຈາກຢຸດສ້ອມແປງເຄື່ອງຈັກເປັນເວລາສາມເດືອນ ຜູ້ໂດຍສານຫຼາຍກວ່າສອງຮ້ອຍຄົນໄດ້ເດີນທາງໃນຖ້ຽວທຳອິດ",
    "ທ່ານ ສົມໃຈ ຜູ້ຈັດການບໍລິສັດເດີນເຮືອ ກ່າວວ່າບໍລິສັດໄດ້ປ່ຽນເຄື່ອງຈັກໃໝ່ທັງສອງເຄື່ອງ ແລະ "
    "ກວດກາຄວາມປອດໄພຄົບຖ້ວນແລ້ວ ເຮືອຈະອອກຈາກທ່າທຸກສອງຊົ່ວໂມງແຕ່ຫົກໂມງເຊົ້າຫາຫົກໂມງແລງ",
    "ຊາວບ້ານເທິງເກາະກ່າວວ່າການຢຸດໃຫ້ບໍລິການເຮັດໃຫ້ການຄ້າຂາຍຫຼຸດລົງຫຼາຍ ຮ້ານຄ້າຫຼາຍແຫ່ງຕ້ອງປິດຊົ່ວຄາວ ພວກເຂົາຫວັງວ່າການທ່ອງທ່ຽວຈະຟື້ນຕົວກ່ອນບຸນປີໃໝ່",
)
_KM = (
    "សាឡាងឆ្លងទៅកោះបានដំណើរការឡើងវិញ បន្ទាប់ពីជួសជុលរយៈពេលបីខែ",
    "5 ធ្នូ 2026",
    "សាឡាងរវាងកំពង់ផែភូមិនា និងកោះសមុទ្រ បានចាប់ផ្តើមដំណើរការឡើងវិញជាធម្មតានៅព្រឹកថ្ងៃសៅរ៍ "
    "បន្ទាប់ពីផ្អាកជួសជុលម៉ាស៊ីនអស់រយៈពេលបីខែ។ អ្នកដំណើរជាងពីររយនាក់បានធ្វើដំណើរក្នុងជើងដំបូង។",
    "លោក សុខ ចិត្តល្អ អ្នកគ្រប់គ្រងក្រុមហ៊ុនដឹកជញ្ជូន បាននិយាយថា "
    "ក្រុមហ៊ុនបានប្តូរម៉ាស៊ីនថ្មីទាំងពីរ និងបានត្រួតពិនិត្យសុវត្ថិភាពរួចរាល់ហើយ។ សាឡាងនឹងចេញដំណើររៀងរាល់ពីរម៉ោងម្តង។",
    "អ្នកភូមិនៅលើកោះបាននិយាយថា ការផ្អាកសេវាធ្វើឱ្យការលក់ដូរធ្លាក់ចុះខ្លាំង។ ហាងជាច្រើនត្រូវបិទជាបណ្តោះអាសន្ន។ "
    "ពួកគេសង្ឃឹមថាទេសចរណ៍នឹងងើបឡើងវិញមុនបុណ្យចូលឆ្នាំ។",
)


@pytest.mark.parametrize("lines", [_LO, _KM], ids=["lao", "khmer"])
def test_lao_and_khmer_copies_read_headline_date_body_and_key_points(lines: tuple[str, ...]) -> None:
    reading = read_pasted("\n\n".join(lines) + "\n", reference=_CLOCK)
    assert reading.title == lines[0]
    assert reading.date is not None
    assert reading.date.day == date(2026, 12, 5)
    assert reading.body == lines[2:]
    points = key_points(list(reading.body), reading.title)
    assert len(points) == 3
    assert all(30 <= len(point) <= 200 for point in points)


def test_a_saved_thai_page_and_a_thai_feed_read_headline_date_body_and_key_points() -> None:
    paragraphs = "".join(f"<p>{p}</p>" for p in _TH_PARAGRAPHS)
    page = (
        f'<!doctype html><html lang="th"><head><meta charset="utf-8"><title>{_TH_HEADLINE} - ข่าวเกาะ</title></head>'
        '<body><nav><a href="/">หน้าแรก</a> <a href="/news">ข่าว</a></nav>'
        f'<article><h1>{_TH_HEADLINE}</h1><div class="date">วันเสาร์ที่ 5 ธันวาคม พ.ศ. 2569 เวลา 14.30 น.</div>'
        f"{paragraphs}</article><footer>© 2569 ข่าวเกาะ</footer></body></html>"
    )
    feed = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>ข่าวเกาะ</title>'
        f"<link>https://news.example/</link><item><title>{_TH_HEADLINE}</title><link>https://news.example/th</link>"
        f"<pubDate>Sat, 05 Dec 2026 07:30:00 GMT</pubDate><description><![CDATA[{paragraphs}]]></description>"
        "</item></channel></rss>"
    )
    for name, raw in (("th.html", page), ("th.rss", feed)):
        parsed = parse_retrieved(Retrieved(data=raw.encode(), name=name, location=name), now=_CLOCK)
        (article,) = parsed if isinstance(parsed, list) else (parsed,)
        assert article.title == _TH_HEADLINE
        assert article.body == _TH_PARAGRAPHS
        assert article.published is not None  # the page's date from its Thai date line (none before)
        assert article.published.year == 2026
        assert len(article.key_points) == 3
