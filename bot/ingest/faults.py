"""Log a fault in one file's handling as one line; its traceback only at debug level (``-v``).

The person running ``ingest`` or ``run`` is told what failed and why in one line (the file is set aside with
the same reason); the traceback, which a bug report needs, is there with ``--verbose`` or LOG_LEVEL=DEBUG.
"""

from __future__ import annotations

import logging

from bot.ingest.textsafe import valid_unicode


def describe(exc: BaseException) -> str:
    """Return ``Type: message`` of an exception, always valid Unicode and on one line."""
    text = " ".join(valid_unicode(str(exc)).split())
    return f"{type(exc).__name__}: {text[:300]}" if text else type(exc).__name__


def log_fault(log: logging.Logger, what: str, exc: BaseException) -> None:
    """Log ``what`` failed with the exception's one-line description, and the traceback at debug level."""
    log.error("%s (%s)", what, describe(exc))
    log.debug("%s: traceback", what, exc_info=exc)
