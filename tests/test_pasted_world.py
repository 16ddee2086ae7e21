"""Pasted news articles in other languages, as a reader copies them (own fixtures: lang18, issue 12 items 3 and 6).

Each copy holds the furniture its language's sites use: a section label over the headline, a byline, a date or a
relative time, a dateline, a "read also" link in the column, a photo credit and share lines.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from bot.text.clean import Kind
from bot.text.datelines import split_dateline
from bot.text.keypoints import key_points
from bot.text.linekinds import classify_paragraph_line
from bot.text.pasted import paragraph_lines, read_pasted

_CLOCK = datetime(2026, 12, 5, 18, 0, tzinfo=UTC)

_DE_RELATIVE = """Wirtschaft
Bäckerei-Kette eröffnet zehn neue Filialen im Norden
vor 3 Stunden
Von Lena Beispiel
HAMBURG (dpa) - Eine regionale Bäckerei-Kette will im kommenden Jahr zehn neue Filialen eröffnen, teilte sie mit.
Dabei sollen rund zweihundert neue Arbeitsplätze entstehen, vor allem im Verkauf und in der Backstube.
Die Kette betreibt bereits mehr als achtzig Geschäfte und hatte zuletzt ein Umsatzplus gemeldet.
"""
_FR_RELATIVE = """Sport
Le club local remporte la coupe régionale aux tirs au but
il y a 2 heures
Par Luc Bernard
LYON (AFP) - Le club local a remporté samedi la coupe régionale au terme d'une finale très disputée.
L'entraîneur a salué le courage de ses joueurs, qui avaient été menés deux fois au score avant d'égaliser.
C'est le premier trophée du club depuis plus de vingt ans, une victoire fêtée tard dans la soirée.
"""
_ES_RELATIVE = """Cultura
Un museo recupera un cuadro robado hace cuarenta años
hace 3 horas
Por Carlos Ruiz
SEVILLA (EFE) - Un museo de la ciudad ha recuperado un cuadro robado, que apareció en una subasta.
La obra, un paisaje del siglo diecinueve, será restaurada antes de volver a exponerse al público en primavera.
La policía investiga ahora cómo llegó el cuadro al mercado sin que nadie advirtiera su origen.
"""


@pytest.mark.parametrize(
    ("text", "title", "hours"),
    [
        (_DE_RELATIVE, "Bäckerei-Kette eröffnet zehn neue Filialen im Norden", 3),
        (_FR_RELATIVE, "Le club local remporte la coupe régionale aux tirs au but", 2),
        (_ES_RELATIVE, "Un museo recupera un cuadro robado hace cuarenta años", 3),
    ],
)
def test_a_relative_time_in_lower_case_under_the_headline_is_the_date_not_the_headline_s_end(
    text: str, title: str, hours: int
) -> None:
    reading = read_pasted(text, reference=_CLOCK)
    assert reading.title == title
    assert reading.date is not None
    assert reading.date.value == _CLOCK - timedelta(hours=hours)


def test_a_hard_wrapped_sentence_that_ends_with_a_date_is_still_one_paragraph() -> None:
    text = "The report was archived by the library of the university in\non 12 May 2014. It was read again.\n"
    assert paragraph_lines(text) == [
        "The report was archived by the library of the university in on 12 May 2014. It was read again."
    ]


_READ_ALSO = {  # the link, the headline, the first paragraph's subject
    "de": (
        "Lesen Sie auch: Wie sicher sind die Radwege in der Stadt?",
        "Stadtrat beschließt neuen Radweg durch die Altstadt",
        "Der neue Radweg",
    ),
    "fr": (
        "Lire aussi : Les bibliothèques face à la baisse de la lecture chez les jeunes",
        "La mairie ouvre trois nouvelles bibliothèques de quartier",
        "Le projet de la mairie",
    ),
    "es": (
        "Lea también: Los precios del transporte público suben un tres por ciento",
        "El ayuntamiento amplía el horario de los autobuses nocturnos",
        "El nuevo horario",
    ),
    "pt": (
        "Leia também: Moradores reclamam da falta de áreas verdes na zona leste",
        "Prefeitura anuncia novo parque às margens do rio",
        "O projeto do parque",
    ),
    "it": (
        "Leggi anche: Asili nido, le liste d'attesa si allungano in tutta la regione",
        "Il comune apre un nuovo asilo nido nel centro storico",
        "Il progetto del comune",
    ),
    "ru": (
        "Читайте также: Как изменится общественный транспорт в следующем году",
        "В городе откроют новую линию трамвая",
        "Проект новой линии",
    ),
    "pl": (
        "Czytaj także: Ceny biletów komunikacji miejskiej pójdą w górę",
        "Miasto buduje nową linię tramwajową",
        "Projekt nowej linii",
    ),
}
_SENTENCES = {
    "de": "wurde nach langer Debatte beschlossen, und die Arbeiten sollen im kommenden Frühjahr beginnen.",
    "fr": "a été décidé après un long débat, et les travaux doivent commencer au printemps prochain.",
    "es": "fue aprobado tras un largo debate, y las obras deben empezar la próxima primavera en la ciudad.",
    "pt": "foi aprovado depois de um longo debate, e as obras devem começar na próxima primavera na cidade.",
    "it": "è stato approvato dopo un lungo dibattito, e i lavori dovrebbero iniziare la prossima primavera.",
    "ru": "был одобрен после долгого обсуждения, и работы должны начаться следующей весной в городе.",
    "pl": "został przyjęty po długiej debacie, a prace mają ruszyć wiosną przyszłego roku w mieście.",
}


@pytest.mark.parametrize("language", sorted(_READ_ALSO))
def test_a_read_also_link_in_the_column_is_neither_body_nor_key_point(language: str) -> None:
    link, headline, subject = _READ_ALSO[language]
    rest = _SENTENCES[language]
    first, second, third = f"{subject} {rest}", f"{subject}, {rest}", f"{subject} {rest} {rest}"
    text = "\n".join([headline, "05.12.2026", first, second, link, third])
    reading = read_pasted(text, reference=_CLOCK)
    assert link not in reading.body
    assert reading.body == (first, second, third)  # the paragraphs on both sides of the link are kept
    assert link not in key_points(" ".join(reading.body), 3)


_SHARE = {
    "de": "Artikel teilen",
    "fr": "Partager l'article",
    "es": "Compartir en Facebook",
    "it": "Condividi",
    "pt": "Compartilhe",
    "ru": "Поделиться",
    "ja": "シェアする",
    "zh": "分享到：",
}
_ASIAN = {
    "ja": (
        "市が新しい路面電車の路線を発表",
        "市は5日、北部の住宅地と中心部を結ぶ新しい路面電車の路線を建設すると発表した。長い議論の末に計画が承認された。",
    ),
    "zh": (
        "市政府宣布新建三座公园",
        "市政府5日宣布，将在城市东部新建三座公园，预计明年完工。项目经过长时间讨论后获得批准，总投资约为三亿元。",
    ),
}


@pytest.mark.parametrize("language", sorted(_SHARE))
def test_a_share_line_in_the_page_s_language_is_not_body(language: str) -> None:
    share = _SHARE[language]
    if language in _ASIAN:
        headline, first = _ASIAN[language]
        second, third = first.replace("5日", "6日"), first.replace("5日", "7日")
    else:
        headline, subject = _READ_ALSO[language][1:]
        rest = _SENTENCES[language]
        first, second, third = f"{subject} {rest}", f"{subject}, {rest}", f"{subject} {rest} {rest}"
    # Between two paragraphs, and as the body's last line over the comments.
    text = "\n".join([headline, "05.12.2026", first, share, second, third, share, "Kommentare (3)"])
    reading = read_pasted(text, reference=_CLOCK)
    assert reading.body == (first, second, third)


@pytest.mark.parametrize(
    "line",
    ["Kommentare (3)", "Commentaires (12)", "Комментарии (5)", "コメント(3)", "评论(0)", "我要评论", "我要评论(0)"],
)
def test_a_comments_link_with_its_count_is_a_comments_line_in_any_language(line: str) -> None:
    assert classify_paragraph_line(line) is Kind.COMMENTS


@pytest.mark.parametrize(
    "line", ["评论员文章：稳中求进", "网友评论称这是一次成功的尝试。", "Kommentare (3) zum Thema Bahn"]
)
def test_a_line_that_names_comments_among_other_words_is_no_comments_line(line: str) -> None:
    assert classify_paragraph_line(line) is not Kind.COMMENTS


def test_the_closing_lines_stop_at_the_comments_link_over_a_poll_and_a_share_bar() -> None:
    """Under the last paragraph: the editor's line (the article's), then the comments link, a poll and the share bar.
    The short lines under the last paragraph are the article's up to the first page furniture; the comments link in
    Chinese was none, so the lines were read to the copy's end and kept only while they ended like sentences: the
    editor's line was lost (refit21). With the comments link known, the run stops there and keeps it."""
    headline, first = _ASIAN["zh"]
    second = first.replace("5日", "6日")
    poll = ["您认为这篇文章对您有帮助吗？请投票告诉我们。", "有帮助 一般 没帮助"]
    closing = ["[责任编辑：王明]", "我要评论(0)", *poll, "分享到：", "微博", "微信"]
    text = "\n".join([headline, "2026年12月5日 14:30", first, second, *closing])
    assert read_pasted(text, reference=_CLOCK).body == (first, second, "[责任编辑：王明]")


_CLOSING = {  # a "related" link in the column, then a short closing paragraph
    "ja": ("関連記事：バスの運賃、来年から値上げへ", "市は今月中に住民向けの説明会を開く予定だ。"),
    "zh": ("相关阅读：公交票价明年起上调", "市政府将于本月召开市民说明会，听取意见。"),
}


@pytest.mark.parametrize("language", sorted(_CLOSING))
def test_a_short_closing_paragraph_after_a_related_link_is_body(language: str) -> None:
    headline, first = _ASIAN[language]
    link, closing = _CLOSING[language]
    second = first.replace("5日", "6日")
    text = "\n".join([headline, "2026年12月5日 14:30", first, second, link, closing])
    reading = read_pasted(text, reference=_CLOCK)
    assert reading.body == (first, second, closing)


@pytest.mark.parametrize("language", sorted(_CLOSING))
def test_the_titles_under_a_related_heading_stay_out_of_the_body(language: str) -> None:
    headline, first = _ASIAN[language]
    heading = _CLOSING[language][0].split("：")[0]
    titles = (
        ["バスの運賃、来年から値上げへ", "駅前の再開発、計画を見直し"]
        if language == "ja"
        else ["公交票价明年起上调", "火车站改造计划调整"]
    )
    text = "\n".join([headline, "2026年12月5日 14:30", first, first.replace("5日", "6日"), heading, *titles])
    assert not set(titles) & set(read_pasted(text, reference=_CLOCK).body)


@pytest.mark.parametrize(
    ("paragraph", "place", "rest"),
    [
        ("BERLIN (dpa) - Der Stadtrat hat am Donnerstag beschlossen.", "BERLIN", "Der Stadtrat hat am Donnerstag"),
        ("SÃO PAULO (Reuters) - A prefeitura anunciou um parque.", "SÃO PAULO", "A prefeitura anunciou"),
        ("МОСКВА (РИА Новости) - Власти города объявили в четверг.", "МОСКВА", "Власти города объявили"),
        ("ZÜRICH: Die Stadt hat heute entschieden, dass es so bleibt.", "ZÜRICH", "Die Stadt hat heute"),
        # The day before the month, and the agency before the dash, after it, or between slashes.
        ("PARIS, 5 déc (AFP) - Le conseil municipal a voté jeudi.", "PARIS", "Le conseil municipal"),
        ("MADRID, 5 Dic. (EUROPA PRESS) - El pleno aprobó el jueves.", "MADRID", "El pleno aprobó"),
        ("MADRID, 5 (EUROPA PRESS) - El pleno aprobó el jueves.", "MADRID", "El pleno aprobó"),
        ("SÃO PAULO, 5 DEZ (Reuters) - A prefeitura anunciou um parque.", "SÃO PAULO", "A prefeitura anunciou"),
        ("ROMA, 5 DIC - (ANSA) - Il consiglio comunale ha approvato.", "ROMA", "Il consiglio comunale"),
        ("(ANSA) - ROMA, 5 DIC - Il consiglio comunale ha approvato.", "ROMA", "Il consiglio comunale"),
        ("МОСКВА, 5 дек - РИА Новости. Власти города объявили в четверг.", "МОСКВА", "Власти города"),
        ("МОСКВА, 5 декабря. /ТАСС/. Власти города объявили в четверг.", "МОСКВА", "Власти города"),
        ("МОСКВА, 5 декабря. /Корр. ТАСС Иван Петров/. Власти города объявили.", "МОСКВА", "Власти города"),
        ("PARIS, 5 décembre 2026 - Le conseil municipal a voté jeudi.", "PARIS", "Le conseil municipal"),
        ("新华社北京12月5日电 市政府5日宣布，将在城市东部新建三座公园，预计明年完工。", "北京", "市政府5日宣布"),
        ("本报上海3月4日电（记者 王明）市政府宣布，将在城市东部新建三座公园。", "上海", "市政府宣布"),
        # A wire's press release: the place, the day and the wire's name.
        ("NEW YORK, Nov. 30, 2026 /PRNewswire/ -- Acme Corp. today announced its results.", "NEW YORK", "Acme Corp."),
        ("BERGEN, Norway, Dec. 1, 2026 /PR Wire/ -- Fjord Ferries ordered a ferry.", "BERGEN, Norway", "Fjord"),
        ("SAN FRANCISCO--(BUSINESS WIRE)--Acme Corp. today announced its results.", "SAN FRANCISCO", "Acme Corp."),
        ("TORONTO, Nov. 30, 2026 (GLOBE NEWSWIRE) -- Acme Corp. announced its results.", "TORONTO", "Acme Corp."),
        # Scripts without capitals: one to three words and a dash, then at least six words.
        ("القاهرة - وافق مجلس المدينة يوم الاثنين على بناء خط ترام جديد.", "القاهرة", "وافق مجلس"),
        ("القاهرة (رويترز) - وافق مجلس المدينة يوم الاثنين على بناء خط ترام.", "القاهرة", "وافق مجلس"),
        ("ירושלים \u2013 מועצת העיר אישרה ביום שני את בניית קו הרכבת הקלה.", "ירושלים", "מועצת העיר"),
        # Hindi with a colon: a place of one or two words ("New Delhi:", "Mumbai (agency):")
        ("नई दिल्ली: केंद्र सरकार ने गुरुवार को नई रेल लाइन को मंजूरी दी।", "नई दिल्ली", "केंद्र सरकार"),
        ("मुंबई (भाषा): नगरपालिका ने नई ट्राम लाइन की घोषणा की है।", "मुंबई", "नगरपालिका ने"),
    ],
)
def test_datelines_in_capitals_of_other_alphabets_with_agencies_in_their_own_case(
    paragraph: str, place: str, rest: str
) -> None:
    found, text = split_dateline(paragraph)
    assert found == place
    assert text.startswith(rest)


_RU_AGENCY = """Общество
В городе откроют новую линию трамвая
5 декабря 2026, 14:30
МОСКВА, 5 дек - РИА Новости. Власти города объявили в четверг о строительстве новой линии трамвая.
Проект новой линии был одобрен после долгого обсуждения, и работы должны начаться следующей весной.
По словам чиновников, первые трамваи пойдут по новой линии через два года после начала работ.
"""


@pytest.mark.parametrize(
    "dateline", ["МОСКВА, 5 дек - РИА Новости.", "МОСКВА, 5 декабря. /ТАСС/.", "МОСКВА, 5 декабря (ТАСС) -"]
)
def test_an_agency_s_dateline_after_the_day_is_neither_body_nor_key_point(dateline: str) -> None:
    text = _RU_AGENCY.replace("МОСКВА, 5 дек - РИА Новости.", dateline)
    reading = read_pasted(text, reference=_CLOCK)
    assert reading.dateline == "МОСКВА"
    assert reading.body[0].startswith("Власти города объявили")
    assert not any("МОСКВА" in point for point in key_points(" ".join(reading.body), 3))


@pytest.mark.parametrize(
    "paragraph",
    [
        "他说12月5日电力公司宣布将在城市东部新建三座公园。",  # 电力 (power) is a word: no cable line
        "新华社北京12月5日电",  # a cable line alone
        "The city (and the region) - said nothing more about it today.",
        "\u0648\u0642\u0627\u0644 - \u0647\u0630\u0627 \u0643\u0644\u0627\u0645",  # "and he said - this": too short
        "मुख्यमंत्री ने कहा: हम काम करेंगे और जीतेंगे और आगे बढ़ेंगे",  # "the chief minister said:" opens a quote
        "उन्होंने कहा: हम काम करेंगे और जीतेंगे और आगे बढ़ेंगे",  # "he said:"
        "मंत्री बोले: हम काम करेंगे और जीतेंगे और आगे बढ़ेंगे",  # "the minister said:"
        'लखनऊ: "हम काम करेंगे और जीतेंगे और आगे बढ़ेंगे"',  # a quote after the colon
        "पटना: बहुत छोटा",  # too short to be a report's first sentence
        "Madrid - la ciudad aprobó el lunes una línea de tranvía nueva",  # a cased script in lower case
        "USA, 12 Staaten - Die Regierung hat beschlossen, dass es so bleibt.",  # a number and no month
        "МОСКВА, 5 дек - власти города объявили в четверг о новой линии.",  # no capital after the dash
    ],
)
def test_no_dateline_where_there_is_none(paragraph: str) -> None:
    assert split_dateline(paragraph) == (None, paragraph)


@pytest.mark.parametrize(
    ("byline", "name"),
    [
        ("Автор: Иван Петров", "Иван Петров"),
        ("Autor: Jan Kowalski", "Jan Kowalski"),
        ("記者 山田太郎", "山田太郎"),
        ("记者 王明", "王明"),
        ("By: Jane Roe", "Jane Roe"),
        ("Af Mette Hansen", "Mette Hansen"),
        ("Yazar: Ayşe Yılmaz", "Ayşe Yılmaz"),
        ("Penulis: Rina Wulandari", "Rina Wulandari"),
        ("Reporter: Rina Wulandari", "Rina Wulandari"),
        ("Auteur : Julie Martin", "Julie Martin"),
        ("Autore: Marco Rossi", "Marco Rossi"),
        ("Skrevet av Kari Nordmann", "Kari Nordmann"),
        ("Skriven av Anna Svensson", "Anna Svensson"),
        ("Text: Anna Svensson", "Anna Svensson"),
        ("Kirjoittaja: Matti Virtanen", "Matti Virtanen"),
        ("Szerző: Kovács Anna", "Kovács Anna"),
        ("Tác giả: Nguyễn Văn An", "Nguyễn Văn An"),
        # the place it was written in is no part of the name
        ("Von Anna Schmidt und Peter Müller, Berlin", "Anna Schmidt und Peter Müller"),
        ("By Jan Kowalski (Warsaw)", "Jan Kowalski"),
    ],
)
def test_a_byline_with_its_label_gives_the_author(byline: str, name: str) -> None:
    text = "\n".join(
        [
            "Section",
            "The headline of the story in a few words",
            byline,
            "The council approved the new tram line on Thursday after a long debate about its cost and route.",
            "Work is due to start in the spring, and the first trams should run two years from now, it said.",
        ]
    )
    assert read_pasted(text, reference=_CLOCK).author == name


@pytest.mark.parametrize("line", ["Jan Kowalski, Warsaw", "Jan Kowalski (Warsaw)", "Jan Kowalski"])
def test_a_name_over_the_date_line_is_the_author_without_its_place(line: str) -> None:
    text = "\n".join(
        [
            "The headline of the story in a few words",
            line,
            "5 December 2026",
            "The council approved the new tram line on Thursday after a long debate about its cost and route.",
            "Work is due to start in the spring, and the first trams should run two years from now, it said.",
        ]
    )
    assert read_pasted(text, reference=_CLOCK).author == "Jan Kowalski"


@pytest.mark.parametrize("line", ["Ana Lima, Reporter", "Rosa Díaz, Vigo Herald"])
def test_a_comma_that_names_no_city_is_left_to_the_other_rules(line: str) -> None:
    from bot.text.pasted import _without_place

    assert _without_place(line) == line


def test_the_photographer_s_label_is_no_byline() -> None:
    text = "\n".join(
        [
            "The headline of the story in a few words",
            "Автор фото Сергей Иванов",
            "The council approved the new tram line on Thursday after a long debate about its cost and route.",
        ]
    )
    assert read_pasted(text, reference=_CLOCK).author is None


_ES_NUMERIC = """Sociedad
El ayuntamiento amplía el horario de los autobuses nocturnos
Por María López
Actualizado: {date} - 14:30 CET
MADRID (EFE) - El ayuntamiento ha aprobado este jueves la ampliación del horario de los autobuses nocturnos.
La medida, reclamada desde hace años por asociaciones vecinales, entrará en vigor a partir del próximo mes de enero.
Según el concejal de movilidad, la frecuencia de paso será de veinte minutos en las líneas principales.
"""


@pytest.mark.parametrize(("written", "day"), [("05/12/2026", 5), ("25/11/2026", 25)])
def test_a_numeric_date_line_is_read_by_the_page_s_convention_whatever_its_day(written: str, day: int) -> None:
    reading = read_pasted(_ES_NUMERIC.format(date=written), reference=_CLOCK)
    assert reading.date is not None
    month = 12 if day == 5 else 11
    assert reading.date.printed == datetime(2026, month, day, 14, 30, tzinfo=timezone(timedelta(hours=1)))


def test_a_sentence_that_holds_a_numeric_date_is_no_date_line() -> None:
    text = _ES_NUMERIC.replace("Actualizado: {date} - 14:30 CET", "El pleno del 05/12/2026 votó la medida por mayoría")
    assert read_pasted(text, reference=_CLOCK).date is None


_AR = """مجلس المدينة يوافق على خط ترام جديد

الاثنين 30 نوفمبر 2026

وافق مجلس المدينة يوم الاثنين على بناء خط ترام جديد يربط الضواحي الشمالية بوسط المدينة، منهياً عقداً من الجدل حول المسار.

ومن المقرر أن يبدأ البناء في الربيع المقبل، على أن تعمل أولى القطارات في عام 2029.
"""
_HE = """מועצת העיר אישרה קו רכבת קלה חדש

30 בנובמבר 2026, 09:15

מועצת העיר אישרה ביום שני את בניית קו הרכבת הקלה שיחבר את השכונות הצפוניות למרכז העיר.

הבנייה צפויה להתחיל באביב הבא והרכבות הראשונות יפעלו ב-2029.
"""


_AR_LEVANT = _AR.replace("30 نوفمبر 2026", "30 تشرين الثاني 2026")  # the Levant's month name: two words


@pytest.mark.parametrize("text", [_AR, _HE, _AR_LEVANT], ids=["arabic", "hebrew", "arabic-levant"])
def test_a_date_line_in_arabic_or_hebrew_gives_the_date(text: str) -> None:
    """The line was taken off the body as a date line, and its date lost: no month word of either was known."""
    reading = read_pasted(text, reference=_CLOCK)
    assert reading.title == text.split("\n", 1)[0]
    assert reading.date is not None
    assert reading.date.day == date(2026, 11, 30)
    assert reading.body[0] == text.split("\n\n")[2]


_PUERTO = (
    "El consejo del puerto decidió el jueves aplazar la votación sobre el nuevo puente hasta que los ingenieros"
    " entreguen su informe sobre las mareas y el tráfico.",
    "Los miembros dijeron que el informe, previsto para febrero, aclarará las dudas sobre el coste del acero.",
    "Los viajeros que cruzan el puerto en ferry cada mañana se mostraron decepcionados por el retraso.",
)


def test_a_standfirst_over_the_writer_s_name_and_the_date_is_not_the_headline() -> None:
    """El País and many papers: "Headline" / "Standfirst" / "Name" / "Date". The standfirst, over the name, was
    taken for the headline because the line over a byline is where a wide copy's headline sits."""
    head = "El consejo del puerto aplaza la votación del nuevo puente"
    standfirst = "Los ingenieros entregarán en febrero su informe sobre las mareas y el tráfico del puerto"
    text = "\n".join((head, standfirst, "Marta Keller", "Portvale - 04 dic 2026 - 18:00 CET", *_PUERTO))
    assert read_pasted(text, reference=datetime(2026, 12, 7, tzinfo=UTC)).title == head


def test_a_headline_under_a_longer_promotion_over_the_writer_s_name_is_still_the_headline() -> None:
    """The wide copy's case the rule is for: another story's line over the headline, the headline over the name."""
    promo = "Ofertas de invierno 2026: los mejores descuentos en billetes de ferry para toda la familia y más"
    head = "El consejo del puerto aplaza la votación del nuevo puente"
    text = "\n".join(("Portada", "Opinión", promo, head, "Marta Keller", "04 dic 2026 - 18:00 CET", *_PUERTO))
    assert read_pasted(text, reference=datetime(2026, 12, 7, tzinfo=UTC)).title == head


def test_a_newsletter_post_s_subtitle_over_the_writer_s_name_is_not_the_headline() -> None:
    """A newsletter platform's post: "Title" / "Subtitle" / "Name" / "Date"; the longer subtitle scored higher."""
    head = "Why the bridge vote keeps slipping"
    subtitle = "Three reasons the council cannot decide, and what the engineers will tell them in February"
    lines = (
        "The Harbour Letter",
        "Subscribe",
        "Sign in",
        head,
        subtitle,
        "Marta Keller",
        "Dec 04, 2026",
        "42",
        "8",
        "Share",
    )
    body = (
        "The harbour council delayed its vote on the new bridge again on Thursday, the third delay this year.",
        "The first reason is money: steel has risen by a fifth since the plan was drawn, and the council's reserve"
        " will not cover the difference.",
        "The second is the tide. The old piers stand in a channel that has moved, and nobody knows yet whether they"
        " can carry a wider deck.",
        "The third is politics: two members face election in May and do not want their names on a \u00a340m bill.",
    )
    footer = ("Subscribe to The Harbour Letter", "Hundreds of paid subscribers", "Type your email...", "Subscribe")
    text = "\n".join((*lines, *body, *footer, "42 Likes", "8 Comments", "Share"))
    assert read_pasted(text, reference=datetime(2026, 12, 7, tzinfo=UTC)).title == head


def test_a_section_s_name_over_the_headline_is_not_taken_for_it() -> None:
    head = "Why the harbour bridge vote keeps slipping again this winter"
    text = "\n".join(("Home", "News", "Politics", head, "Marta Keller", "Dec 04, 2026", *_PUERTO))
    assert read_pasted(text, reference=datetime(2026, 12, 7, tzinfo=UTC)).title == head


_KOREAN_BODY = (
    "항만위원회는 4일 기술진이 조류와 교통에 관한 보고서를 제출할 때까지 새 다리 건설에 대한 표결을 연기하기로 했다.",
    "위원들은 2월에 나올 보고서가 강재 비용에 대한 의문을 해소할 것이라고 밝혔다.",
    "매일 아침 여객선으로 항구를 건너는 통근자들은 실망감을 나타냈다.",
)


def test_a_korean_agency_copy_gives_its_headline_date_and_body() -> None:
    """A Korean agency's copy: its date glued to its label ("송고시간2026-12-04 18:00") was no date, a short
    closing sentence with a day in it ("... 2월 12일 ...") was taken for a header's date line, so the body started
    at the copyright notice, and the headline was the first paragraph."""
    head = '항만위원회, 새 다리 표결 연기…"비용 증가"'
    body = (
        "항만위원회는 4일 기술진이 조류와 교통에 관한 보고서를 제출할 때까지 새 다리 건설에 대한 표결을"
        " 연기하기로 했다.",
        "위원들은 2월에 나올 보고서가 강재 비용에 대한 의문을 해소할 것이라고 밝혔다.",
        "매일 아침 여객선으로 항구를 건너는 통근자들은 실망감을 나타냈다.",
        "위원회는 2월 12일 다시 회의를 열 예정이다.",
    )
    notice = "<저작권자(c) 항구뉴스, 무단 전재-재배포, AI 학습 및 활용 금지>"
    text = "\n".join((head, "송고시간2026-12-04 18:00", "마르타 켈러 기자", *body, "marta@port.example", notice))
    reading = read_pasted(text, reference=datetime(2026, 12, 7, tzinfo=UTC))
    assert reading.title == head
    assert reading.date is not None
    assert reading.date.day == date(2026, 12, 4)
    assert reading.body == body
    assert reading.author == "마르타 켈러"


@pytest.mark.parametrize(("line", "author"), [("김철수 기자", "김철수"), ("홍길동 특파원 =", "홍길동")])
def test_a_korean_name_before_its_role_is_the_author(line: str, author: str) -> None:
    text = "\n".join(("항만위원회, 새 다리 표결 연기", line, "2026-12-04 18:00", *_KOREAN_BODY))
    assert read_pasted(text, reference=datetime(2026, 12, 7, tzinfo=UTC)).author == author


def test_a_korean_phrase_ending_with_the_word_reporter_is_no_author() -> None:
    text = "\n".join(("항만위원회, 새 다리 표결 연기", "이번 사건을 취재한 기자", "2026-12-04 18:00", *_KOREAN_BODY))
    assert read_pasted(text, reference=datetime(2026, 12, 7, tzinfo=UTC)).author is None


@pytest.mark.parametrize(
    "notice",
    [
        "<저작권자(c) 항구뉴스, 무단 전재-재배포 금지>",
        "記事・写真の無断転載を禁じます",
        "版权所有 © 2026 港口日报",
        "未经授权\uff0c不得转载",
    ],
)
def test_a_korean_japanese_or_chinese_rights_notice_is_a_copyright_line(notice: str) -> None:
    assert classify_paragraph_line(notice) is Kind.COPYRIGHT


@pytest.mark.parametrize("sentence", ["저작권자 단체는 이번 법안에 반대했다.", "未经许可的建筑将被拆除。"])
def test_a_sentence_about_rights_is_no_copyright_line(sentence: str) -> None:
    assert classify_paragraph_line(sentence) is Kind.TEXT


@pytest.mark.parametrize(
    "notice",
    [
        "This article is for subscribers only.",
        "Dieser Artikel ist nur für Abonnenten.",
        "Il reste 80% de l'article à lire. La suite est réservée aux abonnés.",
        "Esta reportagem é exclusiva para assinantes.",
        "この記事は有料記事です。残り800文字有料会員になると続きをお読みいただけます。",
        "本文为付费阅读内容",
    ],
)
def test_a_paywall_s_notice_is_a_subscription_line(notice: str) -> None:
    """Where a copy of a page for subscribers ends, its notice was the body's last paragraph (a key point)."""
    assert classify_paragraph_line(notice) is Kind.SUBSCRIBE


@pytest.mark.parametrize(
    "sentence",
    ["The club has 300 subscribers and a waiting list.", "Die Abonnenten der Zeitung erhalten das Heft am Freitag."],
)
def test_a_sentence_about_subscribers_is_text(sentence: str) -> None:
    assert classify_paragraph_line(sentence) is Kind.TEXT


@pytest.mark.parametrize(
    ("line", "day"),
    [
        ("Vandaag, 18:00", date(2026, 12, 7)),
        ("Gisteren, 21:40", date(2026, 12, 6)),
        ("Dziś, 10:00", date(2026, 12, 7)),
        ("I dag 14:22", date(2026, 12, 7)),
        ("Bugün 09:15", date(2026, 12, 7)),
        ("오늘 18:00", date(2026, 12, 7)),
    ],
)
def test_today_and_yesterday_in_more_languages_date_a_copy(line: str, day: date) -> None:
    """A Dutch, Polish, Scandinavian, Turkish or Korean page shows "today, 18:00" under its headline."""
    text = "\n".join(("Havenraad stelt stemming over nieuwe brug uit", line, *_PUERTO))
    reading = read_pasted(text, reference=datetime(2026, 12, 7, 20, tzinfo=UTC))
    assert reading.date is not None
    assert reading.date.day == day


def test_today_s_word_inside_a_sentence_is_no_date() -> None:
    assert classify_paragraph_line("Vandaag gaan we naar de markt en kopen we vis.") is Kind.TEXT


_NL_BODY = (
    "De havenraad heeft donderdag besloten de stemming over de nieuwe brug uit te stellen tot het rapport er is.",
    "De leden zeiden dat het rapport, dat in februari wordt verwacht, duidelijkheid geeft over de kosten.",
    "Forenzen die elke ochtend met de veerboot de haven oversteken, reageerden teleurgesteld op het besluit.",
)


@pytest.mark.parametrize(
    "share", ["Deel artikel:", "Udostępnij artykuł", "Dela artikeln", "Haberi paylaş", "Bagikan artikel", "공유하기"]
)
def test_a_share_line_in_more_languages_is_not_body(share: str) -> None:
    lines = (_NL_BODY[0], share, *_NL_BODY[1:], share)
    text = "\n".join(("Havenraad stelt stemming over nieuwe brug uit", "05.12.2026", *lines))
    assert read_pasted(text, reference=datetime(2026, 12, 7, tzinfo=UTC)).body == _NL_BODY


@pytest.mark.parametrize("sentence", ["Deelnemers van de raad stemden voor.", "Dela av staden saknar ström."])
def test_a_short_paragraph_opening_like_a_share_word_is_text(sentence: str) -> None:
    lines = (_NL_BODY[0], sentence, *_NL_BODY[1:])
    text = "\n".join(("Havenraad stelt stemming over nieuwe brug uit", "05.12.2026", *lines))
    assert sentence in read_pasted(text, reference=datetime(2026, 12, 7, tzinfo=UTC)).body


def test_an_italian_byline_in_lower_case_under_the_standfirst_is_the_author() -> None:
    """ "di Marta Keller" under a standfirst with no stop was joined to it as a hard-wrapped line's continuation."""
    text = "\n".join(
        (
            "Porto, il consiglio rinvia il voto sul nuovo ponte",
            "I tecnici consegneranno a febbraio la relazione su maree e traffico",
            "di Marta Keller",
            "4 dicembre 2026",
            "Il consiglio del porto ha deciso giovedì di rinviare il voto sul nuovo ponte finché i tecnici non avranno"
            " consegnato la relazione.",
            "I pendolari che attraversano il porto in traghetto ogni mattina si sono detti delusi dalla decisione.",
        )
    )
    reading = read_pasted(text, reference=datetime(2026, 12, 7, tzinfo=UTC))
    assert reading.author == "Marta Keller"
    assert reading.title == "Porto, il consiglio rinvia il voto sul nuovo ponte"


def test_a_hard_wrapped_sentence_ending_with_by_and_a_name_stays_one_paragraph() -> None:
    lines = paragraph_lines("The harbour history, twenty years in the making, was finally written\nby Ann Example.")
    assert lines == ["The harbour history, twenty years in the making, was finally written by Ann Example."]


@pytest.mark.parametrize(
    ("copy", "title", "body"),
    [
        (
            "2026年12月5日 10:30\n港町の水族館、来場者が百万人を突破\n"
            "港町の水族館は5日、今年の来場者が百万人を超えたと発表した。\n"
            "新しいクラゲの展示が人気を集めた。\n館長は「来年も新しい展示を増やしたい」と話した。\n",
            "港町の水族館、来場者が百万人を突破",
            (
                "港町の水族館は5日、今年の来場者が百万人を超えたと発表した。",
                "新しいクラゲの展示が人気を集めた。",
                "館長は「来年も新しい展示を増やしたい」と話した。",
            ),
        ),
        (
            "2026年12月5日 09:12\n海港市集装箱码头吞吐量创新高\n"
            "今年前十一个月，海港市集装箱码头吞吐量同比增长百分之六。\n港口方面表示，新开通的航线带动了货量增长。\n"
            "业内人士预计全年吞吐量将再创纪录。\n",
            "海港市集装箱码头吞吐量创新高",
            (
                "今年前十一个月，海港市集装箱码头吞吐量同比增长百分之六。",
                "港口方面表示，新开通的航线带动了货量增长。",
                "业内人士预计全年吞吐量将再创纪录。",
            ),
        ),
    ],
)
def test_a_copy_of_short_cjk_sentences_keeps_its_headline_and_every_sentence(
    copy: str, title: str, body: tuple[str, ...]
) -> None:
    """Sentences under is_prose's 40 characters: none is running text to it, so the body's start was a guess.

    The Japanese copy's first sentence became its headline and its second was lost; the Chinese copy's headline was
    its body's first paragraph too. Where no line is running text, a short CJK sentence now is (for the body's start).
    """
    reading = read_pasted(copy, reference=_CLOCK)
    assert reading.title == title
    assert reading.body == body
    assert reading.date is not None
    assert reading.date.value == date(2026, 12, 5)


_DATELINE_ALONE = """World
Ferry talks resume in Portvale as crews wait at the quay
By Ana Lima
Published 8:15 AM EST, Sat December 5, 2026
{line}
Talks between the ferry operator and its crews resumed on Saturday, with mediators pressing both sides to agree.
More than 200 crew members have been waiting at the quay for over a week, according to their union.
A mediator said a deal was "closer than it has been for months" but warned that key issues remained open.
"""


@pytest.mark.parametrize(
    ("line", "dateline"),
    [
        ("Portvale \u2014", "Portvale"),
        ("PORTVALE, Harbourshire \u2014", "PORTVALE, Harbourshire"),
        ("CNN \u2014", None),
        ("Jakarta -", "Jakarta"),  # a city the time zones name, and a hyphen
        ("Update -", None),
    ],
)
def test_a_dateline_on_its_own_line_over_the_story_is_read(line: str, dateline: str | None) -> None:
    """A page that sets its dateline apart ("Cairo —" over the first paragraph) lost it: the line was dropped.

    An outlet's initials alone there ("CNN —", a story without a place) are no dateline.
    """
    reading = read_pasted(_DATELINE_ALONE.format(line=line), reference=_CLOCK)
    assert reading.dateline == dateline
    assert reading.body[0].startswith("Talks between the ferry operator")
    assert reading.title == "Ferry talks resume in Portvale as crews wait at the quay"


_LONG_ZH = (
    "受今年第二十五号台风影响，海港市沿海地区从周五起将出现强降雨和大风天气，气象部门已经发布橙色预警信号。",
    "市政府表示，全市中小学周六停课，部分地铁线路将根据风力情况调整运营时间，请市民留意通知。",
)
_LONG_JA = (
    "気象台によりますと、港町の市街地で5日朝、この冬初めての雪が観測されました。平年より一か月ほど早い観測です。",
    "雪は昼前には雨に変わる見込みですが、交通機関への影響に注意が必要だということです。",
)


@pytest.mark.parametrize(
    ("copy", "title", "body"),
    [
        ("台风逼近海港\n2026年12月5日 10:45\n" + "\n".join(_LONG_ZH), "台风逼近海港", _LONG_ZH),
        ("港町で初雪\n2026年12月5日 10時45分\n" + "\n".join(_LONG_JA), "港町で初雪", _LONG_JA),
        (
            "ニュース\n社会\nログイン\n港町で初雪\n2026年12月5日 10時45分\n" + "\n".join(_LONG_JA),
            "港町で初雪",
            _LONG_JA,
        ),
        (
            "台风逼近海港\n新华社\n2026-12-05 10:45\n" + "\n".join(_LONG_ZH),
            "台风逼近海港",
            _LONG_ZH,
        ),  # a source between
        (
            "海港首场降雪\n2026-12-05 08:12\n海港市气象台消息，今冬首场降雪于周五凌晨开始。\n"
            "部分高速公路采取临时交通管制措施。\n" + "\n".join(_LONG_ZH),
            "海港首场降雪",
            ("海港市气象台消息，今冬首场降雪于周五凌晨开始。", "部分高速公路采取临时交通管制措施。", *_LONG_ZH),
        ),
        (
            "海港市迎来今冬首场降雪 城区积雪约两厘米\n2026-12-05 08:12\n"
            "海港市气象台消息，今冬首场降雪于周五凌晨开始。\n部分高速公路采取临时交通管制措施。\n"
            + "\n".join(_LONG_ZH),
            "海港市迎来今冬首场降雪 城区积雪约两厘米",  # a headline the model took: the two sentences were lost
            ("海港市气象台消息，今冬首场降雪于周五凌晨开始。", "部分高速公路采取临时交通管制措施。", *_LONG_ZH),
        ),
    ],
)
def test_a_short_cjk_headline_over_its_date_is_the_headline_and_not_body(
    copy: str, title: str, body: tuple[str, ...]
) -> None:
    """A headline of five or six CJK characters scored under the first sentence below it, which was best but not over
    a date line: no line was taken, so the headline opened the body (and, in a wide copy, the menu's first item was
    the title). Short sentences right under the date line are the body's first (they were lost once the headline
    was found: under is_prose's 40 characters, the body started at the first long paragraph)."""
    reading = read_pasted(copy, reference=_CLOCK)
    assert (reading.title, reading.body) == (title, body)


_SHORT_JA = (
    "気象台によりますと、港町の市街地で5日朝、この冬初めての雪が観測されました。平年より一か月ほど早い観測です。",
    "雪は昼前には雨に変わる見込みですが、交通機関への影響に注意が必要だということです。",
)


@pytest.mark.parametrize(
    ("copy", "title", "body"),
    [
        ("台风逼近海港\n来源\uff1a新华社\n" + "\n".join(_LONG_ZH), "台风逼近海港", _LONG_ZH),
        ("台風逼近海港\n來源\uff1a中央社\n" + "\n".join(_LONG_ZH), "台風逼近海港", _LONG_ZH),
        ("港町で初雪\n出典\uff1a共同通信\n" + "\n".join(_SHORT_JA), "港町で初雪", _SHORT_JA),
    ],
)
def test_a_short_cjk_headline_over_a_source_line_is_the_headline_and_not_body(
    copy: str, title: str, body: tuple[str, ...]
) -> None:
    """A source line ("来源\uff1a新华社") under the headline with no date line: the headline opened the body, the source
    line under it (Chinese), or the first sentence was the title and the headline was lost (Japanese)."""
    reading = read_pasted(copy, reference=_CLOCK)
    assert (reading.title, reading.body) == (title, body)


@pytest.mark.parametrize("headline", ["Harbour team wins the cup again!", "Harbour team wins the cup again."])
def test_a_section_s_name_over_the_date_is_not_taken_over_a_headline_under_it(headline: str) -> None:
    """A title over a date line is preferred to a sentence below it (above): a section's name is no such title."""
    paragraph = "The harbour rowing team won the county cup on Saturday for the third year running, by two lengths."
    more = "The club has now won the cup in three of the last four seasons, its coach told the crowd at the quay."
    copy = "\n".join(("Home", "Sport", "March 3, 2024", headline, paragraph, more))
    assert read_pasted(copy, reference=_CLOCK).title == headline


@pytest.mark.parametrize(
    ("head", "standfirst", "date_line", "body"),
    [
        (
            "Keldan's light stays on",
            "The harbour board voted to keep the old lighthouse lit for another winter after fishing crews campaigned"
            " for it",
            "March 3, 2026",
            (
                "The harbour board voted on Tuesday to keep the old lighthouse lit for another winter season, after"
                " fishing crews campaigned for months.",
                "Fishing crews had asked for the light to stay after two trawlers ran aground near the point last year,"
                " and the board's engineer said repairs would cost less than a new beacon.",
                "Volunteers from the village have painted the tower every spring since the keeper retired in 1987.",
            ),
        ),
        (
            "Keldans Licht bleibt an",
            "Der Hafenrat hat beschlossen, den alten Leuchtturm einen weiteren Winter lang zu betreiben, nachdem"
            " Fischer dafür geworben hatten",
            "03.03.2026, 10:45 Uhr",
            (
                "Der Hafenrat hat am Dienstag beschlossen, den alten Leuchtturm einen weiteren Winter zu betreiben,"
                " nachdem Fischer monatelang dafür geworben hatten.",
                "Die Fischer hatten darum gebeten, nachdem im vergangenen Jahr zwei Kutter vor der Landspitze auf Grund"
                " gelaufen waren.",
                "Freiwillige aus dem Dorf streichen den Turm seit dem Ruhestand des Wärters jedes Frühjahr.",
            ),
        ),
        (
            "La luz de Keldan sigue encendida",
            "La junta del puerto decidió mantener encendido el viejo faro otro invierno después de la campaña de los"
            " pescadores",
            "Madrid - 03 mar 2026 - 10:45 CET",
            (
                "La junta del puerto decidió el martes mantener encendido el viejo faro otro invierno, después de meses"
                " de campaña de los pescadores.",
                "Los pescadores lo habían pedido después de que dos arrastreros encallaran cerca de la punta el año"
                " pasado.",
                "Voluntarios del pueblo pintan la torre cada primavera desde que se jubiló el farero.",
            ),
        ),
    ],
)
def test_a_standfirst_without_a_stop_under_the_copy_s_first_line_is_not_the_headline(
    head: str, standfirst: str, date_line: str, body: tuple[str, ...]
) -> None:
    """A short headline at the copy's top over a standfirst without a full stop, over the date: the standfirst shares
    more of the lead's words, and the pair decision and the line-over-the-date rule took it for the headline (the
    model rated the headline first). Where the model rates the standfirst first, it stays the headline (open)."""
    reading = read_pasted("\n".join((head, standfirst, date_line, *body)), reference=datetime(2026, 12, 7, tzinfo=UTC))
    assert (reading.title, reading.body) == (head, body)


@pytest.mark.parametrize(
    ("byline", "author"),
    [
        ("Ana Lima, Reporter", "Ana Lima"),
        ("Ana Lima, Senior Reporter", "Ana Lima"),
        ("Ana Lima, transport correspondent", "Ana Lima"),
        ("Ana Lima, redactora", "Ana Lima"),
        # A place before the comma is no writer.
        ("Lisbon, a correspondent", None),
        ("New York, correspondent", None),
        ("Buenos Aires, editor", None),
    ],
)
def test_a_name_and_its_role_after_a_comma_give_the_author(byline: str, author: str | None) -> None:
    text = "\n".join(
        [
            "The headline of the story in a few words",
            byline,
            "December 4, 2026",
            "The council approved the new tram line on Thursday after a long debate about its cost and route.",
            "Work is due to start in the spring, and the first trams should run two years from now, it said.",
        ]
    )
    assert read_pasted(text, reference=_CLOCK).author == author
