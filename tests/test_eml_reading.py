"""The e-mail reader's rules one by one: forwards, a letter's furniture, subjects, senders, charsets, hostile mail.

Each mail here is written for these tests (the platform-shaped ones are in ``tests/test_eml_platforms.py``).
"""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta, timezone
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest

from bot.errors import ParseError
from bot.ingest.formats import is_supported, parse_retrieved
from bot.ingest.formats.decode import check_readable
from bot.ingest.formats.emlrules import is_prose, trim_furniture
from bot.models import Article, Retrieved

NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
STORY = (
    "The county council voted on Tuesday to close the old swing bridge to cars from the spring.",
    "Engineers told councillors that the bridge's gears had worn beyond repair after ninety years of use.",
    "Cyclists and people on foot will still be able to cross while a replacement is designed and paid for.",
)


def mail(
    body: str,
    *,
    subject: str = "Swing bridge to close to cars",
    sender: str = "Town Brief <brief@town.example>",
    when: str = "Tue, 01 Dec 2026 09:41:17 -0800",
    html: str | None = None,
) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "drop@example.org"
    message["Subject"] = subject
    message["Date"] = when
    message.set_content(body)
    if html is not None:
        message.add_alternative(html, subtype="html")
    return bytes(message)


def parse(data: bytes) -> list[Article]:
    return parse_retrieved(Retrieved(data=data, name="m.eml", location="/drop/m.eml"), now=NOW)


def story_text() -> str:
    return "\n\n".join(STORY)


# --- forwards ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "published"),
    [
        (
            "---------- Forwarded message ---------\nFrom: Harbour Weekly <news@harbour.example>\n"
            "Date: Mon, Nov 30, 2026 at 7:02 PM\nSubject: Fwd: Bridge to close to cars\nTo: <me@example.org>",
            datetime(2026, 11, 30, 19, 2, tzinfo=timezone(timedelta(hours=-8))),
        ),
        (
            "-----Original Message-----\nFrom: Harbour Weekly <news@harbour.example>\n"
            "Sent: Monday, November 30, 2026 4:30 PM\nTo: Me <me@example.org>\nSubject: Bridge to close to cars",
            datetime(2026, 11, 30, 16, 30, tzinfo=timezone(timedelta(hours=-8))),
        ),
        (
            "Begin forwarded message:\n\nFrom: Harbour Weekly <news@harbour.example>\n"
            "Subject: Bridge to close to cars\nDate: 30 November 2026 at 08:14:05 GMT\nTo: me@example.org",
            datetime(2026, 11, 30, 8, 14, 5, tzinfo=UTC),
        ),
        (
            "-------- Weitergeleitete Nachricht --------\nVon: Harbour Weekly <news@harbour.example>\n"
            "Datum: Mon, 30 Nov 2026 07:02:00 +0100\nBetreff: Bridge to close to cars\nAn: me@example.org",
            datetime(2026, 11, 30, 7, 2, tzinfo=timezone(timedelta(hours=1))),
        ),
        (
            "-------- Message transf\u00e9r\u00e9 --------\nSujet : \tBridge to close to cars\n"
            "Date : \tMon, 30 Nov 2026 07:02:00 +0100\nDe : \tHarbour Weekly <news@harbour.example>\n"
            "Pour : \tme@example.org",
            datetime(2026, 11, 30, 7, 2, tzinfo=timezone(timedelta(hours=1))),
        ),
        (
            "-------- Messaggio Inoltrato --------\nOggetto: \tBridge to close to cars\n"
            "Data: \tMon, 30 Nov 2026 07:02:00 +0100\nMittente: \tHarbour Weekly <news@harbour.example>\n"
            "A: \tme@example.org",
            datetime(2026, 11, 30, 7, 2, tzinfo=timezone(timedelta(hours=1))),
        ),
        (
            "-------- Mensagem encaminhada --------\nAssunto: \tBridge to close to cars\n"
            "Data: \tMon, 30 Nov 2026 07:02:00 +0100\nDe: \tHarbour Weekly <news@harbour.example>\n"
            "Para: \tme@example.org",
            datetime(2026, 11, 30, 7, 2, tzinfo=timezone(timedelta(hours=1))),
        ),
        (
            "De: Harbour Weekly <news@harbour.example>\nEnviado el: lunes, 30 de noviembre de 2026 16:30\n"
            "Para: Me <me@example.org>\nAsunto: Bridge to close to cars",
            datetime(2026, 11, 30, 16, 30, tzinfo=timezone(timedelta(hours=-8))),
        ),
        (
            "Od: Harbour Weekly <news@harbour.example>\nWys\u0142ano: poniedzia\u0142ek, 30 listopada 2026 16:30\n"
            "Do: Me <me@example.org>\nTemat: Bridge to close to cars",
            datetime(2026, 11, 30, 16, 30, tzinfo=timezone(timedelta(hours=-8))),
        ),
        (
            "\u041e\u0442: Harbour Weekly <news@harbour.example>\n"
            "\u041e\u0442\u043f\u0440\u0430\u0432\u043b\u0435\u043d\u043e: "
            "30 \u043d\u043e\u044f\u0431\u0440\u044f 2026 \u0433. 16:30\n"
            "\u041a\u043e\u043c\u0443: Me <me@example.org>\n\u0422\u0435\u043c\u0430: Bridge to close to cars",
            datetime(2026, 11, 30, 16, 30, tzinfo=timezone(timedelta(hours=-8))),
        ),
        (
            "-------- \u8ee2\u9001\u30e1\u30c3\u30bb\u30fc\u30b8 --------\n\u4ef6\u540d: Bridge to close to cars\n"
            "\u65e5\u4ed8: Mon, 30 Nov 2026 07:02:00 +0900\n\u5dee\u51fa\u4eba: Harbour Weekly <news@harbour.example>\n"
            "\u5b9b\u5148: me@example.org",
            datetime(2026, 11, 30, 7, 2, tzinfo=timezone(timedelta(hours=9))),
        ),
        (
            "\u53d1\u4ef6\u4eba: Harbour Weekly <news@harbour.example>\n\u53d1\u9001\u65f6\u95f4: "
            "2026\u5e7411\u670830\u65e5 \u4e0b\u53484:30\n\u6536\u4ef6\u4eba: Me <me@example.org>\n"
            "\u4e3b\u9898: Bridge to close to cars",
            datetime(2026, 11, 30, 16, 30, tzinfo=timezone(timedelta(hours=-8))),
        ),
        (
            "\ubcf4\ub0b8 \uc0ac\ub78c: Harbour Weekly <news@harbour.example>\n\ubcf4\ub0b8 \ub0a0\uc9dc: "
            "2026\ub144 11\uc6d4 30\uc77c \uc6d4\uc694\uc77c \uc624\ud6c4 4:30\n"
            "\ubc1b\ub294 \uc0ac\ub78c: Me <me@example.org>\n\uc81c\ubaa9: Bridge to close to cars",
            datetime(2026, 11, 30, 16, 30, tzinfo=timezone(timedelta(hours=-8))),
        ),
    ],
    ids=[
        "gmail",
        "outlook",
        "apple-mail",
        "thunderbird-de",
        "thunderbird-fr",
        "thunderbird-it",
        "thunderbird-pt",
        "outlook-es",
        "outlook-pl",
        "outlook-ru",
        "thunderbird-ja",
        "outlook-zh",
        "outlook-ko",
    ],
)
def test_a_forward_is_the_original_message_with_its_sender_subject_and_date(header: str, published: datetime) -> None:
    body = f"Have a look at this one.\n\nSam\n\n{header}\n\n{story_text()}\n"
    (article,) = parse(mail(body, subject="Fwd: bridge", sender="Sam <sam@example.org>"))
    assert article.title == "Bridge to close to cars"
    assert (article.author, article.source) == ("Harbour Weekly", "Harbour Weekly")
    assert article.published == published
    assert article.published.utcoffset() == published.utcoffset()  # type: ignore[union-attr]
    assert article.body == STORY


def enclose(inner: bytes, note: str, *, subject: str = "Fwd: bridge", digest: bool = False) -> bytes:
    """A mail that carries ``inner`` whole, as clients forward "as attachment" (message/rfc822)."""
    outer = EmailMessage()
    outer["From"] = "Sam <sam@example.org>"
    outer["Subject"] = subject
    outer["Date"] = "Wed, 02 Dec 2026 08:00:00 +0000"
    outer.set_content(note)
    outer.add_attachment(message_from_bytes(inner, policy=policy.default), filename="original.eml")
    return bytes(outer)


def test_a_forward_as_an_attachment_is_the_enclosed_message() -> None:
    inner = mail(story_text(), sender="Harbour Weekly <news@harbour.example>", when="Mon, 30 Nov 2026 07:02:00 +0000")
    (article,) = parse(enclose(inner, "See attached."))
    assert (article.title, article.author, article.body) == ("Swing bridge to close to cars", "Harbour Weekly", STORY)
    assert article.published == datetime(2026, 11, 30, 7, 2, tzinfo=UTC)
    long_note = " ".join(["I wrote a long letter of my own about the bridge, and attached the bulletin."] * 8)
    (article,) = parse(enclose(inner, long_note, subject="My view on the bridge"))
    assert article.title == "My view on the bridge"  # a letter of its own, with a mail attached
    note = mail("Seen at the desk.", subject="Desk note")
    (article,) = parse(enclose(note, story_text(), subject="Swing bridge closes"))
    assert (article.title, article.body) == ("Swing bridge closes", STORY)  # the attachment is the shorter


def test_forwards_as_attachments_inside_each_other_each_with_the_same_note_are_the_innermost_message() -> None:
    data = mail(story_text(), sender="Harbour Weekly <news@harbour.example>", when="Mon, 30 Nov 2026 07:02:00 +0000")
    for _ in range(9):  # Outlook's "Forward as attachment" of a forward as attachment, "See attached." each time
        data = enclose(data, "See attached.")
    (article,) = parse(data)
    assert (article.title, article.author, article.body) == ("Swing bridge to close to cars", "Harbour Weekly", STORY)


def test_attachments_inside_attachments_end_without_a_fault() -> None:
    data = mail(story_text())
    for _ in range(30):  # three times as deep as the reader follows
        data = enclose(data, "fw")
    try:
        articles = parse(data)
    except ParseError:
        return  # too deep to read is said as such
    assert articles


def test_a_mime_digest_is_one_article_per_enclosed_message() -> None:
    outer = EmailMessage()
    outer["From"] = "Eastside-talk <talk-request@lists.example>"
    outer["Subject"] = "Eastside-talk Digest, Vol 1, Issue 2"
    outer["Date"] = "Fri, 04 Dec 2026 12:00:00 +0000"
    outer.set_content("Today's topics: the bridge, the bins, the footbridge")
    for n, text in enumerate(STORY):
        inner = mail(text, subject=f"[Eastside-talk] Topic {n}", sender=f"Writer {n} <w{n}@example.org>")
        outer.add_attachment(message_from_bytes(inner, policy=policy.default), filename=f"{n}.eml")
    articles = parse(bytes(outer))
    assert [(a.title, a.author, a.body, a.source) for a in articles] == [
        (f"Topic {n}", f"Writer {n}", (text,), "Eastside-talk") for n, text in enumerate(STORY)
    ]


def test_a_forwarded_date_that_cannot_be_read_is_no_date_rather_than_the_forwards() -> None:
    header = "From: Harbour Weekly <news@harbour.example>\nDate: sometime last week\nSubject: Bridge to close to cars"
    (article,) = parse(mail(f"{header}\n\n{story_text()}\n"))
    assert article.title == "Bridge to close to cars"
    assert article.published is None


def test_a_forward_nested_ten_deep_is_the_innermost_message() -> None:
    body = story_text()
    for depth in range(10):
        body = (
            f"Passing this on ({depth}).\n\n---------- Forwarded message ---------\n"
            f"From: Sender {depth} <s{depth}@example.org>\nDate: Mon, Nov {20 + depth}, 2026 at 7:02 AM\n"
            f"Subject: Level {depth}\nTo: <x@example.org>\n\n{body}"
        )
    started = time.perf_counter()
    (article,) = parse(mail(body))
    assert time.perf_counter() - started < 5
    assert (article.title, article.author, article.body) == ("Level 0", "Sender 0", STORY)
    assert isinstance(article.published, datetime)
    assert article.published.date() == date(2026, 11, 20)


def test_a_signature_above_a_forward_does_not_end_the_letter() -> None:
    header = "---------- Forwarded message ---------\nFrom: Harbour Weekly <h@harbour.example>\n"
    header += "Date: Mon, Nov 30, 2026 at 7:02 AM\nSubject: Bridge to close to cars"
    body = f"FYI\n\n-- \nSam Reader\nNewsroom\n\n{header}\n\n{story_text()}\n\n-- \nHarbour Weekly desk\n"
    (article,) = parse(mail(body))
    assert article.body == STORY


def test_a_reply_that_quotes_nothing_like_a_header_stays_the_letter() -> None:
    body = f"{story_text()}\n\nFrom: the desk. Date: whenever suits. Subject: to change.\n"
    (article,) = parse(mail(body))
    assert article.title == "Swing bridge to close to cars"
    assert article.author == "Town Brief"
    assert article.body[:3] == STORY


# --- digests ----------------------------------------------------------------------------------------------------

POSTS = (
    ("Rosa Delgado <rosa@example.net>", "Allotment list reopens", STORY[0]),
    ("Ken Obi <ken@example.org>", "Re: Bins move to Tuesdays", STORY[1]),
    ("Lena Fischer <lena@example.com>", "Footbridge shut for repairs", STORY[2]),
)


def digest(subject_line: bool) -> str:
    parts = ["Today's topics:\n\n  - Allotment list reopens\n  - Bins move to Tuesdays\n\n" + "=" * 40]
    for n, (sender, subject, text) in enumerate(POSTS):
        head = f"Subject: [neighbours] {subject}\n" if subject_line else ""
        topic = "" if subject_line else f"Topic: {subject.removeprefix('Re: ')}\n{'=' * 40}\n\n"
        parts.append(
            f"{topic}Message: {n + 1}\nFrom: {sender}\nDate: Dec 0{n + 1} 07:41PM\n{head}\n{text}\n\n"
            f"> an earlier message quoted\n\n-- \nsent from my phone\n\n{'-' * 30}\n"
        )
    parts.append("You received this digest because you are subscribed. Unsubscribe: https://lists.example/u\n")
    return "\n".join(parts)


@pytest.mark.parametrize("subject_line", [True, False], ids=["subject-lines", "topic-lines"])
def test_a_digest_is_one_article_per_message(subject_line: bool) -> None:
    data = mail(
        digest(subject_line),
        subject="Digest for neighbours - 3 updates",
        sender="neighbours@lists.example",
        when="Fri, 04 Dec 2026 06:00:41 -0800",
    )
    articles = parse(data)
    assert [a.title for a in articles] == [
        "Allotment list reopens",
        "Bins move to Tuesdays",
        "Footbridge shut for repairs",
    ]
    assert [a.author for a in articles] == ["Rosa Delgado", "Ken Obi", "Lena Fischer"]
    assert [a.body for a in articles] == [(text,) for _, _, text in POSTS]
    # "Dec 01 07:41PM": the year of the digest's own date, the time in its zone
    assert [a.published for a in articles] == [
        datetime(2026, 12, day, 19, 41, tzinfo=timezone(timedelta(hours=-8))) for day in (1, 2, 3)
    ]
    assert {a.source for a in articles} == {"neighbours@lists.example"}


def test_a_mail_with_message_headers_that_does_not_call_itself_a_digest_is_one_article() -> None:
    (article,) = parse(mail(digest(True), subject="Notes from the neighbours list"))
    assert article.title == "Notes from the neighbours list"


def test_a_list_tag_before_the_subject_is_not_the_headline() -> None:
    (article,) = parse(mail(story_text(), subject="[Eastside-talk] Re: Swing bridge to close to cars"))
    assert article.title == "Swing bridge to close to cars"


# --- a letter's furniture ---------------------------------------------------------------------------------------


def test_the_masthead_issue_date_and_headline_above_the_story_are_not_its_body_nor_its_dateline() -> None:
    body = (
        "View this email in your browser (https://brief.example/archive/30)\n\nMORNING BRIEF - Monday 30 November\n\n"
        f"** Swing bridge closes to cars\n\n{story_text()}\n\nRead more: https://brief.example/2026/bridge\n\n"
        "Unsubscribe: https://brief.example/u\nMorning Brief, 12 Quay Street, Northam\n"
    )
    (article,) = parse(mail(body, subject="Fwd: Morning Brief: Swing bridge closes"))
    assert article.title == "Morning Brief: Swing bridge closes"
    assert article.dateline is None
    assert article.body == STORY
    assert article.url == "https://brief.example/2026/bridge"


def test_the_view_online_address_is_read_as_the_browser_reads_it() -> None:
    html = '<p><a href="https://archive.example/?u=5&amp;id=81">View this email in your browser</a></p>' + "".join(
        f"<p>{p}</p>" for p in STORY
    )
    (article,) = parse(mail("Short.", html=html))
    assert article.url == "https://archive.example/?u=5&id=81"


@pytest.mark.parametrize("call", ["Read more", "Read the full story", "Weiterlesen", "Lire la suite", "Leer más"])
def test_a_read_more_link_under_the_story_is_its_address(call: str) -> None:
    # An HTML letter's "Read more" link (in its own language) is the story on the web: the digest links there,
    # before the letter's "View online" copy.
    html = (
        '<p><a href="https://archive.example/view/81">View this email in your browser</a></p>'
        + "".join(f"<p>{p}</p>" for p in STORY)
        + f'<p><a href="https://brief.example/2026/bridge?utm_source=mail&amp;id=3"><b>{call}</b></a></p>'
        + '<p><a href="https://brief.example/unsubscribe?u=5">Unsubscribe</a></p>'
    )
    (article,) = parse(mail("Short.", html=html))
    assert article.url == "https://brief.example/2026/bridge?utm_source=mail&id=3"


def test_other_links_are_not_the_story_s_address() -> None:
    # "More from us" is no call to read this story, and an unsubscribe link never is: the view-online copy stays.
    html = (
        '<p><a href="https://archive.example/ansicht/81">Im Browser ansehen</a></p>'
        + "".join(f"<p>{p}</p>" for p in STORY)
        + '<p><a href="https://brief.example/more">More from Town Brief</a></p>'
        + '<p><a href="https://brief.example/unsubscribe">Read more about unsubscribing</a></p>'
    )
    (article,) = parse(mail("Short.", html=html))
    assert article.url == "https://archive.example/ansicht/81"


def test_a_section_heading_that_echoes_the_subject_below_the_story_start_keeps_what_is_above() -> None:
    heading = "Swing bridge to close to cars: the costs"
    body = f"{STORY[0]}\n\n{STORY[1]}\n\n{heading}\n\n{STORY[2]}\n"
    (article,) = parse(mail(body))
    assert article.body[0].startswith(STORY[0])
    assert len(article.body) == 4


def test_hidden_preheader_text_is_not_read() -> None:
    html = (
        '<div style="display:none;max-height:0">The bridge is closing, and here is why</div>'
        '<span class="preheader" style="font-size:0;color:transparent">Preview words</span>'
        + "".join(f"<p>{p}</p>" for p in STORY)
    )
    (article,) = parse(mail("Short.", html=html))
    assert article.body == STORY


def test_rule_lines_part_a_plain_text_masthead_from_the_story() -> None:
    body = f"PORT NEWS\nWinter 2026\n=========================\n\n{story_text()}\n"
    (article,) = parse(mail(body))
    assert article.body == STORY


def test_buttons_polls_and_a_postal_address_after_the_story_go() -> None:
    body = (
        f"{story_text()}\n\nMore like this\n\nWhat did you think of today's issue?\n\nGreat | Okay | Not for me\n\n"
        "228 Park Ave S, #29976, New York, New York 10003, United States\n"
    )
    (article,) = parse(mail(body))
    assert article.body == STORY


@pytest.mark.parametrize(
    "footer",
    [
        "Sie erhalten diesen Newsletter, weil Sie sich auf unserer Website angemeldet haben.",
        "Vous recevez cet e-mail car vous \u00eates inscrit \u00e0 la lettre de la ville.",
        "Recibes este correo porque te suscribiste al bolet\u00edn.",
        "\u914d\u4fe1\u505c\u6b62\u306f\u3053\u3061\u3089\u304b\u3089\u3069\u3046\u305e\u3002",
        "\ub354 \uc774\uc0c1 \ubc1b\uc9c0 \uc54a\uc73c\uc2dc\ub824\uba74 "
        "\uc218\uc2e0\uac70\ubd80\ub97c \ub20c\ub7ec \uc8fc\uc138\uc694.",
    ],
)
def test_the_footer_sentence_in_another_language_goes(footer: str) -> None:
    (article,) = parse(mail(f"{story_text()}\n\n{footer}\n"))
    assert article.body == STORY


def test_the_last_story_of_a_newsletter_does_not_take_the_footer_address() -> None:
    stories = [
        ("Water company fined for sewage spills", "https://a.example/fined", "The regulator set its largest fine."),
        ("School meals to be free for all pupils", "https://b.example/meals", "The county pays from September."),
        ("Airport's second runway plan withdrawn", "https://c.example/runway", "The owners said costs had risen."),
    ]
    rows = "".join(
        f'<tr><td><h3><a href="{url}">{title}</a></h3><p>{blurb}</p></td></tr>' for title, url, blurb in stories
    )
    html = f"<table>{rows}<tr><td><p>The Daily Rundown, 9 Print Row, Northam NB2 7AA</p></td></tr></table>"
    articles = parse(mail("Short.", html=html))
    assert [(a.title, a.body) for a in articles] == [(title, (blurb,)) for title, _, blurb in stories]


def test_the_footer_box_around_the_unsubscribe_link_goes_whatever_its_language() -> None:
    story = "".join(f"<p>{p}</p>" for p in STORY)
    footer = (
        "<table><tr><td><p>Jornal da Serra<br>Rua Direita 40, Vila Serra</p>"
        "<p>Recebeu este email porque subscreveu a nossa newsletter.</p>"
        '<p><a href="https://unsubscribe.mailer.example/v9x2">Sair</a></p></td></tr></table>'
    )
    html = f"<table><tr><td><table><tr><td><h1>Bridge</h1>{story}</td></tr></table>{footer}</td></tr></table>"
    (article,) = parse(mail("Short.", html=html))
    assert article.body == STORY


def test_a_forwarded_html_letter_keeps_its_story_beside_its_own_footer_links() -> None:
    quoted = (
        '<table><tr><td><p><a href="https://h.example/web">View this email in your browser</a></p>'
        + "".join(f"<p>{p}</p>" for p in STORY)
        + '<p><a href="https://h.example/unsubscribe">Unsubscribe</a> | Harbour Weekly, Pier Road</p></td></tr></table>'
    )
    html = (
        '<div dir="ltr"><div>Worth a look.</div><div class="gmail_quote"><div class="gmail_attr">'
        "---------- Forwarded message ---------<br>From: Harbour Weekly &lt;news@h.example&gt;<br>"
        "Date: Mon, Nov 30, 2026 at 7:02 AM<br>Subject: Bridge to close to cars<br></div>"
        f"<div>{quoted}</div></div></div>"
    )
    (article,) = parse(mail("Fwd.", html=html))
    assert (article.title, article.author, article.body) == ("Bridge to close to cars", "Harbour Weekly", STORY)


def test_in_a_flat_letter_only_the_unsubscribe_links_paragraph_goes() -> None:
    last = "Readers can leave the council's alerts at any time, the clerk said, though few have."
    html = (
        "<div>"
        + "".join(f"<p>{p}</p>" for p in STORY)
        + f'<p>{last}</p><p><a href="https://x.example/unsubscribe?u=1">Leave this list</a></p></div>'
    )
    (article,) = parse(mail("Short.", html=html))
    assert article.body == (*STORY, last)


def test_a_story_cell_after_the_first_is_kept_though_it_links_to_a_profile() -> None:
    # A bare <table> fragment, too: trafilatura refuses it, lxml reads it.
    html = (
        f"<table><tr><td><p>{STORY[0]}</p></td><td><p>{STORY[1]} Follow the engineers on "
        f'<a href="https://twitter.com/engineers">Twitter</a>.</p><p>{STORY[2]}</p></td></tr></table>'
    )
    (article,) = parse(mail("Short.", html=html))
    assert article.body[0] == STORY[0]
    assert article.body[-1] == STORY[2]


@pytest.mark.parametrize(
    "news",
    [
        "La ministra explic\u00f3 que los trabajadores podr\u00e1n darse de baja del sistema antes de marzo.",
        "De gemeente gaat volgend jaar een aanbesteding uitschrijven voor het nieuwe zwembad aan de rand van de stad.",
        "Le quotidien publie sa version en ligne avant l'\u00e9dition papier, a indiqu\u00e9 la direction.",
    ],
)
def test_news_that_uses_a_footer_word_stays(news: str) -> None:
    (article,) = parse(mail(f"{story_text()}\n\n{news}\n"))
    assert article.body == (*STORY, news)


def test_a_story_that_ends_with_a_long_question_keeps_it() -> None:
    question = "Will the council find the money for a new bridge before the old one has to shut for good?"
    (article,) = parse(mail(f"{story_text()}\n\n{question}\n"))
    assert article.body == (*STORY, question)


def test_prose_and_furniture_lines() -> None:
    assert is_prose("The bridge closes on Friday.")
    assert is_prose(
        "\u300c\u6765\u5e74\u56db\u6708\u304b\u3089\u7121\u511f\u306b\u3059\u308b\u300d\u3068\u8ff0\u3079\u305f\u3002"
    )
    assert is_prose("x" * 250)
    assert not is_prose("MORNING BRIEF - Monday 30 November")
    assert not is_prose("Read more: https://brief.example/2026/bridge")
    assert trim_furniture(["Heading", "A sentence.", "Button"]) == ["A sentence."]
    assert trim_furniture(["Short blurb", "Footer line"], head=False) == ["Short blurb"]
    assert trim_furniture(["Only a heading"]) == ["Only a heading"]
    listing = ["Market on Saturday from 9", "Carols at the church on Sunday", "Bins on Tuesday"]
    assert trim_furniture(listing) == listing  # no prose: nothing to tell the letter's text by


# --- subjects and senders ---------------------------------------------------------------------------------------


def test_emoji_before_the_subject_are_not_the_headline() -> None:
    (article,) = parse(mail(story_text(), subject="\U0001f50b\ufe0f Swing bridge to close to cars"))
    assert article.title == "Swing bridge to close to cars"
    (article,) = parse(mail(story_text(), subject="\u00a38 fare for the ferry from spring"))
    assert article.title == "\u00a38 fare for the ferry from spring"


@pytest.mark.parametrize(
    ("sender", "author", "source"),
    [
        ("Mira Okafor from The Allotment Letter <a@x.example>", "Mira Okafor", "Mira Okafor from The Allotment Letter"),
        ("Tom at Riverwatch Notes <t@x.example>", "Tom", "Tom at Riverwatch Notes"),
        ("news from the harbour <n@x.example>", "news from the harbour", "news from the harbour"),
        ("Town Brief <b@x.example>", "Town Brief", "Town Brief"),
    ],
)
def test_a_writer_from_a_letter_is_the_author_and_the_letter_stays_the_source(
    sender: str, author: str, source: str
) -> None:
    (article,) = parse(mail(story_text(), sender=sender))
    assert (article.author, article.source) == (author, source)


# --- charsets ---------------------------------------------------------------------------------------------------


def test_an_iso_2022_jp_mail_is_text_not_binary() -> None:
    text = (
        "\u6e2f\u5317\u5e02\u306f\u7d66\u98df\u8cbb\u3092\u7121\u511f\u306b\u3059\u308b\u3068\u767a\u8868\u3057\u305f\u3002\n"
        * 40
    )
    payload = text.encode("iso-2022-jp")
    check_readable(payload)  # its escape sequences are no sign of a binary file
    with pytest.raises(ParseError, match="binary"):
        check_readable(b"\x1b\x01\x02\x03 " * 400)  # bare escapes and other controls still are
    data = (
        b'MIME-Version: 1.0\nContent-Type: text/plain; charset="iso-2022-jp"\nContent-Transfer-Encoding: 7bit\n'
        b"From: desk@kohoku.example\nSubject: =?iso-2022-jp?b?GyRCNWs/KUhxGyhC?=\n"
        b"Date: Wed, 02 Dec 2026 18:00:00 +0900\n\n" + payload
    )
    (article,) = parse(data)
    assert article.title == "\u7d66\u98df\u8cbb"
    assert article.body[0].startswith("\u6e2f\u5317\u5e02\u306f")


def test_a_part_in_an_unknown_charset_is_still_read() -> None:
    data = (
        b"From: desk@x.example\nSubject: Bridge\nMIME-Version: 1.0\n"
        b'Content-Type: text/plain; charset="x-no-such-charset"\n\n' + story_text().encode()
    )
    (article,) = parse(data)
    assert article.body == STORY


# --- hostile mail -----------------------------------------------------------------------------------------------


def test_a_garbage_date_header_is_no_date() -> None:
    for garbage in ("yesterday-ish", "Mon, 99 Foo 99999 99:99:99 +9999", "\x00\x01", "2026-13-45T25:61:00Z"):
        (article,) = parse(mail(story_text(), when=garbage))
        assert article.published is None or isinstance(article.published, date)


def test_a_date_later_than_the_file_can_be_is_no_date() -> None:
    (article,) = parse(mail(story_text(), when="Sat, 04 Dec 2088 09:30:00 +0000"))
    assert article.published is None  # a sender's clock sixty years ahead: never shown as 4 Dec 2088
    (article,) = parse(mail(story_text(), when="Mon, 07 Dec 2026 06:00:00 +1400"))
    assert article.published == datetime(2026, 12, 7, 6, 0, tzinfo=timezone(timedelta(hours=14)))  # a zone ahead
    saved = Retrieved(
        data=mail(story_text(), when="Thu, 03 Dec 2026 09:00:00 +0000"),
        name="m.eml",
        location="/drop/m.eml",
        modified=NOW,
    )
    later = parse_retrieved(saved, now=NOW + timedelta(days=30))
    assert later[0].published == datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
    ahead = Retrieved(
        data=mail(story_text(), when="Thu, 10 Dec 2026 09:00:00 +0000"),
        name="m.eml",
        location="/drop/m.eml",
        modified=NOW,
    )
    assert parse_retrieved(ahead, now=NOW + timedelta(days=30))[0].published is None  # after the file was saved


def test_a_subject_of_a_hundred_thousand_characters_is_read_quickly() -> None:
    started = time.perf_counter()
    (article,) = parse(mail(story_text(), subject="Bridge " * 14_300))
    assert time.perf_counter() - started < 20  # about 1 s alone: no hang, even on a loaded host
    assert article.title.startswith("Bridge Bridge")
    assert article.body == STORY


def test_an_html_part_with_fifty_thousand_links_is_read_quickly() -> None:
    links = "".join(f'<a href="https://x.example/{n}">link {n}</a> ' for n in range(50_000))
    html = "".join(f"<p>{p}</p>" for p in STORY) + f"<p>{links}</p>"
    started = time.perf_counter()
    articles = parse(mail("Short.", html=html))
    assert time.perf_counter() - started < 30
    assert articles[0].body[:3] == STORY


def test_a_mail_of_thousands_of_parts_is_parsed_to_its_first_ones() -> None:
    """Ten thousand parts took six seconds to parse (each part's headers), though only the first 500 are read."""
    from email.mime.multipart import MIMEMultipart
    from email.mime.text import MIMEText

    from bot.ingest.formats import eml

    message = MIMEMultipart("mixed")
    message["From"] = "Town Brief <brief@town.example>"
    message["Subject"] = "Swing bridge to close to cars"
    message["Date"] = "Tue, 01 Dec 2026 09:41:17 -0800"
    message.attach(MIMEText("\n\n".join(STORY)))
    for n in range(3000):
        message.attach(MIMEText(f"attachment {n}"))
    data = bytes(message)
    parsed = eml._message(data)
    assert len(list(parsed.walk())) <= eml._PARTS_MAX * 2 + 2  # not the 3,002 parts of the file
    (article,) = parse(data)
    assert article.body == STORY


def test_a_text_part_after_the_parts_read_is_said_to_be_beyond_them() -> None:
    from email.mime.application import MIMEApplication
    from email.mime.multipart import MIMEMultipart
    from email.mime.text import MIMEText

    message = MIMEMultipart("mixed")
    message["From"] = "Town Brief <brief@town.example>"
    message["Subject"] = "Swing bridge to close to cars"
    for n in range(600):
        message.attach(MIMEApplication(b"x" * 20, Name=f"f{n}.bin"))
    message.attach(MIMEText(story_text()))  # the letter's text after six hundred attachments
    with pytest.raises(ParseError, match="no readable text part among its first 500 MIME parts"):
        parse(bytes(message))


def test_a_text_part_that_is_the_letter_s_markdown_source_gives_way_to_its_html() -> None:
    """Buttondown's text part is the letter's Markdown: its links and emphasis were the body's words."""
    plain = (
        f"# Swing bridge to close to cars\n\nThe county council voted on **Tuesday** to close the old "
        f"[swing bridge](https://town.example/bridge) to cars from the spring.\n\n{STORY[1]}\n\n_{STORY[2]}_\n"
    )
    html = (
        "<h1>Swing bridge to close to cars</h1><p>The county council voted on <b>Tuesday</b> to close the old "
        f'<a href="https://town.example/bridge">swing bridge</a> to cars from the spring.</p><p>{STORY[1]}</p>'
        f"<p><em>{STORY[2]}</em></p>"
    )
    (article,) = parse(mail(plain, html=html, sender="Town Brief <brief@buttondown.example>"))
    assert article.body == STORY
    (article,) = parse(mail(story_text().replace("swing bridge", "[swing bridge]"), html=html))
    assert article.body[0] == STORY[0].replace("swing bridge", "[swing bridge]")  # brackets alone: a text part
    stub = '<p><a href="https://town.example/web">Read this letter on the web</a></p>'
    (article,) = parse(mail(plain, html=stub))
    assert article.body[1] == STORY[1]  # an HTML part that is a stub: the Markdown text part is the letter


@pytest.mark.parametrize("label", ["Breaking News", "BREAKING", "Eilmeldung", "News alert"])
def test_a_subject_s_label_is_no_part_of_the_headline_the_letter_prints(label: str) -> None:
    subject = f"{label}: Swing bridge to close to cars"
    html = f"<p>{label.upper()}</p><h1>Swing bridge to close to cars</h1>" + "".join(f"<p>{p}</p>" for p in STORY)
    plain = f"{label.upper()}\n\nSwing bridge to close to cars\n\n{story_text()}"
    for text in (plain, "."):  # the letter in its text part, or in its HTML part only
        (article,) = parse(mail(text, subject=subject, html=html))
        assert (article.title, article.body) == ("Swing bridge to close to cars", STORY)
    (article,) = parse(mail(story_text(), subject=subject))
    assert article.title == subject  # the letter does not print the headline alone


def test_a_subject_whose_part_after_a_colon_is_short_keeps_its_label() -> None:
    (article,) = parse(mail(f"Ann Lee\n\n{story_text()}", subject="Interview: Ann Lee"))
    assert article.title == "Interview: Ann Lee"


def test_a_multipart_mail_whose_header_lost_its_boundary_is_read_by_the_boundary_its_body_shows() -> None:
    head = "From: Town Brief <brief@town.example>\nSubject: Swing bridge to close to cars\nMIME-Version: 1.0\n"
    parts = (
        f"--b1\nContent-Type: text/plain; charset=utf-8\n\n{story_text()}\n"
        f"--b1\nContent-Type: text/html; charset=utf-8\n\n<p>{STORY[0]}</p>\n--b1--\n"
    )
    (article,) = parse(f"{head}Content-Type: multipart/alternative\n\n{parts}".encode())
    assert (article.title, article.body) == ("Swing bridge to close to cars", STORY)
    unclosed = parts.replace("--b1--", "")  # no closing line: the guess is not taken
    with pytest.raises(ParseError, match="no readable text"):
        parse(f"{head}Content-Type: multipart/alternative\n\n{unclosed}".encode())


@pytest.mark.parametrize(
    "subject",
    ["=?x-mac-unknown?Q?Neuer_F=E4hranleger_er=F6ffnet?=", "=?unknown-8bit?Q?Neuer_F=E4hranleger_er=F6ffnet?="],
)
def test_a_header_in_a_charset_python_does_not_know_is_read_as_text(subject: str) -> None:
    head = f"From: =?x-mac-unknown?Q?Keldwicker_B=F6te?= <bote@town.example>\nSubject: {subject}\n"
    data = f"{head}Date: Tue, 01 Dec 2026 09:41:17 +0000\nContent-Type: text/plain\n\n{story_text()}\n".encode()
    (article,) = parse(data)
    assert (article.title, article.source) == ("Neuer F\u00e4hranleger er\u00f6ffnet", "Keldwicker B\u00f6te")
    raw = data.replace(subject.encode(), "Neuer F\u00e4hranleger er\u00f6ffnet".encode("latin-1"))  # 8-bit, unlabelled
    assert parse(raw)[0].title == "Neuer F\u00e4hranleger er\u00f6ffnet"


def test_an_outlook_message_named_eml_says_how_to_save_the_mail() -> None:
    outlook = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(24) + b"\x3e\x00\x03\x00\xfe\xff" + bytes(4000)
    with pytest.raises(ParseError, match=r"^not a saved mail: an Outlook message: save it as \.eml"):
        parse(outlook)  # not "binary file (contains NUL bytes; if it is UTF-16 text, save it as UTF-8)"


def test_a_mail_whose_text_is_only_in_winmail_dat_says_so() -> None:
    def outlook(text: str) -> bytes:
        message = EmailMessage()
        message["From"] = "Ilse Marrow <ilse@harbour.example>"
        message["Subject"] = "Swing bridge to close to cars"
        message["X-MS-TNEF-Correlator"] = "<0A1B@harbour.example>"
        message.set_content(text)
        message.add_attachment(b"\x78\x9f\x3e\x22" + bytes(300), "application", "ms-tnef", filename="winmail.dat")
        return bytes(message)

    with pytest.raises(ParseError, match=r"only in its winmail\.dat \(Outlook's rich text, TNEF\)"):
        parse(outlook("\n"))
    assert parse(outlook(story_text()))[0].body == STORY  # Outlook's text part beside it: the letter


def test_a_subject_that_is_only_the_sender_s_name_and_kind_gives_way_to_the_headline_the_letter_prints() -> None:
    html = "<p>BREAKING NEWS</p><h1>Swing bridge to close to cars</h1>" + "".join(f"<p>{p}</p>" for p in STORY)
    sender = "Town Brief <alerts@town.example>"
    (article,) = parse(mail(".", subject="Town Brief Breaking News", sender=sender, html=html))
    assert (article.title, article.body) == ("Swing bridge to close to cars", STORY)
    (article,) = parse(mail(story_text(), subject="Town Brief Breaking News", sender=sender))
    assert article.title == "Town Brief Breaking News"  # no headline printed above the story: the subject stays
    (article,) = parse(mail(".", subject="Town Brief: a council vote", sender=sender, html=html))
    assert article.title == "Town Brief: a council vote"  # a subject that says more than the sender's name stays


def test_a_mailbox_of_several_messages_saved_as_one_file_is_each_of_them() -> None:
    """Apple Mail and Thunderbird save several selected messages in one file, each after its "From " line."""
    first = mail(story_text(), when="Tue, 01 Dec 2026 09:41:17 +0000")
    second = mail(
        "The ferry to the outer islands runs again from Monday, after a winter of repairs.", subject="Ferry back"
    )
    box = b"From brief@town.example Tue Dec  1 09:42:00 2026\n" + first + b"\n"
    box += b"From brief@town.example Wed Dec  2 10:00:00 2026\n" + second
    assert [a.title for a in parse(box)] == ["Swing bridge to close to cars", "Ferry back"]
    (one,) = parse(b"From - Tue Dec  1 09:42:00 2026\n" + first)  # Thunderbird's one saved message
    assert one.body == STORY
    quoting = b"From brief@town.example Tue Dec  1 09:42:00 2026\n" + mail(
        f"{story_text()}\n\nFrom the desk: more soon."
    )
    assert len(parse(quoting)) == 1  # a line of the letter opening "From " is no message


def test_a_mailbox_file_named_mbox_is_read_as_its_messages() -> None:
    """An exported mailbox named ``.mbox`` (Thunderbird's ImportExportTools, Google Takeout) was refused as an
    unknown suffix; it is read as a mailbox saved as one ``.eml`` is."""
    first = mail(story_text(), when="Tue, 01 Dec 2026 09:41:17 +0000")
    second = mail(
        "The ferry to the outer islands runs again from Monday, after a winter of repairs.", subject="Ferry back"
    )
    box = b"From brief@town.example Tue Dec  1 09:42:00 2026\n" + first + b"\n"
    box += b"From brief@town.example Wed Dec  2 10:00:00 2026\n" + second
    assert is_supported("Inbox.mbox")
    found = parse_retrieved(Retrieved(data=box, name="Inbox.mbox", location="/drop/Inbox.mbox"), now=NOW)
    assert [a.title for a in found] == ["Swing bridge to close to cars", "Ferry back"]


def test_a_mailbox_of_more_messages_than_are_read_says_so(monkeypatch, caplog) -> None:
    """Past the mailbox's limit (1,000 messages) the rest were dropped without a word; the log says so now."""
    from bot.ingest.formats import eml

    monkeypatch.setattr(eml, "_MAILBOX_MAX", 3)
    box = b"".join(
        b"From brief@town.example Tue Dec  1 09:42:00 2026\n" + mail(story_text(), subject=f"Story {n}") + b"\n"
        for n in range(5)
    )
    found = parse_retrieved(Retrieved(data=box, name="Inbox.mbox", location="/drop/Inbox.mbox"), now=NOW)
    assert [a.title for a in found] == ["Story 0", "Story 1", "Story 2"]
    assert "Inbox.mbox: a mailbox of more than 3 messages: the first 3 are read" in caplog.text
