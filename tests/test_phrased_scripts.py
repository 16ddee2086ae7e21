"""Thai, Lao, Khmer and Burmese copies (own fixtures, thai23): scripts written without spaces between words.

Their words run together; spaces set phrases and sentences apart (Thai, Lao), and Khmer and Burmese close a
sentence with their own stops ("។", "။"). A short news article per language, as a reader pastes it.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.text.clean import is_body_prose, is_prose
from bot.text.pasted import read_pasted

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


def _th_copy(date_line: str = "5 ธันวาคม 2569", gap: str = "\n\n") -> str:
    return gap.join((_TH_HEADLINE, date_line, *_TH_PARAGRAPHS)) + "\n"


@pytest.mark.parametrize("gap", ["\n\n", "\n"])
def test_a_thai_copy_s_body_is_its_paragraphs_not_its_date_line(gap: str) -> None:
    # Each paragraph holds two or three spaces and no stop: is_prose reads none as running text, so the body was
    # the date line alone and the story was lost.
    assert not any(map(is_prose, _TH_PARAGRAPHS))
    reading = read_pasted(_th_copy(gap=gap), reference=_CLOCK)
    assert reading.title == _TH_HEADLINE
    assert reading.body == _TH_PARAGRAPHS


def test_a_phrased_paragraph_is_body_prose_and_a_headline_or_a_spaced_line_is_not_made_one() -> None:
    assert all(map(is_body_prose, _TH_PARAGRAPHS))
    assert not is_body_prose(_TH_HEADLINE)  # 62 characters: a headline's length, not a paragraph's
    assert not is_body_prose("Breaking-news-" * 10)  # ASCII: is_prose's answer alone
    assert not is_body_prose("ข่าว" + "x" * 120)  # mostly another script
    assert is_body_prose("ภาษาไทย" * 400)  # a long run: one pass, no hang
