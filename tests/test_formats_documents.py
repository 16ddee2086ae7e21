"""Word (.docx), OpenDocument (.odt), RTF, Safari web archives and Internet shortcuts in a drop folder.

Each is read into the same article as the other readers give (through the Markdown reader's blocks, or the
HTML reader for a web archive's page); hostile ones (zip bombs, entity bombs, nesting, damage, passwords,
macros, a wrong type) are refused with a reason, quickly and without reading anything outside the file.
"""

from __future__ import annotations

import asyncio
import io
import json
import plistlib
import sqlite3
import struct
import time
import zipfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from docfixtures import (
    ADDRESS,
    HEADLINE,
    PARAGRAPHS,
    core_xml,
    docx,
    nested_bplist,
    odt,
    page_html,
    patched,
    rtf_escape,
    styles_xml,
    textedit_rtf,
    w_paragraph,
    webarchive,
    webloc,
    wide_bplist,
    windows_shortcut,
    word_rtf,
    word_xml,
    zipped,
)
from hypothesis import given, settings
from hypothesis import strategies as st
from test_cli import run

from bot.clock import ManualClock
from bot.config import Settings
from bot.errors import ParseError
from bot.ingest.formats import is_supported, parse_retrieved
from bot.ingest.pipeline import ingest_paths
from bot.models import Article, Retrieved
from bot.store.db import Database

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
BODY = (PARAGRAPHS[0].split(" \u2014 ", 1)[1], *PARAGRAPHS[1:])  # the dateline in its field


def parse(name: str, data: bytes) -> list[Article]:
    return parse_retrieved(Retrieved(data=data, name=name, location=name), now=NOW)


def one(name: str, data: bytes) -> Article:
    (article,) = parse(name, data)
    return article


@pytest.mark.parametrize("name", ["story.docx", "story.odt", "story.rtf", "page.webarchive", "link.url", "x.webloc"])
def test_the_new_types_are_article_types(name):
    assert is_supported(name)
    assert is_supported(name.upper())


# --- Word --------------------------------------------------------------------------------------------------


def test_a_word_document_gives_its_headline_byline_dateline_body_and_key_points():
    core = core_xml(title="Document1", creator="jsmith", created="2026-12-05T09:30:00Z")
    article = one("ferry.docx", docx(core=core))
    assert article.title == HEADLINE  # its Title paragraph, not a stale property
    assert article.author == "Ann Lee"  # the byline under it, not the account that saved it
    assert article.dateline == "HARBOURTON"
    assert article.body == BODY  # runs joined, the byline out of the body
    assert article.published == datetime(2026, 12, 5, 9, 30, tzinfo=UTC)  # no date in the text: the properties'
    assert article.key_points
    assert article.key_points[0] in article.body


def test_a_word_document_without_a_heading_takes_its_properties_title_author_and_date():
    body = "".join(w_paragraph(p) for p in PARAGRAPHS)
    core = core_xml(title=HEADLINE, creator="Ann Lee", created="2026-12-05T09:30:00Z")
    article = one("ferry.docx", docx(body, core=core))
    assert (article.title, article.author) == (HEADLINE, "Ann Lee")
    assert article.published == datetime(2026, 12, 5, 9, 30, tzinfo=UTC)
    assert article.body == BODY
    # A first line that is the properties' title is the heading, not a paragraph too.
    article = one("ferry.docx", docx(w_paragraph(HEADLINE) + body, core=core))
    assert (article.title, article.body) == (HEADLINE, BODY)


def test_a_word_document_s_text_date_and_localised_heading_style_are_read():
    body = (
        w_paragraph("Stadtrat", "berschrift1")  # German Word's id for "heading 1"; the name says what it is
        + w_paragraph(HEADLINE, "berschrift1")
        + w_paragraph("5 December 2026")
        + "".join(w_paragraph(p) for p in PARAGRAPHS)
    )
    article = one("ferry.docx", docx(body, styles=styles_xml({"berschrift1": "heading 1"})))
    assert article.title == "Stadtrat"
    assert article.published == date(2026, 12, 5)
    assert HEADLINE not in article.body  # a sub-heading is a signpost, not a sentence
    assert article.body == BODY


def test_word_s_tables_text_boxes_tracked_changes_and_tabs_are_read_as_text():
    box = (
        "<w:r><mc:AlternateContent><mc:Choice Requires='wps'><w:drawing><w:txbxContent>"
        + w_paragraph("Ferry timetable published online.")
        + "</w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent>"
        + w_paragraph("Ferry timetable published online.")
        + "</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )
    edited = (
        "<w:p><w:r><w:t>The fare will be</w:t></w:r><w:del><w:r><w:delText> ten</w:delText></w:r></w:del>"
        "<w:ins><w:r><w:t xml:space='preserve'> three euros</w:t></w:r></w:ins><w:r><w:tab/><w:t>a trip.</w:t>"
        "</w:r></w:p>"
    )
    table = (
        "<w:tbl><w:tr><w:tc>" + w_paragraph("Stop") + "</w:tc><w:tc>" + w_paragraph("Minutes") + "</w:tc></w:tr>"
        "<w:tr><w:tc>" + w_paragraph("North quay") + "</w:tc><w:tc>" + w_paragraph("12") + "</w:tc></w:tr></w:tbl>"
    )
    body = w_paragraph(HEADLINE, "Heading1") + "".join(w_paragraph(p) for p in PARAGRAPHS)
    body += f"<w:p>{box}</w:p>" + edited + table
    layout = (  # a page laid out in a one-cell table: its paragraphs are the story's
        "<w:tbl><w:tr><w:tc>"
        + w_paragraph("Timetable", "Heading2")
        + w_paragraph("Boats leave the north quay every fifteen minutes from six in the morning.")
        + w_paragraph("The last boat leaves at midnight on Fridays and Saturdays.")
        + "</w:tc></w:tr></w:tbl>"
    )
    article = one("ferry.docx", docx(body + layout))
    assert article.body[len(BODY) :] == (
        "Ferry timetable published online.",
        "The fare will be three euros a trip.",
        "Stop | Minutes",
        "North quay | 12",
        "Boats leave the north quay every fifteen minutes from six in the morning.",
        "The last boat leaves at midnight on Fridays and Saturdays.",
    )


# --- OpenDocument ------------------------------------------------------------------------------------------


def test_an_opendocument_text_gives_its_heading_body_and_properties():
    meta = {"meta:initial-creator": "Ann Lee", "dc:creator": "jsmith", "meta:creation-date": "2026-12-05T09:30:00"}
    article = one("ferry.odt", odt(meta=meta))
    assert (article.title, article.author, article.dateline) == (HEADLINE, "Ann Lee", "HARBOURTON")
    assert article.published == datetime(2026, 12, 5, 9, 30, tzinfo=UTC)
    assert article.body == BODY
    assert article.key_points


def test_opendocument_spaces_notes_and_title_style_are_read():
    body = (
        f'<text:p text:style-name="Title">{HEADLINE}</text:p>'
        '<text:p>The fare will be<text:s text:c="1"/>three euros<text:note><text:note-citation>1</text:note-citation>'
        "<text:note-body><text:p>A footnote.</text:p></text:note-body></text:note> a trip.</text:p>"
        + "".join(f"<text:p>{p}</text:p>" for p in PARAGRAPHS[1:])
        + "<table:table><table:table-row><table:table-cell><text:p>Stop</text:p></table:table-cell>"
        "<table:table-cell><text:p>Minutes</text:p></table:table-cell></table:table-row></table:table>"
    )
    article = one("ferry.odt", odt(body))
    assert article.title == HEADLINE
    assert article.body[0] == "The fare will be three euros a trip."
    assert article.body[-1] == "Stop | Minutes"


# --- RTF ---------------------------------------------------------------------------------------------------


def test_a_word_rtf_gives_its_heading_info_and_text_without_its_tables_pictures_and_notes():
    article = one("ferry.rtf", word_rtf())
    assert article.title == HEADLINE  # the outline-level paragraph, not \info's title
    assert article.author == "Ann Lee"  # \info's author
    assert article.published == date(2026, 12, 5)  # \creatim, a local time: its day
    assert article.dateline == "HARBOURTON"
    assert article.body == (BODY[0] + " See the route map.", *BODY[1:])
    assert article.key_points
    everything = " ".join(article.body)
    for hidden in ("Times New Roman", "heading 1", "89504e47", "footnote", "HYPERLINK", "Microsoft Word"):
        assert hidden not in everything


def test_a_textedit_rtf_reads_its_lines_and_escaped_characters():
    text = f"{HEADLINE}\n\nBy Ann Lee\n\n" + "\n\n".join(PARAGRAPHS).replace("officials said", "caf\u00e9 owners said")
    article = one("ferry.rtf", textedit_rtf(text.replace("second", "\u201csecond\u201d")))
    assert article.title == HEADLINE.replace("second", "\u201csecond\u201d")
    assert article.author == "Ann Lee"
    assert "caf\u00e9 owners said" in article.body[1]
    ship = one("ship.rtf", textedit_rtf(f"{HEADLINE} \U0001f6a2\n\n" + "\n\n".join(PARAGRAPHS)))
    assert ship.title == f"{HEADLINE} \U0001f6a2"


def test_rtf_in_a_font_s_code_page_is_read_in_it():
    data = (
        r"{\rtf1\ansi\ansicpg1252{\fonttbl{\f0\fnil\fcharset204 Arial;}}\f0 "
        r"\'cf\'e0\'f0\'ee\'ec \'e4\'e2\'e0\par " + rtf_escape(PARAGRAPHS[1]) + r"\par " + rtf_escape(PARAGRAPHS[2])
    ).encode() + b"}"
    article = one("ferry.rtf", data)
    assert article.title == "\u041f\u0430\u0440\u043e\u043c \u0434\u0432\u0430"  # cp1251: "Паром два"


# --- Safari web archives -----------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", [plistlib.FMT_BINARY, plistlib.FMT_XML], ids=["binary", "xml"])
def test_a_web_archive_is_read_as_its_page_with_its_address(fmt):
    expected = one("page.html", page_html().encode())
    article = one("ferry.webarchive", webarchive(fmt=fmt))
    assert (article.title, article.body, article.author, article.published, article.dateline) == (
        expected.title,
        expected.body,
        expected.author,
        expected.published,
        expected.dateline,
    )
    assert article.url == ADDRESS
    assert article.key_points == expected.key_points


def test_a_web_archive_s_text_encoding_name_is_its_charset():
    html = page_html(charset="x").replace("<meta charset='x'>", "").replace("officials", "caf\u00e9 owners")
    article = one("ferry.webarchive", webarchive(html.encode("cp1252"), encoding="windows-1252"))
    assert "caf\u00e9 owners" in " ".join(article.body)
    local = one("ferry.webarchive", webarchive(url="file:///Users/me/ferry.html"))
    assert local.url is None  # only a web address is the article's


@pytest.mark.parametrize("name", ["page.docx", "page.odt", "page.rtf", "page.webarchive", "page.url", "page.webloc"])
def test_a_page_saved_under_a_new_type_s_name_is_read_as_the_page(name):
    expected = one("page.html", page_html().encode())
    article = one(name, page_html().encode())
    assert (article.title, article.body, article.author) == (expected.title, expected.body, expected.author)


# --- Internet shortcuts ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("ferry.url", windows_shortcut(ADDRESS)),
        ("ferry.webloc", webloc(ADDRESS)),
        ("ferry.webloc", webloc(ADDRESS, plistlib.FMT_BINARY)),
    ],
    ids=["url", "webloc-xml", "webloc-binary"],
)
def test_an_internet_shortcut_is_refused_naming_its_link(name, data):
    with pytest.raises(ParseError, match=f"^a link to {ADDRESS}, not a saved page: save the page itself"):
        parse(name, data)


def test_a_shortcut_without_a_link_or_with_odd_characters_says_so_on_one_line():
    with pytest.raises(ParseError, match="an Internet shortcut with no link in it"):
        parse("empty.url", b"[InternetShortcut]\r\n")
    with pytest.raises(ParseError) as caught:
        parse("odd.webloc", webloc("https://gazette.example/\x1b[31mred\u202e" + "x" * 1000, plistlib.FMT_BINARY))
    assert "\x1b" not in str(caught.value)
    assert "\u202e" not in str(caught.value)
    assert len(str(caught.value)) < 500


# --- Hostile input -----------------------------------------------------------------------------------------

SECRET = "SECRET-7f3a-outside-the-file"  # noqa: S105 - a marker that must never leave its file
SECRET_FILE = Path(__file__).parent / "docfixtures.py"  # a file outside any drop file; its text has the marker


def _external_entity() -> str:
    prolog = f'<!DOCTYPE w:document [<!ENTITY secret SYSTEM "file://{SECRET_FILE}">]>'
    return word_xml("<w:p><w:r><w:t>&secret;</w:t></w:r></w:p>", prolog=prolog)


def _entity_bomb() -> str:
    entities = '<!ENTITY a0 "lol">' + "".join(f'<!ENTITY a{n} "{f"&a{n - 1};" * 10}">' for n in range(1, 10))
    return word_xml("<w:p><w:r><w:t>&a9;</w:t></w:r></w:p>", prolog=f"<!DOCTYPE w:document [{entities}]>")


def _zip_bomb() -> bytes:
    filler = "<w:p><w:r><w:t>" + "ferry " * 60 + "</w:t></w:r></w:p>"
    return docx(w_paragraph(HEADLINE) + filler * 140_000)  # 52 MB of XML in a few hundred KB


def _lying_zip_bomb() -> bytes:
    """A zip bomb whose headers claim its document.xml is 2 KB: it unpacks until the claim, then fails its CRC."""
    return patched(_zip_bomb(), "word/document.xml", local=22, central=24, value=struct.pack("<I", 2048))


def _flagged() -> bytes:
    """A document whose text part is flagged as encrypted (zipfile writes no such part: the flags are set after)."""
    return patched(docx(), "word/document.xml", local=6, central=8, value=struct.pack("<H", 0x1))


def _word_part(xml: str) -> bytes:
    return zipped({"word/document.xml": xml})


def _many_entries() -> bytes:
    return zipped({f"word/media/{n}.xml": b"" for n in range(20_000)} | {"word/document.xml": word_xml("")})


HOSTILE = [
    ("bomb.docx", lambda: _zip_bomb(), r"word/document\.xml unpacks to [\d,]+ bytes \(limit 50,000,000\)"),
    ("lying-bomb.docx", lambda: _lying_zip_bomb(), r"damaged Word document.*word/document\.xml cannot be unpacked"),
    ("entities.docx", lambda: _word_part(_entity_bomb()), "declares a document type or entities"),
    ("external.docx", lambda: _word_part(_external_entity()), "declares a document type or entities"),
    ("deep.docx", lambda: docx("<w:p>" * 5000 + "</w:p>" * 5000), "nests elements more than 1,000 deep"),
    ("cut.docx", lambda: docx()[:-300], r"damaged Word document .*: its zip directory is missing"),
    ("cut-inside.docx", lambda: docx()[:300] + docx()[-200:], "damaged Word document"),
    ("not-xml.docx", lambda: zipped({"word/document.xml": "<w:document>&nbsp;"}), "not well-formed XML"),
    ("text.docx", lambda: ("\n\n".join((HEADLINE, *PARAGRAPHS))).encode(), "holds plain text.*rename it .txt"),
    ("rtf.docx", lambda: word_rtf(), r"not a Word document \(\.docx\): it holds an RTF document; rename it \.rtf"),
    ("empty.docx", lambda: b"", "empty file"),
    (
        "protected.docx",
        lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500) + "EncryptedPackage".encode("utf-16-le"),
        "a password-protected Word document",
    ),
    ("old.docx", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), r"old binary Word document \(\.doc\)"),
    ("flagged.docx", _flagged, "a password-protected Word document"),
    (
        "macros.docx",
        lambda: docx(extra={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0"}),
        r"macros \(word/vbaProject\.bin\)",
    ),
    ("sheet.docx", lambda: zipped({"xl/workbook.xml": "<workbook/>"}), "holds neither word/document.xml"),
    ("many.docx", _many_entries, r"its zip directory lists 20001 entries"),
    ("sheet.odt", lambda: odt(kind="application/vnd.oasis.opendocument.spreadsheet"), "of another kind"),
    (
        "protected.odt",
        lambda: odt(manifest='<manifest:encryption-data manifest:checksum-type="SHA1/1K"/>'),
        "a password-protected OpenDocument text",
    ),
    ("deep.rtf", lambda: b"{\\rtf1 " + b"{" * 100_000 + b"x" + b"}" * 100_001, "groups nested more than 500 deep"),
    ("cut.rtf", lambda: word_rtf()[:-40], r"it ends inside 1 open group \(the file was cut short\?\)"),
    ("text.rtf", lambda: "\n\n".join((HEADLINE, *PARAGRAPHS)).encode(), r"does not start with \{\\rtf"),
    ("binary.rtf", lambda: b"\x00\x01\x02" * 100, "not an RTF document.*binary"),
    ("list.webarchive", lambda: plistlib.dumps([1, 2]), "holds a list, not a web archive"),
    ("nomain.webarchive", lambda: plistlib.dumps({"WebSubresources": []}), "no WebMainResource"),
    ("str.webarchive", lambda: webarchive().replace(b"WebResourceData", b"WebResourceDatX"), "is a nothing"),
    ("image.webarchive", lambda: webarchive(b"\x89PNG", mime="image/png"), "holds image/png, not HTML"),
    ("cut.webarchive", lambda: webarchive()[:-60], "damaged Safari web archive"),
    ("deep.webarchive", lambda: nested_bplist(50_000), "nested too deeply"),
    ("huge.webarchive", lambda: nested_bplist(250_000), r"claims 250,001 objects \(limit 200,000\)"),
    ("wide.webarchive", lambda: wide_bplist(2_000_000), r"hold more than 1,000,000 references"),
    ("many.webarchive", lambda: plistlib.dumps([{}] * 1_000_001, fmt=plistlib.FMT_XML), "more than 1,000,000 elements"),
    ("cut-trailer.webarchive", lambda: webarchive()[:-24] + struct.pack(">QQQ", 10**12, 0, 8), "cut short"),
    (
        "entities.webarchive",
        lambda: webarchive(fmt=plistlib.FMT_XML).replace(b"<plist", b'<!DOCTYPE p [<!ENTITY a "b">]><plist', 1),
        "damaged Safari web archive",
    ),
    ("text.webarchive", lambda: HEADLINE.encode(), "not a Safari web archive"),
]


@pytest.mark.parametrize(("name", "build", "reason"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_a_hostile_document_is_refused_quickly_with_its_reason(name, build, reason):
    data = build()
    started = time.process_time()
    with pytest.raises(ParseError, match=reason) as caught:
        parse(name, data)
    assert time.process_time() - started < 10
    assert "\n" not in str(caught.value)
    assert SECRET not in str(caught.value)


def _stored(data: bytes) -> bytes:
    """The same zip with its parts stored, not deflated: damage then falls on the XML itself."""
    source = zipfile.ZipFile(io.BytesIO(data))
    return zipped({info.filename: source.read(info) for info in source.infolist()}, stored=True)


DAMAGEABLE = {
    "deflated.docx": docx(core=core_xml(title=HEADLINE, creator="Ann Lee", created="2026-12-05T09:30:00Z")),
    "stored.docx": _stored(docx(core=core_xml(title=HEADLINE), styles=styles_xml({"Heading1": "heading 1"}))),
    "stored.odt": _stored(odt(meta={"meta:initial-creator": "Ann Lee"})),
    "word.rtf": word_rtf(),
    "binary.webarchive": webarchive(),
    "xml.webarchive": webarchive(fmt=plistlib.FMT_XML),
    "binary.webloc": webloc(ADDRESS, plistlib.FMT_BINARY),
}


@settings(max_examples=60, deadline=None)
@given(
    name=st.sampled_from(sorted(DAMAGEABLE)),
    cuts=st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 60), st.binary(max_size=8)), min_size=1, max_size=5),
)
def test_a_damaged_document_is_read_or_refused_with_its_reason(name, cuts):
    data = DAMAGEABLE[name]
    for at, length, patch in cuts:  # bytes cut out or replaced anywhere: headers, directories, XML, trailers
        at %= max(1, len(data))
        data = data[:at] + patch + data[at + length :]
    try:
        articles, reason = parse(name, data), ""
    except ParseError as exc:
        articles, reason = [], str(exc)
    assert "unsupported file type" not in reason
    assert "\n" not in reason
    assert bool(reason) != bool(articles)
    assert all(article.title and article.body for article in articles)


# --- Through the command line and a drop folder ------------------------------------------------------------


def _write_set(folder: Path) -> dict[str, bytes]:
    files = {
        "ferry.docx": docx(core=core_xml(created="2026-12-05T09:30:00Z")),
        "ferry.odt": odt(meta={"meta:initial-creator": "Ann Lee"}),
        "ferry.rtf": word_rtf(),
        "ferry.webarchive": webarchive(),
        "ferry.url": windows_shortcut(ADDRESS),
        "ferry.webloc": webloc(ADDRESS),
        "bomb.docx": _zip_bomb(),
        "text.docx": "\n\n".join((HEADLINE, *PARAGRAPHS)).encode(),
        "image.webarchive": webarchive(b"\x89PNG", mime="image/png"),
    }
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return files


def test_newsdigest_parse_json_reads_each_type(tmp_path):
    _write_set(tmp_path / "in")
    names = ["ferry.docx", "ferry.odt", "ferry.rtf", "ferry.webarchive", "ferry.url"]
    done = run(tmp_path, "parse", "--json", *(str(tmp_path / "in" / n) for n in names))
    assert done.returncode == 1  # the shortcut is no article
    records = {Path(r["path"]).name: r for r in map(json.loads, done.stdout.splitlines())}
    refused = records.pop("ferry.url")
    assert refused["error"].startswith(f"a link to {ADDRESS}, not a saved page: save the page itself")
    assert sorted(records) == ["ferry.docx", "ferry.odt", "ferry.rtf", "ferry.webarchive"]
    for record in records.values():
        assert record["title"] == HEADLINE
        assert record["author"] == "Ann Lee"
        assert record["dateline"] == "HARBOURTON"
        assert record["body"].startswith(BODY[0])
        assert len(record["key_points"]) == 3
    assert records["ferry.docx"]["published"] == "2026-12-05T09:30:00+00:00"
    assert records["ferry.rtf"]["published"] == "2026-12-05"
    assert records["ferry.webarchive"]["url"] == ADDRESS
    assert "Traceback" not in done.stderr


def test_a_drop_folder_of_documents_is_stored_and_its_hostile_files_quarantined_with_reasons(tmp_path):
    drop = tmp_path / "drop"
    _write_set(drop)
    settings = Settings(database_path=tmp_path / "news.db")
    clock = ManualClock(datetime.now(UTC) + timedelta(minutes=1))

    async def ingest() -> object:
        db = await Database.open(settings.database_path)
        try:
            return await ingest_paths(db, [drop], settings=settings, clock=clock)
        finally:
            await db.close()

    report = asyncio.run(asyncio.wait_for(ingest(), 60))
    assert report.failed == 0, report.problems  # type: ignore[attr-defined]
    archived = sorted(p.name for p in (drop / "archive").iterdir())
    assert archived == ["ferry.docx", "ferry.odt", "ferry.rtf", "ferry.webarchive"]
    reasons = {p.name: p.read_text() for p in (drop / "quarantine").glob("*.why.txt")}
    assert sorted(reasons) == [
        "bomb.docx.why.txt",
        "ferry.url.why.txt",
        "ferry.webloc.why.txt",
        "image.webarchive.why.txt",
        "text.docx.why.txt",
    ]
    assert reasons["ferry.url.why.txt"].startswith(f"a link to {ADDRESS}, not a saved page: save the page itself")
    assert reasons["ferry.webloc.why.txt"].startswith(f"a link to {ADDRESS}, not a saved page")
    assert "unpacks to" in reasons["bomb.docx.why.txt"]
    assert "rename it .txt" in reasons["text.docx.why.txt"]
    assert "holds image/png, not HTML" in reasons["image.webarchive.why.txt"]
    with sqlite3.connect(settings.database_path) as conn:
        rows = conn.execute("SELECT title, author, body FROM articles").fetchall()
    # The Word, OpenDocument and web archive copies are one story; the RTF's has a line more (its link's text).
    assert (
        sorted((title, author, body.startswith(BODY[0])) for title, author, body in rows)
        == [(HEADLINE, "Ann Lee", True)] * 2
    )
    assert (report.new, report.duplicate) == (2, 2)  # type: ignore[attr-defined]
