"""Bytes to text for the drop-folder parsers: refuse binary and empty files, then BOM, UTF-8, charset, cp1252.

Unlabelled 8-bit Latin text is cp1252 unless its cp1252 reading shows cp1250's letters misread inside words.

UTF-8 with a few stray bytes (a copy cut inside a character) is still UTF-8, each stray byte one U+FFFD.

UTF-16 is told by its mark, else by its NULs (every other byte of Latin text), and read in the byte order the
text itself shows when the mark says the other one: never stored as gibberish.
"""

from __future__ import annotations

import codecs
import contextlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

from bot.errors import ParseError
from bot.ingest.textsafe import valid_unicode

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Magic numbers of common binary files people drop by mistake.
_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b", b"Rar!", b"7z\xbc\xaf", b"\x7fELF")
_CHARSET = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
# Control bytes that text files do not contain (tab, newlines, form feed and carriage return are fine).
_BINARY_BYTES = bytes([*range(0x09), *range(0x0E, 0x20), 0x7F])
_SAMPLE = 20000
# The escape sequences of the 7-bit ISO-2022 charsets (ISO-2022-JP, the classic Japanese mail charset; -KR, -CN):
# text in them switches character sets with ESC, which is no sign of a binary file.
_ISO2022_ESCAPE = re.compile(rb"\x1b(?:[$(][@A-J]|\$[()*+][@A-J])")
# Labels servers, feeds and pages use, mapped to the superset codec browsers use for them (WHATWG encoding spec).
_SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "gb_2312-80": "gb18030",
    "iso-8859-1": "cp1252",
    "latin-1": "cp1252",
    "latin1": "cp1252",
    "iso8859-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "shift_jis": "cp932",
    "sjis": "cp932",
    "euc-kr": "cp949",
    "big5": "big5hkscs",
    "iso-8859-9": "cp1254",
    "tis-620": "cp874",
    "iso-8859-11": "cp874",
}
# The charset of unlabelled text in another script is guessed from this much of it.
_GUESS_BYTES = 65536
_GUESS_MIN_HIGH = 16
_HIGH_BYTES = bytes(range(0x80, 0x100))
_CDATA_BYTES = re.compile(rb"<!\[CDATA\[|\]\]>")
_TAG_BYTES = re.compile(rb"<[^<>]*>")  # linear: a failed try ends at the next "<", where the next one starts
# Code pages of Latin scripts: for unlabelled Latin text cp1252 is read, never a guess between these.
_LATIN_CODECS = frozenset(
    codecs.lookup(name).name
    for name in ("cp1250", "cp1252", "cp1254", "cp1257", "latin-1", "iso8859-2", "iso8859-15", "mac-roman", "ascii")
)
_UTF16_MARKS = {codecs.BOM_UTF16_LE: "utf-16-le", codecs.BOM_UTF16_BE: "utf-16-be"}
_OTHER_ORDER = {"utf-16-le": "utf-16-be", "utf-16-be": "utf-16-le"}
_NUL_HINT = "binary file (contains NUL bytes; if it is UTF-16 text, save it as UTF-8)"
# A damaged copy of a text can hold a stray NUL or two (removed with the other control characters, as past the
# head): at most one in this many bytes. Binary data (a NUL in every 256 random bytes, more in most formats),
# UTF-16 and 8-bit text with NULs strewn through it have more.
_BYTES_A_STRAY_NUL = 1000


def count_controls(data: bytes) -> int:
    """Return how many control bytes (other than tab, newlines, form feed) ``data`` holds."""
    return len(data) - len(data.translate(None, _BINARY_BYTES))


def _text_controls(text: str) -> int:
    # In UTF-8 these characters are single bytes that no other character's encoding contains.
    return count_controls(text.encode("utf-8", "surrogatepass"))


# Microsoft's compound file: an old .doc, every encrypted .docx, an Outlook .msg message.
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def check_readable(data: bytes) -> None:
    """Refuse bytes that are empty or binary.

    Raises:
        ParseError: "empty file" or "binary file ...".
    """
    if not data.strip():
        raise ParseError("empty file")
    if data.startswith(_MAGIC):
        raise ParseError("binary file (looks like an image, PDF or archive, not text)")
    if any(data.startswith(bom) for bom, _ in _BOMS) or utf16_order(data) is not None:
        return  # UTF-16/32 text is full of NUL bytes; decode_text checks it once decoded
    head = data[:8192]
    if head.count(b"\x00") > len(head) // _BYTES_A_STRAY_NUL:
        raise ParseError(_NUL_HINT)
    limit = max(8, len(head) // 50)
    if count_controls(head) > limit and count_controls(head) - len(_ISO2022_ESCAPE.findall(head)) > limit:
        raise ParseError("binary file (too many control characters to be text)")


def head_text(data: bytes, size: int) -> str:
    """Return about the first ``size`` bytes as text, for a look at what a file holds (not for reading it).

    A byte-order mark, or UTF-16 without one, is read as such; other bytes one character each (latin-1), which
    keeps every ASCII sign of UTF-8 and 8-bit text where it is. Never raises.
    """
    head = data[:size]
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return head.decode(encoding, "replace")  # each codec here reads its mark and drops it
    order = utf16_order(head)
    if order is not None:
        return head.decode(order, "replace")
    return head.decode("latin-1")


def declared_charset(data: bytes, content_type: str | None = None) -> str | None:
    """Return the codec for the charset named by the content type, an XML declaration or an HTML meta tag.

    A label is read as browsers read it (:func:`codec_for`): "iso-8859-1" is cp1252, "gb2312" is gb18030.
    """
    candidates: list[bytes] = []
    if content_type:
        found = _CHARSET.search(content_type.encode("ascii", "ignore"))
        if found:
            candidates.append(found.group(1))
    head = data[:4096]
    for pattern in (_XML_ENCODING, _CHARSET):
        found = pattern.search(head)
        if found:
            candidates.append(found.group(1))
    for name in candidates:
        codec = codec_for(name.decode("ascii"))
        if codec is not None:
            return codec
    return None


def codec_for(label: str | None) -> str | None:
    """Return Python's codec for a charset label as browsers read it (its WHATWG superset), None if unknown.

    Pages labelled iso-8859-1 hold cp1252's curly quotes and dashes, and pages labelled gb2312 hold GBK's
    characters: read by the label's own codec, the first become invisible control characters and the second
    fail, turning the whole page to gibberish.
    """
    if not label:
        return None
    label = label.strip().lower()
    label = _SUPERSETS.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode_text(data: bytes, content_type: str | None = None) -> str:
    """Decode bytes to text: BOM, then UTF-8, then the declared charset, then cp1252; always valid Unicode.

    UTF-8 is tried before a declared charset because pages often declare latin-1 while being UTF-8, and
    non-ASCII text that happens to be valid UTF-8 by accident is vanishingly rare.

    Raises:
        ParseError: if the bytes are empty, binary or not text in any of those encodings.
    """
    check_readable(data)
    text: str | None = None
    order = _UTF16_MARKS.get(data[:2]) if not data.startswith(codecs.BOM_UTF32_LE) else None
    if order is not None:
        text = valid_unicode(decode_utf16(data[2:], order))
    elif (order := utf16_order(data)) is not None:
        text = valid_unicode(decode_utf16(data, order))
    for bom, encoding in _BOMS if text is None else ():
        if data.startswith(bom):
            try:
                # surrogatepass: a lone surrogate in UTF-16/32 text is one bad character, not a bad file.
                text = valid_unicode(data.decode(encoding, "surrogatepass"))
            except UnicodeDecodeError as exc:
                text = utf8_despite_strays(data, marked=True) if encoding == "utf-8-sig" else None
                if text is None:
                    raise ParseError(
                        f"undecodable text (it starts with a {encoding} byte-order mark but is not {encoding})"
                    ) from exc
            break
    if text is None:
        text = _decode_guess(data, content_type)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ParseError("empty file")
    sample = text[:_SAMPLE]
    controls = _text_controls(sample)
    if controls > max(8, len(sample) // 50):
        raise ParseError("binary file (too many control characters to be text)")
    if controls == 0 and (len(text) <= _SAMPLE or _text_controls(text[_SAMPLE:]) == 0):
        return text  # nothing to remove
    return _CONTROL.sub("", text)


def utf16_order(data: bytes) -> str | None:
    """Tell UTF-16 text without a byte-order mark: ``"utf-16-le"`` or ``"utf-16-be"``, else None.

    Its line breaks, spaces, digits and Latin letters put a NUL in many of its two-byte units, always in the same
    half; a few stray NULs in 8-bit text, or binary data, do not. The text read in that order must be text (few
    controls, unassigned or private characters) and not read swapped. Text in an ideographic script without a
    mark has too few NULs to be told from binary: it is refused, the reason saying to save it as UTF-8.
    """
    sample = data[:_SAMPLE]
    if b"\x00" not in sample:
        return None  # no NUL in either half, fewer than the 4 needed: one search spares slicing both halves
    sample = sample[: len(sample) - len(sample) % 2]
    units = len(sample) // 2
    low, high = sample[0::2].count(0), sample[1::2].count(0)
    if max(low, high) < max(4, units // 10) or min(low, high) * 4 > max(low, high):
        return None
    order = "utf-16-le" if high > low else "utf-16-be"
    text = sample.decode(order, "replace")
    if _unreadable(text) > max(2, len(text) // 100) or _looks_swapped(text):
        return None
    return order


def decode_utf16(data: bytes, order: str) -> str:
    """Decode UTF-16 (without its mark) in ``order``, or in the other order when the text shows it swapped.

    A mark saying little-endian before big-endian text (or the reverse) read as marked turns "Harbour" into
    "䠀愀爀戀漀甀爀" and Cyrillic into Greek-looking signs: when the text read that way looks swapped and read
    the other way does not, the other order is the text's. A lone surrogate is kept as one bad character, and
    so is an odd last byte.

    Raises:
        ParseError: when the text looks swapped in both orders.
    """
    even = data[: len(data) - len(data) % 2]
    tail = "\ufffd" if len(data) % 2 else ""
    text = even.decode(order, "surrogatepass") + tail
    if _looks_swapped(text[:_SAMPLE]):
        other = even.decode(_OTHER_ORDER[order], "surrogatepass") + tail
        if not _looks_swapped(other[:_SAMPLE]):
            return other
        raise ParseError(f"undecodable text (it is {order} in neither byte order)")
    return text


def _looks_swapped(text: str) -> bool:
    """Tell UTF-16 text read in the wrong byte order: its characters' LOW bytes are nearly all the same.

    An alphabet lives in one 256-character block, so the high byte of most of its characters is one value (00
    for Latin, 04 for Cyrillic) while the low byte varies; read swapped, it is the low byte that repeats.
    Ideographic text varies in both and is never taken for swapped.
    """
    if not text:
        return False
    highs = Counter(ord(ch) >> 8 for ch in text).most_common(1)[0][1]
    lows = Counter(ord(ch) & 0xFF for ch in text).most_common(1)[0][1]
    return lows > 0.4 * len(text) and lows > 2 * highs


def _unreadable(text: str) -> int:
    """Count characters no text holds: controls (other than white space), unassigned, private use, surrogates."""
    bad = {"Cc", "Cn", "Co", "Cs"}
    return sum(1 for ch in text if ch == "\ufffd" or (unicodedata.category(ch) in bad and not ch.isspace()))


def utf8_despite_strays(data: bytes, *, marked: bool = False) -> str | None:
    """Decode UTF-8 text holding a few stray bytes, each read as U+FFFD; None when the bytes are not that.

    A copy cut inside a character, or one damaged byte, leaves text that is UTF-8 but for a byte or two: read in
    an 8-bit charset instead, every other non-ASCII character of it would turn to gibberish ("itâ€™s"). Stray
    bytes may be one in 1,000 (at least 8). Without a UTF-8 mark, the text must also hold at least two
    well-formed non-ASCII characters for each stray byte: 8-bit text in another charset has a stray byte for
    nearly every accented letter and forms a UTF-8 sequence only by accident (a capital letter with an accent
    right before a curly quote, say).
    """
    text = data.decode("utf-8-sig" if marked else "utf-8", "replace")
    replaced = text.count("\ufffd")
    bad = replaced - data.count("\ufffd".encode())
    if bad > max(8, len(text) // 1000):
        return None
    if not marked:
        well_formed = len(text) - len(text.encode("ascii", "ignore")) - replaced
        if well_formed < 2 * bad:
            return None
    return text


def _decode_guess(data: bytes, content_type: str | None) -> str:
    try:
        return data.decode("utf-8")  # most files: the declared charset (two searches of the head) is not asked
    except UnicodeDecodeError:
        pass
    declared = declared_charset(data, content_type)
    text = decode_unmarked(data, [declared] if declared and declared not in {"utf-8", "utf_8"} else [])
    if text is not None:
        return text
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; latin-1 maps every byte, so the text is at worst slightly off.
        text = data.decode("latin-1")
    return (central_european(data, text) if declared is None else None) or text


# Read as cp1252, a text saved in cp1250 (Polish, Czech, Slovak on Windows) shows characters inside words that no
# language writes there: "zatwierdzi³a" (ł), "pi¹tek" (ą), "mo¿e" (ż), "mìsto" (ě), "mùže" (ů), "zastupite¾stvo"
# (ľ), "pøístav" (ř), and bytes cp1252 leaves undefined (ť, Ť, Ź) anywhere. French, Italian and Spanish write "ì",
# "ù", "¿" only at a word's edge; Danish and Norwegian write "ø" inside words, and "å" with it (never so in cp1250).
_CP1250_SIGNS = re.compile(
    r"(?<=[^\W\d_])[\u00b9\u00b3\u00bf\u00a5\u0178\u00be\u00ec\u00f9](?=[^\W\d_])|[\x8d\x8f\x9d]"
)
_CP1250_R = re.compile(r"(?<=[^\W\d_])\u00f8(?=[^\W\d_])")  # "ø" for "ř", counted where no "å" is
_CP1250_MIN_SIGNS = 3
# Read as cp1250, ISO-8859-2 text shows "±" (ą) and "¶" (ś) inside words.
_LATIN2_SIGNS = re.compile(r"(?<=[^\W\d_])[\u00b1\u00b6](?=[^\W\d_])")


def central_european(data: bytes, as_cp1252: str) -> str | None:
    """The text of unlabelled bytes saved in cp1250, when their cp1252 reading shows it; else None."""
    sample = as_cp1252[:_GUESS_BYTES]
    signs = len(_CP1250_SIGNS.findall(sample)) + (0 if "\u00e5" in sample else len(_CP1250_R.findall(sample)))
    if signs < _CP1250_MIN_SIGNS:
        return None
    try:
        text = data.decode("cp1250")
    except UnicodeDecodeError:
        return None
    # The cp1250 reading must show far fewer such signs (a text in neither code page shows as many either way).
    if (len(_CP1250_SIGNS.findall(text[:_GUESS_BYTES])) + len(_CP1250_R.findall(text[:_GUESS_BYTES]))) * 4 >= signs:
        return None
    if _LATIN2_SIGNS.search(text[:_GUESS_BYTES]) is not None:
        with contextlib.suppress(UnicodeDecodeError):
            return data.decode("iso8859-2")  # Unix's code page for the same languages: "pi±tek" is "piątek" there
    return text


def decode_unmarked(data: bytes, labelled: Iterable[str]) -> str | None:
    """Decode text without a byte-order mark by the steps both decoders share (drop files' and feeds').

    UTF-8 (despite a few stray bytes), then the first of the ``labelled`` codecs the bytes decode with cleanly,
    then unlabelled text of another script in its old code page; None leaves the 8-bit fallback to the caller.
    """
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = utf8_despite_strays(data)
    if text is not None:
        return text
    for codec in labelled:
        try:
            return data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
    return legacy_script_text(data)


def legacy_script_text(data: bytes) -> str | None:
    """Decode unlabelled 8-bit or double-byte text of a script other than Latin (Cyrillic, Greek, Chinese...).

    Text saved by an older tool in the system's code page (windows-1251, Shift_JIS, GBK, Big5, EUC-KR...) names
    no charset, and read as cp1252 it is gibberish throughout. Latin text is mostly ASCII letters, so its
    non-ASCII bytes are few; in those scripts they are most of the letters. Only when they are over half of the
    text's non-space bytes (of markup, the text between its tags), and at least 16, is the charset guessed
    (charset_normalizer, from the first 64 KB), and the guess kept only when it decodes the whole text and is not
    a Latin code page: cp1252 stays the answer for Latin text, where such a guess is weakest (a short Spanish text
    taken for cp1250).
    """
    sample = data[:_GUESS_BYTES]
    # Of markup (a feed, a page), the text between the tags: the tags are ASCII whatever the script, and a feed's
    # are most of its bytes (an unlabelled windows-1251 feed was read as cp1252 throughout).
    letters = _TAG_BYTES.sub(b" ", _CDATA_BYTES.sub(b" ", sample)) if b"<" in sample else sample
    non_space = len(letters) - sum(letters.count(ch) for ch in b" \t\r\n")
    high = len(letters) - len(letters.translate(None, _HIGH_BYTES))
    if high < _GUESS_MIN_HIGH or high * 2 <= non_space:
        return None
    import charset_normalizer  # here: only unlabelled non-UTF-8 text of another script needs it

    best = charset_normalizer.from_bytes(sample).best()
    codec = codec_for(best.encoding) if best is not None else None
    if codec is None or codec in _LATIN_CODECS:
        return None
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None
