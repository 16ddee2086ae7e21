-- Webhook schedules (a Discord webhook URL or a Slack incoming webhook) have no Discord channel: channel_id
-- becomes nullable, a webhook URL is unique per target, and each row must name where it posts.
--
-- SQLite cannot relax NOT NULL in place, so the table is rebuilt. Migrations run inside a transaction with
-- foreign keys on, where PRAGMA foreign_keys cannot be switched off; DROP TABLE then runs the ON DELETE SET NULL
-- of deliveries.schedule_id. The links are saved first and put back once the new table has the same ids.

CREATE TEMP TABLE delivery_links AS SELECT id, schedule_id FROM main.deliveries WHERE schedule_id IS NOT NULL;

CREATE TABLE schedules_new (
    id           INTEGER PRIMARY KEY,
    guild_id     INTEGER,
    channel_id   INTEGER,          -- the Discord channel of a 'discord' schedule; NULL for webhooks
    time         TEXT NOT NULL,    -- HH:MM local to timezone
    timezone     TEXT NOT NULL,    -- IANA zone
    topic        TEXT,
    enabled      INTEGER NOT NULL DEFAULT 1,
    last_error   TEXT,
    created_at   TEXT NOT NULL,
    target       TEXT NOT NULL DEFAULT 'discord'
                 CHECK (target IN ('discord', 'discord-webhook', 'slack-webhook')),
    webhook_url  TEXT,             -- a secret: its last part is the token; never shown whole
    CHECK ((target = 'discord' AND channel_id IS NOT NULL) OR (target <> 'discord' AND webhook_url IS NOT NULL)),
    -- NULLs are distinct in a UNIQUE constraint, so webhooks (no channel) and Discord rows (no URL) never clash.
    UNIQUE (channel_id, target),
    UNIQUE (target, webhook_url)
);

INSERT INTO schedules_new
    (id, guild_id, channel_id, time, timezone, topic, enabled, last_error, created_at, target, webhook_url)
SELECT id, guild_id, CASE WHEN target = 'discord' THEN channel_id END, time, timezone, topic, enabled, last_error,
       created_at, target, CASE WHEN target = 'discord' THEN NULL ELSE webhook_url END
FROM schedules;

DROP TABLE schedules;
ALTER TABLE schedules_new RENAME TO schedules;

UPDATE deliveries
SET schedule_id = (SELECT l.schedule_id FROM temp.delivery_links AS l WHERE l.id = deliveries.id)
WHERE id IN (SELECT id FROM temp.delivery_links);

DROP TABLE temp.delivery_links;
