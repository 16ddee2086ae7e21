"""Split text into sentences (first version; the quality work replaces it)."""

from __future__ import annotations

import re

_SPLIT = re.compile(r"(?<=[.!?][\"'\u201d\u2019)]?)\s+(?=[\"'\u201c\u2018(]?[A-Z0-9])")


def split_sentences(text: str) -> list[str]:
    """Return the sentences of ``text``."""
    return [s.strip() for s in _SPLIT.split(text.strip()) if s.strip()]
