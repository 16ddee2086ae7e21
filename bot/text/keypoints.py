"""Key points: the sentences that tell the story (first version; the quality work replaces it)."""

from __future__ import annotations

from collections.abc import Sequence

from bot.text.sentences import split_sentences


def key_points(paragraphs: Sequence[str], title: str | None = None, count: int = 3) -> list[str]:
    """Return up to ``count`` sentences from the body that best tell the story, in reading order."""
    sentences = [s for p in paragraphs for s in split_sentences(p)]
    return sentences[:count]
