"""The month words of dateparser's locales are read from ``bot/text/monthwords.json``, which must be their answer."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.text import datewords

ROOT = Path(__file__).resolve().parents[1]


def test_the_stored_month_words_are_what_dateparsers_locales_give_in_order() -> None:
    import dateparser

    version, stored = datewords.stored_locale_months()
    if dateparser.__version__ != version:
        pytest.skip(
            f"monthwords.json was written from dateparser {version}, {dateparser.__version__} is installed: "
            "run `python -m bot.text.datewords` and review the change to compare them"
        )
    assert list(stored.items()) == list(datewords.locale_months().items())
    assert list(datewords.MONTHS.items())[: len(stored)] == list(stored.items())
    assert datewords.MONTHS["ноября"] == 11
    assert datewords.MONTHS["märz"] == 3


def test_reading_a_date_in_another_language_does_not_import_dateparser() -> None:
    code = (
        "import sys\n"
        "from datetime import UTC, datetime\n"
        "from bot.text import dates\n"
        "found = dates.parse_date('4. März 2025', reference=datetime(2025, 6, 1, tzinfo=UTC))\n"
        "assert found is not None and (found.month, found.day) == (3, 4), found\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dateparser', 'pytz', 'tzlocal', 'regex')))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
