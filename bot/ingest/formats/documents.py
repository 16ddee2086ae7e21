"""Word-processor documents: Word's ``.docx`` and OpenDocument's ``.odt`` (LibreOffice, Google Docs' download).

Both are zips of XML (bot.ingest.formats.zipparts reads them bounded, never extracted): the text is in
``word/document.xml`` or ``content.xml``, the title, author and dates in ``docProps/core.xml`` or ``meta.xml``.
Each paragraph becomes a block, a heading (Word's Title and Heading styles, an outline level, ODF's ``text:h``)
a heading block, a table row one block of its cells; notes, comments, deleted text and a text box's fallback copy
are no text. The blocks become the article as a Markdown file's do (:func:`bot.ingest.formats.markdown.
article_from_blocks`: the first heading is the title, a byline or date line under it is read); the document's
properties fill in what the text does not say (its title where it has no heading, its author and date where no
byline or date line gives them). The reader is chosen by what the archive holds, not by its suffix.

Refused with a reason: a file that is no zip (a text file or an old binary ``.doc`` under the name, a
password-protected document, which Word writes as an encrypted OLE file), a document with macros, a
password-protected OpenDocument file, and every fault of zipparts (zip bombs, DTDs, damage).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field, replace

from bot.errors import ParseError
from bot.ingest.formats.decode import OLE, check_readable
from bot.ingest.formats.meta import clean_inline, parse_meta_date
from bot.ingest.formats.zipparts import has_part, open_archive, parse_part, read_part
from bot.models import Article, Published

WORD = "Word document (.docx)"
OPENDOCUMENT = "OpenDocument text (.odt)"
_ZIP = b"PK\x03\x04"
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_MACROS = ("word/vbaProject.bin", "word/vbaData.xml")
_ODF_MACROS = ("Basic/", "Scripts/")
_ODF_TEXT = "application/vnd.oasis.opendocument.text"
_METADATA_MAX = 1_000_000  # a properties part holds a few fields
_FIELD_MAX = 2000  # characters of one property kept
_HEADING_NAME = re.compile(r"heading[ _]?(\d)")  # Word's style names ("heading 1") and ids ("Heading1")
_ODF_HEADING_NAME = re.compile(r"heading(?:_20_)?(\d)")  # ODF's encoded names: "Heading_20_1"


@dataclass(slots=True)
class DocumentText:
    """What a document says: its blocks ((heading level or 0, text), in order) and its properties."""

    blocks: list[tuple[int, str]] = field(default_factory=list)
    title: str = ""
    author: str = ""
    created: Published | None = None


def document_article(document: DocumentText, *, name: str, what: str) -> Article:
    """Return the article of a document's text: read as a Markdown file's blocks, its properties filling the gaps.

    Raises:
        ParseError: if the document holds no paragraph of text.
    """
    from bot.ingest.formats.markdown import article_from_blocks

    blocks = [(level, text) for level, text in document.blocks if text]
    title = clean_inline(document.title)
    if title and not any(level for level, _ in blocks):
        if blocks and blocks[0][1].casefold() == title.casefold():
            blocks[0] = (1, blocks[0][1])  # the first line is the title the properties name: the heading
        else:
            blocks.insert(0, (1, title))
    article = article_from_blocks(blocks, {}, name=name, what=f"the {what}")
    author = article.author or clean_inline(document.author) or None
    return replace(article, author=author, published=article.published or document.created)


def read_document(data: bytes, *, name: str) -> Article:
    """Return the article of a Word or OpenDocument text document.

    Raises:
        ParseError: if it is not such a document, is refused (macros, a password, a zip bomb, a DTD) or has no text.
    """
    what = OPENDOCUMENT if name.lower().endswith(".odt") else WORD
    if not data.startswith(_ZIP):
        raise ParseError(_not_a_zip(data, what))
    archive = open_archive(data, what)
    with archive:
        if has_part(archive, "word/document.xml"):
            return document_article(_word_text(archive), name=name, what=WORD)
        if has_part(archive, "content.xml"):
            return document_article(_odf_text(archive), name=name, what=OPENDOCUMENT)
    raise ParseError(f"not a {what}: its zip archive holds neither word/document.xml nor content.xml")


def _not_a_zip(data: bytes, what: str) -> str:
    """Say what a file named as a document holds instead of one."""
    if data.startswith(OLE):
        if _ENCRYPTED_PACKAGE in data:
            return f"a password-protected {what}: newsdigest cannot open it; save a copy without a password"
        return f"not a {what}: an old binary Word document (.doc) or other Office file; save it as .docx"
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{\\rtf"):
        return f"not a {what}: it holds an RTF document; rename it .rtf"
    try:
        check_readable(data)
    except ParseError as exc:
        return f"not a {what}: {exc}"
    return f"not a {what}: it holds plain text, not a document's zip archive; rename it .txt"


# --- Word ----------------------------------------------------------------------------------------------------


def _word_text(archive: zipfile.ZipFile) -> DocumentText:
    macros = [part for part in _MACROS if has_part(archive, part)]
    if macros:
        raise ParseError(
            f"refused {WORD} with macros ({macros[0]}): newsdigest takes no document with macros; "
            "save it as a .docx without them"
        )
    document = DocumentText()
    styles = _word_styles(archive) if has_part(archive, "word/styles.xml") else {}
    reader = _Paragraphs(document.blocks)
    runs = 0  # inside a run (w:r): its tabs and breaks are text, a paragraph's tab stops (w:tabs/w:tab) are not
    skipped = 0  # inside a fallback copy of a text box (mc:Fallback) or text moved away (w:moveFrom)

    def start(tag: str, attributes: dict[str, str]) -> None:
        nonlocal runs, skipped
        if tag in ("Fallback", "moveFrom"):
            skipped += 1
        elif skipped:
            return
        elif tag == "p":
            reader.open()
        elif tag == "r":
            runs += 1
        elif tag == "t":
            reader.taking = True
        elif tag in ("tab", "br", "cr") and runs:
            reader.add(" ")
        elif tag == "noBreakHyphen" and runs:
            reader.add("-")
        elif tag == "pStyle":
            reader.level(styles.get(attributes.get("val", ""), _word_style_level(attributes.get("val", ""))))
        elif tag == "outlineLvl":
            reader.level(_outline(attributes.get("val", "")))
        elif tag == "tr":
            reader.open_row()
        elif tag == "tc":
            reader.open_cell()

    def end(tag: str) -> None:
        nonlocal runs, skipped
        if tag in ("Fallback", "moveFrom"):
            skipped -= 1
        elif skipped:
            return
        elif tag == "p":
            reader.close()
        elif tag == "r":
            runs -= 1
        elif tag == "t":
            reader.taking = False
        elif tag == "tr":
            reader.close_row()

    parse_part(archive, "word/document.xml", WORD, (start, end, reader.data))
    if has_part(archive, "docProps/core.xml"):
        fields = _properties(archive, "docProps/core.xml", WORD)
        document.title = fields.get("title", "")
        document.author = fields.get("creator", "")
        document.created = parse_meta_date(fields.get("created"))
    return document


def _word_styles(archive: zipfile.ZipFile) -> dict[str, int]:
    """Return the heading level of each paragraph style that is a title or heading, by its id."""
    levels: dict[str, int] = {}
    current = ""

    def start(tag: str, attributes: dict[str, str]) -> None:
        nonlocal current
        if tag == "style":
            current = attributes.get("styleId", "") if attributes.get("type", "paragraph") == "paragraph" else ""
        elif tag == "name" and current:
            level = _word_style_level(attributes.get("val", ""))
            if level:
                levels[current] = level
        elif tag == "outlineLvl" and current and current not in levels:
            level = _outline(attributes.get("val", ""))
            if level:
                levels[current] = level

    parse_part(archive, "word/styles.xml", WORD, (start, _ignore, _ignore), _METADATA_MAX * 10)
    return levels


def _word_style_level(name: str) -> int:
    """Return the heading level a style's name or id says (Title 1, Heading N N), else 0."""
    lowered = name.strip().lower()
    if lowered == "title":
        return 1
    found = _HEADING_NAME.fullmatch(lowered)
    return int(found.group(1)) if found and found.group(1) != "0" else 0


def _outline(value: str) -> int:
    """Return the heading level of an outline level (0 is a first-level heading; 9 is body text), else 0."""
    return int(value) + 1 if value.isdigit() and int(value) < 9 else 0


# --- OpenDocument ----------------------------------------------------------------------------------------------


def _odf_text(archive: zipfile.ZipFile) -> DocumentText:
    if has_part(archive, "mimetype"):
        kind = read_part(archive, "mimetype", OPENDOCUMENT, 200).decode("ascii", "replace").strip()
        if kind != _ODF_TEXT:
            raise ParseError(f"not an {OPENDOCUMENT}: an OpenDocument file of another kind ({kind[:80]})")
    if has_part(archive, "META-INF/manifest.xml"):
        manifest = read_part(archive, "META-INF/manifest.xml", OPENDOCUMENT, _METADATA_MAX)
        if b"encryption-data" in manifest:
            raise ParseError(
                f"a password-protected {OPENDOCUMENT}: newsdigest cannot open it; save a copy without a password"
            )
    if any(name.startswith(_ODF_MACROS) for name in archive.namelist()):
        raise ParseError(
            f"refused {OPENDOCUMENT} with macros: newsdigest takes no document with macros; save it without them"
        )
    document = DocumentText()
    reader = _Paragraphs(document.blocks)
    headings: dict[str, int] = {}  # automatic paragraph styles that are a title or heading style's children
    skipped = 0  # inside a footnote, a comment or the record of tracked changes

    def start(tag: str, attributes: dict[str, str]) -> None:
        nonlocal skipped
        if tag in ("note", "annotation", "tracked-changes"):
            skipped += 1
        elif skipped:
            return
        elif tag == "style":
            level = _odf_style_level(attributes.get("parent-style-name", ""))
            if level:
                headings[attributes.get("name", "")] = level
        elif tag in ("p", "h"):
            reader.open()
            style = attributes.get("style-name", "")
            level = headings.get(style) or _odf_style_level(style)
            if tag == "h":
                level = int(attributes["outline-level"]) if attributes.get("outline-level", "").isdigit() else 1
            reader.level(min(level, 6))
            reader.taking = True
        elif tag == "s":
            count = attributes.get("c", "1")
            reader.add(" " * min(int(count) if count.isdigit() else 1, 100))
        elif tag in ("tab", "line-break"):
            reader.add(" ")
        elif tag == "table-row":
            reader.open_row()
        elif tag in ("table-cell", "covered-table-cell"):
            reader.open_cell()

    def end(tag: str) -> None:
        nonlocal skipped
        if tag in ("note", "annotation", "tracked-changes"):
            skipped -= 1
        elif skipped:
            return
        elif tag in ("p", "h"):
            reader.close()
        elif tag == "table-row":
            reader.close_row()

    def data(text: str) -> None:
        if not skipped:
            reader.data(text)

    parse_part(archive, "content.xml", OPENDOCUMENT, (start, end, data))
    if has_part(archive, "meta.xml"):
        fields = _properties(archive, "meta.xml", OPENDOCUMENT)
        document.title = fields.get("title", "")
        document.author = fields.get("initial-creator") or fields.get("creator", "")
        document.created = parse_meta_date(fields.get("creation-date") or fields.get("date"))
    return document


def _odf_style_level(name: str) -> int:
    lowered = name.strip().lower()
    if lowered == "title":
        return 1
    found = _ODF_HEADING_NAME.fullmatch(lowered)
    return int(found.group(1)) if found and found.group(1) != "0" else 0


# --- Shared --------------------------------------------------------------------------------------------------


class _Paragraphs:
    """Paragraphs collected as a part's XML goes by: one open per paragraph, nested ones (text boxes) apart.

    A table row with one cell of text is a layout table's (a page laid out in a grid): its paragraphs are the
    document's own. A row of several is one line of its cells, each cell's paragraphs joined.
    """

    def __init__(self, blocks: list[tuple[int, str]]) -> None:
        self.blocks = blocks
        self.open_paragraphs: list[tuple[int, list[str]]] = []
        self.rows: list[list[list[tuple[int, str]]]] = []  # each open row's cells' paragraphs, innermost row last
        self.taking = False

    def open(self) -> None:
        self.open_paragraphs.append((0, []))

    def level(self, level: int) -> None:
        if self.open_paragraphs and level:
            self.open_paragraphs[-1] = (level, self.open_paragraphs[-1][1])

    def add(self, text: str) -> None:
        if self.open_paragraphs:
            self.open_paragraphs[-1][1].append(text)

    def data(self, text: str) -> None:
        if self.taking:
            self.add(text)

    def close(self) -> None:
        if not self.open_paragraphs:
            return
        level, pieces = self.open_paragraphs.pop()
        text = clean_inline("".join(pieces))
        if text:
            self._emit(level, text)

    def open_row(self) -> None:
        self.rows.append([])

    def open_cell(self) -> None:
        if self.rows:
            self.rows[-1].append([])

    def close_row(self) -> None:
        if not self.rows:
            return
        cells = [cell for cell in self.rows.pop() if cell]
        if len(cells) == 1:
            for level, text in cells[0]:
                self._emit(level, text)
        elif cells:
            self._emit(0, " | ".join(" ".join(text for _, text in cell) for cell in cells))

    def _emit(self, level: int, text: str) -> None:
        if not self.rows:
            self.blocks.append((level, text))
            return
        if not self.rows[-1]:
            self.rows[-1].append([])  # a paragraph in a row outside any cell: a cell of its own
        self.rows[-1][-1].append((level, text))


def _properties(archive: zipfile.ZipFile, part: str, what: str) -> dict[str, str]:
    """Return the text of each property in a properties part, by its local name (the first of each)."""
    fields: dict[str, str] = {}
    current: list[str] = []

    def start(tag: str, attributes: dict[str, str]) -> None:
        current.clear()

    def end(tag: str) -> None:
        value = "".join(current).strip()
        if value and tag not in fields:
            fields[tag] = value[:_FIELD_MAX]
        current.clear()

    def data(text: str) -> None:
        if sum(map(len, current)) < _FIELD_MAX:
            current.append(text)

    parse_part(archive, part, what, (start, end, data), _METADATA_MAX)
    return fields


def _ignore(*_: object) -> None:
    return None
