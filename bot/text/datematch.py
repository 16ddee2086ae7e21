"""One date found in a text, the record every date reader returns."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True, slots=True)
class DateMatch:
    """One date found in a text: the value to store, the calendar day as written, and where it was."""

    value: date | datetime
    day: date
    start: int
    end: int
    updated: bool = False
    published: bool = False
    # The value as the page prints it: a datetime keeps the printed zone's offset ("21:30 EST" stays 21:30-05:00,
    # not 02:30 UTC the next day), so that a reader is shown the day the page shows. None: the same as value.
    printed: date | datetime | None = None
    # "full" (a day with its year), "yearless" (the year was inferred), "relative" ("3 hours ago") or "solar" (a
    # Solar Hijri day with its year, converted: bot.text.solarhijri).
    kind: str = "full"

    @property
    def shown(self) -> date | datetime:
        """Return the value with the offset the page printed (what an Article's ``published`` keeps)."""
        return self.printed if self.printed is not None else self.value
