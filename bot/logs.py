"""Logging set-up, with secrets redacted from every record."""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Iterable

# Webhook URLs carry their secret in the path, and a feed or database URL may carry a password before its host
# (``https://user:pw@host/feed``): whatever logs or shows one, only its public part survives. The user ends at the
# first colon and the password at the last "@" before the host, as URL parsers read them: a password holding "@"
# (``user:p@ss@host``) is hidden whole, and so is one after a user holding "@" (``me@example.org:pw@host``).
_WEBHOOK_SECRETS = (
    re.compile(r"(/api(?:/v\d+)?/webhooks/\d+/)[\w.-]+"),
    re.compile(r"(hooks\.slack\.com/(?:services|workflows|triggers)/)[\w/.-]+"),
    # A password shown as "…" (the store's mask of a database URL) or "[redacted]" already is left as it is. The
    # scheme is the run of scheme characters before "://" from its first letter, even glued to the word before it
    # ("Caféhttps://u:pw@host", "_https://..."; a word boundary there let such a URL keep its password). The match
    # is only tried where such a run starts, so a long run of letters, digits or dots costs linear time, not
    # quadratic (the boundary alone let "a.a.a.a..." of 100,000 characters take 18 s).
    re.compile(
        r"((?<![a-z0-9+.-])[0-9+.-]*[a-z][a-z0-9+.-]*://[^\s/?#:]*:)(?!…@|\[redacted\]@)[^\s/?#]+(?=@[^\s/?#@]*(?:[\s/?#]|$))",
        re.IGNORECASE,
    ),
)


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """Return text with each secret, every webhook token and every URL's password replaced by ``[redacted]``.

    The one rule for logs and for everything shown to a user (command output, chat replies, exports).
    """
    for secret in secrets:
        text = text.replace(secret, "[redacted]")
    for pattern in _WEBHOOK_SECRETS:
        text = pattern.sub(r"\1[redacted]", text)
    return text


class RedactingFilter(logging.Filter):
    """Replace secrets (the Discord token, the SMTP password, webhook tokens) wherever they appear in a log line."""

    def __init__(self, secrets: Iterable[str | None]) -> None:
        super().__init__()
        self._secrets = [s for s in secrets if s and len(s) >= 6]

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record's message with each secret replaced."""
        message = record.getMessage()
        redacted = redact(message, self._secrets)
        if redacted != message:
            record.msg = redacted
            record.args = None
        if record.exc_info and record.exc_text is None:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text, self._secrets)
        return True


def setup_logging(level: str, secrets: Iterable[str | None] = ()) -> None:
    """Log to stderr at ``level``, redacting ``secrets``."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s"))
    handler.addFilter(RedactingFilter(secrets))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    logging.getLogger("discord").setLevel(max(logging.INFO, logging.getLevelName(level)))
    # trafilatura and htmldate say "discarding data: None" and the like at WARNING for ordinary pages: noise
    # in a log where a warning should mean something for the operator. Their errors still show. psycopg's pool
    # warns at every failed reconnect while a server is down, which bot.store.outage already says once.
    for chatty in ("trafilatura", "htmldate", "justext", "psycopg.pool"):
        logging.getLogger(chatty).setLevel(max(logging.ERROR, logging.getLevelName(level)))
