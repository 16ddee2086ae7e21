"""Polish, Czech, Romanian, Ukrainian, Turkish, Filipino, Swahili, Malay and Korean news as readers save it (langs29).

Own fixtures written for the probe (bench/README.md, "langs29"): titles and street words before a name or a number
that end no sentence, month names, and the shapes of each language's copies and pages.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.ingest.formats import parse_retrieved
from bot.models import Retrieved
from bot.text.datelines import split_dateline
from bot.text.dates import search_dates
from bot.text.keypoints import key_points
from bot.text.pasted import read_pasted
from bot.text.sentences import split_sentences

_CLOCK = datetime(2026, 12, 5, 18, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "sentences",
    [
        ("Pierwsze kursy zaplanowano na godz. 5.00 rano 1 marca.", "Mieszkańcy od lat czekali na tramwaj."),
        ("Potrivit dl. Ion Mureșan, programul va fi prelungit.", "Clădirea se află pe str. Primăverii nr. 12."),
        ("Ne-a spus dna. Maria Pop că biblioteca e deschisă.", "Programul începe luni."),
        ("За словами лікаря проф. Івана Мельника, тут лікуватимуть дітей.", "Корпус стоїть на вул. Личаківській, 21."),
        ("Ayon kay Engr. Maria Santos, bukas na ang tulay.", "Sabi ni Gng. Reyes, malaking ginhawa ito."),
        ("Kwa mujibu wa Dkt. Hassan Mwinyi, kazi itakamilika.", "Bi. Rehema Ally alisema hununua maji."),
        ("Açılışa Doç. Dr. Mehmet Kaya da katıldı.", "Tören Atatürk Cad. Nolu binada yapıldı."),
        ("Pódium stojí na nám. Svobody u radnice.", "Akce začne v sobotu."),
    ],
)
def test_a_title_or_a_street_word_before_a_name_or_an_hour_ends_no_sentence(sentences: tuple[str, str]) -> None:
    assert split_sentences(" ".join(sentences)) == list(sentences)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Disyembre 5, 2026 | 2:30 PM", date(2026, 12, 5)),  # Filipino
        ("Sinimulan noong Marso 12, 2024", date(2024, 3, 12)),
        ("Jumamosi, Desemba 5, 2026", date(2026, 12, 5)),  # Swahili
        ("Ujenzi ulianza 12 Machi 2025", date(2025, 3, 12)),
        ("Sabtu, 5 Disember 2026", date(2026, 12, 5)),  # Malay
        ("Ogos 12, 2026", date(2026, 8, 12)),
        ("Apple Mac 5, 2026", None),  # Swahili's and Malay's "Mac" (March) is no month in English
        ("da hun 5. 2026 kom hjem", None),  # nor Filipino's "Hun" (June) in Danish
    ],
)
def test_filipino_swahili_and_malay_month_names_are_read(text: str, day: date | None) -> None:
    found = search_dates(text, reference=_CLOCK)
    assert [m.day for m in found] == ([day] if day else [])


_TL_HEAD = (
    "Balita",
    "Bagong tulay sa Marikina, bubuksan na sa Enero",
    "Ni Juan dela Cruz",
    "Disyembre 5, 2026 | 2:30 PM",
)
_TL_BODY = (
    "MAYNILA — Bubuksan na sa publiko ang bagong tulay sa Marikina sa unang linggo ng Enero, ayon sa lungsod.",
    "May habang 450 metro ang tulay at apat na linya para sa mga sasakyan, ayon kay Engr. Maria Santos.",
    "Sinimulan ang konstruksiyon noong Marso 2024 at naantala ito nang ilang buwan dahil sa mga bagyo.",
)
_SW_HEAD = (
    "Kitaifa",
    "Serikali yazindua mradi mpya wa maji jijini Dodoma",
    "Na Amina Juma",
    "Jumamosi, Desemba 5, 2026",
)
_SW_BODY = (
    "DODOMA - Serikali imezindua mradi mpya wa maji utakaohudumia zaidi ya wakazi 200,000 wa jiji la Dodoma.",
    "Mradi huo unajumuisha bwawa jipya na kilomita 120 za mabomba, alisema Dkt. Hassan Mwinyi.",
    "Wakazi wa jiji hilo wamekuwa wakilalamikia uhaba wa maji kwa miaka mingi, na sasa wana matumaini.",
)


_TR_HEAD = (
    "Gündem",
    "İzmir'de yeni metro hattı için ilk kazma vuruldu",
    "Haber: Ayşe Yılmaz",
    "5 Aralık 2026 Cumartesi 14:30",
    "Güncelleme: 2 saat önce",
)
_TR_BODY = (
    "İZMİR (AA) - Kent merkezini havalimanına bağlayacak yeni metro hattının temeli cumartesi günü atıldı.",
    "Yaklaşık 14,5 kilometre uzunluğundaki hat 11 istasyondan oluşacak ve 2029'da açılacak.",
    "Törende konuşan Doç. Dr. Mehmet Kaya, hattın günde 300 bin yolcu taşıyacağını söyledi.",
)


@pytest.mark.parametrize(
    ("head", "body", "author"),
    [(_TL_HEAD, _TL_BODY, "Juan dela Cruz"), (_SW_HEAD, _SW_BODY, "Amina Juma"), (_TR_HEAD, _TR_BODY, "Ayşe Yılmaz")],
)
def test_a_filipino_swahili_or_turkish_copy_is_dated_and_signed(
    head: tuple[str, ...], body: tuple[str, ...], author: str
) -> None:
    reading = read_pasted("\n".join((*head, *body)), reference=_CLOCK)
    assert reading.title == head[1]
    assert reading.date is not None
    assert reading.date.day == date(2026, 12, 5)
    assert reading.author == author
    assert reading.body[1:] == body[1:]


@pytest.mark.parametrize("headline", ["Na Ukrainie otwarto nowy most", "Na Praça da Sé, feira volta a funcionar"])
def test_a_headline_opening_with_na_is_no_byline(headline: str) -> None:
    reading = read_pasted("\n".join(("Kraj", headline, "05.12.2026", *_SW_BODY)), reference=_CLOCK)
    assert reading.title == headline
    assert reading.author is None


@pytest.mark.parametrize(
    ("paragraph", "place", "rest"),
    [
        ("(부산=연합뉴스) 김민준 기자 = 부산시가 해상 케이블카 노선을 새로 연다고 5일 밝혔다.", "부산", "부산시가"),
        ("[서울=뉴시스]김민준 이수진 기자 = 정부가 5일 새 예산안을 발표했다.", "서울", "정부가"),
        ("(워싱턴=연합뉴스) 김철수 특파원 = 미국 정부가 새 관세를 발표했다고 밝혔다.", "워싱턴", "미국"),
        ("(서울=뉴스1) 정부가 5일 새 예산안을 국회에 제출했다.", "서울", "정부가"),
        # An outlet's column ("[outlet=writer's column]") and a photo credit in the same brackets name no place.
        ("[엔터미디어=정덕현의 이슈공감] 주말 밤 드라마의 대결이 뜨겁다.", None, "[엔터미디어=정덕현의"),
        ("(사진=연합뉴스) 부산시가 해상 케이블카 노선을 새로 연다.", None, "(사진=연합뉴스)"),
    ],
)
def test_a_korean_wire_s_place_agency_and_reporter_are_its_dateline(
    paragraph: str, place: str | None, rest: str
) -> None:
    found, text = split_dateline(paragraph)
    assert found == place
    assert text.split()[0] == rest


_KO_BODY = (
    "(부산=연합뉴스) 김민준 기자 = 부산시가 해운대와 광안리를 잇는 해상 케이블카 노선을 새로 연다고 5일 밝혔다.",
    "노선 길이는 4.2㎞로, 국내 해상 케이블카 가운데 가장 길다. 시는 내년 3월 착공할 계획이다.",
    '시 관계자는 "관광객 유치와 교통 분산 효과를 기대하고 있다"고 말했다.',
)


def test_a_korean_wire_copy_s_key_points_hold_no_dateline() -> None:
    text = "\n".join(
        ("사회", "부산시, 해상 케이블카 노선 새로 연다", "입력 2026.12.05 오후 3:20", "김민준 기자", *_KO_BODY)
    )
    reading = read_pasted(text, reference=_CLOCK)
    assert reading.dateline == "부산"
    assert reading.body[0].startswith("부산시가")
    assert reading.author == "김민준"
    points = key_points(reading.body, reading.title)
    assert points[0].startswith("부산시가")
    assert not any("연합뉴스" in point for point in points)


def _saved_page(writer: str, paragraphs: tuple[str, ...]) -> str:
    # A plain CMS post: the writer in the byline's rel="author" link, as WordPress themes print it.
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>Page</title></head><body><article>"
        f"<h1 class='entry-title'>{paragraphs[0][:30]}</h1><div class='entry-meta'>"
        "<time datetime='2026-12-05T15:20:00+09:00'>2026.12.05</time> "
        f"<span class='by-author'>by <a rel='author' href='/author/1'>{writer}</a></span></div>"
        f"<div class='entry-content'>{body}</div></article></body></html>"
    )


_JA_BODY = (
    "札幌市は5日、市中心部と札幌駅北口を結ぶ路面電車の延伸計画を発表した。総事業費は約120億円を見込む。",
    "延伸区間は約1.5キロで、新たに4つの停留場を設ける。市は2027年度に着工し、2030年春の開業を目指す。",
    "市によると、路面電車の利用者は1日あたり約2万4千人で、延伸により3割ほど増える見通しだ。",
)


@pytest.mark.parametrize(
    ("writer", "paragraphs", "author"),
    [
        ("김민준", _KO_BODY, "김민준"),
        ("山田太郎", _JA_BODY, "山田太郎"),
        ("Juan dela Cruz", _TL_BODY, "Juan dela Cruz"),
        ("편집부", _KO_BODY, None),  # the desk, as "Staff": no writer
        ("編集部", _JA_BODY, None),
    ],
)
def test_a_saved_page_s_byline_names_a_korean_japanese_or_filipino_writer(
    writer: str, paragraphs: tuple[str, ...], author: str | None
) -> None:
    (article,) = parse_retrieved(
        Retrieved(data=_saved_page(writer, paragraphs).encode(), name="page.html", location="page.html"), now=_CLOCK
    )
    assert article.author == author


@pytest.mark.parametrize(
    ("line", "ago"),
    [
        ("Güncelleme: 2 saat önce", timedelta(hours=2)),
        ("2 godziny temu", timedelta(hours=2)),
        ("2 godz. temu", timedelta(hours=2)),
        ("przed 45 minutami", timedelta(minutes=45)),
        ("acum 2 ore", timedelta(hours=2)),
        ("2 години тому", timedelta(hours=2)),
        ("2 jam yang lalu", timedelta(hours=2)),
        ("2 oras na ang nakalipas", timedelta(hours=2)),
        ("saa 2 zilizopita", timedelta(hours=2)),
        ("dakika 30 zilizopita", timedelta(minutes=30)),
        ("2시간 전", timedelta(hours=2)),
        ("2 uur geleden", timedelta(hours=2)),
        ("för 2 timmar sedan", timedelta(hours=2)),
        ("2 timer siden", timedelta(hours=2)),
        # The ninth probe's: Arabic, Hebrew, Greek, Hindi, Vietnamese, Persian (its own digits), Hungarian, Thai, and
        # English as social sites abbreviate it.
        ("منذ 3 ساعات", timedelta(hours=3)),
        ("לפני 45 דקות", timedelta(minutes=45)),
        ("πριν από 3 ώρες", timedelta(hours=3)),
        ("3 घंटे पहले", timedelta(hours=3)),
        ("3 giờ trước", timedelta(hours=3)),
        ("۳ ساعت پیش", timedelta(hours=3)),
        ("3 óra ezelőtt", timedelta(hours=3)),
        ("3 ชั่วโมงที่แล้ว", timedelta(hours=3)),
        ("5h ago", timedelta(hours=5)),
        ("5 hr. ago", timedelta(hours=5)),
        ("20 min. ago", timedelta(minutes=20)),
    ],
)
def test_a_time_ago_in_more_languages_is_the_date(line: str, ago: timedelta) -> None:
    reading = read_pasted("\n".join(("Kraj", _SW_HEAD[1], line, *_SW_BODY)), reference=_CLOCK)
    assert reading.date is not None
    assert reading.date.value == _CLOCK - ago


@pytest.mark.parametrize(
    ("line", "day"),
    [
        ("вчора, 14:30", date(2026, 12, 4)),
        ("어제 오후 3:20", date(2026, 12, 4)),
        ("Kahapon, 2:30 PM", date(2026, 12, 4)),
        ("ieri, ora 14:30", date(2026, 12, 4)),
        ("сьогодні, 09:10", date(2026, 12, 5)),
        ("azi, 09:10", date(2026, 12, 5)),
    ],
)
def test_yesterday_and_today_in_more_languages_are_the_date(line: str, day: date) -> None:
    reading = read_pasted("\n".join(("Kraj", _SW_HEAD[1], line, *_SW_BODY)), reference=_CLOCK)
    assert reading.date is not None
    assert reading.date.day == day


# ("Fotoğraf: AA" and "Фото: ..." are credits already, but the paragraph above one is then taken for its caption, as
# above "Photo: AP" in English: bench/README.md, langs29, left for the caption rules.)
@pytest.mark.parametrize("credit", ["Picha: Maktaba", "Larawan: Marikina PIO", "Zdjęcie: PAP"])
def test_a_photo_credit_in_more_languages_is_no_paragraph(credit: str) -> None:
    text = "\n".join((*_SW_HEAD, *_SW_BODY, credit, "Tags: Dodoma, maji", "Shiriki"))
    reading = read_pasted(text, reference=_CLOCK)
    assert reading.body[-1] == _SW_BODY[-1]
    assert credit not in reading.body


@pytest.mark.parametrize("line", ["2026. 12. 5. 오후 3:20", "입력 2026. 12. 5. 오후 3:20"])
def test_a_korean_date_line_with_a_blank_after_each_dot_is_the_date(line: str) -> None:
    reading = read_pasted("\n".join(("부산시, 해상 케이블카 노선 새로 연다", line, *_KO_BODY)), reference=_CLOCK)
    assert reading.date is not None
    assert reading.date.day == date(2026, 12, 5)


@pytest.mark.parametrize("text", ["It ended in 2026. 12 people came. 5 left.", "2026. 12. 5 people came."])
def test_a_year_ending_a_sentence_before_numbers_is_no_korean_date(text: str) -> None:
    assert search_dates(text, reference=_CLOCK) == []


@pytest.mark.parametrize("written", ["Desemba 5, 2026", "Disyembre 5, 2026 2:30 PM", "2026. 12. 5. 오후 3:20"])
def test_a_feed_item_dated_in_swahili_filipino_or_korean_has_its_day(written: str) -> None:
    feed = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        "<channel><title>Habari</title><link>https://news.example/</link><description>x</description>"
        f"<item><title>{_SW_HEAD[1]}</title><link>https://news.example/1</link><dc:date>{written}</dc:date>"
        f"<description>{_SW_BODY[0]}</description></item></channel></rss>"
    )
    (article,) = parse_retrieved(Retrieved(data=feed.encode(), name="feed.xml", location="feed.xml"), now=_CLOCK)
    assert article.published == date(2026, 12, 5)


@pytest.mark.parametrize("text", ["지난 5일 전국에서 행사가 열렸다", "2시간 전부터 줄이 길었다"])
def test_a_korean_day_before_a_word_opening_with_jeon_is_no_time_ago(text: str) -> None:
    assert [m for m in search_dates(text, reference=_CLOCK) if m.kind == "relative"] == []
