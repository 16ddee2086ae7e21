"""Unit tests of the format dispatcher, decoding, metadata dates and HTML headline rules."""

import codecs
import json
from datetime import UTC, date, datetime

import pytest
import trafilatura

from bot.errors import ParseError, UnsupportedFormatError
from bot.ingest.formats import is_supported, parse_retrieved
from bot.ingest.formats.decode import decode_text
from bot.ingest.formats.meta import find_text_date, parse_meta_date, url_date
from bot.ingest.formats.pagemeta import choose_title, page_metadata, strip_site_affix
from bot.ingest.xmlfeed import decode_bytes
from bot.models import Retrieved

NOW = datetime(2025, 10, 17, 9, 0, tzinfo=UTC)
MD = "---\ntitle: Wind farm approved\ndate: 2025-10-01\n---\n\nThe council approved twelve turbines on the ridge.\n"


def parse(name: str, data: bytes):
    return parse_retrieved(Retrieved(data=data, name=name, location=name), now=NOW)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty file"),
        (b"  \n\t\n", "empty file"),
        (b"%PDF-1.7 binary", "binary file"),
        (b"\x89PNG\r\n\x1a\n....", "binary file"),
        (b"abc\x00def\x00ghi", "binary file"),
        (bytes(range(1, 32)) * 40, "binary file"),
    ],
)
@pytest.mark.parametrize("name", ["a.md", "a.html", "a.eml", "a.json", "a.rss", "a.txt"])
def test_unreadable_bytes_are_refused_with_a_reason(name, data, message):
    with pytest.raises(ParseError, match=message):
        parse(name, data)


@pytest.mark.parametrize("name", ["photo.jpg", "notes.doc", "README", "data.csv"])
def test_unknown_suffix_is_unsupported(name):
    assert not is_supported(name)
    with pytest.raises(UnsupportedFormatError, match="unsupported file type"):
        parse(name, b"hello")


def test_suffix_is_case_insensitive():
    (article,) = parse("STORY.MD", MD.encode())
    assert article.title == "Wind farm approved"


@pytest.mark.parametrize(
    "data",
    [
        codecs.BOM_UTF8 + MD.encode("utf-8"),
        codecs.BOM_UTF16_LE + MD.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + MD.encode("utf-16-be"),
        MD.replace("\n", "\r\n").encode("utf-8"),
    ],
    ids=["utf8-bom", "utf16le", "utf16be", "crlf"],
)
def test_boms_and_line_endings(data):
    (article,) = parse("wind.md", data)
    assert article.title == "Wind farm approved"
    assert article.published == date(2025, 10, 1)
    assert article.body == ("The council approved twelve turbines on the ridge.",)


def test_decoding_order():
    assert decode_text("caf\u00e9 \u201cok\u201d".encode()) == "caf\u00e9 \u201cok\u201d"
    assert decode_text(b"caf\xe9 \x93ok\x94") == "caf\u00e9 \u201cok\u201d"  # cp1252 fallback
    koi8 = "\u043d\u043e\u0432\u043e\u0441\u0442\u0438".encode("koi8-r")
    assert decode_text(koi8, "text/plain; charset=koi8-r") == "\u043d\u043e\u0432\u043e\u0441\u0442\u0438"
    assert decode_text(b'<meta charset="koi8-r">' + koi8).endswith("\u043d\u043e\u0432\u043e\u0441\u0442\u0438")


STORY = (
    "The council\u2019s members said the vote would wait \u2014 until the engineers had reported on the tides. "
    "\u201cWe\u2019re not rushing it,\u201d the mayor said, and the caf\u00e9 owners on the quay agreed."
)


@pytest.mark.parametrize(
    ("damage", "stray"),
    [
        (lambda b: b + "\u00e9".encode()[:1], 1),  # a copy cut inside its last character
        (lambda b: b[:20] + b"\x92" + b[20:], 1),  # one damaged byte
        (lambda b: b[:20] + b"\xff\xfe" + b[20:40] + b"\xc3" + b[40:], 3),
    ],
    ids=["cut-inside-a-character", "one-stray-byte", "three-stray-bytes"],
)
def test_utf8_with_a_few_stray_bytes_is_still_utf8(damage, stray):
    """One bad byte made the whole file cp1252: each curly quote and accent became gibberish ("\u00e2\u20ac\u2122")."""
    data = damage(STORY.encode())
    for text in (decode_text(data), decode_bytes(data)):  # the drop files' door and the feeds' alike
        assert "\u00e2" not in text
        assert text.replace("\ufffd", "").startswith(STORY[:20])
        assert "\u201cWe\u2019re not rushing it,\u201d" in text
        assert "caf\u00e9" in text
        assert text.count("\ufffd") == stray


@pytest.mark.parametrize(
    ("label", "text", "codec"),
    [
        ("iso-8859-1", "Caf\u00e9 owners call the \u201ctemporary\u201d ban \u2013 again \u2013 unfair.", "cp1252"),
        ("gb2312", "\u51fa\u552e\u7eaa\u5ff5\u5e01\u4e00\u5957\uff0c\u6731\u9555\u57fa\u8bf4\u3002", "gbk"),
    ],
    ids=["latin1-label-cp1252-quotes", "gb2312-label-gbk-character"],
)
def test_a_charset_label_is_read_as_browsers_read_it(label, text, codec):
    """A page labelled iso-8859-1 holds cp1252's curly quotes and dashes (they became invisible C1 controls), and
    one labelled gb2312 holds GBK's characters (the whole page became gibberish): the drop files' decoder now
    reads labels as the feeds' did, by their WHATWG superset."""
    page = f'<html><head><meta charset="{label}"></head><body><p>{text}</p></body></html>'.encode(codec)
    assert decode_text(page).endswith(f"<p>{text}</p></body></html>")
    assert decode_text(text.encode(codec), f"text/plain; charset={label}") == text
    assert decode_bytes(text.encode(codec), f"text/plain; charset={label}") == text


RU = (
    "\u0413\u043e\u0440\u043e\u0434\u0441\u043a\u043e\u0439 \u0441\u043e\u0432\u0435\u0442 \u043e"
    "\u0442\u043b\u043e\u0436\u0438\u043b \u0433\u043e\u043b\u043e\u0441\u043e\u0432\u0430\u043d"
    "\u0438\u0435 \u043f\u043e \u0431\u044e\u0434\u0436\u0435\u0442\u0443 \u043c\u043e\u0441\u0442"
    "\u0430. \u00ab\u041c\u044b \u043d\u0435 \u0441\u043f\u0435\u0448\u0438\u043c\u00bb, \u2014 "
    "\u0441\u043a\u0430\u0437\u0430\u043b \u043c\u044d\u0440."
)
ZH = (
    "\u5e02\u8bae\u4f1a\u5468\u56db\u51b3\u5b9a\u63a8\u8fdf\u5173\u4e8e\u5927\u6865\u9884\u7b97\u7684"
    "\u6295\u7968\u3002\u5e02\u957f\u8868\u793a\uff1a\u201c\u6211\u4eec\u4e0d\u7740\u6025\u3002\u201d"
)
JA = (
    "\u5e02\u8b70\u4f1a\u306f\u6728\u66dc\u65e5\u3001\u6a4b\u306e\u4e88\u7b97\u306b\u95a2\u3059\u308b"
    "\u6295\u7968\u3092\u5ef6\u671f\u3059\u308b\u3053\u3068\u3092\u6c7a\u3081\u305f\u3002\u5e02\u9577"
    "\u306f\u300c\u6025\u3044\u3067\u3044\u306a\u3044\u300d\u3068\u8ff0\u3079\u305f\u3002"
)
ES = "El alcalde dijo que no hay prisa. Los due\u00f1os de los caf\u00e9s est\u00e1n de acuerdo, se\u00f1or."


@pytest.mark.parametrize(
    ("text", "codec"),
    [(RU, "cp1251"), (ZH, "gbk"), (JA, "cp932"), (JA, "euc-jp"), (ES, "cp1252"), (STORY, "cp1252")],
    ids=["russian-cp1251", "chinese-gbk", "japanese-shift-jis", "japanese-euc", "spanish-cp1252", "english-cp1252"],
)
def test_unlabelled_text_in_an_old_code_page_is_read_in_its_script(text, codec):
    """Text saved without a label in windows-1251, GBK or Shift_JIS was read as cp1252: gibberish throughout.
    Latin text stays cp1252 (a guess there would take a short Spanish text for cp1250)."""
    data = f"{text}\n\n{text}\n".encode(codec)
    assert decode_text(data) == f"{text}\n\n{text}\n"
    assert decode_bytes(data) == f"{text}\n\n{text}\n"


PL = (
    "Rada miasta przeg\u0142osowa\u0142a w pi\u0105tek budow\u0119 linii \u0142\u0105cz\u0105cej"
    " port z uczelni\u0105. Mo\u017ce."
)
CS = (
    "Zastupitel\u00e9 v p\u00e1tek odhlasovali stavbu trati, kter\u00e1 spoj\u00ed"
    " p\u0159\u00edstav s m\u011bstem. Odp\u016frci m\u011bli jin\u00fd n\u00e1zor."
)
SK = (
    "Mestsk\u00e9 zastupite\u013estvo schv\u00e1lilo tra\u0165 pre \u013eud\u00ed; elektri\u010dka"
    " m\u00e1 by\u0165 hotov\u00e1 do roku 2029."
)
DA = (
    "K\u00f8benhavns kommune vedtog i g\u00e5r en st\u00f8rre plan; f\u00f8rst skal s\u00f8en"
    " renses, s\u00e5 bygges broen."
)
IT = (
    "Il consiglio ha approvato luned\u00ec la linea: perch\u00e9 la citt\u00e0 ha bisogno di"
    " pi\u00f9 tram, cos\u00ec il porto."
)
FR = "O\u00f9 passera le tram ? Tr\u00e8s pr\u00e8s du c\u0153ur de la ville, pr\u00e8s des \u0153uvres du mus\u00e9e."


@pytest.mark.parametrize(
    ("text", "codec"),
    [(PL, "cp1250"), (CS, "cp1250"), (SK, "cp1250"), (PL, "iso8859-2"), (DA, "cp1252"), (IT, "cp1252"), (FR, "cp1252"),
     (ES, "cp1252")],
    ids=["polish", "czech", "slovak", "polish-latin2", "danish", "italian", "french", "spanish"],
)  # fmt: skip
def test_unlabelled_central_european_text_is_read_in_its_code_page(text, codec):
    """Polish and Czech saved by Windows tools (cp1250) were read as cp1252: "przeg\u00b3osowa\u00b3a",
    "p\u00f8\u00edstav". Told by characters that no language writes inside a word; other Latin text stays cp1252."""
    data = f"{text}\n\n{text}\n".encode(codec)
    assert decode_text(data) == f"{text}\n\n{text}\n"


def test_8bit_text_with_a_stray_utf8_sequence_stays_8bit():
    """Text in cp1252 whose accented letters form no UTF-8 is read in cp1252, even with one accidental sequence."""
    data = "Caf\u00e9 cr\u00e8me: \u201cna\u00efve\u201d d\u00e9j\u00e0 vu, ".encode("cp1252") + "\u00e9".encode()
    assert decode_text(data) == "Caf\u00e9 cr\u00e8me: \u201cna\u00efve\u201d d\u00e9j\u00e0 vu, \u00c3\u00a9"
    assert decode_bytes(data) == decode_text(data)


def test_source_named_and_key_points_filled():
    (article,) = parse("wind.md", MD.encode())
    assert article.source == "wind.md"
    try:
        from bot.text.keypoints import key_points

        expected = tuple(key_points(list(article.body), article.title, 3))
    except Exception:
        expected = ()  # a broken key-point module must not cost the article
    assert article.key_points == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-10-17", date(2025, 10, 17)),
        ("2025-10-17T10:32:00Z", datetime(2025, 10, 17, 10, 32, tzinfo=UTC)),
        ("2025-10-17T10:32:00.123456789+0200", datetime(2025, 10, 17, 8, 32, 0, 123456, tzinfo=UTC)),
        ("2025-10-17 10:32:00", datetime(2025, 10, 17, 10, 32, tzinfo=UTC)),
        ("Fri, 17 Oct 2025 10:32:00 -0400", datetime(2025, 10, 17, 14, 32, tzinfo=UTC)),
        ("20251017", date(2025, 10, 17)),
        ("2025/10/17", date(2025, 10, 17)),
        ("01:38:07 PM IST Nov 20, 2019", date(2019, 11, 20)),
        ("0001-01-01T00:00:00Z", None),
        ("", None),
        ("soon", None),
    ],
)
def test_parse_meta_date(text, expected):
    assert parse_meta_date(text) == expected


def test_text_and_url_dates():
    assert find_text_date("Posted: Fri 6:45 PM, Feb 16, 2018") == date(2018, 2, 16)
    assert find_text_date("Updated 3 November 2025, 10:00") == date(2025, 11, 3)
    assert find_text_date("Sept. 9th, 2024") == date(2024, 9, 9)
    assert find_text_date("no date here") is None
    assert url_date("https://x.example/2019/nov/18/story/") == date(2019, 11, 18)
    assert url_date("https://x.example/news/2019/11/18/story") == date(2019, 11, 18)
    assert url_date("https://x.example/news/story-12345") is None


@pytest.mark.parametrize(
    ("title", "site", "expected"),
    [
        ("Storm closes schools across the north | The Courier", "The Courier", "Storm closes schools across the north"),
        ("Storm closes schools across the north - BBC News", None, "Storm closes schools across the north"),
        ("Opinion | Why the storm warnings came too late", None, "Why the storm warnings came too late"),
        ("Storm closes schools", None, "Storm closes schools"),
        (
            "Brexit - what happens next for farmers and fishermen",
            None,
            "Brexit - what happens next for farmers and fishermen",
        ),
    ],
)
def test_strip_site_affix(title, site, expected):
    assert strip_site_affix(title, site) == expected


def test_choose_title_prefers_the_h1_a_title_names_and_skips_the_masthead():
    assert choose_title(["About bugs \u2013 Vortex Games"], ["About bugs"], None) == "About bugs"
    assert choose_title(["Headline here | Site Name"], ["Site Name", "Headline here"], "Site Name") == "Headline here"
    assert choose_title([], ["Only an h1"], None) == "Only an h1"
    assert choose_title([], [], None) is None


def test_page_metadata_sources():
    html = """<html><head><title>Dam opens | Daily</title>
    <meta itemprop="datePublished" content="2025-04-05T06:00:00+10:00"></head>
    <body><h1>Dam opens</h1><p>x</p></body></html>"""
    meta = page_metadata(trafilatura.load_html(html))
    assert meta.title == "Dam opens"
    assert meta.published == datetime(2025, 4, 4, 20, 0, tzinfo=UTC)
    html2 = """<html><head><title>Dam opens</title><link rel="canonical" href="https://n.example/2025/04/05/dam">
    </head><body><h1>Dam opens</h1><p>x</p></body></html>"""
    meta2 = page_metadata(trafilatura.load_html(html2))
    assert meta2.published == date(2025, 4, 5)
    assert meta2.url == "https://n.example/2025/04/05/dam"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("x.json", b"not json {", "not valid JSON"),
        ("x.json", b'{"title": "no body"}', "no body"),
        ("x.json", b"42", "neither an article"),
        ("x.md", b"---\ntitle: Only a title\n---\n", "no body"),
        ("x.html", b"<html><body></body></html>", "no article text|not an HTML page"),
        ("x.eml", b"just some words without headers", "not an e-mail|no readable"),
        ("x.rss", b"<rss><channel><title>t</title></channel></rss>", "no entries|not a feed"),
    ],
)
def test_format_errors_say_what_is_wrong(name, data, message):
    with pytest.raises(ParseError, match=message):
        parse(name, data)


def test_html_fragment_and_untitled_page():
    (article,) = parse("frag.html", b"<p>Ferry sails again after the storm, the harbour master said.</p>")
    assert article.body == ("Ferry sails again after the storm, the harbour master said.",)
    page = (
        b"<html><body><div>Storm update</div><p>The ferry sails again today after two days in port.</p></body></html>"
    )
    (article,) = parse("untitled.html", page)
    assert article.title == "Storm update"
    assert article.body == ("The ferry sails again today after two days in port.",)


def test_markdown_byline_and_date_lines_under_the_title():
    text = "# Pier reopens\n\n*17 October 2025*\n\nBy Ann Lee\n\nThe pier reopened on Friday.\n\nMore text.\n"
    (article,) = parse("pier.md", text.encode())
    assert (article.title, article.author, article.published) == ("Pier reopens", "Ann Lee", date(2025, 10, 17))
    assert article.body == ("The pier reopened on Friday.", "More text.")


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("*17 October 2025* \u2014 by **Ann Lee**", "Ann Lee"),
        ("17 October 2025 | By Ann Lee", "Ann Lee"),
        ("By Ann Lee, 17 October 2025", "Ann Lee"),
        ("17 October 2025 - by the harbour desk", None),  # no name
    ],
)
def test_markdown_byline_after_the_date_on_one_line(line, author):
    """The date was read and the line dropped, its author lost."""
    (article,) = parse("pier.md", f"# Pier reopens\n\n{line}\n\nThe pier reopened on Friday.\n\nMore.\n".encode())
    assert (article.author, article.published) == (author, date(2025, 10, 17))


@pytest.mark.parametrize(
    ("heading", "day"),
    [
        ("Weekly notes: 5 December 2026", date(2026, 12, 5)),
        ("2026-12-05 \u2014 Standup", date(2026, 12, 5)),
        ("Notas semanales (5 de diciembre de 2026)", date(2026, 12, 5)),
        ("Wochennotizen \u2013 5. Dezember 2026", date(2026, 12, 5)),
        ("\u5468\u62a5\uff1a2026\u5e7412\u67085\u65e5", date(2026, 12, 5)),
        ("The flood of 31 January 1953", None),  # a day the title is about
        ("Harbour works, 1 June 2026 \u2013 4 December 2026", None),  # two days: neither is the note's
    ],
)
def test_a_note_s_date_set_off_in_its_title_is_its_date(heading, day):
    """A note whose H1 dates it had no date."""
    text = f"# {heading}\n\nThe harbour board met on Tuesday and kept the lighthouse lit.\n\nThe ferry runs on.\n"
    (article,) = parse("notes.md", text.encode())
    assert (article.title, article.published) == (heading, day)


def test_markdown_drops_comments_scripts_and_styles_but_not_code_samples():
    text = (
        "# Bridge reopens\n\nThe bridge reopened on Saturday after repairs.\n\n"
        "<script>gtag('config', 'G-1');</script>\n\n<STYLE type='text/css'>\n.promo { color: red; }\n</style>\n\n"
        "<!-- editor: check\nthe figure -->\n\nCyclists get a lane in January.\n\n"
        "```html\n<script>alert(1)</script>\n```\n"
    )
    (article,) = parse("bridge.md", text.encode())
    assert article.body == (
        "The bridge reopened on Saturday after repairs.",
        "Cyclists get a lane in January.",
        "alert(1)",  # a fenced sample stays (its tags go, as every block's do)
    )


def test_markdown_unclosed_comment_or_script_loses_its_tag_not_the_text_after_it():
    text = "# Bridge reopens\n\n<!-- note\n\nThe bridge reopened.\n\n<script>\n\nCyclists get a lane.\n"
    (article,) = parse("bridge.md", text.encode())
    assert article.body[-2:] == ("The bridge reopened.", "Cyclists get a lane.")


def test_markdown_hidden_html_scan_is_linear_on_hostile_input():
    from bot.ingest.formats.markdown import hidden_html_removed

    hostile = "<!-- <script> <style> " * 50_000 + "text"
    assert hidden_html_removed(hostile).endswith("text")


@pytest.mark.parametrize(
    "tag",
    [
        '{{< figure src="/img/pier.jpg" caption="The pier at dawn." >}}',
        "{{% notice info %}}",
        '{% include image.html url="/img/pier.jpg" description="The pier at dawn" %}',
    ],
)
def test_markdown_leaves_out_a_site_generator_s_template_tags(tag):
    """A Hugo or Jekyll post's shortcode was a paragraph of the body, and then a key point."""
    text = f"---\ntitle: Pier reopens\n---\n\nThe pier reopened on Friday after repairs.\n\n{tag}\n\nMore text.\n"
    (article,) = parse("pier.md", text.encode())
    assert article.body == ("The pier reopened on Friday after repairs.", "More text.")


def test_markdown_keeps_braces_that_are_no_template_tag():
    line = "The sign reads {{ 3 }} in chalk, and the prices {50% off} and {<5 left>} in red."
    (article,) = parse("pier.md", f"# Pier reopens\n\n{line}\n\nMore text.\n".encode())
    assert article.body[0] == line


def test_markdown_template_tag_scan_is_linear_on_hostile_input():
    from bot.ingest.formats.markdown import strip_inline

    hostile = "{{< {% " * 100_000 + "text"
    assert strip_inline(hostile).endswith("text")


@pytest.mark.parametrize("tags", ["Tags: pier, harbour", "Schlagwörter: Mole, Hafen", "タグ: 港, 桟橋"])
def test_a_note_s_closing_tags_line_is_not_its_text(tags):
    text = f"# Pier reopens\n\nThe pier reopened on Friday.\n\nMore text.\n\n---\n\n*{tags}*\n"
    (article,) = parse("pier.md", text.encode())
    assert article.body == ("The pier reopened on Friday.", "More text.")


@pytest.mark.parametrize(
    ("name", "data"),
    [
        (
            "p.html",
            b'<html><head><link rel="canonical" href="javascript:alert(1)"></head><body><h1>Ferry back</h1>'
            b"<p>The ferry returned to service on Monday after two days in port, the operator said.</p></body></html>",
        ),
        ("p.json", b'{"title": "Ferry back", "url": " JavaScript:alert(1)", "content": "The ferry returned."}'),
        ("p.json", b'{"title": "Ferry back", "url": "data:text/html,x", "content": "The ferry returned."}'),
        ("p.md", b"---\ntitle: Ferry back\nurl: vbscript:msgbox\n---\n\nThe ferry returned.\n"),
    ],
)
def test_a_link_no_reader_can_follow_is_not_the_articles_url(name, data):
    (article,) = parse(name, data)
    assert article.title == "Ferry back"
    assert article.url is None


def test_followable_links():
    from bot.ingest.textsafe import followable

    assert [
        followable(u) for u in ("https://q.example/a", "HTTP://q.example/a", "/news/a", "a.html", "//q.example/")
    ] == [True] * 5
    assert not any(followable(u) for u in ("javascript:alert(1)", " JavaScript:x", "data:,x", "file:///etc/passwd"))


def _frame(head: str) -> bytes:
    """A page saved as its HTML alone from a site that draws its articles with JavaScript: an empty frame."""
    return (
        f"<!doctype html><html><head><title>Ferry back - Harbour News</title>{head}</head><body><div id='root'>"
        "</div><noscript>You need to enable JavaScript to run this app.</noscript></body></html>"
    ).encode()


def _ld(**fields: object) -> str:
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Ferry back", **fields}
    return f"<script type='application/ld+json'>{json.dumps(data)}</script>"


@pytest.mark.parametrize(
    "body",
    [
        "The ferry sails again.\n\nTimes stay reduced until Wednesday.",
        "The ferry sails again.\nTimes stay reduced until Wednesday.",
        "<p>The ferry sails again.</p><p>Times stay reduced until <b>Wednesday</b>.</p>",
        ["The ferry sails again.", "Times stay reduced until Wednesday."],
    ],
    ids=["blank-lines", "lines", "html", "list"],
)
def test_a_page_whose_text_is_only_in_its_json_ld_gives_that_text(body):
    """It was refused "no article text found in the page"."""
    (article,) = parse("ferry.html", _frame(_ld(articleBody=body, author={"name": "Ann Lee"})))
    assert (article.title, article.author) == ("Ferry back", "Ann Lee")
    assert article.body == ("The ferry sails again.", "Times stay reduced until Wednesday.")


def test_an_empty_article_page_gives_its_description_and_any_other_empty_page_is_refused():
    description = "<meta property='og:description' content='The ferry sails again after the storm.'>"
    (article,) = parse("ferry.html", _frame(description + "<meta property='og:type' content='article'>"))
    assert article.body == ("The ferry sails again after the storm.",)
    (article,) = parse("ferry.html", _frame(description + _ld()))
    assert article.body == ("The ferry sails again after the storm.",)
    with pytest.raises(ParseError, match="no article text found"):
        parse("ferry.html", _frame(description))  # a page that does not call itself an article


_FERRY = {"title": "Ferry back", "content": "The ferry sails again.", "date": "2026-11-30"}


@pytest.mark.parametrize(
    "document",
    [
        {"posts": [{"title": "Ferry back", "html": "<p>The ferry sails again.</p>", "published_at": "2026-11-30"}]},
        {"data": {"article": _FERRY}},
        {
            "response": {
                "results": [
                    {
                        "webTitle": "Ferry back",
                        "webPublicationDate": "2026-11-30T08:00:00Z",
                        "fields": {"bodyText": "The ferry sails again.", "byline": "Ann Lee"},
                    }
                ]
            }
        },
        {"ok": True, "result": [{"meta": 1}, {"story": _FERRY}]},
    ],
    ids=["ghost-export", "nested-object", "guardian-api", "deeper-list"],
)
def test_an_api_answer_holding_its_article_gives_it(document):
    """Each was refused "no article in the JSON (item 1: no body, text or content)"."""
    (article,) = parse("ferry.json", json.dumps(document).encode())
    assert (article.title, article.body) == ("Ferry back", ("The ferry sails again.",))
    assert str(article.published)[:10] == "2026-11-30"  # a day or a moment, as the document writes it


def test_a_search_api_s_record_of_a_headline_object_and_a_first_paragraph_gives_its_article():
    """The New York Times' Article Search API: the headline an object ({"main": ...}), no body but the first
    paragraph and an abstract, the writer {"original": "By ..."}. It was refused "no body, text or content"."""
    doc = {
        "abstract": "The town will plant trees on its least shaded streets.",
        "web_url": "https://paper.example/2026/12/03/trees.html",
        "lead_paragraph": "Harbourton will plant 3,000 trees on the streets that suffer most in heat waves, the "
        "mayor said on Thursday.",
        "headline": {"main": "Town to Plant 3,000 Trees on Its Hottest Streets", "print_headline": "Shade"},
        "pub_date": "2026-12-03T15:04:11+0000",
        "byline": {"original": "By Ann Lee and Tom Berg"},
    }
    (article,) = parse("search.json", json.dumps({"status": "OK", "response": {"docs": [doc]}}).encode())
    assert article.title == "Town to Plant 3,000 Trees on Its Hottest Streets"
    assert article.body == (doc["lead_paragraph"],)
    assert (article.author, article.url) == ("Ann Lee and Tom Berg", doc["web_url"])
    assert str(article.published)[:10] == "2026-12-03"


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("By Ann Lee", "Ann Lee"),
        ("BY ANN LEE", "ANN LEE"),
        ("Por Laura G\u00f3mez", "Laura G\u00f3mez"),
        ("Ann Lee", "Ann Lee"),
    ],
)
def test_a_feed_s_or_a_record_s_writer_loses_the_byline_s_label(written, name):
    """Feeds write dc:creator as a byline ("By Ann Lee"), and every digest showed "By"."""
    feed = (
        '<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>G</title>'
        "<link>https://g.example/</link><item><title>Ferry back</title><link>https://g.example/a</link>"
        f"<dc:creator>{written}</dc:creator><description>The ferry sails again after the storm.</description>"
        "</item></channel></rss>"
    )
    (article,) = parse("feed.xml", feed.encode())
    assert article.author == name
    (record,) = parse("record.json", json.dumps({**_FERRY, "author": written}).encode())
    assert record.author == name


def test_a_news_api_record_loses_its_cut_marker_and_its_source_s_name_in_the_title():
    """NewsAPI's records: "Headline - Source" as the title, and content cut at 200 characters with "\u2026 [+1843
    chars]", which was the body's last words and a key point's."""
    record = {
        "source": {"id": None, "name": "Harbour Weekly"},
        "author": "Tom Berg",
        "title": "Ferry fares to rise by 8% in January - Harbour Weekly",
        "url": "https://harbourweekly.example/news/ferry-fares",
        "publishedAt": "2026-12-04T18:02:00Z",
        "content": "The island ferry company will raise fares on January 1, it said on Friday.\r\nA return ticket"
        " will cost 64 euros, up from 59. Season\u2026 [+1843 chars]",
    }
    (article,) = parse("news.json", json.dumps({"status": "ok", "articles": [record]}).encode())
    assert article.title == "Ferry fares to rise by 8% in January"
    assert article.source == "Harbour Weekly"
    assert article.body == (
        "The island ferry company will raise fares on January 1, it said on Friday.",
        "A return ticket will cost 64 euros, up from 59.",
    )
    # A last part that is not the source's name is the headline's own.
    (again,) = parse("news.json", json.dumps({**record, "title": "Ferry fares rise - again"}).encode())
    assert again.title == "Ferry fares rise - again"


def test_json_lines_give_one_article_a_line():
    """An export written one JSON document a line was refused "not valid JSON (line 2, column 1: Extra data)"."""
    lines = "\n".join(json.dumps({**_FERRY, "title": f"Ferry back, day {n}"}) for n in (1, 2, 3)) + "\n"
    assert [a.title for a in parse("ferry.json", lines.encode())] == [f"Ferry back, day {n}" for n in (1, 2, 3)]
    with pytest.raises(ParseError, match=r"not valid JSON \(line 2"):
        parse("ferry.json", (json.dumps(_FERRY) + "\n{oops\n").encode())


def test_json_html_text_loses_its_scripts():
    """A body's HTML was stripped of its tags by a pattern: a script's code stayed in the text."""
    data = {"title": "Ferry back", "content": "<p>The ferry sails again.</p><script>track('x')</script><p>Soon.</p>"}
    (article,) = parse("ferry.json", json.dumps(data).encode())
    assert article.body == ("The ferry sails again.", "Soon.")


def test_a_json_search_for_articles_is_bounded():
    wide = {"a": [{"x": [1] * 10} for _ in range(100_000)]}
    with pytest.raises(ParseError, match="no article in the JSON"):
        parse("wide.json", json.dumps(wide).encode())


def test_json_wrapped_fields_and_html_content():
    data = (
        b'{"title": {"rendered": "Tolls &amp; fares"}, "content": {"rendered": "<p>One.</p><p>Two &amp; three.</p>"}}'
    )
    (article,) = parse("wp.json", data)
    assert article.title == "Tolls & fares"
    assert article.body == ("One.", "Two & three.")


_HTML = "<p>The ferry sails again from Monday.</p><p>Crossings at dawn are cut.</p>"


@pytest.mark.parametrize(
    ("export", "expected"),
    [
        (  # Wallabag: the writers as a list under "published_by"
            [{"title": "Ferry back", "content": _HTML, "url": "https://q.example/f", "published_by": ["Ann Lee"],
              "published_at": "2025-10-16T08:00:00+0200", "domain_name": "q.example"}],
            ("Ann Lee", "https://q.example/f", "ferry.json"),
        ),
        (  # Miniflux: the feed as an object
            {"total": 1, "entries": [{"title": "Ferry back", "content": _HTML, "url": "https://q.example/f",
              "author": "Ann Lee", "published_at": "2025-10-16T08:00:00+02:00", "feed": {"title": "Quay News"}}]},
            ("Ann Lee", "https://q.example/f", "Quay News"),
        ),
        (  # Readwise Reader: its own link as "url", the page's as "source_url", the full text beside the summary
            {"count": 1, "results": [{"title": "Ferry back", "url": "https://read.example/r/01", "summary": "Short.",
              "source_url": "https://q.example/f", "html_content": _HTML, "author": "Ann Lee",
              "site_name": "Quay News", "published_date": "2025-10-16"}]},
            ("Ann Lee", "https://q.example/f", "Quay News"),
        ),
    ],
    ids=["wallabag", "miniflux", "readwise"],
)  # fmt: skip
def test_reading_apps_exports_give_the_page_s_text_address_writer_and_source(export, expected):
    """Read-later apps' exports: Wallabag's writers, Miniflux's feed name, Readwise's page address and full text
    (its summary was the body, its own reader's link the article's) were lost."""
    (article,) = parse("ferry.json", json.dumps(export).encode())
    assert (article.author, article.url, article.source) == expected
    # a feed named by its address names no publication
    (other,) = parse(
        "ferry.json", json.dumps({"title": "Ferry back", "content": _HTML, "feed": "https://q.example/rss"}).encode()
    )
    assert other.source == "ferry.json"
    assert article.body == ("The ferry sails again from Monday.", "Crossings at dawn are cut.")
    assert article.published is not None


def _json_feed(*, version_last: bool = False) -> str:
    items = [
        {"id": f"n{i}", "title": f"Quay works, day {i}", "content_text": f"Crews laid {i} metres of rail on the quay."}
        for i in (1, 2, 3)
    ]
    head = {"version": "https://jsonfeed.org/version/1.1"}
    rest = {"title": "Harbour Works Diary", "description": "Notes from the harbour works.", "items": items}
    return json.dumps({**rest, **head} if version_last else {**head, **rest}, ensure_ascii=False)


@pytest.mark.parametrize(
    "data",
    [
        _json_feed().encode("utf-16"),
        _json_feed().encode("utf-16-le"),
        _json_feed().encode("utf-8-sig"),
        _json_feed(version_last=True).replace("Crews laid 2", "Crews\u0007 laid 2").encode(),
        _json_feed(version_last=True).replace("Crews laid 2", "Crews\n\tlaid 2").encode(),
    ],
    ids=["utf16-mark", "utf16-no-mark", "utf8-mark", "control-char", "raw-line-break"],
)
def test_a_json_feed_file_is_a_feed_in_any_encoding_and_with_a_damaged_string(data):
    """A JSON Feed saved as UTF-16, or with one control character inside a string, was read as ONE article made of
    the feed's own title and description: its entries were lost."""
    articles = parse("harbour.json", data)
    assert [a.title for a in articles] == ["Quay works, day 1", "Quay works, day 2", "Quay works, day 3"]
    assert articles[1].body[0].replace("\n", " ").replace("\t", "").split() == [
        "Crews",
        "laid",
        "2",
        "metres",
        "of",
        "rail",
        "on",
        "the",
        "quay.",
    ]


def test_a_damaged_json_feed_file_says_what_is_wrong_with_its_json():
    """A JSON Feed whose lines were shuffled was told "not a feed: the content is neither XML nor JSON"."""
    lines = json.dumps(json.loads(_json_feed(version_last=True)), indent=1).splitlines()
    damaged = "\n".join([lines[3], lines[0], *lines[1:3], *lines[4:]]).encode()
    with pytest.raises(ParseError, match=r"^not valid JSON \(line 1, column \d+: "):
        parse("harbour.json", damaged)
    with pytest.raises(ParseError, match=r"^truncated JSON: it stops before its end"):
        parse("harbour.json", _json_feed(version_last=True)[:-40].encode())


def test_an_article_that_only_mentions_the_json_feed_address_stays_an_article():
    data = json.dumps(
        {
            "title": "Why we publish a JSON Feed",
            "body": 'Readers asked for one: ours says "version": "https://jsonfeed.org/version/1.1" at its top, '
            "and every story is an item in it.",
        }
    ).encode()
    (article,) = parse("note.json", data + b"\x07")  # damaged after its end: no feed, an article
    assert article.title == "Why we publish a JSON Feed"


def test_json_text_with_raw_control_characters_in_strings_is_read():
    from bot.ingest import jsontext

    assert jsontext.loads('{"a": "one\ttwo\nthree"}') == {"a": "one\ttwo\nthree"}
    with pytest.raises(ParseError, match=r"not valid JSON \(line 1, column 2: Expecting property name"):
        jsontext.load("{a: 1}")
    with pytest.raises(ParseError, match=r"truncated JSON: it stops before its end \(line 1\)"):
        jsontext.load('{"a": "one')


def test_toml_front_matter_gives_the_title_and_date():
    """Hugo writes front matter as TOML between +++ lines: it was matched but not read, so the first paragraph
    became the title and left the body."""
    data = (
        b'+++\ntitle = "Wind farm approved"\ndate = 2025-10-01\nauthor = "Kai Rowe"\n+++\n\n'
        b"The council approved twelve turbines on the ridge.\n\nResidents asked for a second noise study.\n"
    )
    (article,) = parse("wind.md", data)
    assert article.title == "Wind farm approved"
    assert article.published == date(2025, 10, 1)
    assert article.body == (
        "The council approved twelve turbines on the ridge.",
        "Residents asked for a second noise study.",
    )


def test_front_matter_never_closed_ends_at_the_first_blank_line():
    """Front matter whose closing --- was lost made its lines the title ("title: ... date: ...")."""
    body = "The council approved twelve turbines on the ridge.\n\nResidents asked for a second noise study.\n"
    (article,) = parse("wind.md", f"---\ntitle: Wind farm approved\ndate: 2025-10-01\n\n{body}".encode())
    assert article.title == "Wind farm approved"
    assert article.published == date(2025, 10, 1)
    assert article.body == (
        "The council approved twelve turbines on the ridge.",
        "Residents asked for a second noise study.",
    )
    # A rule over a paragraph that reads like a field is text: nothing of it is lost.
    (ruled,) = parse("note.md", f"# Wind farm approved\n\n---\nUpdate: the vote was 11 to 5.\n\n{body}".encode())
    assert ruled.body[0] == "Update: the vote was 11 to 5."
    (plain,) = parse("rule.md", f"---\nUpdate: the vote was 11 to 5.\n\n{body}".encode())
    assert "Update: the vote was 11 to 5." in (plain.title, *plain.body)


def test_multimarkdown_metadata_gives_the_title_date_and_author():
    """Pelican and MultiMarkdown open a note with "Title: ..." lines: they were the headline, run together."""
    body = "The council approved twelve turbines on the ridge.\n\nResidents asked for a second noise study.\n"
    head = "Title: Wind farm approved\nDate: 2025-10-01 10:20\nAuthor: Kai Rowe\nTags: energy, council\n\n"
    (article,) = parse("wind.md", (head + body).encode())
    assert article.title == "Wind farm approved"
    assert article.published == datetime(2025, 10, 1, 10, 20, tzinfo=UTC)  # as YAML front matter reads it
    assert article.author == "Kai Rowe"
    assert article.body == (
        "The council approved twelve turbines on the ridge.",
        "Residents asked for a second noise study.",
    )
    # A first paragraph that only reads like a field stays text: no title or date among its "fields".
    (plain,) = parse("note.md", f"Update: the vote was 11 to 5.\n\n{body}".encode())
    assert "Update: the vote was 11 to 5." in (plain.title, *plain.body)
    (mixed,) = parse("note.md", f"Title: Wind farm approved\nthe vote was 11 to 5.\n\n{body}".encode())
    assert "Wind farm approved" in mixed.title


def test_a_notion_export_s_properties_under_its_heading_are_no_text():
    """Notion writes a page's properties under its title: "Created: ...", "URL: ...", "Tags: ..." were the body's
    first paragraph, run together, and the page's address was lost."""
    body = "The council approved twelve turbines on the ridge.\n\nResidents asked for a second noise study.\n"
    head = (
        "# Wind farm approved\n\nCreated: December 5, 2026 10:45 AM\nURL: https://news.example/wind-farm\n"
        "Tags: energy, council\n\n"
    )
    (article,) = parse("wind.md", (head + body).encode())
    assert article.title == "Wind farm approved"
    assert article.url == "https://news.example/wind-farm"
    assert article.body == (
        "The council approved twelve turbines on the ridge.",
        "Residents asked for a second noise study.",
    )
    # Fields that name none of a page's properties are the note's own text.
    event = "# Wind farm meeting\n\nWhen: Friday at 7pm\nWhere: the town hall\n\n" + body
    (note,) = parse("meeting.md", event.encode())
    assert note.body[0] == "When: Friday at 7pm Where: the town hall"


def test_front_matter_keys_of_localised_templates_are_read():
    body = "Der Stadtrat hat am Donnerstag neue Radwege beschlossen.\n\nDie Arbeiten beginnen im Frühjahr.\n"
    head = "---\ntitel: Neue Radwege\ndatum: 2026-12-05\nautor: Anna Schmidt\n---\n\n"
    (article,) = parse("radwege.md", (head + body).encode())
    assert (article.title, article.published, article.author) == ("Neue Radwege", date(2026, 12, 5), "Anna Schmidt")
    # An English key given too is the one read, before or after the other language's.
    for both in ("date: 2026-12-04\ndata: 2026-12-05\n", "data: 2026-12-05\ndate: 2026-12-04\n"):
        (dated,) = parse("note.md", f"---\ntitle: Notes\n{both}---\n\n{body}".encode())
        assert dated.published == date(2026, 12, 4)


def test_a_link_whose_address_holds_parentheses_keeps_only_its_text():
    """'[Mercury](https://en.wikipedia.org/wiki/Mercury_(planet))' left a stray ')' in the text."""
    data = (
        b"# Probe passes [Mercury](https://en.wikipedia.org/wiki/Mercury_(planet))\n\n"
        b'The probe flew past [Mercury](https://en.wikipedia.org/wiki/Mercury_(planet) "the planet") on Friday'
        b" ![a photo](https://img.example/mercury_(1).jpg) and sent back its first pictures.\n"
    )
    (article,) = parse("probe.md", data)
    assert article.title == "Probe passes Mercury"
    assert article.body == ("The probe flew past Mercury on Friday and sent back its first pictures.",)


def test_cp1252_markdown_without_front_matter():
    # Written as bytes here: a cp1252 fixture file would trip tools that read every .md as UTF-8.
    data = (
        b"# Caf\xe9 owners fight \x93temporary\x94 terrace ban\n\n"
        b"Twelve caf\xe9s say it costs them half their takings \x96 and want a rethink.\n"
    )
    (article,) = parse("cafe.md", data)
    assert article.title == "Caf\u00e9 owners fight \u201ctemporary\u201d terrace ban"
    assert article.body == ("Twelve caf\u00e9s say it costs them half their takings \u2013 and want a rethink.",)


def test_promotional_lines_go_and_news_about_platforms_stays():
    paragraphs = "".join(
        f"<p>{t}</p>"
        for t in (
            "The regulator fined the company on Tuesday for failing to remove the posts quickly enough.",
            "Facebook and Twitter removed the posts.",
            "Related: Regulator opens second inquiry",
            "Sign up for our morning briefing",
            "Follow us on Instagram and YouTube",
            "The company said it would appeal against the fine, which it called disproportionate.",
        )
    )
    head = "<html><head><title>Fine</title></head>"
    page = f"{head}<body><article><h1>Regulator fines company</h1>{paragraphs}</article></body></html>"
    (article,) = parse("fine.html", page.encode())
    assert article.title == "Regulator fines company"
    assert article.body == (
        "The regulator fined the company on Tuesday for failing to remove the posts quickly enough.",
        "Facebook and Twitter removed the posts.",
        "The company said it would appeal against the fine, which it called disproportionate.",
    )


def test_masthead_h1_is_skipped_and_title_element_does_not_outrank_the_h1():
    html = """<html><head><title>Courier - local news</title></head><body>
    <h1><a href="/">The Courier</a></h1><a href="/"><h1>Courier</h1></a>
    <h1>Harbour wall repairs finish early</h1><p>x</p></body></html>"""
    meta = page_metadata(trafilatura.load_html(html))
    assert meta.title == "Harbour wall repairs finish early"


def test_newsletter_footer_goes_but_news_about_privacy_stays():
    body = (
        "The city's parking app changed its privacy policy on Monday after complaints that it shared "
        "drivers' locations with advertisers.\n\nThe regulator said it would review the new terms.\n\n"
        "Unsubscribe from these emails: https://n.example/u\n\nPrivacy policy | Terms\n"
    )
    data = f"From: Town Brief <brief@n.example>\nSubject: Parking app changes terms\n\n{body}".encode()
    (article,) = parse("brief.eml", data)
    assert article.body == (
        "The city's parking app changed its privacy policy on Monday after complaints that it shared drivers' "
        "locations with advertisers.",
        "The regulator said it would review the new terms.",
    )
    assert (article.author, article.source, article.published) == ("Town Brief", "Town Brief", None)


def test_date_written_below_the_headline():
    html = """<html><head><title>Pier</title></head><body><h1>Pier reopens after storm repairs</h1>
    <div><span>Written by the desk</span> <span>[ 2025-03-14 15:24 ]</span></div><p>Body.</p></body></html>"""
    assert page_metadata(trafilatura.load_html(html)).published == date(2025, 3, 14)


def test_dateline_moves_out_of_the_body_when_the_reader_is_present():
    import importlib.util

    text = "# Port strike ends\n\nROTTERDAM (Reuters) - Dock workers returned to work on Friday after a deal.\n"
    (article,) = parse("strike.md", text.encode())
    if importlib.util.find_spec("bot.text.datelines") is None:
        assert article.body[0].startswith("ROTTERDAM (Reuters) - Dock workers")
    else:
        assert article.dateline == "ROTTERDAM"
        assert article.body[0] == "Dock workers returned to work on Friday after a deal."


_STORY = (
    "The county council voted on Tuesday to close the old swing bridge to cars from the spring.",
    "Engineers told councillors that the bridge's gears had worn beyond repair after ninety years of use.",
    "Cyclists and people on foot will still be able to cross while a replacement is designed and paid for.",
)


def _page(inner: str) -> bytes:
    head = "<html><head><title>Bridge closes to cars</title></head>"
    return f"{head}<body><article><h1>Bridge closes to cars</h1>{inner}</article></body></html>".encode()


def test_embedded_social_post_is_kept_as_a_quote():
    post = (
        '<div class="social-embed"><blockquote class="twitter-tweet"><p>We will keep the footpath open all winter'
        " while the works go on.</p>&mdash; County Roads (@countyroads) March 3, 2025</blockquote></div>"
    )
    inner = f"<p>{_STORY[0]}</p><p>{_STORY[1]}</p>{post}<p>{_STORY[2]}</p>"
    (article,) = parse("bridge.html", _page(inner))
    assert any("keep the footpath open all winter" in p for p in article.body)
    assert article.body[-1] == _STORY[2]


def test_sub_headings_between_paragraphs_are_kept_but_not_teasers_or_capitals():
    from bot.ingest.formats.gaps import restore_gaps

    tree = trafilatura.load_html(
        _page(
            f"<p>{_STORY[0]}</p><div class='subheadline'>What happens to traffic?</div><p>{_STORY[1]}</p>"
            "<h3><a href='/other'>Ferry fares rise again this summer</a></h3>"
            f"<h3>RIVER OF TROUBLE</h3><p>{_STORY[2]}</p>"
        )
    )
    restored = restore_gaps(tree, list(_STORY))
    assert restored == [_STORY[0], "What happens to traffic?", _STORY[1], _STORY[2]]


def test_paragraph_whose_link_words_were_lost_is_restored():
    from bot.ingest.formats.gaps import restore_gaps

    full = "The council said that the repair would cost more than a new bridge and take at least two years."
    tree = trafilatura.load_html(
        _page(
            f"<p>{_STORY[0]}</p><p>The council said that <a href='/r'>the repair would cost more</a>"
            f" than a new bridge and take at least two years.</p><p>{_STORY[1]}</p>"
        )
    )
    shortened = "The council said that than a new bridge and take at least two years."
    assert restore_gaps(tree, [_STORY[0], shortened, _STORY[1]]) == [_STORY[0], full, _STORY[1]]


def test_sub_heading_linked_to_its_own_anchor_is_kept():
    from bot.ingest.formats.gaps import restore_gaps

    tree = trafilatura.load_html(
        _page(
            f"<p>{_STORY[0]}</p><h2 id='traffic'><a href='#traffic'>What happens to traffic?</a></h2>"
            f"<p>{_STORY[1]}</p><h2><a href='/ferries'>Ferry fares rise again this summer</a></h2><p>{_STORY[2]}</p>"
        )
    )
    restored = restore_gaps(tree, list(_STORY))
    assert restored == [_STORY[0], "What happens to traffic?", _STORY[1], _STORY[2]]


def test_related_link_lists_and_contact_lines_go():
    related = (
        "<ul><li><a href='/a'>Ferry fares rise again</a></li><li><a href='/b'>Harbour gets new crane</a></li></ul>"
    )
    inner = (
        f"<p>{_STORY[0]}</p><p>{_STORY[1]}</p>{related}<p>{_STORY[2]}</p>"
        "<p>Write to Jo Bell at jo.bell@courier.example or follow her @jobell.</p>"
    )
    (article,) = parse("bridge.html", _page(inner))
    assert article.body == _STORY


def test_table_row_with_an_address_at_the_end_is_kept():
    table = (
        "<table><tr><th>Office</th><th>Contact</th></tr><tr><td>Bridge works</td>"
        "<td>Questions about the closure: bridges@county.example</td></tr></table>"
    )
    (article,) = parse("bridge.html", _page(f"<p>{_STORY[0]}</p><p>{_STORY[1]}</p><p>{_STORY[2]}</p>{table}"))
    assert article.body[-1].startswith("|")
    assert "bridges@county.example" in article.body[-1]


_LATER = "A ferry across the river will run every twenty minutes on weekdays until the new bridge opens."


def test_a_page_laid_out_in_a_table_gives_its_story_s_paragraphs():
    """An older site sets its page in a table, the story as text between <br> pairs in one cell: the body was one
    "| ... |" row holding the menu, the headline, the story and "Back to news" run together."""
    html = (
        "<html><head><title>Bridge closes to cars - County Post</title></head><body><table>"
        '<tr><td><a href="/">Home</a> | <a href="/news">News</a></td></tr><tr><td>'
        "<font size=5><b>Bridge closes to cars</b></font><br><br>"
        + "<br><br>".join([*_STORY, _LATER])
        + "<br><br></td></tr></table></body></html>"
    )
    (article,) = parse("bridge.html", html.encode())
    assert article.body == (*_STORY, _LATER)
    # Its headline, longer than the <title>'s, is the title, and the date line under it no paragraph.
    dated = html.replace("<br><br>", "<br><i>Friday, October 3, 2025</i><br><br>", 1).replace(
        "<b>Bridge closes to cars</b>", "<b>Bridge closes to cars from the spring as gears wear out</b>"
    )
    (shown,) = parse("bridge.html", dated.encode())
    assert shown.title == "Bridge closes to cars from the spring as gears wear out"
    assert shown.body == (*_STORY, _LATER)
    assert shown.published == date(2025, 10, 3)
    # A table with a header row is data, however long its cells: it stays a table.
    rows = "".join(f"<tr><td>Stage {n}</td><td>{' '.join(_STORY)}</td></tr>" for n in (1, 2))
    table = f"<table><tr><th>Stage</th><th>What happens</th></tr>{rows}</table>"
    (data,) = parse("bridge.html", _page(f"<p>{_STORY[0]}</p><p>{_STORY[1]}</p>{table}"))
    assert [line[:9] for line in data.body[2:] if line.startswith("| Stage")] == ["| Stage |", "| Stage 1", "| Stage 2"]
    # So is one of more than a hundred cells, headed or not.
    many = "".join(f"<tr><td>Stage {n}</td><td>{' '.join((*_STORY, _LATER))}</td></tr>" for n in range(60))
    (rows,) = parse("bridge.html", _page(f"<p>{_STORY[0]}</p><p>{_STORY[1]}</p><table>{many}</table>"))
    assert sum(line.startswith("| Stage") for line in rows.body) == 60


def test_a_saved_press_release_ends_at_its_end_mark_and_a_bio_closing_a_page_goes():
    """The issuer's boilerplate under "###" ("Ascom is a global solutions provider ...") and a writer's closing bio
    were the saved page's last paragraphs (the pasted reader already left them out)."""
    issuer = "<p>###</p><p>Keldan Bridges is a leading maker of swing bridges, with 400 staff in six countries.</p>"
    (release,) = parse("bridge.html", _page(f"<p>{_STORY[0]}</p><p>{_STORY[1]}</p><p>{_STORY[2]}</p>{issuer}"))
    assert release.body == _STORY
    bio = "<p>Jo Bell is a reporter at the County Post who covers roads, bridges and the county's budget.</p>"
    (story,) = parse("bridge.html", _page(f"<p>{_STORY[0]}</p><p>{_STORY[1]}</p><p>{_STORY[2]}</p>{bio}"))
    assert story.body == _STORY


@pytest.mark.parametrize(
    ("head", "body_open", "title"),
    [
        ('<meta name=Generator content="Microsoft Word 15"><title>Press release</title>', "<body>", "MsoTitle"),
        ("<title>Untitled document</title>", '<body class="c5 doc-content">', "c3 title"),
        ('<meta name="generator" content="LibreOffice 7.6"><title>release.odt</title>', "<body>", "title"),
    ],
    ids=["word", "google-docs", "libreoffice"],
)
def test_a_document_saved_as_a_page_is_titled_by_its_title_paragraph(head: str, body_open: str, title: str):
    """An office program's export names the page after the file ("Press release", "Untitled document"): that was
    the headline, and the document's own title its first paragraph."""
    paragraphs = "".join(f"<p>{p}</p>" for p in _STORY)
    html = f'<html><head>{head}</head>{body_open}<p class="{title}">Bridge closes to cars</p>{paragraphs}</body></html>'
    (article,) = parse("release.html", html.encode())
    assert (article.title, article.body) == ("Bridge closes to cars", _STORY)
    # On a web page, a paragraph called "title" (a list's item) is no headline.
    web = f'<html><head><title>Bridge closes</title></head><body><p class="title">Other story</p>{paragraphs}</body>'
    (page,) = parse("bridge.html", web.encode())
    assert page.title == "Bridge closes"


@pytest.mark.parametrize(("tables", "cascade"), [(1, True), (100, False)])
def test_a_page_of_thousands_of_short_blocks_is_not_read_by_the_quadratic_cascade(monkeypatch, tables, cascade):
    """jusText's neighbour search (trafilatura's full cascade) is quadratic in a page's short blocks: a page of
    20,000 small tables took minutes. Past 1,500 blocks the fast passes read it; a short page keeps the cascade."""
    from bot.ingest.formats import html as reader

    used = []
    extract = trafilatura.extract

    def recorded(data, options):
        used.append(options)
        return extract(data, options=options)

    monkeypatch.setattr(reader.trafilatura, "extract", recorded)
    table = "<table><tr>" + "<td>a</td>" * 20 + "</tr></table>"
    page = f"<html><head><title>Bridge closes</title></head><body>{table * tables}<p>{' '.join(_STORY)}</p></body>"
    (article,) = parse("bridge.html", page.encode())
    assert article.body[-1] == " ".join(_STORY)
    assert (reader._PRECISE in used) is cascade
    assert (reader._DEFAULT in used) is cascade


def test_date_written_below_a_headline_that_is_not_an_h1():
    html = """<html><head><title>Lantern festival returns - Town Post</title></head><body>
    <dl class="story-head"><dt>Lantern festival returns</dt></dl> Posted :[ 2024-02-11 09:30 ]
    <div><p>The lantern festival came back to the river bank after four years.</p></div></body></html>"""
    meta = page_metadata(trafilatura.load_html(html))
    assert (meta.title, meta.published) == ("Lantern festival returns", date(2024, 2, 11))


def test_elements_removed_before_extraction_keep_the_text_after_them():
    inner = (
        f"<p>{_STORY[0]}</p><p>Engineers told councillors <script>track()</script>that the gears had worn"
        " beyond repair after ninety years of use.</p><aside><p>Read our guide to the county's bridges and"
        f" their long and varied history.</p></aside><p>{_STORY[2]}</p>"
    )
    (article,) = parse("bridge.html", _page(inner))
    assert article.body == (
        _STORY[0],
        "Engineers told councillors that the gears had worn beyond repair after ninety years of use.",
        _STORY[2],
    )


def test_standfirst_repeating_the_description_goes_but_a_lead_sentence_stays():
    dek = "Drivers face a long detour once the old crossing shuts"
    head = f'<html><head><title>Bridge closes to cars</title><meta property="og:description" content="{dek}"></head>'
    body = f"<body><article><h1>Bridge closes to cars</h1><p>{dek}</p>{''.join(f'<p>{s}</p>' for s in _STORY)}"
    (article,) = parse("bridge.html", f"{head}{body}</article></body></html>".encode())
    assert article.body == _STORY
    # A description that copies the first paragraph (a full sentence) leaves the paragraph in place.
    head = head.replace(dek, _STORY[0])
    body = f"<body><article><h1>Bridge closes to cars</h1>{''.join(f'<p>{s}</p>' for s in _STORY)}"
    (article,) = parse("bridge.html", f"{head}{body}</article></body></html>".encode())
    assert article.body == _STORY


def test_opening_bare_text_of_a_box_of_line_broken_paragraphs_becomes_a_paragraph():
    from bot.ingest.formats.html import _wrap_leading_text

    tree = trafilatura.load_html(
        _page(
            f"<div class='story'>{_STORY[0][:40]}<em>{_STORY[0][40:]}</em><br><br>{_STORY[1]}</div>"
            "<div class='label'>Weather for the whole county today and tomorrow: <span>dry</span><div>x</div></div>"
        )
    )
    _wrap_leading_text(tree)
    (story,) = tree.xpath("//div[@class='story']")
    assert story.text is None
    assert story[0].tag == "p"
    assert story[0].text_content() == _STORY[0]
    assert _STORY[1] in story.text_content()
    (label,) = tree.xpath("//div[@class='label']")
    assert (
        label.text == "Weather for the whole county today and tomorrow: "
    )  # followed by a block, not a line break: left alone


def test_lines_kept_above_the_headline_go_with_it(monkeypatch):
    from bot.ingest.formats import html

    tree = trafilatura.load_html(_page(f"<p>{_STORY[0]}</p><p>{_STORY[1]}</p>"))
    lines = ["Ferry timetable changes this winter on the east route", "Bridge closes to cars", *_STORY]
    # What an extractor that kept a sidebar teaser and the headline gives.
    monkeypatch.setattr(html, "extract_paragraphs", lambda _tree: list(lines))
    assert html.article_paragraphs(tree, "Bridge closes to cars") == list(_STORY)


def test_html_dates_are_bounded_by_the_injected_clock_not_the_system_one():
    page = (
        b"<html><head><title>Harbour reopens</title>"
        b'<meta property="article:published_time" content="2024-06-01T09:00:00+00:00"></head>'
        b"<body><article><h1>Harbour reopens</h1><p>" + b"The harbour reopened to ships on Monday morning. " * 6
    ) + b"</p></article></body></html>"
    item = Retrieved(data=page, name="harbour.html", location="harbour.html")
    later = parse_retrieved(item, now=datetime(2025, 1, 1, tzinfo=UTC))[0]
    assert later.published is not None
    assert later.published.date() == date(2024, 6, 1)
    # Read with a clock two years earlier, the page's date is in the future: not believed.
    earlier = parse_retrieved(item, now=datetime(2022, 1, 1, tzinfo=UTC))[0]
    assert earlier.published is None or earlier.published.date() <= date(2022, 1, 2)


def test_a_section_h1_gives_way_to_the_heading_the_title_names():
    html = """<html><head><title>Tide tables move online | Harbour Board</title></head><body>
    <h1>Notices and Resources</h1><h2>Tools</h2><h2>Tide tables move online</h2><p>x</p></body></html>"""
    assert page_metadata(trafilatura.load_html(html)).title == "Tide tables move online"
    # An h1 sharing the title's words is the headline even when the title shortens it.
    html = """<html><head><title>Tide tables move online | Harbour Board</title></head><body>
    <h1>Tide tables move online after a century on paper</h1><h2>Tide tables move online</h2><p>x</p></body></html>"""
    assert page_metadata(trafilatura.load_html(html)).title == "Tide tables move online after a century on paper"


def test_a_formula_s_markup_and_tex_source_stay_out_of_the_text():
    formula = '<math><mi>A</mi><annotation encoding="application/x-tex">{\\displaystyle A}</annotation></math>'
    body = "".join(
        f"<p>Paragraph {n} says the matrix {formula} equals its own conjugate transpose, as shown below.</p>"
        for n in range(4)
    )
    html = f"<html><head><title>Matrices</title></head><body><article><h1>Matrices</h1>{body}</article></body></html>"
    item = Retrieved(data=html.encode(), name="m.html", location="m.html")
    article = parse_retrieved(item, now=datetime(2025, 1, 1, tzinfo=UTC))[0]
    assert "displaystyle" not in article.text
    assert "equals its own conjugate transpose" in article.text


def test_html_blocks_part_words_at_a_line_break():
    """A bare fragment's blocks (and a newsletter's) ran words together across <br>: "sailsagain"."""
    import lxml.html

    from bot.ingest.formats.html import html_blocks

    tree = lxml.html.fromstring(
        "<div><p>The ferry sails<br>again today.</p><table><tr><td>One<br/>Two</td></tr></table></div>"
    )
    assert html_blocks(tree) == ["The ferry sails again today.", "One Two"]
    (article,) = parse("frag.html", b"<p>Ferry news</p><p>The ferry sails<br>again today, the operator said.</p>")
    assert "sails again" in " ".join(article.body)


def test_a_web_clippers_markdown_gives_its_address_authors_and_wiki_links_as_text():
    """Obsidian's web clipper writes the page's address as "source", authors as a list of wiki links, and links
    to other notes in the text: the address and the author were lost, "[[...]]" stayed in the body."""
    data = (
        b"---\n"
        b'title: "Wind farm approved after long debate"\n'
        b'source: "https://ridge.example/news/wind-farm"\n'
        b"author:\n"
        b'  - "[[Kai Rowe]]"\n'
        b'  - "[[Ridge Herald Staff|Herald staff]]"\n'
        b"published: 2025-10-01\n"
        b"created: 2025-10-02\n"
        b"tags:\n"
        b'  - "clippings"\n'
        b"---\n"
        b"![[turbine.png]]\n\n"
        b"The council approved twelve turbines on the ridge. See [[Wind farm plan]] and [[Noise|the noise study]].\n\n"
        b"Residents asked for a second noise study.\n"
    )
    (article,) = parse("clip.md", data)
    assert article.title == "Wind farm approved after long debate"
    assert article.url == "https://ridge.example/news/wind-farm"
    assert article.author == "Kai Rowe, Herald staff"
    assert article.published == date(2025, 10, 1)
    assert article.body == (
        "The council approved twelve turbines on the ridge. See Wind farm plan and the noise study.",
        "Residents asked for a second noise study.",
    )
    # A source that is a name stays the source; an inline list is read as one.
    named = b'---\ntitle: "Wind farm approved"\nsource: Ridge Herald\nauthor: [Kai Rowe, "Ann Lee"]\n---\n\n'
    text = b"The council approved twelve turbines on the ridge.\n\nResidents objected.\n"
    (article,) = parse("named.md", named + text)
    assert (article.url, article.source, article.author) == (None, "Ridge Herald", "Kai Rowe, Ann Lee")


@pytest.mark.parametrize(
    ("head", "title"),
    [
        # MarkDownload: the page's <title> as the first heading, its address in the front matter
        (
            "---\nsource: https://r.example/w\n---\n\n# Wind farm approved after long debate | Ridge Herald\n",
            None,
        ),
        # Obsidian's clipper: the <title> as the front matter's title
        (
            '---\ntitle: "Wind farm approved after long debate - Ridge Herald"\nsource: "https://ridge.example/n/w"\n---\n',
            None,
        ),
        # the site's name given: cut where it stands, first or last
        (
            "---\nurl: https://r.example/w\nsite: Ridge Herald\n---\n\n"
            "# Ridge Herald | Wind farm approved after long debate\n",
            None,
        ),
        # a note written by hand (no web address) keeps its heading as written
        (
            "# Wind farm approved after long debate | Ridge Herald\n",
            "Wind farm approved after long debate | Ridge Herald",
        ),
    ],
)
def test_a_web_clipper_s_title_loses_the_site_s_name(head: str, title: str | None) -> None:
    """A clipped page's title is its <title>: "Headline | Site" was the digest's headline, site name and all."""
    text = head + "\nThe council approved twelve turbines on the ridge.\n\nResidents asked for a second noise study.\n"
    (article,) = parse("clip.md", text.encode())
    assert article.title == (title or "Wind farm approved after long debate")


_CLIP_HEAD = '---\ntitle: "Wind farm approved after long debate"\nsource: "https://ridge.example/news/wind-farm"\n---\n'
_CLIP_TEXT = (
    "The council approved twelve turbines on the ridge after a debate that lasted most of the year.\n\n"
    "Residents asked for a second noise study before the first turbine is built next spring.\n\n"
    "The developer said the farm would power four thousand homes.\n\n"
)


def test_a_web_clip_s_markdown_leaves_out_the_page_s_furniture():
    """A clipped page's Markdown holds what the clipper kept of the page: a picture's caption (a digest's first key
    point), share links and "Read more" were its body."""
    data = (
        _CLIP_HEAD
        + "![Turbines on the ridge](https://ridge.example/t.jpg)\n\n*Turbines on the ridge. Photo: Kai Rowe/Herald*\n\n"
        + _CLIP_TEXT
        + "- [Share on Facebook](https://facebook.example/s)\n- [Share on X](https://x.example/s)\n\n"
        + "[Read more: Ferry timetable changes for winter](https://ridge.example/ferry)\n"
    ).encode()
    (article,) = parse("clip.md", data)
    assert article.body == tuple(_CLIP_TEXT.strip().split("\n\n"))


def test_a_markdown_note_without_a_web_address_keeps_every_paragraph():
    """Only a clip of a web page is read as one: a note written by hand keeps its lists and short lines."""
    data = ("# Wind farm notes\n\n" + _CLIP_TEXT + "- Share on Facebook\n- Read more: the noise study\n").encode()
    (article,) = parse("notes.md", data)
    assert article.body[-2:] == ("Share on Facebook", "Read more: the noise study")


def test_a_web_clip_whose_every_paragraph_reads_as_furniture_keeps_them():
    data = (_CLIP_HEAD + "Share on Facebook\n\nRead more: the noise study\n").encode()
    (article,) = parse("clip.md", data)
    assert article.body == ("Share on Facebook", "Read more: the noise study")


def test_markdownload_s_excerpt_is_the_summary_not_the_first_paragraph():
    """MarkDownload quotes the page's description under "## Excerpt" before the text: it was the body's first
    paragraph and a digest's first key point."""
    data = (
        '---\nsource: "https://ridge.example/news/wind-farm"\nauthor: Kai Rowe\n---\n\n'
        "# Wind farm approved after long debate | Ridge Herald\n\n"
        "> ## Excerpt\n> Twelve turbines will stand on the ridge by 2028, the council decided.\n\n---\n" + _CLIP_TEXT
    ).encode()
    (article,) = parse("clip.md", data)
    assert article.title == "Wind farm approved after long debate"
    assert article.summary == "Twelve turbines will stand on the ridge by 2028, the council decided."
    assert article.body == tuple(_CLIP_TEXT.strip().split("\n\n"))


def test_a_section_called_excerpt_later_in_a_note_stays_text():
    data = ("# Reading notes\n\n" + _CLIP_TEXT + "## Excerpt\n\nA passage copied from the book, kept.\n").encode()
    (article,) = parse("notes.md", data)
    assert article.body[-1] == "A passage copied from the book, kept."


def _page_with(byline: str) -> bytes:
    return (
        "<html><head><title>Harbour board keeps the old lighthouse lit</title></head><body><article>"
        f"<h1>Harbour board keeps the old lighthouse lit</h1>{byline}"
        "<p>The harbour board voted on Tuesday to keep the old lighthouse lit for another winter season, after "
        "fishing crews asked for the light to stay.</p><p>Two trawlers ran aground near the point last year, and "
        "the crews say the beacon is the only mark they can see in a storm.</p></article></body></html>"
    ).encode()


@pytest.mark.parametrize(
    ("byline", "author"),
    [
        ('<p class="byline">By <a href="/people/jane-doe">Jane Doe</a></p>', "Jane Doe"),
        ('<span class="author"><a rel="author" href="/a/1">Ana de la Cruz</a></span>', "Ana de la Cruz"),
        ('<div class="byline">By <span class="author-name">T. C. Reyes</span></div>', "T. C. Reyes"),
        (
            '<div class="byline">By <a href="/a/1">Jane Doe</a> and <a href="/a/2">Tom Roe</a></div>',
            "Jane Doe, Tom Roe",
        ),
        # A surname that is a month, or opens like one, is kept; the byline's date and stamp are not.
        ('<p class="byline">By <a href="/people/theresa-may">Theresa May</a></p>', "Theresa May"),
        ('<p class="byline">By Jane Mayer and Sam Decker</p>', "Jane Mayer, Sam Decker"),
        ('<p class="byline">By Rosa Marchetti, December 5, 2026</p>', "Rosa Marchetti"),
        ('<p class="byline">By Rosa Marchetti | Dec. 5, 2026</p>', "Rosa Marchetti"),
        ('<div class="byline"><span class="author">Rosa Marchetti</span> Updated</div>', "Rosa Marchetti"),
    ],
)
def test_a_saved_page_s_byline_markup_names_its_writer(byline, author):
    """Without JSON-LD or a meta author, three of four labelled pages had no writer (bench/README.md)."""
    (article,) = parse("page.html", _page_with(byline))
    assert article.author == author


@pytest.mark.parametrize(
    "byline",
    [
        '<div class="author"><a href="/login">Username</a></div>',
        '<div class="byline"><a href="/a/1">Follow Author</a></div>',
        '<span class="author">January</span>',
        '<span class="byline">See full bio</span>',
        '<span class="byline">Last Updated January 7</span>',
        '<span class="byline">Editor December</span>',
    ],
)
def test_a_byline_s_buttons_menus_and_dates_are_no_writer(byline):
    (article,) = parse("page.html", _page_with(byline))
    assert article.author is None


def test_a_markdown_note_s_footnotes_are_neither_text_nor_key_points() -> None:
    """A footnote's mark stayed in the sentence ("euros.[^1]") and its text was a paragraph and a key point."""
    data = (
        b"# Harbour reopens after the storm\n\n"
        b"The harbour reopened on Saturday morning after two days of closure caused by the storm.\n\n"
        b"Damage to the quays is estimated at 2 million euros.[^1] Ferries resume on Sunday.[^ferry]\n\n"
        b"[^1]: Figure from the port authority,\n    given on Friday evening.\n\n"
        b"[^ferry]: The operator's timetable.\n\n"
        b"The harbour master thanked the crews who worked through the night.\n"
    )
    (article,) = parse("note.md", data)
    assert article.body == (
        "The harbour reopened on Saturday morning after two days of closure caused by the storm.",
        "Damage to the quays is estimated at 2 million euros. Ferries resume on Sunday.",
        "The harbour master thanked the crews who worked through the night.",
    )
    assert not any("port authority" in point or "[^" in point for point in article.key_points)


@pytest.mark.parametrize("gap", ["\n", "\n\n"])
def test_markdown_drops_the_emphasised_caption_under_a_picture(gap):
    """A note's or a site's caption set in emphasis under its picture was a paragraph, and a key point."""
    text = (
        "# Cycle lanes approved\n\nThe council approved cycle lanes on the harbour road on Thursday.\n\n"
        f"![A cyclist](images/harbour.jpg){gap}*The road carries 12,000 vehicles a day. Photo: Mia Jensen*\n\n"
        "Work starts in March and takes about eight months, the council said.\n"
    )
    (article,) = parse("lanes.md", text.encode())
    assert article.body == (
        "The council approved cycle lanes on the harbour road on Thursday.",
        "Work starts in March and takes about eight months, the council said.",
    )
    assert not any("vehicles" in point for point in article.key_points)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        # Text beside a picture that is no emphasised caption.
        ("![Map](map.png)\nThe route runs along the quay.\n", "The route runs along the quay."),
        # An emphasised paragraph with no picture over it.
        ("*The route runs along the quay, the council says.*\n", "The route runs along the quay, the council says."),
        # A heading between the picture and the emphasised line.
        ("![Map](map.png)\n\n## Route\n\n*The route runs along the quay.*\n", "The route runs along the quay."),
    ],
)
def test_markdown_keeps_text_that_is_no_picture_s_caption(text, kept):
    (article,) = parse("lanes.md", f"# Cycle lanes approved\n\nThe council approved the lanes.\n\n{text}".encode())
    assert kept in article.body


@pytest.mark.parametrize("shape", ["unclosed-font", "nested-divs"])
def test_an_old_page_s_deeply_nested_paragraphs_are_all_read(shape):
    """libxml2 nests 256 elements deep by default and dropped what lay deeper: a page whose every paragraph opens a
    <font> it never closes kept its first 127 paragraphs, and a story inside 300 nested <div>s was refused."""
    sentence = "the harbour board met again on Tuesday and voted to keep the old ferry pier open."
    if shape == "unclosed-font":
        body = "".join(f"<p><font face='Arial'>Paragraph {i}: {sentence}" for i in range(400))
        wanted = 400
    else:
        body = "<div>" * 300 + f"<p>Paragraph 1: {sentence}</p><p>Paragraph 2: {sentence}</p>" + "</div>" * 300
        wanted = 2
    page = f"<html><head><title>Pier stays open</title></head><body><h1>Pier stays open</h1>{body}</body></html>"
    (article,) = parse("old.html", page.encode())
    assert article.text.count("Paragraph") == wanted


def test_an_mdx_post_is_read_without_its_module_lines_and_components():
    """A docs site's or a blog's MDX post: it was refused as an unknown suffix, and read as Markdown its
    "import ... from" and "export const" lines were the first paragraphs and key points."""
    text = (
        "import { Chart } from '../components/Chart'\nimport Callout from '@/components/Callout'\n\n"
        "export const meta = {\n  title: 'Rents rise',\n}\n\n# Rents rise fastest in mid-sized cities\n\n"
        "Rents in mid-sized cities rose 9 per cent in the year to September, a survey showed on Thursday.\n\n"
        "<Chart data={rents} />\n\nThe survey's authors said remote workers were pushing up demand.\n"
    )
    (article,) = parse("rents.mdx", text.encode())
    assert article.title == "Rents rise fastest in mid-sized cities"
    assert article.body == (
        "Rents in mid-sized cities rose 9 per cent in the year to September, a survey showed on Thursday.",
        "The survey's authors said remote workers were pushing up demand.",
    )
    # A code sample's "import" line in a fenced block is the post's own.
    sample = text + "\n```js\nimport { Chart } from './Chart'\n```\n"
    (coded,) = parse("rents.mdx", sample.encode())
    assert any("import { Chart } from './Chart'" in p for p in coded.body)
    # In a .md file such lines are the text's own (a post about JavaScript may quote one).
    (plain,) = parse("rents.md", text.encode())
    assert any(p.startswith("import { Chart }") for p in plain.body)


def test_a_markdownload_clip_without_front_matter_loses_the_page_title_s_site_name():
    """MarkDownload's "Excerpt" block marks a clipped page; its heading is the page's <title> with the site."""
    text = (
        "# Rents rise fastest in mid-sized cities | Property Weekly\n\n> ## Excerpt\n> Rents rose 9 per cent.\n\n"
        "---\n\nRents in mid-sized cities rose 9 per cent in the year to September, a survey showed on Thursday.\n\n"
        "The survey's authors said remote workers were pushing up demand.\n"
    )
    (article,) = parse("clip.md", text.encode())
    assert article.title == "Rents rise fastest in mid-sized cities"
    assert article.summary == "Rents rose 9 per cent."


def test_a_feed_s_soft_hyphens_and_a_copy_s_ligatures_are_no_part_of_its_text():
    feed = (
        '<rss version="2.0"><channel><title>F</title><link>https://f.example/</link><item><title>Bundes&amp;shy;'
        "regierung plant</title><link>https://f.example/a</link><description>&lt;p&gt;Die Bundes&amp;shy;regierung "
        "will die Regeln \u00e4ndern, sagte ein Sprecher.&lt;/p&gt;</description></item></channel></rss>"
    )
    (article,) = parse("feed.xml", feed.encode())
    assert article.title == "Bundesregierung plant"
    assert article.body == ("Die Bundesregierung will die Regeln \u00e4ndern, sagte ein Sprecher.",)
    (copy,) = parse(
        "copy.txt",
        "Of\ufb01cials re\ufb01t the \ufb02eet\n\nThe o\ufb03cials said the e\ufb00ort was worth it.\n".encode(),
    )
    assert (copy.title, copy.body) == ("Officials refit the fleet", ("The officials said the effort was worth it.",))


def test_a_logseq_page_s_properties_are_its_front_matter():
    """Logseq writes a page's properties as "key:: value" lines: they were the title, all five joined."""
    text = (
        "title:: Night buses return\nsource:: https://news.example.org/night-buses\nauthor:: Marta Kowalska\n"
        "published:: 2026-12-04\ntags:: transport\n\n"
        "- Night buses to the suburbs resume on Monday, the authority said.\n- It has hired 60 drivers.\n"
    )
    (article,) = parse("buses.md", text.encode())
    assert (article.title, article.author, article.url) == (
        "Night buses return",
        "Marta Kowalska",
        "https://news.example.org/night-buses",
    )
    assert str(article.published) == "2026-12-04"
    assert article.body == (
        "Night buses to the suburbs resume on Monday, the authority said.",
        "It has hired 60 drivers.",
    )


_NOTE_STORY = (
    "Night buses to the suburbs resume on Monday, the transport authority said after hiring sixty drivers.",
    "The first routes run every thirty minutes between midnight and five in the morning.",
)


@pytest.mark.parametrize(
    "address_line",
    [
        "[Source](https://news.example.org/night-buses)",
        "Source: https://news.example.org/night-buses",
        "<https://news.example.org/night-buses>",
        "https://news.example.org/night-buses",
        "[Read the original](https://news.example.org/night-buses)",
    ],
)
def test_a_note_s_clipped_address_and_tag_line_are_no_text_of_the_story(address_line: str) -> None:
    """A Bear or Obsidian note of a clipped page: "#clippings #transport" and "[Source](...)" under the title were
    the body's first paragraphs (and a key point), and the page's address was no link."""
    text = f"# Night buses return\n#clippings #transport/buses\n\n{address_line}\n\n" + "\n\n".join(_NOTE_STORY) + "\n"
    (article,) = parse("buses.md", text.encode())
    assert (article.title, article.url) == ("Night buses return", "https://news.example.org/night-buses")
    assert article.body == _NOTE_STORY


def test_an_address_inside_a_note_s_story_is_the_story_s_own() -> None:
    text = "# Night buses return\n\n" + "\n\n".join(_NOTE_STORY) + "\n\nhttps://transport.example.org/timetable\n"
    (article,) = parse("buses.md", text.encode())
    assert article.url is None
    assert article.body[-1] == "https://transport.example.org/timetable"


def _telegram_export(messages: list[object], kind: str = "public_channel") -> bytes:
    doc = {"name": "Harbour Energy News", "type": kind, "id": 1234567890, "messages": messages}
    return json.dumps(doc, ensure_ascii=False, indent=1).encode()


_WIND = (
    "The first twelve turbines of the harbour wind farm now feed the grid, three months ahead of plan, the energy "
    "ministry said on Friday. The farm will cover a fifth of the region's demand once all 60 are built."
)
_CABLE = (
    "The grid operator says the new island interconnector will be ready in March, two months later than planned, "
    "because of a shortage of cable-laying ships."
)


def test_a_telegram_channel_s_export_is_its_posts():
    """Telegram Desktop's "Export chat history" (JSON) of a news channel: refused as "no article in the JSON".
    Each post is now an entry, as a feed's title-less post is: a bold opening line its headline, its first link
    its address, its time the export's UTC count (its "date" is the exporting computer's clock, zone unsaid)."""
    messages = [
        {"id": 1, "type": "service", "date": "2025-10-01T08:00:00", "action": "create_channel", "text": ""},
        {"id": 2, "type": "message", "date": "2025-10-16T11:00:00", "date_unixtime": "1760605200",
         "from": "Harbour Energy News",
         "text": [{"type": "bold", "text": "Harbour wind farm feeds the grid"}, f"\n\n{_WIND}\n\n",
                  {"type": "text_link", "text": "Read more", "href": "https://energy.example/wind"}]},
        {"id": 3, "type": "message", "date": "2025-10-16T17:30:00", "date_unixtime": "1760628600",
         "photo": "photos/photo_1.jpg", "text": _CABLE},
        {"id": 4, "type": "message", "date": "2025-10-16T18:00:00", "date_unixtime": "1760630400",
         "sticker_emoji": "\U0001f44d", "text": ""},
        {"id": 5, "type": "message", "date_unixtime": "1760630500", "text": [{"type": "bold"}, 7, None]},
    ]  # fmt: skip
    wind, cable = parse("result.json", _telegram_export(messages))
    assert (wind.title, wind.url, wind.body) == ("Harbour wind farm feeds the grid", "https://energy.example/wind",
                                                 (_WIND,))  # fmt: skip
    assert wind.published == datetime(2025, 10, 16, 9, 0, tzinfo=UTC)
    assert wind.source == "Harbour Energy News"
    assert cable.body == (_CABLE,)
    assert cable.title.startswith("The grid operator says the new island interconnector")
    assert cable.published == datetime(2025, 10, 16, 15, 30, tzinfo=UTC)
    assert len(wind.key_points) == 2
    assert cable.key_points
    assert wind.guid != cable.guid


def test_json_that_only_holds_messages_is_no_telegram_export():
    doc = {"messages": [{"title": "Harbour wind farm feeds the grid", "body": _WIND}]}
    (article,) = parse("notes.json", json.dumps(doc).encode())
    assert article.title == "Harbour wind farm feeds the grid"
