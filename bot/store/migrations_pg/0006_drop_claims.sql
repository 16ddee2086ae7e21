-- SQLite's 0013_drop_claims, ported: the worker that claimed a drop-folder file, and until when it is its own.
CREATE TABLE drop_claims (
    folder      text NOT NULL,
    name        text NOT NULL,
    worker      text NOT NULL,
    lease_until utc_text NOT NULL,
    PRIMARY KEY (folder, name)
);
CREATE INDEX drop_claims_worker ON drop_claims (worker);
