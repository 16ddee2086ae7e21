"""Pasted news articles in other languages, as a reader copies them (own fixtures: lang18, issue 12 items 3 and 6).

Each copy holds the furniture its language's sites use: a section label over the headline, a byline, a date or a
relative time, a dateline, a "read also" link in the column, a photo credit and share lines.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

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
