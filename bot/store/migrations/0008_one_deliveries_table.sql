-- One deliveries table for every sink (Discord channel, Discord webhook, Slack webhook, email), replacing the
-- schedules' deliveries and newsletter_deliveries. Each row is one post of one target for one slot, with its
-- attempts, when to try again and the last error, so a retry survives a restart.
--
-- schedules loses the CHECK that listed its targets: a new sink's schedules are rows with its own target name,
-- without a migration. Dropping schedules while deliveries points at it would run ON DELETE SET NULL, so both
-- claim tables are first copied aside and dropped, schedules is rebuilt, and deliveries is built on it.

CREATE TEMP TABLE old_deliveries AS
SELECT d.*, s.target AS schedule_target FROM main.deliveries AS d LEFT JOIN main.schedules AS s ON s.id = d.schedule_id;
CREATE TEMP TABLE old_newsletter AS SELECT * FROM main.newsletter_deliveries;
DROP TABLE deliveries;
DROP TABLE newsletter_deliveries;

CREATE TABLE schedules_new (
    id           INTEGER PRIMARY KEY,
    guild_id     INTEGER,
    channel_id   INTEGER,          -- the Discord channel of a 'discord' schedule; NULL for the others
    time         TEXT NOT NULL,    -- HH:MM local to timezone
    timezone     TEXT NOT NULL,    -- IANA zone
    topic        TEXT,
    enabled      INTEGER NOT NULL DEFAULT 1,
    last_error   TEXT,
    created_at   TEXT NOT NULL,
    target       TEXT NOT NULL DEFAULT 'discord',  -- the sink: 'discord', 'discord-webhook', 'slack-webhook', ...
    webhook_url  TEXT,             -- where a non-channel sink posts; a secret (it holds a token); never shown whole
    CHECK ((target = 'discord' AND channel_id IS NOT NULL) OR (target <> 'discord' AND webhook_url IS NOT NULL)),
    -- NULLs are distinct in a UNIQUE constraint, so URL rows (no channel) and channel rows (no URL) never clash.
    UNIQUE (channel_id, target),
    UNIQUE (target, webhook_url)
);
INSERT INTO schedules_new
    (id, guild_id, channel_id, time, timezone, topic, enabled, last_error, created_at, target, webhook_url)
SELECT id, guild_id, channel_id, time, timezone, topic, enabled, last_error, created_at, target, webhook_url
FROM schedules;
DROP TABLE schedules;
ALTER TABLE schedules_new RENAME TO schedules;

CREATE TABLE deliveries (
    id               INTEGER PRIMARY KEY,
    sink             TEXT NOT NULL,   -- who sends it: 'discord', 'discord-webhook', 'slack-webhook', 'email', ...
    schedule_id      INTEGER REFERENCES schedules (id) ON DELETE SET NULL,
    recipient_id     INTEGER REFERENCES newsletter_recipients (id) ON DELETE CASCADE,
    channel_id       INTEGER,         -- a Discord channel post's channel, kept when its schedule is removed
    slot             TEXT NOT NULL,   -- the target's local date of the post, e.g. 2026-03-28
    status           TEXT NOT NULL CHECK (status IN ('claimed', 'sent', 'failed', 'skipped')),
    claimed_at       TEXT NOT NULL,
    finished_at      TEXT,
    error            TEXT,            -- the last error (failed), or why it was skipped
    since            TEXT,            -- the digest window, fixed at the claim so a retry posts the same digest
    until            TEXT,
    attempts         INTEGER NOT NULL DEFAULT 1,
    next_attempt_at  TEXT,            -- a failure that may pass is tried again from then; NULL: not retried
    sending          INTEGER NOT NULL DEFAULT 0,  -- 1 once the first message went out: it may have arrived
    message_ids      TEXT NOT NULL DEFAULT '[]',  -- JSON list of the ids of the messages that arrived, in order
    CHECK (schedule_id IS NULL OR recipient_id IS NULL),
    -- The claim: inserting (target, slot) decides the slot in one statement. NULLs are distinct in a UNIQUE
    -- constraint, so a newsletter row (no schedule) never clashes with a schedule's, nor a removed schedule's.
    UNIQUE (schedule_id, slot),
    UNIQUE (recipient_id, slot)
);

INSERT INTO deliveries
    (id, sink, schedule_id, recipient_id, channel_id, slot, status, claimed_at, finished_at, error, since, until,
     attempts, next_attempt_at, sending, message_ids)
SELECT d.id,
       coalesce(d.schedule_target, CASE WHEN d.channel_id IS NULL THEN 'discord-webhook' ELSE 'discord' END),
       d.schedule_id, NULL, d.channel_id, d.slot, d.status, d.claimed_at, d.finished_at, d.error, d.since, d.until,
       1, NULL,
       -- A webhook row marked as posting (message_ids '[]' while claimed) had its first request in flight.
       CASE WHEN d.status = 'claimed' AND d.message_ids IS NOT NULL THEN 1 ELSE 0 END,
       CASE WHEN d.message_ids IS NULL OR json_valid(d.message_ids) = 0 THEN '[]' ELSE d.message_ids END
FROM temp.old_deliveries AS d ORDER BY d.id;

-- Newsletter editions follow; a claimed edition may have been mailed, so it counts as sending.
INSERT INTO deliveries
    (sink, schedule_id, recipient_id, channel_id, slot, status, claimed_at, finished_at, error,
     attempts, next_attempt_at, sending, message_ids)
SELECT 'email', NULL, n.recipient_id, NULL, n.slot, n.status, n.claimed_at, n.finished_at, n.error,
       1, NULL, CASE WHEN n.status = 'claimed' THEN 1 ELSE 0 END,
       CASE WHEN n.message_id IS NULL THEN '[]' ELSE json_array(n.message_id) END
FROM temp.old_newsletter AS n ORDER BY n.id;

DROP TABLE temp.old_deliveries;
DROP TABLE temp.old_newsletter;

-- Each round asks for the failed posts whose next attempt has come.
CREATE INDEX deliveries_retry ON deliveries (status, next_attempt_at) WHERE next_attempt_at IS NOT NULL;
-- Restarts ask for the rows left claimed, per sink.
CREATE INDEX deliveries_unfinished ON deliveries (sink, status);
