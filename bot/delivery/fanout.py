"""Run one piece of work per item, a few at once: a rush of posts waits on Discord, not on each other."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from typing import TypeVar

T = TypeVar("T")


async def each(items: Iterable[T], work: Callable[[T], Awaitable[None]], *, parallel: int = 1) -> None:
    """Await ``work(item)`` for every item, at most ``parallel`` at once, in order when ``parallel`` is 1.

    ``work`` handles its own errors; at most ``parallel`` tasks exist at any moment, however many items.
    """
    if parallel <= 1:
        for item in items:
            await work(item)
        return
    running: set[asyncio.Task[None]] = set()
    try:
        for item in items:
            if len(running) >= parallel:
                done, running = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
                for task in done:
                    task.result()  # an error ``work`` did not handle is raised, not lost
            running.add(asyncio.ensure_future(work(item)))
        if running:
            done, running = await asyncio.wait(running)
            for task in done:
                task.result()
    finally:
        for task in running:
            task.cancel()
        if running:
            await asyncio.gather(*running, return_exceptions=True)
