"""The banner a web archive puts over a page it captured, at the top of a copy of that page.

A copy of a page read on the Wayback Machine or archive.today (how a study group keeps a story whose page has
gone, or is behind a wall) opens with the archive's own toolbar: "3 captures", "03 Nov 2023 - 12 Dec 2023", a
calendar's months and years, "About this capture"; or "archive.today" / "webpage capture" / "Saved from" / the
page's address / the capture's time / "Webpage" / "Screenshot" / "share" / "download .zip" / "report bug or abuse".
Read as the article's top, its address was taken for the headline and the capture's time for the day the story
was published. These are two tools' fixed words, not a site's: the banner is known by them, wherever the page
came from.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import urlsplit

# How far down a copy the banner may reach, and where it must start.
_BANNER_LINES = 30
_BANNER_TOP = 3
# The banner's first lines name the archive.
_ARCHIVE_NAME = re.compile(
    r"(?:the\s+)?(?:internet\s+archive\s*(?:'s\s+)?)?wayback\s+machine\b|archive\.(?:today|ph|is|li|vn|fo|md)\b", re.I
)
# The archive's address for a capture: the Wayback Machine's holds the time and the page's own address.
_WAYBACK_ADDRESS = re.compile(r"https?://web\.archive\.org/web/\d{4,14}[a-z_]*/(?:https?://)?\S+", re.I)
_ADDRESS = re.compile(r"https?://\S+", re.I)
# The banner's last items: a copy's lines down to the last of these (within the banner's reach) are the archive's.
_BANNER_END = re.compile(
    r"about\s+this\s+capture|report\s+bug\s+or\s+abuse|buy\s+me\s+a\s+coffee|download\s+\.zip"
    r"|all\s+snapshots\s+from\s+host\b.*|\d[\d,]*\s+captures?|webpage\s+capture|saved\s+from\s*:?\s*https?://\S+",
    re.I,
)
_ARCHIVE_TODAY_HOST = re.compile(r"(?:[\w-]+\.)?archive\.(?:today|ph|is|li|vn|fo|md)", re.I)
_SAVED_FROM = re.compile(r"saved\s+from\b\s*:?\s*(?P<address>https?://\S+)?", re.I)


def capture_banner(lines: Sequence[str]) -> tuple[int, str | None]:
    """Return how many of a copy's first lines are a web archive's banner, and the address it names (or None).

    The address is the capture's own (``https://web.archive.org/web/2023.../https://...``, which opens the page
    as it was) where the banner gives it, else the page's address after "Saved from".
    """
    if not any(_ARCHIVE_NAME.search(line) or "web.archive.org/web/" in line for line in lines[:_BANNER_TOP]):
        return 0, None
    reach = lines[:_BANNER_LINES]
    ends = [i for i, line in enumerate(reach) if _BANNER_END.fullmatch(line.strip())]
    if not ends:
        return 0, None
    banner = reach[: ends[-1] + 1]
    return len(banner), _named_address(banner)


def _named_address(banner: Sequence[str]) -> str | None:
    for line in banner:
        capture = _WAYBACK_ADDRESS.search(line)
        if capture:
            return capture[0]
    for i, line in enumerate(banner):
        saved = _SAVED_FROM.match(line.strip())
        if saved is None:
            continue
        if saved["address"]:
            return saved["address"]
        for later in banner[i + 1 : i + 3]:
            address = _ADDRESS.match(later.strip())
            if address:
                return address[0]
    return None


def dates_its_captures(url: str) -> bool:
    """Tell whether a page's address is archive.today's capture, whose meta tags give the capture's time.

    (A Wayback Machine capture keeps the page's own tags: its address says nothing of them.)
    """
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return False
    return _ARCHIVE_TODAY_HOST.fullmatch(host) is not None
