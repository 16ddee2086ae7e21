-- Sources, articles with their per-source entry keys, stories, the FTS5 index, feeds, schedules, deliveries.
-- Every timestamp is aware UTC written as fixed-width text 'YYYY-MM-DDTHH:MM:SS.ffffffZ', so it sorts.

CREATE TABLE sources (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('feed', 'folder', 'file')),
    name        TEXT NOT NULL,
    location    TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL
);

CREATE TABLE stories (
    id          INTEGER PRIMARY KEY,
    first_seen  TEXT NOT NULL
);

CREATE TABLE articles (
    id              INTEGER PRIMARY KEY,
    source_id       INTEGER NOT NULL REFERENCES sources (id),
    story_id        INTEGER NOT NULL REFERENCES stories (id),
    guid            TEXT,
    url             TEXT,
    canonical_url   TEXT,
    fingerprint     TEXT NOT NULL,
    title           TEXT NOT NULL,
    published       TEXT,          -- ISO date or datetime as the source gave it
    published_sort  TEXT,          -- the same as a UTC timestamp (a date counts as its midnight UTC)
    dateline        TEXT,
    author          TEXT,
    summary         TEXT,
    body            TEXT NOT NULL, -- paragraphs separated by a blank line
    key_points      TEXT NOT NULL, -- JSON list of strings
    arrived_at      TEXT NOT NULL
);
-- Dedup: the same canonical URL or the same content is one article, whatever feed brought it.
CREATE UNIQUE INDEX articles_canonical_url ON articles (canonical_url) WHERE canonical_url IS NOT NULL;
CREATE UNIQUE INDEX articles_fingerprint ON articles (fingerprint);
-- Digest windows select by arrival time.
CREATE INDEX articles_arrived_at ON articles (arrived_at);
CREATE INDEX articles_story ON articles (story_id);
CREATE INDEX articles_source ON articles (source_id);

-- Per source, every stable entry key (GUID, link, title+date, file path) seen, and the article it became.
-- A duplicate from a second source is recorded here too, which is how "also in" knows its sources.
CREATE TABLE entry_keys (
    source_id   INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    key         TEXT NOT NULL,
    article_id  INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    seen_at     TEXT NOT NULL,
    PRIMARY KEY (source_id, key)
) WITHOUT ROWID;
CREATE INDEX entry_keys_article ON entry_keys (article_id);

-- External-content index over articles: the text is stored once, in articles.
CREATE VIRTUAL TABLE articles_fts USING fts5 (
    title, body, key_points,
    content = 'articles',
    content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2'
);

CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, title, body, key_points) VALUES (new.id, new.title, new.body, new.key_points);
END;

CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, body, key_points)
    VALUES ('delete', old.id, old.title, old.body, old.key_points);
END;

CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, body, key_points ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, body, key_points)
    VALUES ('delete', old.id, old.title, old.body, old.key_points);
    INSERT INTO articles_fts (rowid, title, body, key_points) VALUES (new.id, new.title, new.body, new.key_points);
END;

CREATE TABLE feeds (
    id               INTEGER PRIMARY KEY,
    source_id        INTEGER NOT NULL UNIQUE REFERENCES sources (id),
    url              TEXT NOT NULL UNIQUE,
    title            TEXT,
    guild_id         INTEGER,
    channel_id       INTEGER,
    etag             TEXT,
    last_modified    TEXT,
    interval_s       INTEGER NOT NULL DEFAULT 900,
    next_poll_at     TEXT,
    last_success_at  TEXT,
    last_error       TEXT,
    last_error_at    TEXT,
    failures         INTEGER NOT NULL DEFAULT 0,
    paused           INTEGER NOT NULL DEFAULT 0,
    pause_notified   INTEGER NOT NULL DEFAULT 0,
    full_text        INTEGER NOT NULL DEFAULT 0,
    created_at       TEXT NOT NULL
);
-- The poller asks for the feeds that are due.
CREATE INDEX feeds_due ON feeds (paused, next_poll_at);

CREATE TABLE schedules (
    id           INTEGER PRIMARY KEY,
    guild_id     INTEGER,
    channel_id   INTEGER NOT NULL,
    time         TEXT NOT NULL,
    timezone     TEXT NOT NULL,
    topic        TEXT,
    enabled      INTEGER NOT NULL DEFAULT 1,
    last_error   TEXT,
    created_at   TEXT NOT NULL,
    target       TEXT NOT NULL DEFAULT 'discord',
    webhook_url  TEXT,
    UNIQUE (channel_id, target)
);

CREATE TABLE deliveries (
    id           INTEGER PRIMARY KEY,
    schedule_id  INTEGER REFERENCES schedules (id) ON DELETE SET NULL,
    channel_id   INTEGER,
    slot         TEXT NOT NULL,   -- which post this is: the schedule's local date, or 'manual:<uuid>'
    status       TEXT NOT NULL CHECK (status IN ('claimed', 'sent', 'failed', 'skipped')),
    claimed_at   TEXT NOT NULL,
    finished_at  TEXT,
    error        TEXT,
    since        TEXT,
    until        TEXT,
    message_ids  TEXT,
    UNIQUE (schedule_id, slot)
);

-- What a channel last received, so /digest shows what is new since then.
CREATE TABLE channel_state (
    channel_id      INTEGER PRIMARY KEY,
    last_digest_at  TEXT NOT NULL
);
