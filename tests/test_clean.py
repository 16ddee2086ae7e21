import pytest

from bot.text.clean import Kind, classify_line, is_cruft, is_prose, split_dateline


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("2 MIN READ", Kind.READING_TIME),
        ("Reading time: 4 minutes", Kind.READING_TIME),
        ("A", Kind.BUTTONS),
        ("A+", Kind.BUTTONS),
        ("A-", Kind.BUTTONS),
        ("Text size", Kind.BUTTONS),
        ("Share", Kind.SHARE),
        ("Facebook", Kind.SHARE),
        ("Copy link", Kind.SHARE),
        ("Share this with WhatsApp", Kind.SHARE),
        ("Click to share on Twitter (Opens in new window)", Kind.SHARE),
        ("Sharing is caring!", Kind.SHARE),
        ("Advertisement", Kind.ADVERT),
        ("Story continues below advertisement", Kind.ADVERT),
        ("By Jane Roe", Kind.BYLINE),
        ("Posted by Admin", Kind.BYLINE),
        ("Friday, October 17, 2025", Kind.DATE),
        ("Jane Roe - Oct 17, 2025, 10:31 pm CST", Kind.DATE),
        ("Photo: Lena Park/Northern Wire", Kind.CAPTION),
        ("(Image: © Someone)", Kind.CAPTION),
        ("Crowds gather at the square on Sunday. Credit: Lena Park/Getty Images", Kind.CAPTION),
        ("Read more", Kind.MORE),
        ("Related: What the strike means for you", Kind.MORE),
        ("Most Popular", Kind.MORE),
        ("Sign up for our morning newsletter", Kind.SUBSCRIBE),
        ("12 comments", Kind.COMMENTS),
        ("Leave a comment", Kind.COMMENTS),
        ("3", Kind.NUMBER),
        ("https://example.org/some/story", Kind.LINK),
        ("© 2025 Example Media. All rights reserved.", Kind.COPYRIGHT),
        ("Follow us on Twitter", Kind.FOLLOW),
        ("Share All sharing options for: A headline that runs on for quite a few more words than usual", Kind.SHARE),
        ("Image caption The minister leaves the building after the vote", Kind.CAPTION),
        ("Image copyright Someone Else", Kind.CAPTION),
        ("Lena Park | Getty Images", Kind.CAPTION),
        ("The square at dusk on Sunday. (AP Photo/Lena Park)", Kind.CAPTION),
        ("Related: Ten comets that lit up the night sky over the last hundred years", Kind.MORE),
        ("Watch live", Kind.MORE),
        ("Politics coverage More", Kind.MORE),
        ("This slideshow requires JavaScript.", Kind.SUBSCRIBE),
        ("Email the reporter at someone@example.org or follow her @someone.", Kind.FOLLOW),
        ("Reach the reporter on Twitter at https://twitter.com/someone", Kind.FOLLOW),
        ("If you buy something through the links on this page, we may earn a small commission.", Kind.ADVERT),
        ("Opinions expressed by our contributors are their own.", Kind.ADVERT),
        ("Word count: 1,204", Kind.READING_TIME),
        ("To continue reading the full article", Kind.SUBSCRIBE),
        ("Kommentare", Kind.COMMENTS),
        ("Read the full story.", Kind.MORE),
        ("Support our journalism.", Kind.MORE),
        ("Join us on Telegram.", Kind.MORE),
        ("Get started with the course here.", Kind.MORE),
        ("Read-watch-listen-share.", Kind.MORE),
        ("\u041e\u0442\u0437\u044b\u0432\u044b", Kind.COMMENTS),
    ],
)
def test_classifies_cruft(line, kind):
    assert classify_line(line) is kind
    assert is_cruft(line)


@pytest.mark.parametrize(
    "line",
    [
        "The council said the vote passed by a wide margin, with two thirds of households taking part.",
        "Harbour town votes to rebuild its old sea wall after winter storms",
        "“We have waited long enough,” said the mayor, who has led the town for nine years.",
        "She shared the photo on Facebook, where it was seen by thousands of people within an hour.",
        "By the end of the day, the trains were running again on most lines in the region.",
        "The minister later said so in an interview with Reuters.",
        "Video games sold more copies this year than in any year before, the trade body said.",
        "Read the full report, the union told members, before the vote on Friday evening.",
        "\u2014 Harbour Ferry (@harbourferry) March 11, 2025",
        "The union said drivers may earn more next year if the operator's offer is accepted by members.",
        # a short closing sentence whose first word is a promotion's verb used as a noun
        "Shop owners welcomed the delay.",
        "Support for the plan has grown.",
        "Sign language interpreters were present.",
    ],
)
def test_keeps_article_text(line):
    assert classify_line(line) is Kind.TEXT


def test_prose_needs_length_or_sentence_end():
    assert is_prose("The operator said it had offered a rise of four percent over two years.")
    assert not is_prose("Five things to know about the rail dispute")
    assert not is_prose("Home")


@pytest.mark.parametrize(
    ("paragraph", "dateline", "rest"),
    [
        (
            "WASHINGTON DC:\u00a0The president said on Friday that talks would go on.",
            "WASHINGTON DC",
            "The president said on Friday that talks would go on.",
        ),
        (
            "KYIV, Ukraine (AP) — Trains stood still for a second day.",
            "KYIV, Ukraine",
            "Trains stood still for a second day.",
        ),
        (
            "LONDON (Reuters) - A bakery chain said it would close shops.",
            "LONDON",
            "A bakery chain said it would close shops.",
        ),
        (
            "NEW YORK, Oct 17 (Reuters) - Stocks rose on Friday morning.",
            "NEW YORK, Oct 17",
            "Stocks rose on Friday morning.",
        ),
        ("VIENNA — The house will become a police station.", "VIENNA", "The house will become a police station."),
        (
            "Springfield, Ill. — A local team won the title again.",
            "Springfield, Ill.",
            "A local team won the title again.",
        ),
        ("(Reuters) — The regulator opened an inquiry on Monday.", None, "The regulator opened an inquiry on Monday."),
        # A title-case place with a hyphen, an agency's regional desk, two places, a day in words, Spanish wires' ".-"
        ("Hamburg (dpa) - Der Hafen bleibt geschlossen.", "Hamburg", "Der Hafen bleibt geschlossen."),
        ("Kiel (dpa/lno) \u2013 Der Hafen bleibt geschlossen.", "Kiel", "Der Hafen bleibt geschlossen."),
        ("Bremen/Hamburg (dpa/lno) - Die Häfen bleiben zu.", "Bremen/Hamburg", "Die Häfen bleiben zu."),
        ("Paris, le 5 décembre 2026 - Le port reste fermé.", "Paris", "Le port reste fermé."),
        ("São Paulo, 5 de dezembro (Reuters) - O porto segue fechado.", "São Paulo", "O porto segue fechado."),
        ("MADRID, 5 dic (EFE).- El puerto sigue cerrado hoy.", "MADRID", "El puerto sigue cerrado hoy."),
    ],
)
def test_splits_datelines(paragraph, dateline, rest):
    assert split_dateline(paragraph) == (dateline, rest)


@pytest.mark.parametrize(
    "paragraph",
    [
        "The town library opened its doors again on Thursday.",
        "NASA — the agency — said it would try again next week.",
        "US - China talks resume",
        "Kurt Volker, the former envoy, testified on Tuesday.",
        "Berlin, 5 Jahre später - Die Mauer ist lange weg.",  # a number and a word that is no month
        "Smith (pictured) - The winner of the race said so.",  # no agency's name in the brackets
        # A hyphen glued on both sides joins a compound: "UTF" and "METAR" were split off as places.
        "UTF-8 is a way to encode Unicode code points into a byte stream.",
        "METAR-Informationen sind nicht nur für die Fliegerei praktisch.",
        "SSH-Schlüssel sind die Eintrittskarte für SSH und Git.",
        "NEW YORK-Based startups raised more money this year than last.",
    ],
)
def test_leaves_paragraphs_without_dateline(paragraph):
    assert split_dateline(paragraph) == (None, paragraph)


@pytest.mark.parametrize(
    ("paragraph", "dateline"),
    [
        ("Jakarta - Bank Indonesia held its benchmark rate at 6 percent on Thursday.", "Jakarta"),
        ("Kuala Lumpur - The ringgit opened higher against the dollar on Thursday.", "Kuala Lumpur"),
        ("Bogotá - El Gobierno anunció el jueves un nuevo plan para las carreteras.", "Bogotá"),
        ('Makassar - "Kami siap," kata kepala dinas kepada wartawan pada hari Kamis.', "Makassar"),
    ],
)
def test_a_city_and_a_hyphen_open_a_dateline(paragraph, dateline):
    # A title-case place and a hyphen, as Indonesian and other papers write it: a city the time zones name.
    assert split_dateline(paragraph) == (dateline, paragraph.split(" - ", 1)[1])


@pytest.mark.parametrize(
    "paragraph",
    [
        "Update - The harbour board said on Thursday that the vote would be held again next week.",
        "Analysis - The harbour board's vote shows how much the fishing fleet still matters here.",
        "Exclusive - The harbour board will sell the old lighthouse to a private buyer, papers show.",
        "Davis - The winner of the race said he had trained for it for three years.",  # a name
        "North - The wind will turn to the north on Friday, forecasters said on Thursday.",
        "Jakarta - a city of ten million people, and it keeps growing every year.",  # no sentence after it
        "Jakarta - Bandung",  # too short
    ],
)
def test_a_label_or_a_name_and_a_hyphen_open_no_dateline(paragraph):
    assert split_dateline(paragraph) == (None, paragraph)
