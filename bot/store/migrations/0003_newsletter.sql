-- Newsletter recipients and the record of every newsletter sent, so a restart never mails the same slot twice.
-- Self-contained: touches no other table, so it can be renumbered freely.

CREATE TABLE newsletter_recipients (
    id                 INTEGER PRIMARY KEY,
    address            TEXT NOT NULL COLLATE NOCASE UNIQUE,  -- one subscription per address, whatever its case
    time               TEXT,                                 -- HH:MM local to timezone; NULL = only manual sends
    timezone           TEXT,                                 -- IANA zone; NULL = the bot's TIMEZONE setting
    topic              TEXT,
    unsubscribe_token  TEXT NOT NULL UNIQUE,
    created_at         TEXT NOT NULL
);

CREATE TABLE newsletter_deliveries (
    id            INTEGER PRIMARY KEY,
    recipient_id  INTEGER NOT NULL REFERENCES newsletter_recipients (id) ON DELETE CASCADE,
    slot          TEXT NOT NULL,   -- the recipient's local date of the edition, e.g. 2025-10-17
    status        TEXT NOT NULL CHECK (status IN ('claimed', 'sent', 'failed', 'skipped')),
    claimed_at    TEXT NOT NULL,
    finished_at   TEXT,
    error         TEXT,
    message_id    TEXT,
    UNIQUE (recipient_id, slot)
);
