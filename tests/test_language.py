"""The language of an article: declared by its source (page, feed, e-mail) or guessed from its words."""

import json
from datetime import UTC, datetime

import pytest

from bot.ingest.feeds import parse_feed
from bot.ingest.formats.eml import parse_email
from bot.ingest.formats.html import parse_html
from bot.text.language import article_language, declared_language, detect_language, normalise_language

NOW = datetime(2025, 10, 17, 9, 0, tzinfo=UTC)

# Our own sentences, a few lines each: what a short news item in each language reads like.
SAMPLES = {
    "en": "The council said on Monday that the new bridge will be open to traffic by the end of the year, and that"
    " the cost has not changed since the plan was approved.",
    "de": "Der Stadtrat hat am Montag beschlossen, dass die neue Brücke bis zum Ende des Jahres für den Verkehr"
    " geöffnet wird, und die Kosten sind nicht gestiegen.",
    "fr": "Le conseil municipal a annoncé lundi que le nouveau pont sera ouvert à la circulation avant la fin de"
    " l'année, et que le coût des travaux est resté le même.",
    "es": "El ayuntamiento anunció el lunes que el nuevo puente estará abierto al tráfico antes de que termine el"
    " año, y que el coste de las obras no ha cambiado.",
    "pt": "A câmara anunciou na segunda-feira que a nova ponte vai abrir ao trânsito até ao fim do ano, e que o"
    " custo das obras não mudou desde que o plano foi aprovado.",
    "it": "Il consiglio comunale ha detto lunedì che il nuovo ponte sarà aperto al traffico entro la fine"
    " dell'anno, e che il costo dei lavori non è cambiato.",
    "nl": "De gemeenteraad heeft maandag gezegd dat de nieuwe brug voor het einde van het jaar open gaat voor het"
    " verkeer, en dat de kosten niet zijn gestegen.",
    "sv": "Kommunen sade på måndagen att den nya bron ska öppna för trafik innan året är slut, och att kostnaden"
    " inte har ändrats sedan planen godkändes.",
    "pl": "Rada miasta powiedziała w poniedziałek, że nowy most zostanie otwarty dla ruchu do końca roku, a koszt"
    " prac nie jest wyższy niż w planie.",
    "tr": "Belediye meclisi pazartesi günü yeni köprünün yıl sonuna kadar trafiğe açılacağını ve maliyetin planla"
    " aynı olduğunu açıkladı, ancak bu bir tahmin.",
    "ru": "Городской совет заявил в понедельник, что новый мост будет открыт для движения до конца года, и что"
    " стоимость работ не изменилась.",
    "uk": "Міська рада заявила в понеділок, що новий міст буде відкрито для руху до кінця року, і що вартість"
    " робіт не змінилася.",
    "el": "Το δημοτικό συμβούλιο ανακοίνωσε τη Δευτέρα ότι η νέα γέφυρα θα ανοίξει για την κυκλοφορία.",
    "ja": "市議会は月曜日、新しい橋が年末までに開通すると発表した。工事の費用は変わっていないという。",
    "zh": "市议会星期一宣布，新桥将在年底前通车，工程费用没有变化。",
    "ko": "시의회는 월요일 새 다리가 연말까지 개통될 것이라고 발표했다.",
    "ar": "أعلن مجلس المدينة يوم الاثنين أن الجسر الجديد سيفتح أمام حركة المرور قبل نهاية العام.",
}


@pytest.mark.parametrize("language", sorted(SAMPLES))
def test_detects_the_language_of_a_short_news_item(language):
    assert detect_language("", SAMPLES[language]) == language


@pytest.mark.parametrize(
    "text",
    ["", "12345 67890", "Qwertz zxcv", "🙂🙂🙂", "OK", "Zażółć gęślą jaźń", "a" * 10_000, "\x00\ufffd" * 50],
)
def test_unsure_or_odd_text_is_unknown(text):
    assert detect_language(text) is None


def test_reads_only_the_start_of_a_long_text():
    text = (SAMPLES["de"] + " ") * 9 + SAMPLES["en"] * 500
    assert detect_language(text) == "de"


@pytest.mark.parametrize(
    ("tag", "code"),
    [
        ("en", "en"),
        ("en-GB", "en"),
        ("pt_BR", "pt"),
        (" DE ", "de"),
        ("nb-NO", "no"),
        ("iw", "he"),
        ("fr, en", "fr"),
        ("x-default", None),
        ("und", None),
        ("fil", None),
        ("english", None),
        ("", None),
        (None, None),
        ("e" * 1000, None),
    ],
)
def test_declared_tags_become_iso_codes(tag, code):
    assert normalise_language(tag) == code


def test_the_first_declaration_that_names_a_language_wins():
    assert declared_language(None, "", "x-default", "de-AT", "fr") == "de"


def test_the_words_win_over_a_declaration_they_contradict():
    # A site template's lang="en" over a German article; a declaration is kept when the text is unsure.
    assert article_language("en", "Neue Brücke", SAMPLES["de"]) == "de"
    assert article_language("fr-CA", "Le pont", SAMPLES["fr"]) == "fr"
    assert article_language("et", "Sild", "Sild avatakse 2026.") == "et"
    assert article_language(None, "Qwertz", "zxcv") is None


def test_a_page_declares_its_language():
    page = (
        '<html lang="de-DE"><head><meta property="og:locale" content="fr_FR"><title>Brücke</title></head>'
        f"<body><article><h1>Neue Brücke</h1><p>{SAMPLES['de']}</p></article></body></html>"
    )
    assert parse_html(page.encode(), name="p.html").language == "de"
    ld = json.dumps({"@type": "NewsArticle", "headline": "Pont", "inLanguage": "fr-FR"})
    page = (
        f'<html><head><script type="application/ld+json">{ld}</script></head>'
        f"<body><article><h1>Pont</h1><p>{SAMPLES['fr']}</p></article></body></html>"
    )
    assert parse_html(page.encode(), name="p.html").language == "fr"
    page = f"<html><body><article><h1>Bridge</h1><p>{SAMPLES['en']}</p></article></body></html>"
    assert parse_html(page.encode(), name="p.html").language is None


def test_a_feed_declares_its_language():
    rss = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Stadt</title><link>https://s.example/</link>'
        "<language>de-at</language><item><title>Neue Brücke</title><link>https://s.example/1</link>"
        f"<description>{SAMPLES['de']}</description></item></channel></rss>"
    )
    [entry] = parse_feed(rss.encode(), now=NOW).entries
    assert entry.article.language == "de"
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Ville",
        "language": "fr-FR",
        "items": [{"id": "1", "url": "https://v.example/1", "title": "Pont", "content_text": SAMPLES["fr"]}],
    }
    [entry] = parse_feed(json.dumps(feed).encode(), now=NOW, content_type="application/feed+json").entries
    assert entry.article.language == "fr"
    rss = rss.replace("<language>de-at</language>", "<language>  </language>")
    assert parse_feed(rss.encode(), now=NOW).entries[0].article.language is None


def test_an_email_declares_its_language():
    mail = (
        "From: Stadt <news@s.example>\r\nTo: a@b.example\r\nSubject: Neue Brücke\r\nContent-Language: de-DE\r\n"
        "Date: Thu, 16 Oct 2025 08:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
        f"\r\n{SAMPLES['de']}\r\n"
    )
    [article] = parse_email(mail.encode(), name="m.eml")
    assert article.language == "de"
    [article] = parse_email(mail.replace("Content-Language: de-DE\r\n", "").encode(), name="m.eml")
    assert article.language is None
