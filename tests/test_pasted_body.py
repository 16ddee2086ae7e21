"""Pasted text: what the body keeps and leaves out around and inside the article (issue 12, body third round).

Every text here is written for these tests.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.ingest.formats import parse_retrieved
from bot.ingest.formats.text import parse_pasted_text
from bot.models import Retrieved
from bot.text.clean import Kind, is_picture_credit, is_related_heading, without_related_lists
from bot.text.linekinds import classify_paragraph_line
from bot.text.pasted import header_layout, read_body
from bot.text.tail import comment_rules_start

NOW = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)

HEAD = "Harbour board keeps the old lighthouse lit for another winter"
PARAS = (
    "The harbour board voted on Tuesday to keep the old lighthouse lit for another winter season.",
    "Fishing crews had asked for the light to stay after two trawlers ran aground near the point last year.",
    "Repairs to the lamp room will cost less than a new beacon, the board's engineer told the meeting.",
    "Volunteers from the village have painted the tower every spring since the keeper retired in 1987.",
    "A final decision on the building's future is expected when the board meets again in March.",
)


def body_of(*lines: str) -> list[str]:
    text = "\n\n".join((HEAD, "By Ann Example", "March 3, 2024", *lines))
    return parse_pasted_text(text, reference=NOW, name="page.txt").text.split("\n\n")


@pytest.mark.parametrize(
    "heading",
    [
        "More Must-Reads From The Courier",
        "Вам также может быть интересно",
        "À lire aussi",
        "関連記事",
        "Lesen Sie auch",
    ],
)
def test_a_list_of_other_stories_under_its_heading_is_left_out(heading: str) -> None:
    body = body_of(
        *PARAS[:3],
        heading,
        "Town council approves new ferry timetable for summer",
        "Storm damages pier at the northern beach",
        *PARAS[3:],
    )
    assert body == list(PARAS)


def test_a_heading_ending_in_a_colon_ends_the_list_of_links() -> None:
    body = body_of(
        PARAS[0],
        "People Are Also Reading",
        "How to paint a lighthouse in one weekend",
        "What you will need:",
        "A ladder",
        "White paint",
        *PARAS[1:],
    )
    assert body == [PARAS[0], "What you will need:", "A ladder", "White paint", *PARAS[1:]]


def test_a_related_heading_is_short_and_not_a_sentence() -> None:
    assert is_related_heading("You might also like")
    assert not is_related_heading("Readers said they might also like a second ferry, and the council agreed to it.")
    assert not is_related_heading("Town council approves new ferry timetable")


@pytest.mark.parametrize(
    "rules",
    [
        "Los comentarios publicados son de exclusiva responsabilidad de sus autores y pueden ser moderados.",
        "Comments are moderated under our community guidelines; please keep them civil and on topic.",
        "Les commentaires sont modérés selon notre politique et publiés après lecture par la rédaction.",
    ],
)
def test_a_comment_box_s_rules_under_the_article_end_the_body(rules: str) -> None:
    body = body_of(*PARAS, "Join the discussion", rules, "Sign in to leave a reply and read what others think.")
    assert body == list(PARAS)


def test_an_article_about_readers_comments_keeps_its_paragraphs() -> None:
    about = "The board said the comments sent by readers would shape its policy on the tower's opening hours."
    body = body_of(about, *PARAS)
    assert body == [about, *PARAS]


def test_comment_rules_are_looked_for_only_in_the_closing_part() -> None:
    lines = ["Comments policy: be kind", *PARAS, *PARAS]
    assert comment_rules_start(lines, 0, len(lines)) == len(lines)
    lines = [*PARAS, *PARAS, "Comments policy", "Comments are moderated before they are published."]
    assert comment_rules_start(lines, 0, len(lines)) == len(lines) - 2


@pytest.mark.parametrize(
    "credit",
    [
        "Jane Roe Submitted photo",
        "The keeper's cottage in 1950. Getty",
        "The tower at dusk. | Foto: Reuters",
        "Screenshot by Jane Roe/The Courier",
        "Ferry crossings by month, 2020-2024 Statista",
    ],
)
def test_a_picture_credit_inside_the_body_is_left_out(credit: str) -> None:
    body = body_of(*PARAS[:2], credit, *PARAS[2:])
    assert body == list(PARAS)


@pytest.mark.parametrize(
    "line",
    [
        "The board thanked Reuters.",
        "Add-ons / Web Extensions",
        "Photographs of the tower taken by the keeper hang in the museum, the board said.",
    ],
)
def test_lines_that_only_look_like_credits_stay(line: str) -> None:
    body = body_of(*PARAS[:2], line, *PARAS[2:])
    assert line in body


def test_a_sentence_that_names_cookies_between_the_article_s_lines_stays() -> None:
    line = "The browser decides whether cookies for the other site are sent with each request it makes."
    body = body_of(*PARAS[:2], line, *PARAS[2:])
    assert body == [*PARAS[:2], line, *PARAS[2:]]


def test_a_newsletter_box_after_the_article_is_still_left_out() -> None:
    body = body_of(*PARAS, "Subscribe to our newsletter for the week's harbour news in your inbox.")
    assert body == list(PARAS)


def test_an_abbreviation_in_brackets_is_not_an_agency() -> None:
    assert not is_picture_credit("The record everyone talks about is the electronic patient file (ePA)")
    assert is_picture_credit("The record office at night (EPA)")


def test_saved_html_leaves_out_related_stories_and_the_comment_box_rules() -> None:
    from bot.ingest.formats.html import parse_html

    blocks = (
        *(f"<p>{p}</p>" for p in PARAS[:3]),
        "<h3>Lire aussi</h3>",
        "<ul><li>Town council approves new ferry timetable</li><li>Storm damages pier at the beach</li></ul>",
        *(f"<p>{p}</p>" for p in PARAS[3:]),
        "<h4>Comentarios</h4>",
        "<p>Los comentarios publicados son responsabilidad exclusiva de sus autores y pueden ser moderados.</p>",
        "<p>Para poder comentar tenés que iniciar sesión con tu usuario.</p>",
    )
    body = f"<body><article><h1>{HEAD}</h1>{''.join(blocks)}</article></body>"
    page = f"<html><head><title>{HEAD}</title></head>{body}</html>"
    article = parse_html(page, name="page.html")
    assert article.body == PARAS


@pytest.mark.parametrize(
    "heading",
    [
        "More Must-Reads",
        "What's Trending",
        "More stories from the coast",
        "Related articles",
        "Más sobre puertos",
        "Te puede interesar",
        "Leia também",
        "Mehr zum Thema",
        "Leggi anche",
        "相关新闻",
        "【関連記事】",
        "관련 기사",
        "Читайте также",
        "เรื่องที่เกี่ยวข้อง",
        "Lee también",
        "Veja também",
        "Lees ook",
        "Baca juga",
        "Läs också",
        "Les også",
        "Læs også",
        "Lue myös",
        "Čtěte také",
        "Zobacz także",
        "Читайте також",
        "Διαβάστε επίσης",
        "İlgili Haberler",
        "Citește și",
        "Citeşte şi",
        "Xem thêm",
        "यह भी पढ़ें",
        "اقرأ أيضاً",
        "Sur le même sujet",
        "Das könnte Sie auch interessieren",
        "Potrebbe interessarti",
        "People are also reading",
        "You may also enjoy",
        "Recommended for you",
        "Смотрите также",
        "Вам также может быть интересно",
        "延伸閱讀",
        "関連ニュース",
        "相關新聞",
        "相关阅读",
        "Related posts",
        "Similar posts",
        "Ähnliche Beiträge",
        "Artículos relacionados",
        "Noticias relacionadas",
        "Artigos relacionados",
        "Articoli correlati",
        "Articles similaires",
        "Gerelateerde artikelen",
        "Powiązane artykuły",
        "Похожие записи",
        "相关文章",
    ],
)
def test_related_headings_in_many_languages_pass_the_quick_test(heading: str) -> None:
    assert is_related_heading(heading)


@pytest.mark.parametrize("credit", ["Reuters/Corbis", "Harbour at dusk (AP Photo)", "The pier. Shutterstock"])
def test_credits_pass_the_last_word_test(credit: str) -> None:
    assert is_picture_credit(credit)


# A title shown twice, a credit over a picture's title (body round `body8`).


def test_a_short_line_shown_twice_in_a_row_is_kept_once() -> None:
    # A label or a table's header row rendered twice by the page: one copy is the article's (long lines already
    # were kept once; a short one that is no sentence now is too).
    body = body_of(*PARAS[:2], "Harbour pictures", "Harbour pictures", *PARAS[2:])
    assert body == [*PARAS[:2], "Harbour pictures", *PARAS[2:]]


def test_a_long_title_shown_twice_in_a_row_is_kept_once() -> None:
    body = body_of(*PARAS[:2], "Ships passing the point by month", "Ships passing the point by month", *PARAS[2:])
    assert body == [*PARAS[:2], "Ships passing the point by month", *PARAS[2:]]


def test_a_short_sentence_said_twice_stays_twice() -> None:
    # Running text of up to 30 characters repeated on purpose is the article's, as before.
    line = "So we all sat and we all ate."
    body = body_of(*PARAS[:2], line, line, *PARAS[2:])
    assert body == [*PARAS[:2], line, line, *PARAS[2:]]


def test_a_paragraph_shown_twice_in_a_row_keeps_one_copy() -> None:
    body = body_of(*PARAS[:2], PARAS[1], *PARAS[2:])
    assert body == list(PARAS)


def test_a_title_shown_twice_apart_is_kept_twice() -> None:
    # Only a repeat in the very next line is the page's rendering; the same words later are the article's.
    body = body_of(PARAS[0], "Lamp hours", *PARAS[1:3], "Lamp hours", PARAS[3])
    assert body == [PARAS[0], "Lamp hours", *PARAS[1:3], "Lamp hours", PARAS[3]]


def test_a_credit_over_a_pictures_title_leaves_the_paragraph_above_it_in_the_body() -> None:
    # The paragraph, the picture's credit, then the picture's own title: the credit heads the picture below.
    body = body_of(*PARAS[:2], "Credit: Harbour Courier", "Lamp room after the repairs", *PARAS[2:])
    assert body[:2] == list(PARAS[:2])  # the paragraph is no caption (the title line itself is read as text)


def test_a_caption_over_its_credit_is_still_left_out() -> None:
    caption = "The lamp room at dusk, seen from the northern pier."
    body = body_of(*PARAS[:2], caption, "Credit: Harbour Courier", *PARAS[2:])
    assert body == list(PARAS)


def test_a_caption_over_its_credit_is_left_out_when_a_paragraph_follows() -> None:
    caption = "The lamp room at dusk, seen from the northern pier."
    body = body_of(*PARAS[:2], caption, "Photo: Harbour Courier", *PARAS[2:])
    assert body == list(PARAS)


# Other stories' headlines under a related heading that read as running text (body round `body14`).

_LONG_HEADLINE = "Storm closes the coast road and the ferry pier as the river rises to its highest level in fifty years"
_QUOTED_HEADLINE = 'Video shows the crew pulling a swimmer from the harbour: "We got him!"'


@pytest.mark.parametrize("first", [_LONG_HEADLINE, _QUOTED_HEADLINE])
def test_a_headline_that_reads_as_running_text_does_not_end_the_list_of_links(first: str) -> None:
    # A headline of 16 words or more, or one ending in "!" and a quote, is prose by its shape; it has no full stop,
    # so under the heading it is one more item of the list, and the list runs on to the next paragraph.
    body = body_of(
        *PARAS[:2],
        "Trending News",
        first,
        "Town council approves new ferry timetable for summer",
        "Storm damages pier at the northern beach",
        *PARAS[2:],
    )
    assert body == list(PARAS)


def test_a_long_paragraph_without_a_full_stop_ends_the_list_of_links() -> None:
    # 25 words or more: running text whatever its last character.
    paragraph = (
        "The board also heard that the keeper's cottage could be let to visitors in summer and that the money would "
        "pay for the new lamp within three years"
    )
    body = body_of(PARAS[0], "Trending News", "Storm damages pier at the northern beach", paragraph, *PARAS[1:])
    assert body == [PARAS[0], paragraph, *PARAS[1:]]


def test_a_headline_shaped_paragraph_far_below_the_heading_ends_the_list_as_before() -> None:
    # A list of links is a handful of lines; a box of short lines under "Don't miss:" that runs on for longer
    # (a product box) ends at the first line that reads as running text, as it did.
    items = [f"Lamp part number {k}" for k in range(12)]
    body = body_of(PARAS[0], "Trending News", *items, _LONG_HEADLINE, *PARAS[1:])
    assert body == [PARAS[0], _LONG_HEADLINE, *PARAS[1:]]


def test_saved_html_s_related_list_runs_over_a_headline_that_reads_as_running_text() -> None:
    # The same rule on the paragraphs of saved HTML (one rule in one place: clean.ends_link_list).
    paragraphs = [PARAS[0], "Lire aussi", _LONG_HEADLINE, "Storm damages pier at the northern beach", *PARAS[1:]]
    assert without_related_lists(paragraphs) == list(PARAS)


@pytest.mark.parametrize("button", ["Like", "Clap", "Reply", "Reblog", "___"])
def test_an_action_bar_s_first_button_is_not_the_body_s_last_line(button: str) -> None:
    """LinkedIn's "Like" / "Comment" / "Share": the bar's first word stayed as the article's last paragraph."""
    assert body_of(*PARAS, button, "Comment", "Share") == list(PARAS)


def test_a_one_word_line_the_article_ends_with_is_kept_without_a_bar_below() -> None:
    assert body_of(*PARAS, "Ends.")[-1] == "Ends."
    # two short lines over the bar are a list, not a button
    assert body_of(*PARAS, "Flour", "Sugar", "Comment", "Share")[-2:] == ["Flour", "Sugar"]


@pytest.mark.parametrize(
    "header",
    [
        ["Jane Okoro", "Follow", "7 min read", "·", "Nov 28, 2026"],  # Medium
        ["Jane Okoro", "Jane Okoro", "Head of Operations at Example Logistics", "Published Nov 28, 2026", "+ Follow"],
        ["Jane Okoro", "Folgen", "28. November 2026"],
    ],
)
def test_the_name_over_a_platform_s_follow_button_is_the_author(header: list[str]) -> None:
    """Medium, LinkedIn and dev.to put the writer's name over a "Follow" button, with no "By"."""
    text = "\n\n".join((HEAD, *header, *PARAS))
    assert parse_pasted_text(text, reference=NOW, name="page.txt").author == "Jane Okoro"


@pytest.mark.parametrize(
    "header",
    [
        ["Login Join", "Login Join", "Nov 28, 2026"],  # a site's menu shown twice, no follow button
        ["Login", "Follow", "Nov 28, 2026"],  # one word
        ["Follow Us Today", "Nov 28, 2026", "Follow"],  # not right over the button
        ["The 3 Best Tools", "Follow", "Nov 28, 2026"],
    ],
)
def test_other_lines_over_or_beside_a_follow_button_are_no_author(header: list[str]) -> None:
    text = "\n\n".join((HEAD, *header, *PARAS))
    assert parse_pasted_text(text, reference=NOW, name="page.txt").author is None


def test_an_agency_s_capitalised_byline_repeated_under_the_text_opens_its_bio() -> None:
    """AP's "By ANNA KOWALSKI" and, under the story, "ANNA KOWALSKI" over her bio: the bio was the body's end."""
    bio = ("ANNA KOWALSKI", "Kowalski covers Central Europe for The Associated Press.")
    text = "\n\n".join((HEAD, "By ANNA KOWALSKI", "March 3, 2024", *PARAS, *bio))
    assert parse_pasted_text(text, reference=NOW, name="page.txt").text.split("\n\n") == list(PARAS)


@pytest.mark.parametrize("heading", ["Explore more on these topics", "More about this topic", "Explore more"])
def test_a_topics_heading_under_the_text_ends_the_body(heading: str) -> None:
    """A news site's topic links under the story ("Explore more on these topics" / "Energy" / "Wind power")."""
    assert body_of(*PARAS, heading, "Harbours", "Lighthouses", "Share", "Reuse this content") == list(PARAS)


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("By Ann Example 3 Mar 2024", "Ann Example"),
        ("by Ann Example March 3, 2024 11:00 PM PST", "Ann Example"),
        ("Tuesday 3 March 2024 by Ann B. Example", "Ann B. Example"),
        ("By ANN EXAMPLE MARCH 3, 2024", "ANN EXAMPLE"),
        ("// By Ann Marie Example \u2022 Mar 3, 2024", "Ann Marie Example"),
        ("By Ann Example @annexample March 3, 2024", "Ann Example"),
        ("By Ann Example, Senior Writer, March 3, 2024", "Ann Example"),
        ("Par Ann Example et Jo Lee \u2014 3 mars 2024", "Ann Example et Jo Lee"),
        ("By Ann van der Example Updated March 3, 2024", "Ann van der Example"),
        ("by Laura June Example July 10, 2024", "Laura June Example"),  # a name that is a month's
        ("By May Chen 3 Mar 2024", "May Chen"),
    ],
)
def test_a_byline_on_the_date_s_line_gives_the_author(line: str, author: str) -> None:
    """A byline sharing its line with the date made the line a date line, and the author was never read (22 of the
    datasets' 148 copies with a labelled author)."""
    text = "\n\n".join((HEAD, line, *PARAS))
    assert parse_pasted_text(text, reference=NOW, name="page.txt").author == author


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("By Ann Example, Senior Staff Technologist, Harbourtown Coastal Heritage and Lights Project", "Ann Example"),
        ("By Ann B. Example , Jo Lee, Ben Sample Wang, and Tom Watkins, The Harbourtown Courier", "Ann B. Example"),
        ("Analysis by Ann Example, Courier Senior Harbour Affairs Analyst", "Ann Example"),
        (
            "By Ann Example, a deputy editor and author of the Tideline newsletter. She has covered harbours for a"
            " decade.",
            "Ann Example",
        ),
    ],
)
def test_a_long_byline_gives_the_author(line: str, author: str) -> None:
    """Past 12 words (a role, an outlet, several writers) a byline is no byline to the line kinds; its name is read."""
    text = "\n\n".join((HEAD, line, "March 3, 2024", *PARAS))
    assert parse_pasted_text(text, reference=NOW, name="page.txt").author == author


@pytest.mark.parametrize(
    "line",
    [
        "Par Ann Example (Harbourtown, envoyée spéciale)",
        "Door redacteur Ann Example",
        "By staff reporter Ann Example",
        "By Ann Example ann@courier.example (555) 459-5382",
    ],
)
def test_a_byline_s_name_is_read_without_the_role_place_or_address_around_it(line: str) -> None:
    text = "\n\n".join((HEAD, line, "March 3, 2024", *PARAS))
    assert parse_pasted_text(text, reference=NOW, name="page.txt").author == "Ann Example"


@pytest.mark.parametrize(
    ("lines", "author"),
    [
        (["Ann Example Transport correspondent"], "Ann Example"),
        (["Ann Example Defence and security editor"], "Ann Example"),
        (["Ann B. Example Senior Contributor"], "Ann B. Example"),
        (["Ann de la Example Chief correspondent"], "Ann de la Example"),
        (["Ann Example", "Harbour Affairs Reporter"], "Ann Example"),
        (["Ann Example", "Redakteurin"], "Ann Example"),
    ],
)
def test_a_writer_s_name_and_role_without_by_gives_the_author(lines: list[str], author: str) -> None:
    """A paper that prints the writer's role after the name, not "By" before it (on one line or two)."""
    text = "\n\n".join((HEAD, *lines, "March 3, 2024", *PARAS))
    assert parse_pasted_text(text, reference=NOW, name="page.txt").author == author


@pytest.mark.parametrize(
    ("lines", "author"),
    [
        (["Ann Example", "March 3, 2024"], "Ann Example"),
        (["Ann Example", "Harbourtown Courier", "March 3, 2024 6:12 p.m. ET"], "Ann Example"),  # writer, outlet
        (["Текст: Анна Пример", "3 марта 2024"], "Анна Пример"),
        (["Texto: Ana Ejemplo", "3 de marzo de 2024"], "Ana Ejemplo"),
    ],
)
def test_a_name_alone_over_the_date_line_gives_the_author(lines: list[str], author: str) -> None:
    """A byline with no "By" or role: the writer's name on its own line over the date (and "Текст:", "Texto:")."""
    text = "\n\n".join((HEAD, *lines, *PARAS))
    assert parse_pasted_text(text, reference=NOW, name="page.txt").author == author


@pytest.mark.parametrize(
    "text",
    [
        "\n\n".join((HEAD, "Founded March 3, 2024", "Founder Harbour Holdings Company", *PARAS)),  # an infobox
        "\n\n".join(("Harbour Board Keeps Lighthouse", "March 3, 2024", *PARAS)),  # the headline in title case
    ],
)
def test_a_name_shaped_line_under_the_date_or_the_headline_over_it_is_no_author(text: str) -> None:
    assert parse_pasted_text(text, reference=NOW, name="page.txt").author is None


@pytest.mark.parametrize(
    ("date_line", "name"),
    [
        ("Madrid - 05 dic 2026 - 10:45 CET", "Laura Ejemplo"),
        ("March 3, 2024 10:45 AM GMT", "Ann Example"),
        ("03.03.2024, 10:45 Uhr", "Anna Beispiel"),
        ("Le 3 mars 2024 à 10h45", "Camille Exemple"),
        ("Updated Monday, March 3, 2024", "Ann de la Example"),
        ("3 марта 2024, 10:45", "Анна Пример"),
    ],
)
def test_a_name_alone_under_the_date_line_over_the_body_gives_the_author(date_line: str, name: str) -> None:
    """El País' and many papers' header: "Headline" / "Place - date - time" / "Name" / the story. No writer was read."""
    article = parse_pasted_text("\n\n".join((HEAD, date_line, name, *PARAS)), reference=NOW, name="page.txt")
    assert (article.title, article.author, article.body) == (HEAD, name, PARAS)


@pytest.mark.parametrize(
    ("date_line", "line"),
    [
        ("March 3, 2024", "Santiago de Compostela"),  # a place: opening with a city's name
        ("March 3, 2024", "Buenos Aires"),  # a city the time zones name
        ("March 3, 2024", "San Sebastián"),  # opening as places do
        ("March 3, 2024", "Frankfurt am Main"),  # a small word that is no name's
        ("March 3, 2024", "HARBOURTOWN NORTH"),  # a dateline in capitals
        ("Founded March 3, 2024", "Founder Ann Example"),  # an infobox: a label before the date
        ("March 3, 2024", "Ann Example\n\nLamp room"),  # not right over the body
        ("March 3, 2024", "World News"),  # a section's name
        ("March 3, 2024", "World News\n\nShare"),
    ],
)
def test_a_place_or_a_row_under_the_date_line_is_no_author(date_line: str, line: str) -> None:
    article = parse_pasted_text("\n\n".join((HEAD, date_line, line, *PARAS)), reference=NOW, name="page.txt")
    assert article.author is None


_OPINION_HEAD = "The lighthouse works. The harbour board should stop trying to close it"
_OPINION_STANDFIRST = "Two winters of data show the light saves crews every storm season. The board is out of excuses"


def test_an_opinion_page_s_headline_name_standfirst_and_date_give_headline_and_writer() -> None:
    """ "Headline" / "Name" / "Standfirst" / "Date": the standfirst, right over the date, was taken for the headline,
    the writer was not read, and so the bio under the piece stayed its last paragraph."""
    bio = "Ann Example is a researcher at the Institute for Coastal Studies"
    text = "\n\n".join(("Opinion", _OPINION_HEAD, "Ann Example", _OPINION_STANDFIRST, "March 3, 2024", *PARAS, bio))
    article = parse_pasted_text(text, reference=NOW, name="page.txt")
    assert (article.title, article.author) == (_OPINION_HEAD, "Ann Example")
    assert article.body[-1] == PARAS[-1]


def test_a_name_under_the_headline_over_a_shorter_line_is_no_writer() -> None:
    # A celebrity site's headline split over its subject's name: "Headline" / "Ann Example" / "Shorter line".
    text = "\n\n".join((HEAD, "Ann Example", "Her lighthouse is lit again", "March 3, 2024", *PARAS))
    article = parse_pasted_text(text, reference=NOW, name="page.txt")
    assert (article.title, article.author) == (HEAD, None)


def test_a_newsletter_platform_s_sign_up_box_over_the_post_gives_no_headline() -> None:
    """A newsletter post copied from its page's top: the sign-up box's "Discover more from <name>" was the model's
    best line, and its name, repeated over the post's title, became the headline."""
    box = ["Sign in", "Discover more from The Harbour Letter", "Weekly notes on the coast", "Continue reading"]
    text = "\n\n".join((*box, "The Harbour Letter", HEAD, "Ann Example", "Dec 05, 2024", *PARAS))
    article = parse_pasted_text(text, reference=NOW, name="page.txt")
    assert (article.title, article.author) == (HEAD, "Ann Example")


def test_a_sentence_opening_with_discover_more_from_stays_text() -> None:
    line = "Discover more from the harbour museum's archive, which opens its reading room on Saturdays."
    assert classify_paragraph_line(line) is Kind.TEXT


@pytest.mark.parametrize("line", ["Letters to the editor", "The harbour board appoints a new editor"])
def test_a_header_line_ending_with_a_role_s_word_and_no_name_gives_no_author(line: str) -> None:
    text = "\n\n".join((HEAD, line, "March 3, 2024", *PARAS))
    assert parse_pasted_text(text, reference=NOW, name="page.txt").author is None


@pytest.mark.parametrize(
    "line",
    [
        "By the time the harbour board voted on Tuesday, the lighthouse keepers had already gone home for the night",
        "By signing up you agree to receive the Harbourtown Courier's newsletters and special offers",
        "Photos by Ann Example for the Harbourtown Courier",
    ],
)
def test_a_header_line_opening_with_by_and_no_name_gives_no_author(line: str) -> None:
    text = "\n\n".join((HEAD, line, "March 3, 2024", *PARAS))
    assert parse_pasted_text(text, reference=NOW, name="page.txt").author is None


@pytest.mark.parametrize(
    "line",
    ["By March 3, 2024 the board had voted", "Updated by staff March 3, 2024", "March 3, 2024 by the harbour board"],
)
def test_a_date_line_with_no_name_after_its_by_gives_no_author(line: str) -> None:
    text = "\n\n".join((HEAD, line, *PARAS))
    assert parse_pasted_text(text, reference=NOW, name="page.txt").author is None


@pytest.mark.parametrize(
    "slot",
    [
        "Story continues",
        "Article continues below this ad",
        "Advertisement - Scroll to Continue",
        "ADVERTISEMENT - CONTINUE READING BELOW",
        "Реклама",
        "广告",
        "광고",
    ],
)
def test_an_ad_slot_between_paragraphs_is_not_text(slot: str) -> None:
    """Yahoo's "Story continues", Hearst's "ADVERTISEMENT - CONTINUE READING BELOW": a paragraph of the body."""
    assert body_of(*PARAS[:2], slot, *PARAS[2:]) == list(PARAS)


@pytest.mark.parametrize(
    "jump", ["Continued on page 5", "Cont. on p. 7", "Continued from Page A1", "See LIGHTHOUSE, Page A6"]
)
def test_a_newspaper_s_jump_line_is_not_text(jump: str) -> None:
    """A copy of a printed or e-paper page: the story jumps to another page, and its jump line was a paragraph."""
    assert body_of(*PARAS[:3], jump, *PARAS[3:]) == list(PARAS)


@pytest.mark.parametrize(
    "sentence",
    [
        "The council will meet again on Feb. 12 to hear from residents.",
        "The trial resumes on Jan. 5.",
        "Voting closes at noon on Friday, March 8, 2024.",
        "\u201cWe will be back on April 1,\u201d the skipper said.",
    ],
)
def test_a_sentence_of_the_story_that_names_a_day_is_text(sentence: str) -> None:
    # A short line with a date is a date line to the line kinds; inside the body and at its end it is the story's.
    assert sentence in body_of(*PARAS[:3], sentence, *PARAS[3:])
    assert body_of(*PARAS, sentence)[-1] == sentence


@pytest.mark.parametrize(
    "stamp",
    [
        "Posted by Ann Example on March 3, 2024.",
        "This article was originally published on March 3, 2024.",
        "Last updated on March 4, 2024 at 10:15 a.m.",
        "Zuletzt aktualisiert am 4. März 2024.",
        'Ann Example, "Lighthouse kept lit". The Courier. Retrieved 5 March 2024.',
        '^ "Lighthouse kept lit". The Courier. Harbourtown. 3 March 2024.',
        "By Ann Example and Ben Sample, March 3, 2024.",
    ],
)
def test_a_dated_stamp_or_citation_under_the_story_is_not_text(stamp: str) -> None:
    assert stamp not in body_of(*PARAS, stamp)


@pytest.mark.parametrize(
    "note",
    [
        "A version of this article appears in print on March 4, 2024, Section A, Page 9 of the Harbourtown edition"
        " with the headline: Lighthouse Stays Lit. Order Reprints | Today\u2019s Paper | Subscribe",
        "This article appeared in the Britain section of the print edition under the headline \u201cA light kept\u201d",
        "Appeared in the March 4, 2024, print edition as 'Lighthouse Stays Lit'.",
    ],
)
def test_a_newspaper_s_print_edition_note_under_the_story_is_not_text(note: str) -> None:
    assert body_of(*PARAS, note) == list(PARAS)


def test_a_sentence_about_a_print_edition_is_text() -> None:
    sentence = "The Courier will end its print edition next spring and publish online only, its owners said."
    assert body_of(*PARAS, sentence)[-1] == sentence


def test_a_gallery_picture_s_caption_is_not_the_body_s_first_paragraph() -> None:
    # An agency's copy: "[1/2]" numbers the pictures of the gallery above the story; the caption ends with the
    # photographer's credit and the link to license the picture. The dateline is the story's first paragraph's.
    caption = (
        "[1/2] Fishing boats pass the lighthouse at Harbourtown, March 1, 2024. COURIER/Ben Sample Purchase"
        " Licensing Rights, opens new tab"
    )
    first = "HARBOURTOWN, March 3 (Courier) - " + PARAS[0]
    reading = parse_pasted_text(
        "\n\n".join((HEAD, "By Ann Example", "March 3, 2024", caption, first, *PARAS[1:])), reference=NOW, name="p.txt"
    )
    assert reading.text.split("\n\n") == list(PARAS)
    assert reading.dateline == "HARBOURTOWN, March 3"


@pytest.mark.parametrize("heading", ["Suggested Topics:", "Suggested reading"])
def test_a_suggested_topics_heading_ends_the_body(heading: str) -> None:
    assert body_of(*PARAS, heading, "Harbours", "Local government") == list(PARAS)


@pytest.mark.parametrize(
    "note",
    [", opens new tab", " (opens in a new window)", " (Opens in new window)", " (link is external)", ", Opens New Tab"],
)
def test_a_screen_reader_s_note_after_a_link_is_not_text(note: str) -> None:
    # A copy of a page takes the hidden words a page says after each link to screen readers.
    body = body_of(
        f"The harbour board said in a statement{note} on Tuesday that the old lighthouse stays lit.",
        PARAS[1],
        f"Read the board's minutes{note}",
        PARAS[2],
    )
    assert body[0] == "The harbour board said in a statement on Tuesday that the old lighthouse stays lit."
    assert not any("new tab" in p.lower() or "window" in p or "external" in p for p in body)


def test_words_about_a_new_tab_or_window_in_the_story_are_text() -> None:
    line = "The browser opens a new tab for each search, and the new window design ships in March."
    assert body_of(line, PARAS[1])[0] == line


@pytest.mark.parametrize(
    "bio",
    [
        "Ann Example is a lecturer in transport planning at Northfield University.",
        "Ann Example was the harbour's pilot for twenty years and now chairs the lifeboat trust.",
    ],
)
def test_the_writer_s_bio_under_the_story_is_not_text(bio: str) -> None:
    # An opinion piece closes with a line about its writer, whatever their trade.
    assert body_of(*PARAS, bio) == list(PARAS)


def test_a_closing_sentence_about_someone_else_is_text() -> None:
    line = "Ann Marsh is a lecturer in transport planning and has campaigned for the light since 2019."
    assert body_of(*PARAS, line)[-1] == line


@pytest.mark.parametrize(
    ("byline", "author"),
    [("作者\uff1a李明", "李明"), ("撰文: 陳大文", "陳大文"), ("文\uff0f王小明", "王小明"), ("文/王小明", "王小明")],
)
def test_a_chinese_byline_line_gives_the_writer_and_keeps_the_headline(byline: str, author: str) -> None:
    """Short Chinese sentences are no running text to is_prose (40 characters): with the byline read as text, no
    line of the copy was the body's start, and the headline was lost to the first sentence."""
    lines = [
        "首页",
        "新闻",
        "广州地铁新线今日开通 全程仅需35分钟",
        byline,
        "广州地铁十八号线北延段5日上午正式开通运营\uff0c全长约25公里。",
        "乘客从市中心到机场的时间缩短至35分钟。",
        "据介绍\uff0c新线高峰期发车间隔为4分钟。",
    ]
    article = parse_pasted_text("\n".join(lines), reference=NOW, name="page.txt")
    assert (article.title, article.author) == ("广州地铁新线今日开通 全程仅需35分钟", author)
    assert article.body[0] == lines[4]


@pytest.mark.parametrize("label", ["Baca juga:", "Lees ook:", "Läs också:", "Διαβάστε επίσης:", "İlgili Haberler"])
def test_a_read_also_label_and_its_link_stay_out_of_the_body(label: str) -> None:
    # Other languages' "Read also" over another story's headline, then a share line: neither is the article's.
    body = body_of(*PARAS, label, "Ferry timetable changes again next spring", "Deel dit artikel")
    assert body == list(PARAS)


@pytest.mark.parametrize("label", ["Baca juga:", "Weitere Artikel:", "Weiterlesen\uff1a"])
def test_a_label_that_introduces_nothing_does_not_end_the_body(label: str) -> None:
    # The copy stops under a label (the links it introduced were not copied): the label is the page's.
    assert body_of(*PARAS, label) == list(PARAS)
    # A colon that introduces lines the copy holds still keeps them.
    assert body_of(*PARAS, "The board listed three reasons:", "Cost.", "Safety.", "Tradition.")[-4:] == [
        "The board listed three reasons:",
        "Cost.",
        "Safety.",
        "Tradition.",
    ]


_SUMMARY = (
    "Crews have asked the board to keep the light on through the storm season",
    "Repairs to the lamp room cost less than a new beacon",
    "A decision on the tower's future is due in March",
)


@pytest.mark.parametrize(
    ("heading", "items"),
    [
        ("Key points", _SUMMARY),
        ("What we know so far:", _SUMMARY[:2]),
        (
            "Das Wichtigste in Kürze",
            ("Die Crews wollen das Licht auch im Sturm behalten", "Die Reparatur kostet weniger"),
        ),
        ("L'essentiel", ("Les équipages veulent garder le phare allumé cet hiver", "La réparation coûte moins cher")),
        ("要点", ("漁船の乗組員は冬の間も灯台の明かりを残すよう求めている", "修理費は新しい標識より安い")),
    ],
)
def test_a_live_blog_s_summary_list_under_its_heading_is_body_text(heading: str, items: tuple[str, ...]) -> None:
    """A "Key points" list of lines without full stops over a live blog's first post was dropped with the header."""
    text = "\n\n".join((HEAD, "March 3, 2024 11:02 GMT", heading, *items, "11:02 GMT", *PARAS))
    article = parse_pasted_text(text, reference=NOW, name="page.txt")
    assert article.title == HEAD
    assert article.body[: len(items)] == items
    assert heading not in article.body
    assert article.body[-1] == PARAS[-1]


def test_a_summary_heading_over_buttons_keeps_the_body_at_its_first_paragraph() -> None:
    text = "\n\n".join((HEAD, "March 3, 2024", "Key points", "Share", "Save", *PARAS))
    assert parse_pasted_text(text, reference=NOW, name="page.txt").body == PARAS


# A paragraph over a credit on a page whose pictures have no captions (body round `body27`).

_LONG = (
    "The harbour board spent most of Tuesday evening on the lighthouse, hearing from fishing crews, the engineer who "
    "surveyed the lamp room in the autumn, two volunteers who have painted the tower for thirty years and a "
    "councillor who wants the building sold, before it voted by seven to two to keep the light burning all winter.",
    "Repairs will start in January, when the scaffolding company that worked on the church tower last year has a crew "
    "free, and should take about six weeks if the weather holds; the board has set aside enough money for the lamp, "
    "the glazing and the iron railings on the gallery, which are rusted through in places.",
)
_BETWEEN = "Volunteers say the light matters more to the village than any museum could, and they mean to prove it."
_HOW_TO = (
    PARAS[0],
    _LONG[0],
    "Photo by Jo Marsh",
    PARAS[1],
    _BETWEEN,
    "Photo by Jo Marsh",
    _LONG[1],
    "Harbour Courier/Getty Images",
    *PARAS[2:],
)


def test_a_paragraph_over_a_credit_stays_where_credits_stand_under_paragraphs() -> None:
    # Two credits stand right under paragraphs too long to be captions: the page sets its pictures without
    # captions, so the sentence between paragraphs over the third credit is the article's, not a caption.
    body = body_of(*_HOW_TO)
    assert body == [PARAS[0], _LONG[0], PARAS[1], _BETWEEN, _LONG[1], *PARAS[2:]]
    assert read_body(list(_HOW_TO)) == [PARAS[0], _LONG[0], PARAS[1], _BETWEEN, _LONG[1], *PARAS[2:]]


def test_a_caption_over_its_credit_stays_out_where_one_credit_stands_under_a_paragraph() -> None:
    caption = "The lamp room at dusk, seen from the northern pier on the evening of the vote."
    body = body_of(PARAS[0], _LONG[0], "Photo by Jo Marsh", PARAS[1], caption, "Photo by Jo Marsh", *PARAS[2:])
    assert body == [PARAS[0], _LONG[0], *PARAS[1:]]


def test_the_paragraph_over_a_credit_stays_a_caption_to_the_headline_model() -> None:
    # The layout's kinds are the headline model's rows: only the body's reading takes the paragraph back.
    lines, kinds, _room = header_layout("\n\n".join((HEAD, "March 3, 2024", *_HOW_TO)))
    assert kinds[lines.index(_BETWEEN)] is Kind.CAPTION


# A picture credit as the copy's last line, under the article's last paragraph (faults27).


@pytest.mark.parametrize(
    ("last", "credit"),
    [
        (
            '"We listened to the people who go out at night," said the board\'s chair after the vote.',
            "Photo: Ana Lima/Reuters",
        ),
        (
            "„Wir haben auf die Menschen gehört“, sagte die Vorsitzende nach der Abstimmung am Abend.",
            "Foto: dpa",
        ),
        (
            "La junta compartirá el coste de la lámpara con el gobierno regional desde el próximo año.",
            "Foto: EFE / Laura Gómez",
        ),
        (
            "« Nous avons écouté ceux qui sortent la nuit », a déclaré la présidente après le vote.",
            "Photo : AFP",
        ),
    ],
)
def test_a_credit_closing_the_copy_leaves_the_last_paragraph_in_the_body(last: str, credit: str) -> None:
    # The credit of the page's picture set at the article's foot: the paragraph over it is no caption.
    assert body_of(*PARAS[:3], last, credit) == [*PARAS[:3], last]
    # Page furniture under the credit is no more article text than the end of the copy.
    assert body_of(*PARAS[:3], last, credit, "Share this article", "\u00a9 2026 Harbour Courier") == [*PARAS[:3], last]


def test_a_short_caption_over_a_credit_closing_the_copy_is_still_left_out() -> None:
    # A picture closing the article: its caption is no running text, and it stays out with its credit.
    assert body_of(*PARAS[:3], "The lamp room at dusk.", "Photo: Ana Lima/Reuters") == list(PARAS[:3])


# A blogging platform's topic tags under the last paragraph (faults27).


@pytest.mark.parametrize(
    "tags",
    [
        ("Tagged: politics, economy",),
        ("Schlagwörter: Politik, Wirtschaft, Hafen",),
        ("Étiquettes : politique, économie",),
        ("Etiquetas: política, economía, puerto",),
        ("标签\uff1a政治\uff0c经济\uff0c港口",),
        ("tags #Harbour #Budget #Keldan",),
        ("Tags", "Politics", "Economy", "Harbour budget"),
        ("Etiquetas", "Aplicaciones móviles"),
    ],
)
@pytest.mark.parametrize("furniture", [(), ("Share this article", "Leave a comment")])
def test_topic_tags_under_the_last_paragraph_are_left_out(tags: tuple[str, ...], furniture: tuple[str, ...]) -> None:
    assert body_of(*PARAS, *tags, *furniture) == list(PARAS)


def test_a_tag_label_over_running_text_stays() -> None:
    # A label's line with the article's running text under it is no closing tag list.
    line = "Themen: der Rat hat drei davon beraten"
    assert body_of(*PARAS[:3], line, *PARAS[3:]) == [*PARAS[:3], line, *PARAS[3:]]


def test_a_saved_page_s_closing_tags_are_not_its_text() -> None:
    paragraphs = "".join(f"<p>{p}</p>" for p in PARAS)
    tags = "<p>Schlagwörter: Politik, Wirtschaft</p>"
    html = f"<html><body><article><h1>{HEAD}</h1>{paragraphs}{tags}</article></body></html>"
    (article,) = parse_retrieved(
        Retrieved(data=html.encode(), name="page.html", location="page.html", modified=NOW), now=NOW
    )
    assert article.body == PARAS


# A byline whose name a separator ends, the date or the outlet after it (faults27).


@pytest.mark.parametrize(
    ("lines", "author", "day"),
    [
        (["Ann Example | 3 March 2024"], "Ann Example", "2024-03-03"),
        (["Ann Example - Mar 3, 2024 8:02 pm UTC"], "Ann Example", "2024-03-03"),
        (["Laura Gómez | 3 de marzo de 2024"], "Laura Gómez", "2024-03-03"),
        (["Anna Beispiel • 3. März 2024"], "Anna Beispiel", "2024-03-03"),
        (["Laura Gómez - Reuters"], "Laura Gómez", None),
        (["Ann Example \u2013 Harbourtown Courier", "March 3, 2024"], "Ann Example", "2024-03-03"),
        (["March 3, 2024", "Camille Exemple \u2014 AFP"], "Camille Exemple", "2024-03-03"),
    ],
)
def test_a_name_a_separator_and_the_date_or_outlet_give_the_author(
    lines: list[str], author: str, day: str | None
) -> None:
    article = parse_pasted_text("\n\n".join((HEAD, *lines, *PARAS)), reference=NOW, name="page.txt")
    assert (article.title, article.author, article.body) == (HEAD, author, PARAS)
    assert (str(article.published)[:10] if article.published else None) == day


@pytest.mark.parametrize(
    "lines",
    [
        ["Local News | March 3, 2024"],  # a section's name
        ["Middle East - Reuters"],
        ["Real Estate \u2014 Harbourtown Courier", "March 3, 2024"],
        ["New York | March 3, 2024"],  # a place
        ["Buenos Aires - Reuters"],
        ["Ann Example | Getty Images"],  # a picture's credit
        ["Harbour Board - Harbourtown Courier"],  # its words in lower case in the story: "The harbour board voted"
        ["Ann Example - Harbour pictures of the week", "March 3, 2024"],  # no outlet's shape
        ["Harbourtown Courier", "Ann Example - Reuters", "Lighthouse keepers", "March 3, 2024"],  # beside no date
    ],
)
def test_a_section_place_or_credit_before_a_separator_is_no_author(lines: list[str]) -> None:
    article = parse_pasted_text("\n\n".join((HEAD, *lines, *PARAS)), reference=NOW, name="page.txt")
    assert article.author is None


@pytest.mark.parametrize(
    ("header", "author"),
    [
        (["March 3, 2024", "Ann Example", "Share"], "Ann Example"),  # the name under the date, a share bar under it
        (["March 3, 2024", "Ann Example", "Share", "Facebook", "X", "Email"], "Ann Example"),
        (["3. März 2024", "Anna Beispiel", "Teilen"], "Anna Beispiel"),
        (["Ann Example", "Share", "March 3, 2024"], "Ann Example"),  # the name over the date, a share bar between
        (["Ann Example", "Share"], "Ann Example"),  # right under the headline, no date line
        (["Ann Example", "Share", "Facebook", "X"], "Ann Example"),
    ],
)
def test_a_writer_s_name_over_a_share_bar_gives_the_author(header: list[str], author: str) -> None:
    article = parse_pasted_text("\n\n".join((HEAD, *header, *PARAS)), reference=NOW, name="page.txt")
    assert (article.title, article.author, article.body) == (HEAD, author, PARAS)


@pytest.mark.parametrize(
    "line",
    [
        "Harbour Board",  # its words in lower case in the story ("The harbour board voted ...")
        "World News",  # a section's name
        "Buenos Aires",  # a place
        "Lamp room repairs",  # no name's shape
    ],
)
def test_a_line_under_the_headline_over_a_share_bar_that_is_no_name_gives_no_author(line: str) -> None:
    article = parse_pasted_text("\n\n".join((HEAD, line, "Share", *PARAS)), reference=NOW, name="page.txt")
    assert article.author is None
