"""Saved pages as today's CMSs write them, in several languages (the pages28 probe's own fixtures)."""

import json
from datetime import UTC, date, datetime

import pytest

from bot.ingest.formats import parse_retrieved
from bot.models import Article, Retrieved

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)

_ES = (
    "El ayuntamiento de Puerto Luna aprobó el jueves por la noche sustituir su viejo transbordador por un barco "
    "eléctrico que entrará en servicio en primavera. El coste, unos 4,2 millones de euros, se repartirá con la región.",
    "La alcaldesa, Lucía Ramos, dijo tras el pleno que la nueva embarcación será más silenciosa y menos "
    "contaminante. El astillero local entregará el casco en marzo y las baterías llegarán desde Valencia.",
    "La oposición, que pedía un concurso público, considera el calendario demasiado ajustado y exige informes "
    "mensuales al pleno.",
)


def _parse(html: str) -> Article:
    (article,) = parse_retrieved(Retrieved(data=html.encode(), name="page.html", location="page.html"), now=NOW)
    return article


def _paragraphs(lines: tuple[str, ...]) -> str:
    return "".join(f"<p>{line}</p>" for line in lines)


@pytest.mark.parametrize(
    ("byline", "stamp", "writer", "day"),
    [
        (
            "Por Laura Gómez",
            "Publicado el 3 dic 2026 - 18:40 CET | Actualizado el 4 dic 2026 - 09:10 CET",
            "Laura Gómez",
            date(2026, 12, 3),
        ),
        (
            "By Ann Example",
            "Published December 3, 2026 at 6:40 p.m. ET | Updated December 4, 2026 at 9:10 a.m. ET",
            "Ann Example",
            date(2026, 12, 3),
        ),
    ],
)
def test_a_byline_and_a_long_date_line_over_the_story_are_the_header_not_the_body(
    byline: str, stamp: str, writer: str, day: date
) -> None:
    # Classes no byline reader knows ("autor", "fecha"), no metadata: the extractor keeps both lines as paragraphs.
    page = (
        "<html><head><title>Puerto Luna aprueba el barco eléctrico</title></head><body><main><article>"
        f"<h1>Puerto Luna aprueba el barco eléctrico</h1><p class='autor'>{byline}</p><p class='fecha'>{stamp}</p>"
        f"<div class='cuerpo'>{_paragraphs(_ES)}</div></article></main></body></html>"
    )
    article = _parse(page)
    assert article.body == _ES
    assert article.author == writer
    assert article.published is not None
    assert article.published.isoformat()[:10] == day.isoformat()


def test_a_byline_naming_another_writer_than_the_page_s_metadata_stays_in_the_body() -> None:
    # The blog's metadata names the blog; the line over the story names the person, which the author field lacks.
    page = (
        "<html><head><title>Puerto Luna aprueba el barco eléctrico</title><meta name='author' content='Port Blog'>"
        "</head><body><main><article><h1>Puerto Luna aprueba el barco eléctrico</h1>"
        f"<p>Posted by Ann Example, Engineer on the Port Team</p><div>{_paragraphs(_ES)}</div>"
        "</article></main></body></html>"
    )
    article = _parse(page)
    assert article.author == "Port Blog"
    assert article.body == ("Posted by Ann Example, Engineer on the Port Team", *_ES)


_PL = (
    "Rada gminy zdecydowała w czwartek wieczorem, że stary prom zostanie zastąpiony statkiem elektrycznym, który "
    "ma wejść do służby wiosną. Koszt gmina podzieli z województwem.",
    "Wójt Maria Nowak powiedziała po sesji, że nowa jednostka będzie cichsza i czystsza. Miejscowa stocznia "
    "dostarczy kadłub w marcu.",
)


def _blogger(label: str, writer: str) -> str:
    # A Blogger theme without og: tags: the blog's name in the h1, the post's title an h3, the <title> "Blog: Post",
    # the writer in the post's footer after the theme's "Posted by" in the blog's language.
    return (
        "<html><head><title>Blog Portowy: Prom elektryczny dla gminy</title><meta name='generator' content='blogger'>"
        "</head><body><div class='header-outer'><h1 class='title'>Blog Portowy</h1></div><div class='blog-posts'>"
        "<h2 class='date-header'><span>piątek, 4 grudnia 2026</span></h2><div class='post hentry'>"
        "<h3 class='post-title entry-title'>Prom elektryczny dla gminy</h3>"
        f"<div class='post-body entry-content'>{'<br /><br />'.join(_PL)}</div>"
        f"<div class='post-footer'><span class='post-author vcard'>{label} <span class='fn'><a>{writer}</a></span>"
        "</span> <span class='post-timestamp'>o <a class='timestamp-link'>10:15</a></span></div>"
        "</div></div></body></html>"
    )


@pytest.mark.parametrize("label", ["Opublikowane przez", "Posted by", "Eingestellt von", "Publicado por"])
def test_a_blogger_post_gives_its_own_title_and_its_writer(label: str) -> None:
    article = _parse(_blogger(label, "Jan Kowalski"))
    assert article.title == "Prom elektryczny dla gminy"
    assert article.author == "Jan Kowalski"
    assert article.published == date(2026, 12, 4)
    assert article.body == _PL


def test_an_h1_is_the_headline_where_no_lower_heading_holds_the_rest_of_the_title() -> None:
    # "Blog Portowy: ..." over an h1 "Blog Portowy" and no heading with the rest: the h1 stays the answer.
    page = (
        _blogger("Posted by", "Jan Kowalski")
        .replace("<h3 class='post-title entry-title'>", "<p>")
        .replace("</h3>", "</p>")
    )
    assert _parse(page).title == "Blog Portowy"


def test_a_json_ld_author_given_by_reference_is_named_by_the_node_it_refers_to() -> None:
    # Yoast's graph: the Article's author is {"@id": ...}, the Person's name in another node of the graph.
    person = "https://example.fr/#/schema/person/9f8e"
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "Organization", "@id": "https://example.fr/#organization", "name": "Le Courrier du Port"},
            {
                "@type": "Article",
                "author": {"@id": person},
                "headline": "Port-Lune : le bac électrique adopté",
                "datePublished": "2026-12-04T20:30:00+00:00",
                "publisher": {"@id": "https://example.fr/#organization"},
            },
            {"@type": ["Person"], "@id": person, "name": "Claire Martin"},
        ],
    }
    page = (
        "<html><head><title>Port-Lune : le bac électrique adopté</title>"
        f"<script type='application/ld+json'>{json.dumps(graph, ensure_ascii=False)}</script></head>"
        f"<body><article><h1>Port-Lune : le bac électrique adopté</h1>{_paragraphs(_ES)}</article></body></html>"
    )
    article = _parse(page)
    assert article.author == "Claire Martin"
    assert article.body == _ES
    # A reference to no named node names no one.
    unnamed = page.replace(f'"@id": "{person}", "name": "Claire Martin"', '"@id": "elsewhere"')
    assert _parse(unnamed).author is None


@pytest.mark.parametrize(
    ("reading", "stamp", "writer"),
    [
        ("Lesezeit: 4 Min.", "Von Anna Beispiel | 3. Dezember 2026", "Anna Beispiel"),
        ("Tiempo de lectura: 3 minutos", "Actualizado el 5 de diciembre de 2026", None),
        ("3 min de lectura", "Por Laura Gómez | 3 dic 2026", "Laura Gómez"),
        ("Temps de lecture : 5 min", "Publié le 3 décembre 2026", None),
    ],
)
def test_a_reading_time_and_a_date_line_opening_a_post_s_content_are_its_header(
    reading: str, stamp: str, writer: str | None
) -> None:
    # A theme that prints them inside the post's content box, where the extractor keeps them.
    page = (
        "<html><head><title>Puerto Luna cambia de barco</title>"
        "<meta property='article:published_time' content='2026-12-03T17:40:00+00:00'></head><body><main>"
        "<article class='post'><h1 class='entry-title'>Puerto Luna cambia de barco</h1><div class='entry-content'>"
        f"<p>{reading}</p><p>{stamp}</p>{_paragraphs(_ES)}</div></article></main></body></html>"
    )
    article = _parse(page)
    assert article.body == _ES
    assert article.author == writer
    assert article.published is not None
    assert article.published.isoformat()[:10] == "2026-12-03"


@pytest.mark.parametrize("label", ["Pubblicità", "Anzeige", "Publicidad", "広告", "Continue reading the main story"])
def test_an_ad_slot_s_label_in_any_language_is_no_paragraph(label: str) -> None:
    page = (
        "<html><head><title>Puerto Luna cambia de barco</title></head><body><main><article>"
        f"<h1>Puerto Luna cambia de barco</h1><div class='td-post-content'>{_paragraphs(_ES[:2])}"
        f"<div class='td-a-rec'><p>{label}</p></div>{_paragraphs(_ES[2:])}<div class='td-a-rec'><p>{label}</p></div>"
        "</div></article></main></body></html>"
    )
    assert _parse(page).body == _ES


def test_a_sign_up_card_in_the_story_s_middle_is_no_paragraph() -> None:
    # Ghost's signup card: a heading and a form between two paragraphs; trafilatura kept its heading.
    card = (
        "<div class='kg-card kg-signup-card kg-width-regular'><h2 class='kg-signup-card-heading'>Recibe cada semana"
        " las noticias del puerto</h2><form><input placeholder='Tu correo'><button>Suscribirse</button></form></div>"
    )
    page = (
        "<html><head><title>Puerto Luna cambia de barco</title><meta name='generator' content='Ghost 5.96'></head>"
        "<body><main><article class='article post'><h1 class='article-title'>Puerto Luna cambia de barco</h1>"
        f"<section class='gh-content gh-canvas'>{_paragraphs(_ES[:2])}{card}{_paragraphs(_ES[2:])}</section>"
        "</article></main></body></html>"
    )
    assert _parse(page).body == _ES
    # A story's own box whose class names a sign-up (a page about one) keeps its text.
    own = page.replace("<section class='gh-content gh-canvas'>", "<section class='signup-story'>")
    own = own.replace(card, "")
    assert _parse(own).body == _ES
