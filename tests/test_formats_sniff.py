"""A file's content, not only its suffix, picks its reader; saved single-file pages (MHTML) are read as pages."""

from __future__ import annotations

import base64
import codecs
import json
import quopri
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_cli import run

from bot.errors import ParseError, UnsupportedFormatError
from bot.ingest.formats import is_supported, parse_retrieved, reader_of
from bot.models import Retrieved

NOW = datetime(2025, 10, 17, 9, 0, tzinfo=UTC)

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Council approves new harbour ferry - Coast Gazette</title>
<meta property="og:title" content="Council approves new harbour ferry">
<meta property="article:published_time" content="2025-10-14T08:00:00Z">
</head><body><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article><h1>Council approves new harbour ferry</h1>
<p>The town council voted on Tuesday to fund a second harbour ferry, ending a two-year debate over the crossing.</p>
<p>The new boat will carry up to 120 passengers and run every fifteen minutes at peak hours, officials said.</p>
<p>Work on the landing stage is due to start in the spring, with the service opening before the summer season.</p>
</article><footer>Copyright Coast Gazette</footer></body></html>
"""
MAIL = """From: Morning Brief <news@brief.example>
To: reader@example.org
Subject: Northern rail line reopens after storm
Date: Tue, 14 Oct 2025 07:00:00 +0000
Message-ID: <1234@brief.example>
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="b1"

--b1
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

The northern rail line reopened on Monday after engineers cleared fallen tre=
es from the track near the coast, the operator said in a statement.

Trains are running to the normal timetable, though some no=
rthern services may be delayed by up to ten minutes while repairs finish.
--b1
Content-Type: text/html; charset=utf-8

<html><body><p>The northern rail line reopened on Monday.</p></body></html>
--b1--
"""
RSS = """<?xml version="1.0" encoding="utf-8"?>
<!-- written by hand -->
<rss version="2.0"><channel><title>Coast Gazette</title><link>https://gazette.example/</link>
<item><title>Harbour ferry approved</title><link>https://gazette.example/ferry</link>
<description>The council voted to fund a second harbour ferry on Tuesday.</description>
<pubDate>Tue, 14 Oct 2025 08:00:00 +0000</pubDate></item>
<item><title>Landing stage work to begin</title><link>https://gazette.example/stage</link>
<description>Work on the landing stage starts in spring.</description></item>
</channel></rss>
"""
ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Coast Gazette</title><id>urn:gazette</id>
<updated>2025-10-14T08:00:00Z</updated>
<entry><title>Harbour ferry approved</title><id>urn:gazette:1</id><link href="https://gazette.example/ferry"/>
<updated>2025-10-14T08:00:00Z</updated><summary>The council voted to fund a second harbour ferry.</summary></entry>
</feed>
"""
RDF = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
<channel rdf:about="https://gazette.example/"><title>Coast Gazette</title><link>https://gazette.example/</link>
<description>News</description></channel>
<item rdf:about="https://gazette.example/ferry"><title>Harbour ferry approved</title>
<link>https://gazette.example/ferry</link><description>The council voted to fund a ferry.</description></item>
</rdf:RDF>
"""
JSON_FEED = json.dumps(
    {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Coast Gazette",
        "items": [
            {
                "id": "1",
                "url": "https://gazette.example/ferry",
                "title": "Harbour ferry approved",
                "content_text": "The council voted to fund a second harbour ferry on Tuesday.",
            },
        ],
    }
)
BOUNDARY = "----MultipartBoundary--7Yh3kQpLmN0qRsT"
ADDRESS = "https://gazette.example/news/2025/10/14/ferry"


def parse(name: str, data: bytes | str):
    raw = data.encode() if isinstance(data, str) else data
    return parse_retrieved(Retrieved(data=raw, name=name, location=name), now=NOW)


def shape(article):
    return article.title, article.body, article.published, article.author


def part(headers: str, body: bytes) -> bytes:
    return f"--{BOUNDARY}\r\n{headers}\r\n\r\n".encode() + body + b"\r\n"


def mhtml(*parts: bytes, top: str = "", close: bool = True, kind: str = "multipart/related") -> bytes:
    """A saved page as Chrome writes it: the header block, then the parts, then the closing delimiter."""
    head = (
        "From: <Saved by Blink>\r\n"
        f"Snapshot-Content-Location: {ADDRESS}\r\n"
        "Subject: Council approves new harbour ferry - Coast Gazette\r\n"
        "Date: Tue, 14 Oct 2025 09:12:44 -0000\r\n"
        "MIME-Version: 1.0\r\n"
        f'Content-Type: {kind};\r\n\ttype="text/html";\r\n\tboundary="{BOUNDARY}"{top}\r\n\r\n\r\n'
    )
    return head.encode() + b"".join(parts) + (f"--{BOUNDARY}--\r\n".encode() if close else b"")


def page_part(html: bytes = PAGE.encode(), *, headers: str = "", encoding: str = "quoted-printable") -> bytes:
    body = quopri.encodestring(html).replace(b"\n", b"\r\n") if encoding == "quoted-printable" else html
    if encoding == "base64":
        body = base64.encodebytes(html).replace(b"\n", b"\r\n")
    return part(
        "Content-Type: text/html\r\nContent-ID: <frame-1@mhtml.blink>\r\n"
        f"Content-Transfer-Encoding: {encoding}\r\nContent-Location: {ADDRESS}{headers}",
        body,
    )


def image_part(n: int, size: int = 30) -> bytes:
    data = base64.encodebytes(bytes(range(256)) * (size // 256 + 1))[: size * 4 // 3]
    return part(
        f"Content-Type: image/png\r\nContent-Transfer-Encoding: base64\r\nContent-Location: {ADDRESS}/{n}.png",
        data.replace(b"\n", b"\r\n"),
    )


# --- content decides where the suffix's reader would misread -------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["page.txt", "page.md", "page.markdown", "page.xml", "page.rss", "page.atom", "page.rdf", "page.json", "page.eml"],
)
def test_a_whole_html_page_under_another_suffix_is_read_as_the_page(name):
    (expected,) = parse("page.html", PAGE)
    (article,) = parse(name, PAGE)
    assert shape(article) == shape(expected)
    assert article.title == "Council approves new harbour ferry"
    assert not any("<" in p for p in article.body)


@pytest.mark.parametrize(
    "data",
    [
        codecs.BOM_UTF8 + PAGE.encode(),
        ("\n\n  <!-- saved from url=(0042)https://gazette.example/ -->\n" + PAGE).encode(),
        codecs.BOM_UTF16_LE + PAGE.encode("utf-16-le"),
        PAGE.encode("utf-16-be"),  # no mark: told by its NULs
        PAGE.replace("<!doctype html>\n", "").encode(),  # no doctype: <html> then its head
        PAGE.replace("<!doctype html>\n", "<!doctypehtml>").encode(),  # minified
        (
            '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
            '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n'
            + PAGE.replace("<!doctype html>\n", "").replace(
                '<html lang="en">', '<html xmlns="http://www.w3.org/1999/xhtml">'
            )
        ).encode(),
    ],
    ids=["utf8-bom", "comment-first", "utf16-bom", "utf16-no-bom", "no-doctype", "minified", "xhtml"],
)
@pytest.mark.parametrize("name", ["page.txt", "page.xml"])
def test_the_page_is_told_after_marks_white_space_comments_and_declarations(name, data):
    (article,) = parse(name, data)
    assert article.title == "Council approves new harbour ferry"
    assert article.published == datetime(2025, 10, 14, 8, 0, tzinfo=UTC)


def test_a_mail_saved_as_txt_is_read_as_the_mail():
    (expected,) = parse("letter.eml", MAIL)
    (article,) = parse("letter.txt", MAIL)
    assert shape(article) == shape(expected)
    assert article.title == "Northern rail line reopens after storm"
    assert article.author == "Morning Brief"
    text = " ".join(article.body)
    assert "northern services" in text
    assert not any(junk in text for junk in ("no= ", "--b1", "<p>"))


def test_a_mailbox_copy_with_its_separator_line_is_a_mail_too():
    (article,) = parse("letter.txt", "From news@brief.example Tue Oct 14 07:00:00 2025\n" + MAIL)
    assert article.title == "Northern rail line reopens after storm"


@pytest.mark.parametrize("feed", [RSS, ATOM, RDF, JSON_FEED], ids=["rss", "atom", "rdf", "jsonfeed"])
@pytest.mark.parametrize("name", ["feed.txt", "feed.html", "feed.htm"])
def test_a_feed_under_a_page_or_text_suffix_is_read_as_the_feed(feed, name):
    suffix = {RSS: ".rss", ATOM: ".atom", RDF: ".rdf", JSON_FEED: ".json"}[feed]
    expected = parse("feed" + suffix, feed)
    articles = parse(name, feed)
    assert [(a.title, a.url) for a in articles] == [(a.title, a.url) for a in expected]
    assert articles[0].title == "Harbour ferry approved"


def test_a_feed_saved_as_markdown_is_read_as_the_feed():
    articles = parse("feed.md", RSS)
    assert [a.title for a in articles] == ["Harbour ferry approved", "Landing stage work to begin"]


# --- conservative: what must stay with its suffix's reader ----------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "reader"),
    [
        (
            "notes.md",
            '<p align="center"><img src="logo.png"></p>\n\n# Ferry approved\n\nThe council voted.\n',
            "markdown",
        ),
        ("notes.md", "# Ferry approved\n\n<div>The council voted.</div>\n\n<html> is an element.\n", "markdown"),
        ("notes.txt", "Ferry approved\n\nThe page starts with <html> and then <head> and <body>.\n", "text"),
        ("notes.txt", "From: my notes\nThe council voted on Tuesday to fund a second ferry.\n", "text"),
        ("notes.txt", "From: my notes\n\nThe council voted on Tuesday to fund a second ferry.\n", "text"),
        ("notes.txt", "Subject: ferry\nDate: Tuesday\n\nThe council voted on Tuesday to fund a ferry.\n", "text"),
        ("notes.txt", "Update: the ferry\nStatus: approved\nOwner: council\n\nThe council voted.\n", "text"),
        ("notes.txt", 'The feed said <rss version="2.0"><channel> and nothing more.\n', "text"),
        ("notes.txt", "<rss> is a tag name.\n\nThe council voted on Tuesday.\n", "text"),
        ("notes.txt", '{"title": "Ferry", "note": "jsonfeed is a format"}\n', "text"),
        ("notes.txt", "#breaking the ferry is approved\nThe council voted on Tuesday.\n", "text"),  # a hashtag
        ("notes.txt", "---\nThe council voted on Tuesday.\n---\n", "text"),  # rules, no front matter
        ("page.html", "<p>The council voted on Tuesday to fund a ferry.</p>\n", "html"),
        ("data.json", '{"title": "Ferry approved", "body": "The council voted on Tuesday."}', "json"),
        ("feed.xml", RSS, "feed"),
        ("letter.eml", MAIL, "email"),
    ],
)
def test_what_only_looks_a_little_like_another_kind_keeps_its_suffix_reader(name, text, reader):
    assert reader_of(Retrieved(data=text.encode(), name=name, location=name)) == reader


@pytest.mark.parametrize(
    "text",
    [
        "# Ferry approved\n\n*14 October 2025* \u2014 by **Ann Lee**\n\nThe council [voted](https://c.example/v) on"
        " Tuesday to fund a second ferry.\n\nWork starts in the spring.\n",
        "---\ntitle: Ferry approved\nauthor: Ann Lee\ndate: 2025-10-14\n---\n\nThe council [voted](https://c.example/v)"
        " on Tuesday to fund a second ferry.\n\nWork starts in the spring.\n",
    ],
    ids=["heading", "front-matter"],
)
def test_markdown_saved_as_txt_is_read_as_markdown(text):
    """Its headline kept the "# ", its body the link syntax, and the author was lost."""
    assert reader_of(Retrieved(data=text.encode(), name="notes.txt", location="notes.txt")) == "markdown"
    (article,) = parse_retrieved(Retrieved(data=text.encode(), name="notes.txt", location="notes.txt"), now=NOW)
    assert (article.title, article.author) == ("Ferry approved", "Ann Lee")
    assert article.body[0] == "The council voted on Tuesday to fund a second ferry."


@pytest.mark.parametrize("name", ["export.jsonl", "export.ndjson", "export.json"])
def test_json_lines_files_are_read_one_article_a_line(name):
    lines = "".join(
        json.dumps({"title": f"Ferry news {n}", "body": "The council voted on Tuesday."}) + "\n" for n in (1, 2)
    )
    assert is_supported(name)
    articles = parse_retrieved(Retrieved(data=lines.encode(), name=name, location=name), now=NOW)
    assert [a.title for a in articles] == ["Ferry news 1", "Ferry news 2"]


def test_a_sent_mail_with_inline_images_stays_a_mail():
    related = MAIL.replace("multipart/alternative", "multipart/related")
    assert reader_of(Retrieved(data=related.encode(), name="letter.eml", location="letter.eml")) == "email"
    (article,) = parse("letter.eml", related)
    assert article.author == "Morning Brief"


def test_a_page_saved_as_txt_is_finished_as_a_page():
    dated = PAGE.replace("<p>The town", "<p>HARBOURTON - The town")
    (expected,) = parse("page.html", dated)
    (article,) = parse("page.txt", dated)
    assert expected.dateline == "HARBOURTON"
    assert (article.dateline, article.body) == (expected.dateline, expected.body)  # its dateline in its field


# --- MHTML ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["saved.mhtml", "saved.MHT", "saved.txt", "saved.html", "saved.eml", "saved.md"])
def test_a_saved_single_file_page_is_read_as_its_page_wherever_it_turns_up(name):
    (expected,) = parse("page.html", PAGE)
    (article,) = parse(name, mhtml(page_part(), image_part(1), image_part(2)))
    assert shape(article) == shape(expected)
    assert article.url == ADDRESS


def test_mhtml_part_charset_and_base64_are_read():
    accented = PAGE.replace("harbour ferry, ending", "harbour ferry for Sant\u00e9 quay, ending").replace(
        '<meta charset="utf-8">', ""
    )
    data = mhtml(
        page_part(accented.encode("cp1252"), headers="", encoding="base64").replace(
            b"Content-Type: text/html\r\n", b"Content-Type: text/html; charset=windows-1252\r\n"
        )
    )
    (article,) = parse("saved.mhtml", data)
    assert "Sant\u00e9 quay" in article.body[0]


def test_mhtml_start_parameter_picks_the_root_part():
    frame = PAGE.replace("Council approves new harbour ferry", "Advertisement frame").encode()
    data = mhtml(
        part("Content-Type: text/html\r\nContent-ID: <frame-9@mhtml.blink>", frame),
        page_part(),
        top=';\r\n\tstart="<frame-1@mhtml.blink>"',
    )
    (article,) = parse("saved.mhtml", data)
    assert article.title == "Council approves new harbour ferry"


def test_mhtml_saved_as_one_html_part_is_read():
    data = (
        f"From: <Saved by Windows Internet Explorer 8>\r\nSubject: Ferry\r\nMIME-Version: 1.0\r\n"
        f"Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n"
        f"Content-Location: {ADDRESS}\r\n\r\n"
    ).encode() + quopri.encodestring(PAGE.encode())
    (article,) = parse("saved.mht", data)
    assert article.title == "Council approves new harbour ferry"
    assert article.url == ADDRESS


def test_mhtml_address_is_used_only_when_it_is_a_web_one():
    data = mhtml(page_part()).replace(ADDRESS.encode(), b"file:///C:/Users/me/ferry.html")
    (article,) = parse("saved.mhtml", data)
    assert article.url is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"The council voted on Tuesday to fund a second ferry.\n", "not a saved web page"),
        (mhtml(image_part(1), image_part(2)), "no HTML page"),
        (mhtml(page_part()).replace(f'boundary="{BOUNDARY}"'.encode(), b'charset="x"'), "names no boundary"),
        (mhtml(page_part(), kind="application/pdf"), "not multipart/related"),
        (MAIL.encode(), "it holds multipart/alternative"),
        (mhtml(page_part(b"\x00\x01\x02\x03binary\x00\x00" * 200, encoding="base64")), "binary"),
        (
            mhtml(part("Content-Type: text/html\r\nContent-Transfer-Encoding: base64", b"%% not base64 at all !!")),
            "says it is base64 but is not",
        ),
        (b"%PDF-1.7\n", "binary file"),
        (b"", "empty file"),
    ],
    ids=["plain-text", "no-html", "no-boundary", "other-type", "mail", "binary-html", "bad-base64", "pdf", "empty"],
)
def test_what_is_not_a_usable_saved_page_is_refused_with_a_reason(data, message):
    with pytest.raises(ParseError, match=message):
        parse("saved.mhtml", data)


def test_mhtml_that_is_really_a_page_is_read_as_the_page():
    (page,) = parse("saved.mhtml", PAGE)
    assert page.title == "Council approves new harbour ferry"


def test_mhtml_html_part_written_as_it_is_under_a_base64_label_is_read():
    data = mhtml(page_part(PAGE.encode(), encoding="base64")).replace(
        base64.encodebytes(PAGE.encode()).replace(b"\n", b"\r\n"), PAGE.encode()
    )
    (article,) = parse("saved.mhtml", data)
    assert article.title == "Council approves new harbour ferry"


def test_mhtml_whose_boundary_never_closes_is_read_up_to_its_end():
    (article,) = parse("saved.mhtml", mhtml(page_part(), close=False))
    assert article.title == "Council approves new harbour ferry"
    cut = mhtml(page_part(encoding="base64"), close=False)[:-150]  # a copy cut inside its base64
    (article,) = parse("saved.mhtml", cut)
    assert article.title == "Council approves new harbour ferry"


def test_mhtml_with_ten_thousand_parts_is_read_quickly():
    images = b"".join(image_part(n, 12) for n in range(10_000))
    started = time.process_time()
    (article,) = parse("saved.mhtml", mhtml(page_part(), images))
    with pytest.raises(ParseError, match=r"no HTML page .* among its first 1000 parts"):
        parse("saved.mhtml", mhtml(images, page_part()))
    assert article.title == "Council approves new harbour ferry"
    assert time.process_time() - started < 5  # the whole document is never parsed


def test_a_large_mhtml_is_read_without_parsing_its_images():
    big = part("Content-Type: image/jpeg\r\nContent-Transfer-Encoding: base64", b"QUJD" * 10_000_000)  # 40 MB
    started = time.process_time()
    (article,) = parse("saved.mhtml", mhtml(page_part(), big))
    assert article.title == "Council approves new harbour ferry"
    assert time.process_time() - started < 5


@settings(max_examples=80, deadline=None)
@given(
    cuts=st.lists(st.tuples(st.integers(0, 4000), st.integers(0, 60), st.binary(max_size=8)), min_size=1, max_size=6)
)
def test_a_damaged_saved_page_is_read_or_refused_with_a_reason(cuts):
    data = mhtml(page_part(), page_part(encoding="base64"), image_part(1))
    for at, length, patch in cuts:  # bytes cut out or replaced anywhere: headers, delimiters, encodings
        at %= len(data)
        data = data[:at] + patch + data[at + length :]
    try:
        articles = parse("saved.mhtml", data)
    except ParseError as exc:
        articles, reason = [], str(exc)
    else:
        reason = "read"
    assert reason  # a refusal says why
    assert all(a.title.strip() and a.body for a in articles)


def test_the_suffixes_are_read_and_named_in_the_refusal():
    assert is_supported("page.mhtml")
    assert is_supported("PAGE.MHT")
    with pytest.raises(UnsupportedFormatError, match=r"\.mhtml, \.mht"):
        parse("page.pdf", b"x")
    with pytest.raises(UnsupportedFormatError, match=r"\(no suffix\)"):
        parse("README", PAGE)  # a file without a suffix stays unread, whatever it holds


# --- the command line: real files in a folder ---------------------------------------------------------------


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "drop"
    folder.mkdir()
    for name in ("page.html", "page.txt", "page.md", "page.xml"):
        (folder / name).write_text(PAGE)
    (folder / "letter.eml").write_text(MAIL)
    (folder / "letter.txt").write_text(MAIL)
    (folder / "saved.mhtml").write_bytes(mhtml(page_part(), image_part(1)))
    (folder / "saved.mht").write_bytes(mhtml(page_part()))
    (folder / "feed.txt").write_text(RSS)
    (folder / "notes.md").write_text("# Ferry approved\n\n<div>The council voted on Tuesday to fund a ferry.</div>\n")
    return folder


def test_parse_reads_each_file_by_what_it_holds(tmp_path):
    result = run(tmp_path, "parse", str(_folder(tmp_path)), "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    records: dict[str, list[dict[str, object]]] = {}
    for line in result.stdout.splitlines():
        record = json.loads(line)
        records.setdefault(Path(str(record["path"])).name, []).append(record)
    fields = ("title", "published", "body")
    page = [{k: r[k] for k in fields} for r in records["page.html"]]
    for name in ("page.txt", "page.md", "page.xml", "saved.mhtml", "saved.mht"):
        assert [{k: r[k] for k in fields} for r in records[name]] == page, name
    assert records["saved.mhtml"][0]["url"] == ADDRESS
    mail = [{k: r[k] for k in (*fields, "author")} for r in records["letter.eml"]]
    assert [{k: r[k] for k in (*fields, "author")} for r in records["letter.txt"]] == mail
    assert [r["title"] for r in records["feed.txt"]] == ["Harbour ferry approved", "Landing stage work to begin"]
    assert records["notes.md"][0]["title"] == "Ferry approved"


def test_ingest_stores_each_file_by_what_it_holds_and_archives_it(tmp_path):
    folder = _folder(tmp_path)
    db = str(tmp_path / "news.db")
    result = run(tmp_path, "--db", db, "ingest", "--archive", str(folder))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "quarantined: 0  failed: 0" in result.stdout
    assert sorted(p.name for p in (folder / "archive").iterdir()) == sorted(
        [
            "page.html",
            "page.txt",
            "page.md",
            "page.xml",
            "letter.eml",
            "letter.txt",
            "saved.mhtml",
            "saved.mht",
            "feed.txt",
            "notes.md",
        ]
    )
    found = run(tmp_path, "--db", db, "find", "--json", "harbour ferry")
    assert found.returncode == 0, found.stdout + found.stderr
    titles = sorted(json.loads(line)["title"] for line in found.stdout.splitlines())
    assert titles == ["Council approves new harbour ferry", "Harbour ferry approved"]  # the page once, the feed's
