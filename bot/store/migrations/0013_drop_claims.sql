-- Drop-folder files claimed across processes (issue 14): a file (folder, relative name) is read, stored and
-- moved out by the one worker (host:pid:random) whose claim holds it until lease_until. The claim is deleted
-- once the file is archived or quarantined; a claim past its time is free again (its worker died).
CREATE TABLE drop_claims (
    folder      TEXT NOT NULL,
    name        TEXT NOT NULL,
    worker      TEXT NOT NULL,
    lease_until TEXT NOT NULL,
    PRIMARY KEY (folder, name)
);
-- Renewing a worker's claims while it works (the heartbeat) finds them by worker.
CREATE INDEX drop_claims_worker ON drop_claims (worker);
