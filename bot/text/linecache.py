"""A bounded cache of a function of one line that never keeps a long line (a paragraph, a hostile megabyte).

``functools.lru_cache`` keeps whatever it is asked about: the line classifier's caches, keyed on whole lines, kept
up to their size of a long-running bot's last lines alive, a hostile file's megabyte lines with them. A wrapper in
front that sends long lines past the cache costs a Python call on every line (+4-9 % of the pasted reader). Here
the cache is a ``dict`` whose ``__getitem__`` is the function: a line seen before is one lookup in C, cheaper than
``lru_cache``'s hit (no key made, no recency list); only a line not seen before runs :meth:`LineCache.__missing__`,
where the length is known for nothing, and a line longer than ``longest`` characters is computed, not kept.
Full, the cache is emptied (as the key points' stems are), not trimmed by recency: the answers are the function's
either way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


class LineCache(dict[str, T]):
    """``compute``'s answers for lines of at most ``longest`` characters, at most ``size`` of them.

    Use its ``__getitem__`` as the cached function: ``word_count = LineCache(_count_words, 16384).__getitem__``.
    """

    __slots__ = ("compute", "longest", "size")

    def __init__(self, compute: Callable[[str], T], size: int, longest: int = 1000) -> None:
        super().__init__()
        self.compute = compute
        self.size = size
        self.longest = longest

    def __missing__(self, line: str) -> T:
        value = self.compute(line)
        if len(line) <= self.longest:
            if len(self) >= self.size:
                self.clear()
            self[line] = value
        return value

    def __repr__(self) -> str:
        return f"LineCache({self.compute.__qualname__}, {len(self)} of {self.size} lines)"
