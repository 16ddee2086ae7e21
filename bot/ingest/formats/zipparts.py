"""The parts of a zipped document (Word's .docx, OpenDocument's .odt), read as a hostile file is read.

A drop file is at most 50 MB, but a zip can unpack to far more (a zip bomb), hold a million entries, name
parts outside any folder, or carry XML with a document type declaration (entity expansion, external entities).
Here the archive's central directory is bounded before it is read (:data:`_DIRECTORY_MAX` bytes, no ZIP64), a
part is only ever read by its fixed name into memory (never extracted, so no name leads anywhere), it unpacks in
blocks that stop at :data:`UNPACKED_MAX` bytes whatever its header claims, and its XML is parsed as it unpacks
by expat with every document type declaration refused: none of these formats writes one. Every fault is a
:class:`ParseError` that says what the file is and what is wrong with it.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Callable
from xml.parsers import expat

from bot.errors import ParseError
from bot.ingest.dropfolder import MAX_FILE_BYTES

# A part unpacks to no more than a drop file may hold.
UNPACKED_MAX = MAX_FILE_BYTES
# The central directory: ~100 bytes an entry; a document has tens of entries, a large one a few thousand.
_DIRECTORY_MAX = 1_000_000
_END_RECORD = b"PK\x05\x06"
_ZIP64_LOCATOR = b"PK\x06\x07"
_END_SEARCH = 65536 + 22  # the end record, after a comment of at most 64 KB
_BLOCK = 1 << 20
_DEPTH_MAX = 1000
_ENCRYPTED = 0x1  # a zip entry's flag bit: its data is encrypted

StartHandler = Callable[[str, dict[str, str]], None]
EndHandler = Callable[[str], None]
DataHandler = Callable[[str], None]


def open_archive(data: bytes, what: str) -> zipfile.ZipFile:
    """Return the zip archive ``data`` holds; ``what`` names the document ("Word document (.docx)") in errors.

    Raises:
        ParseError: if it is no zip archive, a damaged or cut one, or one whose directory is too large.
    """
    end = data.rfind(_END_RECORD, max(0, len(data) - _END_SEARCH))
    if end < 0 or len(data) < end + 22:
        raise ParseError(f"damaged {what}: its zip directory is missing (the file was cut short?)")
    if data.rfind(_ZIP64_LOCATOR, max(0, end - 20), end) >= 0:
        raise ParseError(f"not a {what}: a ZIP64 archive, as no document is")
    entries, size = struct.unpack("<HI", data[end + 10 : end + 16])
    if size > _DIRECTORY_MAX:
        raise ParseError(f"not a {what}: its zip directory lists {entries} entries in {size:,} bytes, as none does")
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, struct.error) as exc:
        raise ParseError(f"damaged {what}: its zip directory cannot be read ({exc})") from None
    except NotImplementedError as exc:  # a zip version or feature zipfile does not know: damage, in a document
        raise ParseError(f"damaged {what}: its zip directory names what no document uses ({exc})") from None


def has_part(archive: zipfile.ZipFile, name: str) -> bool:
    """Tell whether the archive holds a part of this name."""
    try:
        archive.getinfo(name)
    except KeyError:
        return False
    return True


def read_part(archive: zipfile.ZipFile, name: str, what: str, limit: int = UNPACKED_MAX) -> bytes:
    """Return a part's bytes, unpacked in blocks and never past ``limit``.

    Raises:
        ParseError: if the part is missing, encrypted, too large unpacked, or damaged.
    """
    blocks: list[bytes] = []
    _unpack(archive, name, what, limit, blocks.append)
    return b"".join(blocks)


def parse_part(
    archive: zipfile.ZipFile,
    name: str,
    what: str,
    handlers: tuple[StartHandler, EndHandler, DataHandler],
    limit: int = UNPACKED_MAX,
) -> None:
    """Parse a part's XML as it unpacks: each element's start (local name, attributes by local name), end and text.

    Names are local (``w:p`` is ``p``): each reader knows the one vocabulary its parts use.

    Raises:
        ParseError: if the part is missing, encrypted, too large, damaged, not well-formed XML, nested more than
            1,000 elements deep, or declares a document type (the way to entity bombs and external entities).
    """
    on_start, on_end, on_data = handlers
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    depth = 0

    def refuse(*_: object) -> None:
        raise ParseError(f"refused {what}: its {name} declares a document type or entities, as no document does")

    def refuse_external(*_: object) -> int:
        refuse()
        return 0

    def start(tag: str, attributes: dict[str, str]) -> None:
        nonlocal depth
        depth += 1
        if depth > _DEPTH_MAX:
            raise ParseError(f"refused {what}: its {name} nests elements more than {_DEPTH_MAX:,} deep")
        on_start(_local(tag), {_local(key): value for key, value in attributes.items()})

    def end(tag: str) -> None:
        nonlocal depth
        depth -= 1
        on_end(_local(tag))

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse_external
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = on_data

    def feed(block: bytes) -> None:
        try:
            parser.Parse(block, False)
        except expat.ExpatError as exc:
            raise ParseError(f"damaged {what}: its {name} is not well-formed XML ({exc})") from None

    _unpack(archive, name, what, limit, feed)
    try:
        parser.Parse(b"", True)
    except expat.ExpatError as exc:
        raise ParseError(f"damaged {what}: its {name} is not well-formed XML ({exc})") from None


def _unpack(archive: zipfile.ZipFile, name: str, what: str, limit: int, take: Callable[[bytes], None]) -> None:
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise ParseError(f"not a {what}: its archive holds no {name}") from None
    if info.flag_bits & _ENCRYPTED:
        raise ParseError(f"a password-protected {what}: newsdigest cannot open it; save a copy without a password")
    if info.file_size > limit:
        raise ParseError(f"refused {what}: its {name} unpacks to {info.file_size:,} bytes (limit {limit:,})")
    total = 0
    try:
        with archive.open(info) as part:
            while block := part.read(_BLOCK):
                total += len(block)
                if total > limit:  # the header's size was a lie: a zip bomb
                    raise ParseError(f"refused {what}: its {name} unpacks to more than {limit:,} bytes (a zip bomb?)")
                take(block)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, struct.error) as exc:
        raise ParseError(f"damaged {what}: its {name} cannot be unpacked ({exc})") from None
    except NotImplementedError as exc:  # a compression method zipfile does not know
        raise ParseError(f"unreadable {what}: its {name} uses a compression newsdigest cannot read ({exc})") from None


def _local(name: str) -> str:
    return name.rpartition(" ")[2]
