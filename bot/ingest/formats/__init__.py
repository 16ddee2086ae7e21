"""Parsers for drop-folder files: each turns a Retrieved into Articles, purely."""

from __future__ import annotations

from datetime import datetime

from bot.errors import UnsupportedFormatError
from bot.models import Article, Retrieved

SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".eml", ".json", ".xml", ".rss", ".atom")


def parse_retrieved(item: Retrieved, *, now: datetime, key_points: int = 3) -> list[Article]:
    """Parse one file's bytes into its articles, choosing the parser by the file's suffix.

    ``now`` is the reference for relative dates ("3 hours ago") when the file has no modification time.

    Raises:
        UnsupportedFormatError: if the suffix is not one newsdigest reads.
        ParseError: if the file cannot be read as its format.
    """
    raise UnsupportedFormatError(f"{item.name}: no parser yet")
