"""Right-to-left and Indic scripts, Greek, Vietnamese and the Solar Hijri calendar (own fixtures: world23).

Each copy is a short news article written for these tests: a headline, a date line, three paragraphs.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest

from bot.text.datelines import split_dateline
from bot.text.dates import search_dates
from bot.text.keypoints import key_points
from bot.text.pasted import read_pasted
from bot.text.sentences import split_sentences

_CLOCK = datetime(2026, 12, 7, 6, 0, tzinfo=UTC)

_URDU = """پارلیمنٹ نے پانی کا نیا قانون منظور کر لیا

اسلام آباد - 5 دسمبر 2026

قومی اسمبلی نے ہفتے کو ایک قانون منظور کیا جو چالیس شہروں میں نئے پائپوں کے لیے رقم دیتا ہے۔ بحث ساری رات جاری رہی۔

اب یہ قانون سینیٹ میں جائے گا۔ حامیوں کا کہنا ہے کہ اس رقم سے پرانے محلوں کے زنگ آلود پائپ بدلے جائیں گے۔

ناقدین کا کہنا ہے کہ لاگت بہت زیادہ ہے۔ کیا سینیٹ اسے منظور کرے گی؟ ابھی کوئی نہیں جانتا۔
"""
_VIETNAMESE = """Hội đồng thành phố thông qua luật nước mới

Thứ Bảy, 5/12/2026

HÀ NỘI - Hội đồng thành phố hôm thứ Bảy đã thông qua một đạo luật cấp tiền cho đường ống nước mới ở bốn mươi quận.

Đạo luật giờ sẽ được gửi lên Thủ tướng. Những người ủng hộ nói rằng số tiền này sẽ thay thế các đường ống cũ.

Những người chỉ trích nói rằng chi phí quá cao. Liệu Thủ tướng có ký không? Chưa ai biết.
"""


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        (
            "لاگت بہت زیادہ ہے۔ کیا سینیٹ اسے منظور کرے گی؟ ابھی کوئی نہیں جانتا۔",
            ["لاگت بہت زیادہ ہے۔", "کیا سینیٹ اسے منظور کرے گی؟", "ابھی کوئی نہیں جانتا۔"],
        ),
        (
            "Το κόστος είναι υψηλό. Θα υπογράψει ο Πρόεδρος; Κανείς δεν ξέρει.",
            ["Το κόστος είναι υψηλό.", "Θα υπογράψει ο Πρόεδρος;", "Κανείς δεν ξέρει."],
        ),
        ("Ρώτησε: «Θα έρθεις;» Κανείς δεν απάντησε.", ["Ρώτησε: «Θα έρθεις;»", "Κανείς δεν απάντησε."]),
        ("राम ने कहा॥ अब यह कानून जाएगा।", ["राम ने कहा॥", "अब यह कानून जाएगा।"]),
        # A semicolon between Greek words in lower case, and in English, is no sentence's end.
        ("Πήραμε ψωμί; τυρί και κρασί.", ["Πήραμε ψωμί; τυρί και κρασί."]),
        ("He came; The end was near. Then etc.; The rest.", ["He came; The end was near.", "Then etc.; The rest."]),
    ],
)
def test_urdu_full_stops_greek_question_marks_and_double_dandas_end_sentences(text: str, sentences: list[str]) -> None:
    assert split_sentences(text) == sentences


def test_urdu_key_points_are_single_sentences() -> None:
    reading = read_pasted(_URDU, reference=_CLOCK)
    points = key_points(reading.body, reading.title, 3)
    assert points[0].endswith("رقم دیتا ہے۔")
    assert all(p.count("\u06d4") == 1 for p in points)


@pytest.mark.parametrize(
    ("paragraph", "place"),
    [
        ("HÀ NỘI - Hội đồng thành phố hôm thứ Bảy đã thông qua một đạo luật cấp tiền.", "HÀ NỘI"),
        ("ĐÀ NẴNG – Hội đồng thành phố hôm thứ Bảy đã thông qua một đạo luật mới.", "ĐÀ NẴNG"),
        ("ঢাকা - সংসদ শনিবার একটি আইন পাস করেছে যা চল্লিশটি শহরে অর্থ দেবে।", "ঢাকা"),
        ("சென்னை - சட்டமன்றம் சனிக்கிழமை நாற்பது நகரங்களில் புதிய குடிநீர் குழாய்களுக்கு நிதி வழங்கும்.", "சென்னை"),
        # The day after a caseless place, as "KYIV, 5 Dec (Reuters) -" has it; the agency between two dashes.
        ("القاهرة، 5 ديسمبر (رويترز) - أقر مجلس الشورى يوم السبت قانونا يمول أنابيب مياه جديدة.", "القاهرة"),
        ("القاهرة، ٥ ديسمبر ٢٠٢٦ - أقر مجلس الشورى يوم السبت قانونا يمول أنابيب مياه جديدة.", "القاهرة"),
        ("नई दिल्ली, 5 दिसंबर (भाषा) - संसद ने शनिवार को एक कानून पास किया जो पैसा देता है।", "नई दिल्ली"),
        ("ירושלים, 5 בדצמבר - הכנסת אישרה ביום שבת חוק שמממן צינורות מים חדשים בארבעים ערים.", "ירושלים"),
        ("تهران- ایرنا- نمایندگان مجلس روز شنبه طرحی را تصویب کردند که هزینه را می\u200cپردازد.", "تهران"),
        # A number and a word that is no month: no dateline.
        ("القاهرة، 5 رجال - أقر مجلس الشورى يوم السبت قانونا يمول أنابيب مياه جديدة في المدن.", None),
    ],
)
def test_datelines_in_vietnamese_capitals_bengali_tamil_and_caseless_with_the_day_are_split_off(
    paragraph: str, place: str | None
) -> None:
    found, rest = split_dateline(paragraph)
    assert found == place
    if place is not None:
        assert place not in rest
        assert not rest.startswith(("(", "-", "\u2013"))
        assert "ایرنا" not in rest


def test_a_vietnamese_copy_s_dateline_is_split_and_its_first_paragraph_is_a_key_point() -> None:
    reading = read_pasted(_VIETNAMESE, reference=_CLOCK)
    assert reading.dateline == "HÀ NỘI"
    assert reading.body[0].startswith("Hội đồng thành phố")


@pytest.mark.parametrize(
    "text",
    [
        "۱" * 2000,
        "۱ " * 1000,
        "۱۴ آذر" * 300,
        ";" * 2000,
        "α;" * 1000,
        "α; Β" * 600,
        "Ộ" * 2000,
        "HÀ NỘI, Dec. 5, " * 150,
        "\u06d4" * 2000,
        "5 tháng 1" * 250,
        "ا" * 2000,
        "ا - " * 500,
        "القاهرة، 5 " * 150,
    ],
)
def test_long_runs_of_the_new_characters_end_quickly(text: str) -> None:
    started = time.process_time()
    search_dates(text, reference=_CLOCK)
    split_sentences(text)
    split_dateline(text)
    assert time.process_time() - started < 1.0


_LONG_ARABIC = (
    "أقر مجلس الشورى يوم السبت قانونا جديدا يمول أنابيب مياه حديثة في أربعين مدينة وبلدة في مختلف مناطق المملكة، "
    "بعد نقاش طويل استمر طوال الليل بين الأعضاء الذين اختلفوا حول التكلفة والجدول الزمني وطريقة التمويل، "
    "وقرروا في النهاية أن يبدأ التنفيذ في الربيع المقبل على أن ينتهي خلال ثلاث سنوات من تاريخ البدء، "
    "مع مراجعة سنوية يقدمها الوزير المختص إلى المجلس بشأن سير العمل والإنفاق والمشكلات التي تواجه المقاولين."
)


def test_an_over_long_arabic_sentence_is_cut_at_its_arabic_comma_as_an_english_one_at_its_comma() -> None:
    (point,) = key_points([_LONG_ARABIC], None, 3)
    assert point.endswith("تاريخ البدء.")
    assert _LONG_ARABIC.startswith(point[:-1])
    english = "The council passed a law that funds new pipes in forty towns across the country, " * 6
    assert key_points([english.strip()], None, 3)[0].endswith("country.")
