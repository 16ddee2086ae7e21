r"""Rich Text Format (``.rtf``: WordPad's, TextEdit's default, Word's "Rich Text"): its paragraphs and ``\info``.

RTF is 7-bit text: groups in braces, control words (``\par``, ``\b``, ``\u8220?``), escapes for other bytes
(``\'e9``, read in the code page of the document or of the font in use) and destinations that hold no text of
the story (fonts, colours, styles, pictures, headers, footers, footnotes, field instructions, ``\*`` ones). The
title, author and creation time of ``{\info{\title ...}{\author ...}{\creatim\yr...}}`` are the document's
properties; paragraphs with an outline level (Word's headings) are headings. The text becomes the article as a
Word document's does (bot.ingest.formats.documents).

Read in one pass of a tokenizer, without recursion: nesting past :data:`_DEPTH_MAX` groups, more than
:data:`_TOKENS_MAX` tokens, and a file that ends inside a group (cut short) are refused with a reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from bot.errors import ParseError
from bot.ingest.formats.decode import check_readable, codec_for
from bot.ingest.formats.documents import DocumentText, document_article
from bot.ingest.formats.meta import plausible
from bot.models import Article

WHAT = "RTF document (.rtf)"
_DEPTH_MAX = 500
_TOKENS_MAX = 2_000_000  # a 400-page Word document has fewer; ~3 s of reading at most
_TOKEN = re.compile(
    rb"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?"  # a control word, its number and the space that ends it
    rb"|\\'([0-9a-fA-F]{2})"  # a byte in the code page
    rb"|\\([^a-zA-Z'])"  # a control symbol: \~ \- \_ \{ \} \\ \* and a line break
    rb"|([{}])"
    rb"|[\r\n]+"  # line breaks in the file are no text
    rb"|([^\\{}\r\n]+)"
)
# Destinations whose text is no text of the story.
_SKIPPED = frozenset(
    (
        "fonttbl", "colortbl", "stylesheet", "listtable", "listoverridetable", "revtbl", "rsidtbl", "generator", "pict",
        "object", "header", "headerl", "headerr", "headerf", "footer", "footerl", "footerr", "footerf", "footnote",
        "annotation", "atnid", "atnauthor", "atndate", "fldinst", "xmlnstbl", "themedata", "colorschememapping",
        "latentstyles", "datastore", "mmathPr", "pgdsctbl", "filetbl", "nonshppict", "shp", "shpinst", "sp",
        "bkmkstart", "bkmkend", "datafield", "formfield", "private", "ftnsep", "ftnsepc", "ftncn", "aftnsep",
        "aftnsepc", "aftncn", "listtext", "pntext", "pntxta", "pntxtb", "upr", "keywords", "subject", "doccomm",
        "comment", "company", "operator", "category", "manager", "hlinkbase", "xe", "tc", "tcn", "txe", "rxe",
    )
)  # fmt: skip
_INFO_TEXT = frozenset({"title", "author"})
_INFO_TIME = frozenset({"creatim", "revtim", "printim", "buptim"})
_SYMBOLS = {b"~": "\u00a0", b"-": "", b"_": "\u2011", b"{": "{", b"}": "}", b"\\": "\\"}
_WORDS = {
    "tab": " ",
    "emdash": "\u2014",
    "endash": "\u2013",
    "emspace": " ",
    "enspace": " ",
    "qmspace": " ",
    "bullet": "\u2022",
    "lquote": "\u2018",
    "rquote": "\u2019",
    "ldblquote": "\u201c",
    "rdblquote": "\u201d",
    "line": " ",
}
# A font's \fcharset: the code page its \'xx bytes are in (0 and 1: the document's own).
_CHARSETS = {
    77: "mac-roman",
    128: "cp932",
    129: "cp949",
    130: "johab",
    134: "gb18030",
    136: "big5hkscs",
    161: "cp1253",
    162: "cp1254",
    163: "cp1258",
    177: "cp1255",
    178: "cp1256",
    186: "cp1257",
    204: "cp1251",
    222: "cp874",
    238: "cp1250",
}


@dataclass(frozen=True, slots=True)
class _Group:
    """What a group inherits and may change: where its text goes, and how its characters are written."""

    destination: str = ""  # "" for the story's text, "skip", or an \info field ("title", "creatim", ...)
    unicode_skip: int = 1  # \ucN: bytes that stand in for each \uN character, skipped after it
    hidden: bool = False  # \v: hidden text
    font: int = -1


def read_rtf(data: bytes, *, name: str) -> Article:
    """Return the article of an RTF document.

    Raises:
        ParseError: if it is no RTF, is damaged, cut short, nested too deeply or has no text.
    """
    return document_article(rtf_text(data), name=name, what=WHAT)


def rtf_text(data: bytes) -> DocumentText:
    """Return an RTF document's paragraphs and properties.

    Raises:
        ParseError: if it is no RTF, is damaged, cut short or nested too deeply.
    """
    start = len(data) - len(data.lstrip(b"\xef\xbb\xbf \t\r\n"))
    if not data.startswith(b"{\\rtf", start):
        try:
            check_readable(data)
        except ParseError as exc:
            raise ParseError(f"not an {WHAT}: {exc}") from None
        raise ParseError(f"not an {WHAT}: it does not start with {{\\rtf; if it is plain text, rename it .txt")
    return _Reader(data, start).read()


class _Reader:
    def __init__(self, data: bytes, start: int) -> None:
        self.data = data
        self.at = start
        self.document = DocumentText()
        self.codec = "cp1252"
        self.fonts: dict[int, str] = {}  # font number: its code page, from \fcharset
        self.font_defined = -1  # the font the font table is defining
        self.pieces: list[str] = []  # the open paragraph's text
        self.level = 0  # its outline level + 1 (a heading), else 0
        self.pending = bytearray()  # \'xx bytes, decoded together (a double-byte character is two of them)
        self.skip = 0  # bytes still standing in for the last \uN character
        self.info: dict[str, str] = {}
        self.times: dict[str, dict[str, int]] = {}

    def read(self) -> DocumentText:
        stack: list[_Group] = []
        group = _Group()
        fresh = False  # right after "{": a control word here names the group's destination
        tokens = 0
        data = self.data
        while self.at < len(data):
            found = _TOKEN.match(data, self.at)
            if found is None:  # a lone backslash at the very end
                break
            self.at = found.end()
            tokens += 1
            if tokens > _TOKENS_MAX:
                raise ParseError(f"refused {WHAT}: more than {_TOKENS_MAX:,} control words and pieces of text")
            word, number, hex_byte, symbol, brace, text = found.groups()
            if brace is not None:
                self._flush_bytes(group)
                self.skip = 0
                if brace == b"{":
                    if len(stack) >= _DEPTH_MAX:
                        raise ParseError(f"refused {WHAT}: groups nested more than {_DEPTH_MAX} deep")
                    stack.append(group)
                    fresh = True
                    continue
                if not stack:
                    break  # the document's own group closed: anything after it is no RTF
                group = stack.pop()
                fresh = False
                continue
            if symbol == b"*":
                group = replace(group, destination="skip")  # an optional destination this reader does not know
                continue
            if word is not None:
                group = self._word(word.decode("ascii"), number, group, fresh)
            elif hex_byte is not None:
                if self.skip:
                    self.skip -= 1
                elif self._takes(group):
                    self.pending.append(int(hex_byte, 16))
            elif symbol is not None:
                self._symbol(symbol, group)
            elif text is not None:
                self._text(text, group)
            fresh = False
        if stack:
            raise ParseError(
                f"damaged {WHAT}: it ends inside {len(stack)} open group{'s' if len(stack) > 1 else ''}"
                " (the file was cut short?); save it again"
            )
        self._flush_bytes(group)
        self._end_paragraph()
        self.document.title = self.info.get("title", "")
        self.document.author = self.info.get("author", "")
        self.document.created = _time(self.times.get("creatim", {}))
        return self.document

    def _takes(self, group: _Group) -> bool:
        return group.destination in ("", *_INFO_TEXT) and not group.hidden

    def _word(self, word: str, number: bytes | None, group: _Group, fresh: bool) -> _Group:
        value = int(number) if number is not None else None
        destination = group.destination
        if word == "bin" and value:  # binary data follows: skipped whole
            self.at = min(len(self.data), self.at + max(0, value))
            return group
        if destination == "skip":
            return group
        if word == "u" and value is not None:
            self._flush_bytes(group)
            if self._takes(group):
                self._add(chr(value % 65536), group)
            self.skip = group.unicode_skip
            return group
        if self.skip:  # a control word stands in for a character after \uN too
            self.skip -= 1
            return group
        self._flush_bytes(group)
        if fresh and word in _SKIPPED and word != "fonttbl":
            return replace(group, destination="skip")
        if word == "fonttbl":
            return replace(group, destination="fonttbl")
        if destination == "fonttbl":
            if word == "f" and value is not None:
                self.font_defined = value
            elif word == "fcharset" and value is not None and value in _CHARSETS:
                self.fonts[self.font_defined] = _CHARSETS[value]
            return group
        if word == "info":
            return replace(group, destination="info")
        if destination == "info" or destination in _INFO_TIME:
            if word in _INFO_TEXT:
                return replace(group, destination=word)
            if word in _INFO_TIME:
                self.times[word] = {}
                return replace(group, destination=word)
            if destination in _INFO_TIME and value is not None:
                self.times[destination][word] = value
            elif fresh:
                return replace(group, destination="skip")  # another \info field: not read
            return group
        if word == "ansicpg" and value is not None:
            self.codec = codec_for(f"cp{value}") or self.codec
        elif word == "uc" and value is not None:
            return replace(group, unicode_skip=max(0, min(value, 10)))
        elif word == "f" and value is not None:
            return replace(group, font=value)
        elif word == "v":
            return replace(group, hidden=value != 0)
        elif word in ("par", "sect", "page", "row"):
            self._end_paragraph()
        elif word == "pard":
            self.level = 0
        elif word == "outlinelevel" and value is not None:
            self.level = value + 1 if 0 <= value < 9 else 0
        elif word in ("cell", "nestcell"):
            self._add(" | ", group)
        elif word in _WORDS:
            self._add(_WORDS[word], group)
        return group

    def _symbol(self, symbol: bytes, group: _Group) -> None:
        if self.skip:
            self.skip -= 1
            return
        self._flush_bytes(group)
        if symbol in b"\r\n":  # a backslash ending a line: TextEdit's paragraph break
            if group.destination == "":
                self._end_paragraph()
            return
        self._add(_SYMBOLS.get(symbol, ""), group)

    def _text(self, text: bytes, group: _Group) -> None:
        if self.skip:
            dropped = min(self.skip, len(text))
            self.skip -= dropped
            text = text[dropped:]
        if not text or not self._takes(group):
            return
        self._flush_bytes(group)
        self._add(text.decode(self._codec(group), "replace"), group)

    def _codec(self, group: _Group) -> str:
        return self.fonts.get(group.font, self.codec)

    def _flush_bytes(self, group: _Group) -> None:
        if self.pending:
            self._add(bytes(self.pending).decode(self._codec(group), "replace"), group)
            self.pending.clear()

    def _add(self, text: str, group: _Group) -> None:
        if group.hidden:
            return
        if group.destination == "":
            self.pieces.append(text)
        elif group.destination in _INFO_TEXT:
            self.info[group.destination] = self.info.get(group.destination, "") + text

    def _end_paragraph(self) -> None:
        text = "".join(self.pieces)
        self.pieces.clear()
        # \uN characters outside the BMP come as two surrogates: joined here, a lone one replaced.
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
        text = " ".join(text.strip(" |").split())
        if text:
            self.document.blocks.append((min(self.level, 6), text))


def _time(fields: dict[str, int]) -> date | None:
    r"""Return the day of an \info time (``\yr2026\mo12\dy5``): local time of no known zone, so only its day."""
    try:
        day = date(fields["yr"], fields["mo"], fields["dy"])
    except (KeyError, ValueError, OverflowError):
        return None
    return day if plausible(day) else None
