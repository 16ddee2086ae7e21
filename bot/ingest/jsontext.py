"""JSON from outside (drop files, feeds, a page's JSON-LD) read by one rule, so no number can fail the reader.

Python refuses to turn an integer of more than 4,300 digits into a number ("Exceeds the limit ... for integer
string conversion"): a JSON file or feed holding one failed as a parser bug, with Python's words. No field
newsdigest reads needs more than a few digits, so such an integer is read as a float (``inf`` when huge), which
every reader already refuses as a date or an id it cannot use.
"""

from __future__ import annotations

import json
from typing import Any

# Far above any id or timestamp (a 64-bit integer has 20 digits), far below Python's conversion limit.
_INT_DIGITS = 100


def _number(text: str) -> int | float:
    return int(text) if len(text) <= _INT_DIGITS else float(text)


def loads(text: str | bytes) -> Any:  # noqa: ANN401 - JSON is any shape until checked
    """Parse JSON as :func:`json.loads` does, reading an integer past 100 digits as a float.

    Raises:
        json.JSONDecodeError: for text that is not JSON.
        RecursionError: for arrays or objects nested past the interpreter's stack.
    """
    return json.loads(text, parse_int=_number)
