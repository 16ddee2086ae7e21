"""Internet shortcuts (Windows' ``.url``, macOS' ``.webloc``): a link, not a page. Never an article: said so.

A shortcut dragged out of a browser's address bar holds only the page's address; newsdigest reads drop files
without the network, so the reason names the link and asks for the page itself.
"""

from __future__ import annotations

import re

from bot.errors import ParseError
from bot.ingest.formats.decode import head_text

_INI_URL = re.compile(r"^[ \t]*URL[ \t]*=[ \t]*(\S[^\r\n]*)", re.IGNORECASE | re.MULTILINE)
_HEAD = 65536
_SHOWN_MAX = 300
_SAVE = "save the page itself (the browser's Save Page As, or Safari's Web Archive) and drop that instead"


def shortcut_refusal(data: bytes) -> ParseError:
    """Return the error that says what an Internet shortcut links to, and what to drop instead."""
    address = _address(data)
    if not address:
        return ParseError(f"an Internet shortcut with no link in it, not a saved page: {_SAVE}")
    shown = "".join(c for c in address if c.isprintable()).strip()
    if len(shown) > _SHOWN_MAX:
        shown = shown[:_SHOWN_MAX] + "..."
    return ParseError(f"a link to {shown}, not a saved page: {_SAVE}")


def _address(data: bytes) -> str:
    head = data[:_HEAD]
    if head.startswith(b"bplist00") or head.lstrip().startswith(b"<"):
        from bot.ingest.formats.webarchive import read_plist

        try:
            root = read_plist(data, "Internet shortcut (.webloc)")
        except ParseError:
            return ""
        address = root.get("URL") if isinstance(root, dict) else None
        return address if isinstance(address, str) else ""
    text = head.decode("utf-8", "replace") if b"\x00" not in head else head_text(head, _HEAD)  # UTF-16 too
    found = _INI_URL.search(text)
    return found.group(1).strip() if found else ""
