"""A hostile drop-folder corpus, generated: shared by the hostile-input tests (in process and through the CLI)."""

from __future__ import annotations

import codecs
import os
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import docfixtures

SECRET = "SECRET-MARKER-b7e1d04c"  # noqa: S105 - a marker that must never leave its file, not a password
ARTICLE = (
    "{title}\n\nThe harbour authority said on Tuesday that the northern pier would reopen after repairs. "
    "Workers replaced the timber deck and the railings over the winter.\n\n"
    "Fishing boats will return to the pier next month, the authority said.\n"
)
ARCHIVED, QUARANTINED, LEFT, MOVED = "archived", "quarantined", "left alone", "archived or quarantined"


@dataclass(frozen=True)
class Case:
    name: bytes  # as on disk: may be any bytes but / and NUL
    expect: str


def article(title: str) -> str:
    return ARTICLE.format(title=title)


def nested_mime() -> bytes:
    inner = (
        "From: desk@example.org\r\nSubject: Inner forwarded note\r\nContent-Type: text/plain\r\n\r\n"
        "An attached note that travels inside the letter.\r\n"
    )
    html = "<html><body><p>" + article("Harbour pier reopens").replace("\n\n", "</p><p>") + "</p></body></html>"
    return (
        "From: Harbour Desk <desk@example.org>\r\nSubject: Harbour pier reopens\r\n"
        "Date: Tue, 14 Oct 2025 08:00:00 +0000\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/mixed; boundary="outer"\r\n\r\n'
        '--outer\r\nContent-Type: multipart/alternative; boundary="alt"\r\n\r\n'
        '--alt\r\nContent-Type: text/plain; charset="utf-8"\r\n\r\n'
        + article("Harbour pier reopens").replace("\n", "\r\n")
        + '\r\n--alt\r\nContent-Type: text/html; charset="utf-8"\r\n\r\n'
        + html
        + "\r\n--alt--\r\n--outer\r\nContent-Type: message/rfc822\r\n\r\n"
        + inner
        + "\r\n--outer--\r\n"
    ).encode()


def _entity_bomb() -> str:
    entities = '<!ENTITY a0 "lol">' + "".join(f'<!ENTITY a{n} "{f"&a{n - 1};" * 10}">' for n in range(1, 10))
    return (
        f'<?xml version="1.0"?><!DOCTYPE rss [{entities}]><rss version="2.0"><channel><title>&a9;</title>'
        "<item><title>Bomb</title><description>&a9;</description></item></channel></rss>"
    )


def _odd_eml(content_type: str, encoding: str, body: str) -> bytes:
    return (
        f"From: desk@example.org\r\nSubject: An odd letter\r\nMIME-Version: 1.0\r\n"
        f"Content-Type: {content_type}\r\nContent-Transfer-Encoding: {encoding}\r\n\r\n{body}\r\n"
    ).encode()


def build(drop: Path, outside: Path, rng: random.Random) -> list[Case]:
    """Write the hostile corpus into ``drop``; return each entry with where the rule puts it."""
    drop.mkdir(parents=True)
    outside.mkdir(parents=True)
    secret = outside / "secret.txt"
    secret.write_text(article(f"Leaked {SECRET}"), encoding="utf-8")
    (outside / ".env").write_text(f"DISCORD_TOKEN={SECRET}\n", encoding="utf-8")
    (outside / "inner.md").write_text(article(f"# Also secret {SECRET}"), encoding="utf-8")
    cases: list[Case] = []

    def put(name: bytes | str, data: bytes | str, expect: str) -> None:
        raw = name if isinstance(name, bytes) else name.encode()
        path = os.path.join(os.fsencode(drop), raw)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as handle:
            handle.write(data if isinstance(data, bytes) else data.encode("utf-8"))
        cases.append(Case(raw, expect))

    def link(name: str, target: Path | str) -> None:
        os.symlink(target, drop / name)
        cases.append(Case(name.encode(), LEFT))

    for number, suffix in enumerate((".txt", ".md", ".html", ".json", ".eml", ".xml", ".rss", ".atom")):
        put(f"random-{number}{suffix}", rng.randbytes(rng.randint(1, 3000)), MOVED)
    for number in range(4):
        words = ["".join(rng.choice("abcdefghij .,;!?'\"-") for _ in range(rng.randint(1, 12))) for _ in range(300)]
        put(f"random-text-{number}.txt", " ".join(words), MOVED)
    put("good.md", article("# Harbour pier reopens after repairs"), ARCHIVED)
    put(b"caf\xe9-not-utf8.md", article("# A name that is not UTF-8"), ARCHIVED)
    put(b"bad-\xff\xfe-not-utf8.json", b"{ broken", QUARANTINED)
    put("line\nbreak.md", article("# A name with a newline"), ARCHIVED)
    put("\u202eevil.md", article("# A name with a direction override"), ARCHIVED)
    put("x" * 250 + ".json", b"{ not json", QUARANTINED)  # 255 bytes: its reason file needs a shorter name
    put("y" * 252 + ".md", article("# A name of 255 bytes"), ARCHIVED)
    put("é" * 125 + ".txt", article("Two hundred and fifty bytes of accents"), ARCHIVED)
    put("desk/deeper/nested.txt", article("A story in a nested folder"), ARCHIVED)
    for partial in (".hidden.md", "story.md.part", "story.tmp", "page.html.crdownload", "feed.xml.download"):
        put(partial, article("Not finished"), LEFT)
    put("backup.md~", article("An editor's backup"), LEFT)
    put("photo.jpg", b"\xff\xd8\xff\xe0 not an article type", LEFT)
    put("no-suffix", article("No suffix at all"), LEFT)
    put("stray.md.why.txt", f"reason with a server path {drop}", LEFT)
    put("archive/already.md", article("Archived before"), LEFT)
    put("quarantine/old.md.why.txt", "an old reason", LEFT)
    put("empty.md", b"", QUARANTINED)
    put("utf16.txt", codecs.BOM_UTF16_LE + article("A story in UTF-16").encode("utf-16-le"), ARCHIVED)
    put(
        "utf16-lone.txt",
        codecs.BOM_UTF16_LE + article("Lone \ud800 in UTF-16").encode("utf-16-le", "surrogatepass"),
        ARCHIVED,
    )
    put("latin1.txt", article("Café crème for the harbour workers").encode("latin-1"), ARCHIVED)
    put("mixed.txt", article("Mixed café").encode() + "naïve café".encode("latin-1") + b"\n", ARCHIVED)
    put("nested.eml", nested_mime(), ARCHIVED)
    lone_json = (
        '{"title": "Harbour \\udfff pier reopens", "body": "The harbour \\ud800 authority said the pier would'
        ' reopen after repairs over the winter. Fishing boats return next month, it said."}'
    )
    put("lone.json", lone_json, ARCHIVED)
    put("lone-text.txt", article("Lone surrogate bytes").encode() + b"\xed\xb3\xbf end\n", ARCHIVED)
    put(
        "lone.html",
        "<html><head><title>Pier &#xD800; news</title></head><body><h1>Pier &#xD800; news</h1><p>"
        + article("x").replace("\n", " ")
        + "</p></body></html>",
        ARCHIVED,
    )
    put("deep.json", "[" * 100_000 + "]" * 100_000, QUARANTINED)  # nesting past the recursion limit
    put("bomb.xml", _entity_bomb(), MOVED)
    put("bad-charset.eml", _odd_eml('text/plain; charset="x-no-such-charset"', "7bit", "Plain body."), MOVED)
    put("bad-base64.eml", _odd_eml("text/plain", "base64", "!!!not base64@@@"), MOVED)
    put("bad-qp.eml", _odd_eml("text/html", "quoted-printable", "<p>=ZZ broken =\r\n soft</p>"), MOVED)
    put("spaces.txt", " \n\t" * 100_000, QUARANTINED)
    put("zero-width-\u200b\u200d.md", article("# A name with zero-width characters"), ARCHIVED)
    put(b"\xff-folder/in-odd-folder.md", article("# In a folder whose name is not UTF-8"), ARCHIVED)
    put("/".join(["d"] * 40) + "/too-deep.md", article("# Forty folders down"), LEFT)
    put("inner.md", article("# A hard link's other name is inside"), LEFT)
    os.link(drop / "inner.md", outside / "hardlinked.md")
    os.link(outside / "inner.md", drop / "hardlink-to-secret.md")  # a second name for a file outside
    cases.append(Case(b"hardlink-to-secret.md", LEFT))
    link("passwd.txt", "/etc/passwd")
    link("secret.md", secret)
    link("env.txt", outside / ".env")
    link("zero.txt", "/dev/zero")
    link("dangling.md", outside / "missing.md")
    link("folder-link", outside)
    link("folder-link.md", outside)
    os.mkfifo(drop / "pipe.txt")
    cases.append(Case(b"pipe.txt", LEFT))
    page = (
        "<!doctype html><html><head><title>Harbour pier reopens</title></head><body><article><p>"
        + article("x").replace("\n\n", "</p><p>")
        + "</p></article></body></html>"
    )
    put("random.mhtml", rng.randbytes(rng.randint(1, 3000)), MOVED)
    put("many-parts.mhtml", saved_page(*[("image/png", "base64", "iVBORw0KGgo=")] * 10_000), QUARANTINED)
    put("unclosed.mhtml", saved_page(("text/html", "8bit", page), close=False), ARCHIVED)
    put("bad-base64.mhtml", saved_page(("text/html", "base64", "!!!not base64@@@")), QUARANTINED)
    put("binary.mhtml", saved_page(("text/html", "8bit", "\x00\x01\x02binary\x00" * 500)), QUARANTINED)
    put("page-saved-as.txt", page, ARCHIVED)
    documents(put, secret, rng)
    return cases


def documents(put: Callable[[str, bytes, str], None], secret: Path, rng: random.Random) -> None:
    """Word, OpenDocument, RTF, web archive and shortcut files: good ones, random bytes and hostile ones."""
    for suffix in (".docx", ".odt", ".rtf", ".webarchive", ".url", ".webloc"):
        put(f"random{suffix}", rng.randbytes(rng.randint(1, 3000)), MOVED if suffix != ".url" else QUARANTINED)
    put("good.docx", docfixtures.docx(), ARCHIVED)
    put("good.odt", docfixtures.odt(), ARCHIVED)
    put("good.rtf", docfixtures.word_rtf(), ARCHIVED)
    put("good.webarchive", docfixtures.webarchive(), ARCHIVED)
    put("link.url", docfixtures.windows_shortcut("https://harbour.example/pier"), QUARANTINED)
    put("link.webloc", docfixtures.webloc("https://harbour.example/pier"), QUARANTINED)
    outside = f'<!DOCTYPE w:document [<!ENTITY s SYSTEM "file://{secret}">]>'
    leak = docfixtures.word_xml("<w:p><w:r><w:t>&s;</w:t></w:r></w:p>" * 3, prolog=outside)
    put("external-entity.docx", docfixtures.zipped({"word/document.xml": leak}), QUARANTINED)
    bomb = "<w:p><w:r><w:t>" + "pier " * 80 + "</w:t></w:r></w:p>"
    put("bomb.docx", docfixtures.docx(bomb * 130_000), QUARANTINED)  # 52 MB of XML in 200 KB
    put("text.docx", article("Harbour pier reopens").encode(), QUARANTINED)
    put("deep.rtf", b"{\\rtf1 " + b"{" * 50_000 + b"}" * 50_001, QUARANTINED)
    put("cut.rtf", docfixtures.word_rtf()[:-50], QUARANTINED)
    put("deep.webarchive", docfixtures.nested_bplist(20_000), QUARANTINED)
    put("image.webarchive", docfixtures.webarchive(b"\x89PNG", mime="image/png"), QUARANTINED)


def saved_page(*parts: tuple[str, str, str], close: bool = True) -> bytes:
    """A saved single-file page (MHTML) as Chrome writes one, holding ``parts`` (type, encoding, body)."""
    head = (
        "From: <Saved by Blink>\r\nSubject: Harbour pier reopens\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/related; type="text/html"; boundary="----b"\r\n\r\n'
    )
    body = "".join(
        f"------b\r\nContent-Type: {kind}\r\nContent-Transfer-Encoding: {encoding}\r\n"
        f"Content-Location: https://harbour.example/pier\r\n\r\n{text}\r\n"
        for kind, encoding, text in parts
    )
    return (head + body + ("------b--\r\n" if close else "")).encode("utf-8")


def where(drop: Path, case: Case) -> str:
    name = os.fsdecode(case.name)
    if case.name.startswith((b"archive/", b"quarantine/")):
        return LEFT if os.path.lexists(drop / name) else "gone"
    in_drop = os.path.lexists(drop / name)
    archived = (drop / "archive" / name).exists()
    quarantined = (drop / "quarantine" / name).exists()
    if quarantined:
        reasons = list((drop / "quarantine" / name).parent.glob("*.why.txt"))
        assert reasons, f"{case.name!r} quarantined without a reason file"
    found = [label for label, here in ((LEFT, in_drop), (ARCHIVED, archived), (QUARANTINED, quarantined)) if here]
    assert len(found) == 1, f"{case.name!r} is in {found}"
    return found[0]


def everything_written(tmp: Path) -> bytes:
    """Every byte of every file newsdigest could have written: database, WAL, archive, quarantine, reasons.

    The secret's own file, and the hard link the corpus made to it, are the input, not something written.
    """
    outside = {(p.stat().st_ino, p.stat().st_dev) for p in (tmp / "outside").rglob("*") if p.is_file()}
    blobs = []
    for path in tmp.rglob("*"):
        mine = path.is_file() and not path.is_symlink() and "outside" not in path.parts
        if mine and (path.stat().st_ino, path.stat().st_dev) not in outside:
            blobs.append(path.read_bytes())
    return b"\n".join(blobs)
