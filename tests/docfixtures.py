"""Word, OpenDocument, RTF, Safari web archive and Internet shortcut files, written here byte by byte.

The stories are this project's own; each builder writes only what the tests need of its format, as the
programs that save such files write it. SECRET-7f3a-outside-the-file: a marker no external entity may read.
"""

from __future__ import annotations

import io
import plistlib
import struct
import zipfile
from xml.sax.saxutils import escape

HEADLINE = "Council approves a second harbour ferry"
PARAGRAPHS = (
    "HARBOURTON \u2014 The town council voted on Tuesday to fund a second harbour ferry, ending a two-year debate"
    " over the crossing.",
    "The new boat will carry up to 120 passengers and run every fifteen minutes at peak hours, officials said.",
    "Work on the landing stage is due to start in the spring, with the service opening before the summer season.",
)
ADDRESS = "https://gazette.example/2026/12/05/second-harbour-ferry"

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)


def zipped(parts: dict[str, bytes | str], *, stored: bool = False) -> bytes:
    """A zip of ``parts`` in order, deflated unless ``stored`` (a ``mimetype`` stored, as OpenDocument wants it)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, (2026, 12, 5, 9, 30, 0))
            info.compress_type = zipfile.ZIP_STORED if stored or name == "mimetype" else zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()


def patched(data: bytes, name: str, *, local: int, central: int, value: bytes) -> bytes:
    """``data`` with ``value`` written at ``local`` in the local header and ``central`` in the directory entry of
    the part ``name`` (a zip's flags at 6 and 8, its unpacked size at 22 and 24)."""
    out = bytearray(data)
    encoded = name.encode()
    at = out.find(encoded)
    while at >= 0:
        for signature, start, offset in ((b"PK\x03\x04", 30, local), (b"PK\x01\x02", 46, central)):
            header = at - start
            if header >= 0 and out[header : header + 4] == signature:
                out[header + offset : header + offset + len(value)] = value
        at = out.find(encoded, at + 1)
    return bytes(out)


def w_paragraph(text: str, style: str | None = None, *, runs: int = 1) -> str:
    """One ``w:p``: its style, and its text split over ``runs`` runs (as Word splits text at every edit)."""
    props = f'<w:pPr><w:pStyle w:val="{style}"/><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>'
    step = max(1, len(text) // runs)
    pieces = [text[at : at + step] for at in range(0, len(text), step)]
    body = "".join(f'<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">{escape(p)}</w:t></w:r>' for p in pieces)
    return f"<w:p>{props if style else ''}{body}</w:p>"


def word_xml(body: str, *, prolog: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}'
        f'<w:document xmlns:w="{W}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
        f"<w:body>{body}<w:sectPr/></w:body></w:document>"
    )


def core_xml(*, title: str = "", creator: str = "", created: str = "") -> str:
    fields = ""
    if title:
        fields += f"<dc:title>{escape(title)}</dc:title>"
    if creator:
        fields += f"<dc:creator>{escape(creator)}</dc:creator>"
    if created:
        fields += f'<dcterms:created xsi:type="dcterms:W3CDTF">{created}</dcterms:created>'
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"{fields}<cp:lastModifiedBy>Someone Else</cp:lastModifiedBy></cp:coreProperties>"
    )


def styles_xml(styles: dict[str, str]) -> str:
    """Word's styles part: each style id with its (English, lower-case) name, as Word writes them."""
    entries = "".join(
        f'<w:style w:type="paragraph" w:styleId="{sid}"><w:name w:val="{name}"/></w:style>'
        for sid, name in styles.items()
    )
    return f'<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="{W}">{entries}</w:styles>'


def docx(
    body: str | None = None,
    *,
    core: str | None = None,
    styles: str | None = None,
    extra: dict[str, bytes] | None = None,
) -> bytes:
    """A Word document: ``body`` (the story with its Title style by default), its properties and styles."""
    if body is None:
        body = (
            w_paragraph(HEADLINE, "Title")
            + w_paragraph("By Ann Lee")
            + "".join(w_paragraph(p, runs=3) for p in PARAGRAPHS)
        )
    parts: dict[str, bytes | str] = {"[Content_Types].xml": _CONTENT_TYPES, "word/document.xml": word_xml(body)}
    if styles is not None:
        parts["word/styles.xml"] = styles
    if core is not None:
        parts["docProps/core.xml"] = core
    parts.update(extra or {})
    return zipped(parts)


ODF_TEXT_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
)


def odt(
    body: str | None = None,
    *,
    meta: dict[str, str] | None = None,
    kind: str = "application/vnd.oasis.opendocument.text",
    manifest: str = "",
) -> bytes:
    """An OpenDocument text document as LibreOffice writes it: mimetype first, content, meta, manifest."""
    if body is None:
        body = f'<text:h text:outline-level="1">{escape(HEADLINE)}</text:h>' + "".join(
            f'<text:p text:style-name="P1">{escape(p)}</text:p>' for p in PARAGRAPHS
        )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODF_TEXT_NS} office:version="1.3">'
        '<office:automatic-styles><style:style style:name="P1" style:family="paragraph" '
        'style:parent-style-name="Text_20_body"/></office:automatic-styles>'
        f"<office:body><office:text>{body}</office:text></office:body></office:document-content>"
    )
    fields = "".join(f"<{key}>{escape(value)}</{key}>" for key, value in (meta or {}).items())
    meta_xml = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-meta '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<office:meta>{fields}</office:meta></office:document-meta>"
    )
    manifest_xml = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        f'<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">{manifest}'
        "</manifest:file-entry></manifest:manifest>"
    )
    return zipped(
        {"mimetype": kind, "content.xml": content, "meta.xml": meta_xml, "META-INF/manifest.xml": manifest_xml}
    )


def rtf_escape(text: str) -> str:
    """Text as Word writes it in RTF: ASCII as it is, cp1252 letters as \\'xx, the rest as \\uN?."""
    out = []
    for char in text:
        if char in "\\{}":
            out.append("\\" + char)
        elif ord(char) < 128:
            out.append(char)
        elif char in "\u00e9\u00e8\u00fc\u00f6":
            out.append(f"\\'{char.encode('cp1252')[0]:02x}")
        else:
            units = char.encode("utf-16-be")
            for at in range(0, len(units), 2):
                code = int.from_bytes(units[at : at + 2], "big")
                out.append(f"\\u{code if code < 32768 else code - 65536}?")
    return "".join(out)


def word_rtf(*, info: bool = True) -> bytes:
    """An RTF document as Word writes one: tables of fonts, colours and styles, \\info, a heading, a picture."""
    head = (
        r"{\rtf1\adeflang1025\ansi\ansicpg1252\uc1\adeff0\deff0"
        r"{\fonttbl{\f0\froman\fcharset0\fprq2 Times New Roman;}{\f1\fswiss\fcharset0 Arial;}}"
        r"{\colortbl;\red0\green0\blue0;}"
        r"{\stylesheet{\ql \f0 Normal;}{\s1\ql\outlinelevel0 \b\f1 heading 1;}}"
        r"{\*\rsidtbl \rsid1234}{\*\generator Microsoft Word 16.0;}"
    )
    if info:
        head += (
            r"{\info{\title Harbour ferry (council notes)}{\author Ann Lee}{\operator jsmith}"
            r"{\creatim\yr2026\mo12\dy5\hr9\min30}{\revtim\yr2026\mo12\dy6\hr10\min0}}"
        )
    body = (
        r"\pard\plain \s1\ql\outlinelevel0 \b\f1 " + rtf_escape(HEADLINE) + r"\par"
        "\n"
        r"\pard\plain \ql \f0 {\*\bkmkstart top}{\*\bkmkend top}"
    )
    for number, paragraph in enumerate(PARAGRAPHS):
        body += rtf_escape(paragraph)
        if number == 0:
            body += r'{\field{\*\fldinst HYPERLINK "https://gazette.example/route"}{\fldrslt  See the route map.}}'
            body += r"{\*\shppict{\pict\pngblip\picw10\pich10 89504e470d0a1a0a0000000d49484452}}"
            body += r"{\footnote \pard\plain A footnote that is no text of the story.\par}"
            body += r"{\xe {\v ferry, second}}{\tc Harbour ferry\tcl2}"  # an index entry, a contents entry
        body += "\\par\n"
    return (head + body + "}").encode("ascii")


def textedit_rtf(text: str) -> bytes:
    """An RTF document as macOS TextEdit writes one: Cocoa's header, lines ending in a backslash."""
    lines = "".join(rtf_escape(line) + "\\\n" for line in text.split("\n"))
    return (
        "{\\rtf1\\ansi\\ansicpg1252\\cocoartf2761\n\\cocoatextscaling0\\cocoaplatform0"
        "{\\fonttbl\\f0\\fswiss\\fcharset0 Helvetica;}\n{\\colortbl;\\red255\\green255\\blue255;}\n"
        "{\\*\\expandedcolortbl;;}\n\\paperw11900\\paperh16840\\margl1440\\margr1440\\vieww11520\\viewh8400"
        "\\viewkind0\n\\pard\\tx566\\tx1133\\pardirnatural\\partightenfactor0\n\n\\f0\\fs24 \\cf0 " + lines + "}"
    ).encode("ascii")


PAGE = (
    "<!doctype html><html lang='en'><head><meta charset='{charset}'><title>{title} - Coast Gazette</title>"
    "<meta property='article:published_time' content='2026-12-05T08:00:00Z'>"
    "<meta name='author' content='Ann Lee'></head><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
    "<article><h1>{title}</h1>{paragraphs}</article><footer>Copyright Coast Gazette</footer></body></html>"
)


def page_html(charset: str = "utf-8", extra: str = "") -> str:
    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in PARAGRAPHS) + extra
    return PAGE.format(charset=charset, title=HEADLINE, paragraphs=paragraphs)


def webarchive(
    html: bytes | None = None,
    *,
    url: str = ADDRESS,
    mime: object = "text/html",
    encoding: object = "UTF-8",
    fmt: plistlib.PlistFormat = plistlib.FMT_BINARY,
) -> bytes:
    """A Safari web archive: the page as its main resource, one image beside it."""
    main: dict[str, object] = {
        "WebResourceData": html if html is not None else page_html().encode("utf-8"),
        "WebResourceFrameName": "",
        "WebResourceMIMEType": mime,
        "WebResourceTextEncodingName": encoding,
        "WebResourceURL": url,
    }
    image = {"WebResourceData": b"\x89PNG\r\n\x1a\n" + bytes(64), "WebResourceMIMEType": "image/png"}
    image["WebResourceURL"] = "https://gazette.example/ferry.png"
    return plistlib.dumps({"WebMainResource": main, "WebSubresources": [image]}, fmt=fmt)


def nested_bplist(depth: int) -> bytes:
    """A binary property list of arrays nested ``depth`` deep, each holding the next (plistlib cannot write one)."""
    objects = [b"\xa1" + struct.pack(">I", n + 1) for n in range(depth)] + [b"\x08"]
    data = bytearray(b"bplist00")
    offsets = []
    for obj in objects:
        offsets.append(len(data))
        data += obj
    table = len(data)
    for offset in offsets:
        data += struct.pack(">I", offset)
    data += struct.pack(">6xBBQQQ", 4, 4, len(objects), 0, table)
    return bytes(data)


def wide_bplist(count: int) -> bytes:
    """A binary property list of one array holding ``count`` references to one object: a few MB, built as a list."""
    data = b"bplist00" + b"\x08" + b"\xaf\x13" + struct.pack(">Q", count) + b"\x01" * count
    table = len(data)
    data += struct.pack(">II", 9, 8)  # object 0: the array; object 1: false
    return data + struct.pack(">6xBBQQQ", 4, 1, 2, 0, table)


def windows_shortcut(url: str) -> bytes:
    header = "[{000214A0-0000-0000-C000-000000000046}]\r\nProp3=19,11\r\n"  # as Windows writes one
    return f"{header}[InternetShortcut]\r\nIDList=\r\nURL={url}\r\n".encode()


def webloc(url: str, fmt: plistlib.PlistFormat = plistlib.FMT_XML) -> bytes:
    return plistlib.dumps({"URL": url}, fmt=fmt)
