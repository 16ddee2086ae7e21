"""Polish, Czech, Romanian, Ukrainian, Turkish, Filipino, Swahili, Malay and Korean news as readers save it (langs29).

Own fixtures written for the probe (bench/README.md, "langs29"): titles and street words before a name or a number
that end no sentence, month names, and the shapes of each language's copies and pages.
"""

from __future__ import annotations

import pytest

from bot.text.sentences import split_sentences


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
