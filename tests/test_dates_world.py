"""Dates in other languages, the page's own day, and years taken from the page's evidence."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.digest.views import human_date
from bot.ingest.formats import parse_retrieved
from bot.ingest.formats.text import parse_pasted_text
from bot.models import Article, Retrieved
from bot.store.articles import published_from_db, published_to_db
from bot.text.dates import parse_date, search_dates
from bot.text.pagedates import page_date

REF = datetime(2025, 10, 17, 15, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Опубликовано: 18 ноября 2019, 14:30", date(2019, 11, 18)),
        ("Publicado em 4 de maio de 2015", date(2015, 5, 4)),
        ("Publicado el 4 de mayo de 2015", date(2015, 5, 4)),
        ("Veröffentlicht am 18. März 2019", date(2019, 3, 18)),
        ("Publié le 1er mai 2015 à 10h", date(2015, 5, 1)),
        ("Pubblicato il 4 maggio 2015", date(2015, 5, 4)),
        ("18 listopada 2019", date(2019, 11, 18)),
        ("2019年3月4日 10:30", date(2019, 3, 4)),
        ("\uff12\uff10\uff11\uff19\u5e74\uff13\u6708\uff14\u65e5", date(2019, 3, 4)),  # full-width digits
        ("2019년 3월 4일", date(2019, 3, 4)),
        ("Le Monde | 04.05.2015 à 13h36", date(2015, 5, 4)),  # dots: the day comes first
        (
            "\u0627\u0644\u0627\u062b\u0646\u064a\u0646 30 \u0646\u0648\u0641\u0645\u0628\u0631 2026",
            date(2026, 11, 30),
        ),  # Arabic
        ("30 \u05d1\u05e0\u05d5\u05d1\u05de\u05d1\u05e8 2026, 09:15", date(2026, 11, 30)),  # Hebrew, "in November"
        ("30 \u0646\u0648\u0627\u0645\u0628\u0631 2026", date(2026, 11, 30)),  # Persian
        ("30 \u0646\u0648\u0645\u0628\u0631 2026", date(2026, 11, 30)),  # Urdu
        ("30 \u0928\u0935\u0902\u092c\u0930 2026", date(2026, 11, 30)),  # Hindi: vowel signs are marks, not letters
        (
            "\u09e9\u09e6 \u09a8\u09ad\u09c7\u09ae\u09cd\u09ac\u09b0 \u09e8\u09e6\u09e8\u09ec",
            date(2026, 11, 30),
        ),  # Bengali, its digits
        (
            "\u0663\u0660 \u0646\u0648\u0641\u0645\u0628\u0631 \u0662\u0660\u0662\u0666",
            date(2026, 11, 30),
        ),  # Arabic-Indic digits
        (
            "\u06f3\u06f0 \u0646\u0648\u0627\u0645\u0628\u0631 \u06f2\u06f0\u06f2\u06f6",
            date(2026, 11, 30),
        ),  # Persian digits
        # The Levant's Arabic months, two words of them too, and two-letter months (world20)
        ("الاثنين 30 تشرين الثاني 2026", date(2026, 11, 30)),
        ("الخميس 1 كانون الثاني 2026، 10:00", date(2026, 1, 1)),
        ("الأحد 6 كانون الاول 2026", date(2026, 12, 6)),
        ("3 شباط 2026", date(2026, 2, 3)),
        ("15 أيار 2026", date(2026, 5, 15)),
        ("3 آب 2026", date(2026, 8, 3)),
        ("5 मई 2026", date(2026, 5, 5)),  # Hindi May: two letters
        # the Levant's and Egypt's names of one month side by side, as Arabic papers print them
        ("30 تشرين الثاني/نوفمبر 2026", date(2026, 11, 30)),
        ("الأحد 6 كانون الأول / ديسمبر 2026", date(2026, 12, 6)),
        ("5 كانون الأول/ديسمبر 2026، 10:30", date(2026, 12, 5)),
    ],
)
def test_month_words_and_formats_of_other_languages(text, expected):
    (match,) = search_dates(text, reference=REF)
    assert match.day == expected


def test_words_that_are_no_month_are_not_read_as_one():
    assert search_dates("Chapter 5 2019", reference=REF) == []
    assert search_dates("sie 5 2019", reference=REF) == []  # German "she", not Polish August
    assert search_dates("مصرف آب 5 درصد", reference=REF) == []  # Persian "water", not the Levant's August
    assert search_dates("تشرين 5 2019", reference=REF) == []  # half a month's name
    assert search_dates("5 Nov/Dec 2026", reference=REF) == []  # two months: an issue's, no day
    assert search_dates("5 تشرين الثاني/ديسمبر 2026", reference=REF) == []  # November and December


def test_evening_in_a_us_zone_keeps_its_printed_day_and_offset():
    (match,) = search_dates("Oct 16, 2025, 9:24 pm ET", reference=REF)
    assert match.value == datetime(2025, 10, 17, 1, 24, tzinfo=UTC)  # the instant, for sorting
    assert match.shown == match.value
    assert match.shown.isoformat() == "2025-10-16T21:24:00-04:00"  # the offset as printed
    assert match.day == date(2025, 10, 16)


def test_the_page_day_survives_the_store_and_reaches_the_reader():
    article = parse_pasted_text(
        "Ferry timetable changes\n\nOct 16, 2025, 9:24 pm ET\n\n"
        "The harbour ferry will run every ten minutes from Monday, the city said on Thursday evening. "
        "Officials said the change follows a year of complaints about crowded boats at rush hour.\n",
        reference=REF,
    )
    assert article.published.isoformat() == "2025-10-16T21:24:00-04:00"
    stored, sort = published_to_db(article.published)
    assert sort == "2025-10-17T01:24:00.000000Z"
    back = published_from_db(stored)
    assert back == article.published
    assert back.utcoffset() == timedelta(hours=-4)
    assert human_date(back) == "16 Oct 2025"
    # Rows written before (UTC text) still read back, and a UTC value is still written the old way.
    assert published_from_db("2025-10-17T01:24:00.000000Z") == datetime(2025, 10, 17, 1, 24, tzinfo=UTC)
    assert published_to_db(datetime(2025, 1, 2, 3, 4, tzinfo=UTC))[0] == "2025-01-02T03:04:00.000000Z"


def test_yearless_date_takes_the_year_of_the_page_not_of_the_clock():
    header = ["By A. Writer March 18 at 3:57 PM"]
    caption = ["March 18, 2015 Security forces secure the area after the attack. Photo: Agency"]
    found = page_date(header, [], reference=REF, is_date_line=lambda line: True, context=header + caption)
    assert found is not None
    assert found.day == date(2015, 3, 18)
    alone = page_date(header, [], reference=REF, is_date_line=lambda line: True)
    assert alone is not None
    assert alone.day == date(2025, 3, 18)  # no other evidence: the latest such day, not after the clock


def test_yearless_date_is_never_after_the_reference():
    clock = datetime(2025, 1, 5, tzinfo=UTC)
    evidence = ["Updated January 3, 2025"]
    found = page_date(["Dec 30"], [], reference=clock, is_date_line=lambda line: True, context=evidence)
    assert found is not None
    assert found.day == date(2024, 12, 30)
    for text in ("Dec 30", "Jan 6", "Feb 29"):
        for match in search_dates(text, reference=clock):
            assert match.day <= clock.date() + timedelta(days=1)


def test_numeric_date_follows_the_page_convention():
    spanish = [
        "Patricio Candia | Palma de Mallorca | 08/01/2014",
        "El juez cita a declarar a la hija del Rey en una resolución dictada por el titular del juzgado, "
        "en la que el fiscal y el juez discrepan sobre la imputación; la defensa recurrirá la decisión "
        "ante la Audiencia de Palma, según fuentes del caso consultadas por este periódico el martes.",
    ]
    found = page_date(spanish[:1], [], reference=REF, is_date_line=lambda line: False, context=spanish)
    assert found is not None
    assert found.day == date(2014, 1, 8)
    american = ["Posted 08/01/2014", "Another story ran on 12/24/2013, the day before Christmas."]
    found = page_date(american[:1], [], reference=REF, is_date_line=lambda line: True, context=american)
    assert found is not None
    assert found.day == date(2014, 8, 1)
    assert search_dates("08/01/2014", reference=REF) == []  # one line alone cannot know


@pytest.mark.parametrize(
    ("line", "day"),
    [
        ("Published 12/05/2026 08:00 AM EST", date(2026, 12, 5)),
        ("Updated 03/04/2026 9:15 p.m. PT", date(2026, 3, 4)),
        ("Published 12/05/2026 08:00 GMT", date(2026, 5, 12)),
        ("03/04/2026 14:30 (AEDT)", date(2026, 4, 3)),
    ],
)
def test_an_english_copy_s_zone_says_which_way_it_writes_its_numeric_dates(line: str, day: date) -> None:
    # An English copy with no other date to tell: an American zone writes the month first, the rest the day.
    body = (
        "The harbour board voted on Tuesday to keep the old lighthouse lit for another winter season.\n\n"
        "Two trawlers ran aground near the point last year, and the crews say the beacon is the only mark."
    )
    text = f"Harbour board keeps the old lighthouse lit\n\n{line}\n\n{body}"
    clock = datetime(2026, 12, 7, tzinfo=UTC)
    assert parse_pasted_text(text, reference=clock, name="page.txt").published.date() == day


def test_an_english_copy_without_a_zone_leaves_its_numeric_date_unread() -> None:
    body = "The harbour board voted on Tuesday to keep the old lighthouse lit for another winter season."
    text = f"Harbour board keeps the old lighthouse lit\n\nPublished 12/05/2026 08:00\n\n{body}"
    clock = datetime(2026, 12, 7, tzinfo=UTC)
    assert parse_pasted_text(text, reference=clock, name="page.txt").published is None


@pytest.mark.parametrize(
    ("line", "day"),
    [
        ("Publié le 5 décembre 2026 à 10h15 - Mis à jour le 5 décembre 2026 à 12h40", date(2026, 12, 5)),
        ("Publié le 4 décembre 2026 à 9 h 05 - Mis à jour le 5 décembre 2026 à 12 h 40", date(2026, 12, 4)),
    ],
)
def test_a_french_copy_s_stamp_with_times_in_hours_h_minutes_is_its_date_line(line: str, day: date) -> None:
    # "à 10h15" was no time: its words counted as words beside the dates, eleven of them, and the line was text
    # (no date, and the stamp became the first key point).
    body = (
        "Le Sénégal a mis en service vendredi sa première centrale solaire flottante, installée sur un lac.\n\n"
        "Les panneaux fourniront assez d'électricité pour environ 40 000 foyers, selon la société d'électricité.\n\n"
        "Des pêcheurs de la région ont exprimé leurs craintes pour les poissons du lac, ce que l'exploitant conteste."
    )
    text = f"Le Sénégal inaugure sa première centrale solaire flottante\n\nPar Awa Diop\n\n{line}\n\n{body}"
    clock = datetime(2026, 12, 7, tzinfo=UTC)
    article = parse_pasted_text(text, reference=clock, name="page.txt")
    assert article.published == day
    assert not any("Publié" in point for point in article.key_points)


def test_a_french_time_in_hours_h_minutes_with_its_zone_is_read() -> None:
    (found,) = search_dates("Le 5 décembre 2026 à 10h15 GMT", reference=datetime(2026, 12, 7, tzinfo=UTC))
    assert found.value == datetime(2026, 12, 5, 10, 15, tzinfo=UTC)


@pytest.mark.parametrize(
    ("zone", "day"),
    [("08:00 AM EST", date(2026, 12, 5)), ("8:00 p.m. PT", date(2026, 12, 5)), ("08:00 GMT", date(2026, 5, 12))],
)
def test_a_saved_page_s_byline_reads_its_numeric_date_in_its_zone_s_order(zone: str, day: date) -> None:
    # htmldate, asked when the byline said nothing, read "12/05/2026" the other way round.
    assert _saved_page(f'<p class="byline">By Jane Doe | Published 12/05/2026 {zone}</p>').published == day


def test_a_saved_page_that_prints_no_day_gets_none_not_its_copyright_year_s_first_of_january() -> None:
    page = _saved_page("<p class='byline'>By Jane Doe</p>", footer="<footer>\u00a9 2026 Coast Courier</footer>")
    assert page.published is None


def _saved_page(byline: str, footer: str = "") -> Article:
    """A saved page written for these tests, read on 7 December 2026."""
    page = (
        "<html><head><title>Harbour board keeps the old lighthouse lit</title></head><body><article>"
        f"<h1>Harbour board keeps the old lighthouse lit</h1>{byline}"
        "<p>The harbour board voted on Tuesday to keep the old lighthouse lit for another winter season, after "
        "fishing crews asked for the light to stay.</p><p>Two trawlers ran aground near the point last year, and "
        f"the crews say the beacon is the only mark they can see in a storm.</p></article>{footer}</body></html>"
    )
    clock = datetime(2026, 12, 7, tzinfo=UTC)
    (article,) = parse_retrieved(
        Retrieved(data=page.encode(), name="page.html", location="page.html", modified=clock), now=clock
    )
    return article


def test_printed_offsets_of_named_and_numeric_zones():
    (match,) = search_dates("2025-10-17T23:30:00+09:00", reference=REF)
    assert match.shown.utcoffset() == timedelta(hours=9)
    assert match.day == date(2025, 10, 17)
    (match,) = search_dates("Oct 17, 2025 11:30 PM JST", reference=REF)
    assert match.shown == datetime(2025, 10, 17, 23, 30, tzinfo=timezone(timedelta(hours=9)))


def _tree(head: str, body: str):
    import trafilatura

    return trafilatura.load_html(f"<html><head><title>Ferry</title>{head}</head><body>{body}</body></html>")


_P = "<p>The harbour ferry will run every ten minutes from Monday, the city said in a statement.</p>"


def test_saved_page_keeps_its_printed_offset():
    from bot.ingest.formats.pagemeta import page_metadata

    tree = _tree('<meta property="article:published_time" content="2025-10-16T21:24:00-04:00">', "<h1>Ferry</h1>" + _P)
    published = page_metadata(tree).published
    assert published.isoformat() == "2025-10-16T21:24:00-04:00"
    assert human_date(published) == "16 Oct 2025"


def test_htmldate_answers_when_the_page_own_evidence_is_silent():
    from bot.ingest.formats.pagemeta import page_metadata, read_page

    tree = _tree('<meta name="citation_publication_date" content="2019/03/17">', f"<div>{_P}</div>")
    _, evidence = read_page(tree)
    assert evidence.get("meta") is None
    assert evidence.get("byline") is None
    assert page_metadata(tree).published == date(2019, 3, 17)


def test_the_page_own_byline_outranks_htmldate():
    from bot.ingest.formats.pagemeta import page_metadata

    tree = _tree("", f"<h1>Ferry</h1><div class='post-meta'>Veröffentlicht am 3. November 2025</div>{_P}")
    assert page_metadata(tree).published == date(2025, 11, 3)


def test_a_saved_page_is_never_dated_after_its_reference():
    from bot.ingest.formats.pagemeta import page_metadata

    tree = _tree('<meta property="article:published_time" content="2031-01-01T10:00:00Z">', "<h1>Ferry</h1>" + _P)
    published = page_metadata(tree, reference=REF).published
    assert published is None or published <= REF.date() + timedelta(days=1)


_PIECES = st.sampled_from(
    [
        "18",
        "2019",
        "ноября",
        "maio",
        "de",
        "März",
        "1er",
        "年",
        "月",
        "日",
        "\uff12",
        ".",
        "/",
        "-",
        " ",
        ":",
        "9:24 pm",
        "ET",
        "JST",
        "+09:00",
        "Nov",
        "Updated",
        "Опубликовано",
        "ago",
        "31",
        "02",
        "29",
    ]
)
_EARLIEST = datetime(1990, 1, 1)  # noqa: DTZ001 - hypothesis bounds are naive; the zone is given apart
_LATEST = datetime(2100, 1, 1)  # noqa: DTZ001
_TEXTS = st.lists(st.one_of(_PIECES, st.text(max_size=4)), max_size=25).map("".join)


@given(
    text=_TEXTS,
    reference=st.datetimes(min_value=_EARLIEST, max_value=_LATEST, timezones=st.just(UTC)),
    anchor=st.none() | st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 1, 1)),
    day_first=st.none() | st.booleans(),
)
def test_any_text_in_any_language_gives_sound_dates(text, reference, anchor, day_first):
    for match in search_dates(text, reference=reference, anchor=anchor, day_first=day_first):
        assert isinstance(match.day, date)
        assert match.shown == match.value  # the same instant (or day) whatever offset it is shown in
        if isinstance(match.value, datetime):
            assert match.value.utcoffset() == timedelta(0)
            assert match.shown.tzinfo is not None
        if match.kind != "full":
            assert match.day <= reference.date() + timedelta(days=1)  # never after the clock


@given(lines=st.lists(_TEXTS, max_size=6), reference=st.datetimes(timezones=st.just(UTC)))
def test_page_date_never_raises(lines, reference):
    found = page_date(lines[:3], lines[3:], reference=reference, is_date_line=lambda line: True, context=lines)
    assert found is None or isinstance(found.day, date)


def test_cjk_dates_in_date_lines_not_in_sentences():
    (match,) = search_dates("【6月18日 AFP】", reference=REF)
    assert (match.day, match.kind) == (date(2025, 6, 18), "yearless")
    sentence = "2019年3月4日、首相は「問題ない」と述べた。"
    assert search_dates(sentence, reference=REF) == []  # a date the story tells: the line stays body text
    from bot.ingest.formats.meta import find_text_date

    assert find_text_date("配信 " + sentence) == date(2019, 3, 4)  # a page's byline text may run into it


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("vor 3 Stunden", 3),
        ("il y a 2 heures", 2),
        ("hace 5 horas", 5),
        ("há 3 horas", 3),
        ("3 ore fa", 3),
        ("3 часа назад", 3),
        ("3時間前", 3),
        ("3小时前", 3),
    ],
)
def test_relative_times_of_other_languages(text, hours):
    assert parse_date(text, reference=REF) == REF - timedelta(hours=hours)


def test_yesterday_of_other_languages_only_as_a_line_of_its_own():
    assert parse_date("gestern", reference=REF) == date(2025, 10, 16)
    assert parse_date("Heute, 10:32", reference=REF) == date(2025, 10, 17)
    assert parse_date("2 дня назад", reference=REF) == date(2025, 10, 15)
    assert parse_date("Heute im Kino läuft ein Film", reference=REF) is None
    assert parse_date("Il était une fois hier soir", reference=REF) is None


def test_a_time_of_a_related_story_or_an_embedded_post_is_not_the_page_date():
    from bot.ingest.formats.pagemeta import page_metadata

    body = (
        "<h1>Ferry</h1><article><p>The harbour ferry will run every ten minutes from Monday.</p>"
        "<blockquote><time datetime='2016-12-05T17:10:10+00:00'>Dec 5, 2016</time></blockquote>"
        "<aside><a href='/older'><time datetime='2016-11-01'>Nov 1</time> An older story</a></aside>"
        "<footer><time datetime='2016-12-07T09:00:00-08:00'>December 7, 2016</time></footer></article>"
    )
    assert page_metadata(_tree("", body)).published.isoformat() == "2016-12-07T09:00:00-08:00"


@pytest.mark.parametrize(
    "text",
    [
        "Gestern, 18:30 Uhr",
        "gestern um 18:30 Uhr",
        "Hier à 18h30",
        "Ayer a las 18:30",
        "Ontem às 18h30",
        "Вчера в 18:30",
        "Gisteren om 18.30 uur",
    ],
)
def test_yesterday_with_its_time_as_each_language_writes_it(text: str) -> None:
    assert parse_date(text, reference=REF) == date(2025, 10, 16)


def test_a_day_word_with_other_words_is_still_no_date() -> None:
    assert parse_date("gestern Abend im Rathaus", reference=REF) is None
    assert parse_date("Hier à Paris", reference=REF) is None


def test_a_relative_time_is_kept_to_the_minute() -> None:
    # Read at 15:00:42.5: "2 hours ago" is 13:00, not 13:00:42.500000 (a precision the page never gave).
    read_at = REF.replace(second=42, microsecond=500_000)
    assert parse_date("vor 2 Stunden", reference=read_at) == datetime(2025, 10, 17, 13, 0, tzinfo=UTC)
    assert parse_date("2 hours ago", reference=read_at) == datetime(2025, 10, 17, 13, 0, tzinfo=UTC)
    assert parse_date("30 seconds ago", reference=read_at) == datetime(2025, 10, 17, 15, 0, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("line", "days_back"),
    [
        ("Publié aujourd'hui à 09h12, modifié à 10h05", 0),  # Le Monde's header line
        ("Publié hier à 18h30", 1),
        ("Publicado hoy a las 09:12", 0),
        ("Aktualisiert heute, 10:05 Uhr", 0),
        ("Veröffentlicht gestern", 1),
        ("Pubblicato ieri alle 18:30", 1),
    ],
)
def test_a_labelled_today_or_yesterday_dates_the_line(line: str, days_back: int) -> None:
    # The word alone on its line was read ("aujourd'hui à 09h12"); with the page's "published" label before it,
    # and Le Monde's time of change after it, the line dated nothing.
    found = search_dates(line, reference=REF)
    assert [m.value for m in found] == [REF.date() - timedelta(days=days_back)]


def test_today_in_a_heading_is_still_no_date() -> None:
    assert search_dates("Heute im Kino: ein neuer Film über die Fähre", reference=REF) == []
    assert search_dates("Publié dans Le Monde aujourd'hui : la carte des trams", reference=REF) == []
